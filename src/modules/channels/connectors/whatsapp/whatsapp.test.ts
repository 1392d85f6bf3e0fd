// WhatsApp Cloud API connector against the Graph fake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInfo } from '../../../../../fakes/control-client.ts';
import { authContext, connectorContext } from '../context.ts';
import { DEFAULT_RETRY, withRetries } from '../http.ts';
import { ConnectorError } from '../types.ts';
import { clockSleep, startMetaKit, wait, type MetaKit } from '../facebook/testkit.ts';
import { graphFor } from '../facebook/meta.ts';
import { listTemplates, markWhatsAppRead, placeholderCount, whatsapp } from './index.ts';

let kit: MetaKit;
let wa: AccountInfo;
const c = whatsapp.connector;
const HOUR = 3_600_000;

const rejection = async (p: Promise<unknown>): Promise<ConnectorError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof ConnectorError) return err;
    throw err;
  }
  throw new Error('expected a ConnectorError');
};

beforeAll(async () => {
  kit = await startMetaKit();
  wa = await kit.control.createAccount({ platform: 'whatsapp', displayPhoneNumber: '+62 811-0000-1234', verifiedName: 'Bapenda Sumbar' });
});
afterAll(async () => {
  await kit.close();
});

describe('connecting with a system-user token', () => {
  it('validates the phone number against the WABA and returns one candidate; afterConnect subscribes the WABA', async () => {
    const since = await kit.lastSeq();
    const fields = { phoneNumberId: wa.id, wabaId: String(wa.extra.wabaId), accessToken: wa.credentials.accessToken };
    expect(whatsapp.auth.kind).toBe('token');
    expect(whatsapp.auth.tokenFields!.map((f) => [f.name, f.secret])).toEqual([['phoneNumberId', false], ['wabaId', false], ['accessToken', true]]);
    const [cand, ...rest] = await whatsapp.auth.fromToken!(authContext('whatsapp', kit.settings), fields);
    expect(rest).toHaveLength(0);
    expect(cand).toMatchObject({ externalId: wa.id, name: 'Bapenda Sumbar', handle: '+62 811-0000-1234', credentials: { expiresAt: null }, extra: { wabaId: wa.extra.wabaId } });
    expect(cand!.scopes).toEqual(expect.arrayContaining(['whatsapp_business_messaging']));
    const ctx = connectorContext({ settings: kit.settings, account: { id: 'n', platform: 'whatsapp', externalId: cand!.externalId, extra: cand!.extra, scopes: cand!.scopes }, credentials: cand!.credentials });
    await whatsapp.auth.afterConnect!(ctx, { webhookBaseUrl: 'http://127.0.0.1:3000' });
    const subs = await kit.records({ platform: 'whatsapp', kind: 'webhook_subscription' }, since);
    expect(subs.map((s) => s.accountId)).toEqual([wa.extra.wabaId]);
  });

  it('refuses a number of another WABA, a bad token and malformed ids', async () => {
    const other = await kit.control.createAccount({ platform: 'whatsapp', displayPhoneNumber: '+62 812-0000-9999', verifiedName: 'Dinas Lain' });
    const actx = authContext('whatsapp', kit.settings);
    const wrong = await rejection(whatsapp.auth.fromToken!(actx, { phoneNumberId: wa.id, wabaId: String(other.extra.wabaId), accessToken: wa.credentials.accessToken }));
    expect(wrong.kind).toBe('permanent');
    const bad = await rejection(whatsapp.auth.fromToken!(actx, { phoneNumberId: wa.id, wabaId: String(wa.extra.wabaId), accessToken: 'EAAwrong' }));
    expect(bad.kind).toBe('auth');
    expect((await rejection(whatsapp.auth.fromToken!(actx, { phoneNumberId: '+62811', wabaId: '1', accessToken: 'x' }))).message).toContain('angka');
  });
});

