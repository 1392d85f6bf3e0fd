// Contract fidelity: the official-style client twitter-api-v2 drives the X fake.
// The client hard-codes https://api.x.com; a documented plugin hook (onBeforeRequestConfig /
// onBeforeStreamRequestConfig) rewrites the URL to the fake, and an http.Agent lets its https
// request function talk plain HTTP on loopback. The path stays /2/... so the client's own
// JSON-vs-form body detection behaves as against the real host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import type { IClientSettings, ITwitterApiClientPlugin } from 'twitter-api-v2';
import type { RunningFakes } from '../server.ts';
import type { AccountInfo } from '../accounts.ts';
import { ControlClient } from '../control-client.ts';
import { startTestFakes } from './helpers.ts';

let f: RunningFakes;
let control: ControlClient;
let acc: AccountInfo;
const agent = new http.Agent({ keepAlive: false });

/** What a connector does to point twitter-api-v2 at another host (the fake). */
function settings(base: string): Partial<IClientSettings> {
  const rewrite = (u: string) => u.replace(/^https:\/\/api\.(x|twitter)\.com\//, `${base}/`);
  const plugin: ITwitterApiClientPlugin = {
    onBeforeRequestConfig(args) {
      args.params.url = rewrite(args.params.url);
    },
    onBeforeStreamRequestConfig(args) {
      args.params.url = rewrite(args.params.url);
    },
  };
  return { httpAgent: agent, plugins: [plugin] };
}

beforeAll(async () => {
  f = await startTestFakes();
  control = new ControlClient(f.url);
  acc = await control.createAccount({ platform: 'x', username: 'dinas_uji', name: 'Dinas Uji' });
});
afterAll(async () => {
  await f.close();
  agent.destroy();
});

const user = () => new TwitterApi(acc.credentials.accessToken, settings(f.url));

describe('twitter-api-v2 against the X fake', () => {
  it('reads the user, posts, replies, rejects duplicates (403) and deletes', async () => {
    const c = user();
    const me = await c.v2.me({ 'user.fields': ['public_metrics', 'created_at'] });
    expect(me.data).toMatchObject({ id: acc.id, username: 'dinas_uji', public_metrics: { followers_count: expect.any(Number) } });
    const t = await c.v2.tweet('Info pelayanan hari ini');
    expect(t.data).toMatchObject({ id: expect.stringMatching(/^\d{19}$/), text: 'Info pelayanan hari ini', edit_history_tweet_ids: [t.data.id] });
    const err = await c.v2.tweet('Info pelayanan hari ini').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiResponseError);
    expect((err as ApiResponseError).code).toBe(403);
    expect((err as ApiResponseError).data.detail).toContain('duplicate content');
    const r = await c.v2.reply('Balasan', t.data.id);
    const lookup = await c.v2.singleTweet(r.data.id, { 'tweet.fields': ['conversation_id', 'in_reply_to_user_id', 'referenced_tweets', 'public_metrics', 'non_public_metrics'] });
    expect(lookup.data).toMatchObject({ conversation_id: t.data.id, referenced_tweets: [{ type: 'replied_to', id: t.data.id }], public_metrics: { impression_count: expect.any(Number) }, non_public_metrics: expect.any(Object) });
    expect((await c.v2.deleteTweet(r.data.id)).data.deleted).toBe(true);
    const records = await control.records({ platform: 'x', accountId: acc.id });
    expect(records.map((x) => x.kind)).toEqual(expect.arrayContaining(['post', 'comment_reply', 'post_deleted']));
  });

  it('paginates mentions with since_id, expansions and the rate-limit headers', async () => {
    for (let i = 0; i < 12; i++) await control.inject({ platform: 'x', type: 'mention', accountId: acc.id, text: `aduan nomor ${i}`, from: { username: `warga${i % 3}` } });
    const c = user();
    const first = await c.v2.userMentionTimeline(acc.id, { max_results: 5, expansions: ['author_id'], 'tweet.fields': ['created_at', 'author_id', 'conversation_id'] });
    expect(first.tweets).toHaveLength(5);
    expect(first.includes.users.length).toBeGreaterThan(0);
    expect(first.rateLimit).toMatchObject({ limit: 300, remaining: expect.any(Number), reset: expect.any(Number) });
    const all = [...first.tweets];
    let page = first;
    while (!page.done) {
      page = await page.next();
      all.push(...page.tweets);
    }
    expect(all.map((t) => t.text)).toContain('@dinas_uji aduan nomor 0');
    expect(all.filter((t) => t.text.includes('aduan nomor')).length).toBe(12);
    const newest = first.meta.newest_id;
    await control.inject({ platform: 'x', type: 'mention', accountId: acc.id, text: 'yang terbaru', from: { username: 'warga9' } });
    const since = await c.v2.userMentionTimeline(acc.id, { since_id: newest, max_results: 5 });
    expect(since.tweets.map((t) => t.text)).toEqual(['@dinas_uji yang terbaru']);
  });

  it('answers 429 with x-rate-limit-* headers the client understands', async () => {
    await control.patchConfig({ limits: { x: { mentionsUser: { limit: 2, windowMs: 60_000 } } } });
    try {
      const other = await control.createAccount({ platform: 'x', username: 'dinas_limit' });
      const c = new TwitterApi(other.credentials.accessToken, settings(f.url));
      await c.v2.userMentionTimeline(other.id);
      await c.v2.userMentionTimeline(other.id);
      const err = (await c.v2.userMentionTimeline(other.id).catch((e: unknown) => e)) as ApiResponseError;
      expect(err).toBeInstanceOf(ApiResponseError);
      expect(err.code).toBe(429);
      expect(err.rateLimitError).toBe(true);
      expect(err.rateLimit).toMatchObject({ limit: 2, remaining: 0 });
      expect(err.rateLimit!.reset * 1000).toBeGreaterThan(Date.now());
    } finally {
      await control.patchConfig({ limits: { x: { mentionsUser: { limit: 300, windowMs: 900_000 } } } });
    }
  });

  it('uploads media (initialize/append/finalize), posts with it, hides a reply, and sends DMs', async () => {
    const c = user();
    const mediaId = await c.v2.uploadMedia(Buffer.alloc(3000, 1), { media_type: 'image/png' });
    const t = await c.v2.tweet({ text: 'Dengan foto', media: { media_ids: [mediaId] } });
    const lookup = await c.v2.singleTweet(t.data.id, { expansions: ['attachments.media_keys'] });
    expect(lookup.includes?.media?.[0]).toMatchObject({ type: 'photo' });
    const citizenReply = await control.inject({ platform: 'x', type: 'reply', accountId: acc.id, inReplyToTweetId: t.data.id, text: 'SLOT GACOR cek bio', from: { username: 'spammer1' } });
    expect((await c.v2.hideReply(citizenReply.ids.tweetId!, true)).data.hidden).toBe(true);
    const noDm = await c.v2.sendDmToParticipant(citizenReply.ids.fromId!, { text: 'halo' }).catch((e: unknown) => e);
    expect((noDm as ApiResponseError).code).toBe(403);
    const dm = await control.inject({ platform: 'x', type: 'dm', accountId: acc.id, text: 'min saya mau lapor', from: { username: 'warga_dm' } });
    const sent = await c.v2.sendDmToParticipant(dm.ids.fromId!, { text: 'Silakan, kami bantu' });
    expect(sent).toMatchObject({ data: { dm_conversation_id: dm.ids.conversationId, dm_event_id: expect.any(String) } });
    const events = await c.v2.listDmEvents({ 'dm_event.fields': ['sender_id', 'created_at'] });
    expect(events.events.map((e) => (e as { text?: string }).text)).toEqual(expect.arrayContaining(['min saya mau lapor', 'Silakan, kami bantu']));
  });

  it('expires tokens after their lifetime (401) and refreshes with offline.access', async () => {
    const token = await control.issueToken({ platform: 'x', accountId: acc.id, ttlSec: 7200 });
    const c = new TwitterApi(token.token, settings(f.url));
    await control.expireToken(token.token);
    const err = (await c.v2.me().catch((e: unknown) => e)) as ApiResponseError;
    expect(err.code).toBe(401);
    const app = new TwitterApi({ clientId: 'fake-x-client-id', clientSecret: 'fake-x-client-secret' }, settings(f.url));
    const refreshed = await app.refreshOAuth2Token(acc.credentials.refreshToken!);
    expect(refreshed.expiresIn).toBe(7200);
    expect((await refreshed.client.v2.me()).data.id).toBe(acc.id);
    const reused = await app.refreshOAuth2Token(acc.credentials.refreshToken!).catch((e: unknown) => e);
    expect((reused as ApiResponseError).code).toBe(400);
  });

  it('runs the OAuth 2.0 PKCE flow and accepts OAuth 1.0a user context', async () => {
    const app = new TwitterApi({ clientId: 'fake-x-client-id', clientSecret: 'fake-x-client-secret' }, settings(f.url));
    const redirectUri = 'http://127.0.0.1:9/oauth/callback/x';
    const link = app.generateOAuth2AuthLink(redirectUri, { scope: ['tweet.read', 'tweet.write', 'users.read', 'offline.access'] });
    await control.nextOAuthLogin('x', acc.id);
    const res = await fetch(link.url.replace('https://x.com/', `${f.url}/x-web/`), { redirect: 'manual' });
    const loc = new URL(res.headers.get('location')!);
    expect(loc.searchParams.get('state')).toBe(link.state);
    const login = await app.loginWithOAuth2({ code: loc.searchParams.get('code')!, codeVerifier: link.codeVerifier, redirectUri });
    expect(login.refreshToken).toBeTruthy();
    expect((await login.client.v2.me()).data.username).toBe('dinas_uji');
    const o1 = new TwitterApi({ appKey: 'fake-x-consumer-key', appSecret: 'fake-x-consumer-secret', accessToken: acc.credentials.oauth1!.accessToken, accessSecret: acc.credentials.oauth1!.accessSecret }, settings(f.url));
    expect((await o1.v2.me()).data.id).toBe(acc.id);
    const badO1 = new TwitterApi({ appKey: 'fake-x-consumer-key', appSecret: 'wrong', accessToken: acc.credentials.oauth1!.accessToken, accessSecret: acc.credentials.oauth1!.accessSecret }, settings(f.url));
    expect(((await badO1.v2.me().catch((e: unknown) => e)) as ApiResponseError).code).toBe(401);
  });

  it('streams matching posts on the filtered stream (NDJSON, one connection)', async () => {
    const app = new TwitterApi('fake-x-app-bearer-token', settings(f.url));
    const rules = await app.v2.updateStreamRules({ add: [{ value: '@dinas_uji -is:retweet', tag: 'mentions' }] });
    expect(rules.meta.summary.created).toBe(1);
    const stream = await app.v2.searchStream({ expansions: ['author_id'] });
    try {
      const got = new Promise<{ text: string; tags: string[] }>((resolve) => {
        stream.on('data event content' as never, ((ev: { data: { text: string }; matching_rules: { tag: string }[] }) => resolve({ text: ev.data.text, tags: ev.matching_rules.map((r) => r.tag) })) as never);
      });
      const second = await fetch(`${f.url}/2/tweets/search/stream`, { headers: { authorization: 'Bearer fake-x-app-bearer-token' } });
      expect(second.status).toBe(429);
      await control.inject({ platform: 'x', type: 'mention', accountId: acc.id, text: 'lewat stream', from: { username: 'warga_s' } });
      await expect(got).resolves.toEqual({ text: '@dinas_uji lewat stream', tags: ['mentions'] });
    } finally {
      stream.close();
    }
  });
});
