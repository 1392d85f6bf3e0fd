// Public face of the cases module: complaint cases in SP4N-LAPOR! terms, their deadlines on the
// working-day calendar, disposition and hand-off, duplicates ("ikut melapor").
export { registerCaseRoutes } from './routes.ts';
export { casesCron, casesJobs, runDeadlineSweep, type CasesJobDeps, type SweepResult } from './jobs.ts';
export { seedCaseReference } from './seed.ts';
export { caseForInteraction, closeForSilence, rateCase, recordCitizenReply, type CasesDeps } from './service.ts';
export { CASE_STATUSES, STATUS_LABEL, isClosed, type CaseAction } from './lifecycle.ts';
export { loadCalendar, seedHolidays, WorkingCalendar } from './calendar.ts';
export { citizenLoopCron, citizenLoopJobs, citizenText, linkCitizenReplies, notifyCitizens } from './citizen.ts';
// The public side (docs/open311.md): Open311 GeoReport v2, the public form, tracking, statistics.
export { registerOpen311Routes } from './open311/routes.ts';
export { registerPublicCaseRoutes } from './public/routes.ts';
export { createCitizenCase, issueTrackingSecret, type CitizenCaseInput } from './public/intake.ts';
