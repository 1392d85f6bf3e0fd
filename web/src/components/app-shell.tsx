import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useRouter } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Dialog, Menu, MenuItem, MenuTrigger, Modal, ModalOverlay, Popover, Separator } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { inboxCountsQuery } from '../api/queries.ts';
import type { SessionUser } from '../api/types.ts';
import { formatNumber } from '../lib/format.ts';
import { performLogout } from '../auth/session.ts';
import { can } from '../lib/permissions.ts';
import { useIsNarrow } from '../lib/use-media-query.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { COMING_SOON, WORKSPACE_NAV } from './nav-items.ts';
import { toast } from './toast.tsx';
import { Email } from './email.tsx';
import { NotificationBell } from './notifications.tsx';

export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t('header.skipLink')}
    </a>
  );
}

function Brand({ user }: { user: SessionUser | null }) {
  const { t } = useTranslation();
  return (
    <div className="brand">
      <Link to="/" className="brand__link" aria-label={t('app.homeLink')}>
        <img src="/favicon.svg" alt="" width={32} height={32} className="brand__logo" />
        <span className="brand__name" aria-hidden="true">
          {t('app.name')}
        </span>
      </Link>
      <span className="brand__org">{user ? user.orgName : t('app.province')}</span>
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() || '?';
}

function UserMenu({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const onAction = (key: unknown) => {
    if (key === 'profile') void navigate({ to: '/profil' });
    if (key === 'logout') {
      const message = t('header.loggedOut');
      void performLogout(queryClient, (opts) => navigate(opts)).then(() => toast.info(message));
    }
  };
  return (
    <MenuTrigger>
      <Button className="user-menu__trigger">
        <span className="avatar" aria-hidden="true">
          {initials(user.name)}
        </span>
        <span className="user-menu__name">{user.name}</span>
        <span className="visually-hidden">{t('header.userMenuSuffix')}</span>
        <span className="user-menu__chevron" aria-hidden="true">
          ▾
        </span>
      </Button>
      <Popover className="popover popover--menu" placement="bottom end" offset={6}>
        <div className="user-menu__card">
          <p className="user-menu__card-name">{user.name}</p>
          <p className="user-menu__card-meta"><Email value={user.email} /></p>
          <p className="user-menu__card-meta">{t(`roles.${user.role}`)}</p>
          <p className="user-menu__card-meta">{user.orgName}</p>
        </div>
        <Menu className="menu" onAction={onAction} aria-label={t('header.userMenu', { name: user.name })}>
          <MenuItem id="profile" className="menu__item">
            {t('header.profile')}
          </MenuItem>
          <Separator className="menu__separator" />
          <MenuItem id="logout" className="menu__item">
            {t('header.logout')}
          </MenuItem>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}

/** The inbox's open (not yet handled) items beside its nav entry; kept fresh by the live stream. */
function InboxCount({ user }: { user: SessionUser }) {
  const { t, i18n } = useTranslation();
  const counts = useQuery({ ...inboxCountsQuery({}), enabled: can(user, 'inbox.read') });
  const open = counts.data?.open ?? 0;
  if (open <= 0) return null;
  return (
    <span className="badge badge--count">
      <span aria-hidden="true">{open > 999 ? '999+' : formatNumber(open, i18n.language)}</span>
      <span className="visually-hidden">{t('nav.inboxOpen', { count: open })}</span>
    </span>
  );
}

function SideNav({ user, onNavigate }: { user: SessionUser; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const items = WORKSPACE_NAV.filter((item) => !item.permission || can(user, item.permission));
  return (
    <nav className="side-nav" aria-label={t('nav.label')}>
      <h2 className="side-nav__heading" id="nav-workspace">
        {t('nav.workspace')}
      </h2>
      <ul className="side-nav__list" aria-labelledby="nav-workspace">
        {items.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              className="side-nav__link"
              activeOptions={{ exact: !!item.exact, includeSearch: false }}
              activeProps={{ 'aria-current': 'page', className: 'is-active' }}
              onClick={onNavigate}
            >
              <span>{t(`nav.${item.labelKey}`)}</span>
              {item.labelKey === 'inbox' ? <InboxCount user={user} /> : null}
            </Link>
          </li>
        ))}
      </ul>
      <h2 className="side-nav__heading" id="nav-modules">
        {t('nav.modules')}
      </h2>
      <ul className="side-nav__list" aria-labelledby="nav-modules">
        {COMING_SOON.map((m) => (
          <li key={m.slug}>
            <Link
              to={m.path}
              className="side-nav__link side-nav__link--soon"
              activeProps={{ 'aria-current': 'page', className: 'is-active' }}
              onClick={onNavigate}
            >
              <span>{t(`nav.${m.slug}`)}</span>
              <span className="badge badge--soon">{t('nav.comingSoon')}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Moves focus to the new page's h1 after each client-side navigation, so screen readers announce it. */
function useFocusOnNavigate() {
  const router = useRouter();
  useEffect(
    () =>
      router.subscribe('onResolved', (event) => {
        if (!event.fromLocation || !event.pathChanged) return;
        requestAnimationFrame(() => {
          const target = document.getElementById('page-title') ?? document.getElementById('main');
          target?.focus({ preventScroll: false });
        });
      }),
    [router],
  );
}

export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const { t } = useTranslation();
  const narrow = useIsNarrow();
  const [menuOpen, setMenuOpen] = useState(false);
  useFocusOnNavigate();
  useEffect(() => {
    if (!narrow) setMenuOpen(false);
  }, [narrow]);

  return (
    <div className="app">
      <SkipLink />
      <header className="app-header">
        {narrow ? (
          <Button className="menu-button" aria-label={t('nav.openMenuLabel')} aria-expanded={menuOpen} onPress={() => setMenuOpen(true)}>
            <span className="menu-button__icon" aria-hidden="true">
              ☰
            </span>
          </Button>
        ) : null}
        <Brand user={user} />
        <div className="app-header__tools">
          <LanguageSwitch />
          <NotificationBell user={user} />
          <UserMenu user={user} />
        </div>
      </header>
      <div className="app-body">
        {narrow ? null : (
          <aside className="app-sidebar">
            <SideNav user={user} />
          </aside>
        )}
        <main id="main" className="app-main" tabIndex={-1}>
          {children}
        </main>
      </div>
      {narrow ? (
        <ModalOverlay className="drawer-overlay" isOpen={menuOpen} onOpenChange={setMenuOpen} isDismissable>
          <Modal className="drawer">
            <Dialog className="drawer__dialog" aria-label={t('nav.label')}>
              <div className="drawer__head">
                <span className="drawer__title">{t('app.name')}</span>
                <Button className="btn btn--ghost drawer__close" slot="close">
                  {t('nav.closeMenu')}
                </Button>
              </div>
              <SideNav user={user} onNavigate={() => setMenuOpen(false)} />
            </Dialog>
          </Modal>
        </ModalOverlay>
      ) : null}
    </div>
  );
}

/** Pages outside the app (login, password reset, 404 when logged out). */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <div className="public">
      <SkipLink />
      <header className="public-header">
        <Brand user={null} />
        <LanguageSwitch />
      </header>
      <main id="main" className="public-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
