import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient, type AccountInfo } from '../../../fakes/control-client.ts';
import { startFakes, type RunningFakes } from '../../../fakes/server.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser, eventually, orgId, type BuiltUser } from '../../../test/helpers/factories.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import { connectDemoAccount, generateApps, hostsFor, loadKeyring, type ChannelsDeps } from '../channels/index.ts';
import { PLATFORM_MODULES } from '../channels/connectors/registry.ts';

// Answering citizens through the channel they used, end to end against the fake platforms:
// the citizen writes, the worker files it in the inbox, the responder answers, the platform
// receives exactly one reply, within the platform's rules.

let fakes: RunningFakes;
let app: TestApp;
let control: ControlClient;
let responder: BuiltUser;
const accounts = new Map<string, AccountInfo>();

beforeAll(async () => {
  const apps = generateApps();
  fakes = await startFakes({ port: 0, seed: 'replies', apps: { meta: { id: apps.meta.appId, secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken } } });
  control = new ControlClient(fakes.url);
  app = await startTestApp({ fakesUrl: fakes.url, apps });
  await control.patchConfig({ webhookTarget: app.url });
  const dinkes = await orgId(app.db.db, 'DINKES');
  const world = await control.demo({ opds: [{ code: 'DINKES', name: 'Dinas Kesehatan' }], platforms: ['facebook', 'whatsapp'] });
  const deps: ChannelsDeps = { db: app.db.db, keyring: loadKeyring({ spec: app.config.TOKEN_KEYS, dataDir: '/nonexistent' }), settings: () => ({ apps, hosts: hostsFor(fakes.url), fake: true }), modules: () => PLATFORM_MODULES, publicUrl: app.url };
  for (const a of world.opds[0]!.accounts) {
    accounts.set(a.platform, a);
    await connectDemoAccount(deps, dinkes, { platform: a.platform, externalId: a.id, name: a.name, handle: null, credentials: { accessToken: a.credentials.accessToken, refreshToken: null, expiresAt: null }, scopes: a.credentials.scopes, extra: a.extra, telegramSecret: null });
  }
  responder = await buildUser(app.db.db, { role: 'responder', orgCode: 'DINKES' });
});
afterAll(async () => {
  await app?.close();
  await fakes?.close();
});

