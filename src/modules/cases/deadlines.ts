import { deadlineRules, wibDate, type DeadlineRules, type TimeLeft, type WorkingCalendar } from './calendar.ts';
import type { CaseAction } from './lifecycle.ts';

// The due dates of a case, recomputed on every transition (pure; the calendar is passed in).
//
//   verify    receipt + 3 working days: verify AND route (dispose). Runs in diterima and terverifikasi;
//             restarts after "bukan wewenang" (the coordinator re-routes) and after a reopen.
//   followup  disposition + 5 working days: the OPD's follow-up. Restarts at every disposition and
//             when the citizen replies to a follow-up (the OPD owes an answer again).
//   close     follow-up + 10 working days of citizen silence: the job closes the case as selesai.
//             A citizen reply stops it; the next follow-up starts it again.
//   cap       receipt + 60 calendar days (Perpres 76/2013). Never restarts (a reopen does not give
//             60 new days); only a hold extends it.
// Category overrides replace the numbers (docs/deadlines.md §1).
//
// Tunda pauses every clock: while on hold nothing is warned or escalated, and at resume each
// running deadline gets back the working days it still had when the hold began (the day of the
// hold counts as used); the cap moves by the calendar days spent on hold. A deadline already missed
// when the hold began stays missed.

export interface Clock {
  verifyDueAt: Date | null;
  followupDueAt: Date | null;
  closeDueAt: Date | null;
  capDueAt: Date;
}

/** Deadlines that are warned about and escalated (close is the auto-close, not a breach). */
export const WATCHED = ['verify', 'followup', 'cap'] as const;
export type WatchedDeadline = (typeof WATCHED)[number];

export const DEADLINE_LABEL: Record<WatchedDeadline | 'close', string> = {
  verify: 'verifikasi dan disposisi',
  followup: 'tindak lanjut OPD',
  close: 'penutupan otomatis (pelapor tidak menanggapi)',
  cap: 'batas penyelesaian 60 hari',
};

/** A category's overrides as stored (null = default). */
export interface CategoryOverrides {
  verify_working_days?: number | null;
  followup_working_days?: number | null;
  silence_working_days?: number | null;
  cap_calendar_days?: number | null;
}

/** The effective rules of a category (defaults when there is none). */
export function rulesFor(category: CategoryOverrides | null | undefined): DeadlineRules {
  const o: Partial<DeadlineRules> = {};
  if (category?.verify_working_days != null) o.verifyWorkingDays = category.verify_working_days;
  if (category?.followup_working_days != null) o.followUpWorkingDays = category.followup_working_days;
  if (category?.silence_working_days != null) o.autoCloseWorkingDays = category.silence_working_days;
  if (category?.cap_calendar_days != null) o.capCalendarDays = category.cap_calendar_days;
  return deadlineRules(o);
}

/** The clock of a case received at `receivedAt`. */
export function initialClock(cal: WorkingCalendar, rules: DeadlineRules, receivedAt: Date): Clock {
  return {
    verifyDueAt: cal.addWorkingDays(receivedAt, rules.verifyWorkingDays),
    followupDueAt: null,
    closeDueAt: null,
    capDueAt: cal.addCalendarDays(receivedAt, rules.capCalendarDays),
  };
}

/** Re-derives verify and cap from the receipt when the category (and so the rules) changes at verification. */
export function reclassifiedClock(cal: WorkingCalendar, rules: DeadlineRules, clock: Clock, receivedAt: Date): Clock {
  const fresh = initialClock(cal, rules, receivedAt);
  return { ...clock, verifyDueAt: clock.verifyDueAt ? fresh.verifyDueAt : null, capDueAt: fresh.capDueAt };
}

export type ClockEvent = Exclude<CaseAction, 'resume'> | 'citizen_reply';

/**
 * The clock after an event at `at`. hold leaves it as it is (the job ignores cases on hold);
 * resume is resumeClock.
 */
export function clockAfter(cal: WorkingCalendar, rules: DeadlineRules, clock: Clock, event: ClockEvent, at: Date): Clock {
  switch (event) {
    case 'verify':
    case 'hold':
      return { ...clock };
    case 'dispose':
      return { ...clock, verifyDueAt: null, followupDueAt: cal.addWorkingDays(at, rules.followUpWorkingDays), closeDueAt: null };
    case 'follow_up':
      return { ...clock, followupDueAt: null, closeDueAt: cal.addWorkingDays(at, rules.autoCloseWorkingDays) };
    case 'citizen_reply':
      // Only a case waiting for the citizen has a silence clock to stop.
      if (!clock.closeDueAt) return { ...clock };
      return { ...clock, closeDueAt: null, followupDueAt: cal.addWorkingDays(at, rules.followUpWorkingDays) };
    case 'not_authority':
    case 'reopen':
      return { ...clock, verifyDueAt: cal.addWorkingDays(at, rules.verifyWorkingDays), followupDueAt: null, closeDueAt: null };
    case 'close':
    case 'auto_close':
    case 'handoff':
    case 'duplicate':
    case 'archive':
      return { ...clock, verifyDueAt: null, followupDueAt: null, closeDueAt: null };
  }
}

/** Calendar days between the WIB dates of two instants (b − a). */
export function wibDaysBetween(a: Date, b: Date): number {
  return Math.round((Date.parse(wibDate(b)) - Date.parse(wibDate(a))) / 86_400_000);
}

/** The clock after a hold from heldAt to resumedAt (see the rules at the top). */
export function resumeClock(cal: WorkingCalendar, clock: Clock, heldAt: Date, resumedAt: Date): Clock {
  const shift = (due: Date | null): Date | null => {
    if (!due) return null;
    if (due.getTime() < heldAt.getTime()) return due;
    return cal.addWorkingDays(resumedAt, Math.max(0, cal.workingDaysBetween(heldAt, due)));
  };
  const paused = Math.max(0, wibDaysBetween(heldAt, resumedAt));
  const capDueAt = clock.capDueAt.getTime() < heldAt.getTime() || paused === 0 ? clock.capDueAt : cal.addCalendarDays(clock.capDueAt, paused);
  return { verifyDueAt: shift(clock.verifyDueAt), followupDueAt: shift(clock.followupDueAt), closeDueAt: shift(clock.closeDueAt), capDueAt };
}

/** Which watched deadlines moved (their warning/escalation markers start again). */
export function movedDeadlines(before: Clock, after: Clock): WatchedDeadline[] {
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  const out: WatchedDeadline[] = [];
  if (!same(before.verifyDueAt, after.verifyDueAt)) out.push('verify');
  if (!same(before.followupDueAt, after.followupDueAt)) out.push('followup');
  if (!same(before.capDueAt, after.capDueAt)) out.push('cap');
  return out;
}

/** The job's rule: warn when the deadline is today or on the next working day, and not yet passed. */
export function needsWarning(t: TimeLeft): boolean {
  return !t.overdue && t.workingDays <= 1;
}

/** "3 hari kerja lagi (s.d. 2026-03-27 23:59 WIB)", "Hari ini, 5 jam lagi", "Terlambat 1 hari kerja". */
export function describeTimeLeft(t: TimeLeft): string {
  if (t.overdue) return t.workingDays > 0 ? `Terlambat ${t.workingDays} hari kerja (batas ${t.due})` : `Terlambat ${t.hours} jam (batas ${t.due})`;
  if (t.dueToday) return `Hari ini, ${t.hours} jam lagi (s.d. ${t.due})`;
  if (t.workingDays === 0) return `${t.hours} jam lagi (s.d. ${t.due})`;
  return `${t.workingDays} hari kerja lagi (s.d. ${t.due})`;
}
