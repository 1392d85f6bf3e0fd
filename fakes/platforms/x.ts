// X API v2 fake: OAuth 2.0 (PKCE, refresh, 2 h tokens), app-only bearer, OAuth 1.0a user context,
// posts (201, duplicate 403), media upload (initialize/append/finalize/STATUS), mentions with
// since_id/pagination_token and the 800 cap, search, hidden replies, DMs, filtered stream (NDJSON),
// v2 webhooks (CRC + x-twitter-webhooks-signature) and x-rate-limit-* headers on every answer.
// Served at /x/2/... and, so that clients which key on the path (twitter-api-v2) work, at /2/...
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { FakeState } from '../core/state.ts';
import type { Incoming } from '../core/http.ts';
import { bearer, decodeCursor, encodeCursor, header, int, parseIncoming, sendJson, str } from '../core/http.ts';
import type { Token } from '../core/tokens.ts';
import { applyFaults } from '../core/faults.ts';
import type { HandshakeResult } from '../core/webhooks.ts';
import { xCrcCheck } from '../core/webhooks.ts';
import { xSignature } from '../core/signing.ts';
import { chooseSubject, consentPage, redirectTo } from '../core/oauth.ts';
import type { RateLimitRule } from '../core/types.ts';
import { hash32 } from '../core/rng.ts';

export interface XApp {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
  consumerKey: string;
  consumerSecret: string;
  bearerToken: string;
  redirectUris: string[];
  webhooks: XWebhook[];
  rules: { id: string; value: string; tag?: string }[];
}

export interface XWebhook {
  id: string;
  url: string;
  valid: boolean;
  createdAt: number;
  lastCrc?: HandshakeResult;
  subscriptions: Set<string>;
}

export interface XUser {
  id: string;
  username: string;
  name: string;
  createdAt: number;
  /** a connected (government) account, versus a citizen */
  connected: boolean;
  citizenKey?: string;
  followers: number;
  description: string;
}

export interface Tweet {
  id: string;
  authorId: string;
  text: string;
  createdAt: number;
  conversationId: string;
  inReplyToUserId?: string;
  replyToTweetId?: string;
  quoteTweetId?: string;
  mediaKeys: string[];
  mentionIds: string[];
  deleted: boolean;
  hidden: boolean;
  likeCount: number;
}

export interface XMedia {
  id: string;
  mediaKey: string;
  type: 'photo' | 'video' | 'animated_gif';
  mimeType: string;
  ownerId: string;
  category: string;
  totalBytes: number;
  receivedBytes: number;
  finalized: boolean;
  createdAt: number;
  readyAt: number;
}

export interface DmEvent {
  id: string;
  conversationId: string;
  senderId: string;
  participantIds: [string, string];
  text: string;
  createdAt: number;
}

interface XCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  challenge: string;
  method: string;
  expiresAt: number;
  used: boolean;
}

export interface XStore {
  apps: Map<string, XApp>;
  defaultAppId: string;
  users: Map<string, XUser>;
  usernames: Map<string, string>;
  tweets: Map<string, Tweet>;
  media: Map<string, XMedia>;
  dms: DmEvent[];
  codes: Map<string, XCode>;
  streams: Map<string, Set<ServerResponse>>;
}

export function createXStore(): XStore {
  return { apps: new Map(), defaultAppId: '', users: new Map(), usernames: new Map(), tweets: new Map(), media: new Map(), dms: [], codes: new Map(), streams: new Map() };
}

// ---------------------------------------------------------------------------------------------
// Errors

class XError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(String(body.detail ?? body.title ?? 'error'));
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

const P = 'https://api.x.com/2/problems';
const xerr = {
  unauthorized: () => new XError(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }),
  forbidden: (detail = 'You are not permitted to perform this action.') => new XError(403, { detail, type: 'about:blank', title: 'Forbidden', status: 403 }),
  appOnly: () =>
    new XError(403, {
      title: 'Unsupported Authentication',
      detail: 'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].',
      type: `${P}/unsupported-authentication`,
      status: 403,
    }),
  userOnly: () =>
    new XError(403, {
      title: 'Unsupported Authentication',
      detail: 'Authenticating with OAuth 2.0 User Context is forbidden for this endpoint.  Supported authentication types are [OAuth 2.0 Application-Only].',
      type: `${P}/unsupported-authentication`,
      status: 403,
    }),
  invalid: (parameters: Record<string, string[]>, message: string) =>
    new XError(400, { errors: [{ parameters, message }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: `${P}/invalid-request` }),
  notFound: (what: string) => new XError(404, { errors: [{ message: `The requested resource could not be found: ${what}` }], title: 'Not Found Error', detail: 'The requested resource could not be found.', type: `${P}/resource-not-found`, status: 404 }),
  tooMany: (headers: Record<string, string> = {}) => new XError(429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, headers),
  unavailable: () => new XError(503, { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status: 503 }),
};

function oauthError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return sendJson(reply, status, { error, error_description: description });
}

// ---------------------------------------------------------------------------------------------
// Auth

interface XAuth {
  kind: 'user' | 'app';
  app: XApp;
  userId?: string;
  token?: Token;
  scopes: string[];
  oauth1: boolean;
}

const pct = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function parseOAuth1(h: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of h.replace(/^OAuth\s+/i, '').split(',')) {
    const m = /^\s*([^=]+)="?([^"]*)"?\s*$/.exec(part);
    if (m?.[1]) out[m[1]] = decodeURIComponent(m[2] ?? '');
  }
  return out;
}

function verifyOAuth1(state: FakeState, req: FastifyRequest, inc: Incoming, auth: string): XAuth {
  const o = parseOAuth1(auth);
  const app = [...state.x.apps.values()].find((a) => a.consumerKey === o.oauth_consumer_key);
  if (!app) throw xerr.unauthorized();
  const check = state.tokens.check(o.oauth_token);
  if (check.status !== 'ok' || check.token.family !== 'x' || typeof check.token.data.oauth1Secret !== 'string') throw xerr.unauthorized();
  if (o.oauth_signature_method !== 'HMAC-SHA1') throw xerr.unauthorized();
  const params: [string, string][] = [];
  for (const [k, v] of Object.entries(inc.query)) params.push([k, v]);
  for (const [k, v] of Object.entries(o)) if (k !== 'oauth_signature' && k !== 'realm') params.push([k, v]);
  if (inc.contentType.includes('application/x-www-form-urlencoded')) for (const [k, v] of Object.entries(inc.form)) params.push([k, v]);
  const norm = params.map(([k, v]) => [pct(k), pct(v)] as const).sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
  const rawPath = (req.raw.url ?? '/').split('?')[0] ?? '/';
  const baseUrl = `http://${header(req, 'host') ?? '127.0.0.1'}${rawPath}`;
  const base = [req.method.toUpperCase(), pct(baseUrl), pct(norm)].join('&');
  const key = `${pct(app.consumerSecret)}&${pct(check.token.data.oauth1Secret)}`;
  const expected = createHmac('sha1', key).update(base).digest('base64');
  const got = Buffer.from(o.oauth_signature ?? '');
  if (got.length !== Buffer.byteLength(expected) || !timingSafeEqual(got, Buffer.from(expected))) throw xerr.unauthorized();
  return { kind: 'user', app, userId: check.token.subjectId, token: check.token, scopes: ['tweet.read', 'tweet.write', 'users.read', 'dm.read', 'dm.write', 'media.write', 'offline.access'], oauth1: true };
}

function authenticate(state: FakeState, req: FastifyRequest, inc: Incoming): XAuth {
  const authz = header(req, 'authorization');
  if (authz && /^OAuth\s/i.test(authz)) return verifyOAuth1(state, req, inc, authz);
  const raw = bearer(req);
  if (!raw) throw xerr.unauthorized();
  const app = [...state.x.apps.values()].find((a) => a.bearerToken === raw);
  if (app) return { kind: 'app', app, scopes: [], oauth1: false };
  const check = state.tokens.check(raw);
  if (check.status !== 'ok' || check.token.family !== 'x' || check.token.kind !== 'oauth2_user') throw xerr.unauthorized();
  const a = state.x.apps.get(check.token.appId);
  if (!a) throw xerr.unauthorized();
  return { kind: 'user', app: a, userId: check.token.subjectId, token: check.token, scopes: check.token.scopes, oauth1: false };
}

function needUser(auth: XAuth, ...scopes: string[]): string {
  if (auth.kind !== 'user' || !auth.userId) throw xerr.appOnly();
  if (!scopes.every((s) => auth.scopes.includes(s))) throw xerr.forbidden();
  return auth.userId;
}

// ---------------------------------------------------------------------------------------------
// Rate limits

interface Bucket {
  key: string;
  rule: RateLimitRule;
}

