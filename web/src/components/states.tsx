import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <div className="state state--empty" role="status">
      <p>{children}</p>
    </div>
  );
}

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">{title ?? t('errors.loadFailed')}</p>
      <p>{errorMessage(error)}</p>
      {onRetry ? (
        <Button className="btn btn--secondary" onPress={onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </div>
  );
}

/** A form-level error, announced as soon as it appears. */
export function FormAlert({ message }: { message: string | null | undefined }) {
  return (
    <div role="alert" aria-atomic="true" className={message ? 'alert alert--error' : 'visually-hidden'}>
      {message ? <p>{message}</p> : null}
    </div>
  );
}

export function SuccessAlert({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert--success" role="status">
      <p>{children}</p>
    </div>
  );
}
