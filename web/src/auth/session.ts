// The session as the whole app sees it: one TanStack Query entry ['session'].
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { fetchSession, logout, updateMe } from '../api/endpoints.ts';
import type { Locale, Session, SessionUser } from '../api/types.ts';
import { applyLocale, currentLocale } from '../i18n/index.ts';

export const sessionQuery = queryOptions({
  queryKey: ['session'] as const,
  queryFn: () => fetchSession(),
  staleTime: 5 * 60_000,
  retry: 1,
});

export function useSession(): Session | undefined {
  return useQuery(sessionQuery).data;
}

/** The logged-in user; only for components under the authenticated layout. */
export function useUser(): SessionUser {
  const user = useSession()?.user;
  if (!user) throw new Error('useUser outside an authenticated route');
  return user;
}

export function setSessionUser(queryClient: QueryClient, user: SessionUser | null, csrfToken?: string): void {
  queryClient.setQueryData<Session>(sessionQuery.queryKey, (old) =>
    old ? { ...old, user, csrfToken: csrfToken ?? old.csrfToken } : old,
  );
}

let loggingOut = false;

/** True while a logout is under way, so the layout does not remember the page to come back to. */
export function isLoggingOut(): boolean {
  return loggingOut;
}

type Navigate = (opts: { to: '/masuk' }) => Promise<unknown>;

export async function performLogout(queryClient: QueryClient, navigate: Navigate): Promise<void> {
  loggingOut = true;
  try {
    await logout();
  } catch {
    // the session may already be gone; the outcome for the person is the same
  }
  forgetLocaleSync();
  // Forget everything this user could see.
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  setSessionUser(queryClient, null);
  try {
    await navigate({ to: '/masuk' });
  } finally {
    loggingOut = false;
  }
  // A fresh anonymous session brings a fresh CSRF token for the next login.
  await queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });
}

// A language picked before logging in is the person's latest wish; it is
// saved to their profile at login. Otherwise the profile's language wins.
let chosenBeforeLogin = false;
let syncedUserId: string | null = null;

export function markLocaleChosenWhileLoggedOut(): void {
  chosenBeforeLogin = true;
}

export async function syncLocaleWithUser(queryClient: QueryClient, user: SessionUser): Promise<void> {
  if (syncedUserId === user.id) return;
  syncedUserId = user.id;
  const here = currentLocale();
  if (chosenBeforeLogin && user.locale !== here) {
    chosenBeforeLogin = false;
    try {
      const out = await updateMe({ locale: here });
      setSessionUser(queryClient, out.user);
    } catch {
      // the choice still applies on this device
    }
    return;
  }
  chosenBeforeLogin = false;
  if (user.locale !== here) await applyLocale(user.locale);
}

export function forgetLocaleSync(): void {
  syncedUserId = null;
}

export async function saveLocale(queryClient: QueryClient, locale: Locale, user: SessionUser | null | undefined): Promise<void> {
  await applyLocale(locale);
  if (!user) {
    markLocaleChosenWhileLoggedOut();
    return;
  }
  const out = await updateMe({ locale });
  setSessionUser(queryClient, out.user);
}
