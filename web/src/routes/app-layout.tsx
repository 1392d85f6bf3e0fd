import { useQueryClient } from '@tanstack/react-query';
import { Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../api/types.ts';
import { isLoggingOut, syncLocaleWithUser, useSession, useUser } from '../auth/session.ts';
import { AppShell } from '../components/app-shell.tsx';
import { Page } from '../components/page.tsx';
import { can } from '../lib/permissions.ts';
import { useInboxLive } from './inbox/live.ts';
import { Link } from '@tanstack/react-router';

/** The frame of every page for a logged-in user; reacts when the session ends mid-use. */
export function AppLayout() {
  const user = useSession()?.user ?? null;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const href = useLocation({ select: (l) => l.href });
  // The page the person was on when the session ended, captured once: this layout stays
  // mounted while the login page loads, and must not redirect again from there.
  const leaving = useRef<string | null>(null);
  // One live inbox stream per session (new/changed refresh the inbox queries; presence for collisions).
  useInboxLive(!!user && !user.mustChangePassword && can(user, 'inbox.read'));

  useEffect(() => {
    if (user) void syncLocaleWithUser(queryClient, user);
  }, [user, queryClient]);

  useEffect(() => {
    if (user && !user.mustChangePassword) {
      leaving.current = null;
      return;
    }
    if (leaving.current !== null || isLoggingOut()) return;
    leaving.current = href;
    if (!user) void navigate({ to: '/masuk', search: { kembali: href, alasan: 'sesi' }, replace: true });
    else void navigate({ to: '/ganti-sandi', replace: true });
  }, [user, href, navigate]);

  if (!user || user.mustChangePassword) return null;
  return (
    <AppShell user={user}>
      <Outlet />
    </AppShell>
  );
}

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Page title={t('errors.forbiddenTitle')} intro={t('errors.forbiddenText')} width="narrow">
      <p>
        <Link to="/" className="btn btn--secondary">
          {t('errors.goHome')}
        </Link>
      </p>
    </Page>
  );
}

/** Shows the page only to users whose role grants the permission; others get a clear "no access" page. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const user = useUser();
  return can(user, permission) ? <>{children}</> : <Forbidden />;
}
