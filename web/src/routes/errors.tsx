import { Link, type ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.ts';
import { useSession } from '../auth/session.ts';
import { AppShell, PublicLayout } from '../components/app-shell.tsx';
import { Page } from '../components/page.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  const user = useSession()?.user ?? null;
  const body = (
    <Page title={t('errors.notFoundTitle')} intro={t('errors.notFoundText')} width="narrow">
      <p>
        {user ? (
          <Link to="/" className="btn btn--primary">
            {t('errors.goHome')}
          </Link>
        ) : (
          <Link to="/masuk" className="btn btn--primary">
            {t('errors.goLogin')}
          </Link>
        )}
      </p>
    </Page>
  );
  return user && !user.mustChangePassword ? <AppShell user={user}>{body}</AppShell> : <PublicLayout>{body}</PublicLayout>;
}

/** Last resort when a page throws or the server cannot be reached at all. */
export function CrashPage({ error }: ErrorComponentProps) {
  const { t } = useTranslation();
  return (
    <PublicLayout>
      <Page title={t('errors.crashTitle')} intro={t('errors.crashText')} width="narrow">
        <p className="alert alert--error" role="alert">
          {errorMessage(error)}
        </p>
        <p className="button-row">
          <button type="button" className="btn btn--primary" onClick={() => window.location.reload()}>
            {t('common.retry')}
          </button>
          <a href="/" className="btn btn--secondary">
            {t('errors.goHome')}
          </a>
        </p>
      </Page>
    </PublicLayout>
  );
}
