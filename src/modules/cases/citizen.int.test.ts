import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient, type AccountInfo } from '../../../fakes/control-client.ts';
import { startFakes, type RunningFakes } from '../../../fakes/server.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser, eventually, orgId, type BuiltUser } from '../../../test/helpers/factories.ts';
import { connectDemoAccount, generateApps, hostsFor, loadKeyring, type ChannelsDeps } from '../channels/index.ts';
import { PLATFORM_MODULES } from '../channels/connectors/registry.ts';
import { linkCitizenReplies, notifyCitizens } from './citizen.ts';

// The citizen loop end to end against the fake WhatsApp: a complaint arrives, becomes a case, the
// citizen is told the tracking code on WhatsApp, the responder answers with {kode_aduan}, the
// case moves on and the citizen hears each public step once; the citizen's next message is
// recorded on the case.

let fakes: RunningFakes;
let app: TestApp;
let control: ControlClient;
let wa: AccountInfo;
let admin: BuiltUser;
let head: BuiltUser;

beforeAll(async () => {
  const apps = generateApps();
  fakes = await startFakes({ port: 0, seed: 'citizen-loop', apps: { meta: { id: apps.meta.appId, secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken } } });
  control = new ControlClient(fakes.url);
  app = await startTestApp({ fakesUrl: fakes.url, apps });
  await control.patchConfig({ webhookTarget: app.url });
  const dinkes = await orgId(app.db.db, 'DINKES');
  const world = await control.demo({ opds: [{ code: 'DINKES', name: 'Dinas Kesehatan' }], platforms: ['whatsapp'] });
  wa = world.opds[0]!.accounts[0]!;
  const deps: ChannelsDeps = { db: app.db.db, keyring: loadKeyring({ spec: app.config.TOKEN_KEYS, dataDir: '/nonexistent' }), settings: () => ({ apps, hosts: hostsFor(fakes.url), fake: true }), modules: () => PLATFORM_MODULES, publicUrl: app.url };
  await connectDemoAccount(deps, dinkes, { platform: 'whatsapp', externalId: wa.id, name: wa.name, handle: null, credentials: { accessToken: wa.credentials.accessToken, refreshToken: null, expiresAt: null }, scopes: wa.credentials.scopes, extra: wa.extra, telegramSecret: null });
  admin = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DINKES' });
  head = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DINKES' });
});
afterAll(async () => {
  await app?.close();
  await fakes?.close();
});

const toCitizen = async (phrase: string) => (await control.records({ platform: 'whatsapp', accountId: wa.id })).filter((r) => JSON.stringify(r).includes(phrase));
const loop = () => linkCitizenReplies({ db: app.db.db, publicUrl: app.url }).then(() => notifyCitizens({ db: app.db.db, publicUrl: app.url }));

describe('the citizen loop', () => {
  it('tells the citizen the code and each public step on WhatsApp, once; their next message lands on the case', async () => {
    const text = 'Assalamualaikum, obat di puskesmas Lubuk Sikaping sering kosong, ibu saya tidak dapat obat hipertensi';
    await control.inject({ platform: 'whatsapp', type: 'message', accountId: wa.id, text, from: { name: 'Dewi Lestari', key: 'dewi' } });
    const item = await eventually(() => app.db.db.selectFrom('interaction').selectAll().where('text', '=', text).executeTakeFirst(), 20_000);
    const c = new ApiClient(app.url);
    await c.login(admin.email, admin.password);
    const created = await c.post('/api/cases', { interactionId: item.id });
    expect(created.status).toBe(201);
    const code: string = created.body.case?.code ?? created.body.code;
    expect(code).toMatch(/^SB-\d{4}-\d{6,}$/);

    // The citizen learns the code and the tracking link, once, however often the loop runs.
    await loop();
    await loop();
    await eventually(async () => (await toCitizen(code)).length >= 1, 20_000);
    const first = await toCitizen(`${app.url}/lacak/${code}`);
    expect(first).toHaveLength(1);

    // The responder's canned answer carries the code.
    const canned = await c.post('/api/inbox/canned', { orgId: item.org_id, title: 'Kode aduan', body: 'Terima kasih {nama}, aduan Anda bernomor {kode_aduan} sedang kami proses.' });
    const replied = await c.post(`/api/inbox/${item.id}/reply`, { cannedId: canned.body.id, mode: 'private' });
    expect(replied.body.text).toBe(`Terima kasih Dewi, aduan Anda bernomor ${code} sedang kami proses.`);
    await eventually(async () => (await toCitizen(`bernomor ${code}`)).length === 1, 20_000);

    // The case moves on: verified, disposed, answered. Each public step reaches the citizen once.
    const caseId: string = created.body.case?.id ?? created.body.id;
    const h = new ApiClient(app.url);
    await h.login(head.email, head.password);
    expect((await h.post(`/api/cases/${caseId}/verify`, {})).status).toBe(200);
    expect((await h.post(`/api/cases/${caseId}/dispose`, { orgCode: 'DINKES', reason: 'urusan obat puskesmas dikoordinasikan Dinkes' })).status).toBe(200);
    expect((await c.post(`/api/cases/${caseId}/follow-up`, { text: 'Stok obat hipertensi di Puskesmas Lubuk Sikaping sudah dipenuhi per hari ini.' })).status).toBe(200);
    await loop();
    await loop();
    await eventually(async () => (await toCitizen('sudah dipenuhi per hari ini')).length === 1, 20_000);
    expect(await toCitizen('diverifikasi')).toHaveLength(1);

    // The citizen answers in the same WhatsApp conversation: recorded on the case.
    await control.inject({ platform: 'whatsapp', type: 'message', accountId: wa.id, text: 'Alhamdulillah sudah dapat obatnya, terima kasih', from: { name: 'Dewi Lestari', key: 'dewi' } });
    await eventually(() => app.db.db.selectFrom('interaction').select('id').where('text', 'like', 'Alhamdulillah%').executeTakeFirst(), 20_000);
    await loop();
    const detail = await c.get(`/api/cases/${caseId}`);
    const kinds = (detail.body.events ?? detail.body.case?.events ?? []).map((e: { kind: string }) => e.kind);
    expect(kinds).toContain('citizen_reply');
    // The first WhatsApp link carried the tracking key: with it the citizen rates the outcome.
    const firstText = JSON.stringify(first[0]);
    const key = /#kunci=([\w-]+)/.exec(firstText)?.[1];
    expect(key).toBeTruthy();
    expect((await h.post(`/api/cases/${caseId}/close`, {})).status).toBe(200);
    const pub = new ApiClient(app.url);
    await pub.session();
    expect((await pub.post(`/api/public/cases/${code}/rating`, { secret: 'salah-salah-salah', rating: 5 })).status).toBeGreaterThanOrEqual(400);
    const rated = await pub.post(`/api/public/cases/${code}/rating`, { secret: key, rating: 5, comment: 'Cepat ditangani' });
    expect(rated.status).toBeLessThan(300);
    // Nobody is told anything twice.
    const all = (await control.records({ platform: 'whatsapp', accountId: wa.id })).map((r) => JSON.stringify(r)).filter((r) => r.includes(code));
    expect(new Set(all).size).toBe(all.length);
  });
});
