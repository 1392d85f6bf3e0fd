import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from 'react-aria-components';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { ApiError, configureApi } from './api/client.ts';
import { sessionQuery, setSessionUser } from './auth/session.ts';
import { currentLocale, initI18n } from './i18n/index.ts';
import { createAppRouter } from './router.tsx';
import './styles/tokens.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/channels.css';
import './styles/inbox.css';
import './styles/cases.css';
import './styles/publishing.css';

const i18n = initI18n();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will not get better by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    },
  },
});

configureApi({
  locale: currentLocale,
  messages: () => ({ network: i18n.t('errors.network'), unexpected: i18n.t('errors.unexpected') }),
  // The server ended the session (expiry, deactivation): drop the user; the layout sends them to login.
  onUnauthorized: () => {
    const session = queryClient.getQueryData(sessionQuery.queryKey);
    if (session?.user) setSessionUser(queryClient, null);
  },
  refreshCsrf: async () => {
    await queryClient.fetchQuery({ ...sessionQuery, staleTime: 0 });
  },
});

const router = createAppRouter(queryClient);

/** react-aria's own formatting (and direction) follows the interface language. */
function AriaLocale({ children }: { children: ReactNode }) {
  const { i18n: current } = useTranslation();
  return <I18nProvider locale={current.language === 'en' ? 'en-GB' : 'id-ID'}>{children}</I18nProvider>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <AriaLocale>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AriaLocale>
    </I18nextProvider>
  </StrictMode>,
);
