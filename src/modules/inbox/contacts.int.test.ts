import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildContact, buildInteraction, buildUser, type BuiltUser } from '../../../test/helpers/factories.ts';

// One person across channels: a responder links the WhatsApp number and the Instagram account of
// the same citizen; the conversation's contact history then shows both, within the OPD's sight.

let app: TestApp;
let responder: BuiltUser;
let viewer: BuiltUser;
let head: BuiltUser;
let outsider: BuiltUser;

const as = (u: BuiltUser) => ApiClient.loggedIn(app.url, u);

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  responder = await buildUser(app.db.db, { role: 'responder', orgCode: 'DINKES' });
  viewer = await buildUser(app.db.db, { role: 'viewer', orgCode: 'DINKES' });
  head = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DINKES' });
  outsider = await buildUser(app.db.db, { role: 'responder', orgCode: 'DISDIK' });
});
afterAll(async () => {
  await app?.close();
});

describe('contacts across channels', () => {
  it('links and unlinks a person’s contacts; the history then spans channels, within the OPD; audited', async () => {
    const wa = await buildContact(app.db.db, { platform: 'whatsapp', name: 'Yusnita Rahmawati' });
    const ig = await buildContact(app.db.db, { platform: 'instagram', name: 'Yusnita R' });
    const fb = await buildContact(app.db.db, { platform: 'facebook', name: 'Yusnita Rahma' });
    await app.db.db.updateTable('contact').set({ handle: 'yusnita.padang' }).where('id', '=', ig).execute();
    const m1 = await buildInteraction(app.db.db, { platform: 'whatsapp', kind: 'message', contactId: wa, text: 'Obat di puskesmas kosong' });
    const m2 = await buildInteraction(app.db.db, { platform: 'instagram', contactId: ig, text: 'Sudah saya laporkan lewat WA juga' });
    // fb wrote to DISDIK only: DINKES cannot see that contact at all
    await buildInteraction(app.db.db, { orgCode: 'DISDIK', platform: 'facebook', contactId: fb, text: 'rahasia-disdik keluhan sekolah' });
    // ig also wrote to DISDIK: DINKES must not see that message in the history
    await buildInteraction(app.db.db, { orgCode: 'DISDIK', platform: 'instagram', contactId: ig, text: 'rahasia-disdik pesan lain' });

    const c = await as(responder);
    const before = await c.get(`/api/inbox/${m1.id}`);
    expect(before.body.contactHistory).toHaveLength(0);
    expect(before.body.contacts).toEqual([expect.objectContaining({ id: wa, platform: 'whatsapp', current: true, personId: null, name: 'Yusnita R.' })]);

    // search finds visible contacts only, by name or handle, with masked names
    const found = await c.get(`/api/inbox/contacts?q=${encodeURIComponent('yusnita')}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((x: { id: string }) => x.id).sort()).toEqual([wa, ig].sort());
    expect(found.text).not.toContain('Rahmawati');
    expect((await c.get('/api/inbox/contacts?q=yusnita.padang')).body.items.map((x: { id: string }) => x.id)).toEqual([ig]);

    const linked = await c.post(`/api/inbox/contacts/${wa}/links`, { contactId: ig });
    expect(linked.status, linked.text).toBe(200);
    expect(linked.body.items.map((x: { id: string }) => x.id).sort()).toEqual([wa, ig].sort());
    const after = await c.get(`/api/inbox/${m1.id}`);
    expect(after.body.contactHistory.map((h: { id: string }) => h.id)).toEqual([m2.id]);
    expect(after.body.contacts.map((x: { platform: string }) => x.platform).sort()).toEqual(['instagram', 'whatsapp']);
    expect(after.text).not.toContain('rahasia-disdik');
    // the other side sees it too
    expect((await c.get(`/api/inbox/${m2.id}`)).body.contactHistory.map((h: { id: string }) => h.id)).toEqual([m1.id]);
    // linking again changes nothing; linking to itself is refused
    expect((await c.post(`/api/inbox/contacts/${ig}/links`, { contactId: wa })).status).toBe(200);
    expect((await c.post(`/api/inbox/contacts/${wa}/links`, { contactId: wa })).status).toBe(400);

    // another OPD's contact cannot be linked (nor seen); DISDIK's staff cannot touch DINKES's contacts
    expect((await c.post(`/api/inbox/contacts/${wa}/links`, { contactId: fb })).status).toBe(404);
    expect((await c.get(`/api/inbox/contacts/${fb}`)).status).toBe(404);
    const other = await as(outsider);
    expect((await other.post(`/api/inbox/contacts/${wa}/links`, { contactId: fb })).status).toBe(404);
    // DISDIK sees ig (it wrote there) but not wa: its person shows only what DISDIK may see
    const theirs = await other.get(`/api/inbox/contacts/${ig}`);
    expect(theirs.body.items.map((x: { id: string }) => x.id)).toEqual([ig]);
    // viewers read but do not link
    expect((await (await as(viewer)).post(`/api/inbox/contacts/${wa}/links`, { contactId: ig })).status).toBe(403);
    expect((await (await as(viewer)).get(`/api/inbox/contacts/${wa}`)).status).toBe(200);

    // unlink: the person of two is dissolved
    expect((await c.post(`/api/inbox/contacts/${ig}/unlink`)).status).toBe(204);
    const rows = await app.db.db.selectFrom('contact').select(['id', 'person_id']).where('id', 'in', [wa, ig]).execute();
    expect(rows.every((r) => r.person_id === null)).toBe(true);
    expect((await c.get(`/api/inbox/${m1.id}`)).body.contactHistory).toHaveLength(0);
    expect((await c.post(`/api/inbox/contacts/${ig}/unlink`)).status).toBe(400);

    const audit = await app.db.db.selectFrom('audit_log').select(['action', 'actor_id', 'org_id']).where('target_type', '=', 'contact').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['contact.link', 'contact.unlink']);
    expect(audit.every((a) => a.actor_id === responder.id && a.org_id === responder.orgId)).toBe(true);
  });

  it('merges two persons when their contacts are linked; unlinking one keeps the rest together', async () => {
    const [a, b, c1, d] = await Promise.all(['whatsapp', 'instagram', 'facebook', 'telegram'].map((platform) => buildContact(app.db.db, { platform, name: 'Budi Santoso' })));
    for (const id of [a, b, c1, d]) await buildInteraction(app.db.db, { contactId: id, text: 'Budi menulis' });
    const c = await as(head);
    await c.post(`/api/inbox/contacts/${a}/links`, { contactId: b });
    await c.post(`/api/inbox/contacts/${c1}/links`, { contactId: d });
    const merged = await c.post(`/api/inbox/contacts/${b}/links`, { contactId: c1 });
    expect(merged.body.items).toHaveLength(4);
    const persons = await app.db.db.selectFrom('contact').select('person_id').where('id', 'in', [a, b, c1, d]).execute();
    expect(new Set(persons.map((p) => p.person_id)).size).toBe(1);
    expect((await c.post(`/api/inbox/contacts/${d}/unlink`)).status).toBe(204);
    expect((await c.get(`/api/inbox/contacts/${a}`)).body.items).toHaveLength(3);
  });
});

describe('canned responses', () => {
  it('heads and admins edit and delete them; responders and other OPDs cannot; audited', async () => {
    const h = await as(head);
    const made = await h.post('/api/inbox/canned', { orgId: head.orgId, title: 'Salam', body: 'Terima kasih {nama}.' });
    expect(made.status).toBe(201);
    const edited = await h.post('/api/inbox/canned', { id: made.body.id, orgId: head.orgId, title: 'Salam pembuka', body: 'Terima kasih, {nama}.' });
    expect(edited.status).toBe(200);
    expect((await h.get('/api/inbox/canned')).body.items.map((x: { title: string }) => x.title)).toContain('Salam pembuka');
    expect((await (await as(responder)).request('DELETE', `/api/inbox/canned/${made.body.id}`)).status).toBe(403);
    expect((await (await as(outsider)).request('DELETE', `/api/inbox/canned/${made.body.id}`)).status).toBe(403);
    const otherHead = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DISDIK' });
    expect((await (await as(otherHead)).request('DELETE', `/api/inbox/canned/${made.body.id}`)).status).toBe(404);
    expect((await h.request('DELETE', `/api/inbox/canned/${made.body.id}`)).status).toBe(204);
    expect((await h.request('DELETE', `/api/inbox/canned/${made.body.id}`)).status).toBe(404);
    expect((await h.get('/api/inbox/canned')).body.items.map((x: { id: string }) => x.id)).not.toContain(made.body.id);
    const audit = await app.db.db.selectFrom('audit_log').select('action').where('target_id', '=', made.body.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['canned.create', 'canned.update', 'canned.delete']);
  });
});
