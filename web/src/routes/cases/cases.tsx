import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, caseCategoriesQuery, caseCountsQuery, listCases, type CaseFilters, type CaseItem } from '../../api/cases.ts';
import { orgsQuery } from '../../api/queries.ts';
import { useUser } from '../../auth/session.ts';
import { DateTime } from '../../components/date-time.tsx';
import { SelectField, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { formatNumber } from '../../lib/format.ts';
import { can, isProvinceRole } from '../../lib/permissions.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';
import { Forbidden } from '../app-layout.tsx';
import { CaseStatusBadge, DeadlineText, nextDeadline, useStatusLabel } from './shared.tsx';

export type CasesSearch = { status?: string; opd?: string; kategori?: string; terlambat?: string; segera?: string; q?: string };

function toFilters(s: CasesSearch): CaseFilters {
  return { status: s.status, orgId: s.opd, category: s.kategori, overdue: s.terlambat === 'ya' ? 'true' : undefined, dueSoon: s.segera === 'ya' ? 'true' : undefined, q: s.q };
}

/** /aduan: complaint cases with filters and counts. */
export function CasesPage() {
  const user = useUser();
  if (!can(user, 'cases.read')) return <Forbidden />;
  return <CasesList />;
}

function CasesList() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const search = useSearch({ from: '/app/aduan' });
  const navigate = useNavigate();
  const statusLabel = useStatusLabel();
  const set = (patch: Partial<CasesSearch>) => void navigate({ to: '/aduan', search: (prev: CasesSearch) => ({ ...prev, ...patch }), replace: true });
  const [q, setQ] = useState(search.q ?? '');
  const debounced = useDebounced(q, 350);
  useEffect(() => {
    if ((debounced.trim() || undefined) !== search.q) set({ q: debounced.trim() || undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const filters = toFilters(search);
  const province = isProvinceRole(user.role);
  const orgs = useQuery({ ...orgsQuery({}), enabled: province });
  const categories = useQuery(caseCategoriesQuery());
  const counts = useQuery(caseCountsQuery(filters));
  const list = useInfiniteQuery({
    queryKey: ['cases', 'list', filters] as const,
    queryFn: ({ pageParam, signal }) => listCases({ ...filters, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const n = (v: number) => formatNumber(v, i18n.language);
  const narrow = useIsNarrow();

  return (
    <Page title={t('cases.title')} intro={t('cases.intro')} width="wide">
      <search className="filters filters--panel" aria-label={t('common.filters')}>
        <TextInput label={t('cases.filters.search')} name="q" type="search" value={q} onChange={setQ} description={t('cases.filters.searchHint')} className="filters__grow" />
        <SelectField
          label={t('cases.filters.status')}
          items={[{ id: 'all', label: t('common.all') }, ...CASE_STATUSES.map((s) => ({ id: s, label: statusLabel(s) }))]}
          value={search.status ?? 'all'}
          onChange={(v) => set({ status: v === 'all' ? undefined : v })}
        />
        {province ? (
          <SelectField
            label={t('cases.filters.org')}
            items={[{ id: 'all', label: t('common.all') }, ...(orgs.data?.items ?? []).map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` }))]}
            value={search.opd ?? 'all'}
            onChange={(v) => set({ opd: v === 'all' ? undefined : v })}
          />
        ) : null}
        <SelectField
          label={t('cases.filters.category')}
          items={[{ id: 'all', label: t('common.all') }, ...(categories.data?.items ?? []).map((c) => ({ id: c.code, label: c.name }))]}
          value={search.kategori ?? 'all'}
          onChange={(v) => set({ kategori: v === 'all' ? undefined : v })}
        />
        <div className="filters__check">
          <Checkbox className="checkbox" isSelected={search.terlambat === 'ya'} onChange={(v) => set({ terlambat: v ? 'ya' : undefined })}>
            <span className="checkbox__box" aria-hidden="true" />
            <span className="checkbox__label">{t('cases.filters.overdue')}</span>
          </Checkbox>
          <Checkbox className="checkbox" isSelected={search.segera === 'ya'} onChange={(v) => set({ segera: v ? 'ya' : undefined })}>
            <span className="checkbox__box" aria-hidden="true" />
            <span className="checkbox__label">{t('cases.filters.dueSoon')}</span>
          </Checkbox>
        </div>
      </search>
      <p className="results-count" role="status">
        {counts.data ? t('cases.counts', { total: n(counts.data.total), active: n(counts.data.active), overdue: n(counts.data.overdue), onHold: n(counts.data.onHold) }) : ''}
      </p>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && items.length === 0 ? <EmptyState>{t('cases.empty')}</EmptyState> : null}
      {/* One structure at a time: a table on wider screens, cards on phones (docs/ui.md). */}
      {items.length ? narrow ? <CaseCards items={items} /> : <CaseTable items={items} /> : null}
      {list.hasNextPage ? (
        <PendingButton className="btn btn--secondary" isPending={list.isFetchingNextPage} onPress={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
        </PendingButton>
      ) : null}
    </Page>
  );
}

function CaseCards({ items }: { items: CaseItem[] }) {
  const { t } = useTranslation();
  return (
    <ul className="case-list" aria-label={t('cases.listLabel')}>
      {items.map((c) => {
        const next = nextDeadline(c);
        return (
          <li key={c.id} className="case-list__item">
            <Link to="/aduan/$caseId" params={{ caseId: c.id }} className="case-list__link" data-case-item={c.id}>
              <span className="case-list__code">{c.code}</span> <span className="case-list__title">{c.title}</span>
            </Link>
            <p className="case-list__meta">
              <CaseStatusBadge status={c.status} />
              {c.confidential ? <span className="badge badge--warning">{t('cases.confidential')}</span> : null}
              {c.anonymous ? <span className="badge">{t('cases.anonymous')}</span> : null}
              <span>{c.org.code}</span>
              <span>{c.category?.name ?? t('cases.noCategory')}</span>
              <span>
                {t('cases.received')} <DateTime value={c.receivedAt} />
              </span>
            </p>
            {next ? (
              <p className="case-list__deadline">
                {t(`cases.deadline.${next.key}`)}: <DeadlineText d={next.d} />
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function CaseTable({ items }: { items: CaseItem[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table case-table">
        <caption className="visually-hidden">{t('cases.listLabel')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('cases.table.case')}</th>
            <th scope="col">{t('cases.filters.status')}</th>
            <th scope="col">{t('cases.org')}</th>
            <th scope="col">{t('cases.category')}</th>
            <th scope="col">{t('cases.received')}</th>
            <th scope="col">{t('cases.table.deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => {
            const next = nextDeadline(c);
            return (
              <tr key={c.id}>
                <th scope="row" className="case-table__case">
                  <Link to="/aduan/$caseId" params={{ caseId: c.id }} className="case-list__link" data-case-item={c.id}>
                    <span className="case-list__code">{c.code}</span> <span className="case-list__title">{c.title}</span>
                  </Link>
                </th>
                <td>
                  <span className="case-table__badges">
                    <CaseStatusBadge status={c.status} />
                    {c.confidential ? <span className="badge badge--warning">{t('cases.confidential')}</span> : null}
                    {c.anonymous ? <span className="badge">{t('cases.anonymous')}</span> : null}
                  </span>
                </td>
                <td className="code">{c.org.code}</td>
                <td>{c.category?.name ?? t('cases.noCategory')}</td>
                <td>
                  <DateTime value={c.receivedAt} />
                </td>
                <td>
                  {next ? (
                    <>
                      <span className="block small muted">{t(`cases.deadline.${next.key}`)}</span>
                      <DeadlineText d={next.d} />
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
