import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { youtube } from './index.ts';
import { msUntilPacificMidnight, pacificDay, youtubeQuota } from './client.ts';
import { uploadOptions } from './upload.ts';
import { pollOptions } from './poll.ts';
import { ConnectorError } from '../types.ts';
import type { ConnectorContext, Credentials, HttpRequest } from '../types.ts';
import { withRetries, DEFAULT_RETRY } from '../http.ts';
import { authContext } from '../context.ts';
import type { AccountInfo } from '../../../../../fakes/control-client.ts';
import { bytes, ctxFor, followAuthorize, pkce, recordingSleep, startKit, startMediaServer } from './testkit.ts';
import type { Kit, MediaServer } from './testkit.ts';

let kit: Kit;
let media: MediaServer;
let acc: AccountInfo;
let videoId: string;
const c = youtube.connector;

const failure = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
};

/** ctx.http wrapped to act on the upload's chunk PUTs */
function onChunkPut(ctx: ConnectorContext, fn: (req: HttpRequest, n: number, send: () => ReturnType<ConnectorContext['http']>) => ReturnType<ConnectorContext['http']>, stats = { statusQueries: 0 }): ConnectorContext {
  const real = ctx.http;
  let n = 0;
  return {
    ...ctx,
    http: (req) => {
      const range = req.headers?.['content-range'];
      if (req.method === 'PUT' && range?.startsWith('bytes */')) stats.statusQueries++;
      if (req.method === 'PUT' && range && !range.startsWith('bytes */')) return fn(req, ++n, () => real(req));
      return real(req);
    },
  };
}

beforeAll(async () => {
  kit = await startKit();
  media = await startMediaServer();
  media.files.set('sosialisasi.mp4', { bytes: bytes(600_000, 3), type: 'video/mp4' });
  media.files.set('tanpa-panjang.mp4', { bytes: bytes(300_000, 4), type: 'video/mp4', chunked: true });
  acc = await kit.control.createAccount({ platform: 'youtube', title: 'Dinas Kesehatan Sumbar', handle: 'dinkessumbar', seedVideos: ['Profil Dinkes'] });
  videoId = (acc.extra.videoIds as string[])[0]!;
  uploadOptions.chunkBytes = 256 * 1024;
});
afterEach(async () => {
  await kit.control.clearFaults();
});
afterAll(async () => {
  await kit.close();
  await media.close();
});

