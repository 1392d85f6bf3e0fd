import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildContact, buildInteraction, buildUser, type BuiltUser } from '../../../test/helpers/factories.ts';
import { caseForInteraction } from './index.ts';

// Duplicate suggestions (same OPD, similar text, same place, time window) and merging: the
// duplicate closes as duplikat, its reporters join the surviving case ("ikut melapor") and are counted.

let app: TestApp;
let head: BuiltUser;
let disdik: BuiltUser;
let district: string;

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  head = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'BMCKTR' });
  disdik = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DISDIK' });
  district = (await app.db.db.selectFrom('ref_district').select('code').where('regency_code', '=', '13.72').orderBy('code').executeTakeFirstOrThrow()).code;
});
afterAll(async () => {
  await app?.close();
});

const as = (u: BuiltUser) => ApiClient.loggedIn(app.url, u);

async function fromInbox(c: ApiClient, text: string, name: string, o: { orgCode?: string; districtCode?: string; categoryCode?: string } = {}) {
  const contact = await buildContact(app.db.db, { name });
  const it = await buildInteraction(app.db.db, { orgCode: o.orgCode ?? 'BMCKTR', contactId: contact, text });
  const r = await c.post('/api/cases', { interactionId: it.id, ...(o.districtCode ? { districtCode: o.districtCode } : {}), categoryCode: o.categoryCode ?? 'JALAN_JEMBATAN' });
  expect(r.status, r.text).toBe(201);
  return { ...r.body, interactionId: it.id };
}