describe('messages', () => {
  it('sends free-form text inside the 24-hour window, quoting the citizen message', async () => {
    const since = await kit.lastSeq();
    const inbound = await kit.control.inject({ platform: 'whatsapp', type: 'message', accountId: wa.id, text: 'Halo, mau tanya pajak kendaraan', from: { key: 'wa1', name: 'Andi' } });
    const r = await c.replyPrivate(kit.ctx(wa), { target: { externalId: inbound.ids.messageId!, userId: inbound.ids.waId!, lastInboundAt: kit.now() }, text: 'Silakan, ada yang bisa dibantu?' });
    expect(r.externalId).toMatch(/^wamid\./);
    const recs = await kit.records({ platform: 'whatsapp', accountId: wa.id }, since);
    expect(recs.map((x) => [x.kind, x.objectId, x.targetId, x.text, x.data.context, x.data.inWindow])).toEqual([
      ['message', r.externalId, inbound.ids.waId, 'Silakan, ada yang bisa dibantu?', inbound.ids.messageId, true],
    ]);
    await markWhatsAppRead(kit.ctx(wa), inbound.ids.messageId!);
  });

  it('outside the window: a template when given, otherwise a refusal in Indonesian', async () => {
    const since = await kit.lastSeq();
    const ctx = kit.ctx(wa);
    const target = { externalId: 'wamid.old', userId: '6281100001111', lastInboundAt: new Date(kit.now().getTime() - 30 * HOUR) };
    const refused = await rejection(c.replyPrivate(ctx, { target, text: 'Aduan Anda sudah selesai.' }));
    expect(refused).toMatchObject({ kind: 'permanent', platformCode: '131047' });
    expect(refused.message).toContain('24 jam');
    expect(refused.message).toContain('templat');
    const noTime = await rejection(c.replyPrivate(ctx, { target: { externalId: 'wamid.x', userId: '6281100001111' }, text: 'x' }));
    expect(noTime.message).toContain('24 jam');

    const r = await c.replyPrivate(ctx, { target, text: 'Aduan Anda sudah selesai.', template: { name: 'konfirmasi_selesai', language: 'id', parameters: ['ADU-2027-0042'] } });
    expect(r.externalId).toMatch(/^wamid\./);
    const badTemplate = await rejection(c.replyPrivate(ctx, { target, text: '', template: { name: 'tidak_ada', language: 'id', parameters: [] } }));
    expect(badTemplate).toMatchObject({ kind: 'permanent', platformCode: '132001' });
    const recs = await kit.records({ platform: 'whatsapp', accountId: wa.id }, since);
    expect(recs.map((x) => [x.kind, x.targetId, x.text])).toEqual([
      ['template_message', '6281100001111', 'Aduan ADU-2027-0042 telah selesai ditindaklanjuti. Balas pesan ini bila masih ada kendala.'],
    ]);
  });

  it('documents the platform side: free-form text WhatsApp considers out of window is accepted and only fails later (131047 by webhook)', async () => {
    const since = await kit.lastSeq();
    // Dayung believes the window is open (e.g. a clock skew); WhatsApp answers 200 all the same
    const r = await c.replyPrivate(kit.ctx(wa), { target: { externalId: 'wamid.none', userId: '6281100002222', lastInboundAt: kit.now() }, text: 'Halo' });
    expect(r.externalId).toMatch(/^wamid\./);
    const [rec] = await kit.records({ platform: 'whatsapp', accountId: wa.id }, since);
    expect(rec!.data).toMatchObject({ inWindow: false, willFail: 131047 });
  });

  it('has no public side: publish, public replies, moderation and insights are unsupported', async () => {
    const ctx = kit.ctx(wa);
    expect(c.capabilities.publishText).toBe(false);
    expect((await rejection(c.publish(ctx, { idempotencyKey: 'k', text: 'Siaran' }))).kind).toBe('unsupported');
    expect((await rejection(c.replyPublic(ctx, { target: { externalId: 'x' }, text: 'y' }))).kind).toBe('unsupported');
    expect((await rejection(c.setHidden(ctx, 'x', true))).kind).toBe('unsupported');
    expect((await rejection(c.deleteComment(ctx, 'x'))).kind).toBe('unsupported');
    expect((await rejection(c.insights(ctx, 'x'))).kind).toBe('unsupported');
    expect(await c.findPublished(ctx, { idempotencyKey: 'k', text: 'Siaran' }, new Date())).toBeNull();
  });
});

