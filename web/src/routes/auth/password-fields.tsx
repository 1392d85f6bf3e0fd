import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordInput } from '../../components/fields.tsx';

export const MIN_PASSWORD_LENGTH = 10;

/** New password + confirmation, checked as the person types (min length, equality). */
export function NewPasswordFields({ current }: { current?: string }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  return (
    <>
      <PasswordInput
        label={t('auth.newPassword')}
        name="newPassword"
        autoComplete="new-password"
        isRequired
        value={password}
        onChange={setPassword}
        description={t('auth.passwordHint')}
        validate={(v) => {
          if (v.length < MIN_PASSWORD_LENGTH) return t('auth.passwordTooShort');
          if (current !== undefined && v === current) return t('auth.passwordSameAsCurrent');
          return null;
        }}
      />
      <PasswordInput
        label={t('auth.confirmPassword')}
        name="confirmPassword"
        autoComplete="new-password"
        isRequired
        validate={(v) => (v !== password ? t('auth.passwordMismatch') : null)}
      />
    </>
  );
}
