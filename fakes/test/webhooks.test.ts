// Webhook deliveries from the fakes, received on a local HTTP server: exact signatures, retries
// with the same body, abandonment, timeouts, dropped connections, duplicates, the bounded queue,
// and the verification handshakes the platforms initiate.
import { afterEach, describe, expect, it } from 'vitest';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RunningFakes } from '../server.ts';
import { ControlClient } from '../control-client.ts';
import { graph, startReceiver, startTestFakes } from './helpers.ts';
import type { Receiver } from './helpers.ts';
import type { DeepPartial, FakeConfig } from '../core/config.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function world(config: DeepPartial<FakeConfig> = {}, respond?: Receiver['respond']): Promise<{ f: RunningFakes; recv: Receiver; control: ControlClient }> {
  const recv = await startReceiver(respond ? { respond } : {});
  const f = await startTestFakes({ webhookTarget: recv.url, config });
  cleanups.push(async () => {
    await f.close();
    await recv.close();
  });
  return { f, recv, control: new ControlClient(f.url) };
}

const hmacHex = (secret: string, body: Buffer | string) => createHmac('sha256', secret).update(body).digest('hex');
const hmacB64 = (secret: string, body: Buffer | string) => createHmac('sha256', secret).update(body).digest('base64');
const safeEq = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

