// Time is WIB (Asia/Jakarta, UTC+7, no daylight saving). Stored as timestamptz, shown in WIB.

export const WIB = 'Asia/Jakarta';
const OFFSET = '+07:00';

/** A calendar date (YYYY-MM-DD) in WIB → the instant it starts. */
export function startOfWibDate(date: string): Date {
  return new Date(`${date}T00:00:00${OFFSET}`);
}

/** Parses an ISO datetime, or a date-only value as the start (or the end, exclusive) of that WIB day. */
export function parseWibBound(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = startOfWibDate(value);
    return end ? new Date(start.getTime() + 86_400_000) : start;
  }
  return new Date(value);
}

const fmt = new Intl.DateTimeFormat('id-ID', {
  timeZone: WIB,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** "27 Nov 2026 14.05 WIB" */
export function formatWib(d: Date): string {
  return `${fmt.format(d).replace(',', '')} WIB`;
}
