import { beforeAll, describe, expect, it } from 'vitest';
import { atWib, readHolidaySeed, WorkingCalendar } from './calendar.ts';
import { clockAfter, describeTimeLeft, initialClock, movedDeadlines, needsWarning, reclassifiedClock, resumeClock, rulesFor, wibDaysBetween, type Clock } from './deadlines.ts';

// Around Idul Fitri 2026 (SKB 1497/2025, 2/2025, 5/2025; db/seed/holidays.json):
//   Mon 16  Tue 17  Wed 18  Thu 19  Fri 20  Sat 21  Sun 22  Mon 23  Tue 24  Wed 25  Thu 26  Fri 27
//   work    work    cuti    Nyepi   cuti    weekend weekend cuti    cuti    work    work    work
//   Mon 30  Tue 31  Wed 1/4 Thu 2/4 Fri 3/4 (Wafat Yesus Kristus)  Mon 6/4 … Fri 10/4, Mon 13/4 … Fri 17/4

let cal: WorkingCalendar;
beforeAll(async () => {
  cal = new WorkingCalendar({ overrides: await readHolidaySeed(), preloadYears: { from: 2026, to: 2026 } });
});

const endOf = (date: string) => atWib(date, '23:59:59.999');
const defaults = rulesFor(null);

describe('case deadlines on the working-day calendar', () => {
  it('a report on Tue 17 Mar 2026 must be verified and routed by Fri 27 Mar (18–24 Mar are holidays and cuti bersama); the cap is 60 calendar days', () => {
    const clock = initialClock(cal, defaults, atWib('2026-03-17', '10:00'));
    expect(clock.verifyDueAt).toEqual(endOf('2026-03-27'));
    expect(clock.verifyDueAt!.toISOString()).toBe('2026-03-27T16:59:59.999Z');
    expect(clock.capDueAt).toEqual(endOf('2026-05-16'));
    expect(clock.followupDueAt).toBeNull();
    expect(clock.closeDueAt).toBeNull();
  });

  it('a report during the holidays counts from the first working day after them', () => {
    expect(initialClock(cal, defaults, atWib('2026-03-20', '12:00')).verifyDueAt).toEqual(endOf('2026-03-27'));
    expect(initialClock(cal, defaults, atWib('2026-03-24', '23:30')).verifyDueAt).toEqual(endOf('2026-03-27'));
  });

  it('disposition starts 5 working days for the follow-up; the follow-up starts 10 working days of silence (Good Friday skipped)', () => {
    let clock = initialClock(cal, defaults, atWib('2026-03-17', '10:00'));
    clock = clockAfter(cal, defaults, clock, 'verify', atWib('2026-03-25', '08:00'));
    expect(clock.verifyDueAt).toEqual(endOf('2026-03-27')); // verification alone does not stop "verify and route"
    clock = clockAfter(cal, defaults, clock, 'dispose', atWib('2026-03-25', '09:00'));
    expect(clock.verifyDueAt).toBeNull();
    expect(clock.followupDueAt).toEqual(endOf('2026-04-01')); // 26, 27, 30, 31 Mar, 1 Apr
    clock = clockAfter(cal, defaults, clock, 'follow_up', atWib('2026-04-01', '15:00'));
    expect(clock.followupDueAt).toBeNull();
    expect(clock.closeDueAt).toEqual(endOf('2026-04-16')); // 2, 6–10, 13–16 Apr (3 Apr Wafat Yesus Kristus)
    expect(clock.capDueAt).toEqual(endOf('2026-05-16'));
  });

  it('a citizen reply stops the silence clock and gives the OPD a new follow-up deadline', () => {
    let clock: Clock = { verifyDueAt: null, followupDueAt: null, closeDueAt: endOf('2026-04-16'), capDueAt: endOf('2026-05-16') };
    clock = clockAfter(cal, defaults, clock, 'citizen_reply', atWib('2026-04-06', '10:00'));
    expect(clock.closeDueAt).toBeNull();
    expect(clock.followupDueAt).toEqual(endOf('2026-04-13'));
    // A reply while nothing waits for the citizen changes nothing.
    expect(clockAfter(cal, defaults, clock, 'citizen_reply', atWib('2026-04-07', '10:00'))).toEqual(clock);
  });

  it('bukan wewenang and reopen restart the verify clock; closing stops every clock but the cap', () => {
    const running: Clock = { verifyDueAt: null, followupDueAt: endOf('2026-04-01'), closeDueAt: null, capDueAt: endOf('2026-05-16') };
    const back = clockAfter(cal, defaults, running, 'not_authority', atWib('2026-03-26', '09:00'));
    expect(back).toEqual({ verifyDueAt: endOf('2026-03-31'), followupDueAt: null, closeDueAt: null, capDueAt: endOf('2026-05-16') });
    expect(clockAfter(cal, defaults, running, 'reopen', atWib('2026-04-20', '09:00')).verifyDueAt).toEqual(endOf('2026-04-23'));
    for (const e of ['close', 'auto_close', 'archive', 'duplicate', 'handoff'] as const) {
      expect(clockAfter(cal, defaults, running, e, atWib('2026-03-26', '09:00'))).toEqual({ verifyDueAt: null, followupDueAt: null, closeDueAt: null, capDueAt: endOf('2026-05-16') });
    }
  });

  it('per-category overrides replace the defaults (e.g. 14 working days when a field check is needed, disasters verified in 1)', () => {
    const field = rulesFor({ followup_working_days: 14 });
    expect(field).toEqual({ verifyWorkingDays: 3, followUpWorkingDays: 14, autoCloseWorkingDays: 10, capCalendarDays: 60 });
    expect(clockAfter(cal, field, initialClock(cal, field, atWib('2026-03-17', '10:00')), 'dispose', atWib('2026-03-25', '09:00')).followupDueAt).toEqual(endOf('2026-04-15'));
    const disaster = rulesFor({ verify_working_days: 1, followup_working_days: 2, silence_working_days: 5, cap_calendar_days: 30 });
    const c = initialClock(cal, disaster, atWib('2026-03-17', '10:00'));
    expect(c.verifyDueAt).toEqual(endOf('2026-03-25'));
    expect(c.capDueAt).toEqual(endOf('2026-04-16'));
    expect(() => rulesFor({ followup_working_days: 0 })).toThrow(RangeError);
    // Reclassified at verification: verify and cap re-derived from the receipt.
    const re = reclassifiedClock(cal, disaster, initialClock(cal, defaults, atWib('2026-03-17', '10:00')), atWib('2026-03-17', '10:00'));
    expect(re.verifyDueAt).toEqual(endOf('2026-03-25'));
    expect(re.capDueAt).toEqual(endOf('2026-04-16'));
  });

  it('tunda pauses: at resume each deadline gets back the working days it had left, the cap the calendar days on hold', () => {
    const clock: Clock = { verifyDueAt: null, followupDueAt: endOf('2026-04-01'), closeDueAt: null, capDueAt: endOf('2026-05-16') };
    // Held Thu 26 Mar 10:00 with 4 working days left (27, 30, 31 Mar, 1 Apr); resumed Mon 6 Apr.
    const resumed = resumeClock(cal, clock, atWib('2026-03-26', '10:00'), atWib('2026-04-06', '09:00'));
    expect(resumed.followupDueAt).toEqual(endOf('2026-04-10'));
    expect(resumed.capDueAt).toEqual(endOf('2026-05-27')); // 11 calendar days on hold
    expect(wibDaysBetween(atWib('2026-03-26', '10:00'), atWib('2026-04-06', '09:00'))).toBe(11);
    // Held and resumed the same day: nothing moves but what the day used up.
    const same = resumeClock(cal, clock, atWib('2026-03-26', '10:00'), atWib('2026-03-26', '15:00'));
    expect(same).toEqual(clock);
    // A deadline already missed when the hold began stays missed.
    const missed = resumeClock(cal, clock, atWib('2026-04-02', '10:00'), atWib('2026-04-08', '10:00'));
    expect(missed.followupDueAt).toEqual(endOf('2026-04-01'));
    // Held on the last day: the rest of that day is used, the deadline becomes the end of the resume day.
    const lastDay = resumeClock(cal, clock, atWib('2026-04-01', '08:00'), atWib('2026-04-07', '10:00'));
    expect(lastDay.followupDueAt).toEqual(endOf('2026-04-07'));
    expect(movedDeadlines(clock, resumed)).toEqual(['followup', 'cap']);
    expect(movedDeadlines(clock, same)).toEqual([]);
  });

  it('warns when the deadline is today or on the next working day; holidays count as nothing', () => {
    const due = endOf('2026-03-27');
    expect(needsWarning(cal.timeLeft(due, atWib('2026-03-26', '00:10')))).toBe(true); // Thu: 1 working day left
    expect(needsWarning(cal.timeLeft(due, atWib('2026-03-27', '12:00')))).toBe(true); // the day itself
    expect(needsWarning(cal.timeLeft(due, atWib('2026-03-25', '12:00')))).toBe(false); // 2 left
    expect(needsWarning(cal.timeLeft(due, atWib('2026-03-24', '12:00')))).toBe(false); // cuti bersama: 3 left
    expect(needsWarning(cal.timeLeft(due, atWib('2026-03-28', '00:00')))).toBe(false); // overdue: escalation, not warning
    // A Wednesday deadline after the holidays is "tomorrow" already on the Friday before them.
    expect(needsWarning(cal.timeLeft(endOf('2026-03-25'), atWib('2026-03-20', '09:00')))).toBe(true);
  });

  it('describes time left in Indonesian', () => {
    const due = endOf('2026-03-27');
    expect(describeTimeLeft(cal.timeLeft(due, atWib('2026-03-17', '10:00')))).toBe('3 hari kerja lagi (s.d. 2026-03-27 23:59 WIB)');
    expect(describeTimeLeft(cal.timeLeft(due, atWib('2026-03-27', '20:00')))).toBe('Hari ini, 3 jam lagi (s.d. 2026-03-27 23:59 WIB)');
    expect(describeTimeLeft(cal.timeLeft(due, atWib('2026-03-30', '10:00')))).toBe('Terlambat 1 hari kerja (batas 2026-03-27 23:59 WIB)');
    expect(describeTimeLeft(cal.timeLeft(due, atWib('2026-03-28', '10:00')))).toBe('Terlambat 10 jam (batas 2026-03-27 23:59 WIB)');
  });
});