describe('signatures', () => {
  it('Meta: X-Hub-Signature-256 and sha1 over the raw bytes, with Meta JSON escaping', async () => {
    const { recv, control } = await world();
    const page = await control.createAccount({ platform: 'facebook', name: 'Dinas Uji' });
    await control.inject({ platform: 'facebook', type: 'comment', accountId: page.id, text: 'Jalan rusak 😡 di Padang/Pauh, café', from: { name: 'Budi' } });
    await recv.waitFor(() => recv.posts('facebook').length >= 1);
    const r = recv.posts('facebook')[0]!;
    const sig = String(r.headers['x-hub-signature-256']);
    expect(safeEq(sig, `sha256=${hmacHex('fake-meta-app-secret', r.raw)}`)).toBe(true);
    expect(r.headers['x-hub-signature']).toBe(`sha1=${createHmac('sha1', 'fake-meta-app-secret').update(r.raw).digest('hex')}`);
    const text = r.raw.toString('utf8');
    expect(text).toContain('\\ud83d\\ude21'); // emoji escaped as \uXXXX
    expect(text).toContain('Padang\\/Pauh'); // slash escaped
    // re-serializing the parsed body gives other bytes: receivers must hash the raw body
    expect(hmacHex('fake-meta-app-secret', JSON.stringify(r.json))).not.toBe(sig.slice(7));
    const entry = (r.json as any).entry[0];
    expect((r.json as any).object).toBe('page');
    expect(entry.changes[0]).toMatchObject({ field: 'feed', value: { item: 'comment', verb: 'add', message: 'Jalan rusak 😡 di Padang/Pauh, café', from: { name: 'Budi' } } });
    expect(typeof entry.time).toBe('number');
  });

  it('Meta messaging, Instagram and WhatsApp payload shapes', async () => {
    const { recv, control } = await world();
    const page = await control.createAccount({ platform: 'facebook', name: 'Dinas Uji' });
    const ig = await control.createAccount({ platform: 'instagram', username: 'dinas.uji', pageId: page.id });
    const wa = await control.createAccount({ platform: 'whatsapp', displayPhoneNumber: '+62 751 555 0001', verifiedName: 'Dinas Uji' });
    await control.inject({ platform: 'facebook', type: 'message', accountId: page.id, text: 'halo' });
    await control.inject({ platform: 'instagram', type: 'comment', accountId: ig.id, text: 'info dong' });
    await control.inject({ platform: 'instagram', type: 'message', accountId: ig.id, text: 'dm ig' });
    await control.inject({ platform: 'whatsapp', type: 'message', accountId: wa.id, text: 'wa masuk', from: { name: 'Sheena', phone: '081200001234' } });
    await recv.waitFor(() => recv.posts().length >= 4);
    const msg = recv.posts('facebook').map((r) => r.json as any).find((j) => j.entry[0].messaging)!;
    expect(msg.entry[0].messaging[0]).toMatchObject({ sender: { id: expect.any(String) }, recipient: { id: page.id }, timestamp: expect.any(Number), message: { mid: expect.any(String), text: 'halo' } });
    const igc = recv.posts('instagram').map((r) => r.json as any).find((j) => j.entry[0].changes)!;
    expect(igc).toMatchObject({ object: 'instagram', entry: [{ id: ig.id, changes: [{ field: 'comments', value: { text: 'info dong', from: { id: expect.any(String), username: expect.any(String) }, media: { id: expect.any(String), media_product_type: 'FEED' } } }] }] });
    const w = recv.posts('whatsapp')[0]!.json as any;
    expect(w.object).toBe('whatsapp_business_account');
    expect(w.entry[0].time).toBeUndefined();
    expect(w.entry[0].changes[0].value).toMatchObject({
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '627515550001', phone_number_id: wa.id },
      contacts: [{ profile: { name: 'Sheena' }, wa_id: '6281200001234' }],
      messages: [{ from: '6281200001234', id: expect.stringMatching(/^wamid\./), timestamp: expect.stringMatching(/^\d+$/), type: 'text', text: { body: 'wa masuk' } }],
    });
  });

  it('X: x-twitter-webhooks-signature (base64 HMAC of the body with the consumer secret)', async () => {
    const { recv, control } = await world();
    const acc = await control.createAccount({ platform: 'x', username: 'dinas_uji' });
    await control.inject({ platform: 'x', type: 'mention', accountId: acc.id, text: 'jalan rusak pak', from: { username: 'warga1' } });
    await control.inject({ platform: 'x', type: 'dm', accountId: acc.id, text: 'dm ke dinas', from: { username: 'warga1' } });
    await recv.waitFor(() => recv.posts('x').length >= 2);
    for (const r of recv.posts('x')) {
      expect(r.headers['x-twitter-webhooks-signature']).toBe(`sha256=${hmacB64('fake-x-consumer-secret', r.raw)}`);
    }
    const tweet = recv.posts('x').map((r) => r.json as any).find((j) => j.tweet_create_events)!;
    expect(tweet).toMatchObject({ for_user_id: acc.id, tweet_create_events: [{ id_str: expect.any(String), text: '@dinas_uji jalan rusak pak', user: { screen_name: 'warga1' } }] });
    const dm = recv.posts('x').map((r) => r.json as any).find((j) => j.direct_message_events)!;
    expect(dm.direct_message_events[0]).toMatchObject({ type: 'message_create', message_create: { target: { recipient_id: acc.id }, message_data: { text: 'dm ke dinas' } } });
  });

  it('Telegram: X-Telegram-Bot-Api-Secret-Token and the Update shape', async () => {
    const { recv, control } = await world();
    const bot = await control.createAccount({ platform: 'telegram', username: 'dinas_uji_bot', webhook: { secretToken: 'sekret_123' } });
    await control.inject({ platform: 'telegram', type: 'message', accountId: bot.id, text: 'Halo bot', from: { name: 'Ana Putri', username: 'ana' } });
    await recv.waitFor(() => recv.posts('telegram').length >= 1);
    const r = recv.posts('telegram')[0]!;
    expect(r.headers['x-telegram-bot-api-secret-token']).toBe('sekret_123');
    expect(r.json).toMatchObject({ update_id: expect.any(Number), message: { message_id: 1, from: { is_bot: false, first_name: 'Ana', username: 'ana' }, chat: { type: 'private' }, date: expect.any(Number), text: 'Halo bot' } });
  });

  it('TikTok: TikTok-Signature t=...,s=hex(HMAC(client_secret, t.body)) and content as a JSON string', async () => {
    const { recv, control } = await world();
    const acc = await control.createAccount({ platform: 'tiktok', username: 'dinas.uji' });
    await control.inject({ platform: 'tiktok', type: 'authorization_removed', accountId: acc.id });
    await recv.waitFor(() => recv.posts('tiktok').length >= 1);
    const r = recv.posts('tiktok')[0]!;
    const m = /^t=(\d+),s=([0-9a-f]{64})$/.exec(String(r.headers['tiktok-signature']))!;
    expect(m).toBeTruthy();
    expect(m[2]).toBe(hmacHex('fake-tiktok-client-secret', Buffer.concat([Buffer.from(`${m[1]}.`), r.raw])));
    const body = r.json as any;
    expect(body).toMatchObject({ client_key: 'fakettclientkey', event: 'authorization.removed', user_openid: acc.id });
    expect(typeof body.content).toBe('string');
    expect(JSON.parse(body.content)).toEqual({ reason: 1 });
  });
});

