// Saluran: an OPD's connected social accounts (token health, last message, errors, connect /
// check / disconnect) and the raw messages arriving on them; province roles first see every
// OPD's channel health and open one OPD with ?opd=<orgId>. See docs/ui.md#saluran.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { checkChannelAccount, disconnectChannelAccount, startOAuth } from '../../api/endpoints.ts';
import { channelAccountsQuery, orgQuery, platformsQuery } from '../../api/queries.ts';
import type { ChannelAccount, PlatformInfo, SessionUser } from '../../api/types.ts';
import { useUser } from '../../auth/session.ts';
import { ChannelStatusBadge } from '../../components/badges.tsx';
import { DateTime } from '../../components/date-time.tsx';
import { ConfirmDialog } from '../../components/dialogs.tsx';
import { Page } from '../../components/page.tsx';
import { PendingButton } from '../../components/pending-button.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { displayHandle, needsReconnect } from '../../lib/channels.ts';
import { can } from '../../lib/permissions.ts';
import { useNow } from '../../lib/use-now.ts';
import { RequirePermission } from '../app-layout.tsx';
import { ChooseAccounts, ConnectResult, forgetConnectOrg, recallConnectOrg, rememberConnectOrg, TokenDialog } from './connect.tsx';
import { EventList } from './events.tsx';
import { ProvinceHealth } from './province.tsx';
import { invalidateChannels, RelativeTime, usePlatformName } from './shared.tsx';

const route = getRouteApi('/app/saluran');

export function ChannelsPage() {
  return (
    <RequirePermission permission="channels.read">
      <ChannelsContent />
    </RequirePermission>
  );
}

function ChannelsContent() {
  const me = useUser();
  const search = route.useSearch();
  const navigate = useNavigate();
  const province = me.orgKind === 'province';
  const returning = !!(search.terhubung || search.galat);

  // A province admin who connected an account for one OPD comes back to /saluran without ?opd
  // (the server's redirect does not carry it): reopen that OPD.
  useEffect(() => {
    if (!province || search.opd || !returning) return;
    const remembered = recallConnectOrg();
    if (remembered) void navigate({ to: '/saluran', search: (prev) => ({ ...prev, opd: remembered }), replace: true });
  }, [province, search.opd, returning, navigate]);
  useEffect(() => {
    if (returning) forgetConnectOrg();
  }, [returning]);

  if (province && !search.opd) return <ProvinceHealth search={search} />;
  return <OrgChannels me={me} orgId={province ? search.opd! : me.orgId} />;
}

function OrgChannels({ me, orgId }: { me: SessionUser; orgId: string }) {
  const { t } = useTranslation();
  const search = route.useSearch();
  const province = me.orgKind === 'province';
  const platforms = useQuery(platformsQuery());
  const accounts = useQuery(channelAccountsQuery(orgId));
  const org = useQuery({ ...orgQuery(orgId), enabled: province });
  const orgName = province ? (org.data?.org.name ?? accounts.data?.items[0]?.orgName ?? '') : me.orgName;
  const canManage = can(me, 'channels.manage');

  const title = province ? (orgName ? t('channels.titleOrg', { org: orgName }) : t('channels.title')) : t('channels.title');
  const notFound = province && org.isError && accounts.isError;

  return (
    <Page
      title={title}
      intro={orgName ? t('channels.intro', { org: orgName }) : undefined}
      width="wide"
      before={
        province ? (
          <p className="back-link">
            <Link to="/saluran" search={{}}>
              <span aria-hidden="true">←</span> {t('channels.backToProvince')}
            </Link>
          </p>
        ) : undefined
      }
    >
      <ConnectResult search={search} />
      {search.pilih ? <ChooseAccounts connectId={search.pilih} orgName={orgName} /> : null}
      {notFound ? (
        <ErrorState error={accounts.error} title={t('channels.orgNotFound')} />
      ) : (
        <>
          <section className="section" aria-labelledby="accounts-heading">
            <h2 id="accounts-heading" className="section__title">
              {t('channels.accountsHeading')}
            </h2>
            {!canManage ? <p className="muted small">{t('channels.readOnlyNote')}</p> : null}
            {platforms.isPending || accounts.isPending ? (
              <Loading />
            ) : platforms.isError || accounts.isError ? (
              <ErrorState
                error={platforms.error ?? accounts.error}
                onRetry={() => {
                  void platforms.refetch();
                  void accounts.refetch();
                }}
              />
            ) : (
              <ul className="platform-grid">
                {platforms.data.items.map((p) => (
                  <PlatformCard
                    key={p.platform}
                    info={p}
                    orgId={orgId}
                    accounts={accounts.data.items.filter((a) => a.platform === p.platform)}
                    canManage={canManage}
                  />
                ))}
              </ul>
            )}
          </section>
          <EventList orgId={orgId} />
        </>
      )}
    </Page>
  );
}