function endpointBuckets(state: FakeState, method: string, route: string, auth: XAuth): Bucket[] {
  const L = state.config.limits.x;
  const who = auth.kind === 'user' ? `u:${auth.userId}` : `a:${auth.app.id}`;
  if (method === 'POST' && route === '/2/tweets') return [{ key: `x:tweets:${who}`, rule: L.tweetsCreateUser }];
  if (method === 'GET' && /^\/2\/users\/[^/]+\/mentions$/.test(route)) {
    return [{ key: `x:mentions:${who}`, rule: auth.kind === 'user' ? L.mentionsUser : L.mentionsApp }];
  }
  if (method === 'POST' && route.startsWith('/2/dm_conversations')) return [{ key: `x:dm:${who}`, rule: L.dmSend }];
  const norm = route.replace(/\/\d+(?=\/|$)/g, '/:id');
  return [{ key: `x:${method}:${norm}:${who}`, rule: L.default }];
}

function rateHeaders(r: { limit: number; remaining: number; resetAt: number }): Record<string, string> {
  return { 'x-rate-limit-limit': String(r.limit), 'x-rate-limit-remaining': String(r.remaining), 'x-rate-limit-reset': String(Math.ceil(r.resetAt / 1000)) };
}

// ---------------------------------------------------------------------------------------------
// Rendering

