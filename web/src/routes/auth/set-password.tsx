import { useMutation } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { confirmPasswordReset } from '../../api/endpoints.ts';
import { PublicLayout } from '../../components/app-shell.tsx';
import { useDocumentTitle } from '../../components/page.tsx';
import { FormAlert } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { AuthCard } from './auth-card.tsx';
import { NewPasswordFields } from './password-fields.tsx';
import { PendingButton } from '../../components/pending-button.tsx';

const route = getRouteApi('/atur-sandi');

/** Reached from the reset or invitation e-mail: /atur-sandi?token=... */
export function SetPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.setTitle'));
  const { token } = route.useSearch();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: (password: string) => confirmPasswordReset(token ?? '', password),
    onSuccess: async () => {
      toast.success(t('auth.setDone'));
      await navigate({ to: '/masuk' });
    },
  });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending) return;
    mutation.mutate(String(new FormData(e.currentTarget).get('newPassword') ?? ''));
  };

  return (
    <PublicLayout>
      <AuthCard title={t('auth.setTitle')} intro={token ? t('auth.setIntro') : undefined}>
        {token ? (
          <Form onSubmit={onSubmit} className="form">
            <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
            <NewPasswordFields />
            <PendingButton type="submit" className="btn btn--primary btn--block" isPending={mutation.isPending}>
              {mutation.isPending ? t('common.saving') : t('auth.setSubmit')}
            </PendingButton>
          </Form>
        ) : (
          <p className="alert alert--error" role="alert">
            {t('auth.tokenMissing')}
          </p>
        )}
        <p className="auth-card__links">
          {mutation.isError || !token ? <Link to="/lupa-sandi">{t('auth.requestNewLink')}</Link> : null}
          <Link to="/masuk">{t('auth.backToLogin')}</Link>
        </p>
      </AuthCard>
    </PublicLayout>
  );
}
