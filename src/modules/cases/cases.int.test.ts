import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildContact, buildInteraction, buildUser, type BuiltUser } from '../../../test/helpers/factories.ts';
import type { Role } from '../../platform/db/schema.ts';

// The case API end to end: from an inbox complaint to selesai, every hop and transition in the
// history and the audit log; illegal transitions refused in Indonesian; tunda, bukan wewenang,
// hand-off with letter and SP4N-LAPOR! export, external reference, reopen; list filters and pages.

let app: TestApp;
const users: Record<string, BuiltUser> = {};

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  const want: [string, Role, string][] = [
    ['admin', 'province_admin', 'SUMBAR'],
    ['supervisor', 'province_supervisor', 'SUMBAR'],
    ['head', 'opd_head', 'DINKES'],
    ['responder', 'responder', 'DINKES'],
    ['viewer', 'viewer', 'DINKES'],
    ['rsHead', 'opd_head', 'RSUDAM'],
    ['rsResponder', 'responder', 'RSUDAM'],
    ['disdik', 'opd_head', 'DISDIK'],
  ];
  for (const [key, role, orgCode] of want) users[key] = await buildUser(app.db.db, { role, orgCode, name: `Uji ${key}` });
});
afterAll(async () => {
  await app?.close();
});

async function as(key: string): Promise<ApiClient> {
  const c = new ApiClient(app.url);
  const u = users[key]!;
  expect((await c.login(u.email, u.password)).status).toBe(200);
  return c;
}

let phones = 34567890;
async function complaint(o: { orgCode?: string; text?: string; triage?: boolean } = {}) {
  const contact = await buildContact(app.db.db, { platform: 'whatsapp', name: 'Siti Rahmah' });
  await app.db.db.updateTable('contact').set({ external_user_id: `62812${String(++phones).padStart(8, '0')}` }).where('id', '=', contact).execute();
  return buildInteraction(app.db.db, { orgCode: o.orgCode ?? 'DINKES', platform: 'whatsapp', kind: 'message', contactId: contact, triage: o.triage ?? false, text: o.text ?? 'Stok obat di puskesmas rujukan kosong sejak minggu lalu, tolong dicek. Hubungi saya di 081234567890' });
}

const audits = async (targetId: string) =>
  (await app.db.db.selectFrom('audit_log').select('action').where('target_id', '=', targetId).orderBy('id').execute()).map((r) => r.action);