const MS_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MS_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function v1Date(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MS_DAYS[d.getUTCDay()]} ${MS_MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

function list(inc: Incoming, name: string): string[] {
  return (str(inc.params, name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function renderUser(state: FakeState, u: XUser, fields: string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {
    id: u.id,
    name: u.name,
    username: u.username,
    created_at: new Date(u.createdAt).toISOString(),
    description: u.description,
    profile_image_url: `https://pbs.twimg.com/profile_images/fake/${u.id}_normal.jpg`,
    protected: false,
    verified: false,
    public_metrics: { followers_count: u.followers, following_count: 100 + (hash32(u.id) % 400), tweet_count: [...state.x.tweets.values()].filter((t) => t.authorId === u.id).length, listed_count: 3, like_count: 10 },
    url: '',
  };
  const out: Record<string, unknown> = { id: u.id, name: u.name, username: u.username };
  for (const f of fields) if (f in all) out[f] = all[f];
  return out;
}

function tweetMetrics(state: FakeState, t: Tweet): { reply: number; impressions: number } {
  const replies = [...state.x.tweets.values()].filter((x) => x.replyToTweetId === t.id && !x.deleted).length;
  const ageH = Math.max(0, (state.now() - t.createdAt) / 3_600_000);
  const impressions = Math.round((30 + (hash32(t.id) % 300)) * Math.min(1, 0.1 + Math.log10(1 + ageH) / 2) + replies * 25);
  return { reply: replies, impressions };
}

function renderTweet(state: FakeState, t: Tweet, fields: string[], auth: XAuth): Record<string, unknown> {
  const m = tweetMetrics(state, t);
  const own = auth.kind === 'user' && auth.userId === t.authorId;
  const mentions = t.mentionIds.map((id) => state.x.users.get(id)).filter((u): u is XUser => !!u);
  const all: Record<string, unknown> = {
    created_at: new Date(t.createdAt).toISOString(),
    author_id: t.authorId,
    conversation_id: t.conversationId,
    in_reply_to_user_id: t.inReplyToUserId,
    referenced_tweets: t.replyToTweetId || t.quoteTweetId ? [...(t.replyToTweetId ? [{ type: 'replied_to', id: t.replyToTweetId }] : []), ...(t.quoteTweetId ? [{ type: 'quoted', id: t.quoteTweetId }] : [])] : undefined,
    attachments: t.mediaKeys.length ? { media_keys: t.mediaKeys } : undefined,
    entities: mentions.length
      ? {
          mentions: mentions.map((u) => {
            const start = t.text.indexOf('@' + u.username);
            return { start: Math.max(0, start), end: Math.max(0, start) + u.username.length + 1, username: u.username, id: u.id };
          }),
        }
      : undefined,
    public_metrics: { retweet_count: hash32(t.id + 'rt') % 20, reply_count: m.reply, like_count: t.likeCount + (hash32(t.id + 'l') % 50), quote_count: 0, bookmark_count: hash32(t.id + 'b') % 5, impression_count: m.impressions },
    non_public_metrics: own ? { impression_count: m.impressions, user_profile_clicks: hash32(t.id + 'pc') % 15, url_link_clicks: 0 } : undefined,
    organic_metrics: own ? { impression_count: m.impressions, like_count: t.likeCount, reply_count: m.reply, retweet_count: 0, user_profile_clicks: hash32(t.id + 'pc') % 15 } : undefined,
    lang: 'in',
    possibly_sensitive: false,
    reply_settings: 'everyone',
    edit_history_tweet_ids: [t.id],
  };
  const out: Record<string, unknown> = { id: t.id, text: t.text, edit_history_tweet_ids: [t.id] };
  for (const f of fields) if (all[f] !== undefined) out[f] = all[f];
  return out;
}

function includesFor(state: FakeState, tweets: Tweet[], inc: Incoming, auth: XAuth): Record<string, unknown> | undefined {
  const expansions = list(inc, 'expansions');
  if (expansions.length === 0) return undefined;
  const userFields = list(inc, 'user.fields');
  const tweetFields = list(inc, 'tweet.fields');
  const users = new Map<string, XUser>();
  const refs = new Map<string, Tweet>();
  const media: XMedia[] = [];
  for (const t of tweets) {
    if (expansions.includes('author_id')) {
      const u = state.x.users.get(t.authorId);
      if (u) users.set(u.id, u);
    }
    if (expansions.includes('in_reply_to_user_id') && t.inReplyToUserId) {
      const u = state.x.users.get(t.inReplyToUserId);
      if (u) users.set(u.id, u);
    }
    if (expansions.includes('entities.mentions.username')) for (const id of t.mentionIds) {
      const u = state.x.users.get(id);
      if (u) users.set(u.id, u);
    }
    if (expansions.includes('referenced_tweets.id')) for (const id of [t.replyToTweetId, t.quoteTweetId]) {
      const r = id ? state.x.tweets.get(id) : undefined;
      if (r) refs.set(r.id, r);
    }
    if (expansions.includes('attachments.media_keys')) for (const k of t.mediaKeys) {
      const m = [...state.x.media.values()].find((x) => x.mediaKey === k);
      if (m) media.push(m);
    }
  }
  if (expansions.includes('referenced_tweets.id.author_id')) for (const r of refs.values()) {
    const u = state.x.users.get(r.authorId);
    if (u) users.set(u.id, u);
  }
  const out: Record<string, unknown> = {};
  if (users.size) out.users = [...users.values()].map((u) => renderUser(state, u, userFields));
  if (refs.size) out.tweets = [...refs.values()].map((r) => renderTweet(state, r, tweetFields, auth));
  if (media.length) out.media = media.map((m) => ({ media_key: m.mediaKey, type: m.type }));
  return Object.keys(out).length ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// Users and tweets helpers (also used by the control API)

export function xUser(state: FakeState, input: { username: string; name?: string; connected?: boolean; citizenKey?: string; id?: string }): XUser {
  const uname = input.username.replace(/^@/, '');
  const existingId = state.x.usernames.get(uname.toLowerCase());
  if (existingId) {
    const u = state.x.users.get(existingId);
    if (u) return u;
  }
  const u: XUser = {
    id: input.id ?? String(1_000_000_000_000_000_000n + BigInt(state.ids.counter('xuser')) * 7919n + BigInt(state.rng.int(0, 999_999))),
    username: uname,
    name: input.name ?? uname,
    createdAt: state.now() - 400 * 86_400_000,
    connected: input.connected ?? false,
    followers: input.connected ? 2_000 + state.rng.int(0, 40_000) : state.rng.int(3, 2_000),
    description: input.connected ? 'Akun resmi Pemerintah Provinsi Sumatera Barat' : '',
    ...(input.citizenKey === undefined ? {} : { citizenKey: input.citizenKey }),
  };
  state.x.users.set(u.id, u);
  state.x.usernames.set(uname.toLowerCase(), u.id);
  return u;
}

export function mentionIdsIn(state: FakeState, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/@([A-Za-z0-9_]{1,15})/g)) {
    const id = m[1] ? state.x.usernames.get(m[1].toLowerCase()) : undefined;
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

export function createTweet(state: FakeState, input: { authorId: string; text: string; replyTo?: string; quoteOf?: string; mediaKeys?: string[] }): Tweet {
  const parent = input.replyTo ? state.x.tweets.get(input.replyTo) : undefined;
  const id = state.ids.snowflake();
  const mentionIds = mentionIdsIn(state, input.text);
  if (parent && parent.authorId !== input.authorId && !mentionIds.includes(parent.authorId)) mentionIds.unshift(parent.authorId);
  const t: Tweet = {
    id,
    authorId: input.authorId,
    text: input.text,
    createdAt: state.now(),
    conversationId: parent ? parent.conversationId : id,
    ...(parent ? { inReplyToUserId: parent.authorId, replyToTweetId: parent.id } : {}),
    ...(input.quoteOf ? { quoteTweetId: input.quoteOf } : {}),
    mediaKeys: input.mediaKeys ?? [],
    mentionIds: mentionIds.filter((m) => m !== input.authorId),
    deleted: false,
    hidden: false,
    likeCount: 0,
  };
  state.x.tweets.set(t.id, t);
  fanOutTweet(state, t);
  return t;
}

/** webhook (tweet_create_events) and filtered-stream delivery of a new tweet */
function fanOutTweet(state: FakeState, t: Tweet): void {
  const author = state.x.users.get(t.authorId);
  if (!author) return;
  for (const app of state.x.apps.values()) {
    for (const wh of app.webhooks) {
      if (!wh.valid) continue;
      const forUsers = new Set<string>();
      if (wh.subscriptions.has(t.authorId)) forUsers.add(t.authorId);
      for (const m of t.mentionIds) if (wh.subscriptions.has(m)) forUsers.add(m);
      for (const uid of forUsers) {
        const payload = { for_user_id: uid, tweet_create_events: [v1Tweet(state, t, author)] };
        deliverX(state, app, wh, uid, payload, 'tweet_create_events', t.id);
      }
    }
    const conns = state.x.streams.get(app.id);
    if (conns && conns.size > 0) {
      const matching = app.rules.filter((r) => ruleMatches(state, r.value, t, author));
      if (matching.length > 0) {
        const line = JSON.stringify({
          data: { id: t.id, text: t.text, edit_history_tweet_ids: [t.id], author_id: t.authorId, created_at: new Date(t.createdAt).toISOString(), conversation_id: t.conversationId },
          includes: { users: [{ id: author.id, name: author.name, username: author.username }] },
          matching_rules: matching.map((r) => ({ id: r.id, tag: r.tag ?? '' })),
        });
        for (const res of conns) res.write(line + '\r\n');
      }
    }
  }
}

function v1Tweet(state: FakeState, t: Tweet, author: XUser): Record<string, unknown> {
  const parentAuthor = t.inReplyToUserId ? state.x.users.get(t.inReplyToUserId) : undefined;
  return {
    created_at: v1Date(t.createdAt),
    id: Number(t.id),
    id_str: t.id,
    text: t.text,
    source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    truncated: false,
    in_reply_to_status_id: t.replyToTweetId ? Number(t.replyToTweetId) : null,
    in_reply_to_status_id_str: t.replyToTweetId ?? null,
    in_reply_to_user_id: t.inReplyToUserId ? Number(t.inReplyToUserId) : null,
    in_reply_to_user_id_str: t.inReplyToUserId ?? null,
    in_reply_to_screen_name: parentAuthor?.username ?? null,
    user: { id: Number(author.id), id_str: author.id, name: author.name, screen_name: author.username, followers_count: author.followers },
    is_quote_status: !!t.quoteTweetId,
    entities: {
      hashtags: [],
      urls: [],
      user_mentions: t.mentionIds.map((id) => state.x.users.get(id)).filter((u): u is XUser => !!u).map((u) => {
        const start = t.text.indexOf('@' + u.username);
        return { screen_name: u.username, name: u.name, id: Number(u.id), id_str: u.id, indices: [Math.max(0, start), Math.max(0, start) + u.username.length + 1] };
      }),
      symbols: [],
    },
    lang: 'in',
    timestamp_ms: String(t.createdAt),
  };
}

function deliverX(state: FakeState, app: XApp, wh: XWebhook, forUserId: string, payload: Record<string, unknown>, kind: string, eventId: string): string {
  const body = JSON.stringify(payload);
  const d = state.webhooks.enqueue({
    platform: 'x',
    url: wh.url,
    body,
    kind,
    accountId: forUserId,
    eventIds: [eventId],
    group: `x:${wh.id}`,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-twitter-webhooks-signature': xSignature(app.consumerSecret, body), 'user-agent': 'Twitter Webhooks' },
  });
  return d.id;
}

export function createDm(state: FakeState, senderId: string, recipientId: string, text: string): DmEvent {
  const [a, b] = [senderId, recipientId].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)) as [string, string];
  const ev: DmEvent = { id: state.ids.snowflake(), conversationId: `${a}-${b}`, senderId, participantIds: [a, b], text, createdAt: state.now() };
  state.x.dms.push(ev);
  const sender = state.x.users.get(senderId);
  const recipient = state.x.users.get(recipientId);
  for (const app of state.x.apps.values()) {
    for (const wh of app.webhooks) {
      if (!wh.valid) continue;
      for (const uid of [senderId, recipientId]) {
        if (!wh.subscriptions.has(uid)) continue;
        const payload = {
          for_user_id: uid,
          direct_message_events: [
            {
              type: 'message_create',
              id: ev.id,
              created_timestamp: String(ev.createdAt),
              message_create: { target: { recipient_id: recipientId }, sender_id: senderId, message_data: { text, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } } },
            },
          ],
          users: Object.fromEntries([sender, recipient].filter((u): u is XUser => !!u).map((u) => [u.id, { id: u.id, created_timestamp: String(u.createdAt), name: u.name, screen_name: u.username, protected: false, verified: false, followers_count: u.followers }])),
        };
        deliverX(state, app, wh, uid, payload, 'direct_message_events', ev.id);
      }
    }
  }
  return ev;
}

/** The small rule language of the filtered stream: terms, "phrases", @user, from:, to:, is:reply/retweet, OR, -negation, (groups ignored). */
export function ruleMatches(state: FakeState, rule: string, t: Tweet, author: XUser): boolean {
  const tokens = rule.match(/-?"[^"]*"|-?\S+/g) ?? [];
  const groups: string[][] = [[]];
  for (const tok of tokens) {
    if (tok === 'OR') groups.push([]);
    else groups[groups.length - 1]?.push(tok.replace(/^\(|\)$/g, ''));
  }
  const text = t.text.toLowerCase();
  const test = (tok: string): boolean => {
    const lower = tok.toLowerCase();
    if (lower.startsWith('"')) return text.includes(lower.replace(/"/g, ''));
    if (lower.startsWith('@')) {
      const id = state.x.usernames.get(lower.slice(1));
      return !!id && (t.mentionIds.includes(id) || text.includes(lower));
    }
    if (lower.startsWith('from:')) return author.username.toLowerCase() === lower.slice(5);
    if (lower.startsWith('to:')) {
      const id = state.x.usernames.get(lower.slice(3));
      return !!id && t.inReplyToUserId === id;
    }
    if (lower === 'is:retweet') return false;
    if (lower === 'is:reply') return !!t.replyToTweetId;
    if (lower === 'is:quote') return !!t.quoteTweetId;
    if (lower === 'has:media') return t.mediaKeys.length > 0;
    if (lower.startsWith('lang:')) return true;
    if (lower.startsWith('conversation_id:')) return t.conversationId === lower.slice(16);
    return text.includes(lower);
  };
  return groups.some((g) => g.length > 0 && g.every((tok) => (tok.startsWith('-') ? !test(tok.slice(1)) : test(tok))));
}

// ---------------------------------------------------------------------------------------------
// Handlers

type Handler = (ctx: XCtx) => Promise<{ status?: number; body: unknown } | void> | { status?: number; body: unknown } | void;

interface XCtx {
  state: FakeState;
  req: FastifyRequest;
  reply: FastifyReply;
  inc: Incoming;
  auth: XAuth;
  params: Record<string, string>;
  extraHeaders: Record<string, string>;
}

function timeline(ctx: XCtx, tweets: Tweet[], opts: { min: number; max: number; def: number; cap?: number }): { status?: number; body: unknown } {
  const { inc } = ctx;
  const maxResults = int(inc.params, 'max_results') ?? opts.def;
  if (!Number.isFinite(maxResults) || maxResults < opts.min || maxResults > opts.max) {
    throw xerr.invalid({ max_results: [String(str(inc.params, 'max_results'))] }, `The \`max_results\` query parameter value [${str(inc.params, 'max_results')}] is not between ${opts.min} and ${opts.max}`);
  }
  const sinceId = str(inc.params, 'since_id');
  const untilId = str(inc.params, 'until_id');
  const startTime = str(inc.params, 'start_time');
  const endTime = str(inc.params, 'end_time');
  let items = tweets.filter((t) => !t.deleted).sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  if (opts.cap) items = items.slice(0, opts.cap);
  if (sinceId) items = items.filter((t) => BigInt(t.id) > BigInt(sinceId));
  if (untilId) items = items.filter((t) => BigInt(t.id) < BigInt(untilId));
  if (startTime) items = items.filter((t) => t.createdAt >= Date.parse(startTime));
  if (endTime) items = items.filter((t) => t.createdAt <= Date.parse(endTime));
  const token = str(inc.params, 'pagination_token');
  if (token) {
    const c = decodeCursor(token);
    if (!c || typeof c.below !== 'string') throw xerr.invalid({ pagination_token: [token] }, 'The `pagination_token` query parameter value is not valid');
    const below = BigInt(c.below);
    items = items.filter((t) => BigInt(t.id) < below);
  }
  const page = items.slice(0, maxResults);
  const tweetFields = list(inc, 'tweet.fields');
  const meta: Record<string, unknown> = { result_count: page.length };
  if (page.length) {
    meta.newest_id = page[0]?.id;
    meta.oldest_id = page[page.length - 1]?.id;
    if (items.length > page.length) meta.next_token = encodeCursor({ below: page[page.length - 1]?.id });
  }
  const body: Record<string, unknown> = {};
  if (page.length) body.data = page.map((t) => renderTweet(ctx.state, t, tweetFields, ctx.auth));
  const includes = includesFor(ctx.state, page, inc, ctx.auth);
  if (includes) body.includes = includes;
  body.meta = meta;
  return { body };
}

function userById(ctx: XCtx, id: string): XUser {
  const u = ctx.state.x.users.get(id);
  if (!u) throw xerr.notFound(`user ${id}`);
  return u;
}

function jsonBody(ctx: XCtx): Record<string, unknown> {
  if (ctx.inc.bodyError) throw xerr.invalid({}, `Request body is not valid JSON: ${ctx.inc.bodyError}`);
  const j = ctx.inc.json;
  if (j === undefined) return ctx.inc.params;
  if (!j || typeof j !== 'object' || Array.isArray(j)) throw xerr.invalid({}, 'Request body must be a JSON object');
  return j as Record<string, unknown>;
}

function mediaReady(state: FakeState, m: XMedia): 'pending' | 'in_progress' | 'succeeded' | 'failed' {
  if (!m.finalized) return 'pending';
  if (m.type === 'photo') return 'succeeded';
  return state.now() >= m.readyAt ? 'succeeded' : 'in_progress';
}

function renderDm(ev: DmEvent, fields: string[]): Record<string, unknown> {
  const all: Record<string, unknown> = { dm_conversation_id: ev.conversationId, created_at: new Date(ev.createdAt).toISOString(), sender_id: ev.senderId, participant_ids: ev.participantIds };
  const out: Record<string, unknown> = { id: ev.id, text: ev.text, event_type: 'MessageCreate' };
  for (const f of fields) if (f in all) out[f] = all[f];
  return out;
}

function dmList(ctx: XCtx, events: DmEvent[]): { body: unknown } {
  const maxResults = int(ctx.inc.params, 'max_results') ?? 100;
  if (!Number.isFinite(maxResults) || maxResults < 1 || maxResults > 100) throw xerr.invalid({ max_results: [String(maxResults)] }, 'The `max_results` query parameter value is not between 1 and 100');
  let items = events.slice().sort((a, b) => b.createdAt - a.createdAt || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const token = str(ctx.inc.params, 'pagination_token');
  if (token) {
    const c = decodeCursor(token);
    if (!c || typeof c.o !== 'number') throw xerr.invalid({ pagination_token: [token] }, 'The `pagination_token` query parameter value is not valid');
    items = items.slice(c.o);
  }
  const offset = token ? Number(decodeCursor(token)?.o ?? 0) : 0;
  const page = items.slice(0, maxResults);
  const meta: Record<string, unknown> = { result_count: page.length };
  if (items.length > page.length) meta.next_token = encodeCursor({ o: offset + page.length });
  const fields = list(ctx.inc, 'dm_event.fields');
  return { body: { ...(page.length ? { data: page.map((e) => renderDm(e, fields)) } : {}), meta } };
}

const routes: { method: string; pattern: RegExp; keys: string[]; handler: Handler; auth?: 'none' }[] = [];
function route(method: string, path: string, handler: Handler, opts: { auth?: 'none' } = {}): void {
  const keys: string[] = [];
  const pattern = new RegExp('^' + path.replace(/:([a-z_]+)/g, (_, k: string) => {
    keys.push(k);
    return '([^/]+)';
  }) + '$');
  routes.push({ method, pattern, keys, handler, ...opts });
}

route('GET', '/2/users/me', (ctx) => {
  const id = needUser(ctx.auth, 'users.read');
  return { body: { data: renderUser(ctx.state, userById(ctx, id), list(ctx.inc, 'user.fields')) } };
});
route('GET', '/2/users/by/username/:username', (ctx) => {
  const id = ctx.state.x.usernames.get((ctx.params.username ?? '').toLowerCase());
  if (!id) {
    return { body: { errors: [{ value: ctx.params.username, detail: `Could not find user with username: [${ctx.params.username}].`, title: 'Not Found Error', resource_type: 'user', parameter: 'username', resource_id: ctx.params.username, type: `${P}/resource-not-found` }] } };
  }
  return { body: { data: renderUser(ctx.state, userById(ctx, id), list(ctx.inc, 'user.fields')) } };
});
route('GET', '/2/users/:id', (ctx) => {
  const u = ctx.state.x.users.get(ctx.params.id ?? '');
  if (!u) return { body: { errors: [{ value: ctx.params.id, detail: `Could not find user with id: [${ctx.params.id}].`, title: 'Not Found Error', resource_type: 'user', parameter: 'id', resource_id: ctx.params.id, type: `${P}/resource-not-found` }] } };
  return { body: { data: renderUser(ctx.state, u, list(ctx.inc, 'user.fields')) } };
});
route('GET', '/2/users', (ctx) => {
  const ids = list(ctx.inc, 'ids');
  if (ids.length === 0) throw xerr.invalid({ ids: [] }, 'The `ids` query parameter can not be empty');
  const found = ids.map((id) => ctx.state.x.users.get(id)).filter((u): u is XUser => !!u);
  const missing = ids.filter((id) => !ctx.state.x.users.has(id));
  return { body: { ...(found.length ? { data: found.map((u) => renderUser(ctx.state, u, list(ctx.inc, 'user.fields'))) } : {}), ...(missing.length ? { errors: missing.map((id) => ({ value: id, detail: `Could not find user with ids: [${id}].`, title: 'Not Found Error', resource_type: 'user', parameter: 'ids', resource_id: id, type: `${P}/resource-not-found` })) } : {}) } };
});

route('POST', '/2/tweets', (ctx) => {
  const uid = needUser(ctx.auth, 'tweet.read', 'tweet.write', 'users.read');
  const b = jsonBody(ctx);
  const text = typeof b.text === 'string' ? b.text : undefined;
  const media = b.media as { media_ids?: unknown } | undefined;
  const mediaIds = Array.isArray(media?.media_ids) ? media.media_ids.map(String) : [];
  if (!text && mediaIds.length === 0) throw xerr.invalid({ text: [] }, 'You must provide text or media');
  if (text && [...text].length > 280) throw new XError(400, { errors: [{ message: 'Your Tweet text is too long.' }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: `${P}/invalid-request` });
  const reply = b.reply as { in_reply_to_tweet_id?: unknown } | undefined;
  const replyTo = reply?.in_reply_to_tweet_id === undefined ? undefined : String(reply.in_reply_to_tweet_id);
  if (replyTo) {
    const parent = ctx.state.x.tweets.get(replyTo);
    if (!parent || parent.deleted) throw xerr.forbidden('You attempted to reply to a Tweet that is deleted or not visible to you.');
  }
  const quote = b.quote_tweet_id === undefined ? undefined : String(b.quote_tweet_id);
  const mediaKeys: string[] = [];
  for (const id of mediaIds) {
    const m = ctx.state.x.media.get(id);
    if (!m || m.ownerId !== uid) throw xerr.invalid({ 'media.media_ids': [id] }, `Your media IDs are invalid.`);
    if (mediaReady(ctx.state, m) !== 'succeeded') throw xerr.invalid({ 'media.media_ids': [id] }, 'Your media IDs are invalid.');
    mediaKeys.push(m.mediaKey);
  }
  if (text) {
    const dup = [...ctx.state.x.tweets.values()].some((t) => t.authorId === uid && !t.deleted && t.text === text && ctx.state.now() - t.createdAt < 86_400_000);
    if (dup) throw xerr.forbidden('You are not allowed to create a Tweet with duplicate content.');
  }
  const L = ctx.state.config.limits.x;
  const dayUser = ctx.state.limiter.hit(`x:tweets24:u:${uid}`, L.tweetsCreateUserDay);
  const dayApp = ctx.state.limiter.hit(`x:tweets24:a:${ctx.auth.app.id}`, L.tweetsCreateApp);
  Object.assign(ctx.extraHeaders, {
    'x-user-limit-24hour-limit': String(dayUser.limit),
    'x-user-limit-24hour-remaining': String(dayUser.remaining),
    'x-user-limit-24hour-reset': String(Math.ceil(dayUser.resetAt / 1000)),
    'x-app-limit-24hour-limit': String(dayApp.limit),
    'x-app-limit-24hour-remaining': String(dayApp.remaining),
    'x-app-limit-24hour-reset': String(Math.ceil(dayApp.resetAt / 1000)),
  });
  if (!dayUser.allowed || !dayApp.allowed) throw xerr.tooMany();
  const t = createTweet(ctx.state, { authorId: uid, text: text ?? '', ...(replyTo ? { replyTo } : {}), ...(quote ? { quoteOf: quote } : {}), mediaKeys });
  ctx.state.record({ platform: 'x', kind: replyTo ? 'comment_reply' : 'post', accountId: uid, objectId: t.id, ...(replyTo ? { targetId: replyTo } : {}), text: t.text, data: { mediaIds, quote } });
  return { status: 201, body: { data: { id: t.id, text: t.text, edit_history_tweet_ids: [t.id] } } };
});
route('DELETE', '/2/tweets/:id', (ctx) => {
  const uid = needUser(ctx.auth, 'tweet.read', 'tweet.write', 'users.read');
  const t = ctx.state.x.tweets.get(ctx.params.id ?? '');
  if (!t || t.deleted) throw xerr.notFound(`tweet ${ctx.params.id}`);
  if (t.authorId !== uid) throw xerr.forbidden('You are not authorized to delete this Tweet.');
  t.deleted = true;
  ctx.state.record({ platform: 'x', kind: 'post_deleted', accountId: uid, targetId: t.id, text: t.text, data: {} });
  return { body: { data: { deleted: true } } };
});
route('GET', '/2/tweets/:id', (ctx) => {
  const t = ctx.state.x.tweets.get(ctx.params.id ?? '');
  if (!t || t.deleted) {
    return { body: { errors: [{ value: ctx.params.id, detail: `Could not find tweet with id: [${ctx.params.id}].`, title: 'Not Found Error', resource_type: 'tweet', parameter: 'id', resource_id: ctx.params.id, type: `${P}/resource-not-found` }] } };
  }
  const body: Record<string, unknown> = { data: renderTweet(ctx.state, t, list(ctx.inc, 'tweet.fields'), ctx.auth) };
  const inc = includesFor(ctx.state, [t], ctx.inc, ctx.auth);
  if (inc) body.includes = inc;
  return { body };
});
route('GET', '/2/tweets', (ctx) => {
  const ids = list(ctx.inc, 'ids');
  if (ids.length === 0 || ids.length > 100) throw xerr.invalid({ ids: ids }, 'The `ids` query parameter value must contain between 1 and 100 ids');
  const found = ids.map((id) => ctx.state.x.tweets.get(id)).filter((t): t is Tweet => !!t && !t.deleted);
  const missing = ids.filter((id) => !found.some((t) => t.id === id));
  const body: Record<string, unknown> = {};
  if (found.length) body.data = found.map((t) => renderTweet(ctx.state, t, list(ctx.inc, 'tweet.fields'), ctx.auth));
  const inc = includesFor(ctx.state, found, ctx.inc, ctx.auth);
  if (inc) body.includes = inc;
  if (missing.length) body.errors = missing.map((id) => ({ value: id, detail: `Could not find tweet with ids: [${id}].`, title: 'Not Found Error', resource_type: 'tweet', parameter: 'ids', resource_id: id, type: `${P}/resource-not-found` }));
  return { body };
});
route('GET', '/2/users/:id/mentions', (ctx) => {
  const u = userById(ctx, ctx.params.id ?? '');
  const tweets = [...ctx.state.x.tweets.values()].filter((t) => t.mentionIds.includes(u.id) && t.authorId !== u.id);
  return timeline(ctx, tweets, { min: 5, max: 100, def: 10, cap: 800 });
});
route('GET', '/2/users/:id/tweets', (ctx) => {
  const u = userById(ctx, ctx.params.id ?? '');
  const tweets = [...ctx.state.x.tweets.values()].filter((t) => t.authorId === u.id);
  return timeline(ctx, tweets, { min: 5, max: 100, def: 10, cap: 3200 });
});
route('GET', '/2/tweets/search/recent', (ctx) => {
  const q = str(ctx.inc.params, 'query');
  if (!q) throw xerr.invalid({ query: [] }, 'The `query` query parameter can not be empty');
  const tweets = [...ctx.state.x.tweets.values()].filter((t) => {
    const a = ctx.state.x.users.get(t.authorId);
    return !!a && ctx.state.now() - t.createdAt <= 7 * 86_400_000 && ruleMatches(ctx.state, q, t, a);
  });
  return timeline(ctx, tweets, { min: 10, max: 100, def: 10 });
});
route('PUT', '/2/tweets/:id/hidden', (ctx) => {
  const uid = needUser(ctx.auth, 'tweet.moderate.write');
  const b = jsonBody(ctx);
  if (typeof b.hidden !== 'boolean') throw xerr.invalid({ hidden: [String(b.hidden)] }, 'The `hidden` field must be a boolean');
  const t = ctx.state.x.tweets.get(ctx.params.id ?? '');
  if (!t || t.deleted) throw xerr.notFound(`tweet ${ctx.params.id}`);
  const root = ctx.state.x.tweets.get(t.conversationId);
  if (!t.replyToTweetId || root?.authorId !== uid) throw xerr.forbidden('You can only hide or unhide replies to conversations you authored.');
  if (t.hidden !== b.hidden) {
    t.hidden = b.hidden;
    ctx.state.record({ platform: 'x', kind: b.hidden ? 'comment_hidden' : 'comment_unhidden', accountId: uid, targetId: t.id, text: t.text, data: { conversationId: t.conversationId } });
  }
  return { body: { data: { hidden: t.hidden } } };
});

// media upload (v2)
function newMedia(ctx: XCtx, uid: string, mimeType: string, category: string, totalBytes: number): XMedia {
  const id = ctx.state.ids.snowflake();
  const type: XMedia['type'] = mimeType.includes('gif') ? 'animated_gif' : mimeType.startsWith('video') ? 'video' : 'photo';
  const m: XMedia = { id, mediaKey: `${type === 'photo' ? 3 : type === 'video' ? 7 : 16}_${id}`, type, mimeType, ownerId: uid, category, totalBytes, receivedBytes: 0, finalized: false, createdAt: ctx.state.now(), readyAt: ctx.state.now() };
  ctx.state.x.media.set(id, m);
  return m;
}
function mediaStatusBody(ctx: XCtx, m: XMedia): Record<string, unknown> {
  const st = mediaReady(ctx.state, m);
  const data: Record<string, unknown> = { id: m.id, media_key: m.mediaKey, size: m.totalBytes, expires_after_secs: 86400 };
  if (m.type !== 'photo' && m.finalized) {
    data.processing_info = st === 'succeeded' ? { state: 'succeeded', progress_percent: 100 } : { state: st, check_after_secs: Math.max(1, Math.ceil((m.readyAt - ctx.state.now()) / 1000)), progress_percent: 50 };
  }
  return { data };
}
route('POST', '/2/media/upload', (ctx) => {
  const uid = needUser(ctx.auth, 'media.write');
  const file = ctx.inc.parts.media;
  const command = str(ctx.inc.params, 'command');
  if (command) throw xerr.invalid({ command: [command] }, 'Use /2/media/upload/initialize, /append and /finalize for chunked uploads');
  const dataB64 = str(ctx.inc.params, 'media_data');
  const bytes = file?.size ?? (dataB64 ? Buffer.from(dataB64, 'base64').length : 0);
  if (!bytes) throw xerr.invalid({ media: [] }, 'The `media` field is required');
  const m = newMedia(ctx, uid, file?.contentType || str(ctx.inc.params, 'media_type') || 'image/jpeg', str(ctx.inc.params, 'media_category') ?? 'tweet_image', bytes);
  m.receivedBytes = bytes;
  m.finalized = true;
  ctx.state.record({ platform: 'x', kind: 'media_upload', accountId: uid, objectId: m.id, data: { bytes, type: m.mimeType } });
  return { body: mediaStatusBody(ctx, m) };
});
route('POST', '/2/media/upload/initialize', (ctx) => {
  const uid = needUser(ctx.auth, 'media.write');
  const b = jsonBody(ctx);
  const mediaType = typeof b.media_type === 'string' ? b.media_type : undefined;
  const total = Number(b.total_bytes);
  if (!mediaType) throw xerr.invalid({ media_type: [] }, 'The `media_type` field is required');
  if (!Number.isFinite(total) || total <= 0) throw xerr.invalid({ total_bytes: [String(b.total_bytes)] }, 'The `total_bytes` field is required');
  if (total > 512 * 1024 * 1024) throw xerr.invalid({ total_bytes: [String(total)] }, 'File size exceeds 536870912 bytes.');
  const m = newMedia(ctx, uid, mediaType, typeof b.media_category === 'string' ? b.media_category : 'tweet_image', total);
  return { body: { data: { id: m.id, media_key: m.mediaKey, expires_after_secs: 86400 } } };
});
route('POST', '/2/media/upload/:id/append', (ctx) => {
  const uid = needUser(ctx.auth, 'media.write');
  const m = ctx.state.x.media.get(ctx.params.id ?? '');
  if (!m || m.ownerId !== uid || m.finalized) throw xerr.invalid({ id: [String(ctx.params.id)] }, 'Invalid media id');
  const chunk = ctx.inc.parts.media;
  const b64 = str(ctx.inc.params, 'media_data');
  const size = chunk?.size ?? (b64 ? Buffer.from(b64, 'base64').length : 0);
  if (!size) throw xerr.invalid({ media: [] }, 'The `media` field is required');
  if (str(ctx.inc.params, 'segment_index') === undefined) throw xerr.invalid({ segment_index: [] }, 'The `segment_index` field is required');
  m.receivedBytes += size;
  return { body: { data: { expires_at: Math.floor(m.createdAt / 1000) + 86400 } } };
});
route('POST', '/2/media/upload/:id/finalize', (ctx) => {
  const uid = needUser(ctx.auth, 'media.write');
  const m = ctx.state.x.media.get(ctx.params.id ?? '');
  if (!m || m.ownerId !== uid) throw xerr.invalid({ id: [String(ctx.params.id)] }, 'Invalid media id');
  if (m.receivedBytes !== m.totalBytes) throw xerr.invalid({ total_bytes: [String(m.totalBytes)] }, `File size mismatch: received ${m.receivedBytes} of ${m.totalBytes} bytes.`);
  m.finalized = true;
  m.readyAt = ctx.state.now() + (m.type === 'photo' ? 0 : ctx.state.config.processing.xMediaMs);
  ctx.state.record({ platform: 'x', kind: 'media_upload', accountId: uid, objectId: m.id, data: { bytes: m.totalBytes, type: m.mimeType } });
  return { body: mediaStatusBody(ctx, m) };
});
route('GET', '/2/media/upload', (ctx) => {
  needUser(ctx.auth, 'media.write');
  if (str(ctx.inc.params, 'command') !== 'STATUS') throw xerr.invalid({ command: [String(str(ctx.inc.params, 'command'))] }, 'command must be STATUS');
  const m = ctx.state.x.media.get(str(ctx.inc.params, 'media_id') ?? '');
  if (!m) throw xerr.invalid({ media_id: [String(str(ctx.inc.params, 'media_id'))] }, 'Invalid media id');
  return { body: mediaStatusBody(ctx, m) };
});

// DMs
route('GET', '/2/dm_events', (ctx) => {
  const uid = needUser(ctx.auth, 'dm.read', 'tweet.read', 'users.read');
  return dmList(ctx, ctx.state.x.dms.filter((e) => e.participantIds.includes(uid)));
});
route('GET', '/2/dm_conversations/with/:participant_id/dm_events', (ctx) => {
  const uid = needUser(ctx.auth, 'dm.read', 'tweet.read', 'users.read');
  const other = ctx.params.participant_id ?? '';
  return dmList(ctx, ctx.state.x.dms.filter((e) => e.participantIds.includes(uid) && e.participantIds.includes(other)));
});
function sendDm(ctx: XCtx, recipientId: string): { status: number; body: unknown } {
  const uid = needUser(ctx.auth, 'dm.write', 'dm.read', 'tweet.read', 'users.read');
  const b = jsonBody(ctx);
  const text = typeof b.text === 'string' ? b.text : '';
  if (!text && !Array.isArray(b.attachments)) throw xerr.invalid({ text: [] }, 'The `text` field is required');
  if (!ctx.state.x.users.has(recipientId)) throw xerr.invalid({ participant_id: [recipientId] }, 'The `participant_id` is not a valid user');
  const talked = ctx.state.x.dms.some((e) => e.participantIds.includes(uid) && e.participantIds.includes(recipientId) && e.senderId === recipientId);
  if (!talked) throw xerr.forbidden('You cannot send messages to users who are not following you.');
  const ev = createDm(ctx.state, uid, recipientId, text);
  ctx.state.record({ platform: 'x', kind: 'message', accountId: uid, objectId: ev.id, targetId: recipientId, text, data: { conversationId: ev.conversationId } });
  return { status: 201, body: { data: { dm_conversation_id: ev.conversationId, dm_event_id: ev.id } } };
}
route('POST', '/2/dm_conversations/with/:participant_id/messages', (ctx) => sendDm(ctx, ctx.params.participant_id ?? ''));
route('POST', '/2/dm_conversations/:conversation_id/messages', (ctx) => {
  const uid = needUser(ctx.auth, 'dm.write');
  const other = (ctx.params.conversation_id ?? '').split('-').find((id) => id !== uid);
  if (!other) throw xerr.notFound(`conversation ${ctx.params.conversation_id}`);
  return sendDm(ctx, other);
});

// filtered stream rules
function needApp(auth: XAuth): XApp {
  if (auth.kind !== 'app') throw xerr.userOnly();
  return auth.app;
}
route('GET', '/2/tweets/search/stream/rules', (ctx) => {
  const app = needApp(ctx.auth);
  const ids = list(ctx.inc, 'ids');
  const rules = app.rules.filter((r) => ids.length === 0 || ids.includes(r.id));
  return { body: { ...(rules.length ? { data: rules } : {}), meta: { sent: new Date(ctx.state.now()).toISOString(), result_count: rules.length } } };
});
route('POST', '/2/tweets/search/stream/rules', (ctx) => {
  const app = needApp(ctx.auth);
  const b = jsonBody(ctx);
  const dry = str(ctx.inc.params, 'dry_run') === 'true';
  const now = new Date(ctx.state.now()).toISOString();
  if (Array.isArray(b.add)) {
    const created: { id: string; value: string; tag?: string }[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const r of b.add as { value?: unknown; tag?: unknown }[]) {
      const value = typeof r.value === 'string' ? r.value.trim() : '';
      if (!value || value.length > 1024) {
        errors.push({ value, details: ['Rule is empty or too long'], title: 'UnprocessableEntity', type: `${P}/invalid-rules` });
        continue;
      }
      if (app.rules.some((x) => x.value === value)) {
        errors.push({ value, id: app.rules.find((x) => x.value === value)?.id, title: 'DuplicateRule', type: `${P}/duplicate-rules` });
        continue;
      }
      const rule = { id: ctx.state.ids.snowflake(), value, ...(typeof r.tag === 'string' ? { tag: r.tag } : {}) };
      created.push(rule);
    }
    if (app.rules.length + created.length > 1000) throw new XError(400, { title: 'RulesCapExceeded', detail: 'Rule cap exceeded', type: `${P}/rule-cap` });
    if (!dry) app.rules.push(...created);
    return { status: created.length ? 201 : 200, body: { ...(created.length ? { data: created } : {}), ...(errors.length ? { errors } : {}), meta: { sent: now, summary: { created: created.length, not_created: errors.length, valid: created.length, invalid: errors.length } } } };
  }
  const del = b.delete as { ids?: unknown; values?: unknown } | undefined;
  if (del) {
    const ids = Array.isArray(del.ids) ? del.ids.map(String) : [];
    const values = Array.isArray(del.values) ? del.values.map(String) : [];
    const before = app.rules.length;
    const keep = app.rules.filter((r) => !ids.includes(r.id) && !values.includes(r.value));
    const deleted = before - keep.length;
    if (!dry) app.rules = keep;
    return { body: { meta: { sent: now, summary: { deleted, not_deleted: ids.length + values.length - deleted } } } };
  }
  throw xerr.invalid({}, 'Request must contain "add" or "delete"');
});

// v2 webhooks + account activity subscriptions
route('POST', '/2/webhooks', async (ctx) => {
  const app = needApp(ctx.auth);
  const b = jsonBody(ctx);
  const url = typeof b.url === 'string' ? b.url : '';
  if (!url) throw xerr.invalid({ url: [] }, 'The `url` field is required');
  const crc = await xCrcCheck(ctx.state, url, app.consumerSecret);
  if (!crc.ok) throw new XError(400, { errors: [{ message: `CRC validation failed: ${crc.error ?? `HTTP ${crc.status}`}` }], title: 'Invalid Request', detail: 'CRC validation failed', type: `${P}/invalid-request` });
  const wh: XWebhook = { id: ctx.state.ids.snowflake(), url, valid: true, createdAt: ctx.state.now(), lastCrc: crc, subscriptions: new Set() };
  app.webhooks.push(wh);
  scheduleCrc(ctx.state, app, wh);
  return { body: { data: { id: wh.id, url: wh.url, valid: true, created_at: new Date(wh.createdAt).toISOString() } } };
});
route('GET', '/2/webhooks', (ctx) => {
  const app = needApp(ctx.auth);
  return { body: { data: app.webhooks.map((w) => ({ id: w.id, url: w.url, valid: w.valid, created_at: new Date(w.createdAt).toISOString() })), meta: { result_count: app.webhooks.length } } };
});
route('PUT', '/2/webhooks/:id', async (ctx) => {
  const app = needApp(ctx.auth);
  const wh = app.webhooks.find((w) => w.id === ctx.params.id);
  if (!wh) throw xerr.notFound(`webhook ${ctx.params.id}`);
  const crc = await xCrcCheck(ctx.state, wh.url, app.consumerSecret);
  wh.valid = crc.ok;
  wh.lastCrc = crc;
  return { body: { data: { valid: wh.valid } } };
});
route('DELETE', '/2/webhooks/:id', (ctx) => {
  const app = needApp(ctx.auth);
  const before = app.webhooks.length;
  app.webhooks = app.webhooks.filter((w) => w.id !== ctx.params.id);
  if (before === app.webhooks.length) throw xerr.notFound(`webhook ${ctx.params.id}`);
  return { body: { data: { deleted: true } } };
});
route('POST', '/2/account_activity/webhooks/:id/subscriptions/all', (ctx) => {
  const uid = needUser(ctx.auth);
  const wh = ctx.auth.app.webhooks.find((w) => w.id === ctx.params.id);
  if (!wh) throw xerr.notFound(`webhook ${ctx.params.id}`);
  wh.subscriptions.add(uid);
  ctx.state.record({ platform: 'x', kind: 'webhook_subscription', accountId: uid, data: { webhookId: wh.id } });
  return { body: { data: { subscribed: true } } };
});
route('GET', '/2/account_activity/webhooks/:id/subscriptions/all', (ctx) => {
  const uid = needUser(ctx.auth);
  const wh = ctx.auth.app.webhooks.find((w) => w.id === ctx.params.id);
  if (!wh) throw xerr.notFound(`webhook ${ctx.params.id}`);
  return { body: { data: { subscribed: wh.subscriptions.has(uid) } } };
});
route('GET', '/2/account_activity/webhooks/:id/subscriptions/all/list', (ctx) => {
  const app = needApp(ctx.auth);
  const wh = app.webhooks.find((w) => w.id === ctx.params.id);
  if (!wh) throw xerr.notFound(`webhook ${ctx.params.id}`);
  return { body: { data: { application_id: app.id, webhook_id: wh.id, webhook_url: wh.url, subscriptions: [...wh.subscriptions].map((user_id) => ({ user_id })) } } };
});
route('DELETE', '/2/account_activity/webhooks/:id/subscriptions/:user_id/all', (ctx) => {
  const app = needApp(ctx.auth);
  const wh = app.webhooks.find((w) => w.id === ctx.params.id);
  if (!wh) throw xerr.notFound(`webhook ${ctx.params.id}`);
  wh.subscriptions.delete(ctx.params.user_id ?? '');
  return { body: { data: { subscribed: false } } };
});

function scheduleCrc(state: FakeState, app: XApp, wh: XWebhook): void {
  const interval = state.config.xCrcIntervalMs;
  if (interval <= 0) return;
  state.later(interval, () => {
    if (!app.webhooks.includes(wh)) return;
    void xCrcCheck(state, wh.url, app.consumerSecret).then((crc) => {
      wh.valid = crc.ok;
      wh.lastCrc = crc;
      scheduleCrc(state, app, wh);
    });
  });
}

/** Runs the CRC check of every registered webhook now (control API). */
export async function recheckXWebhooks(state: FakeState): Promise<(HandshakeResult & { webhookId: string; appId: string })[]> {
  const out: (HandshakeResult & { webhookId: string; appId: string })[] = [];
  for (const app of state.x.apps.values()) {
    for (const wh of app.webhooks) {
      const crc = await xCrcCheck(state, wh.url, app.consumerSecret);
      wh.valid = crc.ok;
      wh.lastCrc = crc;
      out.push({ ...crc, webhookId: wh.id, appId: app.id });
    }
  }
  return out;
}

// OAuth 2.0 token endpoint (application/x-www-form-urlencoded)
function clientAuth(state: FakeState, req: FastifyRequest, inc: Incoming): XApp | null {
  const h = header(req, 'authorization');
  if (h?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':').map((s) => decodeURIComponent(s));
    const app = [...state.x.apps.values()].find((a) => a.clientId === id);
    return app && app.clientSecret === secret ? app : null;
  }
  const id = str(inc.params, 'client_id');
  const app = [...state.x.apps.values()].find((a) => a.clientId === id) ?? null;
  const secret = str(inc.params, 'client_secret');
  if (app && secret !== undefined && secret !== app.clientSecret) return null;
  return app;
}

function issueUserTokens(state: FakeState, app: XApp, userId: string, scopes: string[]): Record<string, unknown> {
  const ttl = state.config.tokenTtl.xAccess;
  const access = state.tokens.issue({ family: 'x', kind: 'oauth2_user', appId: app.id, subjectId: userId, scopes, ttlSec: ttl });
  const out: Record<string, unknown> = { token_type: 'bearer', expires_in: ttl, access_token: access.value, scope: scopes.join(' ') };
  if (scopes.includes('offline.access')) {
    const refresh = state.tokens.issue({ family: 'x', kind: 'refresh', appId: app.id, subjectId: userId, scopes, ttlSec: 180 * 86400 });
    access.pair = refresh.value;
    refresh.pair = access.value;
    out.refresh_token = refresh.value;
  }
  state.record({ platform: 'x', kind: 'token_issued', accountId: userId, data: { scopes } });
  return out;
}

async function tokenEndpoint(state: FakeState, req: FastifyRequest, reply: FastifyReply, inc: Incoming): Promise<FastifyReply> {
  const app = clientAuth(state, req, inc);
  if (!app) return oauthError(reply, 401, 'unauthorized_client', 'Missing valid authorization header');
  const grant = str(inc.params, 'grant_type');
  if (grant === 'authorization_code') {
    const code = state.x.codes.get(str(inc.params, 'code') ?? '');
    if (!code || code.used || code.expiresAt < state.now() || code.clientId !== app.clientId) return oauthError(reply, 400, 'invalid_request', 'Value passed for the authorization code was invalid.');
    if (str(inc.params, 'redirect_uri') !== code.redirectUri) return oauthError(reply, 400, 'invalid_request', 'Value passed for the redirect uri did not match the uri of the authorization code.');
    const verifier = str(inc.params, 'code_verifier') ?? '';
    const expected = code.method.toUpperCase() === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
    if (expected !== code.challenge) return oauthError(reply, 400, 'invalid_request', 'Value passed for the code verifier did not match the code challenge.');
    code.used = true;
    return sendJson(reply, 200, issueUserTokens(state, app, code.userId, code.scopes));
  }
  if (grant === 'refresh_token') {
    const check = state.tokens.check(str(inc.params, 'refresh_token'));
    if (check.status !== 'ok' || check.token.kind !== 'refresh' || check.token.appId !== app.id) return oauthError(reply, 400, 'invalid_request', 'Value passed for the token was invalid.');
    state.tokens.revoke(check.token.value, 'rotated');
    return sendJson(reply, 200, issueUserTokens(state, app, check.token.subjectId, check.token.scopes));
  }
  return oauthError(reply, 400, 'invalid_request', 'Missing required parameter [grant_type].');
}

export function registerXRoutes(fastify: FastifyInstance, state: FakeState): void {
  const handle = async (prefix: string, req: FastifyRequest, reply: FastifyReply) => {
    const inc = await parseIncoming(req, prefix);
    const path = inc.path;
    const fault = await applyFaults(state, 'x', path, req, reply, {
      serverError: (r) => sendJson(r, 503, xerr.unavailable().body),
      rateLimited: (r, sec) => sendJson(r, 429, xerr.tooMany().body, { 'x-rate-limit-limit': '0', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(state.nowSec() + sec) }),
    });
    if (fault.consumed) return reply;
    if (path === '/2/oauth2/token' && req.method === 'POST') return tokenEndpoint(state, req, reply, inc);
    if (path === '/2/oauth2/revoke' && req.method === 'POST') {
      const app = clientAuth(state, req, inc);
      if (!app) return oauthError(reply, 401, 'unauthorized_client', 'Missing valid authorization header');
      const t = state.tokens.tokens.get(str(inc.params, 'token') ?? '');
      if (t && t.family === 'x') {
        state.tokens.revoke(t.value, 'revoked by client');
        if (t.pair) state.tokens.revoke(t.pair, 'revoked by client');
        state.record({ platform: 'x', kind: 'token_revoked', accountId: t.subjectId, data: {} });
      }
      return sendJson(reply, 200, { revoked: true });
    }
    if (path === '/oauth2/token' && req.method === 'POST') {
      // app-only bearer from consumer key/secret
      const h = header(req, 'authorization') ?? '';
      const [key, secret] = Buffer.from(h.replace(/^Basic\s+/i, ''), 'base64').toString('utf8').split(':').map((s) => decodeURIComponent(s));
      const app = [...state.x.apps.values()].find((a) => a.consumerKey === key && a.consumerSecret === secret);
      if (!app) return sendJson(reply, 403, { errors: [{ code: 99, message: 'Unable to verify your credentials', label: 'authenticity_token_error' }] });
      return sendJson(reply, 200, { token_type: 'bearer', access_token: app.bearerToken });
    }
    if (path === '/2/tweets/search/stream' && req.method === 'GET') {
      try {
        return await stream(state, req, reply, inc);
      } catch (err) {
        if (err instanceof XError) return sendJson(reply, err.status, err.body, err.headers);
        throw err;
      }
    }
    const matched = routes.find((r) => r.method === req.method && r.pattern.test(path));
    if (!matched) {
      const other = routes.some((r) => r.pattern.test(path));
      return sendJson(reply, other ? 405 : 404, other ? { title: 'Method Not Allowed', type: 'about:blank', status: 405, detail: 'Method Not Allowed' } : { errors: [{ message: `The requested resource could not be found: ${path}` }], title: 'Not Found Error', detail: 'Not Found', type: `${P}/resource-not-found` });
    }
    const extraHeaders: Record<string, string> = {};
    let limitHeaders: Record<string, string> = {};
    try {
      const auth = authenticate(state, req, inc);
      const buckets = endpointBuckets(state, req.method, path, auth);
      for (const b of buckets) {
        const r = state.limiter.hit(b.key, b.rule);
        limitHeaders = rateHeaders(r);
        if (!r.allowed) throw xerr.tooMany(limitHeaders);
      }
      const m = matched.pattern.exec(path);
      const params: Record<string, string> = {};
      matched.keys.forEach((k, i) => (params[k] = decodeURIComponent(m?.[i + 1] ?? '')));
      const ctx: XCtx = { state, req, reply, inc, auth, params, extraHeaders };
      const result = (await matched.handler(ctx)) ?? { body: {} };
      return sendJson(reply, result.status ?? 200, result.body, { ...limitHeaders, ...extraHeaders });
    } catch (err) {
      if (err instanceof XError) return sendJson(reply, err.status, err.body, { ...limitHeaders, ...extraHeaders, ...err.headers });
      req.log.error({ err }, 'x fake handler failed');
      return sendJson(reply, 503, xerr.unavailable().body);
    }
  };
  fastify.all('/x/*', (req, reply) => handle('/x', req, reply));
  fastify.all('/2/*', (req, reply) => handle('', req, reply));
  fastify.post('/oauth2/token', (req, reply) => handle('', req, reply));

  // OAuth 2.0 authorize page: https://x.com/i/oauth2/authorize
  fastify.get('/x-web/i/oauth2/authorize', async (req, reply) => {
    const inc = await parseIncoming(req, '/x-web');
    const q = inc.query;
    const app = [...state.x.apps.values()].find((a) => a.clientId === q.client_id);
    if (!app) return reply.code(400).type('text/html').send('<h1>Something went wrong</h1><p>You weren’t able to give access to the App.</p>');
    const redirectUri = q.redirect_uri ?? '';
    if (!redirectUri || (app.redirectUris.length > 0 && !app.redirectUris.includes(redirectUri))) return reply.code(400).type('text/html').send('<h1>Something went wrong</h1><p>Invalid redirect_uri.</p>');
    if (q.response_type !== 'code' || !q.code_challenge || !q.state) return redirectTo(reply, redirectUri, { error: 'invalid_request', state: q.state });
    if (q.fake_deny) return redirectTo(reply, redirectUri, { error: 'access_denied', state: q.state });
    const candidates = [...state.x.users.values()].filter((u) => u.connected).map((u) => ({ id: u.id, label: `@${u.username}` }));
    const scopes = (q.scope ?? '').split(/[ +]+/).filter(Boolean);
    const subject = chooseSubject(state, 'x', q, candidates);
    if (!subject) return consentPage(reply, { title: 'Authorize app (X, fake)', appName: app.name, scopes, candidates, currentUrl: state.config.publicUrl + req.url });
    const code: XCode = { code: state.ids.string(60), clientId: app.clientId, redirectUri, userId: subject, scopes, challenge: q.code_challenge, method: q.code_challenge_method ?? 'plain', expiresAt: state.now() + 30_000 * 20, used: false };
    state.x.codes.set(code.code, code);
    return redirectTo(reply, redirectUri, { state: q.state, code: code.code });
  });
}

// Filtered stream: chunked NDJSON with \r\n keep-alives, one connection per app.
async function stream(state: FakeState, req: FastifyRequest, reply: FastifyReply, inc: Incoming): Promise<FastifyReply> {
  const auth = authenticate(state, req, inc);
  if (auth.kind !== 'app') throw xerr.userOnly();
  const app = auth.app;
  const conns = state.x.streams.get(app.id) ?? new Set<ServerResponse>();
  state.x.streams.set(app.id, conns);
  if (conns.size >= 1) {
    return sendJson(reply, 429, { title: 'ConnectionException', detail: 'This stream is currently at the maximum allowed connection limit.', connection_issue: 'TooManyConnections', type: `${P}/streaming-connection` });
  }
  if (app.rules.length === 0) {
    return sendJson(reply, 409, { title: 'ConnectionException', detail: 'There are no rules for this stream; add rules before connecting.', type: `${P}/streaming-connection` });
  }
  const r = state.limiter.hit(`x:streamconnect:${app.id}`, { limit: 50, windowMs: 15 * 60_000 });
  if (!r.allowed) return sendJson(reply, 429, xerr.tooMany().body, rateHeaders(r));
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'transfer-encoding': 'chunked', ...rateHeaders(r) });
  conns.add(res);
  const keepAlive = setInterval(() => res.write('\r\n'), Math.max(10, state.config.xStreamKeepAliveMs));
  keepAlive.unref?.();
  const done = () => {
    clearInterval(keepAlive);
    conns.delete(res);
  };
  req.raw.on('close', done);
  res.on('close', done);
  return reply;
}

/** Disconnects every open filtered-stream connection (operational disconnect). */
export function disconnectXStreams(state: FakeState): number {
  let n = 0;
  for (const conns of state.x.streams.values()) {
    for (const res of conns) {
      res.end(JSON.stringify({ errors: [{ title: 'operational-disconnect', disconnect_type: 'OperationalDisconnect', detail: 'This stream has been disconnected for operational reasons.', type: `${P}/operational-disconnect` }] }) + '\r\n');
      n++;
    }
    conns.clear();
  }
  return n;
}

export function createXApp(state: FakeState, input: Partial<Pick<XApp, 'id' | 'name' | 'clientId' | 'clientSecret' | 'consumerKey' | 'consumerSecret' | 'bearerToken' | 'redirectUris'>> = {}): XApp {
  const app: XApp = {
    id: input.id ?? String(20_000_000 + state.ids.counter('xapp')),
    name: input.name ?? 'Dayung',
    clientId: input.clientId ?? state.ids.string(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
    clientSecret: input.clientSecret ?? state.ids.string(50),
    consumerKey: input.consumerKey ?? state.ids.string(25, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
    consumerSecret: input.consumerSecret ?? state.ids.string(50, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
    bearerToken: input.bearerToken ?? state.tokens.mint('x', 'app_only', ''),
    redirectUris: input.redirectUris ?? [],
    webhooks: [],
    rules: [],
  };
  state.x.apps.set(app.id, app);
  return app;
}

/** Registers a webhook + subscription for a user without the HTTP dance (control API convenience). */
export function addXWebhook(state: FakeState, app: XApp, url: string, userIds: string[]): XWebhook {
  let wh = app.webhooks.find((w) => w.url === url);
  if (!wh) {
    wh = { id: state.ids.snowflake(), url, valid: true, createdAt: state.now(), subscriptions: new Set() };
    app.webhooks.push(wh);
    scheduleCrc(state, app, wh);
  }
  for (const id of userIds) wh.subscriptions.add(id);
  return wh;
}
