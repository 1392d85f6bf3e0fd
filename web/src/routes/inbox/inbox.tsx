// Kotak Masuk: every comment, mention and message of the OPD (province roles: of all OPDs), with
// views and their counts, filters in the URL, saved views, bulk actions, keyboard shortcuts, and
// the conversation beside the list (alone on phones). See docs/ui.md#kotak-masuk.
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { listInbox } from '../../api/endpoints.ts';
import { inboxCountsQuery, orgsQuery } from '../../api/queries.ts';
import { CHANNEL_PLATFORMS, INBOX_STATUSES, INTENTS, SENTIMENTS, URGENCIES, type InboxItem, type SessionUser } from '../../api/types.ts';
import { useUser } from '../../auth/session.ts';
import { ComboField, SelectField, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { formatNumber, wibToday } from '../../lib/format.ts';
import { activeFilterCount, listFilters, savableSearch, searchFilters, viewCount, viewOf, VIEWS, type InboxSearch } from '../../lib/inbox.ts';
import { can, isProvinceRole } from '../../lib/permissions.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';
import { useNow } from '../../lib/use-now.ts';
import { RequirePermission } from '../app-layout.tsx';
import { RelativeTime, usePlatformName } from '../channels/shared.tsx';
import { BulkBar } from './bulk.tsx';
import { ConversationPane } from './conversation.tsx';
import { SavedViews } from './saved-views.tsx';
import { InboxStatusBadge, IntentBadge, PlatformLabel, SentimentBadge, UrgencyBadge, useContactName, useKindLabel } from './shared.tsx';
import { ShortcutHelp, useInboxShortcuts } from './shortcuts.tsx';

const route = getRouteApi('/app/kotak-masuk');
const PAGE_SIZE = 30;

export function InboxPage() {
  return (
    <RequirePermission permission="inbox.read">
      <InboxContent />
    </RequirePermission>
  );
}

function InboxContent() {
  const { t } = useTranslation();
  const me = useUser();
  const search = route.useSearch();
  const navigate = useNavigate();
  const narrow = useIsNarrow();
  const view = viewOf(search);
  const filters = useMemo(() => listFilters(search), [search]);
  const base = useMemo(() => searchFilters(search), [search]);
  const canWork = can(me, 'inbox.work');
  const canManageCanned = can(me, 'inbox.manage');

  const list = useInfiniteQuery({
    queryKey: ['inbox', 'list', filters] as const,
    queryFn: ({ pageParam, signal }) => listInbox({ ...filters, cursor: pageParam ?? undefined, limit: PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  // One call: per view, the number of rows its list has with the panel's filters (the server applies the view to both).
  const counts = useQuery(inboxCountsQuery(base));
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [helpOpen, setHelpOpen] = useState(false);
  // Selections of items no longer listed (filters changed, item moved away) are dropped.
  useEffect(() => {
    setSelected((prev) => {
      const ids = new Set(items.map((i) => i.id));
      const next = new Set([...prev].filter((id) => ids.has(id)));
      return next.size === prev.size ? prev : next;
    });
  }, [items]);

  const open = useCallback(
    (id: string | undefined) => void navigate({ to: '/kotak-masuk', search: (prev: InboxSearch) => ({ ...prev, pesan: id }), resetScroll: narrow }),
    [navigate, narrow],
  );
  useInboxShortcuts({ items, openId: search.pesan, me, canWork, onHelp: () => setHelpOpen(true), onOpen: open });

  const conversation = search.pesan ? <ConversationPane key={search.pesan} id={search.pesan} showBack={narrow} me={me} onLeave={() => open(undefined)} /> : null;

  return (
    <Page
      title={t('inbox.title')}
      intro={me.orgKind === 'province' ? t('inbox.introProvince') : t('inbox.intro', { org: me.orgName })}
      width="wide"
      actions={
        <>
          <Link to="/kotak-masuk/jawaban" search={{}} className="btn btn--secondary">
            {canManageCanned ? t('inbox.canned.manageLink') : t('inbox.canned.viewLink')}
          </Link>
          {can(me, 'inbox.triage') ? (
            <Link to="/kotak-masuk/aturan" className="btn btn--secondary">
              {t('rules.link')}
            </Link>
          ) : null}
          {!narrow ? (
            <Button className="btn btn--ghost" onPress={() => setHelpOpen(true)}>
              {t('inbox.shortcuts.button')}
            </Button>
          ) : null}
        </>
      }
    >
      <ShortcutHelp isOpen={helpOpen} onOpenChange={setHelpOpen} />
      {narrow && search.pesan ? (
        conversation
      ) : (
        <div className="inbox">
          <ViewNav search={search} narrow={narrow} counts={(view) => viewCount(view, counts.data)} />
          <div className="inbox__toolbar">
            <Toolbar search={search} me={me} />
          </div>
          <div className="inbox__list-pane">
            {!narrow ? (
              <a className="skip-link skip-link--inline" href="#conversation">
                {t('inbox.skipToConversation')}
              </a>
            ) : null}
            <p className="results-count" role="status">
              {list.data ? t('inbox.showing', { count: items.length }) : ''}
            </p>
            {canWork && items.length > 0 ? <BulkBar items={items} selected={selected} setSelected={setSelected} me={me} /> : null}
            {list.isPending ? (
              <Loading />
            ) : list.isError && items.length === 0 ? (
              <ErrorState error={list.error} onRetry={() => void list.refetch()} />
            ) : items.length === 0 ? (
              <EmptyState>{activeFilterCount(search) > 0 || search.q ? t('inbox.emptyFiltered') : t(`inbox.empty.${view}`)}</EmptyState>
            ) : (
              <>
                <InboxList items={items} search={search} me={me} selectable={canWork} selected={selected} setSelected={setSelected} />
                {list.isFetchNextPageError ? <ErrorState error={list.error} /> : null}
                <div className="load-more">
                  {list.hasNextPage ? (
                    <PendingButton className="btn btn--secondary" onPress={() => void list.fetchNextPage()} isPending={list.isFetchingNextPage}>
                      {list.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
                    </PendingButton>
                  ) : (
                    <p className="muted small">{t('inbox.end')}</p>
                  )}
                </div>
              </>
            )}
          </div>
          {!narrow ? (
            <section className="inbox__reader card" id="conversation" tabIndex={-1} aria-label={t('inbox.conversation.region')}>
              {conversation ?? <p className="muted inbox__placeholder">{t('inbox.selectPrompt')}</p>}
            </section>
          ) : null}
        </div>
      )}
    </Page>
  );
}

function ViewNav({ search, counts, narrow }: { search: InboxSearch; counts: (view: (typeof VIEWS)[number]) => number | null; narrow: boolean }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const current = viewOf(search);
  // Phones: one select instead of eight pills, so that the list starts on the first screen.
  if (narrow) {
    return (
      <nav className="inbox-views" aria-label={t('inbox.views.label')}>
        <SelectField
          label={t('inbox.views.select')}
          items={VIEWS.map((v) => {
            const n = counts(v);
            return { id: v, label: n === null ? t(`inbox.views.${v}`) : `${t(`inbox.views.${v}`)} (${formatNumber(n, i18n.language)})` };
          })}
          value={current}
          onChange={(v) => void navigate({ to: '/kotak-masuk', search: (prev: InboxSearch) => ({ ...prev, tampilan: v === 'semua' ? undefined : v }) })}
          description={t('inbox.views.countNote')}
        />
      </nav>
    );
  }
  return (
    <nav className="inbox-views" aria-label={t('inbox.views.label')}>
      <ul className="inbox-views__list">
        {VIEWS.map((v) => {
          const n = counts(v);
          return (
            <li key={v}>
              <Link
                to="/kotak-masuk"
                search={(prev: InboxSearch) => ({ ...prev, tampilan: v === 'semua' ? undefined : v })}
                className={`inbox-view${v === current ? ' is-active' : ''}`}
                aria-current={v === current ? 'page' : undefined}
              >
                <span className="inbox-view__label">{t(`inbox.views.${v}`)}</span>
                {n !== null ? <span className="inbox-view__count">{formatNumber(n, i18n.language)}</span> : null}
              </Link>
            </li>
          );
        })}
      </ul>
      <p className="inbox-views__note">{t('inbox.views.countNote')}</p>
    </nav>
  );
}

function Toolbar({ search, me }: { search: InboxSearch; me: SessionUser }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  const debouncedQ = useDebounced(q.trim(), 400);
  const [filtersOpen, setFiltersOpen] = useState(() => activeFilterCount(search) > 0);
  const n = activeFilterCount(search);

  useEffect(() => {
    if ((search.q ?? '') !== debouncedQ) void navigate({ to: '/kotak-masuk', search: (prev: InboxSearch) => ({ ...prev, q: debouncedQ || undefined }), replace: true });
  }, [debouncedQ, search.q, navigate]);
  // A saved view or the back button changes q from outside: show it.
  const lastQ = useRef(search.q);
  useEffect(() => {
    if (search.q !== lastQ.current) {
      lastQ.current = search.q;
      if ((search.q ?? '') !== q.trim()) setQ(search.q ?? '');
    }
  }, [search.q]);

  return (
    <>
      <search className="inbox-toolbar" aria-label={t('inbox.searchRegion')}>
        <TextInput label={t('inbox.search')} name="q" type="search" value={q} onChange={setQ} description={t('inbox.searchHint')} className="inbox-toolbar__search" />
        <div className="inbox-toolbar__buttons">
          <Button className="btn btn--secondary btn--small" aria-expanded={filtersOpen} aria-controls="inbox-filters" onPress={() => setFiltersOpen((v) => !v)}>
            {n > 0 ? t('inbox.filtersCount', { count: n }) : t('common.filters')}
            <span aria-hidden="true">{filtersOpen ? '▴' : '▾'}</span>
          </Button>
          <SavedViews search={search} />
        </div>
      </search>
      <div id="inbox-filters" hidden={!filtersOpen}>
        {filtersOpen ? <FilterPanel search={search} me={me} /> : null}
      </div>
    </>
  );
}

function FilterPanel({ search, me }: { search: InboxSearch; me: SessionUser }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const platformName = usePlatformName();
  const province = isProvinceRole(me.role);
  const orgs = useQuery({ ...orgsQuery({}), enabled: province });
  const today = wibToday();
  const set = (key: keyof InboxSearch) => (value: string | null) =>
    void navigate({ to: '/kotak-masuk', search: (prev: InboxSearch) => ({ ...prev, [key]: value && value !== 'all' ? value : undefined }), replace: true });
  const all = (label: string) => ({ id: 'all', label });
  const rangeInvalid = !!(search.dari && search.sampai && search.dari > search.sampai);
  return (
    <div className="inbox-filters filters--panel" role="group" aria-label={t('common.filters')}>
      <SelectField label={t('inbox.filter.platform')} items={[all(t('inbox.filter.allPlatforms')), ...CHANNEL_PLATFORMS.map((p) => ({ id: p, label: platformName(p) }))]} value={search.kanal ?? 'all'} onChange={set('kanal')} />
      <SelectField label={t('inbox.filter.intent')} items={[all(t('inbox.filter.allIntents')), ...INTENTS.map((i) => ({ id: i, label: t(`inbox.intent.${i}`) }))]} value={search.jenis ?? 'all'} onChange={set('jenis')} />
      <SelectField label={t('inbox.filter.sentiment')} items={[all(t('inbox.filter.allSentiments')), ...SENTIMENTS.map((s) => ({ id: s, label: t(`inbox.sentiment.${s}`) }))]} value={search.sentimen ?? 'all'} onChange={set('sentimen')} />
      <SelectField label={t('inbox.filter.urgency')} items={[all(t('inbox.filter.allUrgencies')), ...URGENCIES.map((u) => ({ id: u, label: t(`inbox.urgency.${u}`) }))]} value={search.urgensi ?? 'all'} onChange={set('urgensi')} />
      <SelectField label={t('inbox.filter.status')} items={[all(t('inbox.filter.allStatuses')), ...INBOX_STATUSES.map((s) => ({ id: s, label: t(`inbox.status.${s}`) }))]} value={search.status ?? 'all'} onChange={set('status')} />
      {province ? (
        <ComboField label={t('inbox.filter.org')} items={[all(t('users.allOrgs')), ...(orgs.data?.items ?? []).map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` }))]} value={search.opd ?? 'all'} onChange={set('opd')} />
      ) : null}
      <TextInput label={t('inbox.filter.from')} name="dari" type="date" value={search.dari ?? ''} onChange={set('dari')} description={t('audit.dateHint')} max={today} />
      <TextInput
        label={t('inbox.filter.to')}
        name="sampai"
        type="date"
        value={search.sampai ?? ''}
        onChange={set('sampai')}
        description={rangeInvalid ? t('audit.rangeInvalid') : t('audit.dateHint')}
        max={today}
      />
      {activeFilterCount(search) > 0 ? (
        <div className="filters__buttons">
          <Button
            className="btn btn--ghost"
            onPress={() => void navigate({ to: '/kotak-masuk', search: (prev: InboxSearch) => ({ pesan: prev.pesan, tampilan: prev.tampilan, q: prev.q }), replace: true })}
          >
            {t('common.clearFilters')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

type ListProps = {
  items: InboxItem[];
  search: InboxSearch;
  me: SessionUser;
  selectable: boolean;
  selected: Set<string>;
  setSelected: (fn: (prev: Set<string>) => Set<string>) => void;
};

function InboxList({ items, search, me, selectable, selected, setSelected }: ListProps) {
  const { t } = useTranslation();
  const now = useNow();
  return (
    <ul className="inbox-list" aria-label={t('inbox.listLabel')}>
      {items.map((item) => (
        <ListItem
          key={item.id}
          item={item}
          search={search}
          now={now}
          showOrg={me.orgKind === 'province'}
          selectable={selectable}
          isSelected={selected.has(item.id)}
          onSelect={(v) =>
            setSelected((prev) => {
              const next = new Set(prev);
              if (v) next.add(item.id);
              else next.delete(item.id);
              return next;
            })
          }
        />
      ))}
    </ul>
  );
}

function ListItem({
  item,
  search,
  now,
  showOrg,
  selectable,
  isSelected,
  onSelect,
}: {
  item: InboxItem;
  search: InboxSearch;
  now: Date;
  showOrg: boolean;
  selectable: boolean;
  isSelected: boolean;
  onSelect: (v: boolean) => void;
}) {
  const { t } = useTranslation();
  const kindLabel = useKindLabel();
  const contactName = useContactName();
  const narrow = useIsNarrow();
  const current = search.pesan === item.id;
  const who = contactName(item);
  return (
    <li className={`inbox-item${current ? ' is-current' : ''}${isSelected ? ' is-checked' : ''}`}>
      {selectable ? (
        <Checkbox className="checkbox inbox-item__check" isSelected={isSelected} onChange={onSelect}>
          <span className="checkbox__box" aria-hidden="true" />
          <span className="visually-hidden">{t('inbox.bulk.selectItem', { who, text: item.text.slice(0, 60) })}</span>
        </Checkbox>
      ) : null}
      <Link
        to="/kotak-masuk"
        search={{ ...savableSearch(search), pesan: item.id }}
        className="inbox-item__link"
        // Desktop: the conversation opens beside the list, which keeps its scroll position.
        resetScroll={narrow}
        data-inbox-item={item.id}
        aria-current={current ? 'true' : undefined}
      >
        <span className="inbox-item__head">
          <PlatformLabel platform={item.platform} />
          {item.accountName ? (
            <span className="inbox-item__account">
              <span className="visually-hidden">{t('inbox.account')}: </span>
              {item.accountName}
            </span>
          ) : null}
        </span>
        <span className="inbox-item__who">
          <span className="inbox-item__name">{who}</span>
          <span className="inbox-item__kind"> · {kindLabel(item.kind)}</span>
          {showOrg ? <span className="code small"> · {item.orgCode}</span> : null}
        </span>
        {/* Citizens' text is data: rendered as text, never as HTML. */}
        <span className="inbox-item__text">{item.text || t('inbox.noText')}</span>
        <span className="inbox-item__badges">
          <IntentBadge intent={item.intent} />
          <UrgencyBadge urgency={item.urgency} />
          <SentimentBadge sentiment={item.sentiment} />
          {item.status !== 'open' ? <InboxStatusBadge status={item.status} /> : null}
          {item.edited ? <span className="badge">{t('inbox.edited')}</span> : null}
        </span>
        {item.triage ? (
          <span className="inbox-item__triage">
            {t('inbox.triageLabel')}: {item.triageReason ?? t('inbox.triageNoReason')}
          </span>
        ) : null}
        <span className="inbox-item__foot">
          <span className="inbox-item__assignee">{item.assignee ? t('inbox.assignedTo', { name: item.assignee.name ?? '—' }) : t('inbox.unassigned')}</span>
          <span className="inbox-item__time">
            <RelativeTime value={item.occurredAt ?? item.receivedAt} now={now} />
          </span>
        </span>
      </Link>
    </li>
  );
}