describe('complaint cases', () => {
  it('turn an inbox complaint into a case once, with a tracking code, deadlines and the reporter masked', async () => {
    const it1 = await complaint();
    const r = await as('responder');
    const created = await r.post('/api/cases', { interactionId: it1.id, categoryCode: 'KESEHATAN' });
    expect(created.status, created.text).toBe(201);
    const c = created.body;
    expect(c.code).toMatch(/^SB-\d{4}-\d{6}$/);
    expect(c).toMatchObject({ status: 'diterima', classification: 'pengaduan', org: { code: 'DINKES' }, originOrg: { code: 'DINKES' }, category: { code: 'KESEHATAN' }, reportersCount: 1, source: { channel: 'whatsapp', interactionId: it1.id } });
    expect(c.reporter.name).toBe('S••• R•••••');
    expect(c.reporter.phone).not.toContain('1234567');
    expect(created.text).not.toContain('081234567890');
    expect(created.text).not.toContain('6281234567890');
    expect(c.deadlines.verify.running).toBe(true);
    expect(c.deadlines.verify.workingDaysLeft).toBeGreaterThanOrEqual(0);
    expect(new Date(c.deadlines.cap.dueAt).getTime() - Date.now()).toBeGreaterThan(58 * 86_400_000);
    expect(c.events).toHaveLength(1);
    expect(c.events[0]).toMatchObject({ kind: 'status', toStatus: 'diterima', public: true, actor: 'Uji responder', publicCode: 'received', params: { code: c.code }, publicText: `Aduan diterima dengan kode pelacakan ${c.code}.` });
    // a responder neither verifies nor disposes; notes and reveal only
    expect(c.allowedActions).toEqual(['note', 'reveal']);
    // Once only.
    const again = await r.post('/api/cases', { interactionId: it1.id });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.detail).toBe(`Pesan ini sudah tercatat pada aduan ${c.code}.`);
    const link = await r.get(`/api/cases/by-interaction/${it1.id}`);
    expect(link.body.case).toEqual({ code: c.code, id: c.id, status: 'diterima' });
    expect(await audits(c.id)).toEqual(['case.create']);
    // The viewer may read but not create.
    const v = await as('viewer');
    expect((await v.get(`/api/cases/${c.id}`)).body.allowedActions).toEqual([]);
    expect((await v.post('/api/cases', { description: 'uji' })).status).toBe(403);
    // A message still in Kominfotik's triage becomes a case of the coordinator.
    const triaged = await complaint({ triage: true, text: 'Jalan rusak parah, tidak jelas jalan siapa' });
    const adm = await as('admin');
    const t = await adm.post('/api/cases', { interactionId: triaged.id });
    expect(t.status).toBe(201);
    expect(t.body.org.code).toBe('SUMBAR');
    expect(t.body.org.province).toBe(true);
  });

  it('goes diterima → terverifikasi → didisposisi (a hop to another OPD) → ditindaklanjuti → selesai, every step in the history and the audit log', async () => {
    const it1 = await complaint({ text: 'Antrean poli RSAM Bukittinggi sangat lama, pasien lansia menunggu 6 jam' });
    const head = await as('head');
    const c = (await head.post('/api/cases', { interactionId: it1.id })).body;
    const district = await app.db.db.selectFrom('ref_district').select(['code', 'name']).where('regency_code', '=', '13.75').orderBy('code').executeTakeFirstOrThrow();

    // Illegal: a follow-up before disposition.
    const early = await head.post(`/api/cases/${c.id}/follow-up`, { text: 'Sudah kami tindak lanjuti dengan baik.' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('case_transition_invalid');
    expect(early.body.detail).toBe(`Aduan ${c.code} berstatus "Diterima", sehingga tidak dapat ditindaklanjuti. Tindakan yang tersedia: memverifikasi, menunda, menyatakan bukan wewenang, menandai duplikat, mengarsipkan.`);
    const en = await new ApiClient(app.url, { lang: 'en' });
    await en.login(users['head']!.email, users['head']!.password);
    expect((await en.post(`/api/cases/${c.id}/follow-up`, { text: 'Sudah kami tindak lanjuti dengan baik.' })).body.detail).toContain('is "Diterima"');

    const verified = await head.post(`/api/cases/${c.id}/verify`, { categoryCode: 'RUMAH_SAKIT_PROVINSI', districtCode: district.code, locationText: 'RSUD Achmad Mochtar', title: 'Antrean poli RSAM lama' });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.body).toMatchObject({ status: 'terverifikasi', category: { code: 'RUMAH_SAKIT_PROVINSI' }, location: { regencyCode: '13.75', districtCode: district.code, district: district.name }, title: 'Antrean poli RSAM lama' });

    // The responder may not dispose; the head forwards to the hospital (a hop).
    const r = await as('responder');
    const denied = await r.post(`/api/cases/${c.id}/dispose`, { orgCode: 'RSUDAM', reason: 'wewenang rumah sakit' });
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toBe(`Anda tidak berwenang mendisposisikan aduan ${c.code}: hanya kepala atau admin OPD yang dapat melakukannya`);
    expect((await head.post(`/api/cases/${c.id}/dispose`, { orgCode: 'NOPE', reason: 'uji tujuan' })).body.code).toBe('case_reference_unknown');
    const disposed = await head.post(`/api/cases/${c.id}/dispose`, { orgCode: 'RSUDAM', reason: 'Pelayanan poli adalah wewenang RSUD Achmad Mochtar' });
    expect(disposed.status, disposed.text).toBe(200);
    expect(disposed.body).toMatchObject({ status: 'didisposisi', org: { code: 'RSUDAM' }, originOrg: { code: 'DINKES' } });
    expect(disposed.body.deadlines.verify).toBeNull();
    expect(disposed.body.deadlines.followUp.running).toBe(true);
    expect(disposed.body.hops).toEqual([expect.objectContaining({ from: 'DINKES', to: 'RSUDAM', kind: 'disposition', reason: 'Pelayanan poli adalah wewenang RSUD Achmad Mochtar', by: 'Uji head' })]);
    const notice = await app.db.db.selectFrom('notification').innerJoin('org', 'org.id', 'notification.org_id').select(['org.code', 'notification.title']).where('notification.code', '=', 'case_disposed').where('notification.title', 'like', `%${c.code}%`).execute();
    expect(notice).toEqual([{ code: 'RSUDAM', title: `Aduan ${c.code} didisposisikan ke RSUDAM` }]);

    // DINKES (origin) still reads it but no longer acts; the hospital's responder follows up.
    expect((await head.get(`/api/cases/${c.id}`)).body.allowedActions).toEqual(['note', 'reveal']);
    expect((await r.post(`/api/cases/${c.id}/follow-up`, { text: 'Tindak lanjut oleh OPD yang salah.' })).status).toBe(403);
    const rs = await as('rsResponder');
    expect((await rs.get(`/api/cases/${c.id}`)).body.allowedActions).toEqual(['follow_up', 'note', 'reveal']);
    const answer = 'Jam layanan poli ditambah dan antrean daring dibuka mulai Senin. Terima kasih atas laporannya.';
    const fu = await rs.post(`/api/cases/${c.id}/follow-up`, { text: answer });
    expect(fu.status, fu.text).toBe(200);
    expect(fu.body).toMatchObject({ status: 'ditindaklanjuti', publicAnswer: answer });
    expect(fu.body.deadlines.close.running).toBe(true);
    expect(fu.body.deadlines.followUp).toBeNull();

    const rsHead = await as('rsHead');
    const done = await rsHead.post(`/api/cases/${c.id}/close`, { note: 'Pelapor mengonfirmasi lewat telepon' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'selesai', closed: true });
    expect(done.body.closedAt).not.toBeNull();
    expect(done.body.events.map((e: { kind: string; toStatus: string }) => `${e.kind}:${e.toStatus}`)).toEqual(['status:diterima', 'status:terverifikasi', 'disposition:didisposisi', 'public_answer:ditindaklanjuti', 'status:selesai']);
    expect(done.body.events.filter((e: { public: boolean }) => e.public)).toHaveLength(5);
    expect(await audits(c.id)).toEqual(['case.create', 'case.verify', 'case.dispose', 'case.follow_up', 'case.close']);

    // The history is append-only.
    await expect(app.db.pool.query(`update case_event set text = 'diubah' where case_id = $1`, [c.id])).rejects.toThrow(/append-only/);
    await expect(app.db.pool.query(`delete from case_event where case_id = $1`, [c.id])).rejects.toThrow(/append-only/);

    // A dispute reopens it, and it goes back to didisposisi.
    const reopened = await rs.post(`/api/cases/${c.id}/reopen`, { reason: 'Pelapor: antrean masih 5 jam' });
    expect(reopened.body).toMatchObject({ status: 'dibuka_kembali', closedAt: null });
    expect(reopened.body.deadlines.verify.running).toBe(true);
    const again = await rsHead.post(`/api/cases/${c.id}/dispose`, { orgCode: 'RSUDAM', reason: 'Ditangani ulang oleh poli' });
    expect(again.body.status).toBe('didisposisi');
  });

  it('tunda pauses and resumes to the state before; bukan wewenang goes back to Kominfotik, who hands off with a letter and an SP4N-LAPOR! export', async () => {
    const head = await as('head');
    const c = (await head.post('/api/cases', { description: 'KTP-el saya belum jadi sejak 3 bulan di Disdukcapil Kota Padang, NIK 1371021503900001', channel: 'phone', reporterName: 'Budi Santoso', reporterPhone: '081298765432', regencyCode: '13.71' })).body;
    expect(c.source.channel).toBe('phone');
    await head.post(`/api/cases/${c.id}/verify`, {});
    const held = await head.post(`/api/cases/${c.id}/hold`, { reason: 'Menunggu nomor registrasi dari pelapor' });
    expect(held.body).toMatchObject({ status: 'tunda', statusBeforeTunda: 'terverifikasi', holdReason: 'Menunggu nomor registrasi dari pelapor' });
    expect(held.body.deadlines.paused).toBe(true);
    expect(held.body.deadlines.verify.running).toBe(false);
    expect((await head.post(`/api/cases/${c.id}/hold`, { reason: 'dua kali' })).status).toBe(409);
    const resumed = await head.post(`/api/cases/${c.id}/resume`, { note: 'Nomor registrasi sudah diterima' });
    expect(resumed.body).toMatchObject({ status: 'terverifikasi', statusBeforeTunda: null, holdReason: null });

    // Not ours: back to the Admin Koordinator (the province org), who the OPD can no longer act for.
    const na = await head.post(`/api/cases/${c.id}/not-authority`, { reason: 'KTP-el adalah urusan Disdukcapil kabupaten/kota', authorityCode: 'KABKOTA' });
    expect(na.status, na.text).toBe(200);
    expect(na.body).toMatchObject({ status: 'bukan_wewenang', org: { code: 'SUMBAR' } });
    expect(na.body.hops.at(-1)).toMatchObject({ from: 'DINKES', to: 'SUMBAR' });
    expect((await head.post(`/api/cases/${c.id}/handoff`, { authorityCode: 'KABKOTA' })).status).toBe(403);

    const adm = await as('admin');
    expect((await adm.post(`/api/cases/${c.id}/handoff`, { authorityCode: 'NOPE' })).body.code).toBe('case_reference_unknown');
    const h = await adm.post(`/api/cases/${c.id}/handoff`, { authorityCode: 'KABKOTA', note: 'Mohon dibantu percepatan' });
    expect(h.status, h.text).toBe(200);
    expect(h.body.case).toMatchObject({ status: 'bukan_wewenang', closed: true, handedOffTo: { code: 'KABKOTA' } });
    expect(h.body.case.allowedActions).toEqual(['dispose', 'handoff', 'note', 'flags', 'reveal']);
    expect(h.body.case.events.at(-1)).toMatchObject({ kind: 'handoff', publicCode: 'handed_off', params: { authority: expect.stringContaining('Kabupaten/Kota') } });
    const letter: string = h.body.letter;
    expect(letter).toContain(`Nomor   : ${c.code}/DAYUNG/`);
    expect(letter).toContain('Kepada Yth.\nPemerintah Kabupaten/Kota (perangkat daerah terkait), Kota Padang');
    expect(letter).toContain('bukan merupakan kewenangan Pemerintah Provinsi');
    expect(letter).toContain('Teruskan ke Disdukcapil kab/kota tempat pelapor berdomisili');
    expect(letter).toContain('Catatan petugas: Mohon dibantu percepatan');
    expect(letter).not.toContain('1371021503900001');
    expect(letter).not.toContain('Budi');
    expect(letter).not.toContain('081298765432');
    expect(h.body.export).toMatchObject({
      format: 'dayung.sp4n-lapor.v1',
      trackingId: c.code,
      classification: 'Pengaduan',
      classificationCode: 'pengaduan',
      location: { province: 'Sumatera Barat', regencyCode: '13.71', regency: 'Kota Padang' },
      attachments: [],
      anonymous: false,
      confidential: false,
      forwardedTo: { code: 'KABKOTA' },
    });
    expect(h.body.export.description).not.toContain('1371021503900001');
    expect(h.body.export.reporter.name).toBe('B••• S••••••');
    expect((await adm.get(`/api/cases/${c.id}/handoff-letter`)).body.letter).toBe(letter);

    // The reference LAPOR! returned.
    const ref = await adm.post(`/api/cases/${c.id}/external-ref`, { externalRef: 'LAPOR-6123456' });
    expect(ref.body.externalRef).toBe('LAPOR-6123456');
    expect(ref.body.events.at(-1)).toMatchObject({ textCode: 'external_ref', params: { ref: 'LAPOR-6123456' }, text: 'Nomor referensi SP4N-LAPOR!/instansi tujuan: LAPOR-6123456' });
    expect((await adm.get(`/api/cases/${c.id}/lapor-export`)).body.externalRef).toBe('LAPOR-6123456');

    // Revealed export: audited, unmasked.
    const revealed = await adm.get(`/api/cases/${c.id}/lapor-export?reveal=true&reason=${encodeURIComponent('dikirim ke Disdukcapil')}`);
    expect(revealed.body.description).toContain('1371021503900001');
    expect(revealed.body.reporter).toEqual({ name: 'Budi Santoso', phone: '081298765432', email: null });
    expect(await audits(c.id)).toEqual(['case.create', 'case.verify', 'case.hold', 'case.resume', 'case.not_authority', 'case.handoff', 'case.external_ref', 'case.export_reveal']);
    const v = await as('viewer');
    // The viewer's OPD is the origin: it reads (masked), but neither reveals nor acts.
    expect((await v.get(`/api/cases/${c.id}`)).body.allowedActions).toEqual([]);
    expect((await v.get(`/api/cases/${c.id}/lapor-export?reveal=true`)).status).toBe(403);
    expect((await v.post(`/api/cases/${c.id}/reveal`, { reason: 'ingin tahu' })).status).toBe(403);
  });

  it('archives with a reason and refuses everything after; reveal is audited', async () => {
    const head = await as('head');
    const c = (await head.post('/api/cases', { description: 'Tes tes tes 123', channel: 'web' })).body;
    const rev = await head.post(`/api/cases/${c.id}/reveal`, { reason: 'memeriksa isi' });
    expect(rev.status).toBe(200);
    const archived = await head.post(`/api/cases/${c.id}/archive`, { reason: 'Bukan aduan (uji coba)' });
    // closed: nothing to transition; notes, flags and reveal remain
    expect(archived.body).toMatchObject({ status: 'diarsipkan', closed: true, allowedActions: ['note', 'flags', 'reveal'] });
    expect(archived.body.events.at(-1)).toMatchObject({ publicText: 'Aduan diarsipkan. Alasan: Bukan aduan (uji coba)', publicCode: 'archived', params: { reason: 'Bukan aduan (uji coba)' } });
    const after = await head.post(`/api/cases/${c.id}/reopen`, { reason: 'coba buka' });
    expect(after.status).toBe(409);
    expect(after.body.detail).toContain('tidak ada (aduan sudah ditutup)');
    expect(await audits(c.id)).toEqual(['case.create', 'case.reveal', 'case.archive']);
  });

  it('lists with filters and keyset pages; an OPD sees its own and its origin cases, the province all', async () => {
    const head = await as('head');
    for (let i = 0; i < 5; i++) await head.post('/api/cases', { description: `Lampu ruang tunggu panti sosial mati nomor ${i}`, channel: 'phone', categoryCode: 'SOSIAL' });
    await (await as('disdik')).post('/api/cases', { description: 'Atap kelas SMA bocor', channel: 'letter', categoryCode: 'PENDIDIKAN_MENENGAH' });
    const p1 = await head.get('/api/cases?limit=3&category=SOSIAL');
    expect(p1.status, p1.text).toBe(200);
    expect(p1.body.items).toHaveLength(3);
    const p2 = await head.get(`/api/cases?limit=3&category=SOSIAL&cursor=${p1.body.nextCursor}`);
    const ids = [...p1.body.items, ...p2.body.items].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const all = await head.get('/api/cases?limit=200');
    expect(all.text).not.toContain('Atap kelas');
    expect(all.body.items.every((c: { org: { code: string }; originOrg: { code: string } | null }) => c.org.code === 'DINKES' || c.originOrg?.code === 'DINKES')).toBe(true);
    expect((await head.get('/api/cases?q=lampu')).body.items.length).toBe(5);
    const one = p1.body.items[0];
    expect((await head.get(`/api/cases?q=${one.code}`)).body.items.map((c: { id: string }) => c.id)).toEqual([one.id]);
    expect((await head.get('/api/cases?status=diterima,terverifikasi')).body.items.every((c: { status: string }) => ['diterima', 'terverifikasi'].includes(c.status))).toBe(true);
    expect((await head.get('/api/cases?status=entah')).status).toBe(400);
    expect((await head.get('/api/cases?cursor=rusak')).status).toBe(400);
    // Overdue and due soon.
    await app.db.db.updateTable('complaint_case').set({ verify_due_at: new Date(Date.now() - 3_600_000) }).where('id', '=', one.id).execute();
    const overdue = await head.get('/api/cases?overdue=true');
    expect(overdue.body.items.map((c: { id: string }) => c.id)).toEqual([one.id]);
    expect(overdue.body.items[0].deadlines.verify.overdue).toBe(true);
    await app.db.db.updateTable('complaint_case').set({ verify_due_at: new Date(Date.now() + 3_600_000) }).where('id', '=', p1.body.items[1].id).execute();
    expect((await head.get('/api/cases?dueSoon=true')).body.items.map((c: { id: string }) => c.id)).toContain(p1.body.items[1].id);
    const counts = await head.get('/api/cases/counts?category=SOSIAL');
    expect(counts.body).toMatchObject({ total: 5, active: 5, overdue: 1, onHold: 0 });
    // Province roles see everything.
    const sup = await as('supervisor');
    expect((await sup.get('/api/cases?limit=200')).text).toContain('Atap kelas');
    expect((await sup.get(`/api/cases?orgId=${users['disdik']!.orgId}`)).body.items.length).toBe(1);
    expect((await head.get(`/api/cases?orgId=${users['disdik']!.orgId}`)).status).toBe(404);
  });

  it('serves categories with their deadlines and the outside-authority directory', async () => {
    const c = await as('viewer');
    const cats = await c.get('/api/cases/categories');
    expect(cats.status).toBe(200);
    const bencana = cats.body.items.find((k: { code: string }) => k.code === 'BENCANA');
    expect(bencana).toMatchObject({ classification: 'pengaduan', org: { code: 'BPBD' }, deadlines: { verifyWorkingDays: 1, followUpWorkingDays: 2, autoCloseWorkingDays: 10, capCalendarDays: 60 } });
    expect(cats.body.items.find((k: { code: string }) => k.code === 'INFORMASI_PUBLIK').classification).toBe('permintaan_informasi');
    const auth = await c.get('/api/cases/outside-authorities');
    const codes = auth.body.items.map((a: { code: string }) => a.code);
    for (const code of ['KABKOTA', 'PLN', 'PDAM', 'BPJS_KESEHATAN', 'POLRI', 'PERTAMINA', 'BPN', 'KEMENAG']) expect(codes).toContain(code);
    expect(auth.body.items.find((a: { code: string }) => a.code === 'PLN').contact.hotline).toEqual({ pln: '123' });
  });
});
