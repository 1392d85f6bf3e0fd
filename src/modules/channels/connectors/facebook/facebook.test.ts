// Facebook Page connector against the Graph fake (real HTTP, appsecret_proof required).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInfo } from '../../../../../fakes/control-client.ts';
import { DEFAULT_APPS } from '../../../../../fakes/server.ts';
import { authContext, connectorContext } from '../context.ts';
import { GraphApiError, graphUsageFor } from '../graph.ts';
import { withRetries, DEFAULT_RETRY } from '../http.ts';
import { ConnectorError, type PublishInput } from '../types.ts';
import { facebook } from './index.ts';
import { clockSleep, startMetaKit, wait, type MetaKit } from './testkit.ts';

let kit: MetaKit;
let page: AccountInfo;
const c = facebook.connector;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const input = (text: string, extra: Partial<PublishInput> = {}): PublishInput => ({ idempotencyKey: `k-${text}`, text, ...extra });
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
  page = await kit.control.createAccount({ platform: 'facebook', name: 'Dinas Pendidikan', username: 'disdiksumbar' });
});
afterAll(async () => {
  await kit.close();
});

describe('publishing', () => {
  it('publishes text, link, one photo, several photos, a video and a reel; the fake records each', async () => {
    const since = await kit.lastSeq();
    const ctx = kit.ctx(page);
    const text = await c.publish(ctx, input('Pendaftaran SPMB SMA dibuka 1 Juni.'));
    expect(text.externalId).toMatch(new RegExp(`^${page.id}_\\d+$`));
    expect(text.permalink).toMatch(/^https:\/\/www\.facebook\.com\//);
    await c.publish(ctx, input('Jadwal lengkap di situs kami', { link: 'https://disdik.sumbarprov.go.id/spmb' }));
    const photo = await c.publish(ctx, input('Foto kegiatan', { media: [{ kind: 'image', url: 'https://cdn.example.org/a.jpg', altText: 'Siswa di kelas' }] }));
    expect(photo.externalId).toMatch(/_/);
    await c.publish(ctx, input('Dua foto', { media: [{ kind: 'image', url: 'https://cdn.example.org/b.jpg' }, { kind: 'image', url: 'https://cdn.example.org/c.jpg' }] }));
    const video = await c.publish(ctx, input('Video sosialisasi', { title: 'Sosialisasi', media: [{ kind: 'video', url: 'https://cdn.example.org/v.mp4' }] }));
    expect(video.externalId).toMatch(/_/);
    const reel = await c.publish(ctx, input('Reel SPMB', { reel: true, media: [{ kind: 'video', url: 'https://cdn.example.org/r.mp4' }] }));
    expect(reel.externalId).toMatch(new RegExp(`^${page.id}_\\d+$`));

    const posts = await kit.records({ platform: 'facebook', kind: 'post', accountId: page.id }, since);
    expect(posts.map((r) => [r.data.type, r.text])).toEqual([
      ['status', 'Pendaftaran SPMB SMA dibuka 1 Juni.'],
      ['link', 'Jadwal lengkap di situs kami'],
      ['photo', 'Foto kegiatan'],
      ['album', 'Dua foto'],
      ['video', 'Video sosialisasi'],
      ['reel', 'Reel SPMB'],
    ]);
    expect(posts[1]!.data.link).toBe('https://disdik.sumbarprov.go.id/spmb');
    expect(posts[2]!.data.url).toBe('https://cdn.example.org/a.jpg');
    expect(posts[4]!.data.fileUrl).toBe('https://cdn.example.org/v.mp4');
    expect(posts.map((p) => p.objectId)).toEqual(expect.arrayContaining([text.externalId, photo.externalId, video.externalId, reel.externalId]));
    const uploads = await kit.records({ platform: 'facebook', kind: 'media_upload', accountId: page.id }, since);
    expect(uploads.map((u) => u.data.type)).toEqual(['photo', 'photo', 'reel']);
    expect(uploads[2]!.data.fileUrl).toBe('https://cdn.example.org/r.mp4');
    // videos go to graph-video, the reel bytes to rupload
    const paths = (await kit.control.requests({ platform: 'facebook', limit: 500 })).map((r) => r.path);
    expect(paths.some((p) => /^\/graph-video\/v27\.0\/\d+\/videos$/.test(p))).toBe(true);
    expect(paths.some((p) => /^\/rupload\/video-upload\/v27\.0\/\d+$/.test(p))).toBe(true);
  });

  it('reports a duplicate post with the platform message (506), and a failed reel as permanent', async () => {
    const ctx = kit.ctx(page);
    await c.publish(ctx, input('Pengumuman libur'));
    const dup = await rejection(c.publish(ctx, input('Pengumuman libur')));
    expect(dup).toMatchObject({ kind: 'permanent', platformCode: '506', message: '(#506) Duplicate status message' });
    const bad = await rejection(c.publish(ctx, input('Reel rusak', { reel: true, media: [{ kind: 'video', url: 'https://cdn.example.org/fail.mp4' }] })));
    expect(bad.kind).toBe('permanent');
    expect(bad.message).toContain('gagal memproses media');
  });

  it('finds a published post by its exact text after `since`, and nothing otherwise', async () => {
    const ctx = kit.ctx(page);
    const since = kit.now();
    const p = await c.publish(ctx, input('Info beasiswa 2027'));
    expect(await c.findPublished(ctx, input('Info beasiswa 2027'), since)).toMatchObject({ externalId: p.externalId });
    expect(await c.findPublished(ctx, input('Info beasiswa 2028'), since)).toBeNull();
    expect(await c.findPublished(ctx, input('Info beasiswa 2027'), new Date(kit.now().getTime() + HOUR))).toBeNull();
  });
});

describe('faults', () => {
  it('an ambiguous publish (answer lost) is reconciled with findPublished: found when it happened, null when not', async () => {
    const since = kit.now();
    const ctx = kit.ctx(page, { timeoutMs: 300 });
    // the request is processed after 700 ms, the client gave up at 300 ms
    await kit.control.setFaults({ platforms: { facebook: { latencyMs: 700, pathPattern: `^/graph/v\\d+\\.0/${page.id}/feed$` } } });
    const lost = await rejection(c.publish(ctx, input('Jam layanan berubah')));
    expect(lost.kind).toBe('ambiguous');
    await kit.control.clearFaults();
    await wait(600);
    expect(await c.findPublished(ctx, input('Jam layanan berubah'), since)).not.toBeNull();

    // the request never reaches the handler
    await kit.control.setFaults({ platforms: { facebook: { failNext: { count: 1, kind: 'timeout' }, timeoutHoldMs: 1000, pathPattern: `^/graph/v\\d+\\.0/${page.id}/feed$` } } });
    const timedOut = await rejection(c.publish(ctx, input('Jam layanan kembali normal')));
    expect(timedOut.kind).toBe('ambiguous');
    await kit.control.clearFaults();
    expect(await c.findPublished(ctx, input('Jam layanan kembali normal'), since)).toBeNull();

    await kit.control.setFaults({ platforms: { facebook: { failNext: { count: 1, kind: 'drop' }, pathPattern: `^/graph/v\\d+\\.0/${page.id}/feed$` } } });
    expect((await rejection(c.publish(ctx, input('Koneksi putus')))).kind).toBe('ambiguous');
    await kit.control.clearFaults();
  });

  it('waits out a Page rate limit (80001) as long as X-Business-Use-Case-Usage asks, then succeeds', async () => {
    const p = await c.publish(kit.ctx(page), input('Unggahan untuk statistik'));
    // the Page has used its budget: the next call is refused until the window ends
    await kit.control.patchConfig({ limits: { meta: { page: { limit: 1, windowMs: 60_000 } } } });
    try {
      const s = clockSleep(kit);
      const r = await withRetries(() => c.insights(kit.ctx(page), p.externalId), DEFAULT_RETRY, s.sleep);
      expect(r.reach).toEqual(expect.any(Number));
      expect(s.waits).toEqual([60_000]); // estimated_time_to_regain_access: 1 minute
      const refused = (await kit.control.requests({ platform: 'facebook', status: 400, limit: 50 })).filter((x) => x.path.endsWith('/insights'));
      expect(refused.length).toBe(1);
    } finally {
      await kit.control.patchConfig({ limits: { meta: { page: { limit: 48_000, windowMs: DAY } } } });
    }
    expect(graphUsageFor(page.id)?.buc[0]?.type).toBe('pages');
  });

  it('waits out an app-level storm (code 4, no regain estimate) with the default wait', async () => {
    await kit.control.setFaults({ platforms: { facebook: { failNext: { count: 1, kind: '429' } } } });
    const s = clockSleep(kit);
    const r = await withRetries(() => c.checkToken(kit.ctx(page)), DEFAULT_RETRY, s.sleep);
    expect(r.valid).toBe(true);
    expect(s.waits).toEqual([60_000]);
    await kit.control.clearFaults();
  });

  it('retries a transient 5xx with backoff', async () => {
    const p = await c.publish(kit.ctx(page), input('Unggahan kedua untuk statistik'));
    await kit.control.setFaults({ platforms: { facebook: { failNext: { count: 1, kind: '5xx' }, pathPattern: '/insights$' } } });
    const waits: number[] = [];
    const r = await withRetries(() => c.insights(kit.ctx(page), p.externalId), DEFAULT_RETRY, async (ms) => void waits.push(ms));
    expect(r.impressions).toEqual(expect.any(Number));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeLessThan(DEFAULT_RETRY.baseDelayMs + 1);
    await kit.control.clearFaults();
  });
});

describe('comments and messages', () => {
  it('replies publicly, hides, unhides and deletes a comment', async () => {
    const since = await kit.lastSeq();
    const ctx = kit.ctx(page);
    const cm = await kit.control.inject({ platform: 'facebook', type: 'comment', accountId: page.id, text: 'SLOT GACOR BUNDOGACOR[.]site', from: { key: 'spam1' } });
    const q = await kit.control.inject({ platform: 'facebook', type: 'comment', accountId: page.id, text: 'Kapan pengumuman SPMB?', from: { key: 'q1' } });
    const reply = await c.replyPublic(ctx, { target: { externalId: q.ids.commentId! }, text: 'Pengumuman tanggal 20 Juni.' });
    expect(reply.externalId).toMatch(/_/);
    await c.setHidden(ctx, cm.ids.commentId!, true);
    await c.setHidden(ctx, cm.ids.commentId!, false);
    await c.setHidden(ctx, cm.ids.commentId!, true);
    await c.deleteComment(ctx, cm.ids.commentId!);
    const recs = await kit.records({ platform: 'facebook', accountId: page.id }, since);
    expect(recs.map((r) => [r.kind, r.targetId])).toEqual([
      ['comment_reply', q.ids.commentId],
      ['comment_hidden', cm.ids.commentId],
      ['comment_unhidden', cm.ids.commentId],
      ['comment_hidden', cm.ids.commentId],
      ['comment_deleted', cm.ids.commentId],
    ]);
    expect(recs[0]!.text).toBe('Pengumuman tanggal 20 Juni.');
  });

  it('replies privately to a comment once, within 7 days', async () => {
    const since = await kit.lastSeq();
    const ctx = kit.ctx(page);
    const cm = await kit.control.inject({ platform: 'facebook', type: 'comment', accountId: page.id, text: 'Nomor WA dinas berapa?', from: { key: 'pr1', name: 'Rini' } });
    const target = { externalId: cm.ids.commentId!, userId: cm.ids.fromId!, lastInboundAt: kit.now() };
    const r = await c.replyPrivate(ctx, { target, text: 'Silakan hubungi 0751-000000.' });
    expect(r.externalId).toMatch(/^m_/);
    const again = await rejection(c.replyPrivate(ctx, { target, text: 'Lagi' }));
    expect(again.kind).toBe('permanent');
    expect(again.message).toContain('sudah pernah dibalas secara pribadi');
    // older than 7 days: refused before calling the platform
    const old = await rejection(c.replyPrivate(ctx, { target: { ...target, lastInboundAt: new Date(kit.now().getTime() - 8 * DAY) }, text: 'Terlambat' }));
    expect(old.kind).toBe('permanent');
    expect(old.message).toContain('7 hari');
    const recs = await kit.records({ platform: 'facebook', kind: 'private_reply', accountId: page.id }, since);
    expect(recs.map((x) => [x.targetId, x.text])).toEqual([[cm.ids.commentId, 'Silakan hubungi 0751-000000.']]);
  });

  it('explains the 7-day rule when the platform refuses an old comment', async () => {
    const ctx = kit.ctx(page);
    const cm = await kit.control.inject({ platform: 'facebook', type: 'comment', accountId: page.id, text: 'komentar lama', from: { key: 'pr2' } });
    await kit.advance(8 * DAY);
    try {
      const e = await rejection(c.replyPrivate(ctx, { target: { externalId: cm.ids.commentId! }, text: 'Maaf terlambat' }));
      expect(e).toMatchObject({ kind: 'permanent', platformCode: '10903' });
      expect(e.message).toContain('7 hari');
    } finally {
      await kit.resetClock();
    }
  });

  it('answers a Messenger message within 24 hours and refuses after, in Indonesian', async () => {
    const since = await kit.lastSeq();
    const ctx = kit.ctx(page);
    const m = await kit.control.inject({ platform: 'facebook', type: 'message', accountId: page.id, text: 'Assalamualaikum, mau tanya beasiswa', from: { key: 'dm1' } });
    const target = { externalId: m.ids.messageId!, userId: m.ids.psid!, lastInboundAt: kit.now() };
    const ok = await c.replyPrivate(ctx, { target, text: 'Waalaikumsalam, silakan.' });
    expect(ok.externalId).toMatch(/^m_/);
    const late = await rejection(c.replyPrivate(ctx, { target: { ...target, lastInboundAt: new Date(kit.now().getTime() - 25 * HOUR) }, text: 'Halo?' }));
    expect(late.kind).toBe('permanent');
    expect(late.message).toContain('24 jam');
    const unknown = await rejection(c.replyPrivate(ctx, { target: { externalId: m.ids.messageId!, userId: m.ids.psid! }, text: 'Halo?' }));
    expect(unknown.message).toContain('24 jam');
    // the platform's own refusal (#10 / 2018278) is explained the same way
    await kit.advance(25 * HOUR);
    try {
      const platformSide = await rejection(c.replyPrivate(ctx, { target: { ...target, lastInboundAt: kit.now() }, text: 'Halo?' }));
      expect(platformSide).toMatchObject({ kind: 'permanent', platformCode: '10' });
      expect(platformSide.message).toContain('24 jam');
    } finally {
      await kit.resetClock();
    }
    const recs = await kit.records({ platform: 'facebook', kind: 'message', accountId: page.id }, since);
    expect(recs.map((x) => [x.targetId, x.text, x.data.messagingType])).toEqual([[m.ids.psid, 'Waalaikumsalam, silakan.', 'RESPONSE']]);
  });
});

describe('insights and tokens', () => {
  it('maps post insights to reach, impressions and engagement', async () => {
    const p = await c.publish(kit.ctx(page), input('Unggahan untuk insight'));
    await kit.control.inject({ platform: 'facebook', type: 'comment', accountId: page.id, postId: p.externalId, text: 'mantap', from: { key: 'i1' } });
    const r = await c.insights(kit.ctx(page), p.externalId);
    expect(r.reach).toEqual(expect.any(Number));
    expect(r.impressions).toBeGreaterThanOrEqual(r.reach!);
    expect(r.engagement).toEqual(expect.any(Number));
    expect(r.raw).toMatchObject({ data: expect.any(Array) });
  });

  it('checks tokens: valid, expired, revoked; calls with a dead token fail with auth', async () => {
    const ok = await c.checkToken(kit.ctx(page));
    expect(ok).toMatchObject({ valid: true, expiresAt: null, reason: null });
    expect(ok.scopes).toEqual(expect.arrayContaining(['pages_manage_posts', 'pages_messaging']));

    const expiring = await kit.control.issueToken({ platform: 'facebook', accountId: page.id, ttlSec: 3600 });
    await kit.control.expireToken(expiring.token);
    await wait(5);
    expect(await c.checkToken(kit.ctx(page, { token: expiring.token }))).toMatchObject({ valid: false, reason: 'expired' });
    const e1 = await rejection(c.publish(kit.ctx(page, { token: expiring.token }), input('tidak terbit')));
    expect(e1).toMatchObject({ kind: 'auth', authReason: 'expired', platformCode: '190' });
    expect(e1.message).toContain('kedaluwarsa');
    expect(e1.message).not.toContain(expiring.token);

    const revoked = await kit.control.issueToken({ platform: 'facebook', accountId: page.id });
    await kit.control.revokeToken(revoked.token, { subcode: 460 });
    expect(await c.checkToken(kit.ctx(page, { token: revoked.token }))).toMatchObject({ valid: false, reason: 'revoked' });
    const e2 = await rejection(c.insights(kit.ctx(page, { token: revoked.token }), 'x'));
    expect(e2).toBeInstanceOf(GraphApiError);
    expect(e2).toMatchObject({ kind: 'auth', authReason: 'revoked' });

    expect(await c.checkToken(kit.ctx(page, { token: 'EAAnotatoken' }))).toMatchObject({ valid: false, reason: 'invalid' });
  });
});

describe('connecting with Facebook Login', () => {
  it('runs authorize URL → auto-approved redirect → exchangeCode → one candidate per Page → afterConnect subscribes', async () => {
    const since = await kit.lastSeq();
    const redirectUri = 'http://127.0.0.1:9/oauth/callback/facebook';
    const url = facebook.auth.authorizeUrl!(kit.settings, { state: 'st4te', redirectUri, codeChallenge: 'chal' });
    const u = new URL(url);
    expect(u.pathname).toBe('/www-facebook/v27.0/dialog/oauth');
    expect(u.searchParams.get('client_id')).toBe(DEFAULT_APPS.meta.id);
    expect(u.searchParams.get('scope')).toBe('pages_show_list,pages_read_engagement,pages_manage_posts,pages_manage_engagement,pages_messaging,pages_manage_metadata');
    await kit.control.nextOAuthLogin('facebook', String(page.extra.ownerUserId));
    const dialog = await fetch(url, { redirect: 'manual' });
    expect(dialog.status).toBe(302);
    const back = new URL(dialog.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('st4te');
    const code = back.searchParams.get('code')!;

    const candidates = await facebook.auth.exchangeCode!(authContext('facebook', kit.settings), { code, redirectUri, codeVerifier: 'verifier' });
    expect(candidates).toHaveLength(1);
    const cand = candidates[0]!;
    expect(cand).toMatchObject({ externalId: page.id, name: 'Dinas Pendidikan', handle: 'disdiksumbar', credentials: { expiresAt: null, refreshToken: null } });
    expect(cand.scopes).toEqual(expect.arrayContaining(['pages_manage_posts', 'pages_manage_metadata']));
    expect(JSON.stringify(cand.extra)).not.toContain('EAA'); // no token in what is stored in clear

    const ctx = connectorContext({ settings: kit.settings, account: { id: 'new', platform: 'facebook', externalId: cand.externalId, extra: cand.extra, scopes: cand.scopes }, credentials: cand.credentials });
    const extra = await facebook.auth.afterConnect!(ctx, { webhookBaseUrl: 'http://127.0.0.1:3000' });
    expect(extra).toMatchObject({ subscribedFields: expect.arrayContaining(['feed', 'messages', 'mention', 'message_echoes']) });
    const subs = await kit.records({ platform: 'facebook', kind: 'webhook_subscription', accountId: page.id }, since);
    expect(subs).toHaveLength(1);
    expect(subs[0]!.data.fields).toEqual(expect.arrayContaining(['feed', 'messages', 'mention']));
    // the new Page token works
    expect((await c.checkToken(ctx)).valid).toBe(true);
  });

  it('an authorization code is refused the second time with the platform message', async () => {
    const redirectUri = 'http://127.0.0.1:9/cb';
    await kit.control.nextOAuthLogin('facebook', String(page.extra.ownerUserId));
    const dialog = await fetch(facebook.auth.authorizeUrl!(kit.settings, { state: 's', redirectUri, codeChallenge: '' }), { redirect: 'manual' });
    const code = new URL(dialog.headers.get('location')!).searchParams.get('code')!;
    await facebook.auth.exchangeCode!(authContext('facebook', kit.settings), { code, redirectUri, codeVerifier: '' });
    const e = await rejection(facebook.auth.exchangeCode!(authContext('facebook', kit.settings), { code, redirectUri, codeVerifier: '' }));
    expect(e).toMatchObject({ kind: 'permanent', message: 'This authorization code has been used.' });
  });
});
