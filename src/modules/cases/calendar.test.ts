import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addHours,
  atWib,
  dateHolidaysIndonesia,
  DEFAULT_DEADLINE_RULES,
  deadlineRules,
  formatWib,
  PDP_RESPONSE_HOURS,
  readHolidaySeed,
  validateHoliday,
  wibDate,
  WorkingCalendar,
  type HolidayOverride,
} from './calendar.ts';

// Hand-computed calendar around Idul Fitri 2026 (SKB 1497/2025, 2/2025, 5/2025):
//   Mon 16  Tue 17  Wed 18  Thu 19  Fri 20  Sat 21  Sun 22  Mon 23  Tue 24  Wed 25  Thu 26  Fri 27
//   work    work    cuti    Nyepi   cuti*   weekend weekend cuti    cuti    work    work    work
//   Mon 30  Tue 31  Wed 1/4 Thu 2/4 Fri 3/4      Mon 6/4 Tue 7/4 Wed 8/4
//   work    work    work    work    Wafat Yesus  work    work    work
//   (* date-holidays itself already marks 20 and 21 Mar as Idul Fitri; the SKB says 21–22 Mar.)

let seed: HolidayOverride[];
let cal: WorkingCalendar;
const plain = new WorkingCalendar({ nationalHolidays: () => [] }); // weekends only
const packageOnly = new WorkingCalendar(); // date-holidays, no table rows

beforeAll(async () => {
  seed = await readHolidaySeed();
  cal = new WorkingCalendar({ overrides: seed, preloadYears: { from: 2025, to: 2027 } });
});

/** The deadline instant for the end of a WIB date. */
const endOf = (date: string) => atWib(date, '23:59:59.999');
const wd = (c: WorkingCalendar, dates: string[]) => dates.map((d) => c.isWorkingDay(d));

