import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Holidays from 'date-holidays';
import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/index.ts';

// The working-day calendar behind every complaint deadline (SP4N-LAPOR! counts working days).
//
// A working day is Monday–Friday (the ASN week) in Asia/Jakarta (WIB, UTC+7, no daylight
// saving) that is not a national holiday, cuti bersama or local holiday; a row of kind
// extra_working_day makes any day a working day. National holidays come from the npm package
// date-holidays (country ID, type 'public'), computed once per year and cached; the holiday table
// (db/migrations/0007_holidays.sql, seeded from db/seed/holidays.json, edited by province admins)
// adds the rest. The arithmetic is pure and synchronous: only loadCalendar and seedHolidays touch
// the database.
//
// Counting (docs/deadlines.md has the full rules and examples):
//   addWorkingDays(t, n)  = 23:59:59.999 WIB of the n-th working day strictly after the WIB day of t.
//                           The event's own day never counts; an event on a weekend or holiday is
//                           therefore counted from the next working day (that day is day 1).
//                           n = 0 gives the end of the event's own WIB day.
//   workingDaysBetween(a, b) = working days strictly after a's WIB day that have completely ended
//                           by b (a day ends at 23:59:59.999 WIB), negative when b < a. So
//                           workingDaysBetween(t, addWorkingDays(t, n)) = n, and for n >= 1
//                           workingDaysBetween(a, b) >= n  <=>  b >= addWorkingDays(a, n).
//   addCalendarDays(t, n) = 23:59:59.999 WIB of the n-th calendar day after t's WIB day (60-day cap).
//   addHours(t, h)        = exactly t + h hours (UU PDP counts 3×24 hours, not days).

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export const TIMEZONE = 'Asia/Jakarta';
/** WIB is UTC+7 all year (no daylight saving since 1964). */
export const WIB_OFFSET_MS = 7 * HOUR_MS;
/** Years the calendar answers for; outside them it throws instead of guessing. */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2200;
/** Upper bound on n, so a bad value cannot spin the loop for years. */
export const MAX_WORKING_DAYS = 3_650;
export const MAX_CALENDAR_DAYS = 36_500;

export const HOLIDAY_KINDS = ['national', 'cuti_bersama', 'local', 'extra_working_day'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

/** A row of the holiday table (or of db/seed/holidays.json). */
export interface HolidayOverride {
  /** Calendar date in WIB, 'YYYY-MM-DD'. */
  date: string;
  name: string;
  kind: HolidayKind;
  source?: string | null | undefined;
}

export interface NationalHoliday {
  /** Calendar date, 'YYYY-MM-DD'. */
  date: string;
  name: string;
}

/** A calendar date: an instant (its WIB day is taken) or a 'YYYY-MM-DD' string (a WIB date). */
export type DateInput = Date | string;

export interface DayEntry {
  name: string;
  kind: HolidayKind;
  /** 'date-holidays' for the package's national holidays, else the table row's source. */
  source: string;
}

export interface DayInfo {
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  weekend: boolean;
  working: boolean;
  /** What the package and the table say about the day (package first). */
  entries: DayEntry[];
}

export interface TimeLeft {
  deadline: Date;
  now: Date;
  /** now is after the deadline. */
  overdue: boolean;
  /** deadline − now in milliseconds (negative when overdue). */
  ms: number;
  /** Whole hours left, or overdue when overdue (always ≥ 0). */
  hours: number;
  /**
   * Not overdue: working days after today (WIB) up to and including the deadline's day, i.e. the
   * working days still to come besides today (0 = the deadline passes before the next working day
   * begins, normally at the end of today). Overdue: working days after the deadline's day up to and
   * including today (1 on the first working day after a missed deadline).
   */
  workingDays: number;
  /** Not overdue and the deadline falls on today's WIB date. */
  dueToday: boolean;
  /** The deadline as 'YYYY-MM-DD HH:mm WIB'. */
  due: string;
}

// ---------------------------------------------------------------------------------------------
// WIB dates as day numbers (days since 1970-01-01 in WIB).

function checkDay(day: number, where: string): number {
  const year = yearOfDay(day);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`${where}: ${dayToDate(day)} is outside the calendar's years ${MIN_YEAR}–${MAX_YEAR}`);
  }
  return day;
}

