import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser, type BuiltUser } from '../../../test/helpers/factories.ts';
import type { Actor, AuditContext } from '../org/index.ts';
import { atWib, loadCalendar } from './calendar.ts';
import { casesJobs, runDeadlineSweep } from './jobs.ts';
import * as service from './service.ts';

// THE deadline test (issue 5): on the Sumbar calendar with the 2026 holidays and cuti bersama around
// Idul Fitri (seeded holiday table) plus a provincial holiday added by an admin, a case's due dates
// follow the working-day arithmetic at every step; the job (run directly with a given `now`) warns
// one working day before, escalates a breach to the OPD head and Kominfotik exactly once, leaves
// cases on hold alone, and closes a case after 10 working days of citizen silence.
//
//   Mon 16  Tue 17  Wed 18  Thu 19  Fri 20  Sat 21  Sun 22  Mon 23  Tue 24  Wed 25  Thu 26  Fri 27  Sat 28
//   work    work    cuti    Nyepi   cuti    weekend weekend cuti    cuti    work    work    work    weekend
//   Mon 30  Tue 31  Wed 1   Thu 2   Fri 3 (Wafat Yesus Kristus)   Mon 6 … Fri 10   Mon 13  Tue 14 (local, added here)  Wed 15 …

let app: TestApp;
let head: BuiltUser;
let admin: BuiltUser;
let responder: BuiltUser;
let coordinator: BuiltUser;

const endOf = (date: string) => atWib(date, '23:59:59.999');
const at = (date: string, time: string) => atWib(date, time);
const actorOf = (u: BuiltUser): Actor => ({ userId: u.id, orgId: u.orgId, orgKind: u.role.startsWith('province') ? 'province' : 'opd', role: u.role, email: u.email, name: `Uji ${u.role}` });
const ctx = (u: BuiltUser): AuditContext => ({ actor: actorOf(u), requestId: null, ip: null });
const deps = (now: Date): service.CasesDeps => ({ db: app.db.db, now: () => now });

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  // Kominfotik adds a provincial holiday (kind local) before the cases arrive.
  await app.db.pool.query(`insert into holiday (date, name, kind, source) values ('2026-04-14', 'Libur daerah (uji)', 'local', 'uji')`);
  head = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DINKES' });
  admin = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DINKES' });
  responder = await buildUser(app.db.db, { role: 'responder', orgCode: 'DINKES' });
  coordinator = await buildUser(app.db.db, { role: 'province_admin' });
});
afterAll(async () => {
  await app?.close();
});

