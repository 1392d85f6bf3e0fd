import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tiktok, publishOptions, chunkPlan, postIdFrom } from './index.ts';
import { ConnectorError } from '../types.ts';
import type { Credentials } from '../types.ts';
import { withRetries, DEFAULT_RETRY } from '../http.ts';
import { authContext } from '../context.ts';
import type { AccountInfo } from '../../../../../fakes/control-client.ts';
import { bytes, ctxFor, followAuthorize, pkce, recordingSleep, startKit, startMediaServer } from '../youtube/testkit.ts';
import type { Kit, MediaServer } from '../youtube/testkit.ts';

let kit: Kit;
let media: MediaServer;
let acc: AccountInfo;
const c = tiktok.connector;
const MB = 1_048_576;

const failure = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
};

beforeAll(async () => {
  kit = await startKit({ config: { limits: { tiktok: { init: { limit: 100, windowMs: 60_000 } } } } });
  media = await startMediaServer();
  media.files.set('video.mp4', { bytes: bytes(200_000, 5), type: 'video/mp4' });
  acc = await kit.control.createAccount({ platform: 'tiktok', username: 'bapenda_sumbar', displayName: 'Bapenda Sumbar' });
  publishOptions.pollDelaysMs = [15];
  publishOptions.maxWaitMs = 5_000;
});
afterEach(async () => {
  await kit.control.clearFaults();
});
afterAll(async () => {
  await kit.close();
  await media.close();
});