describe('delivery: retries, timeouts, drops, duplicates, queue', () => {
  it('retries non-2xx with the same body and signature, then succeeds', async () => {
    const { recv, control } = await world({}, (_r, i) => (i < 2 ? 500 : 200));
    const page = await control.createAccount({ platform: 'facebook', name: 'Dinas Uji' });
    const inj = await control.inject({ platform: 'facebook', type: 'comment', accountId: page.id, text: 'coba' });
    await control.drainWebhooks(5000);
    const posts = recv.posts('facebook');
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => p.raw.toString('utf8'))).size).toBe(1);
    expect(new Set(posts.map((p) => String(p.headers['x-hub-signature-256']))).size).toBe(1);
    const d = await control.delivery(inj.deliveries[0]!);
    expect(d.status).toBe('delivered');
    expect(d.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
  });

  it('abandons after the schedule is exhausted and logs every attempt', async () => {
    const { control } = await world({}, () => 503);
    const bot = await control.createAccount({ platform: 'telegram', username: 'uji_bot', webhook: true });
    const inj = await control.inject({ platform: 'telegram', type: 'message', accountId: bot.id, text: 'x' });
    await control.drainWebhooks(5000);
    const d = await control.delivery(inj.deliveries[0]!);
    expect(d.status).toBe('abandoned');
    expect(d.attempts).toHaveLength(4);
    const info = await fetch(`${control.baseUrl}/telegram/bot${bot.credentials.accessToken}/getWebhookInfo`).then((r) => r.json());
    expect(info.result.last_error_message).toBe('Wrong response from the webhook: 503 Service Unavailable');
    expect((await control.webhookStats()).abandoned).toBe(1);
  });

  it('treats a timeout and a dropped connection as failures and retries', async () => {
    const { recv, control } = await world({ webhooks: { timeoutMs: 100 } }, (_r, i) => (i === 0 ? 'hang' : i === 1 ? 'drop' : 200));
    const acc = await control.createAccount({ platform: 'tiktok', username: 'uji' });
    const inj = await control.inject({ platform: 'tiktok', type: 'authorization_removed', accountId: acc.id });
    await control.drainWebhooks(5000);
    const d = await control.delivery(inj.deliveries[0]!);
    expect(d.status).toBe('delivered');
    expect(d.attempts[0]!.error).toContain('timeout');
    expect(d.attempts[1]!.error).toBeTruthy();
    expect(recv.posts('tiktok')).toHaveLength(3);
  });

  it('can deliver duplicates (at-least-once) and bounds the queue', async () => {
    const { recv, control } = await world({ webhooks: { duplicateRate: 1 } });
    const page = await control.createAccount({ platform: 'facebook', name: 'Dinas Uji' });
    await control.inject({ platform: 'facebook', type: 'comment', accountId: page.id, text: 'dup' });
    await control.drainWebhooks(5000);
    const posts = recv.posts('facebook');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.raw.equals(posts[1]!.raw)).toBe(true);
    const dup = (await control.deliveries({ platform: 'facebook' })).find((d) => d.duplicateOf);
    expect(dup).toBeTruthy();

    await control.patchConfig({ webhooks: { duplicateRate: 0, maxQueue: 2, concurrency: 1 } });
    recv.respond = () => ({ status: 200, delayMs: 150 });
    for (let i = 0; i < 6; i++) await control.inject({ platform: 'facebook', type: 'comment', accountId: page.id, text: `q${i}` });
    const dropped = await control.deliveries({ platform: 'facebook', status: 'dropped' });
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped[0]!.reason).toBe('delivery queue full');
  });

  it('never sends to non-loopback targets unless allowed', async () => {
    const { control } = await world();
    await control.setWebhookTarget('http://10.255.255.1:9');
    const page = await control.createAccount({ platform: 'facebook', name: 'Dinas Uji' });
    const inj = await control.inject({ platform: 'facebook', type: 'comment', accountId: page.id, text: 'x' });
    const d = await control.delivery(inj.deliveries[0]!);
    expect(d.status).toBe('dropped');
    expect(d.reason).toContain('loopback');
  });

  it('batches Meta events inside the batching window', async () => {
    const { recv, control } = await world({ webhooks: { batchWindowMs: 50 } });
    const page = await control.createAccount({ platform: 'facebook', name: 'Dinas Uji' });
    for (let i = 0; i < 3; i++) await control.inject({ platform: 'facebook', type: 'comment', accountId: page.id, text: `b${i}` });
    await control.drainWebhooks(3000);
    expect(recv.posts('facebook')).toHaveLength(1);
    expect((recv.posts('facebook')[0]!.json as any).entry).toHaveLength(3);
  });

  it('unsubscribes the app from the Page when Messenger deliveries keep failing', async () => {
    const { f, control } = await world({ metaUnsubscribeAfterMs: 30 }, () => 500);
    const page = await control.createAccount({ platform: 'facebook', name: 'Dinas Uji' });
    await control.inject({ platform: 'facebook', type: 'message', accountId: page.id, text: 'x' });
    await control.drainWebhooks(3000);
    const apps = await graph(f.url, 'GET', `/${page.id}/subscribed_apps`, { access_token: page.credentials.accessToken });
    expect(apps.body.data).toEqual([]);
  });
});

