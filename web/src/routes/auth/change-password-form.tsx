import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client.ts';
import { changePassword } from '../../api/endpoints.ts';
import { PasswordInput } from '../../components/fields.tsx';
import { FormAlert } from '../../components/states.tsx';
import { NewPasswordFields } from './password-fields.tsx';
import { PendingButton } from '../../components/pending-button.tsx';

/** Current password + new password; used by the forced change page and the profile. */
export function ChangePasswordForm({ onDone, submitLabel }: { onDone: () => void | Promise<void>; submitLabel?: string }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [formKey, setFormKey] = useState(0);
  const mutation = useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => changePassword(input.currentPassword, input.newPassword),
    onSuccess: async () => {
      setCurrent('');
      setFormKey((k) => k + 1);
      await onDone();
    },
  });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mutation.isPending) return;
    const data = new FormData(e.currentTarget);
    mutation.mutate({ currentPassword: String(data.get('currentPassword') ?? ''), newPassword: String(data.get('newPassword') ?? '') });
  };

  const serverFieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  return (
    <Form key={formKey} onSubmit={onSubmit} className="form" validationErrors={serverFieldErrors}>
      <FormAlert message={mutation.isError ? errorMessage(mutation.error) : null} />
      <PasswordInput label={t('auth.currentPassword')} name="currentPassword" autoComplete="current-password" isRequired value={current} onChange={setCurrent} />
      <NewPasswordFields current={current} />
      <div className="form__actions">
        <PendingButton type="submit" className="btn btn--primary" isPending={mutation.isPending}>
          {mutation.isPending ? t('common.saving') : (submitLabel ?? t('auth.changeSubmit'))}
        </PendingButton>
      </div>
    </Form>
  );
}