function instantMs(value: unknown, where: string, what: string): number {
  if (!(value instanceof Date)) {
    throw new TypeError(`${where}: ${what} must be a Date, got ${describe(value)}`);
  }
  const t = value.getTime();
  if (!Number.isFinite(t)) throw new TypeError(`${where}: ${what} is not a valid date (Invalid Date)`);
  return t;
}

function dayOfMs(t: number): number {
  return Math.floor((t + WIB_OFFSET_MS) / DAY_MS);
}

function parseDate(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

function toDay(value: unknown, where: string, what = 'date'): number {
  if (typeof value === 'string') {
    const day = parseDate(value);
    if (day === null) throw new TypeError(`${where}: ${what} must be a 'YYYY-MM-DD' date, got ${JSON.stringify(value)}`);
    return checkDay(day, where);
  }
  if (value instanceof Date) return checkDay(dayOfMs(instantMs(value, where, what)), where);
  throw new TypeError(`${where}: ${what} must be a Date or a 'YYYY-MM-DD' string, got ${describe(value)}`);
}

function dayToDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

/** 00:00:00.000 WIB of a day, as an instant (ms). */
function startOfDayMs(day: number): number {
  return day * DAY_MS - WIB_OFFSET_MS;
}

/** 23:59:59.999 WIB of a day, as an instant (ms). */
function endOfDayMs(day: number): number {
  return startOfDayMs(day + 1) - 1;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value;
}

function checkCount(n: unknown, where: string, max: number, unit: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) {
    throw new RangeError(`${where}: n must be a whole number of ${unit} from 0 to ${max}, got ${describe(n)}`);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Small helpers for callers (UI, tests, jobs).

/** The WIB calendar date of an instant, 'YYYY-MM-DD'. */
export function wibDate(instant: Date): string {
  return dayToDate(dayOfMs(instantMs(instant, 'wibDate', 'instant')));
}

/** The instant of a WIB wall-clock time: atWib('2026-03-17', '23:30') = 2026-03-17T16:30:00Z. */
export function atWib(date: string, time = '00:00'): Date {
  const day = toDay(date, 'atWib');
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?$/.exec(time);
  const [h, mi, s, ms] = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)] : [NaN, 0, 0, 0];
  if (!m || h > 23 || mi > 59 || s > 59) throw new TypeError(`atWib: time must be 'HH:mm[:ss[.SSS]]', got ${JSON.stringify(time)}`);
  return new Date(startOfDayMs(day) + h * HOUR_MS + mi * 60_000 + s * 1000 + ms);
}

/** 'YYYY-MM-DD HH:mm WIB'. */
export function formatWib(instant: Date): string {
  const t = instantMs(instant, 'formatWib', 'instant');
  return `${new Date(t + WIB_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} WIB`;
}

/** 23:59:59.999 WIB of the given day. */
export function endOfWibDay(date: DateInput): Date {
  return new Date(endOfDayMs(toDay(date, 'endOfWibDay')));
}

/** 00:00 WIB of the given day. */
export function startOfWibDay(date: DateInput): Date {
  return new Date(startOfDayMs(toDay(date, 'startOfWibDay')));
}

/** End of the n-th calendar day after the WIB day of start (the 60-day cap, Perpres 76/2013). */
export function addCalendarDays(start: Date, n: number): Date {
  const day = dayOfMs(instantMs(start, 'addCalendarDays', 'start'));
  checkCount(n, 'addCalendarDays', MAX_CALENDAR_DAYS, 'calendar days');
  return new Date(endOfDayMs(checkDay(day + n, 'addCalendarDays')));
}

/** Exactly start + hours (UU PDP: 3×24 hours for access, withdrawal and breach notices). */
export function addHours(start: Date, hours: number): Date {
  const t = instantMs(start, 'addHours', 'start');
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) {
    throw new RangeError(`addHours: hours must be a finite number ≥ 0, got ${describe(hours)}`);
  }
  return new Date(t + hours * HOUR_MS);
}

/** UU PDP Pasal 32 and 46: 3×24 hours. */
export const PDP_RESPONSE_HOURS = 72;

// ---------------------------------------------------------------------------------------------
// Deadline rules (per category; the cases module stores overrides per category).