describe('message templates (Business Management API)', () => {
  it('lists the approved templates that need only body parameters, with their placeholders counted', async () => {
    const ctx = kit.ctx(wa);
    const g = graphFor(ctx);
    const waba = String(wa.extra.wabaId);
    await g.post(`${waba}/message_templates`, { json: { name: 'foto_laporan', language: 'id', category: 'UTILITY', components: [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Foto {{1}}' }] } });
    await g.post(`${waba}/message_templates`, { json: { name: 'tautan_dinamis', language: 'id', category: 'UTILITY', components: [{ type: 'BODY', text: 'Lihat {{1}}' }, { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Buka', url: 'https://dayung.example/lacak/{{1}}' }] }] } });
    await g.post(`${waba}/message_templates`, { json: { name: 'jadwal_layanan', language: 'id', category: 'UTILITY', components: [{ type: 'HEADER', format: 'TEXT', text: 'Jadwal' }, { type: 'BODY', text: 'Layanan buka {{1}} sampai {{2}}, kecuali {{1}}.' }, { type: 'FOOTER', text: 'Dayung' }] } });
    const list = await listTemplates(ctx);
    const names = list.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['aduan_diterima', 'pembaruan_aduan', 'jadwal_layanan', 'hello_world']));
    expect(names).not.toContain('foto_laporan');
    expect(names).not.toContain('tautan_dinamis');
    expect(list.find((t) => t.name === 'jadwal_layanan')).toEqual({ name: 'jadwal_layanan', language: 'id', category: 'UTILITY', body: 'Layanan buka {{1}} sampai {{2}}, kecuali {{1}}.', parameters: 2 });
    expect(names).toEqual([...names].sort());
    expect(c.listTemplates).toBe(listTemplates);
    expect(placeholderCount('Tanpa isian')).toBe(0);
  });
});

describe('faults and tokens', () => {
  it('waits out the throughput limit (130429) and then sends', async () => {
    const since = await kit.lastSeq();
    const inbound = await kit.control.inject({ platform: 'whatsapp', type: 'message', accountId: wa.id, text: 'tes', from: { key: 'wa-rl' } });
    const send = (text: string) => c.replyPrivate(kit.ctx(wa), { target: { externalId: inbound.ids.messageId!, userId: inbound.ids.waId!, lastInboundAt: kit.now() }, text });
    await kit.control.patchConfig({ limits: { whatsapp: { throughput: { limit: 1, windowMs: 1_000 } } } });
    try {
      await kit.advance(1_000); // a fresh one-second window
      await send('pertama');
      const s = clockSleep(kit);
      await withRetries(() => send('kedua'), DEFAULT_RETRY, s.sleep);
      expect(s.waits).toEqual([1_000]);
    } finally {
      await kit.control.patchConfig({ limits: { whatsapp: { throughput: { limit: 80, windowMs: 1_000 } } } });
    }
    const recs = await kit.records({ platform: 'whatsapp', kind: 'message', accountId: wa.id }, since);
    expect(recs.map((x) => x.text)).toEqual(['pertama', 'kedua']);
  });

  it('retries a transient 5xx; a lost answer to a send is ambiguous', async () => {
    const inbound = await kit.control.inject({ platform: 'whatsapp', type: 'message', accountId: wa.id, text: 'tes 2', from: { key: 'wa-5xx' } });
    const target = { externalId: inbound.ids.messageId!, userId: inbound.ids.waId!, lastInboundAt: kit.now() };
    await kit.control.setFaults({ platforms: { whatsapp: { failNext: { count: 1, kind: '5xx' } } } });
    const waits: number[] = [];
    await withRetries(() => c.replyPrivate(kit.ctx(wa), { target, text: 'setelah 5xx' }), DEFAULT_RETRY, async (ms) => void waits.push(ms));
    expect(waits).toHaveLength(1);
    await kit.control.setFaults({ platforms: { whatsapp: { latencyMs: 600, pathPattern: '/messages$' } } });
    const lost = await rejection(withRetries(() => c.replyPrivate(kit.ctx(wa, { timeoutMs: 200 }), { target, text: 'hilang' }), DEFAULT_RETRY, async () => {}));
    expect(lost.kind).toBe('ambiguous'); // never retried blindly
    await kit.control.clearFaults();
  });

  it('checks the system-user token: valid, expired, revoked', async () => {
    expect(await c.checkToken(kit.ctx(wa))).toMatchObject({ valid: true, expiresAt: null });
    const expiring = await kit.control.issueToken({ platform: 'whatsapp', accountId: wa.id, ttlSec: 60 });
    await kit.control.expireToken(expiring.token);
    await wait(5);
    expect(await c.checkToken(kit.ctx(wa, { token: expiring.token }))).toMatchObject({ valid: false, reason: 'expired' });
    const revoked = await kit.control.issueToken({ platform: 'whatsapp', accountId: wa.id });
    await kit.control.revokeToken(revoked.token, { subcode: 460 });
    expect(await c.checkToken(kit.ctx(wa, { token: revoked.token }))).toMatchObject({ valid: false, reason: 'revoked' });
    const e = await rejection(c.replyPrivate(kit.ctx(wa, { token: revoked.token }), { target: { externalId: 'wamid.x', userId: '6281100003333', lastInboundAt: kit.now() }, text: 'x' }));
    expect(e).toMatchObject({ kind: 'auth', authReason: 'revoked' });
  });
});
