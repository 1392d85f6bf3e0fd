import type { TweetV2, UserV2 } from 'twitter-api-v2';
import { ConnectorError } from '../types.ts';
import type { ConnectCandidate, Connector, ConnectorAuth, ConnectorContext, Insights, PlatformModule, PollResult, PublishInput, PublishResult, TokenCheck } from '../types.ts';
import type { ParsedEvent } from '../../webhooks/types.ts';
import { appClient, mapXError, refreshX, userClient, withX } from './client.ts';
import { mimeOf, readMedia } from '../youtube/media-source.ts';

// X (API v2) through twitter-api-v2: posts with images/videos (media upload v2), replies, DMs,
// hidden replies, post metrics, and a mentions poller for accounts without Account Activity
// webhooks. OAuth 2.0 with PKCE; access tokens live 2 hours and are refreshed with rotation.

export const X_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write', 'dm.read', 'dm.write', 'tweet.moderate.write'];

const IMAGE_MAX = 5 * 1_048_576;
const VIDEO_MAX = 512 * 1_048_576;
/** X keeps the newest 800 mentions: 8 pages of 100. */
const MENTION_PAGES = 8;
const TWEET_FIELDS = 'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities,lang';

export const permalinkOf = (id: string) => `https://x.com/i/web/status/${id}`;

function composeText(input: PublishInput): string {
  const text = input.text.trim();
  return input.link && !text.includes(input.link) ? `${text}\n${input.link}`.trim() : text;
}