export interface DeadlineRules {
  /** Verify and route a new report (LAPOR!: ≤ 3 working days from receipt). */
  verifyWorkingDays: number;
  /** OPD follow-up (LAPOR!: ≤ 5 working days from disposition). */
  followUpWorkingDays: number;
  /** Close as selesai after this many working days of citizen silence after a follow-up. */
  autoCloseWorkingDays: number;
  /** Overall cap in calendar days from receipt (Perpres 76/2013: 60 days). */
  capCalendarDays: number;
}

export const DEFAULT_DEADLINE_RULES: Readonly<DeadlineRules> = Object.freeze({
  verifyWorkingDays: 3,
  followUpWorkingDays: 5,
  autoCloseWorkingDays: 10,
  capCalendarDays: 60,
});

/** Defaults with a category's overrides applied; throws on a value that is not a sane whole number. */
export function deadlineRules(overrides?: Partial<DeadlineRules> | null): DeadlineRules {
  const out: DeadlineRules = { ...DEFAULT_DEADLINE_RULES };
  for (const key of Object.keys(DEFAULT_DEADLINE_RULES) as (keyof DeadlineRules)[]) {
    const v = overrides?.[key];
    if (v === undefined) continue;
    const max = key === 'capCalendarDays' ? 366 : 60;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
      throw new RangeError(`deadlineRules: ${key} must be a whole number from 1 to ${max}, got ${describe(v)}`);
    }
    out[key] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// National holidays from date-holidays.

let holidaysLib: Holidays | undefined;
const nationalCache = new Map<number, readonly NationalHoliday[]>();

// date-holidays 3.37 gives 27 Rajab the Indonesian name of the Prophet's birthday; it is Isra Mikraj.
const NAME_FIXES: Record<string, string> = { '27 Rajab': 'Isra Mikraj Nabi Muhammad SAW' };

/**
 * Indonesia's national holidays of a year from date-holidays (type 'public' only; the package has
 * no other type for ID), with Indonesian names. Cached per year. The package computes Islamic dates
 * (they may differ by a day from the Kemenag isbat and the SKB: the holiday table corrects them),
 * knows no cuti bersama and no Easter Sunday, and lists Nyepi and Waisak only up to 2027.
 * Islamic holidays start at sunset the evening before in the package; only the civil date is used.
 */
export function dateHolidaysIndonesia(year: number): readonly NationalHoliday[] {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`dateHolidaysIndonesia: year must be a whole number from ${MIN_YEAR} to ${MAX_YEAR}, got ${describe(year)}`);
  }
  const hit = nationalCache.get(year);
  if (hit) return hit;
  holidaysLib ??= new Holidays('ID', { languages: ['id'], types: ['public'], timezone: TIMEZONE });
  const prefix = `${year}-`;
  const list = holidaysLib
    .getHolidays(year, 'id')
    .filter((h) => h.type === 'public' && h.date.startsWith(prefix))
    .map((h) => Object.freeze({ date: h.date.slice(0, 10), name: NAME_FIXES[h.rule] ?? h.name }));
  const frozen = Object.freeze(list);
  nationalCache.set(year, frozen);
  return frozen;
}

// ---------------------------------------------------------------------------------------------
// The calendar.

export interface WorkingCalendarOptions {
  /** Rows of the holiday table. */
  overrides?: readonly HolidayOverride[] | undefined;
  /** National holidays of a year; default dateHolidaysIndonesia. `() => []` for weekends and overrides only. */
  nationalHolidays?: ((year: number) => readonly NationalHoliday[]) | undefined;
  /** Prepare these years now (others are prepared on first use, then kept). */
  preloadYears?: { from: number; to: number } | undefined;
}

interface YearTable {
  first: number;
  /** 1 = working day, by day of year. */
  working: Uint8Array;
  /** cum[i] = working days among the first i days of the year. */
  cum: Int32Array;
}

export class WorkingCalendar {
  readonly #national: (year: number) => readonly NationalHoliday[];
  readonly #overrides = new Map<number, HolidayOverride>();
  readonly #overridesByYear = new Map<number, number[]>();
  readonly #years = new Map<number, YearTable>();

