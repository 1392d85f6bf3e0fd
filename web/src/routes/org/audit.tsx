import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { listAudit, type AuditFilters } from '../../api/endpoints.ts';
import { orgsQuery, usersQuery } from '../../api/queries.ts';
import type { AuditEntry } from '../../api/types.ts';
import { useUser } from '../../auth/session.ts';
import { DateTime } from '../../components/date-time.tsx';
import { ComboField, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { prettyJson, wibToday } from '../../lib/format.ts';
import { can } from '../../lib/permissions.ts';
import type { AuditSearch } from '../../router.tsx';
import { RequirePermission } from '../app-layout.tsx';
import { Email } from '../../components/email.tsx';
import { PendingButton } from '../../components/pending-button.tsx';

const route = getRouteApi('/app/audit');
const PAGE_SIZE = 50;

function toFilters(s: AuditSearch): AuditFilters {
  return {
    actorId: s.pelaku,
    action: s.aksi,
    orgId: s.opd,
    targetType: s.target,
    // Calendar days in WIB; the server bounds them (from 00.00 WIB, to the end of that day).
    from: s.dari,
    to: s.sampai,
  };
}

function Entry({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const hasChanges = entry.before !== null || entry.after !== null;
  return (
    <li className="audit-entry">
      <div className="audit-entry__head">
        <span className="code audit-entry__action">{entry.action}</span>
        <DateTime value={entry.at} />
      </div>
      <dl className="audit-entry__meta">
        <div>
          <dt>{t('audit.actor')}</dt>
          <dd>
            {entry.actorName ?? entry.actorEmail ?? t('audit.system')}
            {entry.actorName && entry.actorEmail ? <span className="muted small block"><Email value={entry.actorEmail} /></span> : null}
          </dd>
        </div>
        <div>
          <dt>{t('audit.org')}</dt>
          <dd>
            {entry.orgId && entry.orgCode ? (
              <Link to="/opd/$orgId" params={{ orgId: entry.orgId }} className="code">
                {entry.orgCode}
              </Link>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>{t('audit.target')}</dt>
          <dd className="break">
            {entry.targetType ?? '—'}
            {entry.targetId ? <span className="muted small block code">{entry.targetId}</span> : null}
          </dd>
        </div>
        {entry.ip || entry.requestId ? (
          <div>
            <dt>{t('audit.request')}</dt>
            <dd className="small">
              {entry.ip ? (
                <span className="block">
                  <span className="visually-hidden">{t('audit.ip')}: </span>
                  <span className="code">{entry.ip}</span>
                </span>
              ) : null}
              {entry.requestId ? (
                <span className="block muted code break">
                  <span className="visually-hidden">{t('audit.requestId')}: </span>
                  {entry.requestId}
                </span>
              ) : null}
            </dd>
          </div>
        ) : null}
      </dl>
      {hasChanges ? (
        <details className="disclosure">
          <summary>{t('audit.changes')}</summary>
          <div className="diff">
            <section>
              <h3 className="diff__title">{t('audit.before')}</h3>
              <pre className="json">{prettyJson(entry.before)}</pre>
            </section>
            <section>
              <h3 className="diff__title">{t('audit.after')}</h3>
              <pre className="json">{prettyJson(entry.after)}</pre>
            </section>
          </div>
        </details>
      ) : null}
    </li>
  );
}

function AuditFiltersForm({ search }: { search: AuditSearch }) {
  const { t } = useTranslation();
  const me = useUser();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<AuditSearch>(search);
  useEffect(() => setDraft(search), [search]);
  const users = useQuery({ ...usersQuery({}), enabled: can(me, 'users.read') });
  const orgs = useQuery(orgsQuery({}));
  const set = (key: keyof AuditSearch) => (value: string | null) => setDraft((d) => ({ ...d, [key]: value && value !== 'all' ? value : undefined }));
  const rangeInvalid = !!(draft.dari && draft.sampai && draft.dari > draft.sampai);
  const today = wibToday();

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (rangeInvalid) return;
    const clean = Object.fromEntries(Object.entries(draft).filter(([, v]) => v)) as AuditSearch;
    void navigate({ to: '/audit', search: clean });
  };

  return (
    <Form className="filters filters--panel" onSubmit={onSubmit} aria-label={t('common.filters')} role="search">
      {can(me, 'users.read') ? (
        <ComboField
          label={t('audit.actor')}
          items={[{ id: 'all', label: t('audit.allActors') }, ...(users.data?.items ?? []).map((u) => ({ id: u.id, label: `${u.name} (${u.email})` }))]}
          value={draft.pelaku ?? 'all'}
          onChange={set('pelaku')}
        />
      ) : null}
      <TextInput label={t('audit.action')} name="aksi" value={draft.aksi ?? ''} onChange={set('aksi')} description={t('audit.actionHint')} />
      <ComboField
        label={t('audit.org')}
        items={[{ id: 'all', label: t('users.allOrgs') }, ...(orgs.data?.items ?? []).map((o) => ({ id: o.id, label: `${o.code} · ${o.name}` }))]}
        value={draft.opd ?? 'all'}
        onChange={set('opd')}
      />
      <TextInput label={t('audit.targetType')} name="target" value={draft.target ?? ''} onChange={set('target')} description={t('audit.targetTypeHint')} />
      <TextInput label={t('audit.from')} name="dari" type="date" value={draft.dari ?? ''} onChange={set('dari')} description={t('audit.dateHint')} max={today} />
      <TextInput
        label={t('audit.to')}
        name="sampai"
        type="date"
        value={draft.sampai ?? ''}
        onChange={set('sampai')}
        description={t('audit.dateHint')}
        max={today}
        validate={() => (rangeInvalid ? t('audit.rangeInvalid') : null)}
      />
      <div className="filters__buttons">
        <Button type="submit" className="btn btn--primary">
          {t('common.applyFilters')}
        </Button>
        {Object.values(search).some(Boolean) ? (
          <Button className="btn btn--ghost" onPress={() => void navigate({ to: '/audit', search: {} })}>
            {t('common.clearFilters')}
          </Button>
        ) : null}
      </div>
    </Form>
  );
}

function AuditContent() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const filters = toFilters(search);
  const query = useInfiniteQuery({
    queryKey: ['audit', filters] as const,
    queryFn: ({ pageParam, signal }) => listAudit({ ...filters, cursor: pageParam ?? undefined, limit: PAGE_SIZE }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Page title={t('audit.title')} intro={t('audit.intro')} width="wide">
      <AuditFiltersForm search={search} />
      <p className="results-count" role="status">
        {query.data ? t('common.showing', { count: entries.length }) : ''}
      </p>
      {query.isPending ? (
        <Loading />
      ) : query.isError && entries.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState>{t('audit.empty')}</EmptyState>
      ) : (
        <>
          <ol className="audit-list" aria-label={t('audit.listLabel')}>
            {entries.map((e) => (
              <Entry key={e.id} entry={e} />
            ))}
          </ol>
          {query.isFetchNextPageError ? <ErrorState error={query.error} /> : null}
          <div className="load-more">
            {query.hasNextPage ? (
              <PendingButton className="btn btn--secondary" onPress={() => void query.fetchNextPage()} isPending={query.isFetchingNextPage}>
                {query.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
              </PendingButton>
            ) : (
              <p className="muted">{t('audit.end')}</p>
            )}
          </div>
        </>
      )}
    </Page>
  );
}

export function AuditPage() {
  return (
    <RequirePermission permission="audit.read">
      <AuditContent />
    </RequirePermission>
  );
}
