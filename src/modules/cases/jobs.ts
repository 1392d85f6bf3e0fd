import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { defineJob, enqueue, type CronEntry, type JobDefinition } from '../../platform/jobs/index.ts';
import { maskPersonalData } from '../language/index.ts';
import { findOrgManagers, findProvince, notifyOrg, recordAudit, systemContext } from '../org/index.ts';
import { formatWib, loadCalendar, type WorkingCalendar } from './calendar.ts';
import { DEADLINE_LABEL, describeTimeLeft, needsWarning, WATCHED, type WatchedDeadline } from './deadlines.ts';
import { fetchAttachmentMedia, type MediaFetchDeps } from './attachments.ts';
import { staffText } from './event-texts.ts';
import * as q from './queries.ts';
import { closeForSilence } from './service.ts';

// The deadline job (every 15 minutes): warns the owning OPD one working day before a deadline
// (notification + e-mail to its heads and admins), escalates a missed deadline to the OPD head and to
// Kominfotik (the province org), and closes cases whose citizen stayed silent after the follow-up.
// Each warning and escalation happens once per deadline: a marker column is claimed with a
// conditional UPDATE in the same transaction as the notices, so two workers (or a retried job) never
// send twice. The time source is injectable (deps.now) and runDeadlineSweep takes `now` directly.

export interface CasesJobDeps {
  db: Db;
  /** For links in e-mails. */
  publicUrl?: string | undefined;
  now?: (() => Date) | undefined;
  /** Downloading citizens' WhatsApp/Telegram files into the media store (absent: they stay references). */
  mediaFetch?: Omit<MediaFetchDeps, 'db'> | undefined;
}

export interface SweepResult {
  warned: number;
  escalated: number;
  closed: number;
}

const BATCH = 200;
const MAX_BATCHES = 50;

type Candidate = Awaited<ReturnType<typeof q.deadlineCandidates>>[number];

function link(deps: CasesJobDeps, id: string): string {
  return `${deps.publicUrl?.replace(/\/$/, '') ?? ''}/aduan/${id}`;
}

function messageId(caseId: string, kind: WatchedDeadline, what: 'warn' | 'breach', due: Date, userId: string): string {
  return `<case.${caseId}.${kind}.${what}.${due.getTime()}.${userId}@dayung.sumbarprov.go.id>`;
}

async function warn(deps: CasesJobDeps, cal: WorkingCalendar, r: Candidate, kind: WatchedDeadline, now: Date): Promise<boolean> {
  const due = new Date(r.due_at);
  const t = cal.timeLeft(due, now);
  if (!needsWarning(t)) return false;
  const subject = maskPersonalData(r.title);
  return deps.db.transaction().execute(async (tx) => {
    if (!(await q.claimMarker(tx, r.id, kind, 'warned', due, now))) return false;
    const left = describeTimeLeft(t);
    const title = `Aduan ${r.code}: batas ${DEADLINE_LABEL[kind]} ${t.dueToday ? 'hari ini' : 'segera tiba'}`;
    const body = `${left}.\nJudul: ${subject}\nSegera tindak lanjuti agar tidak melewati batas waktu SP4N-LAPOR!.`;
    await notifyOrg(tx, { orgId: r.org_id, level: 'warning', code: 'case_deadline_warning', title, body, link: `/aduan/${r.id}`, dedupeKey: `case:${r.id}:${kind}:warn:${due.toISOString()}` });
    // Heads and admins of the owning OPD (none when Kominfotik still holds the case: its bell shows it).
    const managers = r.org_kind === 'province' ? [] : await findOrgManagers(tx, r.org_id);
    for (const m of managers) {
      await enqueue(tx, 'mail_send', {
        to: m.email,
        subject: `[Dayung] ${title}`,
        text: `Yth. ${m.name},\n\nAduan ${r.code} yang ditangani ${r.org_name} mendekati batas ${DEADLINE_LABEL[kind]}: ${left}.\n\nJudul: ${subject}\nBuka aduan: ${link(deps, r.id)}\n\nPesan otomatis Dayung.`,
        messageId: messageId(r.id, kind, 'warn', due, m.id),
      });
    }
    await q.insertEvent(tx, { orgId: r.org_id, caseId: r.id, kind: 'deadline_warning', ...staffText('deadline_warning', { deadline: kind, left, dueAt: due.toISOString() }), data: { deadline: kind, dueAt: due.toISOString(), mailed: managers.length }, actorName: 'sistem', at: now });
    await recordAudit(tx, systemContext(), { action: 'case.deadline_warning', targetType: 'complaint_case', targetId: r.id, orgId: r.org_id, after: { deadline: kind, dueAt: due.toISOString(), mailed: managers.length } });
    return true;
  });
}

