import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listPosts, POST_STATUSES, type PostFilters } from '../../api/publishing.ts';
import { orgsQuery } from '../../api/queries.ts';
import { useUser } from '../../auth/session.ts';
import { DateTime } from '../../components/date-time.tsx';
import { SelectField, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { can, isProvinceRole } from '../../lib/permissions.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { Forbidden } from '../app-layout.tsx';
import { PlatformLabel } from '../inbox/shared.tsx';
import { CalendarView } from './calendar.tsx';
import { PostStatusBadge, PublishingNav, useCategoryLabel } from './shared.tsx';

/** tampilan: list (default) or kalender; kal/tgl: the calendar's view and day; the rest filter the list. */
export type PublishingSearch = { tampilan?: string; status?: string; opd?: string; q?: string; kal?: string; tgl?: string };

/** The router marks a link current only when its search matches exactly (list and calendar share the path). */
const EXACT = { exact: true, includeSearch: true, explicitUndefined: true } as const;

/** /publikasi: the OPD's posts as a list or a calendar. */
export function PublishingPage() {
  const user = useUser();
  if (!can(user, 'publishing.read')) return <Forbidden />;
  return <Posts />;
}

function Posts() {
  const { t } = useTranslation();
  const user = useUser();
  const search = useSearch({ from: '/app/publikasi' });
  const navigate = useNavigate();
  const set = (patch: Partial<PublishingSearch>) => void navigate({ to: '/publikasi', search: (prev: PublishingSearch) => ({ ...prev, ...patch }), replace: true });
  const province = isProvinceRole(user.role);
  const orgs = useQuery({ ...orgsQuery({}), enabled: province });
  const calendar = search.tampilan === 'kalender';

  return (
    <Page
      title={t('publishing.title')}
      intro={t('publishing.intro')}
      width="wide"
      actions={
        can(user, 'publishing.write') ? (
          <Link to="/publikasi/$postId" params={{ postId: 'baru' }} className="btn btn--primary">
            {t('publishing.compose')}
          </Link>
        ) : null
      }
    >
      <PublishingNav current="posts" />
      <div className="pub-toolbar">
        <div className="segmented" role="group" aria-label={t('publishing.viewLabel')}>
          <Link to="/publikasi" search={(prev: PublishingSearch) => ({ ...prev, tampilan: undefined })} activeOptions={EXACT} className="segmented__item" aria-current={!calendar ? 'page' : undefined}>
            {t('publishing.viewList')}
          </Link>
          <Link to="/publikasi" search={(prev: PublishingSearch) => ({ ...prev, tampilan: 'kalender' })} activeOptions={EXACT} className="segmented__item" aria-current={calendar ? 'page' : undefined}>
            {t('publishing.viewCalendar')}
          </Link>
        </div>
        {province ? (
          <SelectField
            label={t('publishing.filters.org')}
            className="pub-toolbar__org"
            items={[{ id: 'all', label: t('common.all') }, ...(orgs.data?.items ?? []).map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` }))]}
            value={search.opd ?? 'all'}
            onChange={(v) => set({ opd: v === 'all' ? undefined : v })}
          />
        ) : null}
      </div>
      {calendar ? <CalendarView search={search} onChange={set} /> : <PostList search={search} onChange={set} />}
    </Page>
  );
}

function PostList({ search, onChange }: { search: PublishingSearch; onChange: (p: Partial<PublishingSearch>) => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const category = useCategoryLabel();
  const [q, setQ] = useState(search.q ?? '');
  const debounced = useDebounced(q, 350);
  useEffect(() => {
    if ((debounced.trim() || undefined) !== search.q) onChange({ q: debounced.trim() || undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  const filters: PostFilters = { orgId: search.opd, status: search.status, q: search.q };
  const list = useInfiniteQuery({
    queryKey: ['publishing', 'posts', filters] as const,
    queryFn: ({ pageParam, signal }) => listPosts({ ...filters, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const province = isProvinceRole(user.role);

  return (
    <>
      <search className="filters filters--panel" aria-label={t('common.filters')}>
        <TextInput label={t('publishing.filters.search')} name="q" type="search" value={q} onChange={setQ} className="filters__grow" />
        <SelectField
          label={t('publishing.filters.status')}
          items={[{ id: 'all', label: t('common.all') }, ...POST_STATUSES.map((s) => ({ id: s, label: t(`publishing.status.${s}`) }))]}
          value={search.status ?? 'all'}
          onChange={(v) => onChange({ status: v === 'all' ? undefined : v })}
        />
      </search>
      <p className="results-count" role="status">
        {list.data ? t('publishing.shown', { count: items.length }) : ''}
      </p>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && items.length === 0 ? <EmptyState>{t('publishing.empty')}</EmptyState> : null}
      {items.length ? (
        <ul className="post-list" aria-label={t('publishing.listLabel')}>
          {items.map((p) => (
            <li key={p.id} className="post-list__item">
              <Link to="/publikasi/$postId" params={{ postId: p.id }} className="post-list__link" data-post-item={p.id}>
                {p.title || t('publishing.untitled')}
              </Link>
              <p className="post-list__meta">
                <PostStatusBadge status={p.status} />
                {province ? <span>{p.orgCode}</span> : null}
                <span>{category(p.category)}</span>
                {p.publishedAt ? (
                  <span>
                    {t('publishing.publishedAt')} <DateTime value={p.publishedAt} />
                  </span>
                ) : p.scheduledAt ? (
                  <span>
                    {t('publishing.scheduledFor')} <DateTime value={p.scheduledAt} />
                  </span>
                ) : (
                  <span>{t('publishing.notScheduled')}</span>
                )}
                {p.createdByName ? <span>{t('publishing.by', { name: p.createdByName })}</span> : null}
              </p>
              {p.channels.length ? (
                <ul className="post-list__channels" aria-label={t('publishing.channelsOf')}>
                  {p.channels.map((c) => (c.platform ? <li key={c.accountId}><PlatformLabel platform={c.platform} /></li> : null))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {list.hasNextPage ? (
        <PendingButton className="btn btn--secondary" isPending={list.isFetchingNextPage} onPress={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
        </PendingButton>
      ) : null}
    </>
  );
}
