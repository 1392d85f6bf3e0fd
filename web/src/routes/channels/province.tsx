// The province view of Saluran: every OPD's channel health, a "problems only" filter, and a link
// into each OPD's own channel page (?opd=<orgId>).
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { channelHealthQuery } from '../../api/queries.ts';
import { CHANNEL_PLATFORMS, type ChannelHealthRow } from '../../api/types.ts';
import { TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import type { ChannelsSearch } from '../../router.tsx';
import { hasProblem } from '../../lib/channels.ts';
import { formatNumber } from '../../lib/format.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';
import { ChooseAccounts, ConnectResult } from './connect.tsx';
import { EventList } from './events.tsx';
import { usePlatformName } from './shared.tsx';

function Count({ value, tone }: { value: number; tone?: 'warning' | 'danger' }) {
  const { i18n } = useTranslation();
  const text = formatNumber(value, i18n.language);
  return value > 0 && tone ? <span className={`count count--${tone}`}>{text}</span> : <>{text}</>;
}

function Platforms({ row }: { row: ChannelHealthRow }) {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  if (row.platforms.length === 0) return <span className="muted">{t('channels.province.noAccounts')}</span>;
  const ordered = CHANNEL_PLATFORMS.filter((p) => row.platforms.includes(p));
  return <span className="platform-names">{ordered.map(platformName).join(', ')}</span>;
}

function HealthTable({ rows }: { rows: ChannelHealthRow[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('channels.province.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('channels.province.org')}</th>
            <th scope="col" className="num">
              {t('channels.province.accounts')}
            </th>
            <th scope="col" className="num">
              {t('channels.province.active')}
            </th>
            <th scope="col" className="num">
              {t('channels.province.expiring')}
            </th>
            <th scope="col" className="num">
              {t('channels.province.failing')}
            </th>
            <th scope="col">{t('channels.province.platforms')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.orgId}>
              <th scope="row" className="table__primary">
                <Link to="/saluran" search={{ opd: r.orgId }}>
                  {r.name}
                </Link>
                <span className="muted small block code">{r.code}</span>
              </th>
              <td className="num">
                <Count value={r.accounts} />
              </td>
              <td className="num">
                <Count value={r.active} />
              </td>
              <td className="num">
                <Count value={r.expiring} tone="warning" />
              </td>
              <td className="num">
                <Count value={r.failing} tone="danger" />
              </td>
              <td className="small">
                <Platforms row={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HealthCards({ rows }: { rows: ChannelHealthRow[] }) {
  const { t } = useTranslation();
  return (
    <ul className="card-list" aria-label={t('channels.province.tableCaption')}>
      {rows.map((r) => (
        <li key={r.orgId} className="card card--item">
          <h2 className="card__title">
            <Link to="/saluran" search={{ opd: r.orgId }}>
              {r.name}
            </Link>
          </h2>
          <p className="muted small code">{r.code}</p>
          <dl className="card__meta">
            <div>
              <dt>{t('channels.province.accounts')}</dt>
              <dd>
                <Count value={r.accounts} />
              </dd>
            </div>
            <div>
              <dt>{t('channels.province.active')}</dt>
              <dd>
                <Count value={r.active} />
              </dd>
            </div>
            <div>
              <dt>{t('channels.province.expiring')}</dt>
              <dd>
                <Count value={r.expiring} tone="warning" />
              </dd>
            </div>
            <div>
              <dt>{t('channels.province.failing')}</dt>
              <dd>
                <Count value={r.failing} tone="danger" />
              </dd>
            </div>
            <div className="card__meta-wide">
              <dt>{t('channels.province.platforms')}</dt>
              <dd>
                <Platforms row={r} />
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}

export function ProvinceHealth({ search }: { search: ChannelsSearch }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const narrow = useIsNarrow();
  const query = useQuery(channelHealthQuery());
  const [q, setQ] = useState(search.q ?? '');
  const debouncedQ = useDebounced(q.trim());
  const problemsOnly = search.masalah === 'ya';

  useEffect(() => {
    if ((search.q ?? '') !== debouncedQ) {
      void navigate({ to: '/saluran', search: (prev) => ({ ...prev, q: debouncedQ || undefined }), replace: true });
    }
  }, [debouncedQ, search.q, navigate]);

  const all = query.data?.items ?? [];
  const needle = (search.q ?? '').toLowerCase();
  const rows = all.filter((r) => (!problemsOnly || hasProblem(r)) && (!needle || r.name.toLowerCase().includes(needle) || r.code.toLowerCase().includes(needle)));
  const sum = (k: 'accounts' | 'active' | 'expiring' | 'failing') => all.reduce((n, r) => n + r[k], 0);
  const n = (v: number) => formatNumber(v, i18n.language);

  return (
    <Page title={t('channels.title')} intro={t('channels.introProvince')} width="wide">
      <ConnectResult search={search} />
      {search.pilih ? <ChooseAccounts connectId={search.pilih} /> : null}
      {query.data ? (
        <section aria-labelledby="summary-heading" className="section">
          <h2 id="summary-heading" className="visually-hidden">
            {t('channels.province.summary')}
          </h2>
          <dl className="stats stats--compact">
            <div className="stat">
              <dt className="stat__label">{t('channels.province.totalOrgs')}</dt>
              <dd className="stat__value stat__value--number">{n(all.length)}</dd>
            </div>
            <div className="stat">
              <dt className="stat__label">{t('channels.province.totalAccounts')}</dt>
              <dd className="stat__value stat__value--number">{n(sum('accounts'))}</dd>
            </div>
            <div className="stat">
              <dt className="stat__label">{t('channels.province.totalActive')}</dt>
              <dd className="stat__value stat__value--number">{n(sum('active'))}</dd>
            </div>
            <div className="stat stat--warning">
              <dt className="stat__label">{t('channels.province.totalExpiring')}</dt>
              <dd className="stat__value stat__value--number">{n(sum('expiring'))}</dd>
            </div>
            <div className="stat stat--danger">
              <dt className="stat__label">{t('channels.province.totalFailing')}</dt>
              <dd className="stat__value stat__value--number">{n(sum('failing'))}</dd>
            </div>
          </dl>
        </section>
      ) : null}
      <search className="filters" aria-label={t('common.filters')}>
        <TextInput label={t('channels.province.search')} name="q" type="search" value={q} onChange={setQ} description={t('channels.province.searchHint')} className="filters__grow" />
        <div className="filters__check">
          <Checkbox
            className="checkbox"
            isSelected={problemsOnly}
            onChange={(v) => void navigate({ to: '/saluran', search: (prev) => ({ ...prev, masalah: v ? 'ya' : undefined }), replace: true })}
            aria-describedby="problems-hint"
          >
            <span className="checkbox__box" aria-hidden="true" />
            <span className="checkbox__label">{t('channels.province.problemsOnly')}</span>
          </Checkbox>
          <p id="problems-hint" className="field__hint">
            {t('channels.province.problemsHint')}
          </p>
        </div>
      </search>
      <p className="results-count" role="status">
        {query.data ? t('channels.province.count', { count: rows.length }) : ''}
      </p>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{t('channels.province.empty')}</EmptyState>
      ) : narrow ? (
        <HealthCards rows={rows} />
      ) : (
        <HealthTable rows={rows} />
      )}
      <EventList limit={20} all />
    </Page>
  );
}
