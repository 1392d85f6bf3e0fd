import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { x } from './index.ts';
import { ConnectorError } from '../types.ts';
import type { Credentials } from '../types.ts';
import { withRetries, DEFAULT_RETRY } from '../http.ts';
import { authContext } from '../context.ts';
import { parseX } from '../../webhooks/parse.ts';
import { startReceiver } from '../../../../../fakes/test/helpers.ts';
import type { Receiver } from '../../../../../fakes/test/helpers.ts';
import type { AccountInfo } from '../../../../../fakes/control-client.ts';
import { bytes, ctxFor, followAuthorize, pkce, recordingSleep, startKit, startMediaServer } from '../youtube/testkit.ts';
import type { Kit, MediaServer } from '../youtube/testkit.ts';

let kit: Kit;
let media: MediaServer;
let receiver: Receiver;
let acc: AccountInfo;
const c = x.connector;

const kindOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
};

beforeAll(async () => {
  receiver = await startReceiver();
  kit = await startKit({ webhookTarget: receiver.url });
  media = await startMediaServer();
  media.files.set('foto.png', { bytes: bytes(4000), type: 'image/png' });
  acc = await kit.control.createAccount({ platform: 'x', username: 'diskominfo_sb', name: 'Diskominfo Sumbar' });
});
afterAll(async () => {
  await kit.close();
  await media.close();
  await receiver.close();
});

