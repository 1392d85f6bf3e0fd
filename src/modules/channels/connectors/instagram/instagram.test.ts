// Instagram connector against the Graph fake: Facebook-login accounts (through the linked Page) and
// Instagram-login accounts (graph.instagram.com), appsecret_proof required on both apps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInfo } from '../../../../../fakes/control-client.ts';
import { DEFAULT_APPS } from '../../../../../fakes/server.ts';
import { authContext, connectorContext } from '../context.ts';
import { graphTiming } from '../graph.ts';
import { DEFAULT_RETRY, withRetries } from '../http.ts';
import { ConnectorError, type ConnectorContext, type HttpRequest, type HttpResponse, type PublishInput } from '../types.ts';
import { clockSleep, startMetaKit, wait, type MetaKit } from '../facebook/testkit.ts';
import { instagram, instagramLoginAuth } from './index.ts';

let kit: MetaKit;
let page: AccountInfo;
let igFb: AccountInfo;
let igIg: AccountInfo;
const c = instagram.connector;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const input = (text: string, media: PublishInput['media'], extra: Partial<PublishInput> = {}): PublishInput => ({ idempotencyKey: `k-${text}`, text, media, ...extra });
const image = (url = 'https://cdn.example.org/poster.jpg', altText?: string) => [{ kind: 'image' as const, url, altText }];
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
  page = await kit.control.createAccount({ platform: 'facebook', name: 'Dinas Kesehatan' });
  igFb = await kit.control.createAccount({ platform: 'instagram', username: 'dinkessumbar', name: 'Dinkes Sumbar', pageId: page.id });
  igIg = await kit.control.createAccount({ platform: 'instagram', username: 'bapendasumbar', name: 'Bapenda Sumbar', loginType: 'instagram' });
});
afterAll(async () => {
  await kit.close();
});

