import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { orgQuery } from '../../api/queries.ts';
import type { OrgDetail, SocialAccount, UserRow } from '../../api/types.ts';
import { useUser } from '../../auth/session.ts';
import { RoleLabel, StatusBadge } from '../../components/badges.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { Page } from '../../components/page.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { can } from '../../lib/permissions.ts';
import { useIsNarrow } from '../../lib/use-media-query.ts';
import { Website } from './org-list.tsx';
import { Email } from '../../components/email.tsx';

const route = getRouteApi('/app/opd/$orgId');

export function usePlatformName() {
  const { t, i18n } = useTranslation();
  return (platform: string) => (i18n.exists(`platforms.${platform}`) ? t(`platforms.${platform}` as 'platforms.x') : platform);
}

function SocialAccounts({ accounts }: { accounts: SocialAccount[] }) {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  if (accounts.length === 0) return <p className="muted">{t('orgs.noSocial')}</p>;
  const anyIllustrative = accounts.some((a) => a.status === 'illustrative');
  return (
    <>
      {anyIllustrative ? <p className="alert alert--warning">{t('orgs.socialIllustrativeNote')}</p> : null}
      <ul className="social-list">
        {accounts.map((a) => (
          <li key={`${a.platform}:${a.handle}`} className="social-list__item">
            <span className="social-list__platform">{platformName(a.platform)}</span>
            <span className="social-list__handle">{a.handle}</span>
            {a.status === 'illustrative' ? (
              <span className="badge badge--warning">{t('orgs.socialIllustrative')}</span>
            ) : (
              <span className="badge">{a.status}</span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function OrgUsers({ users }: { users: UserRow[] }) {
  const { t } = useTranslation();
  const narrow = useIsNarrow();
  if (users.length === 0) return <EmptyState>{t('orgs.noUsers')}</EmptyState>;
  if (narrow) {
    return (
      <ul className="card-list" aria-label={t('orgs.orgUsers')}>
        {users.map((u) => (
          <li key={u.id} className="card card--item">
            <p className="card__title">{u.name}</p>
            <p className="muted small"><Email value={u.email} /></p>
            <p>
              <RoleLabel role={u.role} /> · <StatusBadge status={u.status} />
            </p>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('orgs.orgUsers')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.name')}</th>
            <th scope="col">{t('users.email')}</th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col">{t('users.lastLogin')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <th scope="row" className="table__primary">
                {u.name}
              </th>
              <td><Email value={u.email} /></td>
              <td>
                <RoleLabel role={u.role} />
              </td>
              <td>
                <StatusBadge status={u.status} />
              </td>
              <td>
                <DateTime value={u.lastLoginAt} fallback={t('users.never')} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Facts({ org }: { org: OrgDetail }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <div>
        <dt>{t('orgs.code')}</dt>
        <dd className="code">{org.code}</dd>
      </div>
      <div>
        <dt>{t('orgs.kind')}</dt>
        <dd>{t(`kinds.${org.kind}`)}</dd>
      </div>
      {org.group ? (
        <div>
          <dt>{t('orgs.group')}</dt>
          <dd>{org.group}</dd>
        </div>
      ) : null}
      {org.parentCode ? (
        <div>
          <dt>{t('orgs.parent')}</dt>
          <dd className="code">{org.parentCode}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t('orgs.website')}</dt>
        <dd>
          <Website value={org.website} />
        </dd>
      </div>
      <div>
        <dt>{t('orgs.aliases')}</dt>
        <dd>{org.aliases.length ? org.aliases.join(', ') : '—'}</dd>
      </div>
      {!org.active ? (
        <div>
          <dt>{t('orgs.status')}</dt>
          <dd>{t('orgs.inactive')}</dd>
        </div>
      ) : null}
    </dl>
  );
}

export function OrgDetailPage() {
  const { t } = useTranslation();
  const { orgId } = route.useParams();
  const user = useUser();
  const query = useQuery(orgQuery(orgId));
  const back = (
    <p className="back-link">
      <Link to="/opd">
        <span aria-hidden="true">← </span>
        {t('orgs.detailBack')}
      </Link>
    </p>
  );

  if (query.isPending) {
    return (
      <Page title={t('common.loading')} before={back}>
        <Loading />
      </Page>
    );
  }
  if (query.isError) {
    const notFound = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Page title={notFound ? t('orgs.notFound') : t('errors.loadFailed')} before={back}>
        <ErrorState error={query.error} onRetry={notFound ? undefined : () => void query.refetch()} />
      </Page>
    );
  }

  const { org, users } = query.data;
  return (
    <Page title={org.name} before={back} width="wide">
      <div className="detail-grid">
        <div className="stack">
          <section className="card" aria-labelledby="facts-title">
            <h2 id="facts-title" className="card__heading">
              {t('orgs.facts')}
            </h2>
            <Facts org={org} />
          </section>
          <section className="card" aria-labelledby="social-title">
            <h2 id="social-title" className="card__heading">
              {t('orgs.social')}
            </h2>
            <SocialAccounts accounts={org.socialAccounts} />
          </section>
        </div>
        <section className="card" aria-labelledby="resp-title">
          <h2 id="resp-title" className="card__heading">
            {t('orgs.responsibilities')}
          </h2>
          <p className="muted small">{t('orgs.responsibilitiesIntro')}</p>
          {org.responsibilities.length ? (
            <ul className="tag-list">
              {org.responsibilities.map((r) => (
                <li key={r} className="tag">
                  {r}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('orgs.noResponsibilities')}</p>
          )}
          {org.routingNote ? (
            <>
              <h3 className="card__subheading">{t('orgs.routingNote')}</h3>
              <p>{org.routingNote}</p>
            </>
          ) : null}
        </section>

        {users ? (
          <section className="card detail-grid__full" aria-labelledby="users-title">
            <div className="card__header">
              <h2 id="users-title" className="card__heading">
                {t('orgs.orgUsers')}
              </h2>
              {can(user, 'users.manage') ? (
                <Link to="/pengguna" search={{ opd: org.id }} className="btn btn--secondary">
                  {t('orgs.manageUsers')}
                </Link>
              ) : null}
            </div>
            <OrgUsers users={users} />
          </section>
        ) : null}
      </div>
    </Page>
  );
}