async function escalate(deps: CasesJobDeps, cal: WorkingCalendar, r: Candidate, kind: WatchedDeadline, now: Date, provinceId: string | null): Promise<boolean> {
  const due = new Date(r.due_at);
  return deps.db.transaction().execute(async (tx) => {
    if (!(await q.claimMarker(tx, r.id, kind, 'escalated', due, now))) return false;
    const late = describeTimeLeft(cal.timeLeft(due, now));
    const subject = maskPersonalData(r.title);
    const title = `Aduan ${r.code} melewati batas ${DEADLINE_LABEL[kind]}`;
    const body = `${late}.\nBatas: ${formatWib(due)}\nPenanggung jawab: ${r.org_name}\nJudul: ${subject}`;
    await notifyOrg(tx, { orgId: r.org_id, level: 'critical', code: 'case_deadline_breach', title, body, link: `/aduan/${r.id}`, dedupeKey: `case:${r.id}:${kind}:breach:${due.toISOString()}` });
    // Kominfotik (Admin Koordinator) hears of every breach.
    if (provinceId && provinceId !== r.org_id) {
      await notifyOrg(tx, { orgId: provinceId, level: 'critical', code: 'case_deadline_breach', title: `${title} (${r.org_name})`, body, link: `/aduan/${r.id}`, dedupeKey: `case:${r.id}:${kind}:breach:${due.toISOString()}` });
    }
    // The OPD head by e-mail (the admins when the OPD has no head account).
    const managers = r.org_kind === 'province' ? [] : await findOrgManagers(tx, r.org_id);
    const heads = managers.filter((m) => m.role === 'opd_head');
    const to = heads.length ? heads : managers;
    for (const m of to) {
      await enqueue(tx, 'mail_send', {
        to: m.email,
        subject: `[Dayung] ${title}`,
        text: `Yth. ${m.name},\n\nAduan ${r.code} yang ditangani ${r.org_name} telah melewati batas ${DEADLINE_LABEL[kind]} (${formatWib(due)}): ${late}.\nHal ini juga dilaporkan kepada Kominfotik selaku Admin Koordinator SP4N-LAPOR! Pemprov Sumbar.\n\nJudul: ${subject}\nBuka aduan: ${link(deps, r.id)}\n\nPesan otomatis Dayung.`,
        messageId: messageId(r.id, kind, 'breach', due, m.id),
      });
    }
    await q.insertEvent(tx, {
      orgId: r.org_id,
      caseId: r.id,
      kind: 'escalation',
      ...staffText('escalation', { deadline: kind, dueAt: due.toISOString() }),
      data: { deadline: kind, dueAt: due.toISOString(), mailed: to.length, province: Boolean(provinceId && provinceId !== r.org_id) },
      actorName: 'sistem',
      at: now,
    });
    await recordAudit(tx, systemContext(), { action: 'case.escalation', targetType: 'complaint_case', targetId: r.id, orgId: r.org_id, after: { deadline: kind, dueAt: due.toISOString(), mailed: to.length } });
    return true;
  });
}

/** One pass of the deadline job at `now`. */
export async function runDeadlineSweep(deps: CasesJobDeps, now: Date): Promise<SweepResult> {
  const result: SweepResult = { warned: 0, escalated: 0, closed: 0 };
  // The holiday table may have changed since the last run: build the calendar afresh.
  const cal = await loadCalendar(deps.db);
  const province = await findProvince(deps.db);
  // Breaches first: a case that passed both windows since the last run is escalated, not warned.
  for (const kind of WATCHED) {
    for (let i = 0; i < MAX_BATCHES; i++) {
      const rows = await q.deadlineCandidates(deps.db, kind, 'escalated', now, BATCH);
      let done = 0;
      for (const r of rows) if (await escalate(deps, cal, r, kind, now, province?.id ?? null)) done++;
      result.escalated += done;
      if (rows.length < BATCH || done === 0) break;
    }
  }
  // Warnings: the deadline is today or on the next working day.
  const warnBefore = cal.addWorkingDays(now, 2);
  for (const kind of WATCHED) {
    for (let i = 0; i < MAX_BATCHES; i++) {
      const rows = await q.deadlineCandidates(deps.db, kind, 'warned', warnBefore, BATCH);
      let done = 0;
      for (const r of rows) if (await warn(deps, cal, r, kind, now)) done++;
      result.warned += done;
      if (rows.length < BATCH || done === 0) break;
    }
  }
  // Citizen silence after a follow-up: selesai.
  for (let i = 0; i < MAX_BATCHES; i++) {
    const rows = await q.silentCases(deps.db, now, BATCH);
    let done = 0;
    for (const r of rows) if (await closeForSilence({ db: deps.db, now: () => now }, r.id)) done++;
    result.closed += done;
    if (rows.length < BATCH || done === 0) break;
  }
  return result;
}

export function casesJobs(deps: CasesJobDeps): JobDefinition[] {
  const fetch = deps.mediaFetch;
  return [
    defineJob({
      name: 'cases_deadlines',
      schema: z.object({}).passthrough(),
      async handler(_payload, ctx) {
        const result = await runDeadlineSweep(deps, deps.now?.() ?? new Date());
        if (result.warned || result.escalated || result.closed) ctx.logger.info(result, 'case deadlines: warned, escalated, closed');
      },
    }),
    defineJob({
      name: 'case_media_fetch',
      schema: z.object({ attachmentId: z.uuid() }),
      maxAttempts: 6,
      async handler({ attachmentId }, ctx) {
        if (!fetch) return;
        const outcome = await fetchAttachmentMedia({ db: deps.db, ...fetch }, attachmentId, ctx.logger);
        if (outcome === 'stored') ctx.logger.info({ attachmentId }, 'citizen file stored');
      },
    }),
  ];
}

export const casesCron: CronEntry[] = [{ pattern: '*/15 * * * *', job: 'cases_deadlines' }];