describe('days', () => {
  it('weekends are not working days; Monday to Friday are', () => {
    // 8–14 Jun 2026: Mon … Sun, no holidays.
    const week = ['2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12', '2026-06-13', '2026-06-14'];
    expect(wd(plain, week)).toEqual([true, true, true, true, true, false, false]);
    expect(wd(cal, week)).toEqual([true, true, true, true, true, false, false]);
    expect(cal.describeDay('2026-06-13')).toMatchObject({ weekday: 6, weekend: true, working: false, entries: [] });
  });

  it('takes national holidays from date-holidays (17 Aug, Nyepi, Idul Fitri 2026, Natal)', () => {
    const names = new Set(dateHolidaysIndonesia(2026).map((h) => h.name));
    expect(names.size).toBeGreaterThan(10);
    expect(wd(packageOnly, ['2026-08-17', '2026-03-19', '2026-03-20', '2026-12-25', '2026-01-01'])).toEqual([false, false, false, false, false]);
    expect(packageOnly.describeDay('2026-03-20').entries).toEqual([{ name: 'Hari Raya Idul Fitri', kind: 'national', source: 'date-holidays' }]);
    // Without the table the cuti bersama are ordinary working days.
    expect(wd(packageOnly, ['2026-03-18', '2026-03-23', '2026-03-24', '2026-12-24'])).toEqual([true, true, true, true]);
    // The package's mislabelled 27 Rajab is renamed.
    expect(packageOnly.describeDay('2026-01-16').entries[0]?.name).toBe('Isra Mikraj Nabi Muhammad SAW');
  });

  it('cuti bersama from the table are not working days (Idul Fitri 2026, Christmas 2025 and 2026, 18 Aug 2025)', () => {
    expect(wd(cal, ['2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24', '2026-03-25'])).toEqual([false, false, false, false, true]);
    expect(wd(cal, ['2026-12-23', '2026-12-24', '2026-12-25', '2026-12-28'])).toEqual([true, false, false, true]);
    expect(wd(cal, ['2025-12-24', '2025-12-25', '2025-12-26', '2025-12-29'])).toEqual([true, false, false, true]);
    expect(cal.isWorkingDay('2025-08-18')).toBe(false);
    expect(cal.describeDay('2026-03-20').entries.map((e) => e.kind)).toEqual(['national', 'cuti_bersama']);
  });

  it('an instant is judged by its WIB date, not its UTC date', () => {
    // Mon 17 Aug 2026 00:30 WIB is still Sun 16 Aug in UTC; Tue 18 Aug 06:00 WIB is 17 Aug 23:00 UTC.
    expect(cal.isWorkingDay(atWib('2026-08-17', '00:30'))).toBe(false);
    expect(cal.isWorkingDay(new Date('2026-08-17T23:00:00Z'))).toBe(true);
    expect(wibDate(new Date('2026-08-17T17:00:00Z'))).toBe('2026-08-18');
    expect(formatWib(new Date('2026-03-27T16:59:59.999Z'))).toBe('2026-03-27 23:59 WIB');
  });

  it('an extra working day overrides a weekend and a holiday', () => {
    const extra = new WorkingCalendar({
      overrides: [
        ...seed.filter((r) => r.date !== '2026-03-24'),
        { date: '2026-03-24', name: 'Hari kerja pengganti', kind: 'extra_working_day', source: 'test' },
        { date: '2026-03-28', name: 'Hari kerja Sabtu', kind: 'extra_working_day', source: 'test' },
        { date: '2026-08-17', name: 'Hari kerja (uji)', kind: 'extra_working_day', source: 'test' },
      ],
    });
    expect(wd(extra, ['2026-03-23', '2026-03-24', '2026-03-28', '2026-03-29', '2026-08-17'])).toEqual([false, true, true, false, true]);
    const t = atWib('2026-03-17', '10:00');
    expect(extra.addWorkingDays(t, 1)).toEqual(endOf('2026-03-24'));
    expect(extra.addWorkingDays(t, 5)).toEqual(endOf('2026-03-28')); // 24, 25, 26, 27, Sat 28
    expect(cal.addWorkingDays(t, 5)).toEqual(endOf('2026-03-31'));
    // The seed uses the same mechanism to cancel the package's wrong 1 Muharram 2025.
    expect(packageOnly.isWorkingDay('2025-06-26')).toBe(false);
    expect(wd(cal, ['2025-06-26', '2025-06-27'])).toEqual([true, false]);
  });

  it('a local holiday from the table is not a working day', () => {
    const local = new WorkingCalendar({ overrides: [{ date: '2026-06-10', name: 'Libur daerah (uji)', kind: 'local' }] });
    expect(wd(local, ['2026-06-09', '2026-06-10', '2026-06-11'])).toEqual([true, false, true]);
    expect(local.addWorkingDays(atWib('2026-06-09', '08:00'), 2)).toEqual(endOf('2026-06-12'));
    expect(local.nextWorkingDay('2026-06-09')).toBe('2026-06-11');
  });
});

describe('the seed file', () => {
  it('has the 2026 cuti bersama of regulations.md §8, each with an SKB source', () => {
    const cuti2026 = seed.filter((r) => r.kind === 'cuti_bersama' && r.date.startsWith('2026-')).map((r) => r.date);
    expect(cuti2026).toEqual(['2026-02-16', '2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24', '2026-05-15', '2026-05-28', '2026-12-24']);
    expect(seed.filter((r) => r.kind === 'cuti_bersama' && r.date.startsWith('2025-'))).toHaveLength(11); // 10 + 18 Aug
    for (const r of seed) expect(r.source, r.date).toBeTruthy();
    for (const r of seed.filter((r) => r.date < '2027')) expect(r.source, r.date).toMatch(/SKB/);
  });

  it('adds only what date-holidays lacks: cuti bersama on weekdays, national days it misses, corrections where it has a holiday', () => {
    const pkg = (date: string) => dateHolidaysIndonesia(Number(date.slice(0, 4))).some((h) => h.date === date);
    for (const r of seed) {
      if (r.kind === 'cuti_bersama') expect(plain.isWorkingDay(r.date), `${r.date} is a weekday`).toBe(true);
      if (r.kind === 'national') expect(pkg(r.date), `${r.date} not already in date-holidays`).toBe(false);
      if (r.kind === 'extra_working_day') expect(pkg(r.date), `${r.date} corrects a date-holidays date`).toBe(true);
    }
  });

  it('every seeded year but the unloaded 2027 looks complete', () => {
    expect(cal.checkYear(2025)).toEqual([]);
    expect(cal.checkYear(2026)).toEqual([]);
    expect(cal.checkYear(2027)).toEqual([expect.stringMatching(/No cuti bersama for 2027/)]);
    expect(cal.checkYear(2028).join('\n')).toMatch(/Nyepi[\s\S]*Waisak/);
  });
});