describe('publishing (container → status → media_publish)', () => {
  it('publishes an image with alt text, a reel and a carousel; the fake records each', async () => {
    const since = await kit.lastSeq();
    const ctx = kit.ctx(igFb);
    const img = await c.publish(ctx, input('Jadwal vaksinasi #sumbar', image('https://cdn.example.org/vaksin.jpg', 'Poster jadwal vaksinasi')));
    expect(img.externalId).toMatch(/^\d+$/);
    expect(img.permalink).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
    const reel = await c.publish(ctx, input('Reel posyandu', [{ kind: 'video', url: 'https://cdn.example.org/posyandu.mp4' }], { reel: true }));
    expect(reel.permalink).toMatch(/\/reel\//);
    const car = await c.publish(ctx, input('Galeri kegiatan', [{ kind: 'image', url: 'https://cdn.example.org/1.jpg' }, { kind: 'image', url: 'https://cdn.example.org/2.jpg' }]));
    const posts = await kit.records({ platform: 'instagram', kind: 'post', accountId: igFb.id }, since);
    expect(posts.map((p) => [p.objectId, p.data.type, p.text])).toEqual([
      [img.externalId, 'IMAGE', 'Jadwal vaksinasi #sumbar'],
      [reel.externalId, 'REELS', 'Reel posyandu'],
      [car.externalId, 'CAROUSEL', 'Galeri kegiatan'],
    ]);
    expect(posts[0]!.data.imageUrl).toBe('https://cdn.example.org/vaksin.jpg');
    expect(posts[1]!.data.videoUrl).toBe('https://cdn.example.org/posyandu.mp4');
    expect(posts[2]!.data.children).toHaveLength(2);
  });

  it('refuses text-only posts (unsupported) and reports media Instagram cannot process (permanent)', async () => {
    const ctx = kit.ctx(igFb);
    expect((await rejection(c.publish(ctx, input('Teks saja', [])))).kind).toBe('unsupported');
    const png = await rejection(c.publish(ctx, input('PNG', image('https://cdn.example.org/poster.png'))));
    expect(png.kind).toBe('permanent');
    expect(png.message).toContain('gagal memproses media');
  });

  it('publishes with an Instagram-login account on graph.instagram.com', async () => {
    const since = await kit.lastSeq();
    const r = await c.publish(kit.ctx(igIg), input('Bayar pajak kendaraan online', image()));
    const posts = await kit.records({ platform: 'instagram', kind: 'post', accountId: igIg.id }, since);
    expect(posts.map((p) => p.objectId)).toEqual([r.externalId]);
    const paths = (await kit.control.requests({ platform: 'instagram', limit: 200 })).map((x) => x.path);
    expect(paths).toContain(`/graph-instagram/v27.0/${igIg.id}/media_publish`);
  });

  it('finds a published media by caption; an ambiguous media_publish is reconciled', async () => {
    const since = kit.now();
    const ctx = kit.ctx(igFb, { timeoutMs: 300 });
    const p = await c.publish(ctx, input('Info BPJS', image()));
    expect(await c.findPublished(ctx, input('Info BPJS', image()), since)).toMatchObject({ externalId: p.externalId });
    expect(await c.findPublished(ctx, input('Info BPJS lain', image()), since)).toBeNull();

    // the answer to media_publish is lost after the media was published
    await kit.control.setFaults({ platforms: { instagram: { latencyMs: 700, pathPattern: '/media_publish$' } } });
    expect((await rejection(c.publish(ctx, input('Stok obat aman', image())))).kind).toBe('ambiguous');
    await kit.control.clearFaults();
    await wait(600);
    expect(await c.findPublished(ctx, input('Stok obat aman', image()), since)).not.toBeNull();

    // the connection drops before media_publish is handled: nothing to find
    await kit.control.setFaults({ platforms: { instagram: { failNext: { count: 1, kind: 'drop' }, pathPattern: '/media_publish$' } } });
    expect((await rejection(c.publish(ctx, input('Jadwal posbindu', image())))).kind).toBe('ambiguous');
    await kit.control.clearFaults();
    expect(await c.findPublished(ctx, input('Jadwal posbindu', image()), since)).toBeNull();

    // a lost answer while creating the container is safe to retry: transient, not ambiguous
    await kit.control.setFaults({ platforms: { instagram: { failNext: { count: 1, kind: 'drop' }, pathPattern: `/${igFb.id}/media$` } } });
    expect((await rejection(c.publish(ctx, input('Kontainer hilang', image())))).kind).toBe('transient');
    await kit.control.clearFaults();
  });
});

describe('comments, mentions and messages', () => {
  it('replies to comments on own media, to a comment mention and to a caption mention', async () => {
    const since = await kit.lastSeq();
    const ctx = kit.ctx(igFb);
    const cm = await kit.control.inject({ platform: 'instagram', type: 'comment', accountId: igFb.id, text: 'min, vaksin booster dimana?', from: { key: 'ig1', username: 'warga_pdg' } });
    const r1 = await c.replyPublic(ctx, { target: { externalId: cm.ids.commentId!, parentId: cm.ids.mediaId! }, text: 'Di puskesmas terdekat kak.' });
    const r2 = await c.replyPublic(ctx, { target: { externalId: cm.ids.commentId! }, text: 'Bawa KTP ya.' });
    const top = await c.replyPublic(ctx, { target: { externalId: cm.ids.mediaId!, parentId: cm.ids.mediaId! }, text: 'Info lengkap di bio.' });
    const mention = await kit.control.inject({ platform: 'instagram', type: 'mention', accountId: igFb.id, kind: 'comment', text: '@dinkessumbar tolong cek', from: { key: 'ig2' } });
    const r3 = await c.replyPublic(ctx, { target: { externalId: mention.ids.commentId!, parentId: mention.ids.mediaId! }, text: 'Terima kasih laporannya.' });
    const caption = await kit.control.inject({ platform: 'instagram', type: 'mention', accountId: igFb.id, kind: 'caption', text: 'antrean panjang @dinkessumbar', from: { key: 'ig3' } });
    const r4 = await c.replyPublic(ctx, { target: { externalId: caption.ids.mediaId!, parentId: caption.ids.mediaId! }, text: 'Kami tindak lanjuti.' });
    const recs = await kit.records({ platform: 'instagram', kind: 'comment_reply', accountId: igFb.id }, since);
    expect(recs.map((x) => [x.objectId, x.targetId, x.text])).toEqual([
      [r1.externalId, cm.ids.commentId, 'Di puskesmas terdekat kak.'],
      [r2.externalId, cm.ids.commentId, 'Bawa KTP ya.'],
      [top.externalId, cm.ids.mediaId, 'Info lengkap di bio.'],
      [r3.externalId, mention.ids.commentId, 'Terima kasih laporannya.'],
      [r4.externalId, caption.ids.mediaId, 'Kami tindak lanjuti.'],
    ]);
    const paths = (await kit.control.requests({ limit: 100 })).map((x) => x.path); // /graph/... is logged under facebook
    expect(paths).toContain(`/graph/v27.0/${igFb.id}/mentions`);
  });

  it('hides, unhides and deletes a comment', async () => {
    const since = await kit.lastSeq();
    const ctx = kit.ctx(igFb);
    const cm = await kit.control.inject({ platform: 'instagram', type: 'comment', accountId: igFb.id, text: 'KARAMBIA88 maxwin cek bio', from: { key: 'spam' } });
    await c.setHidden(ctx, cm.ids.commentId!, true);
    await c.setHidden(ctx, cm.ids.commentId!, false);
    await c.deleteComment(ctx, cm.ids.commentId!);
    const recs = await kit.records({ platform: 'instagram', accountId: igFb.id }, since);
    expect(recs.map((x) => [x.kind, x.targetId])).toEqual([
      ['comment_hidden', cm.ids.commentId],
      ['comment_unhidden', cm.ids.commentId],
      ['comment_deleted', cm.ids.commentId],
    ]);
  });

  it('private reply to a comment: once, within 7 days; DMs within 24 hours', async () => {
    const since = await kit.lastSeq();
    const ctx = kit.ctx(igFb);
    const cm = await kit.control.inject({ platform: 'instagram', type: 'comment', accountId: igFb.id, text: 'boleh minta nomor admin?', from: { key: 'pr1', username: 'ani_bkt' } });
    const target = { externalId: cm.ids.commentId!, userId: cm.ids.fromId!, lastInboundAt: kit.now() };
    const pr = await c.replyPrivate(ctx, { target, text: 'Kami kirim lewat DM ya.' });
    expect(pr.externalId).toBeTruthy();
    expect((await rejection(c.replyPrivate(ctx, { target, text: 'lagi' }))).message).toContain('sudah pernah dibalas secara pribadi');
    expect((await rejection(c.replyPrivate(ctx, { target: { ...target, lastInboundAt: new Date(kit.now().getTime() - 8 * DAY) }, text: 'x' }))).message).toContain('7 hari');

    const dm = await kit.control.inject({ platform: 'instagram', type: 'message', accountId: igFb.id, text: 'Halo min, mau tanya', from: { key: 'dm1' } });
    const dmTarget = { externalId: dm.ids.messageId!, userId: dm.ids.igsid!, lastInboundAt: kit.now() };
    await c.replyPrivate(ctx, { target: dmTarget, text: 'Halo, silakan.' });
    const late = await rejection(c.replyPrivate(ctx, { target: { ...dmTarget, lastInboundAt: new Date(kit.now().getTime() - 25 * HOUR) }, text: 'x' }));
    expect(late.kind).toBe('permanent');
    expect(late.message).toContain('24 jam');

    const recs = await kit.records({ platform: 'instagram', accountId: igFb.id }, since);
    expect(recs.filter((x) => x.kind === 'private_reply' || x.kind === 'message').map((x) => [x.kind, x.targetId, x.text])).toEqual([
      ['private_reply', cm.ids.commentId, 'Kami kirim lewat DM ya.'],
      ['message', dm.ids.igsid, 'Halo, silakan.'],
    ]);
  });

  it('sends DMs and private replies for an Instagram-login account through graph.instagram.com/me/messages', async () => {
    const since = await kit.lastSeq();
    const ctx = kit.ctx(igIg);
    const dm = await kit.control.inject({ platform: 'instagram', type: 'message', accountId: igIg.id, text: 'cara bayar PKB?', from: { key: 'dm2' } });
    await c.replyPrivate(ctx, { target: { externalId: dm.ids.messageId!, userId: dm.ids.igsid!, lastInboundAt: kit.now() }, text: 'Lewat aplikasi Samsat.' });
    const cm = await kit.control.inject({ platform: 'instagram', type: 'comment', accountId: igIg.id, text: 'info dong', from: { key: 'pr9' } });
    await c.replyPrivate(ctx, { target: { externalId: cm.ids.commentId!, lastInboundAt: kit.now() }, text: 'Cek DM ya.' });
    const recs = await kit.records({ platform: 'instagram', accountId: igIg.id }, since);
    expect(recs.filter((x) => x.kind !== 'comment_reply').map((x) => [x.kind, x.text])).toEqual([
      ['message', 'Lewat aplikasi Samsat.'],
      ['private_reply', 'Cek DM ya.'],
    ]);
    const paths = (await kit.control.requests({ platform: 'instagram', limit: 50 })).map((x) => x.path);
    expect(paths).toContain('/graph-instagram/v27.0/me/messages');
  });
});

describe('insights, tokens and limits', () => {
  it('maps media insights (reach, views, total_interactions)', async () => {
    const p = await c.publish(kit.ctx(igFb), input('Untuk insight', image()));
    const r = await c.insights(kit.ctx(igFb), p.externalId);
    expect(r).toMatchObject({ reach: expect.any(Number), impressions: expect.any(Number), engagement: expect.any(Number) });
    expect((r.raw as { data: { name: string }[] }).data.map((d) => d.name)).toEqual(['reach', 'views', 'total_interactions']);
  });

  it('waits out the Instagram BUC limit (80002) as asked, then succeeds', async () => {
    const p = await c.publish(kit.ctx(igFb), input('Untuk limit', image()));
    await kit.control.patchConfig({ limits: { meta: { instagram: { limit: 1, windowMs: 60_000 } } } });
    try {
      const s = clockSleep(kit);
      const r = await withRetries(() => c.insights(kit.ctx(igFb), p.externalId), DEFAULT_RETRY, s.sleep);
      expect(r.reach).toEqual(expect.any(Number));
      expect(s.waits).toEqual([60_000]);
    } finally {
      await kit.control.patchConfig({ limits: { meta: { instagram: { limit: 48_000, windowMs: DAY } } } });
    }
  });

  it('retries a transient 5xx', async () => {
    await kit.control.setFaults({ platforms: { instagram: { failNext: { count: 1, kind: '5xx' } } } });
    const waits: number[] = [];
    const r = await withRetries(() => c.checkToken(kit.ctx(igIg)), DEFAULT_RETRY, async (ms) => void waits.push(ms));
    expect(r.valid).toBe(true);
    expect(waits).toHaveLength(1);
    await kit.control.clearFaults();
  });

  it('checks tokens of both flavours: valid, expired, revoked', async () => {
    expect(await c.checkToken(kit.ctx(igFb))).toMatchObject({ valid: true, reason: null });
    expect(await c.checkToken(kit.ctx(igIg))).toMatchObject({ valid: true, reason: null });

    const revoked = await kit.control.issueToken({ platform: 'instagram', accountId: igFb.id });
    await kit.control.revokeToken(revoked.token, { subcode: 458 });
    expect(await c.checkToken(kit.ctx(igFb, { token: revoked.token }))).toMatchObject({ valid: false, reason: 'revoked' });

    const expired = await kit.control.issueToken({ platform: 'instagram', accountId: igIg.id, ttlSec: 3600 });
    await kit.control.expireToken(expired.token);
    await wait(5);
    expect(await c.checkToken(kit.ctx(igIg, { token: expired.token }))).toMatchObject({ valid: false, reason: 'expired' });
    expect(await rejection(c.publish(kit.ctx(igIg, { token: expired.token }), input('x', image())))).toMatchObject({ kind: 'auth' });
  });
});

describe('connecting', () => {
  it('Facebook Login: Pages with an instagram_business_account become candidates; afterConnect installs the app on the Page', async () => {
    const since = await kit.lastSeq();
    const redirectUri = 'http://127.0.0.1:9/oauth/callback/instagram';
    const url = instagram.auth.authorizeUrl!(kit.settings, { state: 'abc', redirectUri, codeChallenge: 'ch' });
    expect(new URL(url).searchParams.get('scope')).toContain('instagram_content_publish');
    await kit.control.nextOAuthLogin('facebook', String(page.extra.ownerUserId));
    const dialog = await fetch(url, { redirect: 'manual' });
    const code = new URL(dialog.headers.get('location')!).searchParams.get('code')!;
    const candidates = await instagram.auth.exchangeCode!(authContext('instagram', kit.settings), { code, redirectUri, codeVerifier: 'v' });
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({ externalId: igFb.id, handle: '@dinkessumbar', name: 'Dinkes Sumbar', extra: { loginType: 'facebook', pageId: page.id }, credentials: { expiresAt: null } });
    const cand = candidates[0]!;
    const ctx = connectorContext({ settings: kit.settings, account: { id: 'n', platform: 'instagram', externalId: cand.externalId, extra: cand.extra, scopes: cand.scopes }, credentials: cand.credentials });
    const extra = await instagram.auth.afterConnect!(ctx, { webhookBaseUrl: 'http://127.0.0.1:3000' });
    // the Page keeps the Facebook fields it had, the app is (still) installed
    expect(extra).toMatchObject({ subscribedFields: expect.arrayContaining(['feed', 'messages', 'mention']) });
    const subs = await kit.records({ platform: 'facebook', kind: 'webhook_subscription', accountId: page.id }, since);
    expect(subs).toHaveLength(1);
    expect((await c.checkToken(ctx)).valid).toBe(true);
  });

  it('Instagram Login: authorize → code → long-lived token → candidate; afterConnect subscribes; refresh after 24 h', async () => {
    const since = await kit.lastSeq();
    const auth = instagramLoginAuth(DEFAULT_APPS.instagram.id);
    const redirectUri = 'http://127.0.0.1:9/oauth/callback/instagram';
    const url = auth.authorizeUrl!(kit.settings, { state: 'q', redirectUri, codeChallenge: '' });
    expect(new URL(url).pathname).toBe('/www-instagram/oauth/authorize');
    await kit.control.nextOAuthLogin('instagram', igIg.id);
    const dialog = await fetch(url, { redirect: 'manual' });
    const back = new URL(dialog.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('q');
    const [cand] = await auth.exchangeCode!(authContext('instagram', kit.settings), { code: back.searchParams.get('code')!, redirectUri, codeVerifier: '' });
    expect(cand).toMatchObject({ externalId: igIg.id, handle: '@bapendasumbar', extra: { loginType: 'instagram' } });
    expect(cand!.credentials.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * DAY);
    const ctx = connectorContext({ settings: kit.settings, account: { id: 'n2', platform: 'instagram', externalId: cand!.externalId, extra: cand!.extra, scopes: cand!.scopes }, credentials: cand!.credentials, now: kit.now });
    expect(await auth.afterConnect!(ctx, { webhookBaseUrl: 'http://127.0.0.1:3000' })).toMatchObject({ subscribedFields: ['comments', 'mentions', 'messages'] });
    const subs = await kit.records({ platform: 'instagram', kind: 'webhook_subscription', accountId: igIg.id }, since);
    expect(subs[0]!.data.fields).toEqual(['comments', 'mentions', 'messages']);

    await kit.advance(25 * HOUR);
    try {
      const refreshed = await auth.refresh!(ctx);
      expect(refreshed.accessToken).toBeTruthy();
      expect(refreshed.expiresAt!.getTime()).toBeGreaterThan(kit.now().getTime() + 59 * DAY);
    } finally {
      await kit.resetClock();
    }
  });
});

describe('media not ready at media_publish (9007 / 2207027)', () => {
  it('waits and publishes once the media is ready, without creating a second container', async () => {
    const calls: string[] = [];
    let publishAttempts = 0;
    const answer = (status: number, body: unknown): HttpResponse => ({ status, headers: new Headers(), text: JSON.stringify(body), json: body });
    const http = async (r: HttpRequest): Promise<HttpResponse> => {
      const path = new URL(r.url).pathname.replace(/^.*\/v27\.0\//, '');
      calls.push(`${r.method} ${path}`);
      if (r.method === 'POST' && path === '42/media') return answer(200, { id: 'c1' });
      if (r.method === 'GET' && path === 'c1') return answer(200, { id: 'c1', status_code: 'FINISHED' });
      if (r.method === 'POST' && path === '42/media_publish') {
        publishAttempts++;
        if (publishAttempts === 1) return answer(400, { error: { message: 'Media ID is not available', type: 'OAuthException', code: 9007, error_subcode: 2207027, is_transient: true, error_user_msg: 'The media is not ready for publishing, please wait for a moment' } });
        return answer(200, { id: 'm1' });
      }
      if (r.method === 'GET' && path === 'm1') return answer(200, { id: 'm1', permalink: 'https://www.instagram.com/p/x/' });
      return answer(404, { error: { message: 'unexpected', code: 100 } });
    };
    const ctx: ConnectorContext = {
      settings: kit.settings,
      account: { id: 'a', platform: 'instagram', externalId: '42', extra: { loginType: 'facebook', pageId: '7' }, scopes: [] },
      credentials: { accessToken: 'EAAx', refreshToken: null, expiresAt: null },
      http,
      now: () => new Date(),
    };
    const waits: number[] = [];
    const original = graphTiming.sleep;
    graphTiming.sleep = async (ms) => void waits.push(ms);
    try {
      expect(await c.publish(ctx, input('Siap', image()))).toEqual({ externalId: 'm1', permalink: 'https://www.instagram.com/p/x/' });
    } finally {
      graphTiming.sleep = original;
    }
    expect(calls).toEqual(['POST 42/media', 'GET c1', 'POST 42/media_publish', 'POST 42/media_publish', 'GET m1']);
    expect(waits).toEqual([1_000]);
  });
});
