import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { eventually, orgId } from '../../../test/helpers/factories.ts';
import { telegramSecretHash } from './webhooks/signatures.ts';

let app: TestApp;
let dinkes: string;
beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  dinkes = await orgId(app.db.db, 'DINKES');
  await app.db.db
    .insertInto('channel_account')
    .values([
      { org_id: dinkes, platform: 'facebook', external_id: 'PAGE_DINKES', name: 'Dinkes Sumbar' },
      { org_id: dinkes, platform: 'telegram', external_id: '7001', name: 'dinkes_bot', webhook_secret_hash: telegramSecretHash('rahasia-telegram-dinkes') },
    ])
    .execute();
});
afterAll(async () => {
  await app?.close();
});

const apps = () => app.running.platforms.apps;
const metaSign = (body: string, secret = apps().meta.appSecret) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function post(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, text: await res.text() };
}

async function count(where: { platform?: string; key?: string } = {}) {
  let q = app.db.db.selectFrom('inbound_event').select(app.db.db.fn.countAll<string>().as('n'));
  if (where.platform) q = q.where('platform', '=', where.platform);
  if (where.key) q = q.where('dedupe_key', '=', where.key);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const fbComment = (commentId: string, message = 'Jalan ke puskesmas rusak parah min') =>
  JSON.stringify({
    object: 'page',
    entry: [
      {
        id: 'PAGE_DINKES',
        time: 1764280000,
        changes: [{ field: 'feed', value: { from: { id: '991', name: 'Warga' }, post_id: 'PAGE_DINKES_1', comment_id: commentId, message, created_time: 1764279999, item: 'comment', verb: 'add' } }],
      },
    ],
  });

describe('Meta webhooks', () => {
  it('answers the subscription handshake with the challenge, or 403 for a wrong token', async () => {
    const ok = await fetch(`${app.url}/webhooks/facebook?hub.mode=subscribe&hub.verify_token=${apps().meta.verifyToken}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${app.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=salah&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it('stores a signed comment exactly once, linked to the OPD that connected the Page; a replay is acknowledged', async () => {
    const body = fbComment('PAGE_DINKES_1_c1');
    const r1 = await post('/webhooks/facebook', body, { 'x-hub-signature-256': metaSign(body) });
    expect(r1.status).toBe(200);
    const r2 = await post('/webhooks/facebook', body, { 'x-hub-signature-256': metaSign(body) });
    expect(r2.status).toBe(200);
    const rows = await app.db.db.selectFrom('inbound_event').selectAll().where('dedupe_key', '=', 'feed:comment:PAGE_DINKES_1_c1:add').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ platform: 'facebook', org_id: dinkes, kind: 'feed.comment.add', status: 'pending', unknown: false });
    expect((rows[0]!.payload as { value: { message: string } }).value.message).toBe('Jalan ke puskesmas rusak parah min');
    await eventually(async () => {
      const job = await app.db.pool.query(`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'inbound_process'`);
      return job.rows[0].n === 1;
    }, 5000);
  });

  it('refuses a forged or missing signature with 401 and stores nothing', async () => {
    const body = fbComment('PAGE_DINKES_1_forged');
    const before = await count();
    expect((await post('/webhooks/facebook', body, { 'x-hub-signature-256': metaSign(body, 'bukan-rahasia') })).status).toBe(401);
    expect((await post('/webhooks/facebook', body, {})).status).toBe(401);
    const tampered = await post('/webhooks/facebook', body.replace('rusak', 'bagus'), { 'x-hub-signature-256': metaSign(body) });
    expect(tampered.status).toBe(401);
    expect(await count()).toBe(before);
  });

  it('splits a WhatsApp delivery into messages and statuses; an unknown shape is stored raw and flagged', async () => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA_1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '6281100000001', phone_number_id: 'PN_1' },
                contacts: [{ profile: { name: 'Ani' }, wa_id: '6281234567890' }],
                messages: [{ from: '6281234567890', id: 'wamid.A1', timestamp: '1764280000', type: 'text', text: { body: 'Ambo nio malapor' } }],
                statuses: [{ id: 'wamid.OUT1', status: 'delivered', timestamp: '1764280001', recipient_id: '6281234567890' }],
              },
            },
            { field: 'account_alerts', value: { x: 1 } },
          ],
        },
      ],
    });
    expect((await post('/webhooks/whatsapp', body, { 'x-hub-signature-256': metaSign(body) })).status).toBe(200);
    expect(await count({ platform: 'whatsapp', key: 'msg:wamid.A1' })).toBe(1);
    expect(await count({ platform: 'whatsapp', key: 'status:wamid.OUT1:delivered' })).toBe(1);
    const unknown = await app.db.db.selectFrom('inbound_event').selectAll().where('platform', '=', 'whatsapp').where('unknown', '=', true).execute();
    expect(unknown).toHaveLength(1);
  });

  it('refuses oversized and malformed bodies without storing anything', async () => {
    const before = await count();
    const huge = JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(4 * 1024 * 1024 + 10) });
    expect((await post('/webhooks/facebook', huge, { 'x-hub-signature-256': metaSign(huge) })).status).toBe(413);
    const broken = '{"object":"page","entry":[';
    const r = await post('/webhooks/facebook', broken, { 'x-hub-signature-256': metaSign(broken) });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).code).toBe('webhook_body_invalid');
    const notObject = '[1,2,3]';
    expect((await post('/webhooks/facebook', notObject, { 'x-hub-signature-256': metaSign(notObject) })).status).toBe(400);
    expect(await count()).toBe(before);
  });
});

describe('X, Telegram and TikTok webhooks', () => {
  it('X: answers the CRC challenge and verifies the body signature', async () => {
    const crc = await (await fetch(`${app.url}/webhooks/x?crc_token=abc123`)).json();
    expect(crc.response_token).toBe(`sha256=${createHmac('sha256', apps().x.consumerSecret).update('abc123').digest('base64')}`);
    const body = JSON.stringify({ for_user_id: '44', tweet_create_events: [{ id_str: '1800000000000000001', text: '@dishub_sumbar lampu jalan mati', user: { id_str: '9' } }] });
    const sig = `sha256=${createHmac('sha256', apps().x.consumerSecret).update(body).digest('base64')}`;
    expect((await post('/webhooks/x', body, { 'x-twitter-webhooks-signature': sig })).status).toBe(200);
    expect((await post('/webhooks/x', body, { 'x-twitter-webhooks-signature': 'sha256=AAAA' })).status).toBe(401);
    expect(await count({ platform: 'x', key: 'tweet_create_events:1800000000000000001' })).toBe(1);
  });

  it('Telegram: the secret header identifies the bot; an unknown secret stores nothing', async () => {
    const body = JSON.stringify({ update_id: 815203411, message: { message_id: 55, from: { id: 111, first_name: 'Ana' }, chat: { id: 111, type: 'private' }, date: 1764280000, text: 'Halo' } });
    expect((await post('/webhooks/telegram', body, { 'x-telegram-bot-api-secret-token': 'rahasia-telegram-dinkes' })).status).toBe(200);
    expect((await post('/webhooks/telegram', body, { 'x-telegram-bot-api-secret-token': 'tebakan' })).status).toBe(401);
    const rows = await app.db.db.selectFrom('inbound_event').selectAll().where('platform', '=', 'telegram').execute();
    expect(rows.map((r) => [r.dedupe_key, r.org_id])).toEqual([['7001:815203411', dinkes]]);
  });

  it('TikTok: verifies t and s over "t.body" and refuses stale timestamps', async () => {
    const body = JSON.stringify({ client_key: apps().tiktok.clientKey, event: 'post.publish.complete', create_time: 1764280000, user_openid: 'oid_1', content: '{"publish_id":"p1"}' });
    const t = Math.floor(Date.now() / 1000);
    const sign = (ts: number) => `t=${ts},s=${createHmac('sha256', apps().tiktok.clientSecret).update(`${ts}.${body}`).digest('hex')}`;
    expect((await post('/webhooks/tiktok', body, { 'tiktok-signature': sign(t) })).status).toBe(200);
    expect((await post('/webhooks/tiktok', body, { 'tiktok-signature': sign(t - 3600) })).status).toBe(401);
    expect(await count({ platform: 'tiktok' })).toBe(1);
  });
});

describe('fuzzing the webhook intake', () => {
  it('thousands of malformed but validly signed bodies: never a 5xx, and either stored whole or not at all', async () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ object: 'page', entry: [v] })),
      fc.record({ object: fc.constantFrom('page', 'instagram', 'whatsapp_business_account', 'x'), entry: fc.array(fc.record({ id: fc.oneof(fc.string(), fc.integer()), changes: fc.array(fc.jsonValue(), { maxLength: 3 }), messaging: fc.array(fc.jsonValue(), { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 3 }) }).map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary' }),
    );
    const platforms = ['facebook', 'instagram', 'whatsapp'] as const;
    await fc.assert(
      fc.asyncProperty(jsonish, fc.constantFrom(...platforms), async (body, platform) => {
        const before = await count();
        const r = await post(`/webhooks/${platform}`, body, { 'x-hub-signature-256': metaSign(body) });
        expect(r.status, r.text).toBeLessThan(500);
        if (r.status !== 200) expect(await count()).toBe(before);
      }),
      { numRuns: 1500 },
    );
  }, 180_000);
});
