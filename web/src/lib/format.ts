// Dates are always shown in WIB (Asia/Jakarta), whatever the browser's zone.
export const WIB = 'Asia/Jakarta';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withTime}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', {
      timeZone: WIB,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    dateTimeFormats.set(key, f);
  }
  return f;
}

function toDate(value: string | Date): Date | null {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "27 Nov 2026 14.05 WIB" (id) or "27 Nov 2026 14:05 WIB" (en). */
export function formatDateTime(value: string | Date | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '';
  const d = toDate(value);
  if (!d) return '';
  const parts = Object.fromEntries(formatter(locale, true).formatToParts(d).map((p) => [p.type, p.value]));
  const sep = locale === 'en' ? ':' : '.';
  return `${parts.day} ${parts.month} ${parts.year} ${parts.hour}${sep}${parts.minute} WIB`;
}

const longFormats = new Map<string, Intl.DateTimeFormat>();

/** "Senin, 7 Desember 2026 pukul 08.00 WIB" (id) or "Monday 7 December 2026, 08:00 WIB" (en): a time read back in words. */
export function formatDateTimeLong(value: string | Date, locale: string): string {
  const d = toDate(value);
  if (!d) return '';
  const key = locale === 'en' ? 'en' : 'id';
  let f = longFormats.get(key);
  if (!f) longFormats.set(key, (f = new Intl.DateTimeFormat(key === 'en' ? 'en-GB' : 'id-ID', { timeZone: WIB, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return key === 'en' ? `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} WIB` : `${p.weekday}, ${p.day} ${p.month} ${p.year} pukul ${p.hour}.${p.minute} WIB`;
}

/** "27 Nov 2026", the calendar day in WIB. */
export function formatDate(value: string | Date | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '';
  const d = toDate(value);
  if (!d) return '';
  const parts = Object.fromEntries(formatter(locale, false).formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year}`;
}

/** Machine-readable value for <time dateTime>. */
export function isoDateTime(value: string | Date): string {
  const d = toDate(value);
  return d ? d.toISOString() : '';
}

/** Today's date in WIB as YYYY-MM-DD. */
export function wibToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: WIB, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID').format(value);
}

/** Readable, indented JSON for audit before/after; rendered as text only. */
export function prettyJson(value: unknown): string {
  if (value === null || value === undefined) return '—';
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}