describe('handshakes the platforms initiate', () => {
  it('Meta: POST /{app-id}/subscriptions sends the hub.challenge GET first', async () => {
    const { f, recv } = await world();
    const appToken = '900000000000001|fake-meta-app-secret';
    const ok = await graph(f.url, 'POST', '/900000000000001/subscriptions', { object: 'page', callback_url: `${recv.url}/webhooks/facebook`, verify_token: 'fake-meta-verify-token', fields: 'feed,messages', access_token: appToken });
    expect(ok.body).toEqual({ success: true });
    const get = recv.received.find((r) => r.method === 'GET')!;
    expect(get.query.get('hub.mode')).toBe('subscribe');
    expect(get.query.get('hub.challenge')).toMatch(/^\d+$/);
    const bad = await graph(f.url, 'POST', '/900000000000001/subscriptions', { object: 'page', callback_url: `${recv.url}/webhooks/facebook`, verify_token: 'wrong', fields: 'feed', access_token: appToken });
    expect(bad.body.error.code).toBe(2200);
    const list = await graph(f.url, 'GET', '/900000000000001/subscriptions', { access_token: appToken });
    expect(list.body.data.find((s: { object: string }) => s.object === 'page')).toMatchObject({ callback_url: `${recv.url}/webhooks/facebook`, active: true });
    const userToken = await graph(f.url, 'POST', '/900000000000001/subscriptions', { object: 'page', callback_url: 'x', verify_token: 'y', access_token: 'EAAx' });
    expect(userToken.body.error.code).toBe(190);
  });

  it('X: POST /2/webhooks runs the CRC check; control API can re-run it', async () => {
    const { f, recv, control } = await world();
    const res = await fetch(`${f.url}/2/webhooks`, { method: 'POST', headers: { authorization: 'Bearer fake-x-app-bearer-token', 'content-type': 'application/json' }, body: JSON.stringify({ url: `${recv.url}/webhooks/x` }) });
    const body = await res.json();
    expect(body.data).toMatchObject({ url: `${recv.url}/webhooks/x`, valid: true });
    expect(recv.received.some((r) => r.method === 'GET' && r.query.has('crc_token'))).toBe(true);
    const again = await control.verifyWebhooks('x');
    expect(again.results.length).toBe(1);
    expect(again.results.every((r) => r.ok)).toBe(true);
    const meta = await control.verifyWebhooks('facebook');
    expect(meta.results[0]).toMatchObject({ ok: true, status: 200 });
  });
});