function PlatformCard({ info, orgId, accounts, canManage }: { info: PlatformInfo; orgId: string; accounts: ChannelAccount[]; canManage: boolean }) {
  const { t } = useTranslation();
  const platformName = usePlatformName();
  const name = platformName(info.platform);
  const headingId = `platform-${info.platform}`;
  return (
    <li className="card platform-card" aria-labelledby={headingId}>
      <div className="platform-card__head">
        <h3 id={headingId} className="platform-card__title">
          <span className={`platform-mark platform-mark--${info.platform}`} aria-hidden="true">
            {name.slice(0, 1)}
          </span>
          {name}
        </h3>
        {!info.available ? <span className="badge badge--soon">{t('channels.notAvailable')}</span> : null}
      </div>
      {!info.available ? <p className="small muted">{t('channels.notAvailableText')}</p> : null}
      {accounts.length === 0 ? (
        <p className="platform-card__empty">{t('channels.notConnected')}</p>
      ) : (
        <ul className="account-list" aria-label={t('channels.accountsOf', { platform: name })}>
          {accounts.map((a) => (
            <AccountItem key={a.id} account={a} platformName={name} canManage={canManage} canCheck={info.available} />
          ))}
        </ul>
      )}
      {canManage && info.available && info.auth ? <ConnectButton info={info} orgId={orgId} accounts={accounts} platformName={name} /> : null}
    </li>
  );
}