async function caseRow(id: string) {
  return app.db.db.selectFrom('complaint_case').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
async function notices(code: string, caseCode: string) {
  return app.db.db
    .selectFrom('notification')
    .innerJoin('org', 'org.id', 'notification.org_id')
    .select(['org.code', 'notification.level', 'notification.title'])
    .where('notification.code', '=', code)
    .where('notification.title', 'like', `%${caseCode}%`)
    .orderBy('notification.id')
    .execute();
}
async function mails(caseId: string) {
  const { rows } = await app.db.pool.query<{ payload: { to: string; subject: string; text: string; messageId: string } }>(
    `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'mail_send' and j.payload->>'messageId' like $1 order by j.id`,
    [`<case.${caseId}.%`],
  );
  return rows.map((r) => r.payload);
}
async function eventKinds(caseId: string) {
  return (await app.db.db.selectFrom('case_event').select('kind').where('case_id', '=', caseId).orderBy('id').execute()).map((e) => e.kind);
}

describe('deadlines on the working-day calendar, warnings, escalation and auto-close', () => {
  it('uses the holiday table: cuti bersama and the added local holiday are not working days', async () => {
    const cal = await loadCalendar(app.db.db);
    for (const d of ['2026-03-18', '2026-03-19', '2026-03-20', '2026-03-23', '2026-03-24', '2026-04-03', '2026-04-14']) expect(cal.isWorkingDay(d), d).toBe(false);
    for (const d of ['2026-03-17', '2026-03-25', '2026-04-13', '2026-04-15']) expect(cal.isWorkingDay(d), d).toBe(true);
  });

  it('computes every due date of a case through its life, warns before, escalates once to the OPD head and Kominfotik, and auto-closes after silence', async () => {
    // Received on Tue 17 Mar 2026 10:00 WIB (a phone report recorded through the API).
    const api = new ApiClient(app.url);
    await api.login(head.email, head.password);
    const created = await api.post('/api/cases', { description: 'Obat TB di UPT kosong dua minggu', channel: 'phone', receivedAt: '2026-03-17T10:00:00+07:00', categoryCode: 'KESEHATAN' });
    expect(created.status, created.text).toBe(201);
    const c = created.body;
    // Verify and route: 3 working days = 25, 26, 27 Mar (18–24 are Nyepi, Idul Fitri and cuti bersama).
    expect(c.deadlines.verify.dueAt).toBe('2026-03-27T16:59:59.999Z');
    expect(c.deadlines.verify.due).toBe('2026-03-27 23:59 WIB');
    // Cap: 60 calendar days.
    expect(c.deadlines.cap.dueAt).toBe(endOf('2026-05-16').toISOString());

    // Fri 20 Mar (cuti bersama): 3 working days still to come, no warning.
    expect(await runDeadlineSweep({ db: app.db.db }, at('2026-03-20', '09:00'))).toEqual({ warned: 0, escalated: 0, closed: 0 });
    // Wed 25 Mar: 2 left, no warning.
    expect((await runDeadlineSweep({ db: app.db.db }, at('2026-03-25', '12:00'))).warned).toBe(0);
    // Thu 26 Mar: due on the next working day: warned, once, to DINKES (bell + e-mail to its head and admin).
    expect(await runDeadlineSweep({ db: app.db.db }, at('2026-03-26', '00:15'))).toEqual({ warned: 1, escalated: 0, closed: 0 });
    expect(await runDeadlineSweep({ db: app.db.db }, at('2026-03-26', '00:30'))).toEqual({ warned: 0, escalated: 0, closed: 0 });
    expect(await notices('case_deadline_warning', c.code)).toEqual([{ code: 'DINKES', level: 'warning', title: `Aduan ${c.code}: batas verifikasi dan disposisi segera tiba` }]);
    let sent = await mails(c.id);
    expect(sent.map((m) => m.to).sort()).toEqual([admin.email, head.email].sort());
    expect(sent[0]!.text).toContain('1 hari kerja lagi (s.d. 2026-03-27 23:59 WIB)');
    expect((await caseRow(c.id)).verify_warned_at).toEqual(at('2026-03-26', '00:15'));

    // Sat 28 Mar 01:00: missed. Escalated to the OPD (bell), its head (e-mail) and Kominfotik (province bell), once.
    expect(await runDeadlineSweep({ db: app.db.db }, at('2026-03-28', '01:00'))).toEqual({ warned: 0, escalated: 1, closed: 0 });
    expect(await runDeadlineSweep({ db: app.db.db }, at('2026-03-30', '08:00'))).toEqual({ warned: 0, escalated: 0, closed: 0 });
    expect(await notices('case_deadline_breach', c.code)).toEqual([
      { code: 'DINKES', level: 'critical', title: `Aduan ${c.code} melewati batas verifikasi dan disposisi` },
      { code: 'SUMBAR', level: 'critical', title: `Aduan ${c.code} melewati batas verifikasi dan disposisi (Dinas Kesehatan)` },
    ]);
    sent = await mails(c.id);
    const breach = sent.filter((m) => m.messageId.includes('.breach.'));
    expect(breach.map((m) => m.to)).toEqual([head.email]);
    expect(breach[0]!.subject).toBe(`[Dayung] Aduan ${c.code} melewati batas verifikasi dan disposisi`);
    expect(await eventKinds(c.id)).toEqual(['status', 'deadline_warning', 'escalation']);

    // Verified and disposed on Mon 30 Mar 09:00: follow-up in 5 working days = 31 Mar, 1, 2, 6, 7 Apr (3 Apr Good Friday).
    await service.verify(deps(at('2026-03-30', '08:50')), actorOf(head), c.id, {}, ctx(head));
    const disposed = await service.dispose(deps(at('2026-03-30', '09:00')), actorOf(head), c.id, { orgCode: 'DINKES', reason: 'Ditangani bidang P2P' }, ctx(head));
    expect('deadlines' in disposed && disposed.deadlines.followUp?.dueAt).toBe(endOf('2026-04-07').toISOString());
    let row = await caseRow(c.id);
    expect(row.verify_due_at).toBeNull();
    expect(row.followup_warned_at).toBeNull();
    // Mon 6 Apr: warned about the follow-up.
    expect((await runDeadlineSweep({ db: app.db.db }, at('2026-04-06', '07:00'))).warned).toBe(1);

    // Follow-up on Tue 7 Apr 10:00: 10 working days of silence = 8, 9, 10, 13, 15, 16, 17, 20, 21, 22 Apr (14 Apr local holiday).
    const answered = await service.followUp(deps(at('2026-04-07', '10:00')), actorOf(responder), c.id, { text: 'Obat TB sudah didistribusikan ke UPT pada 7 April.' }, ctx(responder));
    expect('deadlines' in answered && answered.deadlines.close?.dueAt).toBe(endOf('2026-04-22').toISOString());
    expect('deadlines' in answered && answered.deadlines.followUp).toBeNull();
    // Still open at the last minute of the tenth working day; closed right after.
    expect((await runDeadlineSweep({ db: app.db.db }, at('2026-04-22', '23:59'))).closed).toBe(0);
    expect(await runDeadlineSweep({ db: app.db.db }, at('2026-04-23', '00:00'))).toEqual({ warned: 0, escalated: 0, closed: 1 });
    row = await caseRow(c.id);
    expect(row).toMatchObject({ status: 'selesai', close_due_at: null, closed_at: at('2026-04-23', '00:00') });
    const last = await app.db.db.selectFrom('case_event').selectAll().where('case_id', '=', c.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ kind: 'status', from_status: 'ditindaklanjuti', to_status: 'selesai', actor_id: null, actor_name: 'sistem', public: true });
    expect(last.public_text).toBe('Aduan selesai: tidak ada tanggapan pelapor selama 10 hari kerja setelah tindak lanjut.');
    const audit = await app.db.db.selectFrom('audit_log').select(['action', 'actor_id', 'actor_name']).where('target_id', '=', c.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'case.auto_close', actor_id: null, actor_name: 'sistem' });
    expect((await runDeadlineSweep({ db: app.db.db }, at('2026-04-24', '00:00'))).closed).toBe(0);
  });

  it('a citizen reply stops the silence clock and starts a new follow-up deadline', async () => {
    const c = await service.createCase(deps(at('2026-04-01', '09:00')), actorOf(head), { description: 'Ambulans desa tidak datang', channel: 'phone' }, ctx(head));
    await service.verify(deps(at('2026-04-01', '10:00')), actorOf(head), c.id, {}, ctx(head));
    await service.dispose(deps(at('2026-04-01', '11:00')), actorOf(head), c.id, { orgCode: 'DINKES', reason: 'Bidang yankes' }, ctx(head));
    await service.followUp(deps(at('2026-04-02', '10:00')), actorOf(responder), c.id, { text: 'Ambulans sudah dijadwalkan ulang.' }, ctx(responder));
    expect((await caseRow(c.id)).close_due_at).toEqual(endOf('2026-04-20')); // 6–10, 13, 15, 16, 17, 20 Apr (3 Apr and 14 Apr are holidays)
    await service.recordCitizenReply(deps(at('2026-04-08', '19:00')), null, c.id, { text: 'Belum datang sampai sekarang' }, { actor: null, requestId: null, ip: null });
    const row = await caseRow(c.id);
    expect(row.close_due_at).toBeNull();
    expect(row.followup_due_at).toEqual(endOf('2026-04-16')); // 9, 10, 13, 15, 16 Apr
    expect((await runDeadlineSweep({ db: app.db.db }, at('2026-04-20', '00:00'))).closed).toBe(0);
    expect((await caseRow(c.id)).status).toBe('ditindaklanjuti');
    expect((await caseRow(c.id)).followup_escalated_at).toEqual(at('2026-04-20', '00:00'));
  });

  it('tunda pauses the clocks: nothing is warned or escalated on hold, and resume gives back the working days left', async () => {
    const c = await service.createCase(deps(at('2026-03-17', '10:00')), actorOf(coordinator), { description: 'Aduan yang menunggu kelengkapan data', channel: 'web' }, ctx(coordinator));
    expect((await caseRow(c.id)).verify_due_at).toEqual(endOf('2026-03-27'));
    // Held on Wed 25 Mar 10:00 with 2 working days left (26, 27 Mar).
    await service.hold(deps(at('2026-03-25', '10:00')), actorOf(coordinator), c.id, { reason: 'Menunggu lokasi persis dari pelapor' }, ctx(coordinator));
    const swept = await runDeadlineSweep({ db: app.db.db }, at('2026-04-02', '12:00'));
    expect(swept.warned + swept.escalated).toBe(0);
    expect((await caseRow(c.id)).verify_escalated_at).toBeNull();
    // Resumed Mon 6 Apr 09:00: verify due after 2 working days = Wed 8 Apr; the cap moves by the 12 days on hold.
    const resumed = await service.resume(deps(at('2026-04-06', '09:00')), actorOf(coordinator), c.id, {}, ctx(coordinator));
    expect('deadlines' in resumed && resumed.status).toBe('diterima');
    const row = await caseRow(c.id);
    expect(row.verify_due_at).toEqual(endOf('2026-04-08'));
    expect(row.cap_due_at).toEqual(endOf('2026-05-28'));
    // The province holds the case: the warning goes to Kominfotik's bell only, no OPD e-mail.
    expect((await runDeadlineSweep({ db: app.db.db }, at('2026-04-07', '08:00'))).warned).toBe(1);
    expect(await notices('case_deadline_warning', c.code)).toEqual([{ code: 'SUMBAR', level: 'warning', title: `Aduan ${c.code}: batas verifikasi dan disposisi segera tiba` }]);
    expect(await mails(c.id)).toEqual([]);
    // Escalation of a case Kominfotik holds: one notice, not two.
    expect((await runDeadlineSweep({ db: app.db.db }, at('2026-04-09', '08:00'))).escalated).toBe(1);
    expect(await notices('case_deadline_breach', c.code)).toHaveLength(1);
  });

  it('the registered job runs the sweep with an injectable time source and is scheduled every 15 minutes', async () => {
    const c = await service.createCase(deps(at('2026-06-01', '09:00')), actorOf(head), { description: 'Uji jadwal', channel: 'phone' }, ctx(head));
    const [job] = casesJobs({ db: app.db.db, now: () => at('2026-06-05', '00:00') });
    expect(job!.name).toBe('cases_deadlines');
    const logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as never;
    await job!.handler({}, { logger, jobId: '1', attempt: 1 });
    expect((await caseRow(c.id)).verify_escalated_at).toEqual(at('2026-06-05', '00:00'));
    const { casesCron } = await import('./jobs.ts');
    expect(casesCron).toEqual([{ pattern: '*/15 * * * *', job: 'cases_deadlines' }]);
  });
});