  constructor(options: WorkingCalendarOptions = {}) {
    this.#national = options.nationalHolidays ?? dateHolidaysIndonesia;
    for (const [i, raw] of (options.overrides ?? []).entries()) {
      const row = validateHoliday(raw, `WorkingCalendar: override ${i}`);
      const day = checkDay(parseDate(row.date) as number, 'WorkingCalendar');
      if (this.#overrides.has(day)) throw new RangeError(`WorkingCalendar: two overrides for ${row.date}`);
      this.#overrides.set(day, row);
      const year = yearOfDay(day);
      const list = this.#overridesByYear.get(year) ?? [];
      list.push(day);
      this.#overridesByYear.set(year, list);
    }
    if (options.preloadYears) {
      for (let y = options.preloadYears.from; y <= options.preloadYears.to; y++) this.#year(y);
    }
  }

  /** The overrides the calendar was built with, by date. */
  get overrides(): readonly HolidayOverride[] {
    return [...this.#overrides.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  }

  #year(year: number): YearTable {
    const hit = this.#years.get(year);
    if (hit) return hit;
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new RangeError(`WorkingCalendar: year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}`);
    }
    const first = Date.UTC(year, 0, 1) / DAY_MS;
    const length = Date.UTC(year + 1, 0, 1) / DAY_MS - first;
    const working = new Uint8Array(length);
    for (let i = 0; i < length; i++) working[i] = isWeekend(first + i) ? 0 : 1;
    for (const h of this.#national(year)) {
      const day = parseDate(h.date);
      if (day !== null && day >= first && day < first + length) working[day - first] = 0;
    }
    const extra: number[] = [];
    for (const day of this.#overridesByYear.get(year) ?? []) {
      if (this.#overrides.get(day)?.kind === 'extra_working_day') extra.push(day);
      else working[day - first] = 0;
    }
    for (const day of extra) working[day - first] = 1; // extra_working_day wins over everything
    const cum = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) cum[i + 1] = (cum[i] as number) + (working[i] as number);
    const table = { first, working, cum };
    this.#years.set(year, table);
    return table;
  }

  #isWorking(day: number): boolean {
    const t = this.#year(yearOfDay(day));
    return t.working[day - t.first] === 1;
  }

