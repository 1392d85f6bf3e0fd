// The control API and the fault switches (latency, 5xx, 429 storms, timeouts, dropped connections).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { RunningFakes } from '../server.ts';
import { ControlClient, ControlError } from '../control-client.ts';
import { json, startTestFakes } from './helpers.ts';

let f: RunningFakes;
let control: ControlClient;

beforeAll(async () => {
  f = await startTestFakes();
  control = new ControlClient(f.url);
});
afterAll(async () => {
  await f.close();
});

describe('control API', () => {
  it('creates the demo world: one account per platform per OPD, with working credentials', async () => {
    const world = await control.demo({ opds: [{ code: 'DISDIK', name: 'Dinas Pendidikan' }, { code: 'BAPENDA', name: 'Badan Pendapatan Daerah' }] });
    expect(world.opds).toHaveLength(2);
    for (const o of world.opds) {
      expect(o.accounts.map((a) => a.platform).sort()).toEqual(['facebook', 'instagram', 'telegram', 'tiktok', 'whatsapp', 'x', 'youtube']);
      for (const a of o.accounts) expect(a.credentials.accessToken).toBeTruthy();
    }
    const all = await control.accounts('telegram');
    expect(all.map((a) => a.username)).toEqual(['disdik_sumbar_bot', 'bapenda_sumbar_bot']);
    const ig = world.opds[0]!.accounts.find((a) => a.platform === 'instagram')!;
    expect(ig.extra).toMatchObject({ loginType: 'facebook', pageId: world.opds[0]!.accounts.find((a) => a.platform === 'facebook')!.id });
    const content = await control.accountContent('facebook', world.opds[0]!.accounts[0]!.id);
    expect(content.length).toBeGreaterThan(0);
    const apps = await control.apps();
    expect(apps.meta.find((a) => a.default && a.kind === 'facebook')).toMatchObject({ id: '900000000000001', secret: 'fake-meta-app-secret' });
    expect(apps.x[0]).toMatchObject({ consumerSecret: 'fake-x-consumer-secret', bearerToken: 'fake-x-app-bearer-token' });
  });

  it('reports errors as JSON with a status', async () => {
    const e = await control.inject({ platform: 'facebook', type: 'comment', accountId: 'nope', text: 'x' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ControlError);
    expect((e as ControlError).status).toBe(404);
    const bad = await control.patchConfig({ nope: 1 } as never).catch((x: unknown) => x);
    expect((bad as ControlError).status).toBe(400);
  });

  it('moves the clock and resets the world (default app credentials survive)', async () => {
    const before = Date.parse((await control.clock()).now);
    const after = Date.parse((await control.advanceClock(3_600_000)).now);
    expect(after - before).toBeGreaterThanOrEqual(3_600_000);
    await control.reset();
    expect(await control.accounts()).toEqual([]);
    expect((await control.clock()).offsetMs).toBe(0);
    expect((await control.apps()).tiktok[0]!.clientSecret).toBe('fake-tiktok-client-secret');
  });

  it('routes requests sent with the real Host header to the matching fake', async () => {
    const page = await control.createAccount({ platform: 'facebook', name: 'Host Test' });
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: f.port, path: `/v23.0/${page.id}?access_token=${page.credentials.accessToken}`, headers: { host: 'graph.facebook.com' } }, (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve(b));
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toMatchObject({ id: page.id, name: 'Host Test' });
  });

  it('keeps a request log with bot tokens masked', async () => {
    const bot = await control.createAccount({ platform: 'telegram', username: 'log_bot' });
    await fetch(`${f.url}/telegram/bot${bot.credentials.accessToken}/getMe`);
    const log = await control.requests({ platform: 'telegram' });
    expect(log[log.length - 1]).toMatchObject({ method: 'GET', path: '/telegram/bot<token>/getMe', status: 200 });
  });
});

describe('fault switches', () => {
  it('adds latency', async () => {
    await control.setFaults({ platforms: { tiktok: { latencyMs: 80 } } });
    const t0 = Date.now();
    await fetch(`${f.url}/tiktok/v2/user/info/`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(75);
    await control.clearFaults();
  });

  it('answers 5xx in each platform shape', async () => {
    await control.setFaults({ global: { errorRate: 1 } });
    const bot = await control.createAccount({ platform: 'telegram', username: 'fault_bot' });
    const x = await fetch(`${f.url}/2/users/me`);
    expect(x.status).toBe(503);
    expect(await json(x)).toMatchObject({ title: 'Service Unavailable', type: 'about:blank', status: 503 });
    const tg = await fetch(`${f.url}/telegram/bot${bot.credentials.accessToken}/getMe`);
    expect(await json(tg)).toEqual({ ok: false, error_code: 502, description: 'Bad Gateway' });
    const yt = await fetch(`${f.url}/youtube/v3/channels?part=id&mine=true`);
    expect((await json(yt)).error.errors[0].reason).toBe('backendError');
    const tt = await fetch(`${f.url}/tiktok/v2/user/info/`);
    expect((await json(tt)).error.code).toBe('internal_error');
    const g = await fetch(`${f.url}/graph/v23.0/me`);
    expect((await json(g)).error).toMatchObject({ code: 2, is_transient: true });
    // the control API itself is never faulted
    expect((await control.health()).ok).toBe(true);
    await control.clearFaults();
  });

  it('runs 429 storms until a time, with the platform retry hints', async () => {
    await control.setFaults({ platforms: { x: { rateLimitUntil: Date.now() + 60_000 } } });
    const x = await fetch(`${f.url}/2/users/me`);
    expect(x.status).toBe(429);
    expect(Number(x.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(x.headers.get('x-rate-limit-remaining')).toBe('0');
    await control.clearFaults();
    expect((await fetch(`${f.url}/2/users/me`)).status).toBe(401);
  });

  it('drops connections and holds requests (timeouts), also only for matching paths', async () => {
    await control.setFaults({ platforms: { youtube: { failNext: { count: 1, kind: 'drop' } } } });
    await expect(fetch(`${f.url}/youtube/v3/channels?part=id`)).rejects.toThrow();
    expect((await fetch(`${f.url}/youtube/v3/channels?part=id`)).status).toBe(403); // the switch cleared itself
    await control.setFaults({ platforms: { youtube: { timeoutRate: 1, timeoutHoldMs: 2000, pathPattern: 'commentThreads' } } });
    await expect(fetch(`${f.url}/youtube/v3/commentThreads?part=id`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect((await fetch(`${f.url}/youtube/v3/channels?part=id`, { signal: AbortSignal.timeout(1000) })).status).toBe(403);
    await control.clearFaults();
  });
});
