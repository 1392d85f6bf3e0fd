import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildContact, buildInteraction, buildUser, type BuiltUser } from '../../../test/helpers/factories.ts';
import { analyze } from '../language/index.ts';

let app: TestApp;
let responder: BuiltUser;
let viewer: BuiltUser;
let colleague: BuiltUser;
let outsider: BuiltUser;

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  responder = await buildUser(app.db.db, { role: 'responder', orgCode: 'DINKES' });
  viewer = await buildUser(app.db.db, { role: 'viewer', orgCode: 'DINKES' });
  colleague = await buildUser(app.db.db, { role: 'responder', orgCode: 'DINKES', email: 'rekan.dinkes@uji.go.id' });
  outsider = await buildUser(app.db.db, { role: 'responder', orgCode: 'DISDIK' });
});
afterAll(async () => {
  await app?.close();
});

const as = (u: BuiltUser) => ApiClient.loggedIn(app.url, u);

describe('the inbox', () => {
  it('lists only the OPD’s own interactions, newest first, with personal data masked, filters, search and cursor pages', async () => {
    const contact = await buildContact(app.db.db, { name: 'Siti Rahmah' });
    const t0 = Date.now();
    const own = [];
    for (let i = 0; i < 5; i++) own.push(await buildInteraction(app.db.db, { text: `Antrian puskesmas ${i} lama sekali`, receivedAt: new Date(t0 - i * 60_000), contactId: contact }));
    await buildInteraction(app.db.db, { text: 'NIK saya 1371021503900001 belum terdaftar BPJS, hp 081234567890', intent: 'question', receivedAt: new Date(t0 + 1000) });
    await buildInteraction(app.db.db, { orgCode: 'DISDIK', text: 'Rahasia Disdik', contactId: contact });
    const c = await as(responder);
    const page1 = await c.get('/api/inbox?limit=4');
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(4);
    expect(page1.text).not.toContain('Rahasia Disdik');
    expect(page1.body.items[0].text).not.toContain('1371021503900001');
    expect(page1.body.items[0].text).not.toContain('081234567890');
    expect(page1.body.items.every((i: { orgCode: string }) => i.orgCode === 'DINKES')).toBe(true);
    const page2 = await c.get(`/api/inbox?limit=4&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items).toHaveLength(2);
    expect(page2.body.nextCursor).toBeNull();
    const ids = [...page1.body.items, ...page2.body.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(6);
    expect((await c.get('/api/inbox?intent=question')).body.items).toHaveLength(1);
    const search = await c.get(`/api/inbox?q=${encodeURIComponent('puskesmas')}`);
    expect(search.body.items).toHaveLength(5);
    const counts = await c.get('/api/inbox/counts');
    expect(counts.body).toMatchObject({ total: 6, open: 6, complaints: 5 });
    expect((await c.get('/api/inbox?cursor=rusak')).status).toBe(400);

    // The conversation shows the contact's history within the OPD only.
    const conv = await c.get(`/api/inbox/${own[0]!.id}`);
    expect(conv.status).toBe(200);
    expect(conv.body.contactHistory).toHaveLength(4);
    expect(conv.text).not.toContain('Rahasia Disdik');
    expect(conv.body.why.intent.reasons[0]).toMatchObject({ feature: 'rusak' });
  });

  it('computes the reasons of an analysis stored without them ("mengapa" deferred) when the conversation is opened', async () => {
    const text = 'Antrian di RSUD lama sekali, sudah 5 jam belum dipanggil dokter. Tolong dibenahi!';
    const ctx = { channel: 'facebook_comment', addressedOpd: 'DINKES' };
    const { id } = await buildInteraction(app.db.db, { text });
    await app.db.db.updateTable('interaction').set({ analysis: JSON.stringify(analyze(text, ctx, { deferReasons: true })) }).where('id', '=', id).execute();
    const conv = await (await as(responder)).get(`/api/inbox/${id}`);
    const full = analyze(text, ctx);
    expect(full.intent.mengapa.length).toBeGreaterThan(0);
    expect(conv.body.why.intent.reasons).toEqual(full.intent.mengapa);
    expect(conv.body.why.route.reasons).toEqual(full.route.mengapa);
    expect(conv.body.why.sentiment.reasons).toEqual(full.sentiment.mengapa);
    expect(conv.body.why.urgency.reasons).toEqual(full.urgency.mengapa);
  });

  it('reveals personal data only on purpose and audits it; a viewer may not', async () => {
    const { id } = await buildInteraction(app.db.db, { text: 'Tolong hubungi saya di 081298765432' });
    expect((await (await as(viewer)).post(`/api/inbox/${id}/reveal`, { reason: 'ingin tahu' })).status).toBe(403);
    const c = await as(responder);
    const r = await c.post(`/api/inbox/${id}/reveal`, { reason: 'menelepon warga untuk verifikasi aduan' });
    expect(r.body.text).toContain('081298765432');
    const audit = await app.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'interaction.reveal').where('target_id', '=', id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(responder.id);
  });

  it('assigns to a colleague (not to another OPD’s staff), closes, notes with @mentions; viewers only read', async () => {
    const { id } = await buildInteraction(app.db.db, {});
    const c = await as(responder);
    expect((await c.post(`/api/inbox/${id}/assign`, { assigneeId: outsider.id })).status).toBe(400);
    expect((await c.post(`/api/inbox/${id}/assign`, { assigneeId: colleague.id })).status).toBe(204);
    let conv = await c.get(`/api/inbox/${id}`);
    expect(conv.body.interaction).toMatchObject({ status: 'assigned', assignee: { id: colleague.id } });
    const note = await c.post(`/api/inbox/${id}/notes`, { text: 'Sudah dicek ke puskesmas, mohon @rekan.dinkes@uji.go.id tindak lanjuti' });
    expect(note.status).toBe(201);
    expect(note.body.mentions).toEqual([colleague.id]);
    expect((await c.post(`/api/inbox/${id}/status`, { status: 'done' })).status).toBe(204);
    conv = await c.get(`/api/inbox/${id}`);
    expect(conv.body.interaction.status).toBe('done');
    expect(conv.body.notes).toHaveLength(1);
    expect((await (await as(viewer)).post(`/api/inbox/${id}/status`, { status: 'open' })).status).toBe(403);
  });

  it('re-routes with a reason to the OPD responsible, which learns the routing model; it then leaves the sender’s inbox', async () => {
    const { id } = await buildInteraction(app.db.db, { text: 'SMA 1 Padang butuh guru fisika' });
    const c = await as(responder);
    expect((await c.post(`/api/inbox/${id}/reroute`, { orgCode: 'DISDIK', reason: 'urusan SMA adalah kewenangan Dinas Pendidikan' })).status).toBe(204);
    expect((await c.get(`/api/inbox/${id}`)).status).toBe(404);
    const d = await as(outsider);
    const conv = await d.get(`/api/inbox/${id}`);
    expect(conv.body.interaction).toMatchObject({ orgCode: 'DISDIK', route: 'DISDIK', triage: false });
    const corr = await app.db.db.selectFrom('lang_correction').selectAll().where('interaction_id', '=', id).execute();
    expect(corr).toMatchObject([{ task: 'opd', predicted: 'DINKES', corrected: 'DISDIK' }]);
    expect((await c.post(`/api/inbox/${id}/reroute`, { orgCode: 'TIDAKADA', reason: 'x y z' })).status).toBe(404);
  });

  it('province supervisors see the triage queue of every OPD', async () => {
    await buildInteraction(app.db.db, { orgCode: 'DISHUB', triage: true, text: 'Listrik padam di Pasaman' });
    const sup = await buildUser(app.db.db, { role: 'province_supervisor' });
    const c = await as(sup);
    const triage = await c.get('/api/inbox?triage=true');
    expect(triage.body.items.some((i: { text: string; orgCode: string }) => i.text.includes('Listrik padam') && i.orgCode === 'DISHUB')).toBe(true);
  });
});
