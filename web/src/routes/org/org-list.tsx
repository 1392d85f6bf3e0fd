import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORG_KINDS, type Org } from '../../api/types.ts';
import { orgsQuery } from '../../api/queries.ts';
import { SelectField, TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { formatNumber } from '../../lib/format.ts';
import { externalUrl } from '../../lib/permissions.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';

const route = getRouteApi('/app/opd');

function UserCount({ org }: { org: Org }) {
  const { t, i18n } = useTranslation();
  if (org.userCount === null) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('orgs.userCountHidden')}</span>
      </>
    );
  }
  return <>{formatNumber(org.userCount, i18n.language)}</>;
}

export function Website({ value }: { value: string | null }) {
  const { t } = useTranslation();
  const href = externalUrl(value);
  if (!value || !href) return <>—</>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className="external-link">
      {value.replace(/^https?:\/\//, '').replace(/\/$/, '')}
      <span className="visually-hidden"> {t('orgs.externalLink')}</span>
    </a>
  );
}

function OrgTable({ items }: { items: Org[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('orgs.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('orgs.code')}</th>
            <th scope="col">{t('orgs.name')}</th>
            <th scope="col">{t('orgs.kind')}</th>
            <th scope="col" className="num">
              {t('orgs.users')}
            </th>
            <th scope="col">{t('orgs.website')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((org) => (
            <tr key={org.id}>
              <td>
                <span className="code">{org.code}</span>
              </td>
              <th scope="row" className="table__primary">
                <Link to="/opd/$orgId" params={{ orgId: org.id }}>
                  {org.name}
                </Link>
                {org.aliases.length ? <span className="muted small block">{org.aliases.join(' · ')}</span> : null}
                {!org.active ? <span className="badge badge--status-deactivated">{t('orgs.inactive')}</span> : null}
              </th>
              <td className="nowrap">{t(`kinds.${org.kind}`)}</td>
              <td className="num">
                <UserCount org={org} />
              </td>
              <td>
                <Website value={org.website} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OrgCards({ items }: { items: Org[] }) {
  const { t } = useTranslation();
  return (
    <ul className="card-list" aria-label={t('orgs.tableCaption')}>
      {items.map((org) => (
        <li key={org.id} className="card card--item">
          <h2 className="card__title">
            <Link to="/opd/$orgId" params={{ orgId: org.id }}>
              {org.name}
            </Link>
          </h2>
          <dl className="card__meta">
            <div>
              <dt>{t('orgs.code')}</dt>
              <dd className="code">{org.code}</dd>
            </div>
            <div>
              <dt>{t('orgs.kind')}</dt>
              <dd>{t(`kinds.${org.kind}`)}</dd>
            </div>
            {org.userCount !== null ? (
              <div>
                <dt>{t('orgs.users')}</dt>
                <dd>
                  <UserCount org={org} />
                </dd>
              </div>
            ) : null}
            {org.website ? (
              <div className="card__meta-wide">
                <dt>{t('orgs.website')}</dt>
                <dd>
                  <Website value={org.website} />
                </dd>
              </div>
            ) : null}
          </dl>
          {!org.active ? <span className="badge badge--status-deactivated">{t('orgs.inactive')}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function OrgListPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = useNavigate();
  const narrow = useIsNarrow();
  const [q, setQ] = useState(search.q ?? '');
  const debouncedQ = useDebounced(q.trim());

  useEffect(() => {
    if ((search.q ?? '') !== debouncedQ) {
      void navigate({ to: '/opd', search: (prev) => ({ ...prev, q: debouncedQ || undefined }), replace: true });
    }
  }, [debouncedQ, search.q, navigate]);

  const query = useQuery(orgsQuery({ q: search.q, kind: search.jenis }));
  const items = query.data?.items ?? [];

  const kindItems = [{ id: 'all', label: t('orgs.allKinds') }, ...ORG_KINDS.map((k) => ({ id: k, label: t(`kinds.${k}`) }))];

  return (
    <Page title={t('orgs.title')} intro={t('orgs.intro')} width="wide">
      <search className="filters" aria-label={t('common.filters')}>
        <TextInput
          label={t('orgs.search')}
          name="q"
          type="search"
          value={q}
          onChange={setQ}
          description={t('orgs.searchHint')}
          className="filters__grow"
        />
        <SelectField
          label={t('orgs.kind')}
          name="jenis"
          items={kindItems}
          value={search.jenis ?? 'all'}
          onChange={(v) => void navigate({ to: '/opd', search: (prev) => ({ ...prev, jenis: v === 'all' ? undefined : v }), replace: true })}
        />
      </search>
      <p className="results-count" role="status">
        {query.data ? t('common.results', { count: items.length }) : ''}
      </p>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState>{t('orgs.empty')}</EmptyState>
      ) : narrow ? (
        <OrgCards items={items} />
      ) : (
        <OrgTable items={items} />
      )}
    </Page>
  );
}
