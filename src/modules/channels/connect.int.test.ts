import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient } from '../../../fakes/control-client.ts';
import { startFakes, type RunningFakes } from '../../../fakes/server.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser, eventually, type BuiltUser } from '../../../test/helpers/factories.ts';
import { decryptSecret, parseKeyring } from './vault.ts';
import { generateApps } from './settings.ts';

// Connecting accounts through Dayung's own API against the fake platforms: OAuth round trip for a
// Facebook Page, token entry for WhatsApp, sealed storage, token check, disconnect, audit.

let fakes: RunningFakes;
let app: TestApp;
let control: ControlClient;
let admin: BuiltUser;

beforeAll(async () => {
  const apps = generateApps();
  fakes = await startFakes({ port: 0, seed: 'connect', apps: { meta: { id: apps.meta.appId, secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken } } });
  control = new ControlClient(fakes.url);
  app = await startTestApp({ fakesUrl: fakes.url, apps });
  await control.patchConfig({ webhookTarget: app.url });
  admin = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DISDIK' });
});
afterAll(async () => {
  await app?.close();
  await fakes?.close();
});

async function loggedIn(): Promise<ApiClient> {
  const c = new ApiClient(app.url);
  expect((await c.login(admin.email, admin.password)).status).toBe(200);
  return c;
}

describe('connecting accounts', () => {
  it('a Facebook Page through OAuth: consent at the platform, back to Dayung, stored sealed, webhooks subscribed', async () => {
    const page = await control.createAccount({ platform: 'facebook', name: 'Dinas Pendidikan Provinsi Sumatera Barat', username: 'disdik.sumbarprov' });
    await control.nextOAuthLogin('facebook', String(page.extra['ownerUserId']));
    const c = await loggedIn();
    const start = await c.post('/api/channels/oauth/start', { orgId: admin.orgId, platform: 'facebook' });
    expect(start.status).toBe(200);
    const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location')!);
    expect(back.origin).toBe(app.url);
    const cb = await c.get(back.pathname + back.search);
    expect(cb.status).toBe(302);
    expect(cb.headers.get('location')).toBe(`/saluran?terhubung=facebook&opd=${admin.orgId}`);

    const list = await c.get('/api/channels/accounts');
    const acc = list.body.items.find((a: { externalId: string }) => a.externalId === page.id);
    expect(acc).toMatchObject({ platform: 'facebook', status: 'active', orgCode: 'DISDIK' });
    expect(list.text).not.toContain(page.credentials.accessToken);
    const row = await app.db.db.selectFrom('channel_account').selectAll().where('id', '=', acc.id).executeTakeFirstOrThrow();
    expect(row.access_token_sealed).toMatch(/^v1\.test\./);
    expect(row.access_token_sealed).not.toContain(page.credentials.accessToken);
    const subs = await control.records({ platform: 'facebook', kind: 'webhook_subscription', accountId: page.id });
    expect(subs.length).toBeGreaterThanOrEqual(1);

    // Replaying the callback does nothing (state used once).
    const replay = await c.get(back.pathname + back.search);
    expect(replay.headers.get('location')).toBe('/saluran?galat=channel_connect_expired');

    expect((await c.post(`/api/channels/accounts/${acc.id}/check`)).body.status).toBe('active');
    const audit = await app.db.db.selectFrom('audit_log').select('action').where('target_id', '=', acc.id).execute();
    expect(audit.map((a) => a.action)).toContain('channel.connect');
  });

  it('WhatsApp by token entry; wrong tokens are refused with the platform’s reason; disconnect destroys the tokens', async () => {
    const wa = await control.createAccount({ platform: 'whatsapp', displayPhoneNumber: '+62 751 555 0101', verifiedName: 'Dinas Pendidikan' });
    const c = await loggedIn();
    const missing = await c.post('/api/channels/accounts', { orgId: admin.orgId, platform: 'whatsapp', fields: { phoneNumberId: wa.id } });
    expect(missing.status).toBe(400);
    const bad = await c.post('/api/channels/accounts', { orgId: admin.orgId, platform: 'whatsapp', fields: { phoneNumberId: wa.id, wabaId: String(wa.extra['wabaId']), accessToken: 'EAAsalah' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('channel_auth_failed');
    const ok = await c.post('/api/channels/accounts', { orgId: admin.orgId, platform: 'whatsapp', fields: { phoneNumberId: wa.id, wabaId: String(wa.extra['wabaId']), accessToken: wa.credentials.accessToken } });
    expect(ok.status).toBe(201);
    const acc = ok.body.items[0];
    expect(acc).toMatchObject({ platform: 'whatsapp', externalId: wa.id, status: 'active' });

    expect((await c.post(`/api/channels/accounts/${acc.id}/disconnect`)).status).toBe(204);
    const row = await app.db.db.selectFrom('channel_account').selectAll().where('id', '=', acc.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'disconnected', access_token_sealed: null, refresh_token_sealed: null });
  });

  it('a revoked token is found by the health check, the OPD is notified in the app and by e-mail', async () => {
    const page = await control.createAccount({ platform: 'facebook', name: 'Halaman Uji Cabut', username: 'uji.cabut' });
    await control.nextOAuthLogin('facebook', String(page.extra['ownerUserId']));
    const c = await loggedIn();
    const start = await c.post('/api/channels/oauth/start', { orgId: admin.orgId, platform: 'facebook' });
    const consent = await fetch(start.body.authorizeUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    await c.get(back.pathname + back.search);
    const acc = (await c.get('/api/channels/accounts')).body.items.find((a: { externalId: string }) => a.externalId === page.id);
    // The Page's admin removes Dayung's access at Facebook: the stored Page token stops working.
    const row = await app.db.db.selectFrom('channel_account').selectAll().where('id', '=', acc.id).executeTakeFirstOrThrow();
    const token = decryptSecret(parseKeyring(app.config.TOKEN_KEYS!), row.access_token_sealed!, `channel_account:facebook:${page.id}:access`);
    await control.revokeToken(token, { subcode: 460 });
    expect((await c.post(`/api/channels/accounts/${acc.id}/check`)).body.status).toBe('revoked');
    const notices = await c.get('/api/notifications');
    expect(notices.body.items.some((n: { code: string; link: string }) => n.code === 'channel.revoked' && n.link === '/saluran')).toBe(true);
    await eventually(async () => app.db.db.selectFrom('mail_outbox').select('subject').where('subject', 'like', '%dicabut%').executeTakeFirst(), 15_000);
  });
});