describe('duplicates and ikut melapor', () => {
  it('suggests likely duplicates: same OPD, similar text or same place and category, within 30 days', async () => {
    const c = await as(head);
    const a = await fromInbox(c, 'Jalan provinsi di depan RSUD M Natsir Solok berlubang dalam, sudah ada motor jatuh', 'Andi Saputra', { districtCode: district });
    const b = await fromInbox(c, 'Jalan depan RSUD M Natsir Solok berlubang dalam sekali, motor jatuh kemarin', 'Beni Kurnia', { districtCode: district });
    const other = await fromInbox(c, 'Jembatan gantung di Pasaman putus diterjang banjir', 'Cici Amelia');
    const old = await fromInbox(c, 'Jalan provinsi di depan RSUD M Natsir Solok berlubang dalam', 'Dedi Irawan', { districtCode: district });
    await app.db.db.updateTable('complaint_case').set({ received_at: new Date(Date.now() - 45 * 86_400_000) }).where('id', '=', old.id).execute();
    const elsewhere = await fromInbox(await as(disdik), 'Jalan depan RSUD M Natsir Solok berlubang dalam sekali', 'Eka Putri', { orgCode: 'DISDIK', categoryCode: 'PENDIDIKAN_MENENGAH' });
    const s = await c.get(`/api/cases/${b.id}/similar`);
    expect(s.status, s.text).toBe(200);
    expect(s.body.windowDays).toBe(30);
    const ids = s.body.items.map((x: { id: string }) => x.id);
    expect(ids[0]).toBe(a.id);
    expect(ids).not.toContain(other.id);
    expect(ids).not.toContain(old.id);
    expect(ids).not.toContain(elsewhere.id);
    expect(s.body.items[0].reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^teks mirip \d+%$/), 'kecamatan sama', 'kategori sama', 'hari yang sama']));
    expect(s.body.items[0].score).toBeGreaterThan(0.4);
  });

  it('merges a duplicate into the original, counts the reporters and keeps each one; later messages join with ikut melapor', async () => {
    const c = await as(head);
    const a = await fromInbox(c, 'Longsor menutup jalan provinsi Padang - Solok di Sitinjau Lauik', 'Fajar Nugraha');
    const b = await fromInbox(c, 'Sitinjau Lauik tertutup longsor, jalan provinsi tidak bisa dilewati', 'Gita Lestari');

    expect((await c.post(`/api/cases/${b.id}/duplicate`, { duplicateOf: b.code })).body.detail).toBe('Aduan tidak dapat digabungkan: aduan tidak dapat menjadi duplikat dirinya sendiri');
    expect((await c.post(`/api/cases/${b.id}/duplicate`, { duplicateOf: 'SB-0000-000000' })).status).toBe(400);
    const merged = await c.post(`/api/cases/${b.id}/duplicate`, { duplicateOf: a.code, note: 'Lokasi dan kejadian sama' });
    expect(merged.status, merged.text).toBe(200);
    expect(merged.body).toMatchObject({ status: 'duplikat', closed: true, duplicateOf: { id: a.id, code: a.code } });
    expect(merged.body.events.at(-1)).toMatchObject({ kind: 'merge', toStatus: 'duplikat', publicText: `Aduan ini sama dengan aduan ${a.code}; penanganannya digabungkan ke aduan tersebut.` });

    let orig = (await c.get(`/api/cases/${a.id}`)).body;
    expect(orig.reportersCount).toBe(2);
    expect(orig.reporters).toEqual([expect.objectContaining({ channel: 'facebook', name: 'G••• L••••••', mergedFrom: { id: b.id, code: b.code } })]);
    expect(orig.events.at(-1)).toMatchObject({ kind: 'merge', publicText: 'Laporan warga lain tentang hal yang sama digabungkan ke aduan ini (2 pelapor).' });

    // Nothing merges into a duplicate, and a duplicate is never merged twice.
    expect((await c.post(`/api/cases/${a.id}/duplicate`, { duplicateOf: b.id })).body.detail).toBe(`Aduan tidak dapat digabungkan: aduan ${b.code} sendiri duplikat dari ${a.code}; gabungkan ke aduan tersebut`);
    expect((await c.post(`/api/cases/${b.id}/duplicate`, { duplicateOf: a.id })).status).toBe(409);

    // Ikut melapor: a new message about the same landslide joins the case.
    const contact = await buildContact(app.db.db, { name: 'Hendra Wijaya' });
    const msg = await buildInteraction(app.db.db, { orgCode: 'BMCKTR', contactId: contact, text: 'Sitinjau longsor lagi pak' });
    const joined = await c.post(`/api/cases/${a.id}/reporters`, { interactionId: msg.id });
    expect(joined.status, joined.text).toBe(200);
    expect(joined.body.reportersCount).toBe(3);
    expect(joined.body.reporters.at(-1)).toMatchObject({ name: 'H••••• W•••••', interactionId: msg.id, mergedFrom: null });
    expect((await c.post(`/api/cases/${a.id}/reporters`, { interactionId: msg.id })).status).toBe(409);
    expect((await c.post('/api/cases', { interactionId: msg.id })).status).toBe(409);
    expect((await c.post(`/api/cases/${b.id}/reporters`, { interactionId: (await buildInteraction(app.db.db, { orgCode: 'BMCKTR' })).id })).status).toBe(400);

    // Every reporter's message leads to the surviving case (for {kode_aduan} and the citizen loop).
    expect(await caseForInteraction(app.db.db, b.interactionId)).toEqual({ id: a.id, code: a.code });
    expect(await caseForInteraction(app.db.db, msg.id)).toEqual({ id: a.id, code: a.code });
    expect((await c.get(`/api/cases/by-interaction/${b.interactionId}`)).body.case.code).toBe(a.code);

    // The surviving case merged again: all its reporters move on and are counted.
    const g = await fromInbox(c, 'Jalan Padang - Solok putus total karena longsor besar', 'Irma Suryani');
    await c.post(`/api/cases/${a.id}/duplicate`, { duplicateOf: g.id });
    orig = (await c.get(`/api/cases/${g.id}`)).body;
    expect(orig.reportersCount).toBe(4);
    expect(orig.reporters.map((r: { mergedFrom: { code: string } | null; interactionId: string | null }) => r.mergedFrom?.code ?? r.interactionId)).toEqual([b.code, msg.id, a.code]);
    expect(await caseForInteraction(app.db.db, b.interactionId)).toEqual({ id: g.id, code: g.code });
    const audit = await app.db.db.selectFrom('audit_log').select('after').where('target_id', '=', a.id).where('action', '=', 'case.duplicate').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ duplicateOf: g.code, reportersCount: 4, movedReporters: 2 });
  });
});