describe('X connector', () => {
  it('publishes text and an image, refuses a duplicate, finds a published post again', async () => {
    const ctx = ctxFor(kit, 'x', acc);
    const r = await c.publish(ctx, { idempotencyKey: 'p1', text: 'Jadwal pelayanan KTP keliling minggu ini' });
    expect(r.permalink).toBe(`https://x.com/i/web/status/${r.externalId}`);
    const withImage = await c.publish(ctx, { idempotencyKey: 'p2', text: 'Foto kegiatan', media: [{ kind: 'image', url: `${media.url}/foto.png` }] });
    const records = await kit.control.records({ platform: 'x', accountId: acc.id });
    expect(records.find((x) => x.kind === 'post' && x.objectId === r.externalId)?.text).toBe('Jadwal pelayanan KTP keliling minggu ini');
    const post = records.find((x) => x.kind === 'post' && x.objectId === withImage.externalId)!;
    expect((post.data.mediaIds as string[]).length).toBe(1);
    expect(records.some((x) => x.kind === 'media_upload' && x.data.bytes === 4000)).toBe(true);

    const dup = await kindOf(c.publish(ctx, { idempotencyKey: 'p3', text: 'Jadwal pelayanan KTP keliling minggu ini' }));
    expect(dup.kind).toBe('permanent');
    expect(dup.message).toMatch(/sama persis/);

    const since = new Date(Date.now() - 60_000);
    expect(await c.findPublished(ctx, { idempotencyKey: 'p1', text: 'Jadwal pelayanan KTP keliling minggu ini' }, since)).toEqual(r);
    expect(await c.findPublished(ctx, { idempotencyKey: 'px', text: 'Tidak pernah dipublikasikan' }, since)).toBeNull();
  });

  it('replies publicly and privately, hides a reply, refuses to delete a citizen post, reads insights', async () => {
    const ctx = ctxFor(kit, 'x', acc);
    const mention = await kit.control.inject({ platform: 'x', type: 'mention', accountId: acc.id, text: 'jalan di Lubuk Minturun rusak', from: { username: 'warga_a' } });
    const reply = await c.replyPublic(ctx, { target: { externalId: mention.ids.tweetId! }, text: 'Terima kasih, laporan diteruskan ke dinas terkait.' });
    const dm = await kit.control.inject({ platform: 'x', type: 'dm', accountId: acc.id, text: 'min saya mau lapor pungli', from: { username: 'warga_b' } });
    const priv = await c.replyPrivate(ctx, { target: { externalId: dm.ids.dmEventId!, userId: dm.ids.fromId! }, text: 'Silakan kirim kronologinya.' });
    const records = await kit.control.records({ platform: 'x', accountId: acc.id });
    expect(records.find((r) => r.kind === 'comment_reply' && r.objectId === reply.externalId)).toMatchObject({ targetId: mention.ids.tweetId });
    expect(records.find((r) => r.kind === 'message' && r.objectId === priv.externalId)).toMatchObject({ targetId: dm.ids.fromId, text: 'Silakan kirim kronologinya.' });

    // a DM to someone who never wrote is refused by X (permanent, with a message for the user)
    const noDm = await kindOf(c.replyPrivate(ctx, { target: { externalId: mention.ids.tweetId!, userId: mention.ids.fromId! }, text: 'halo' }));
    expect(noDm.kind).toBe('permanent');

    const own = await c.publish(ctx, { idempotencyKey: 'h1', text: 'Info vaksinasi' });
    const spam = await kit.control.inject({ platform: 'x', type: 'reply', accountId: acc.id, inReplyToTweetId: own.externalId, text: 'SLOT GACOR KARAMBIA88', from: { username: 'judol1' } });
    await c.setHidden(ctx, spam.ids.tweetId!, true);
    expect((await kit.control.records({ platform: 'x', kind: 'comment_hidden' })).map((r) => r.targetId)).toContain(spam.ids.tweetId);
    expect((await kindOf(c.deleteComment(ctx, spam.ids.tweetId!))).kind).toBe('unsupported');

    const ins = await c.insights(ctx, own.externalId);
    expect(ins.impressions).toEqual(expect.any(Number));
    expect(ins.engagement).toEqual(expect.any(Number));
    expect(ins.reach).toBeNull();
  });

  it('polls mentions with a since_id cursor and pagination, with the webhook dedupe keys', async () => {
    const other = await kit.control.createAccount({ platform: 'x', username: 'dinkes_sb', name: 'Dinkes Sumbar' });
    const ctx = ctxFor(kit, 'x', other);
    const first = await kit.control.inject({ platform: 'x', type: 'mention', accountId: other.id, text: 'antrian RSUD lama sekali', from: { username: 'warga_c' } });
    const p1 = await c.poll!(ctx, null);
    expect(p1.events.map((e) => e.dedupeKey)).toEqual([`tweet_create_events:${first.ids.tweetId}`]);
    expect(p1.events[0]).toMatchObject({ kind: 'tweet_create', externalAccountId: other.id, unknown: false });
    expect(p1.cursor).toBe(first.ids.tweetId);

    // the same mention through the Account Activity webhook gives the same dedupe key
    await receiver.waitFor((all) => all.some((r) => r.method === 'POST' && r.raw.toString().includes(first.ids.tweetId!)));
    const delivered = receiver.posts('x').find((r) => r.raw.toString().includes(first.ids.tweetId!))!;
    expect(parseX(JSON.parse(delivered.raw.toString())).map((e) => e.dedupeKey)).toContain(p1.events[0]!.dedupeKey);

    const ids: string[] = [];
    for (let i = 0; i < 105; i++) ids.push((await kit.control.inject({ platform: 'x', type: 'mention', accountId: other.id, text: `aduan ke-${i}`, from: { username: `warga_p${i % 4}` } })).ids.tweetId!);
    const p2 = await c.poll!(ctx, p1.cursor);
    expect(p2.events.map((e) => e.dedupeKey)).toEqual(ids.map((id) => `tweet_create_events:${id}`));
    expect(p2.cursor).toBe(ids[ids.length - 1]);
    const p3 = await c.poll!(ctx, p2.cursor);
    expect(p3.events).toEqual([]);
    expect(p3.cursor).toBe(p2.cursor);
  });

  it('waits as X asks on 429 (x-rate-limit-reset), retries a 503, and reports a dropped post as ambiguous', async () => {
    const ctx = ctxFor(kit, 'x', acc);
    await kit.control.setFaults({ platforms: { x: { failNext: { count: 1, kind: '429' }, retryAfterSec: 3, pathPattern: '^/2/users/\\d+/mentions$' } } });
    const rec = recordingSleep();
    const res = await withRetries(() => c.poll!(ctx, null), DEFAULT_RETRY, rec.sleep);
    expect(res.events.length).toBeGreaterThan(0);
    expect(rec.waits).toHaveLength(1);
    expect(rec.waits[0]).toBeGreaterThan(1_900);
    expect(rec.waits[0]).toBeLessThanOrEqual(3_000);

    await kit.control.setFaults({ platforms: { x: { failNext: { count: 1, kind: '5xx' }, pathPattern: '^/2/users/\\d+/mentions$' } } });
    const rec5 = recordingSleep();
    await withRetries(() => c.poll!(ctx, null), DEFAULT_RETRY, rec5.sleep);
    expect(rec5.waits).toHaveLength(1);

    await kit.control.setFaults({ platforms: { x: { failNext: { count: 1, kind: 'drop' }, pathPattern: '^/2/tweets$' } } });
    const input = { idempotencyKey: 'amb', text: 'Pengumuman yang mungkin terkirim' };
    const amb = await kindOf(withRetries(() => c.publish(ctx, input), DEFAULT_RETRY, recordingSleep().sleep));
    expect(amb.kind).toBe('ambiguous');
    await kit.control.clearFaults();
    // reconciliation: the fault hit before X stored anything, so the lookup says "not published"
    expect(await c.findPublished(ctx, input, new Date(Date.now() - 60_000))).toBeNull();
  });

  it('reports expired and revoked tokens as auth, and refreshes with rotation, saving before use', async () => {
    const expired = await kit.control.issueToken({ platform: 'x', accountId: acc.id });
    await kit.control.expireToken(expired.token);
    const noSave = ctxFor(kit, 'x', acc, { credentials: { accessToken: expired.token, expiresAt: new Date(Date.now() - 1000) } });
    expect((await kindOf(c.publish(noSave, { idempotencyKey: 'e1', text: 'tidak terkirim' }))).kind).toBe('auth');
    expect(await c.checkToken(noSave)).toMatchObject({ valid: false, reason: 'expired' });

    const revoked = await kit.control.issueToken({ platform: 'x', accountId: acc.id });
    await kit.control.revokeToken(revoked.token);
    const rctx = ctxFor(kit, 'x', acc, { credentials: { accessToken: revoked.token, refreshToken: null } });
    expect((await kindOf(c.insights(rctx, '1'))).kind).toBe('auth');
    expect(await c.checkToken(rctx)).toMatchObject({ valid: false, reason: 'revoked' });
    expect(await c.checkToken(ctxFor(kit, 'x', acc))).toMatchObject({ valid: true });

    // an expired access token with a refresh token: refreshed, saved, then used
    const fresh = await kit.control.account('x', acc.id);
    const saved: Credentials[] = [];
    const ctx = ctxFor(kit, 'x', fresh, { credentials: { accessToken: expired.token, expiresAt: new Date(Date.now() - 1000) }, saved });
    const r = await c.publish(ctx, { idempotencyKey: 'rf', text: 'Setelah refresh token' });
    expect(r.externalId).toMatch(/^\d+$/);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.accessToken).not.toBe(expired.token);
    expect(saved[0]!.refreshToken).not.toBe(fresh.credentials.refreshToken);
    expect(saved[0]!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 7_000_000);
    expect(kit.fakes.state.tokens.check(fresh.credentials.refreshToken!).status).toBe('revoked');
    // the old refresh token is dead: refreshing with it is an auth problem
    const stale = ctxFor(kit, 'x', fresh, { saved: [] });
    expect((await kindOf(x.auth.refresh!(stale))).kind).toBe('auth');
  });

  it('runs the OAuth 2.0 PKCE flow against the fake', async () => {
    const { verifier, challenge } = pkce();
    const redirectUri = 'http://127.0.0.1:9/oauth/callback/x';
    const url = x.auth.authorizeUrl!(kit.settings, { state: 'st4te', redirectUri, codeChallenge: challenge });
    expect(url.startsWith(`${kit.settings.hosts.xWeb}/i/oauth2/authorize?`)).toBe(true);
    expect(new URL(url).searchParams.get('scope')).toContain('offline.access');
    await kit.control.nextOAuthLogin('x', acc.id);
    const q = await followAuthorize(url);
    expect(q.get('state')).toBe('st4te');
    const cands = await x.auth.exchangeCode!(authContext('x', kit.settings), { code: q.get('code')!, redirectUri, codeVerifier: verifier });
    expect(cands).toHaveLength(1);
    expect(cands[0]).toMatchObject({ externalId: acc.id, handle: '@diskominfo_sb', name: 'Diskominfo Sumbar' });
    expect(cands[0]!.credentials.refreshToken).toBeTruthy();
    expect(cands[0]!.scopes).toContain('tweet.write');
    // a code can be used once
    const again = await kindOf(x.auth.exchangeCode!(authContext('x', kit.settings), { code: q.get('code')!, redirectUri, codeVerifier: verifier }));
    expect(again.kind).toBe('permanent');
  });
});