async function inboxItemFor(text: string) {
  return eventually(() => app.db.db.selectFrom('interaction').selectAll().where('text', '=', text).executeTakeFirst(), 20_000);
}
async function loggedIn() {
  const c = new ApiClient(app.url);
  await c.login(responder.email, responder.password);
  return c;
}
const outbound = (id: string) => app.db.db.selectFrom('outbound').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('replies', () => {
  it('WhatsApp: a canned response with {nama} reaches the citizen once, even when the button is pressed twice', async () => {
    const wa = accounts.get('whatsapp')!;
    const text = 'Assalamualaikum, stok vaksin di puskesmas habis, kapan ada lagi?';
    const sent = await control.inject({ platform: 'whatsapp', type: 'message', accountId: wa.id, text, from: { name: 'Yusuf Chaniago', key: 'yusuf' } });
    const item = await inboxItemFor(text);
    const c = await loggedIn();
    // Canned responses are the OPD's: admins write them, responders use them.
    expect((await c.post('/api/inbox/canned', { orgId: item.org_id, title: 'x', body: 'y' })).status).toBe(403);
    const admin = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DINKES' });
    const a = new ApiClient(app.url);
    await a.login(admin.email, admin.password);
    const canned = await a.post('/api/inbox/canned', { orgId: item.org_id, title: 'Terima kasih vaksin', body: 'Terima kasih {nama}, laporan stok vaksin sudah kami teruskan ke puskesmas.' });
    expect(canned.status).toBe(201);
    expect((await c.get('/api/inbox/canned')).body.items.map((x: { title: string }) => x.title)).toContain('Terima kasih vaksin');
    const body = { cannedId: canned.body.id, mode: 'private', requestId: 'klik-ganda-0001' };
    const [r1, r2] = await Promise.all([c.post(`/api/inbox/${item.id}/reply`, body), c.post(`/api/inbox/${item.id}/reply`, body)]);
    expect([r1.status, r2.status].sort()).toEqual([200, 202]);
    expect(r1.body.outboundId).toBe(r2.body.outboundId);
    expect(r1.body.text).toBe('Terima kasih Yusuf, laporan stok vaksin sudah kami teruskan ke puskesmas.');
    const ob = await eventually(async () => {
      const o = await outbound(r1.body.outboundId);
      return o.status === 'sent' ? o : null;
    }, 20_000);
    expect(ob.external_id).toMatch(/^wamid\./);
    const records = await control.records({ platform: 'whatsapp', accountId: wa.id });
    const toCitizen = records.filter((r) => JSON.stringify(r).includes('Terima kasih Yusuf'));
    expect(toCitizen).toHaveLength(1);
    void sent;
    const conv = await c.get(`/api/inbox/${item.id}`);
    expect(conv.body.replies).toMatchObject([{ status: 'sent', mode: 'private', text: 'Terima kasih Yusuf, laporan stok vaksin sudah kami teruskan ke puskesmas.' }]);
  });

  it('Facebook: a public reply under the citizen’s comment', async () => {
    const fb = accounts.get('facebook')!;
    const text = 'Pelayanan IGD RSUD malam tadi lambat sekali';
    await control.inject({ platform: 'facebook', type: 'comment', accountId: fb.id, text });
    const item = await inboxItemFor(text);
    const c = await loggedIn();
    const r = await c.post(`/api/inbox/${item.id}/reply`, { text: 'Mohon maaf atas ketidaknyamanannya, kami tindak lanjuti hari ini.', mode: 'public' });
    expect(r.status).toBe(202);
    await eventually(async () => (await outbound(r.body.outboundId)).status === 'sent', 20_000);
    const replies = (await control.records({ platform: 'facebook', accountId: fb.id })).filter((x) => JSON.stringify(x).includes('kami tindak lanjuti hari ini'));
    expect(replies).toHaveLength(1);
  });

  it('WhatsApp outside the 24-hour window: refused with the reason, nothing sent', async () => {
    const wa = accounts.get('whatsapp')!;
    const text = 'Pesan lama dari dua hari lalu';
    await control.inject({ platform: 'whatsapp', type: 'message', accountId: wa.id, text, from: { name: 'Rini', key: 'rini' } });
    const item = await inboxItemFor(text);
    await app.db.db.updateTable('interaction').set({ occurred_at: new Date(Date.now() - 2 * 86_400_000) }).where('id', '=', item.id).execute();
    const before = (await control.records({ platform: 'whatsapp', accountId: wa.id })).length;
    const c = await loggedIn();
    const r = await c.post(`/api/inbox/${item.id}/reply`, { text: 'Halo Rini', mode: 'private' });
    const ob = await eventually(async () => {
      const o = await outbound(r.body.outboundId);
      return o.status === 'failed' ? o : null;
    }, 20_000);
    expect(ob.error).toMatch(/24 jam/);
    expect((await control.records({ platform: 'whatsapp', accountId: wa.id })).length).toBe(before);
  });

  it('WhatsApp outside the 24-hour window: the account’s approved templates are listed and a template reply is sent once', async () => {
    const wa = accounts.get('whatsapp')!;
    const fb = accounts.get('facebook')!;
    const text = 'Pesan tiga hari lalu tentang antrean vaksin';
    await control.inject({ platform: 'whatsapp', type: 'message', accountId: wa.id, text, from: { name: 'Dedi', key: 'dedi-template' } });
    const item = await inboxItemFor(text);
    await app.db.db.updateTable('interaction').set({ occurred_at: new Date(Date.now() - 3 * 86_400_000) }).where('id', '=', item.id).execute();
    const c = await loggedIn();
    const list = await c.get(`/api/channels/accounts/${item.account_id}/templates`);
    expect(list.status, list.text).toBe(200);
    const tpl = list.body.items.find((t: { name: string }) => t.name === 'aduan_diterima');
    expect(tpl).toEqual({ name: 'aduan_diterima', language: 'id', category: 'UTILITY', body: expect.stringContaining('{{1}}'), parameters: 2 });
    // Facebook has no templates; another OPD does not see this account's
    const fbAccount = await app.db.db.selectFrom('channel_account').select('id').where('external_id', '=', fb.id).executeTakeFirstOrThrow();
    expect((await c.get(`/api/channels/accounts/${fbAccount.id}/templates`)).body.items).toEqual([]);
    const outsider = await buildUser(app.db.db, { role: 'responder', orgCode: 'DISDIK' });
    const o = new ApiClient(app.url);
    await o.login(outsider.email, outsider.password);
    expect((await o.get(`/api/channels/accounts/${item.account_id}/templates`)).status).toBe(404);

    const shown = 'Terima kasih, aduan Anda sudah kami terima dengan nomor SB-0001. Kami akan menindaklanjuti dalam 5 hari kerja.';
    const r = await c.post(`/api/inbox/${item.id}/reply`, { text: shown, mode: 'private', requestId: 'template-0001', template: { name: 'aduan_diterima', language: 'id', parameters: ['SB-0001', '5'] } });
    expect(r.status, r.text).toBe(202);
    await eventually(async () => (await outbound(r.body.outboundId)).status === 'sent', 20_000);
    const records = (await control.records({ platform: 'whatsapp', accountId: wa.id })).filter((x) => x.kind === 'template_message' && JSON.stringify(x).includes('SB-0001'));
    expect(records).toHaveLength(1);
    expect(JSON.stringify(records[0])).toContain('dalam 5 hari kerja');
    const conv = await c.get(`/api/inbox/${item.id}`);
    expect(conv.body.replies.at(-1)).toMatchObject({ status: 'sent', text: shown });
  });

  it('a reply found mid-send after a crash is marked ambiguous, never sent again', async () => {
    const fb = accounts.get('facebook')!;
    const text = 'Komentar untuk uji kerusakan';
    await control.inject({ platform: 'facebook', type: 'comment', accountId: fb.id, text });
    const item = await inboxItemFor(text);
    const row = await app.db.db
      .insertInto('outbound')
      .values({ org_id: item.org_id, account_id: item.account_id!, purpose: 'reply_public', interaction_id: item.id, idempotency_key: 'crash-1', payload: JSON.stringify({ text: 'balasan yang terputus', target: { externalId: item.external_id, lastInboundAt: null }, template: null }), status: 'sending', attempts: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueue(app.db.db, 'outbound_send', { id: row.id });
    await eventually(async () => (await outbound(row.id)).status === 'ambiguous', 20_000);
    expect((await control.records({ platform: 'facebook', accountId: fb.id })).filter((x) => JSON.stringify(x).includes('balasan yang terputus'))).toHaveLength(0);
  });

  it('bulk-hides judol spam on the platform: each comment hidden once, marked hidden in the inbox', async () => {
    const fb = accounts.get('facebook')!;
    const texts = ['Slot gacor maxwin hari ini 1', 'Slot gacor maxwin hari ini 2', 'Slot gacor maxwin hari ini 3'];
    for (const text of texts) await control.inject({ platform: 'facebook', type: 'comment', accountId: fb.id, text });
    const items: { id: string }[] = [];
    for (const t of texts) items.push(await inboxItemFor(t));
    const c = await loggedIn();
    const r = await c.post('/api/inbox/bulk', { ids: items.map((i) => i.id), action: 'hide' });
    expect(r.status).toBe(200);
    expect(r.body.results.every((x: { ok: boolean }) => x.ok)).toBe(true);
    await eventually(async () => {
      const rows = await app.db.db.selectFrom('interaction').select('status').where('id', 'in', items.map((i) => i.id)).execute();
      return rows.every((x) => x.status === 'hidden');
    }, 20_000);
    const hides = await control.records({ platform: 'facebook', kind: 'comment_hidden', accountId: fb.id });
    expect(hides).toHaveLength(3);
  });

  it('refuses unknown template variables and a {kode_aduan} without a case', async () => {
    const fb = accounts.get('facebook')!;
    const text = 'Komentar untuk uji variabel';
    await control.inject({ platform: 'facebook', type: 'comment', accountId: fb.id, text });
    const item = await inboxItemFor(text);
    const c = await loggedIn();
    const bad = await c.post(`/api/inbox/${item.id}/reply`, { text: 'Halo {namaa}', mode: 'public' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('{namaa}');
    const code = await c.post(`/api/inbox/${item.id}/reply`, { text: 'Kode aduan Anda {kode_aduan}', mode: 'public' });
    expect(code.status).toBe(400);
    expect(code.body.detail).toContain('kode aduan');
  });
});