describe('YouTube connector', () => {
  it('uploads a video through a chunked resumable session, with and without a known size', async () => {
    const ctx = ctxFor(kit, 'youtube', acc);
    const r = await c.publish(ctx, { idempotencyKey: 'v1', title: 'Sosialisasi Germas', text: 'Gerakan masyarakat hidup sehat.\nInfo lengkap di kanal ini.', media: [{ kind: 'video', url: `${media.url}/sosialisasi.mp4` }] });
    expect(r.permalink).toBe(`https://www.youtube.com/watch?v=${r.externalId}`);
    const rec = (await kit.control.records({ platform: 'youtube', kind: 'post', accountId: acc.id })).find((x) => x.objectId === r.externalId)!;
    expect(rec).toMatchObject({ text: 'Sosialisasi Germas', data: { bytes: 600_000, description: 'Gerakan masyarakat hidup sehat.\nInfo lengkap di kanal ini.' } });
    const puts = (await kit.control.requests({ platform: 'youtube' })).filter((q) => q.method === 'PUT' && q.path.includes('/upload/'));
    expect(puts.length).toBeGreaterThanOrEqual(3); // 256 KiB + 256 KiB + the rest

    const s = await c.publish(ctx, { idempotencyKey: 'v2', text: 'Video pendek tanpa Content-Length', media: [{ kind: 'video', url: `${media.url}/tanpa-panjang.mp4` }], reel: true });
    expect(s.permalink).toBe(`https://www.youtube.com/shorts/${s.externalId}`);
    expect((await kit.control.records({ platform: 'youtube', kind: 'post' })).find((x) => x.objectId === s.externalId)).toMatchObject({ text: 'Video pendek tanpa Content-Length', data: { bytes: 300_000 } });
    expect((await failure(c.publish(ctx, { idempotencyKey: 'v3', text: 'hanya teks' }))).kind).toBe('unsupported');
  });

  it('resumes after a dropped chunk and after a lost answer to the last chunk, creating one video', async () => {
    const ctx = ctxFor(kit, 'youtube', acc);
    const before = (await kit.control.records({ platform: 'youtube', kind: 'post' })).length;
    // the fake drops the connection of the second chunk before reading it: the session is asked, the chunk resent
    const dropStats = { statusQueries: 0 };
    const sentRanges: string[] = [];
    const dropping = onChunkPut(ctx, (req, n, send) => {
      sentRanges.push(req.headers!['content-range']!);
      if (n === 2) kit.fakes.state.config.faults = { platforms: { youtube: { failNext: { count: 1, kind: 'drop' }, pathPattern: '/upload/youtube/v3/videos$' } } };
      return send();
    }, dropStats);
    const a = await c.publish(dropping, { idempotencyKey: 'v4', title: 'Dengan putus koneksi', text: 'x', media: [{ kind: 'video', url: `${media.url}/sosialisasi.mp4` }] });
    // the last chunk arrives but its answer is lost: the status query finds the finished video
    expect(dropStats.statusQueries).toBe(1);
    expect(sentRanges).toEqual(['bytes 0-262143/600000', 'bytes 262144-524287/600000', 'bytes 262144-524287/600000', 'bytes 524288-599999/600000']);
    const loseStats = { statusQueries: 0 };
    const losing = onChunkPut(ctx, async (_req, n, send) => {
      const res = await send();
      if (n === 3) throw new ConnectorError('transient', 'youtube', 'PUT /upload: ECONNRESET');
      return res;
    }, loseStats);
    const b = await c.publish(losing, { idempotencyKey: 'v5', title: 'Jawaban hilang', text: 'y', media: [{ kind: 'video', url: `${media.url}/sosialisasi.mp4` }] });
    expect(loseStats.statusQueries).toBe(1);
    const posts = await kit.control.records({ platform: 'youtube', kind: 'post' });
    expect(posts.length).toBe(before + 2);
    expect(posts.filter((p) => p.objectId === a.externalId || p.objectId === b.externalId).map((p) => p.data.bytes)).toEqual([600_000, 600_000]);
  });

  it('replies, comments on a video, moderates, deletes only its own comments, reads statistics', async () => {
    const ctx = ctxFor(kit, 'youtube', acc);
    const cm = await kit.control.inject({ platform: 'youtube', type: 'comment', accountId: acc.id, videoId, text: 'puskesmas tutup jam 12 min', from: { key: 'yt-a', name: 'Warga A' } });
    const reply = await c.replyPublic(ctx, { target: { externalId: cm.ids.commentId!, parentId: videoId }, text: 'Terima kasih, kami cek ke puskesmas.' });
    const top = await c.replyPublic(ctx, { target: { externalId: videoId }, text: 'Jadwal layanan ada di deskripsi.' });
    const citizenReply = await kit.control.inject({ platform: 'youtube', type: 'comment', accountId: acc.id, parentId: cm.ids.commentId!, text: 'masih tutup pak', from: { key: 'yt-a' } });
    const again = await c.replyPublic(ctx, { target: { externalId: citizenReply.ids.commentId! }, text: 'Sudah kami teruskan.' });
    const recs = await kit.control.records({ platform: 'youtube', kind: 'comment_reply', accountId: acc.id });
    expect(recs.find((r) => r.objectId === reply.externalId)).toMatchObject({ targetId: cm.ids.commentId });
    expect(recs.find((r) => r.objectId === top.externalId)).toMatchObject({ targetId: videoId, data: { topLevel: true } });
    expect(recs.find((r) => r.objectId === again.externalId)).toMatchObject({ targetId: cm.ids.commentId });

    const spam = await kit.control.inject({ platform: 'youtube', type: 'comment', accountId: acc.id, videoId, text: 'BUNDOGACOR link di bio', from: { key: 'yt-spam' } });
    await c.setHidden(ctx, spam.ids.commentId!, true);
    await c.setHidden(ctx, spam.ids.commentId!, false);
    const mod = await kit.control.records({ platform: 'youtube', accountId: acc.id });
    expect(mod.filter((r) => r.targetId === spam.ids.commentId).map((r) => [r.kind, r.data.moderationStatus])).toEqual([['comment_moderated', 'heldForReview'], ['comment_unhidden', 'published']]);
    const notOwn = await failure(c.deleteComment(ctx, spam.ids.commentId!));
    expect(notOwn).toMatchObject({ kind: 'permanent', status: 403 });
    await c.deleteComment(ctx, reply.externalId);
    expect((await kit.control.records({ platform: 'youtube', kind: 'comment_deleted' })).map((r) => r.targetId)).toContain(reply.externalId);
    expect((await failure(c.replyPrivate(ctx, { target: { externalId: 'x' }, text: 'y' }))).kind).toBe('unsupported');

    const ins = await c.insights(ctx, videoId);
    expect(ins).toMatchObject({ reach: null, impressions: expect.any(Number), engagement: expect.any(Number) });

    await kit.control.setYoutubeVideo(videoId, { commentsDisabled: true });
    expect((await failure(c.replyPublic(ctx, { target: { externalId: videoId }, text: 'tidak bisa' }))).message).toMatch(/dinonaktifkan/);
    await kit.control.setYoutubeVideo(videoId, { commentsDisabled: false });
  });

  it('polls comments and replies with a continuing cursor and stable dedupe keys', async () => {
    const ch = await kit.control.createAccount({ platform: 'youtube', title: 'Dinas PUPR', handle: 'puprsumbar', seedVideos: ['Jalan provinsi', 'Jembatan'] });
    const [v1, v2] = ch.extra.videoIds as string[];
    const ctx = ctxFor(kit, 'youtube', ch);
    const a = await kit.control.inject({ platform: 'youtube', type: 'comment', accountId: ch.id, videoId: v1!, text: 'jalan berlubang di Sitinjau', from: { key: 'p1' } });
    await new Promise((r) => setTimeout(r, 2));
    const b = await kit.control.inject({ platform: 'youtube', type: 'comment', accountId: ch.id, videoId: v2!, text: 'kapan diperbaiki?', from: { key: 'p2' } });
    const p1 = await c.poll!(ctx, null);
    expect(p1.events.map((e) => e.dedupeKey)).toEqual([`comment:${a.ids.commentId}`, `comment:${b.ids.commentId}`]);
    expect(p1.events[0]).toMatchObject({ kind: 'comment', externalAccountId: ch.id, unknown: false, payload: { id: a.ids.commentId, snippet: { textOriginal: 'jalan berlubang di Sitinjau', videoId: v1 } } });

    // nothing new: nothing returned
    const p2 = await c.poll!(ctx, p1.cursor);
    expect(p2.events).toEqual([]);

    // a new comment, a citizen's reply on an older thread, and our own reply (not an inbound event)
    await c.replyPublic(ctx, { target: { externalId: a.ids.commentId! }, text: 'Sudah dijadwalkan.' });
    await new Promise((r) => setTimeout(r, 2));
    const r1 = await kit.control.inject({ platform: 'youtube', type: 'comment', accountId: ch.id, parentId: a.ids.commentId!, text: 'tanggal berapa?', from: { key: 'p1' } });
    await new Promise((r) => setTimeout(r, 2));
    const d = await kit.control.inject({ platform: 'youtube', type: 'comment', accountId: ch.id, videoId: v2!, text: 'lampu jalan mati', from: { key: 'p3' } });
    const p3 = await c.poll!(ctx, p2.cursor);
    expect(p3.events.map((e) => e.dedupeKey)).toEqual([`comment:${r1.ids.commentId}`, `comment:${d.ids.commentId}`]);
    expect(p3.events[0]!.payload).toMatchObject({ snippet: { parentId: a.ids.commentId } });
    expect((await c.poll!(ctx, p3.cursor)).events).toEqual([]);

    // more new threads than one page: paged with pageToken
    pollOptions.pageSize = 10;
    try {
      const ids: string[] = [];
      for (let i = 0; i < 23; i++) ids.push((await kit.control.inject({ platform: 'youtube', type: 'comment', accountId: ch.id, videoId: v1!, text: `aduan ${i}`, from: { key: `pp${i}` } })).ids.commentId!);
      const p4 = await c.poll!(ctx, p3.cursor);
      expect(new Set(p4.events.map((e) => e.dedupeKey))).toEqual(new Set(ids.map((id) => `comment:${id}`)));
      expect((await c.poll!(ctx, p4.cursor)).events).toEqual([]);
    } finally {
      pollOptions.pageSize = 100;
    }
  });

  it('finds a published video through the uploads playlist (not served by the fake)', async () => {
    // The fake implements no playlistItems.list (nor search.list): the lookup fails loudly instead
    // of answering "not published", which would invite a duplicate upload.
    const err = await failure(c.findPublished!(ctxFor(kit, 'youtube', acc), { idempotencyKey: 'v1', title: 'Sosialisasi Germas', text: 'x' }, new Date()));
    expect(err).toMatchObject({ kind: 'permanent', status: 404 });
  });

  it('maps expired and revoked tokens to auth and refreshes an expired token, saving it', async () => {
    const expired = await kit.control.issueToken({ platform: 'youtube', accountId: acc.id });
    await kit.control.expireToken(expired.token);
    const noRefresh = ctxFor(kit, 'youtube', acc, { credentials: { accessToken: expired.token, refreshToken: null, expiresAt: new Date(Date.now() - 1000) } });
    expect((await failure(c.insights(noRefresh, videoId))).kind).toBe('auth');
    expect(await c.checkToken(noRefresh)).toMatchObject({ valid: false, reason: 'expired' });
    expect(await c.checkToken(ctxFor(kit, 'youtube', acc))).toMatchObject({ valid: true, scopes: expect.arrayContaining(['https://www.googleapis.com/auth/youtube.upload']) });

    const saved: Credentials[] = [];
    const ctx = ctxFor(kit, 'youtube', acc, { credentials: { accessToken: expired.token, expiresAt: new Date(Date.now() + 3_600_000) }, saved });
    expect((await c.insights(ctx, videoId)).impressions).toEqual(expect.any(Number)); // 401 → refresh → retry
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ refreshToken: acc.credentials.refreshToken });
    expect(saved[0]!.accessToken).not.toBe(expired.token);
    expect(ctx.credentials.accessToken).toBe(saved[0]!.accessToken);

    const other = await kit.control.createAccount({ platform: 'youtube', title: 'Dinas Dicabut', handle: 'dicabut' });
    // revoking the access token revokes its refresh token too (the grant), as Google's revoke does
    await kit.control.revokeToken(other.credentials.accessToken);
    const rctx = ctxFor(kit, 'youtube', other, { saved: [] });
    const rev = await failure(youtube.auth.refresh!(rctx));
    expect(rev).toMatchObject({ kind: 'auth', platformCode: 'invalid_grant' });
    expect(await c.checkToken(rctx)).toMatchObject({ valid: false, reason: 'revoked' });
  });

  it('retries a 503 and a 429, reports a dropped comment insert as ambiguous', async () => {
    const ctx = ctxFor(kit, 'youtube', acc);
    await kit.control.setFaults({ platforms: { youtube: { failNext: { count: 1, kind: '5xx' }, pathPattern: '/youtube/v3/videos$' } } });
    const r5 = recordingSleep();
    await withRetries(() => c.insights(ctx, videoId), DEFAULT_RETRY, r5.sleep);
    expect(r5.waits).toHaveLength(1);
    await kit.control.setFaults({ platforms: { youtube: { failNext: { count: 1, kind: '429' }, pathPattern: '/youtube/v3/videos$' } } });
    const r429 = recordingSleep();
    await withRetries(() => c.insights(ctx, videoId), DEFAULT_RETRY, r429.sleep);
    expect(r429.waits).toHaveLength(1);
    await kit.control.setFaults({ platforms: { youtube: { failNext: { count: 1, kind: 'drop' }, pathPattern: '/youtube/v3/commentThreads$' } } });
    const amb = await failure(withRetries(() => c.replyPublic(ctx, { target: { externalId: videoId }, text: 'mungkin terkirim' }), DEFAULT_RETRY, recordingSleep().sleep));
    expect(amb.kind).toBe('ambiguous');
  });

  it('runs the Google OAuth flow (PKCE, offline access) against the fake', async () => {
    const { verifier, challenge } = pkce();
    const redirectUri = 'http://127.0.0.1:9/oauth/callback/youtube';
    const url = youtube.auth.authorizeUrl!(kit.settings, { state: 'yt-state', redirectUri, codeChallenge: challenge });
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe(`${kit.settings.hosts.googleAccounts}/o/oauth2/v2/auth`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({ access_type: 'offline', prompt: 'consent', code_challenge_method: 'S256', code_challenge: challenge });
    await kit.control.nextOAuthLogin('youtube', acc.id);
    const q = await followAuthorize(url);
    expect(q.get('state')).toBe('yt-state');
    const [cand] = await youtube.auth.exchangeCode!(authContext('youtube', kit.settings), { code: q.get('code')!, redirectUri, codeVerifier: verifier });
    expect(cand).toMatchObject({ externalId: acc.id, name: 'Dinas Kesehatan Sumbar', handle: '@dinkessumbar', extra: { uploadsPlaylistId: `UU${acc.id.slice(2)}` } });
    expect(cand!.credentials.refreshToken).toBeTruthy();
    expect(cand!.scopes).toEqual(expect.arrayContaining(['https://www.googleapis.com/auth/youtube.force-ssl']));
  });

  it('on quotaExceeded waits until midnight Pacific time, then succeeds', async () => {
    // a project of its own, so that its quota can be used up
    await kit.control.createApp({ platform: 'youtube', clientId: 'quota-test.apps.googleusercontent.com', clientSecret: 'quota-secret' });
    const ch = await kit.control.createAccount({ platform: 'youtube', title: 'Dinas Kuota', handle: 'kuota', clientId: 'quota-test.apps.googleusercontent.com' });
    const vid = (ch.extra.videoIds as string[])[0]!;
    let offset = 0;
    const now = () => new Date(Date.now() + offset);
    const base = ctxFor(kit, 'youtube', ch, { now });
    const ctx: ConnectorContext = { ...base, settings: { ...kit.settings, apps: { ...kit.settings.apps, google: { clientId: 'quota-test.apps.googleusercontent.com', clientSecret: 'quota-secret' } } } };
    await kit.control.patchConfig({ limits: { youtube: { dailyUnits: 2 } } });
    try {
      await c.insights(ctx, vid);
      await c.insights(ctx, vid);
      const waits: number[] = [];
      const sleep = async (ms: number) => {
        waits.push(ms);
        offset += ms;
        kit.fakes.state.clock.advance(ms);
      };
      const expected = msUntilPacificMidnight(now());
      const dayBefore = pacificDay(now());
      const res = await withRetries(() => c.insights(ctx, vid), { ...DEFAULT_RETRY, maxInlineWaitMs: 86_400_000 }, sleep);
      expect(res.impressions).toEqual(expect.any(Number));
      expect(waits).toHaveLength(1);
      expect(Math.abs(waits[0]! - expected)).toBeLessThan(2_000);
      expect(pacificDay(now())).not.toBe(dayBefore);
      expect(youtubeQuota.usage('quota-test.apps.googleusercontent.com', now()).units).toBe(1);
    } finally {
      await kit.control.patchConfig({ limits: { youtube: { dailyUnits: 10_000 } } });
      kit.fakes.state.clock.offsetMs = 0;
    }
  });
});
