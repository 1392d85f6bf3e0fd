// Pure helpers of the Publikasi pages: WIB calendar arithmetic (WIB is UTC+7 all year, no daylight
// saving), the date-time field's value in WIB whatever the browser's zone, status tones, the
// composer's content bookkeeping and the approval chain's names. Unit-tested in publishing.test.ts.
import type { PostContent, PostDetail, PostStatus, PublicationStatus } from '../api/publishing.ts';

const WIB_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** A WIB calendar day as YYYY-MM-DD. */
export type Day = string;

function wibShift(value: string | Date): Date {
  return new Date(new Date(value).getTime() + WIB_MS);
}

/** The WIB calendar day of an instant. */
export function wibDay(value: string | Date): Day {
  return wibShift(value).toISOString().slice(0, 10);
}

/** "HH:mm" in WIB. */
export function wibTime(value: string | Date): string {
  return wibShift(value).toISOString().slice(11, 16);
}

/** The instant a WIB day starts. */
export function dayStart(day: Day): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - WIB_MS);
}

export function addDays(day: Day, n: number): Day {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Monday = 0 … Sunday = 6 (Indonesian calendars start the week on Monday). */
export function weekdayIndex(day: Day): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

export function startOfWeek(day: Day): Day {
  return addDays(day, -weekdayIndex(day));
}

export function startOfMonth(day: Day): Day {
  return `${day.slice(0, 7)}-01`;
}

export function addMonths(day: Day, n: number): Day {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + n;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 10);
}

/** The weeks (Monday first) that cover the month of `day`: 4 to 6 rows of 7 days. */
export function monthGrid(day: Day): Day[][] {
  const first = startOfMonth(day);
  const next = addMonths(first, 1);
  const weeks: Day[][] = [];
  for (let start = startOfWeek(first); start < next; start = addDays(start, 7)) weeks.push(Array.from({ length: 7 }, (_, i) => addDays(start, i)));
  return weeks;
}

export function weekDays(day: Day): Day[] {
  const start = startOfWeek(day);
  return Array.from({ length: 7 }, (_, i) => addDays(start, i));
}

export type CalendarView = 'bulan' | 'minggu' | 'daftar';

/** The calendar's range for the API (WIB days, `to` inclusive) for a view around a day. */
export function viewRange(view: CalendarView, day: Day): { from: Day; to: Day } {
  if (view === 'minggu') {
    const days = weekDays(day);
    return { from: days[0]!, to: days[6]! };
  }
  if (view === 'bulan') {
    const weeks = monthGrid(day);
    return { from: weeks[0]![0]!, to: weeks.at(-1)![6]! };
  }
  // list: the month of the day
  return { from: startOfMonth(day), to: addDays(addMonths(startOfMonth(day), 1), -1) };
}

/** The day to show after "previous"/"next" in a view. */
export function stepDay(view: CalendarView, day: Day, dir: 1 | -1): Day {
  return view === 'minggu' ? addDays(day, 7 * dir) : addMonths(startOfMonth(day), dir);
}

/** The same WIB time of day on another WIB day (dragging a post to another day keeps its hour). */
export function moveToDay(value: string, day: Day): string {
  const timeOfDay = (new Date(value).getTime() + WIB_MS) % DAY_MS;
  return new Date(dayStart(day).getTime() + timeOfDay).toISOString();
}

/** An instant as the value of <input type="datetime-local"> in WIB ("2026-12-07T08:00"). */
export function toWibInput(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const iso = wibShift(d).toISOString();
  return iso.slice(17, 19) === '00' ? iso.slice(0, 16) : iso.slice(0, 19);
}

/** The field's WIB value ("2026-12-07T08:00", seconds optional) as an ISO instant; null when empty or invalid. */
export function fromWibInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)) - WIB_MS;
  const back = new Date(utc + WIB_MS);
  if (back.getUTCDate() !== Number(d) || back.getUTCMonth() !== Number(mo) - 1) return null;
  return new Date(utc).toISOString();
}

export type Tone = 'success' | 'warning' | 'danger' | 'neutral' | 'info';

export function postTone(status: PostStatus): Tone {
  switch (status) {
    case 'dipublikasikan':
      return 'success';
    case 'disetujui':
    case 'terjadwal':
    case 'menerbitkan':
      return 'info';
    case 'diajukan':
    case 'perlu_revisi':
    case 'sebagian_gagal':
    case 'kedaluwarsa':
      return 'warning';
    case 'gagal':
      return 'danger';
    default:
      return 'neutral';
  }
}

export function publicationTone(status: PublicationStatus): Tone {
  return status === 'published' ? 'success' : status === 'failed' ? 'danger' : status === 'ambiguous' ? 'warning' : status === 'cancelled' ? 'neutral' : 'info';
}

/** Statuses a post may be moved (rescheduled) from in the calendar. */
export const MOVABLE: readonly PostStatus[] = ['draft', 'diajukan', 'perlu_revisi', 'disetujui', 'terjadwal', 'kedaluwarsa'];

/** Categories offered in the composer and the settings (the server accepts any lowercase code). */
export const POST_CATEGORIES = ['informasi', 'layanan', 'kegiatan', 'pengumuman', 'kesehatan', 'pendidikan', 'kebencanaan', 'darurat', 'kampanye'] as const;

export const EMPTY_CONTENT: PostContent = { title: '', text: '', link: null, media: [], channels: [], catalog: null };

/** The content in the server's key order, so that two equal contents serialise equally. */
export function normalizeContent(c: PostContent): PostContent {
  return {
    title: c.title,
    text: c.text,
    link: c.link && c.link.trim() ? c.link.trim() : null,
    media: c.media.map((m) => ({ mediaId: m.mediaId, kind: m.kind, altText: m.altText })),
    channels: c.channels.map((ch) => ({ accountId: ch.accountId, text: ch.text, title: ch.title })),
    catalog: c.catalog ? { kind: c.catalog.kind, id: c.catalog.id, name: c.catalog.name } : null,
  };
}

export function sameContent(a: PostContent, b: PostContent): boolean {
  return JSON.stringify(normalizeContent(a)) === JSON.stringify(normalizeContent(b));
}

/** A link the server will accept (http or https URL), or the reason it will not. */
export function linkProblem(value: string): 'invalid' | null {
  if (!value.trim()) return null;
  try {
    const u = new URL(value.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? null : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Hashtags in a text, as the platforms count them. */
export function hashtags(text: string): string[] {
  return text.match(/#[\p{L}\p{N}_]+/gu) ?? [];
}

/**
 * Who approved each level of the current version, by name: the approvals given since the version
 * was last submitted (a withdrawal or a request for changes starts the round again), as the server
 * counts them.
 */
export function approverNames(post: Pick<PostDetail, 'reviews' | 'currentVersion'>): Map<number, { by: string | null; at: string }> {
  let round = new Map<number, { by: string | null; at: string }>();
  for (const r of post.reviews) {
    if (r.version !== post.currentVersion) continue;
    if (r.decision === 'approved') round.set(r.level, { by: r.by, at: r.at });
    else round = new Map();
  }
  return round;
}

/** Only http(s) URLs become links (a platform's permalink is data from outside). */
export function safeHref(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}
