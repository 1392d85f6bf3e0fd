import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { performLogout, sessionQuery, useSession } from '../../auth/session.ts';
import { PublicLayout } from '../../components/app-shell.tsx';
import { useDocumentTitle } from '../../components/page.tsx';
import { toast } from '../../components/toast.tsx';
import { AuthCard } from './auth-card.tsx';
import { ChangePasswordForm } from './change-password-form.tsx';

/** Seeded and reset accounts must replace their password before anything else. */
export function ForcedPasswordChangePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.changeTitle'));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const user = useSession()?.user;

  const done = async () => {
    toast.success(t('auth.changeDone'));
    await queryClient.fetchQuery({ ...sessionQuery, staleTime: 0 });
    await navigate({ to: '/' });
  };

  return (
    <PublicLayout>
      <AuthCard title={t('auth.changeTitle')} intro={t('auth.changeRequiredIntro')}>
        {user ? <p className="auth-card__who">{user.email}</p> : null}
        <ChangePasswordForm onDone={done} />
        <p className="auth-card__links">
          <Button
            className="link-button"
            onPress={() => {
              const message = t('header.loggedOut');
              void performLogout(queryClient, (opts) => navigate(opts)).then(() => toast.info(message));
            }}
          >
            {t('header.logout')}
          </Button>
        </p>
      </AuthCard>
    </PublicLayout>
  );
}