function AccountItem({ account: a, platformName, canManage, canCheck }: { account: ChannelAccount; platformName: string; canManage: boolean; canCheck: boolean }) {
  const { t } = useTranslation();
  const now = useNow();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const vars = { platform: platformName, name: a.name };
  const check = useMutation({
    mutationFn: () => checkChannelAccount(a.id),
    onSuccess: async (out) => {
      toast.info(t('channels.checkResult', { ...vars, status: t(`channels.status.${out.status}`) }));
      await invalidateChannels(queryClient);
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const disconnect = useMutation({
    mutationFn: () => disconnectChannelAccount(a.id),
    onSuccess: async () => {
      toast.success(t('channels.disconnected', vars));
      setConfirming(false);
      await invalidateChannels(queryClient);
    },
  });
  useEffect(() => {
    if (!confirming) disconnect.reset();
  }, [confirming]);

  return (
    <li className={`account account--${a.status}`}>
      <div className="account__head">
        <div className="account__who">
          <h4 className="account__name">{a.name}</h4>
          {a.handle ? <p className="account__handle">{displayHandle(a.platform, a.handle)}</p> : null}
        </div>
        <ChannelStatusBadge status={a.status} />
      </div>
      <dl className="account__facts">
        <div>
          <dt>{t('channels.lastEvent')}</dt>
          <dd>{a.lastEventAt ? <RelativeTime value={a.lastEventAt} now={now} /> : t('channels.lastEventNone')}</dd>
        </div>
        <div>
          <dt>{t('channels.tokenExpires')}</dt>
          <dd>{a.tokenExpiresAt ? <RelativeTime value={a.tokenExpiresAt} now={now} expiry /> : t('channels.tokenNoExpiry')}</dd>
        </div>
        <div>
          <dt>{t('channels.lastCheck')}</dt>
          <dd>{a.lastCheckedAt ? <RelativeTime value={a.lastCheckedAt} now={now} /> : t('channels.never')}</dd>
        </div>
        <div>
          <dt>{t('channels.connectedAt')}</dt>
          <dd>
            <DateTime value={a.connectedAt} />
          </dd>
        </div>
      </dl>
      {a.lastError ? (
        <div className="account__error">
          <p className="account__error-title">
            {t('channels.lastError')}
            {a.lastErrorAt ? (
              <>
                {' · '}
                <DateTime value={a.lastErrorAt} />
              </>
            ) : null}
          </p>
          <p className="account__error-text">{a.lastError}</p>
        </div>
      ) : null}
      {canManage ? (
        <div className="account__actions">
          {canCheck ? (
            <PendingButton className="btn btn--secondary btn--small" isPending={check.isPending} onPress={() => check.mutate()}>
              <span aria-hidden="true">{check.isPending ? t('channels.checking') : t('channels.check')}</span>
              <span className="visually-hidden">{check.isPending ? t('channels.checking') : t('channels.checkLabel', vars)}</span>
            </PendingButton>
          ) : null}
          <Button className="btn btn--ghost btn--small btn--danger-text" onPress={() => setConfirming(true)}>
            <span aria-hidden="true">{t('channels.disconnect')}</span>
            <span className="visually-hidden">{t('channels.disconnectLabel', vars)}</span>
          </Button>
          <ConfirmDialog
            isOpen={confirming}
            onOpenChange={setConfirming}
            title={t('channels.disconnectTitle', vars)}
            body={<p>{t('channels.disconnectText')}</p>}
            confirmLabel={t('channels.disconnectConfirm')}
            tone="danger"
            isPending={disconnect.isPending}
            error={disconnect.isError ? errorMessage(disconnect.error) : null}
            onConfirm={() => disconnect.mutate()}
          />
        </div>
      ) : null}
    </li>
  );
}

function ConnectButton({ info, orgId, accounts, platformName }: { info: PlatformInfo; orgId: string; accounts: ChannelAccount[]; platformName: string }) {
  const { t } = useTranslation();
  const [tokenOpen, setTokenOpen] = useState(false);
  const oauth = useMutation({
    mutationFn: () => startOAuth({ orgId, platform: info.platform }),
    onSuccess: (out) => {
      rememberConnectOrg(orgId);
      window.location.assign(out.authorizeUrl);
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  // Coming back with the browser's Back button restores this page from the cache: ready again.
  useEffect(() => {
    const onShow = (e: PageTransitionEvent) => {
      if (e.persisted) oauth.reset();
    };
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, []);
  const action = accounts.length === 0 ? t('channels.connect') : accounts.some((a) => needsReconnect(a.status)) ? t('channels.reconnect') : t('channels.connectAnother');
  // Stays "Mengalihkan…" after success: the browser is leaving for the platform.
  const redirecting = oauth.isPending || oauth.isSuccess;
  return (
    <div className="platform-card__connect">
      <PendingButton
        className={`btn btn--small ${accounts.length === 0 ? 'btn--primary' : 'btn--secondary'}`}
        isPending={redirecting}
        onPress={() => (info.auth === 'oauth' ? oauth.mutate() : setTokenOpen(true))}
      >
        <span aria-hidden="true">{redirecting ? t('channels.redirecting') : action}</span>
        <span className="visually-hidden">{redirecting ? t('channels.redirecting') : t('channels.connectLabel', { action, platform: platformName })}</span>
      </PendingButton>
      <p className="field__hint">{info.auth === 'oauth' ? t('channels.oauthHint', { platform: platformName }) : t('channels.tokenHint', { platform: platformName })}</p>
      {info.auth === 'token' ? <TokenDialog info={info} orgId={orgId} platformName={platformName} isOpen={tokenOpen} onOpenChange={setTokenOpen} /> : null}
    </div>
  );
}
