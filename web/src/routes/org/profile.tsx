import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { updateMe } from '../../api/endpoints.ts';
import { LOCALES, type Locale } from '../../api/types.ts';
import { saveLocale, setSessionUser, useUser } from '../../auth/session.ts';
import { TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { FormAlert } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { isLocale } from '../../i18n/index.ts';
import { ChangePasswordForm } from '../auth/change-password-form.tsx';
import { Email } from '../../components/email.tsx';
import { PendingButton } from '../../components/pending-button.tsx';

function NameForm() {
  const { t } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const [name, setName] = useState(user.name);
  const mutation = useMutation({
    mutationFn: (value: string) => updateMe({ name: value }),
    onSuccess: (out) => {
      setSessionUser(queryClient, out.user);
      toast.success(t('profile.nameSaved'));
    },
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending) return;
    mutation.mutate(name.trim());
  };
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  return (
    <Form onSubmit={onSubmit} className="form" validationErrors={fieldErrors}>
      <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
      <TextInput label={t('profile.name')} name="name" value={name} onChange={setName} isRequired autoComplete="name" />
      <div className="form__actions">
        <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending} isDisabled={name.trim() === user.name}>
          {mutation.isPending ? t('common.saving') : t('profile.saveName')}
        </PendingButton>
      </div>
    </Form>
  );
}

function LanguageForm() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const onChange = async (value: string) => {
    if (!isLocale(value)) return;
    setError(null);
    try {
      await saveLocale(queryClient, value, user);
      toast.success(t('profile.languageSaved'));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <>
      <FormAlert message={error} />
      <RadioGroup className="radio-group" value={isLocale(i18n.language) ? i18n.language : user.locale} onChange={(v) => void onChange(v)}>
        <Label className="field__label">{t('profile.language')}</Label>
        {LOCALES.map((l: Locale) => (
          <Radio key={l} value={l} className="radio" lang={l}>
            {t(`language.${l}`)}
          </Radio>
        ))}
      </RadioGroup>
    </>
  );
}

export function ProfilePage() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <Page title={t('profile.title')} intro={t('profile.intro')}>
      <div className="stack">
        <section className="card" aria-labelledby="account-title">
          <h2 id="account-title" className="card__heading">
            {t('profile.account')}
          </h2>
          <dl className="facts facts--compact">
            <div>
              <dt>{t('profile.email')}</dt>
              <dd><Email value={user.email} /></dd>
            </div>
            <div>
              <dt>{t('profile.role')}</dt>
              <dd>{t(`roles.${user.role}`)}</dd>
            </div>
            <div>
              <dt>{t('profile.org')}</dt>
              <dd>{user.orgName}</dd>
            </div>
          </dl>
          <NameForm />
        </section>
        <section className="card" aria-labelledby="lang-title">
          <h2 id="lang-title" className="card__heading">
            {t('language.label')}
          </h2>
          <LanguageForm />
        </section>
        <section className="card" aria-labelledby="pw-title">
          <h2 id="pw-title" className="card__heading">
            {t('profile.password')}
          </h2>
          <ChangePasswordForm onDone={() => void toast.success(t('profile.passwordChanged'))} />
        </section>
      </div>
    </Page>
  );
}
