import type { QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { relativeTime } from '../../lib/channels.ts';
import { formatDateTime, isoDateTime } from '../../lib/format.ts';

/** Platform display names (Facebook, Instagram, WhatsApp, X, Telegram, YouTube, TikTok); unknown codes as they are. */
export function usePlatformName(): (platform: string) => string {
  const { t, i18n } = useTranslation();
  return (platform: string) => (i18n.exists(`platforms.${platform}`) ? t(`platforms.${platform}` as 'platforms.x') : platform);
}

/**
 * "3 menit yang lalu" with the exact WIB time beside it ("27 Nov 2026 14.05 WIB"), inside one
 * <time dateTime>. expiry: a moment that may lie ahead (token expiry), shown date first:
 * "1 Des 2026 06.49 WIB (dalam 2 hari)"; anything else already happened.
 */
export function RelativeTime({ value, now, expiry = false }: { value: string; now: Date; expiry?: boolean }) {
  const { t, i18n } = useTranslation();
  // `now` ticks every 30 s; fresher data re-renders with the real current time.
  const current = new Date(Math.max(now.getTime(), Date.now()));
  const relative = relativeTime(value, current, i18n.language, t('channels.justNow'), { pastOnly: !expiry });
  const exact = formatDateTime(value, i18n.language);
  if (!relative) return <>{exact || '—'}</>;
  return (
    <time dateTime={isoDateTime(value)} className="relative-time">
      {expiry ? (
        <>
          {exact} <span className="relative-time__hint">({relative})</span>
        </>
      ) : (
        <>
          {relative} <span className="relative-time__hint">({exact})</span>
        </>
      )}
    </time>
  );
}

/** After connecting, checking or disconnecting: accounts, health and events (not a pending OAuth choice). */
export function invalidateChannels(queryClient: QueryClient): Promise<unknown> {
  return Promise.all(['accounts', 'health', 'events'].map((k) => queryClient.invalidateQueries({ queryKey: ['channels', k] })));
}