describe('addWorkingDays (SP4N-LAPOR! deadlines)', () => {
  const tue17 = atWib('2026-03-17', '10:00');

  it('N = 3, 5 and 10 across Idul Fitri 2026 (hand-computed)', () => {
    expect(cal.addWorkingDays(tue17, 3)).toEqual(new Date('2026-03-27T16:59:59.999Z')); // 25, 26, 27
    expect(cal.addWorkingDays(tue17, 5)).toEqual(new Date('2026-03-31T16:59:59.999Z')); // … 30, 31
    expect(cal.addWorkingDays(tue17, 10)).toEqual(new Date('2026-04-08T16:59:59.999Z')); // … 1, 2, (3 Good Friday) 6, 7, 8 Apr
    const mon16 = atWib('2026-03-16', '15:00');
    expect(cal.addWorkingDays(mon16, 3)).toEqual(endOf('2026-03-26')); // 17, 25, 26
    const fri13 = atWib('2026-03-13', '09:00');
    expect(cal.addWorkingDays(fri13, 3)).toEqual(endOf('2026-03-25')); // 16, 17, 25
    expect(cal.addWorkingDays(fri13, 5)).toEqual(endOf('2026-03-27'));
    expect(cal.addWorkingDays(fri13, 10)).toEqual(endOf('2026-04-06'));
    // The same dates computed by date-holidays alone would be wrong by the cuti bersama.
    expect(packageOnly.addWorkingDays(tue17, 3)).toEqual(endOf('2026-03-24'));
  });

  it('an event on a holiday or weekend is counted from the next working day, which is day 1', () => {
    for (const t of [atWib('2026-03-18', '08:00'), atWib('2026-03-20', '12:00'), atWib('2026-03-21', '19:45'), atWib('2026-03-24', '23:59')]) {
      expect(cal.addWorkingDays(t, 1), formatWib(t)).toEqual(endOf('2026-03-25'));
      expect(cal.addWorkingDays(t, 3), formatWib(t)).toEqual(endOf('2026-03-27'));
    }
    // A Saturday report gets the same deadline as the Friday before it.
    expect(cal.addWorkingDays(atWib('2026-06-13', '10:00'), 3)).toEqual(cal.addWorkingDays(atWib('2026-06-12', '10:00'), 3));
  });

  it('23:30 WIB and 00:30 WIB the next day fall on different days although both are the same UTC date', () => {
    const late = new Date('2026-08-10T16:30:00Z'); // Mon 10 Aug 23:30 WIB
    const early = new Date('2026-08-10T17:30:00Z'); // Tue 11 Aug 00:30 WIB
    expect(late).toEqual(atWib('2026-08-10', '23:30'));
    expect(early).toEqual(atWib('2026-08-11', '00:30'));
    expect(cal.addWorkingDays(late, 3)).toEqual(new Date('2026-08-13T16:59:59.999Z')); // 11, 12, 13
    expect(cal.addWorkingDays(early, 3)).toEqual(new Date('2026-08-14T16:59:59.999Z')); // 12, 13, 14
    expect(cal.addWorkingDays(late, 5)).toEqual(endOf('2026-08-18')); // 11, 12, 13, 14, (17 Aug) 18
    expect(cal.addWorkingDays(early, 5)).toEqual(endOf('2026-08-19'));
    // The last millisecond of a WIB day still belongs to it.
    expect(cal.addWorkingDays(atWib('2026-08-10', '23:59:59.999'), 3)).toEqual(endOf('2026-08-13'));
    expect(cal.addWorkingDays(atWib('2026-08-11', '00:00'), 3)).toEqual(endOf('2026-08-14'));
  });

  it('Christmas and the new year, 2025 and 2026', () => {
    expect(cal.addWorkingDays(atWib('2026-12-23', '14:00'), 3)).toEqual(endOf('2026-12-30')); // (24, 25) 28, 29, 30
    expect(cal.addWorkingDays(atWib('2026-12-23', '14:00'), 5)).toEqual(endOf('2027-01-04')); // 31, (1 Jan) 4 Jan
    expect(cal.addWorkingDays(atWib('2025-12-24', '14:00'), 3)).toEqual(endOf('2025-12-31')); // (25, 26) 29, 30, 31
    expect(cal.addWorkingDays(atWib('2025-12-24', '14:00'), 5)).toEqual(endOf('2026-01-05')); // (1 Jan) 2, 5 Jan
  });

  it('the 2025 Idul Fitri week (SKB dates, not the package’s)', () => {
    // 28 Mar cuti, 29 Nyepi (Sat), 31 Mar–1 Apr Idulfitri, 2, 3, 4, 7 Apr cuti.
    expect(cal.addWorkingDays(atWib('2025-03-27', '10:00'), 1)).toEqual(endOf('2025-04-08'));
    expect(cal.addWorkingDays(atWib('2025-03-27', '10:00'), 3)).toEqual(endOf('2025-04-10'));
  });

  it('n = 0 is the end of the event’s own WIB day', () => {
    expect(cal.addWorkingDays(atWib('2026-03-17', '10:00'), 0)).toEqual(endOf('2026-03-17'));
    expect(cal.addWorkingDays(atWib('2026-03-21', '10:00'), 0)).toEqual(endOf('2026-03-21'));
  });
});