describe('TikTok connector', () => {
  it('publishes a video by PULL_FROM_URL and returns the public post id (int64 without precision loss)', async () => {
    const ctx = ctxFor(kit, 'tiktok', acc, { extra: { username: 'bapenda_sumbar' } });
    const r = await c.publish(ctx, { idempotencyKey: 'k1', text: 'Bayar pajak kendaraan bisa lewat Samsat keliling #pajak', media: [{ kind: 'video', url: `${media.url}/video.mp4` }] });
    const rec = (await kit.control.records({ platform: 'tiktok', kind: 'post', accountId: acc.id })).at(-1)!;
    expect(r.externalId).toBe(rec.objectId);
    expect(r.permalink).toBe(`https://www.tiktok.com/@bapenda_sumbar/video/${rec.objectId}`);
    expect(rec).toMatchObject({ text: 'Bayar pajak kendaraan bisa lewat Samsat keliling #pajak', data: { source: 'PULL_FROM_URL', privacyLevel: 'PUBLIC_TO_EVERYONE', videoUrl: `${media.url}/video.mp4` } });
    // with video.list: found again by caption, and metrics
    expect(await c.findPublished(ctx, { idempotencyKey: 'k1', text: 'Bayar pajak kendaraan bisa lewat Samsat keliling #pajak' }, new Date(Date.now() - 60_000))).toMatchObject({ externalId: r.externalId });
    expect(await c.insights(ctx, r.externalId)).toMatchObject({ impressions: expect.any(Number), engagement: expect.any(Number) });
    // without video.list TikTok offers no lookup: null (callers must not retry blindly)
    const narrow = ctxFor(kit, 'tiktok', acc);
    narrow.account.scopes = ['user.info.basic', 'video.publish', 'video.upload'];
    expect(await c.findPublished(narrow, { idempotencyKey: 'k1', text: 'Bayar pajak kendaraan bisa lewat Samsat keliling #pajak' }, new Date(0))).toBeNull();
    expect(await c.insights(narrow, r.externalId)).toEqual({ reach: null, impressions: null, engagement: null, raw: null });
  });

  it('falls back to FILE_UPLOAD in chunks when the media domain is not verified', async () => {
    await kit.control.patchApp('tiktok', kit.settings.apps.tiktok.clientKey, { verifiedDomains: ['dayung.sumbarprov.go.id'] });
    media.files.set('besar.mp4', { bytes: bytes(11 * MB, 9), type: 'video/mp4' });
    publishOptions.chunkBytes = 5 * MB;
    try {
      const other = await kit.control.createAccount({ platform: 'tiktok', username: 'disbud_sumbar' });
      const r = await c.publish(ctxFor(kit, 'tiktok', other), { idempotencyKey: 'k2', text: 'Festival budaya', media: [{ kind: 'video', url: `${media.url}/besar.mp4` }] });
      const rec = (await kit.control.records({ platform: 'tiktok', kind: 'post', accountId: other.id })).at(-1)!;
      expect(rec).toMatchObject({ objectId: r.externalId, data: { source: 'FILE_UPLOAD', bytes: 11 * MB } });
      const puts = (await kit.control.requests({ platform: 'tiktok' })).filter((q) => q.method === 'PUT' && q.path.startsWith('/tiktok-upload/'));
      expect(puts.map((q) => q.status)).toEqual([206, 201]); // 5 MB, then the last 6 MB
    } finally {
      await kit.control.patchApp('tiktok', kit.settings.apps.tiktok.clientKey, { verifiedDomains: [] });
      publishOptions.chunkBytes = 10 * MB;
      media.files.delete('besar.mp4');
    }
    expect(chunkPlan(3 * MB, 10 * MB)).toEqual({ chunkSize: 3 * MB, count: 1 });
    expect(chunkPlan(25 * MB, 10 * MB)).toEqual({ chunkSize: 10 * MB, count: 2 });
  });

  it('publishes photos, keeps SELF_ONLY for unaudited apps, reports FAILED, refuses what TikTok cannot do', async () => {
    const ctx = ctxFor(kit, 'tiktok', acc);
    const photos = await c.publish(ctx, { idempotencyKey: 'k3', text: 'Jadwal Samsat keliling\nminggu ini', media: [{ kind: 'image', url: `${media.url}/a.jpg` }, { kind: 'image', url: `${media.url}/b.jpg` }] });
    const rec = (await kit.control.records({ platform: 'tiktok', kind: 'post', accountId: acc.id })).find((x) => x.objectId === photos.externalId)!;
    // the first line is the photo post's title (≤ 90), the whole text its description
    expect(rec.data).toMatchObject({ mediaType: 'PHOTO', title: 'Jadwal Samsat keliling', photoUrls: [`${media.url}/a.jpg`, `${media.url}/b.jpg`] });
    expect(rec.text).toBe('Jadwal Samsat keliling\nminggu ini');

    await kit.control.createApp({ platform: 'tiktok', clientKey: 'awunaudited01', clientSecret: 'unaudited-secret', audited: false });
    const priv = await kit.control.createAccount({ platform: 'tiktok', username: 'dinas_privat', clientKey: 'awunaudited01' });
    const p = await c.publish(ctxFor(kit, 'tiktok', priv), { idempotencyKey: 'k4', text: 'Uji privat', media: [{ kind: 'video', url: `${media.url}/video.mp4` }] });
    expect(p).toEqual({ externalId: expect.stringMatching(/^v_pub_url~/), permalink: null }); // no public post id for SELF_ONLY
    expect((await kit.control.records({ platform: 'tiktok', kind: 'post', accountId: priv.id }))[0]!.data.privacyLevel).toBe('SELF_ONLY');

    const failed = await failure(c.publish(ctx, { idempotencyKey: 'k5', text: 'Berkas rusak', media: [{ kind: 'video', url: `${media.url}/fail.mp4` }] }));
    expect(failed).toMatchObject({ kind: 'permanent', platformCode: 'file_format_check_failed' });
    expect((await failure(c.publish(ctx, { idempotencyKey: 'k6', text: 'hanya teks' }))).kind).toBe('unsupported');
    for (const p2 of [c.replyPublic(ctx, { target: { externalId: '1' }, text: 'x' }), c.replyPrivate(ctx, { target: { externalId: '1' }, text: 'x' }), c.setHidden(ctx, '1', true), c.deleteComment(ctx, '1')]) {
      expect((await failure(p2)).kind).toBe('unsupported');
    }
  });

  it('waits on 429, retries a 500, reports a dropped init as ambiguous, survives a dropped status call', async () => {
    const ctx = ctxFor(kit, 'tiktok', acc);
    const input = { idempotencyKey: 'k7', text: 'Setelah batas', media: [{ kind: 'video' as const, url: `${media.url}/video.mp4` }] };
    await kit.control.setFaults({ platforms: { tiktok: { failNext: { count: 1, kind: '429' }, pathPattern: 'creator_info/query/$' } } });
    const rl = recordingSleep();
    const r = await withRetries(() => c.publish(ctx, input), DEFAULT_RETRY, rl.sleep);
    expect(r.externalId).toMatch(/^\d+$/);
    expect(rl.waits).toEqual([60_000]); // TikTok sends no Retry-After: one rate window

    await kit.control.setFaults({ platforms: { tiktok: { failNext: { count: 1, kind: '5xx' }, pathPattern: 'creator_info/query/$' } } });
    const r5 = recordingSleep();
    await withRetries(() => c.publish(ctx, { ...input, text: 'Setelah galat 500' }), DEFAULT_RETRY, r5.sleep);
    expect(r5.waits).toHaveLength(1);

    const before = (await kit.control.records({ platform: 'tiktok', kind: 'post' })).length;
    await kit.control.setFaults({ platforms: { tiktok: { failNext: { count: 1, kind: 'drop' }, pathPattern: 'video/init/$' } } });
    const amb = await failure(withRetries(() => c.publish(ctx, { ...input, text: 'Mungkin terkirim' }), DEFAULT_RETRY, recordingSleep().sleep));
    expect(amb.kind).toBe('ambiguous');

    await kit.control.setFaults({ platforms: { tiktok: { failNext: { count: 1, kind: 'drop' }, pathPattern: 'status/fetch/$' } } });
    const ok = await c.publish(ctx, { ...input, text: 'Status sempat putus' });
    expect(ok.externalId).toMatch(/^\d+$/);
    expect((await kit.control.records({ platform: 'tiktok', kind: 'post' })).length).toBe(before + 1);
  });

  it('maps expired and revoked tokens to auth and refreshes with the refresh token, saving first', async () => {
    const expired = await kit.control.issueToken({ platform: 'tiktok', accountId: acc.id });
    await kit.control.expireToken(expired.token);
    const noSave = ctxFor(kit, 'tiktok', acc, { credentials: { accessToken: expired.token, expiresAt: new Date(Date.now() - 1000) } });
    expect((await failure(c.publish(noSave, { idempotencyKey: 'k8', text: 'x', media: [{ kind: 'video', url: `${media.url}/video.mp4` }] }))).kind).toBe('auth');
    expect(await c.checkToken(noSave)).toMatchObject({ valid: false, reason: 'expired' });
    expect(await c.checkToken(ctxFor(kit, 'tiktok', acc))).toMatchObject({ valid: true });

    const saved: Credentials[] = [];
    const ctx = ctxFor(kit, 'tiktok', acc, { credentials: { accessToken: expired.token, expiresAt: new Date(Date.now() - 1000) }, saved });
    expect(await c.checkToken(ctx)).toMatchObject({ valid: true });
    expect(saved).toHaveLength(1);
    expect(saved[0]!.accessToken).not.toBe(expired.token);
    expect(saved[0]!.refreshToken).toBe(acc.credentials.refreshToken);
    expect(saved[0]!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    const gone = await kit.control.createAccount({ platform: 'tiktok', username: 'dinas_cabut' });
    await kit.control.revokeToken(gone.credentials.accessToken); // and its refresh token
    const rctx = ctxFor(kit, 'tiktok', gone, { saved: [] });
    expect(await c.checkToken(rctx)).toMatchObject({ valid: false, reason: 'revoked' });
    expect(await failure(tiktok.auth.refresh!(rctx))).toMatchObject({ kind: 'auth', platformCode: 'invalid_grant' });
  });

  it('runs the Login Kit OAuth flow against the fake', async () => {
    const { verifier, challenge } = pkce();
    const redirectUri = 'http://127.0.0.1:9/oauth/callback/tiktok';
    const url = tiktok.auth.authorizeUrl!(kit.settings, { state: 'tt-state', redirectUri, codeChallenge: challenge });
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe(`${kit.settings.hosts.tiktokWeb}/v2/auth/authorize/`);
    expect(u.searchParams.get('scope')).toBe('user.info.basic,video.publish,video.upload');
    await kit.control.nextOAuthLogin('tiktok', acc.id);
    const q = await followAuthorize(url);
    expect(q.get('state')).toBe('tt-state');
    const [cand] = await tiktok.auth.exchangeCode!(authContext('tiktok', kit.settings), { code: q.get('code')!, redirectUri, codeVerifier: verifier });
    expect(cand).toMatchObject({ externalId: acc.id, name: 'Bapenda Sumbar', scopes: ['user.info.basic', 'video.publish', 'video.upload'] });
    expect(cand!.credentials.refreshToken).toMatch(/^rft\./);
    expect(cand!.credentials.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect((await failure(tiktok.auth.exchangeCode!(authContext('tiktok', kit.settings), { code: q.get('code')!, redirectUri, codeVerifier: verifier }))).kind).toBe('permanent');
  });

  it('reads int64 post ids from the raw status text', () => {
    expect(postIdFrom('{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[7400000000000104729]}}')).toBe('7400000000000104729');
    expect(postIdFrom('{"data":{"status":"PUBLISH_COMPLETE"}}')).toBeNull();
  });
});
