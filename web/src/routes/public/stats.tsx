import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { publicStatsQuery, STATS_CSV_URL, STATS_JSON_URL, type StatFigures } from '../../api/cases.ts';
import { DateTime } from '../../components/date-time.tsx';
import { Page } from '../../components/page.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';

/** /statistik: open statistics of complaints (no login), with links to the JSON and CSV. */
export function StatsPage() {
  const { t, i18n } = useTranslation();
  const query = useQuery(publicStatsQuery());
  const num = (v: number | null, digits = 0) => (v === null ? '—' : new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: digits }).format(v));
  const pct = (v: number | null) => (v === null ? '—' : `${num(v * 100, 1)}%`);
  const narrow = useIsNarrow();
  const rating = (r: StatFigures) => (r.averageRating === null ? '—' : t('public.stats.ratingOf', { value: num(r.averageRating, 2), count: r.ratings }));

  // Phones: the same figures as a list of cards (one structure at a time, never both in the DOM).
  const cards = (caption: string, rows: (StatFigures & { code: string | null; name: string })[]) => (
    <section className="stats-cards">
      <h2 className="stats-cards__title">{caption}</h2>
      <ul className="card-list" aria-label={caption}>
        {rows.map((r) => (
          <li key={`${r.code ?? 'none'}-${r.name}`} className="card card--item">
            <h3 className="card__title">{r.name}</h3>
            <dl className="card__meta">
              <div>
                <dt>{t('public.stats.cases')}</dt>
                <dd>{formatNumber(r.cases, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('public.stats.open')}</dt>
                <dd>{formatNumber(r.open, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('public.stats.closed')}</dt>
                <dd>{formatNumber(r.closed, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('public.stats.median')}</dt>
                <dd>{num(r.medianHoursToFollowUp, 1)}</dd>
              </div>
              <div>
                <dt>{t('public.stats.onTime')}</dt>
                <dd>{pct(r.onTimeShare)}</dd>
              </div>
              <div className="card__meta-wide">
                <dt>{t('public.stats.satisfaction')}</dt>
                <dd>{rating(r)}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );

  const table = (caption: string, rows: (StatFigures & { code: string | null; name: string })[]) => (
    <div className="table-wrap">
      <table className="table stats-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('public.stats.name')}</th>
            <th scope="col" className="num">{t('public.stats.cases')}</th>
            <th scope="col" className="num">{t('public.stats.open')}</th>
            <th scope="col" className="num">{t('public.stats.closed')}</th>
            <th scope="col" className="num">{t('public.stats.median')}</th>
            <th scope="col" className="num">{t('public.stats.onTime')}</th>
            <th scope="col" className="num">{t('public.stats.satisfaction')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.code ?? 'none'}-${r.name}`}>
              <th scope="row">{r.name}</th>
              <td className="num">{formatNumber(r.cases, i18n.language)}</td>
              <td className="num">{formatNumber(r.open, i18n.language)}</td>
              <td className="num">{formatNumber(r.closed, i18n.language)}</td>
              <td className="num">{num(r.medianHoursToFollowUp, 1)}</td>
              <td className="num">{pct(r.onTimeShare)}</td>
              <td className="num">{r.averageRating === null ? '—' : t('public.stats.ratingOf', { value: num(r.averageRating, 2), count: r.ratings })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  return (
    <Page title={t('public.stats.title')} intro={t('public.stats.intro')} width="wide">
      <p className="button-row">
        <a className="btn btn--secondary" href={STATS_JSON_URL}>
          {t('public.stats.json')}
        </a>
        <a className="btn btn--secondary" href={STATS_CSV_URL} download>
          {t('public.stats.csv')}
        </a>
      </p>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        <>
          <dl className="facts stats-totals">
            <div>
              <dt>{t('public.stats.cases')}</dt>
              <dd>{formatNumber(query.data.totals.cases, i18n.language)}</dd>
            </div>
            <div>
              <dt>{t('public.stats.median')}</dt>
              <dd>{num(query.data.totals.medianHoursToFollowUp, 1)}</dd>
            </div>
            <div>
              <dt>{t('public.stats.onTime')}</dt>
              <dd>{pct(query.data.totals.onTimeShare)}</dd>
            </div>
            <div>
              <dt>{t('public.stats.satisfaction')}</dt>
              <dd>{query.data.totals.averageRating === null ? '—' : t('public.stats.ratingOf', { value: num(query.data.totals.averageRating, 2), count: query.data.totals.ratings })}</dd>
            </div>
          </dl>
          {(narrow ? cards : table)(t('public.stats.byOrg'), query.data.byOrg)}
          {(narrow ? cards : table)(t('public.stats.byCategory'), query.data.byCategory)}
          <section className="card" aria-labelledby="notes-heading">
            <h2 id="notes-heading">{t('public.stats.notes')}</h2>
            <ul>
              <li>{t('public.stats.noteConfidential')}</li>
              <li>{t('public.stats.noteMedian')}</li>
              <li>{t('public.stats.noteOnTime')}</li>
              <li>{t('public.stats.noteRating')}</li>
            </ul>
            <p>
              {t('public.stats.generated')} <DateTime value={query.data.generatedAt} />. {query.data.license}
            </p>
          </section>
        </>
      ) : null}
    </Page>
  );
}
