import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from '@tanstack/react-router';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../api/types.ts';
import { isLoggingOut, syncLocaleWithUser, useSession, useUser } from '../auth/session.ts';
import { AppShell } from '../components/app-shell.tsx';
import { Page } from '../components/page.tsx';
import { can } from '../lib/permissions.ts';
import { Link } from '@tanstack/react-router';

/** The frame of every page for a logged-in user; reacts when the session ends mid-use. */
export function AppLayout() {
  const user = useSession()?.user ?? null;
  const queryClient = useQueryClient();
  const location = useLocation();

  useEffect(() => {
    if (user) void syncLocaleWithUser(queryClient, user);
  }, [user, queryClient]);

  if (!user) {
    if (isLoggingOut()) return null;
    return <Navigate to="/masuk" search={{ kembali: location.href, alasan: 'sesi' }} replace />;
  }
  if (user.mustChangePassword) return <Navigate to="/ganti-sandi" replace />;
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
