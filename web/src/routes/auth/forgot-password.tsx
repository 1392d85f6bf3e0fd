import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { requestPasswordReset } from '../../api/endpoints.ts';
import { PublicLayout } from '../../components/app-shell.tsx';
import { TextInput } from '../../components/fields.tsx';
import { useDocumentTitle } from '../../components/page.tsx';
import { FormAlert, SuccessAlert } from '../../components/states.tsx';
import { AuthCard } from './auth-card.tsx';
import { PendingButton } from '../../components/pending-button.tsx';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.forgotTitle'));
  const mutation = useMutation({ mutationFn: requestPasswordReset });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending) return;
    const email = String(new FormData(e.currentTarget).get('email') ?? '').trim();
    mutation.mutate(email);
  };

  return (
    <PublicLayout>
      <AuthCard title={t('auth.forgotTitle')} intro={mutation.isSuccess ? undefined : t('auth.forgotIntro')}>
        {mutation.isSuccess ? (
          <SuccessAlert>{t('auth.resetSent')}</SuccessAlert>
        ) : (
          <Form onSubmit={onSubmit} className="form">
            <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
            <TextInput label={t('auth.email')} name="email" type="email" inputMode="email" autoComplete="email" isRequired autoFocus />
            <PendingButton type="submit" className="btn btn--primary btn--block" isPending={mutation.isPending}>
              {mutation.isPending ? t('auth.sending') : t('auth.sendReset')}
            </PendingButton>
          </Form>
        )}
        <p className="auth-card__links">
          <Link to="/masuk">{t('auth.backToLogin')}</Link>
        </p>
      </AuthCard>
    </PublicLayout>
  );
}
