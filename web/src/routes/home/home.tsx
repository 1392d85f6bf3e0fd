import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { orgsQuery } from '../../api/queries.ts';
import { useUser } from '../../auth/session.ts';
import { COMING_SOON } from '../../components/nav-items.ts';
import { Page } from '../../components/page.tsx';
import { ErrorState } from '../../components/states.tsx';
import { formatNumber } from '../../lib/format.ts';
import { can } from '../../lib/permissions.ts';

function Stat({ label, value, numeric = false }: { label: string; value: string; numeric?: boolean }) {
  return (
    <div className="stat">
      <dt className="stat__label">{label}</dt>
      <dd className={numeric ? 'stat__value stat__value--number' : 'stat__value'}>{value}</dd>
    </div>
  );
}

export function HomePage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const orgs = useQuery({ ...orgsQuery({}), enabled: can(user, 'orgs.read') });
  const items = orgs.data?.items ?? [];
  const opdCount = items.filter((o) => o.kind !== 'province').length;
  const own = items.find((o) => o.id === user.orgId);
  const visibleCounts = items.filter((o) => o.userCount !== null);
  const totalUsers = visibleCounts.reduce((sum, o) => sum + (o.userCount ?? 0), 0);
  const seesAll = user.orgKind === 'province' && visibleCounts.length > 1;
  const pending = orgs.isPending && orgs.fetchStatus !== 'idle';
  const n = (v: number) => (pending ? '…' : formatNumber(v, i18n.language));

  return (
    <Page title={t('home.title')} intro={t('home.intro')}>
      <section className="section" aria-labelledby="welcome">
        <h2 id="welcome" className="section__title">
          {t('home.welcome', { name: user.name })}
        </h2>
        <dl className="stats" aria-busy={pending}>
          <Stat label={t('home.yourRole')} value={t(`roles.${user.role}`)} />
          <Stat label={t('home.yourOrg')} value={user.orgName} />
          {can(user, 'orgs.read') ? <Stat label={t('home.orgCount')} value={n(opdCount)} numeric /> : null}
          {seesAll ? (
            <Stat label={t('home.userCountAll')} value={n(totalUsers)} numeric />
          ) : own && own.userCount !== null ? (
            <Stat label={t('home.userCount', { org: own.code })} value={n(own.userCount)} numeric />
          ) : null}
        </dl>
        {orgs.isError ? <ErrorState error={orgs.error} onRetry={() => void orgs.refetch()} /> : null}
      </section>

      <section className="section" aria-labelledby="quick">
        <h2 id="quick" className="section__title">
          {t('home.quickLinks')}
        </h2>
        <ul className="quick-links">
          {can(user, 'orgs.read') ? (
            <li>
              <Link to="/opd" className="quick-link">
                {t('home.openOrgs')}
              </Link>
            </li>
          ) : null}
          {can(user, 'inbox.read') ? (
            <li>
              <Link to="/kotak-masuk" className="quick-link">
                {t('home.openInbox')}
              </Link>
            </li>
          ) : null}
          {can(user, 'channels.read') ? (
            <li>
              <Link to="/saluran" className="quick-link">
                {t('home.openChannels')}
              </Link>
            </li>
          ) : null}
          {can(user, 'users.manage') ? (
            <li>
              <Link to="/pengguna" className="quick-link">
                {t('home.openUsers')}
              </Link>
            </li>
          ) : null}
          {can(user, 'audit.read') ? (
            <li>
              <Link to="/audit" className="quick-link">
                {t('home.openAudit')}
              </Link>
            </li>
          ) : null}
          {can(user, 'mail.read') ? (
            <li>
              <Link to="/kotak-surat" className="quick-link">
                {t('home.openMail')}
              </Link>
            </li>
          ) : null}
          <li>
            <Link to="/profil" className="quick-link">
              {t('home.openProfile')}
            </Link>
          </li>
        </ul>
      </section>

      <section className="section" aria-labelledby="coming">
        <h2 id="coming" className="section__title">
          {t('home.comingTitle')}
        </h2>
        <p className="muted">{t('home.comingIntro')}</p>
        <ul className="coming-grid">
          {COMING_SOON.map((m) => (
            <li key={m.slug} className="card coming-grid__item">
              <h3 className="card__title">
                <Link to={m.path}>{t(`nav.${m.slug}`)}</Link>
              </h3>
              <span className="badge badge--soon">{t('nav.comingSoon')}</span>
              <p className="small">{t(`comingSoon.${m.slug}`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