/** X answers text with &, <, > escaped and links shortened to t.co; compare on what survives. */
export function normalizeTweetText(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/https?:\/\/\S+/g, '<url>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** X wants YYYY-MM-DDTHH:mm:ssZ (no milliseconds). */
const xTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

async function uploadMedia(ctx: ConnectorContext, input: PublishInput): Promise<string[]> {
  const media = input.media ?? [];
  if (media.length === 0) return [];
  const videos = media.filter((m) => m.kind === 'video');
  if (videos.length > 1 || (videos.length === 1 && media.length > 1)) throw new ConnectorError('permanent', 'x', 'X hanya menerima satu video, atau sampai empat gambar, per postingan.');
  if (media.length > 4) throw new ConnectorError('permanent', 'x', 'X menerima paling banyak empat gambar per postingan.');
  const ids: string[] = [];
  for (const m of media) {
    const { bytes, contentType } = await readMedia('x', m.url, { maxBytes: m.kind === 'image' ? IMAGE_MAX : VIDEO_MAX });
    const mediaType = mimeOf(m.mimeType, contentType, m.url, m.kind);
    // media uploads are not posts: a lost answer leaves at most an orphan that expires, so 'read'
    ids.push(await withX(ctx, 'read', (c) => c.v2.uploadMedia(Buffer.from(bytes), { media_type: mediaType as never, media_category: m.kind === 'image' ? 'tweet_image' : 'tweet_video' })));
  }
  return ids;
}

function tweetEvent(accountId: string, t: TweetV2, users: UserV2[]): ParsedEvent {
  const at = t.created_at ? new Date(t.created_at) : null;
  return {
    // the same key as the Account Activity webhook's tweet_create_events, so a mention seen by both is stored once
    dedupeKey: `tweet_create_events:${t.id}`,
    externalAccountId: accountId,
    kind: 'tweet_create',
    occurredAt: at && !Number.isNaN(at.getTime()) ? at : null,
    // v2 shape (the webhook carries the v1.1 shape); `source` tells them apart
    payload: { for_user_id: accountId, type: 'tweet_create_events', source: 'poll', apiVersion: 2, event: t, author: users.find((u) => u.id === t.author_id) ?? null },
    unknown: false,
  };
}

interface MentionsPage {
  data?: TweetV2[];
  includes?: { users?: UserV2[] };
  meta?: { newest_id?: string; next_token?: string; result_count?: number };
}

const connector: Connector = {
  platform: 'x',
  capabilities: {
    publishText: true,
    publishImage: true,
    publishVideo: true,
    publishReel: false,
    comments: true,
    mentions: true,
    directMessages: true,
    publicReply: true,
    privateReply: true,
    hide: true,
    delete: false,
    insights: true,
    webhooks: true,
    polling: true,
  },

  async publish(ctx, input) {
    const text = composeText(input);
    if (!text && !input.media?.length) throw new ConnectorError('permanent', 'x', 'Postingan X kosong: isi teks atau media.');
    const mediaIds = await uploadMedia(ctx, input);
    const res = await withX(ctx, 'write', (c) =>
      c.v2.tweet({ ...(text ? { text } : {}), ...(mediaIds.length ? { media: { media_ids: mediaIds as [string] } } : {}) }),
    );
    return { externalId: res.data.id, permalink: permalinkOf(res.data.id) };
  },

  // found by its text; a tweet is on the timeline once POST /2/tweets answered (media are uploaded before)
  lookupIsComplete: (input) => !!composeText(input),

  async findPublished(ctx, input, since) {
    const want = normalizeTweetText(composeText(input));
    const userId = ctx.account.externalId;
    let token: string | undefined;
    for (let page = 0; page < 3; page++) {
      const body = await withX(ctx, 'read', (c) =>
        c.v2.get<MentionsPage>(`users/${userId}/tweets`, {
          max_results: 100,
          start_time: xTime(new Date(since.getTime() - 60_000)),
          'tweet.fields': 'created_at',
          ...(token ? { pagination_token: token } : {}),
        }),
      );
      const hit = (body.data ?? []).find((t) => normalizeTweetText(t.text) === want);
      if (hit) return { externalId: hit.id, permalink: permalinkOf(hit.id) };
      token = body.meta?.next_token;
      if (!token) break;
    }
    return null;
  },

  async replyPublic(ctx, input) {
    const text = input.text.trim();
    if (!text) throw new ConnectorError('permanent', 'x', 'Balasan kosong.');
    const res = await withX(ctx, 'write', (c) => c.v2.reply(text, input.target.externalId));
    return { externalId: res.data.id };
  },

  async replyPrivate(ctx, input) {
    const to = input.target.userId;
    if (!to) throw new ConnectorError('permanent', 'x', 'Pesan langsung X memerlukan id pengguna tujuan.');
    const text = input.text.trim();
    if (!text) throw new ConnectorError('permanent', 'x', 'Pesan kosong.');
    const res = await withX(ctx, 'write', (c) => c.v2.sendDmToParticipant(to, { text }));
    // the API answers {data:{dm_conversation_id, dm_event_id}}; twitter-api-v2 1.29 types it unwrapped
    const out = (res as unknown as { data?: { dm_event_id?: string } }).data ?? res;
    if (!out.dm_event_id) throw new ConnectorError('ambiguous', 'x', 'X tidak mengembalikan id pesan; periksa apakah pesan terkirim.');
    return { externalId: out.dm_event_id };
  },

  async setHidden(ctx, commentId, hidden) {
    // PUT is idempotent: repeating it after a lost answer is harmless
    await withX(ctx, 'read', (c) => c.v2.hideReply(commentId, hidden)).catch((err: unknown) => {
      if (err instanceof ConnectorError && err.kind === 'permanent' && err.status === 403) {
        throw new ConnectorError('permanent', 'x', 'X hanya mengizinkan menyembunyikan balasan pada percakapan yang dimulai akun ini.', { status: 403 });
      }
      throw err;
    });
  },

  async deleteComment(ctx, commentId) {
    const t = await withX(ctx, 'read', (c) => c.v2.get<{ data?: TweetV2 }>(`tweets/${commentId}`, { 'tweet.fields': 'author_id' }));
    if (!t.data) throw new ConnectorError('permanent', 'x', 'Postingan X tidak ditemukan (mungkin sudah dihapus).');
    if (t.data.author_id !== ctx.account.externalId) {
      throw new ConnectorError('unsupported', 'x', 'X tidak mengizinkan menghapus postingan orang lain; sembunyikan balasannya saja.');
    }
    await withX(ctx, 'read', (c) => c.v2.deleteTweet(commentId));
  },

  async insights(ctx, postId): Promise<Insights> {
    const body = await withX(ctx, 'read', (c) => c.v2.get<{ data?: TweetV2 }>(`tweets/${postId}`, { 'tweet.fields': 'public_metrics,created_at' }));
    if (!body.data) throw new ConnectorError('permanent', 'x', 'Postingan X tidak ditemukan (mungkin sudah dihapus).');
    const m = body.data.public_metrics;
    const engagement = m ? (m.like_count ?? 0) + (m.reply_count ?? 0) + (m.retweet_count ?? 0) + (m.quote_count ?? 0) + (m.bookmark_count ?? 0) : null;
    return { reach: null, impressions: m?.impression_count ?? null, engagement, raw: body.data };
  },

  async checkToken(ctx): Promise<TokenCheck> {
    try {
      await userClient(ctx).v2.me();
      return { valid: true, expiresAt: ctx.credentials.expiresAt, scopes: ctx.account.scopes.length ? ctx.account.scopes : null, reason: null };
    } catch (err) {
      const e = mapXError(err, 'read', ctx.now());
      if (e.kind !== 'auth') throw e;
      const exp = ctx.credentials.expiresAt;
      return { valid: false, expiresAt: exp, scopes: null, reason: exp && exp.getTime() <= ctx.now().getTime() ? 'expired' : 'revoked' };
    }
  },

  /**
   * Mentions since the cursor (the newest mention id seen). Pages back through next_token up to
   * X's 800-mention window; the first poll of an account takes only the newest page. When X's
   * x-rate-limit-remaining runs out mid-way the older pages are left for the next poll and the
   * cursor does not move (re-reading is harmless: the dedupe keys are the webhook's).
   */
  async poll(ctx, cursor): Promise<PollResult> {
    const userId = ctx.account.externalId;
    const since = cursor && /^\d+$/.test(cursor) ? cursor : null;
    const events: ParsedEvent[] = [];
    let newest: string | null = null;
    let token: string | undefined;
    let complete = true;
    for (let page = 0; ; page++) {
      let res: { data: MentionsPage; rateLimit?: { remaining: number } | undefined };
      try {
        res = await withX(ctx, 'read', (c) =>
          c.v2.get<MentionsPage>(
            `users/${userId}/mentions`,
            {
              max_results: 100,
              'tweet.fields': TWEET_FIELDS,
              expansions: 'author_id',
              'user.fields': 'username,name,profile_image_url',
              ...(since ? { since_id: since } : {}),
              ...(token ? { pagination_token: token } : {}),
            },
            { fullResponse: true },
          ),
        );
      } catch (err) {
        if (events.length > 0 && err instanceof ConnectorError && (err.kind === 'rate_limited' || err.kind === 'transient')) {
          complete = false;
          break;
        }
        throw err;
      }
      const body = res.data;
      if (page === 0) newest = body.meta?.newest_id ?? null;
      const users = body.includes?.users ?? [];
      for (const t of body.data ?? []) events.push(tweetEvent(userId, t, users));
      token = body.meta?.next_token;
      if (!token || !since || page + 1 >= MENTION_PAGES) break;
      if (res.rateLimit && res.rateLimit.remaining <= 0) {
        complete = false;
        break;
      }
    }
    events.reverse();
    return { events, cursor: complete ? (newest ?? since) : since };
  },
};

async function candidateFrom(client: ReturnType<typeof userClient>, creds: ConnectCandidate['credentials'], scopes: string[]): Promise<ConnectCandidate> {
  const me = await client.v2.me({ 'user.fields': ['profile_image_url', 'name', 'username'] });
  return {
    externalId: me.data.id,
    name: me.data.name,
    handle: `@${me.data.username}`,
    credentials: creds,
    scopes,
    extra: { username: me.data.username, ...(me.data.profile_image_url ? { profileImageUrl: me.data.profile_image_url } : {}) },
  };
}

const auth: ConnectorAuth = {
  kind: 'oauth',
  authorizeUrl(settings, p) {
    const u = new URL(`${settings.hosts.xWeb.replace(/\/+$/, '')}/i/oauth2/authorize`);
    u.searchParams.set('response_type', 'code');
    u.searchParams.set('client_id', settings.apps.x.clientId);
    u.searchParams.set('redirect_uri', p.redirectUri);
    u.searchParams.set('scope', X_SCOPES.join(' '));
    u.searchParams.set('state', p.state);
    u.searchParams.set('code_challenge', p.codeChallenge);
    u.searchParams.set('code_challenge_method', 'S256');
    return u.toString();
  },
  async exchangeCode(ctx, p) {
    try {
      // POST /2/oauth2/token with HTTP Basic client authentication (confidential client)
      const login = await appClient(ctx.settings).loginWithOAuth2({ code: p.code, codeVerifier: p.codeVerifier, redirectUri: p.redirectUri });
      const creds = { accessToken: login.accessToken, refreshToken: login.refreshToken ?? null, expiresAt: new Date(ctx.now().getTime() + login.expiresIn * 1000) };
      return [await candidateFrom(login.client, creds, login.scope)];
    } catch (err) {
      const e = mapXError(err, 'read', ctx.now());
      if (e.kind === 'permanent' && e.status === 400) throw new ConnectorError('permanent', 'x', `Kode otorisasi X tidak berlaku (sudah dipakai atau kedaluwarsa); ulangi proses hubungkan. ${e.message}`, { status: 400 });
      throw e;
    }
  },
  refresh: refreshX,
};

export const x: PlatformModule = { connector, auth };
