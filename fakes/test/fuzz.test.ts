// Light fuzzing of the fakes' own inputs: malformed paths, parameters and bodies never crash a fake
// (no 5xx, always the platform's error shape).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RunningFakes } from '../server.ts';
import type { AccountInfo } from '../accounts.ts';
import { ControlClient } from '../control-client.ts';
import { FieldsSyntaxError, parseFields } from '../platforms/meta/fields.ts';
import { startTestFakes } from './helpers.ts';

let f: RunningFakes;
let accounts: AccountInfo[];

beforeAll(async () => {
  f = await startTestFakes();
  const world = await new ControlClient(f.url).demo({ opds: [{ code: 'DISDIK', name: 'Dinas Pendidikan' }] });
  accounts = world.opds[0]!.accounts;
});
afterAll(async () => {
  await f.close();
});

const token = (p: string) => accounts.find((a) => a.platform === p)!.credentials.accessToken;
const id = (p: string) => accounts.find((a) => a.platform === p)!.id;
const segment = fc.oneof(fc.constantFrom('feed', 'comments', 'messages', 'media', 'media_publish', 'insights', 'subscribed_apps', 'photos', 'video_reels', 'replies', 'me', 'accounts', '%zz', '..', ''), fc.string({ maxLength: 12 }));
const value = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('true', '-1', '1e309', '{"id":1}', '[]', 'null', 'a,b{c', '9'.repeat(40)));
const params = fc.dictionary(fc.constantFrom('fields', 'limit', 'after', 'before', 'message', 'recipient', 'hide', 'is_hidden', 'metric', 'creation_id', 'image_url', 'upload_phase', 'filter', 'messaging_product', 'to', 'type', 'text', 'template'), value, { maxKeys: 5 });

describe('fuzzing the fakes', () => {
  it('Graph fields parser only ever throws its syntax error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        try {
          parseFields(s);
        } catch (e) {
          expect(e).toBeInstanceOf(FieldsSyntaxError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('Graph never answers 5xx to malformed requests and always uses the error object', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'DELETE'), fc.constantFrom('facebook', 'instagram', 'whatsapp'), fc.array(segment, { maxLength: 2 }), params, fc.boolean(), async (method, platform, segs, p, asJson) => {
        const url = new URL(`${f.url}/graph/v23.0/${[id(platform), ...segs].map(encodeURIComponent).join('/')}`);
        url.searchParams.set('access_token', token(platform));
        const init: RequestInit = { method };
        if (method === 'GET' || method === 'DELETE') for (const [k, v] of Object.entries(p)) url.searchParams.set(k, v);
        else init.body = asJson ? JSON.stringify(p) : new URLSearchParams(p);
        if (asJson && method === 'POST') init.headers = { 'content-type': 'application/json' };
        const res = await fetch(url, init);
        expect(res.status).toBeLessThan(500);
        const body = (await res.json()) as { error?: { code: unknown; fbtrace_id: unknown } };
        if (res.status >= 400) expect(body.error).toMatchObject({ code: expect.any(Number), fbtrace_id: expect.any(String) });
      }),
      { numRuns: 250 },
    );
  });

  it('Telegram always answers the {ok, ...} envelope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom('sendMessage', 'sendPhoto', 'getUpdates', 'setWebhook', 'editMessageText', 'deleteMessage', 'getChat', 'getFile'), fc.string({ maxLength: 10 })), fc.dictionary(fc.constantFrom('chat_id', 'text', 'parse_mode', 'offset', 'url', 'secret_token', 'message_id', 'reply_parameters', 'photo', 'file_id'), value, { maxKeys: 4 }), async (method, p) => {
        const res = await fetch(`${f.url}/telegram/bot${token('telegram')}/${encodeURIComponent(method)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...p, timeout: 0 }) });
        expect(res.status).toBeLessThan(500);
        const body = (await res.json()) as { ok: boolean; error_code?: number; description?: string };
        expect(typeof body.ok).toBe('boolean');
        if (!body.ok) expect(body.description).toEqual(expect.any(String));
      }),
      { numRuns: 200 },
    );
    // never leave a webhook behind from the fuzzing
    await fetch(`${f.url}/telegram/bot${token('telegram')}/deleteWebhook`);
  });

  it('X, YouTube and TikTok reject garbage bodies without crashing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('x', 'youtube', 'tiktok'), fc.oneof(fc.string({ maxLength: 80 }), fc.json()), async (platform, body) => {
        const target = platform === 'x' ? '/2/tweets' : platform === 'youtube' ? '/youtube/v3/commentThreads?part=snippet' : '/tiktok/v2/post/publish/video/init/';
        const res = await fetch(`${f.url}${target}`, { method: 'POST', headers: { authorization: `Bearer ${token(platform)}`, 'content-type': 'application/json' }, body });
        expect(res.status).toBeLessThan(500);
        await res.text();
      }),
      { numRuns: 200 },
    );
  });

  it('the control API answers 4xx to malformed injections', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.record({ platform: fc.constantFrom('facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok', 'nope'), type: fc.constantFrom('comment', 'message', 'mention', 'dm', 'reply', 'block', 'x'), accountId: fc.string({ maxLength: 5 }), text: fc.string() })), async (body) => {
        const res = await fetch(`${f.url}/_fake/inject`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
        expect(res.status).toBeLessThan(500);
        await res.text();
      }),
      { numRuns: 200 },
    );
  });
});
