// Pure helpers of the Saluran (channels) pages: status tones, relative times, event kinds,
// the province view's "problems only" rule, and the codes the OAuth round trip comes back with.
import type { ChannelHealthRow, ChannelStatus } from '../api/types.ts';

export type Tone = 'success' | 'warning' | 'danger' | 'neutral';

export function statusTone(status: ChannelStatus): Tone {
  switch (status) {
    case 'active':
      return 'success';
    case 'expiring':
      return 'warning';
    case 'expired':
    case 'revoked':
    case 'error':
      return 'danger';
    default:
      return 'neutral';
  }
}

/** Statuses that need an admin to reconnect the account. */
export function needsReconnect(status: ChannelStatus): boolean {
  return status === 'expired' || status === 'revoked';
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

const rtfCache = new Map<string, Intl.RelativeTimeFormat>();
function rtf(locale: string): Intl.RelativeTimeFormat {
  const key = locale === 'en' ? 'en-GB' : 'id-ID';
  let f = rtfCache.get(key);
  if (!f) {
    f = new Intl.RelativeTimeFormat(key, { numeric: 'always' });
    rtfCache.set(key, f);
  }
  return f;
}

/**
 * "3 menit yang lalu" / "dalam 7 hari" (id), "3 minutes ago" / "in 7 days" (en). Under a minute
 * in the past reads "baru saja" through the caller's `justNow` text; null for an invalid value.
 * pastOnly: for moments that already happened, a time slightly ahead of this clock reads "baru saja".
 */
export function relativeTime(value: string | Date, now: Date, locale: string, justNow: string, opts: { pastOnly?: boolean } = {}): string | null {
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return null;
  // Something that already happened (a message, a check) never reads "in 8 seconds" because of clock skew.
  const diff = opts.pastOnly ? Math.min(0, d.getTime() - now.getTime()) : d.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < 60_000) return diff <= 0 || abs < 1_000 ? justNow : rtf(locale).format(Math.round(diff / 1000), 'second');
  for (const [unit, ms] of UNITS) {
    if (abs >= ms || unit === 'minute') {
      // Truncate toward zero: 1 h 59 min ago is "1 jam yang lalu", not "2 jam".
      const n = Math.trunc(diff / ms);
      return rtf(locale).format(n === 0 ? Math.sign(diff) : n, unit);
    }
  }
  return null;
}

/**
 * Handles as people write them: "@dinkes.sumbar" whether the platform gave "dinkes.sumbar" or
 * "@@dinkes.sumbar"; WhatsApp's (a phone number or display name) is left as it is.
 */
export function displayHandle(platform: string, handle: string): string {
  const h = handle.trim();
  if (platform === 'whatsapp' || !h) return h;
  return `@${h.replace(/^@+/, '')}`;
}

/** A coarse, translatable category for a platform-specific event kind ("feed.comment.add", "update.message"…). */
export type EventCategory = 'comment' | 'message' | 'mention' | 'reaction' | 'status' | 'post' | 'other';

export function eventCategory(kind: string): EventCategory {
  const k = kind.toLowerCase();
  if (k === 'unknown' || k === 'empty') return 'other';
  if (k.includes('mention')) return 'mention';
  if (k.includes('reaction') || k.includes('favorite') || k.includes('like')) return 'reaction';
  if (k.includes('comment') || k.includes('reply')) return 'comment';
  if (k.includes('status') || k.includes('delivery') || k.includes('.read') || k.includes('echo')) return 'status';
  if (k.includes('message') || k.includes('direct') || k.includes('postback') || k.includes('callback_query')) return 'message';
  if (k.includes('tweet') || k.includes('post') || k.includes('feed') || k.includes('video')) return 'post';
  return 'other';
}

/** An OPD needs attention: a failing or expiring account, or nothing connected at all. */
export function hasProblem(row: Pick<ChannelHealthRow, 'accounts' | 'expiring' | 'failing'>): boolean {
  return row.accounts === 0 || row.expiring > 0 || row.failing > 0;
}

export const CONNECT_ERROR_CODES = [
  'channel_connect_expired',
  'channel_auth_failed',
  'channel_no_accounts',
  'channel_taken',
  'channel_platform_error',
  'channel_platform_unavailable',
  'unauthenticated',
] as const;
export type ConnectErrorCode = (typeof CONNECT_ERROR_CODES)[number] | 'unknown';

/** The `?galat=` code as one we have a message for; anything else reads as a generic failure. */
export function connectErrorCode(value: string | undefined): ConnectErrorCode {
  return (CONNECT_ERROR_CODES as readonly string[]).includes(value ?? '') ? (value as ConnectErrorCode) : 'unknown';
}