describe('workingDaysBetween', () => {
  it('counts whole working days after the first day that have ended by the second instant', () => {
    const t = atWib('2026-03-17', '10:00');
    expect(cal.workingDaysBetween(t, atWib('2026-03-17', '23:00'))).toBe(0);
    expect(cal.workingDaysBetween(t, atWib('2026-03-25', '12:00'))).toBe(0); // 25 Mar has not ended
    expect(cal.workingDaysBetween(t, endOf('2026-03-25'))).toBe(1);
    expect(cal.workingDaysBetween(t, atWib('2026-03-27', '12:00'))).toBe(2);
    expect(cal.workingDaysBetween(t, endOf('2026-03-27'))).toBe(3);
    expect(cal.workingDaysBetween(t, atWib('2026-03-28', '00:00'))).toBe(3);
    expect(cal.workingDaysBetween(t, endOf('2026-04-08'))).toBe(10);
    expect(cal.workingDaysBetween(endOf('2026-04-08'), t)).toBe(-10);
    expect(cal.workingDaysBetween(t, t)).toBe(0);
    // Across years (2025-01-01 … 2026-12-31 by WIB date): 365 + 365 days minus weekends and holidays.
    expect(cal.workingDaysAfter('2025-12-31', '2026-12-31')).toBe(cal.workingDaysBetween(endOf('2025-12-31'), endOf('2026-12-31')));
    expect(cal.workingDaysAfter('2026-03-17', '2026-03-27')).toBe(3);
    expect(cal.workingDaysAfter('2026-03-27', '2026-03-17')).toBe(-3);
  });

  const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T23:59:59Z'), noInvalidDate: true });

  it('property: workingDaysBetween(t, addWorkingDays(t, n)) = n for any t and n ≤ 60', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 }), (t, n) => {
        const due = cal.addWorkingDays(t, n);
        expect(cal.workingDaysBetween(t, due)).toBe(n);
        // The deadline is the last millisecond of a WIB day, on a working day when n > 0.
        expect(due.getTime() % 86_400_000).toBe(17 * 3_600_000 - 1);
        if (n > 0) expect(cal.isWorkingDay(due)).toBe(true);
        // One millisecond earlier, only n − 1 whole working days have passed.
        if (n > 0) expect(cal.workingDaysBetween(t, new Date(due.getTime() - 1))).toBe(n - 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: for n ≥ 1, workingDaysBetween(a, b) ≥ n exactly when b ≥ addWorkingDays(a, n); later events never get earlier deadlines', () => {
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: 0, max: 60 }), (a, b, n) => {
        if (n > 0) expect(cal.workingDaysBetween(a, b) >= n).toBe(b.getTime() >= cal.addWorkingDays(a, n).getTime());
        expect(cal.workingDaysBetween(a, b)).toBe(-cal.workingDaysBetween(b, a) || 0);
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(cal.addWorkingDays(early, n).getTime()).toBeLessThanOrEqual(cal.addWorkingDays(late, n).getTime());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('timeLeft', () => {
  const due = endOf('2026-03-27'); // 3 working days from Tue 17 Mar

  it('before the deadline: working days after today and hours', () => {
    const left = cal.timeLeft(due, atWib('2026-03-17', '10:00'));
    expect(left).toMatchObject({ overdue: false, workingDays: 3, dueToday: false, due: '2026-03-27 23:59 WIB' });
    expect(left.hours).toBe(24 * 10 + 13); // 17 Mar 10:00 → 27 Mar 23:59:59.999
    expect(cal.timeLeft(due, atWib('2026-03-21', '10:00')).workingDays).toBe(3); // over the holidays nothing is used up
    expect(cal.timeLeft(due, atWib('2026-03-26', '16:00')).workingDays).toBe(1);
  });

  it('on the last day', () => {
    const left = cal.timeLeft(due, atWib('2026-03-27', '20:00'));
    expect(left).toMatchObject({ overdue: false, workingDays: 0, dueToday: true, hours: 3 });
  });

  it('overdue: working days past the deadline, counting today', () => {
    expect(cal.timeLeft(due, atWib('2026-03-28', '09:00'))).toMatchObject({ overdue: true, workingDays: 0, hours: 9, dueToday: false });
    expect(cal.timeLeft(due, atWib('2026-03-30', '09:00'))).toMatchObject({ overdue: true, workingDays: 1 });
    expect(cal.timeLeft(due, atWib('2026-04-06', '09:00'))).toMatchObject({ overdue: true, workingDays: 5 }); // 30, 31, 1, 2, (3) 6
    expect(cal.timeLeft(due, due).overdue).toBe(false);
    expect(cal.timeLeft(due, new Date(due.getTime() + 1)).overdue).toBe(true);
  });
});

describe('calendar days and hours', () => {
  it('the 60-day cap ends at the end of the 60th calendar day after the event’s WIB day', () => {
    expect(addCalendarDays(atWib('2026-03-17', '10:00'), 60)).toEqual(endOf('2026-05-16'));
    expect(cal.addCalendarDays(atWib('2026-03-17', '23:30'), 60)).toEqual(endOf('2026-05-16'));
    expect(addCalendarDays(atWib('2026-03-18', '00:30'), 60)).toEqual(endOf('2026-05-17'));
  });

  it('UU PDP hours are exact instants: 3×24 h', () => {
    const t = new Date('2026-03-19T03:15:00Z'); // Nyepi: hours run on holidays too
    expect(addHours(t, PDP_RESPONSE_HOURS)).toEqual(new Date('2026-03-22T03:15:00Z'));
    expect(cal.addHours(t, 0)).toEqual(t);
  });
});

describe('deadline rules', () => {
  it('defaults are LAPOR!’s 3 / 5 / 10 working days and the 60-day cap; a category may override them', () => {
    expect(DEFAULT_DEADLINE_RULES).toEqual({ verifyWorkingDays: 3, followUpWorkingDays: 5, autoCloseWorkingDays: 10, capCalendarDays: 60 });
    expect(deadlineRules({ followUpWorkingDays: 14 })).toEqual({ ...DEFAULT_DEADLINE_RULES, followUpWorkingDays: 14 });
    expect(deadlineRules(null)).toEqual(DEFAULT_DEADLINE_RULES);
    expect(() => deadlineRules({ verifyWorkingDays: 0 })).toThrow(/verifyWorkingDays must be a whole number from 1 to 60, got 0/);
    expect(() => deadlineRules({ capCalendarDays: 1.5 })).toThrow(/capCalendarDays/);
  });
});

describe('bad input', () => {
  const t = atWib('2026-03-17', '10:00');
  const invalid = new Date(Number.NaN);

  it('invalid dates throw a clear TypeError', () => {
    expect(() => cal.addWorkingDays(invalid, 3)).toThrow(new TypeError('addWorkingDays: start is not a valid date (Invalid Date)'));
    expect(() => cal.workingDaysBetween(t, invalid)).toThrow(/workingDaysBetween: b is not a valid date/);
    expect(() => cal.timeLeft(invalid, t)).toThrow(/timeLeft: deadline is not a valid date/);
    expect(() => cal.isWorkingDay(invalid)).toThrow(/isWorkingDay: date is not a valid date/);
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(/isWorkingDay: date must be a 'YYYY-MM-DD' date, got "2026-02-30"/);
    expect(() => cal.isWorkingDay('17/03/2026')).toThrow(TypeError);
    expect(() => cal.addWorkingDays('2026-03-17' as unknown as Date, 3)).toThrow(/addWorkingDays: start must be a Date, got "2026-03-17"/);
    expect(() => addCalendarDays(invalid, 60)).toThrow(TypeError);
    expect(() => addHours(invalid, 72)).toThrow(TypeError);
    expect(() => atWib('2026-03-17', '24:00')).toThrow(/atWib: time/);
  });

  it('negative, fractional, NaN or huge n throws a clear RangeError', () => {
    expect(() => cal.addWorkingDays(t, -1)).toThrow(new RangeError('addWorkingDays: n must be a whole number of working days from 0 to 3650, got -1'));
    expect(() => cal.addWorkingDays(t, 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(t, Number.NaN)).toThrow(/got NaN/);
    expect(() => cal.addWorkingDays(t, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(t, 1e9)).toThrow(RangeError);
    expect(() => addCalendarDays(t, -60)).toThrow(RangeError);
    expect(() => addHours(t, -1)).toThrow(RangeError);
  });

  it('dates outside the supported years throw instead of guessing', () => {
    expect(() => cal.isWorkingDay('2201-01-01')).toThrow(/outside the calendar's years 1970–2200/);
    expect(() => cal.addWorkingDays(new Date('1969-12-31T00:00:00Z'), 1)).toThrow(RangeError);
  });

  it('bad holiday rows are refused with the row named', () => {
    expect(() => new WorkingCalendar({ overrides: [{ date: '2026-13-01', name: 'x', kind: 'local' }] })).toThrow(/override 0: date must be a 'YYYY-MM-DD' date/);
    expect(() => new WorkingCalendar({ overrides: [{ date: '2026-03-02', name: 'x', kind: 'holiday' as 'local' }] })).toThrow(/kind must be one of national, cuti_bersama, local, extra_working_day/);
    expect(() => validateHoliday({ date: '2026-03-02', name: '  ', kind: 'local' })).toThrow(/name is required/);
    const row = { date: '2026-03-02', name: 'x', kind: 'local' as const };
    expect(() => new WorkingCalendar({ overrides: [row, row] })).toThrow(/two overrides for 2026-03-02/);
  });
});
