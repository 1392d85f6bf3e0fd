import { useTranslation } from 'react-i18next';
import { formatDateTime, isoDateTime } from '../lib/format.ts';

/** A moment shown in WIB, with the exact instant machine-readable. */
export function DateTime({ value, fallback }: { value: string | null | undefined; fallback?: string }) {
  const { i18n } = useTranslation();
  if (!value) return <>{fallback ?? '—'}</>;
  return <time dateTime={isoDateTime(value)}>{formatDateTime(value, i18n.language)}</time>;
}