  /** Working days d with from ≤ d < to. */
  #count(from: number, to: number): number {
    let total = 0;
    let d = from;
    while (d < to) {
      const t = this.#year(yearOfDay(d));
      const end = Math.min(to, t.first + t.working.length);
      total += (t.cum[end - t.first] as number) - (t.cum[d - t.first] as number);
      d = end;
    }
    return total;
  }

  /** Whether the WIB day of an instant, or a 'YYYY-MM-DD' date, is a working day. */
  isWorkingDay(date: DateInput): boolean {
    return this.#isWorking(toDay(date, 'isWorkingDay'));
  }

  /** The first working day strictly after the given day, 'YYYY-MM-DD'. */
  nextWorkingDay(date: DateInput): string {
    let day = toDay(date, 'nextWorkingDay');
    do day++;
    while (!this.#isWorking(day));
    return dayToDate(day);
  }

  /**
   * The deadline of n working days from an event at `start`: 23:59:59.999 WIB of the n-th working day
   * strictly after the event's WIB day (the event's day never counts; after a weekend or holiday
   * event the next working day is day 1). n = 0: the end of the event's own WIB day.
   */
  addWorkingDays(start: Date, n: number): Date {
    let day = checkDay(dayOfMs(instantMs(start, 'addWorkingDays', 'start')), 'addWorkingDays');
    checkCount(n, 'addWorkingDays', MAX_WORKING_DAYS, 'working days');
    for (let left = n; left > 0; ) {
      day++;
      if (this.#isWorking(day)) left--;
    }
    return new Date(endOfDayMs(day));
  }

  /**
   * Whole working days elapsed from a to b: the working days strictly after a's WIB day that have
   * completely ended (23:59:59.999 WIB) by b; −workingDaysBetween(b, a) when b < a.
   * workingDaysBetween(t, addWorkingDays(t, n)) = n; for n ≥ 1, workingDaysBetween(a, b) ≥ n exactly
   * when b ≥ addWorkingDays(a, n) (so "n working days of silence have passed" and "the n-day
   * deadline has passed" never disagree).
   */
  workingDaysBetween(a: Date, b: Date): number {
    const ta = instantMs(a, 'workingDaysBetween', 'a');
    const tb = instantMs(b, 'workingDaysBetween', 'b');
    if (tb < ta) return 0 - this.workingDaysBetween(b, a); // 0 - x: never -0
    const dayA = checkDay(dayOfMs(ta), 'workingDaysBetween');
    const dayB = checkDay(dayOfMs(tb), 'workingDaysBetween');
    const lastEnded = tb === endOfDayMs(dayB) ? dayB : dayB - 1;
    return lastEnded <= dayA ? 0 : this.#count(dayA + 1, lastEnded + 1);
  }

  /** Working days d with from < d ≤ to by WIB date (no time of day), negative when to < from. */
  workingDaysAfter(from: DateInput, to: DateInput): number {
    const a = toDay(from, 'workingDaysAfter', 'from');
    const b = toDay(to, 'workingDaysAfter', 'to');
    return b >= a ? this.#count(a + 1, b + 1) : 0 - this.#count(b + 1, a + 1);
  }

  /** Time left until a deadline, for the UI and the warning job (see TimeLeft). */
  timeLeft(deadline: Date, now: Date = new Date()): TimeLeft {
    const td = instantMs(deadline, 'timeLeft', 'deadline');
    const tn = instantMs(now, 'timeLeft', 'now');
    const dayD = checkDay(dayOfMs(td), 'timeLeft');
    const dayN = checkDay(dayOfMs(tn), 'timeLeft');
    const ms = td - tn;
    const overdue = ms < 0;
    return {
      deadline,
      now,
      overdue,
      ms,
      hours: Math.floor(Math.abs(ms) / HOUR_MS),
      workingDays: overdue ? this.#count(dayD + 1, dayN + 1) : this.#count(dayN + 1, dayD + 1),
      dueToday: !overdue && dayD === dayN,
      due: formatWib(deadline),
    };
  }

  /** See the function addCalendarDays. */
  addCalendarDays(start: Date, n: number): Date {
    return addCalendarDays(start, n);
  }

  /** See the function addHours. */
  addHours(start: Date, hours: number): Date {
    return addHours(start, hours);
  }

  /** Everything known about one day. */
  describeDay(date: DateInput): DayInfo {
    const day = toDay(date, 'describeDay');
    const iso = dayToDate(day);
    const entries: DayEntry[] = this.#national(yearOfDay(day))
      .filter((h) => h.date === iso)
      .map((h) => ({ name: h.name, kind: 'national' as const, source: 'date-holidays' }));
    const row = this.#overrides.get(day);
    if (row) entries.push({ name: row.name, kind: row.kind, source: row.source ?? '' });
    return { date: iso, weekday: weekdayOf(day), weekend: isWeekend(day), working: this.#isWorking(day), entries };
  }

  /** Every day of a year with a package holiday or a table row, in date order (admin view). */
  holidaysOf(year: number): DayInfo[] {
    const t = this.#year(year);
    const days = new Set<number>(this.#overridesByYear.get(year) ?? []);
    for (const h of this.#national(year)) {
      const day = parseDate(h.date);
      if (day !== null && day >= t.first && day < t.first + t.working.length) days.add(day);
    }
    return [...days].sort((a, b) => a - b).map((d) => this.describeDay(dayToDate(d)));
  }

  /** Warnings an admin should see for a year (empty when the year looks complete). */
  checkYear(year: number): string[] {
    this.#year(year);
    const warnings: string[] = [];
    const rows = (this.#overridesByYear.get(year) ?? []).map((d) => this.#overrides.get(d));
    if (!rows.some((r) => r?.kind === 'cuti_bersama')) {
      warnings.push(`No cuti bersama for ${year} in the holiday table: add them from the SKB 3 Menteri for ${year}.`);
    }
    const national = this.#national(year);
    const has = (re: RegExp) => national.some((h) => re.test(h.name)) || rows.some((r) => r?.kind === 'national' && re.test(r.name));
    if (!has(/nyepi/i)) warnings.push(`No Nyepi date for ${year}: date-holidays has none; add it to the holiday table.`);
    if (!has(/waisak|vesak/i)) warnings.push(`No Waisak date for ${year}: date-holidays has none; add it to the holiday table.`);
    return warnings;
  }
}

// ---------------------------------------------------------------------------------------------
// The holiday table: validation, seed, loader.

/** Checks a holiday row and returns it normalised (trimmed name, source null when empty). */
export function validateHoliday(raw: unknown, where = 'holiday'): HolidayOverride {
  if (typeof raw !== 'object' || raw === null) throw new TypeError(`${where}: expected an object, got ${describe(raw)}`);
  const r = raw as Record<string, unknown>;
  if (typeof r['date'] !== 'string' || parseDate(r['date']) === null) {
    throw new TypeError(`${where}: date must be a 'YYYY-MM-DD' date, got ${describe(r['date'])}`);
  }
  if (typeof r['name'] !== 'string' || !r['name'].trim()) throw new TypeError(`${where} (${r['date']}): name is required`);
  if (typeof r['kind'] !== 'string' || !(HOLIDAY_KINDS as readonly string[]).includes(r['kind'])) {
    throw new TypeError(`${where} (${r['date']}): kind must be one of ${HOLIDAY_KINDS.join(', ')}, got ${describe(r['kind'])}`);
  }
  const source = r['source'];
  if (source !== undefined && source !== null && typeof source !== 'string') {
    throw new TypeError(`${where} (${r['date']}): source must be text`);
  }
  return {
    date: r['date'],
    name: r['name'].trim(),
    kind: r['kind'] as HolidayKind,
    source: typeof source === 'string' && source.trim() ? source.trim() : null,
  };
}

export const HOLIDAY_SEED_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../db/seed/holidays.json');

/** The rows of db/seed/holidays.json, validated (no database). */
export async function readHolidaySeed(file = HOLIDAY_SEED_PATH): Promise<HolidayOverride[]> {
  const doc = JSON.parse(await readFile(file, 'utf8')) as { holidays?: unknown };
  if (!Array.isArray(doc.holidays)) throw new TypeError(`${file}: expected a "holidays" array`);
  const seen = new Set<string>();
  return doc.holidays.map((raw, i) => {
    const row = validateHoliday(raw, `${path.basename(file)} holidays[${i}]`);
    if (seen.has(row.date)) throw new RangeError(`${path.basename(file)}: ${row.date} appears twice`);
    seen.add(row.date);
    return row;
  });
}

export interface HolidaySeedResult {
  total: number;
  inserted: number;
  updated: number;
}

/**
 * Upserts db/seed/holidays.json into the holiday table. Idempotent: a second run changes nothing.
 * Seed rows have created_by null; a row an admin created or took over (created_by set) is never
 * overwritten. A deleted seed row comes back on the next run: to cancel a seeded day, edit it.
 */
export async function seedHolidays(db: DbOrTx, file = HOLIDAY_SEED_PATH): Promise<HolidaySeedResult> {
  const rows = await readHolidaySeed(file);
  if (rows.length === 0) return { total: 0, inserted: 0, updated: 0 };
  const values = sql.join(rows.map((r) => sql`(${r.date}::date, ${r.name}, ${r.kind}, ${r.source ?? null})`));
  const { rows: changed } = await sql<{ inserted: boolean }>`
    insert into holiday ("date", name, kind, source) values ${values}
    on conflict ("date") do update set name = excluded.name, kind = excluded.kind, source = excluded.source
      where holiday.created_by is null
        and (holiday.name, holiday.kind, holiday.source) is distinct from (excluded.name, excluded.kind, excluded.source)
    returning (xmax = 0) as inserted`.execute(db);
  const inserted = changed.filter((r) => r.inserted).length;
  return { total: rows.length, inserted, updated: changed.length - inserted };
}

/** Reads the holiday table and builds the calendar (the only function here that reads the database). */
export async function loadCalendar(db: DbOrTx, options: Omit<WorkingCalendarOptions, 'overrides'> = {}): Promise<WorkingCalendar> {
  const { rows } = await sql<HolidayOverride>`
    select to_char("date", 'YYYY-MM-DD') as "date", name, kind, source from holiday order by "date"`.execute(db);
  return new WorkingCalendar({ ...options, overrides: rows });
}
