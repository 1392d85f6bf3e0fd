import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { login, OIDC_START_URL } from '../../api/endpoints.ts';
import type { Session } from '../../api/types.ts';
import { sessionQuery, useSession } from '../../auth/session.ts';
import { PublicLayout } from '../../components/app-shell.tsx';
import { PasswordInput, TextInput } from '../../components/fields.tsx';
import { useDocumentTitle } from '../../components/page.tsx';
import { FormAlert } from '../../components/states.tsx';
import { safeRedirect } from '../../lib/permissions.ts';
import { AuthCard } from './auth-card.tsx';
import { PendingButton } from '../../components/pending-button.tsx';

const route = getRouteApi('/masuk');

export function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.loginTitle'));
  const search = route.useSearch();
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: async (out) => {
      queryClient.setQueryData<Session>(sessionQuery.queryKey, (old) => ({
        oidc: old?.oidc ?? { enabled: false, label: null },
        user: out.user,
        csrfToken: out.csrfToken,
      }));
      if (out.user.mustChangePassword) await navigate({ to: '/ganti-sandi' });
      else await navigate({ href: safeRedirect(search.kembali) });
    },
  });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending) return;
    const data = new FormData(e.currentTarget);
    mutation.mutate({ email: String(data.get('email') ?? '').trim(), password: String(data.get('password') ?? '') });
  };

  const oidc = session?.oidc;
  return (
    <PublicLayout>
      <AuthCard title={t('auth.loginTitle')} intro={t('auth.loginIntro')}>
        {search.alasan === 'sesi' ? <p className="alert alert--info">{t('auth.sessionExpired')}</p> : null}
        {search.galat ? (
          <p className="alert alert--error" role="alert">
            {t(`auth.ssoError.${search.galat}`, { defaultValue: t('auth.ssoError.oidc_failed') })}
          </p>
        ) : null}
        <Form onSubmit={onSubmit} className="form">
          <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
          <TextInput label={t('auth.email')} name="email" type="email" inputMode="email" autoComplete="username" isRequired autoFocus />
          <PasswordInput label={t('auth.password')} name="password" autoComplete="current-password" isRequired />
          <PendingButton type="submit" className="btn btn--primary btn--block" isPending={mutation.isPending}>
            {mutation.isPending ? t('auth.submittingLogin') : t('auth.submitLogin')}
          </PendingButton>
        </Form>
        <p className="auth-card__links">
          <Link to="/lupa-sandi">{t('auth.forgotLink')}</Link>
        </p>
        {oidc?.enabled ? (
          <div className="auth-card__sso">
            <p className="divider">
              <span>{t('auth.or')}</span>
            </p>
            <a className="btn btn--secondary btn--block" href={search.kembali ? `${OIDC_START_URL}?kembali=${encodeURIComponent(search.kembali)}` : OIDC_START_URL}>
              {oidc.label ? t('auth.ssoWith', { label: oidc.label }) : t('auth.sso')}
            </a>
          </div>
        ) : null}
      </AuthCard>
    </PublicLayout>
  );
}
