// YouTube Data API v3 fake (rootUrl http://host/google/): channels, videos (multipart, media and
// resumable uploads with 308), commentThreads and comments (list with pageToken, insert, update,
// setModerationStatus, delete own), per-project daily quota reset at midnight Pacific time,
// expiring OAuth tokens (401), commentsDisabled; Google OAuth endpoints; a small YouTube Analytics
// reports endpoint. No comment webhooks: comments are polled, as with the real API.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeState } from '../core/state.ts';
import type { Incoming } from '../core/http.ts';
import { bearer, decodeCursor, encodeCursor, header, int, parseIncoming, sendJson, str } from '../core/http.ts';
import { applyFaults } from '../core/faults.ts';
import { chooseSubject, consentPage, redirectTo } from '../core/oauth.ts';
import { hash32 } from '../core/rng.ts';
import type { CitizenInput } from './meta/common.ts';

export interface YtClient {
  clientId: string;
  clientSecret: string;
  apiKey: string;
  projectNumber: string;
  redirectUris: string[];
  /** OAuth consent screen in "Testing": refresh tokens die after 7 days */
  testing: boolean;
}

export interface YtChannel {
  id: string;
  title: string;
  handle: string;
  createdAt: number;
  subscribers: number;
  owned: boolean;
  citizenKey?: string;
}

export interface YtVideo {
  id: string;
  channelId: string;
  title: string;
  description: string;
  categoryId: string;
  tags: string[];
  privacyStatus: 'public' | 'private' | 'unlisted';
  madeForKids: boolean;
  createdAt: number;
  readyAt: number;
  bytes: number;
  commentsDisabled: boolean;
  deleted: boolean;
}

export interface YtComment {
  id: string;
  videoId: string;
  channelId: string;
  parentId?: string;
  authorChannelId: string;
  authorName: string;
  text: string;
  createdAt: number;
  updatedAt: number;
  moderationStatus: 'published' | 'heldForReview' | 'likelySpam' | 'rejected';
  likeCount: number;
  deleted: boolean;
  citizenKey?: string;
}

interface UploadSession {
  id: string;
  channelId: string;
  clientId: string;
  meta: Record<string, unknown>;
  part: string[];
  total: number | null;
  received: number;
  contentType: string;
  videoId?: string;
}

interface YtCode {
  code: string;
  clientId: string;
  redirectUri: string;
  channelId: string;
  scopes: string[];
  offline: boolean;
  expiresAt: number;
  used: boolean;
}

export interface YoutubeStore {
  clients: Map<string, YtClient>;
  defaultClientId: string;
  channels: Map<string, YtChannel>;
  videos: Map<string, YtVideo>;
  comments: Map<string, YtComment>;
  uploads: Map<string, UploadSession>;
  codes: Map<string, YtCode>;
}

export function createYoutubeStore(): YoutubeStore {
  return { clients: new Map(), defaultClientId: '', channels: new Map(), videos: new Map(), comments: new Map(), uploads: new Map(), codes: new Map() };
}

class YtError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly domain: string;
  readonly status: string;
  readonly location: string | undefined;
  constructor(code: number, reason: string, message: string, domain = 'youtube.api', location?: string) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.domain = domain;
    this.location = location;
    this.status = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 503: 'UNAVAILABLE' }[code] ?? 'UNKNOWN';
  }
}

function errorBody(e: YtError): Record<string, unknown> {
  const item: Record<string, unknown> = { message: e.message, domain: e.domain, reason: e.reason };
  if (e.location) {
    item.location = e.location;
    item.locationType = e.reason === 'authError' ? 'header' : 'parameter';
  }
  return { error: { code: e.code, message: e.message, errors: [item], status: e.status } };
}

const yerr = {
  auth: () => new YtError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', 'global', 'Authorization'),
  required: (name: string) => new YtError(400, 'required', `Required parameter: ${name}`, 'global', name),
  invalid: (name: string, msg: string) => new YtError(400, 'invalidValue', msg, 'youtube.parameter', name),
  forbidden: (msg = 'The request is not properly authorized.') => new YtError(403, 'forbidden', msg, 'youtube.common'),
  quota: () => new YtError(403, 'quotaExceeded', 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', 'youtube.quota'),
  uploadLimit: () => new YtError(400, 'uploadLimitExceeded', 'The user has exceeded the number of videos they may upload.', 'youtube.video'),
};

// ---------------------------------------------------------------------------------------------
// Auth and quota

interface YtAuth {
  client: YtClient;
  channelId?: string;
  scopes: string[];
}

function authenticate(state: FakeState, req: FastifyRequest, inc: Incoming, opts: { apiKeyOk: boolean }): YtAuth {
  const raw = bearer(req);
  if (raw) {
    const check = state.tokens.check(raw);
    if (check.status !== 'ok' || check.token.family !== 'google' || check.token.kind !== 'oauth2_user') throw yerr.auth();
    const client = state.youtube.clients.get(check.token.appId);
    if (!client) throw yerr.auth();
    return { client, channelId: check.token.subjectId, scopes: check.token.scopes };
  }
  const key = str(inc.query, 'key');
  if (key) {
    const client = [...state.youtube.clients.values()].find((c) => c.apiKey === key);
    if (!client) throw new YtError(400, 'badRequest', 'API key not valid. Please pass a valid API key.', 'global');
    if (!opts.apiKeyOk) throw new YtError(401, 'required', 'Login Required.', 'global', 'Authorization');
    return { client, scopes: [] };
  }
  throw new YtError(403, 'forbidden', 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.', 'global');
}

function needScope(auth: YtAuth, anyOf: string[]): string {
  if (!auth.channelId) throw new YtError(401, 'required', 'Login Required.', 'global', 'Authorization');
  const ok = auth.scopes.some((s) => anyOf.includes(s) || anyOf.includes(s.replace('https://www.googleapis.com/auth/', '')));
  if (!ok) throw new YtError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', 'global');
  return auth.channelId;
}

const SCOPE = {
  read: ['youtube', 'youtube.readonly', 'youtube.force-ssl', 'https://www.googleapis.com/auth/youtube', 'https://www.googleapis.com/auth/youtube.readonly', 'https://www.googleapis.com/auth/youtube.force-ssl'],
  write: ['youtube', 'youtube.force-ssl', 'https://www.googleapis.com/auth/youtube', 'https://www.googleapis.com/auth/youtube.force-ssl'],
  upload: ['youtube', 'youtube.upload', 'https://www.googleapis.com/auth/youtube', 'https://www.googleapis.com/auth/youtube.upload'],
  analytics: ['yt-analytics.readonly', 'https://www.googleapis.com/auth/yt-analytics.readonly'],
};

/** Pacific-time calendar day, the quota day of the YouTube Data API */
export function pacificDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

function spendQuota(state: FakeState, auth: YtAuth, units: number, bucket: 'units' | 'uploads' = 'units'): void {
  const day = pacificDay(state.now());
  const L = state.config.limits.youtube;
  const rule = { limit: bucket === 'units' ? L.dailyUnits : L.dailyUploads, windowMs: 36 * 3_600_000 };
  const key = `yt:${bucket}:${auth.client.projectNumber}:${day}`;
  const r = state.limiter.hit(key, rule, bucket === 'units' ? units : 1);
  if (!r.allowed) throw bucket === 'units' ? yerr.quota() : yerr.uploadLimit();
}

export function quotaUsage(state: FakeState, clientId: string): { day: string; units: number; uploads: number } {
  const c = state.youtube.clients.get(clientId);
  const day = pacificDay(state.now());
  const L = state.config.limits.youtube;
  if (!c) return { day, units: 0, uploads: 0 };
  return {
    day,
    units: state.limiter.peek(`yt:units:${c.projectNumber}:${day}`, { limit: L.dailyUnits, windowMs: 36 * 3_600_000 }).used,
    uploads: state.limiter.peek(`yt:uploads:${c.projectNumber}:${day}`, { limit: L.dailyUploads, windowMs: 36 * 3_600_000 }).used,
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering

const etag = (s: string) => Buffer.from(String(hash32(s))).toString('base64url').padEnd(27, 'A');

function parts(inc: Incoming): string[] {
  const p = str(inc.params, 'part');
  if (!p) throw new YtError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: part', 'youtube.parameter', 'part');
  return p.split(',').map((s) => s.trim()).filter(Boolean);
}

function pick(obj: Record<string, unknown>, want: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['kind', 'etag', 'id']) if (obj[k] !== undefined) out[k] = obj[k];
  for (const k of want) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

function renderChannel(state: FakeState, c: YtChannel): Record<string, unknown> {
  const videos = [...state.youtube.videos.values()].filter((v) => v.channelId === c.id && !v.deleted);
  return {
    kind: 'youtube#channel',
    etag: etag(c.id + videos.length),
    id: c.id,
    snippet: {
      title: c.title,
      description: c.owned ? `Kanal resmi ${c.title}` : '',
      customUrl: `@${c.handle}`,
      publishedAt: new Date(c.createdAt).toISOString(),
      thumbnails: { default: { url: `https://yt3.ggpht.com/fake/${c.id}=s88`, width: 88, height: 88 } },
      localized: { title: c.title, description: '' },
      country: 'ID',
    },
    contentDetails: { relatedPlaylists: { likes: '', uploads: 'UU' + c.id.slice(2) } },
    statistics: { viewCount: String(videos.reduce((n, v) => n + views(state, v), 0)), subscriberCount: String(c.subscribers), hiddenSubscriberCount: false, videoCount: String(videos.length) },
    status: { privacyStatus: 'public', isLinked: true, longUploadsStatus: 'allowed', madeForKids: false },
  };
}

function views(state: FakeState, v: YtVideo): number {
  const ageH = Math.max(0, (state.now() - v.createdAt) / 3_600_000);
  return Math.round((50 + (hash32(v.id) % 900)) * Math.min(1, 0.05 + Math.log10(1 + ageH) / 2));
}

function renderVideo(state: FakeState, v: YtVideo): Record<string, unknown> {
  const ch = state.youtube.channels.get(v.channelId);
  const processed = state.now() >= v.readyAt;
  const comments = [...state.youtube.comments.values()].filter((c) => c.videoId === v.id && !c.deleted && c.moderationStatus === 'published').length;
  return {
    kind: 'youtube#video',
    etag: etag(v.id + comments),
    id: v.id,
    snippet: {
      publishedAt: new Date(v.createdAt).toISOString(),
      channelId: v.channelId,
      title: v.title,
      description: v.description,
      thumbnails: { default: { url: `https://i.ytimg.com/vi/${v.id}/default.jpg`, width: 120, height: 90 } },
      channelTitle: ch?.title ?? '',
      ...(v.tags.length ? { tags: v.tags } : {}),
      categoryId: v.categoryId,
      liveBroadcastContent: 'none',
      localized: { title: v.title, description: v.description },
    },
    contentDetails: { duration: 'PT1M2S', dimension: '2d', definition: 'hd', caption: 'false', licensedContent: false, projection: 'rectangular' },
    status: { uploadStatus: processed ? 'processed' : 'uploaded', privacyStatus: v.privacyStatus, license: 'youtube', embeddable: true, publicStatsViewable: true, madeForKids: v.madeForKids, selfDeclaredMadeForKids: v.madeForKids },
    statistics: { viewCount: String(views(state, v)), likeCount: String(Math.round(views(state, v) / 20)), favoriteCount: '0', commentCount: String(comments) },
    processingDetails: { processingStatus: processed ? 'succeeded' : 'processing', ...(processed ? {} : { processingProgress: { partsTotal: '100', partsProcessed: '40', timeLeftMs: String(v.readyAt - state.now()) } }) },
  };
}

function renderComment(c: YtComment, opts: { plain: boolean; owner: boolean }): Record<string, unknown> {
  const snippet: Record<string, unknown> = {
    channelId: c.channelId,
    videoId: c.videoId,
    textDisplay: opts.plain ? c.text : c.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>'),
    textOriginal: c.text,
    ...(c.parentId ? { parentId: c.parentId } : {}),
    authorDisplayName: c.authorName,
    authorProfileImageUrl: `https://yt3.ggpht.com/fake/${c.authorChannelId}=s48`,
    authorChannelUrl: `http://www.youtube.com/channel/${c.authorChannelId}`,
    authorChannelId: { value: c.authorChannelId },
    canRate: true,
    viewerRating: 'none',
    likeCount: c.likeCount,
    publishedAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
  if (opts.owner && c.moderationStatus !== 'published') snippet.moderationStatus = c.moderationStatus;
  return { kind: 'youtube#comment', etag: etag(c.id + c.updatedAt + c.moderationStatus), id: c.id, snippet };
}

function renderThread(state: FakeState, top: YtComment, want: string[], opts: { plain: boolean; owner: boolean }): Record<string, unknown> {
  const video = state.youtube.videos.get(top.videoId);
  const replies = [...state.youtube.comments.values()].filter((c) => c.parentId === top.id && !c.deleted && (c.moderationStatus === 'published' || opts.owner)).sort((a, b) => a.createdAt - b.createdAt);
  const obj: Record<string, unknown> = {
    kind: 'youtube#commentThread',
    etag: etag(top.id + replies.length),
    id: top.id,
    snippet: {
      channelId: top.channelId,
      videoId: top.videoId,
      topLevelComment: renderComment(top, opts),
      canReply: !video?.commentsDisabled,
      totalReplyCount: replies.length,
      isPublic: true,
    },
  };
  if (replies.length) obj.replies = { comments: replies.slice(-5).map((r) => renderComment(r, opts)) };
  return pick(obj, want);
}

function listResponse(kind: string, items: Record<string, unknown>[], perPage: number, total: number, next?: string): Record<string, unknown> {
  return { kind, etag: etag(kind + items.length + (next ?? '')), ...(next ? { nextPageToken: next } : {}), pageInfo: { totalResults: total, resultsPerPage: perPage }, items };
}

function pageOf<T>(inc: Incoming, all: T[], def: number, max: number): { items: T[]; next?: string; perPage: number } {
  const mr = int(inc.params, 'maxResults') ?? def;
  if (!Number.isFinite(mr) || mr < 1 || mr > max) throw yerr.invalid('maxResults', `Invalid value '${str(inc.params, 'maxResults')}'. Values must be within the range: [1, ${max}]`);
  const token = str(inc.params, 'pageToken');
  let offset = 0;
  if (token) {
    const c = decodeCursor(token);
    if (!c || typeof c.o !== 'number') throw new YtError(400, 'invalidPageToken', 'The request specifies an invalid page token.', 'youtube.parameter', 'pageToken');
    offset = c.o;
  }
  const items = all.slice(offset, offset + mr);
  return { items, perPage: mr, ...(offset + mr < all.length ? { next: encodeCursor({ o: offset + mr }) } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Handlers

interface YCtx {
  state: FakeState;
  req: FastifyRequest;
  reply: FastifyReply;
  inc: Incoming;
}

function videoOrThrow(state: FakeState, id: string | undefined, domain = 'youtube.commentThread'): YtVideo {
  const v = id ? state.youtube.videos.get(id) : undefined;
  if (!v || v.deleted) throw new YtError(404, 'videoNotFound', 'The video identified by the <code><a href="/youtube/v3/docs/commentThreads/list#videoId">videoId</a></code> parameter could not be found.', domain, 'videoId');
  return v;
}

function commentsDisabled(): YtError {
  return new YtError(403, 'commentsDisabled', 'The video identified by the <code><a href="/youtube/v3/docs/commentThreads/list#videoId">videoId</a></code> parameter has disabled comments.', 'youtube.commentThread', 'videoId');
}

function jsonBody(ctx: YCtx): Record<string, unknown> {
  if (ctx.inc.bodyError) throw new YtError(400, 'parseError', 'Parse Error', 'global');
  const j = ctx.inc.json;
  if (!j || typeof j !== 'object' || Array.isArray(j)) throw new YtError(400, 'badRequest', 'Request contains an invalid argument.', 'global');
  return j as Record<string, unknown>;
}

async function dataApi(ctx: YCtx, method: string, resource: string, sub: string | undefined): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
  const { state, inc } = ctx;
  const s = state.youtube;
  const plain = str(inc.params, 'textFormat') === 'plainText';
  const isOwnerOf = (auth: YtAuth, channelId: string) => auth.channelId === channelId;
  switch (`${method} ${resource}${sub ? '/' + sub : ''}`) {
    case 'GET channels': {
      const want = parts(inc);
      const mine = str(inc.params, 'mine') === 'true';
      const auth = authenticate(state, ctx.req, inc, { apiKeyOk: !mine });
      spendQuota(state, auth, 1);
      let list: YtChannel[];
      if (mine) list = [s.channels.get(needScope(auth, SCOPE.read))].filter((c): c is YtChannel => !!c);
      else if (str(inc.params, 'id')) list = (str(inc.params, 'id') ?? '').split(',').map((id) => s.channels.get(id)).filter((c): c is YtChannel => !!c);
      else if (str(inc.params, 'forHandle')) list = [...s.channels.values()].filter((c) => `@${c.handle}`.toLowerCase() === `@${(str(inc.params, 'forHandle') ?? '').replace(/^@/, '')}`.toLowerCase());
      else throw new YtError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: forHandle, mine, id, forUsername, managedByMe, categoryId', 'youtube.parameter');
      return { status: 200, body: listResponse('youtube#channelListResponse', list.map((c) => pick(renderChannel(state, c), want)), 5, list.length) };
    }
    case 'GET videos': {
      const want = parts(inc);
      const auth = authenticate(state, ctx.req, inc, { apiKeyOk: true });
      spendQuota(state, auth, 1);
      const ids = (str(inc.params, 'id') ?? '').split(',').filter(Boolean);
      if (ids.length === 0) throw new YtError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: myRating, chart, id', 'youtube.parameter');
      const list = ids.map((id) => s.videos.get(id)).filter((v): v is YtVideo => !!v && !v.deleted && (v.privacyStatus !== 'private' || isOwnerOf(auth, v.channelId)));
      return { status: 200, body: listResponse('youtube#videoListResponse', list.map((v) => pick(renderVideo(state, v), want)), list.length, list.length) };
    }
    case 'DELETE videos': {
      const auth = authenticate(state, ctx.req, inc, { apiKeyOk: false });
      const channelId = needScope(auth, SCOPE.write);
      spendQuota(state, auth, 50);
      const v = videoOrThrow(state, str(inc.params, 'id'), 'youtube.video');
      if (v.channelId !== channelId) throw yerr.forbidden('The video that you are trying to delete cannot be deleted. The request might not be properly authorized.');
      v.deleted = true;
      state.record({ platform: 'youtube', kind: 'post_deleted', accountId: channelId, targetId: v.id, text: v.title, data: {} });
      return { status: 204 };
    }
    case 'PUT videos': {
      const want = parts(inc);
      const auth = authenticate(state, ctx.req, inc, { apiKeyOk: false });
      const channelId = needScope(auth, SCOPE.write);
      spendQuota(state, auth, 50);
      const b = jsonBody(ctx);
      const v = videoOrThrow(state, typeof b.id === 'string' ? b.id : undefined, 'youtube.video');
      if (v.channelId !== channelId) throw yerr.forbidden();
      const sn = b.snippet as Record<string, unknown> | undefined;
      const st = b.status as Record<string, unknown> | undefined;
      if (sn) {
        if (typeof sn.title !== 'string' || !sn.title) throw new YtError(400, 'invalidTitle', 'The request metadata specifies an invalid or empty video title.', 'youtube.video');
        if (!sn.categoryId) throw new YtError(400, 'invalidCategoryId', 'The <code>snippet.categoryId</code> property specifies an invalid category ID.', 'youtube.video');
        v.title = sn.title;
        v.description = typeof sn.description === 'string' ? sn.description : v.description;
        v.categoryId = String(sn.categoryId);
      }
      if (st?.privacyStatus) v.privacyStatus = st.privacyStatus as YtVideo['privacyStatus'];
      return { status: 200, body: pick(renderVideo(state, v), want) };
    }
    case 'GET commentThreads': {
      const want = parts(inc);
      const videoId = str(inc.params, 'videoId');
      const channelRel = str(inc.params, 'allThreadsRelatedToChannelId');
      const ids = str(inc.params, 'id');
      const moderation = str(inc.params, 'moderationStatus') ?? 'published';
      const auth = authenticate(state, ctx.req, inc, { apiKeyOk: moderation === 'published' });
      spendQuota(state, auth, 1);
      let tops: YtComment[];
      let ownerChannel: string | undefined;
      if (ids) tops = ids.split(',').map((id) => s.comments.get(id)).filter((c): c is YtComment => !!c && !c.parentId && !c.deleted);
      else if (videoId) {
        const v = videoOrThrow(state, videoId);
        if (v.commentsDisabled) throw commentsDisabled();
        ownerChannel = v.channelId;
        tops = [...s.comments.values()].filter((c) => c.videoId === v.id && !c.parentId && !c.deleted);
      } else if (channelRel) {
        if (!s.channels.has(channelRel)) throw new YtError(404, 'channelNotFound', 'The channel identified by the <code>allThreadsRelatedToChannelId</code> parameter could not be found.', 'youtube.commentThread', 'allThreadsRelatedToChannelId');
        ownerChannel = channelRel;
        tops = [...s.comments.values()].filter((c) => c.channelId === channelRel && !c.parentId && !c.deleted);
      } else throw new YtError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: allThreadsRelatedToChannelId, videoId, id', 'youtube.parameter');
      const owner = !!ownerChannel && auth.channelId === ownerChannel;
      if (moderation !== 'published' && !owner) throw new YtError(403, 'forbidden', 'The comment thread could not be retrieved because the request is not properly authorized.', 'youtube.commentThread');
      tops = tops.filter((c) => c.moderationStatus === moderation || (moderation === 'published' && c.moderationStatus === 'published'));
      const terms = str(inc.params, 'searchTerms')?.toLowerCase();
      if (terms) tops = tops.filter((c) => c.text.toLowerCase().includes(terms));
      tops.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
      const page = pageOf(inc, tops, 20, 100);
      return { status: 200, body: listResponse('youtube#commentThreadListResponse', page.items.map((c) => renderThread(state, c, want, { plain, owner })), page.perPage, tops.length, page.next) };
    }
    case 'POST commentThreads': {
      const want = parts(inc);
      const auth = authenticate(state, ctx.req, inc, { apiKeyOk: false });
      const me = needScope(auth, SCOPE.write);
      spendQuota(state, auth, 50);
      const b = jsonBody(ctx);
      const sn = b.snippet as Record<string, unknown> | undefined;
      const top = (sn?.topLevelComment as Record<string, unknown> | undefined)?.snippet as Record<string, unknown> | undefined;
      const text = typeof top?.textOriginal === 'string' ? top.textOriginal : '';
      if (!text) throw new YtError(400, 'commentTextRequired', 'The comment resource must contain a snippet.topLevelComment.snippet.textOriginal property.', 'youtube.commentThread');
      const v = videoOrThrow(state, typeof sn?.videoId === 'string' ? sn.videoId : undefined);
      if (v.commentsDisabled) throw commentsDisabled();
      const c = addComment(state, { videoId: v.id, authorChannelId: me, text });
      state.record({ platform: 'youtube', kind: 'comment_reply', accountId: me, objectId: c.id, targetId: v.id, text, data: { videoId: v.id, topLevel: true } });
      return { status: 200, body: renderThread(state, c, want, { plain, owner: me === v.channelId }) };
    }
    case 'GET comments': {
      const want = parts(inc);
      const auth = authenticate(state, ctx.req, inc, { apiKeyOk: true });
      spendQuota(state, auth, 1);
      const parentId = str(inc.params, 'parentId');
      const ids = str(inc.params, 'id');
      let list: YtComment[];
      if (parentId) {
        if (!s.comments.has(parentId)) throw new YtError(404, 'commentNotFound', 'One or more of the comments identified by the <code>parentId</code> parameter could not be found.', 'youtube.comment', 'parentId');
        list = [...s.comments.values()].filter((c) => c.parentId === parentId && !c.deleted && c.moderationStatus === 'published').sort((a, b) => a.createdAt - b.createdAt);
      } else if (ids) list = ids.split(',').map((id) => s.comments.get(id)).filter((c): c is YtComment => !!c && !c.deleted);
      else throw new YtError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: id, parentId', 'youtube.parameter');
      const page = pageOf(inc, list, 20, 100);
      return { status: 200, body: listResponse('youtube#commentListResponse', page.items.map((c) => pick(renderComment(c, { plain, owner: auth.channelId === c.channelId }), want)), page.perPage, list.length, page.next) };
    }
    case 'POST comments': {
      const want = parts(inc);
      const auth = authenticate(state, ctx.req, inc, { apiKeyOk: false });
      const me = needScope(auth, SCOPE.write);
      spendQuota(state, auth, 50);
      const b = jsonBody(ctx);
      const sn = b.snippet as Record<string, unknown> | undefined;
      const parentId = typeof sn?.parentId === 'string' ? sn.parentId : '';
      const text = typeof sn?.textOriginal === 'string' ? sn.textOriginal : '';
      if (!text) throw new YtError(400, 'commentTextRequired', 'The comment resource that is being inserted must specify a value for the snippet.textOriginal property.', 'youtube.comment');
      const parent = s.comments.get(parentId);
      if (!parent || parent.deleted) throw new YtError(400, 'parentCommentIsPrivate', 'The specified parent comment is private. The API does not support replies to private comments.', 'youtube.comment');
      if (parent.parentId) throw new YtError(400, 'operationNotSupported', 'The API user is not able to insert a comment in reply to the top-level comment identified by the snippet.parentId property. In a commentThread resource, the snippet.canReply property indicates whether the current viewer can reply to the thread.', 'youtube.comment');
      const v = videoOrThrow(state, parent.videoId);
      if (v.commentsDisabled) throw commentsDisabled();
      const c = addComment(state, { videoId: v.id, authorChannelId: me, text, parentId });
      state.record({ platform: 'youtube', kind: 'comment_reply', accountId: me, objectId: c.id, targetId: parentId, text, data: { videoId: v.id } });
      return { status: 200, body: pick(renderComment(c, { plain, owner: true }), want) };
    }
    case 'PUT comments': {
      const want = parts(inc);
      const auth = authenticate(state, ctx.req, inc, { apiKeyOk: false });
      const me = needScope(auth, SCOPE.write);
      spendQuota(state, auth, 50);
      const b = jsonBody(ctx);
      const c = typeof b.id === 'string' ? s.comments.get(b.id) : undefined;
      if (!c || c.deleted) throw new YtError(404, 'commentNotFound', 'The specified comment could not be found.', 'youtube.comment', 'id');
      if (c.authorChannelId !== me) throw yerr.forbidden('The comment could not be updated due to insufficient permissions. The request might not be properly authorized.');
      const text = (b.snippet as Record<string, unknown> | undefined)?.textOriginal;
      if (typeof text !== 'string' || !text) throw new YtError(400, 'commentTextRequired', 'The comment resource that is being updated must specify a value for the snippet.textOriginal property.', 'youtube.comment');
      c.text = text;
      c.updatedAt = state.now();
      return { status: 200, body: pick(renderComment(c, { plain, owner: true }), want) };
    }
    case 'DELETE comments': {
      const auth = authenticate(state, ctx.req, inc, { apiKeyOk: false });
      const me = needScope(auth, SCOPE.write);
      spendQuota(state, auth, 50);
      const c = s.comments.get(str(inc.params, 'id') ?? '');
      if (!c || c.deleted) throw new YtError(404, 'commentNotFound', 'The specified comment could not be found.', 'youtube.comment', 'id');
      if (c.authorChannelId !== me) throw yerr.forbidden('The comment could not be deleted: only the author can delete a comment; use comments.setModerationStatus to reject it.');
      c.deleted = true;
      state.record({ platform: 'youtube', kind: 'comment_deleted', accountId: me, targetId: c.id, text: c.text, data: { videoId: c.videoId } });
      return { status: 204 };
    }
    case 'POST comments/setModerationStatus': {
      const auth = authenticate(state, ctx.req, inc, { apiKeyOk: false });
      const me = needScope(auth, SCOPE.write);
      spendQuota(state, auth, 50);
      const status = str(inc.params, 'moderationStatus');
      if (!status || !['heldForReview', 'published', 'rejected'].includes(status)) throw yerr.invalid('moderationStatus', `Invalid value '${status}'. Values must be one of: heldForReview, published, rejected`);
      const ids = (str(inc.params, 'id') ?? '').split(',').filter(Boolean);
      if (ids.length === 0) throw yerr.required('id');
      const ban = str(inc.params, 'banAuthor') === 'true';
      if (ban && status !== 'rejected') throw new YtError(400, 'banWithoutReject', 'The banAuthor parameter can only be used if the moderationStatus parameter value is rejected.', 'youtube.comment', 'banAuthor');
      for (const id of ids) {
        const c = s.comments.get(id);
        if (!c || c.deleted) throw new YtError(404, 'commentNotFound', 'One or more of the comments identified by the id parameter could not be found.', 'youtube.comment', 'id');
        if (c.channelId !== me) throw new YtError(403, 'forbidden', 'The moderation status of one or more comments cannot be set due to insufficient permissions.', 'youtube.comment');
      }
      for (const id of ids) {
        const c = s.comments.get(id)!;
        c.moderationStatus = status as YtComment['moderationStatus'];
        state.record({ platform: 'youtube', kind: status === 'rejected' ? 'comment_hidden' : status === 'published' ? 'comment_unhidden' : 'comment_moderated', accountId: me, targetId: id, text: c.text, data: { videoId: c.videoId, moderationStatus: status, banAuthor: ban } });
      }
      return { status: 204 };
    }
    default:
      throw new YtError(404, 'notFound', `Method not found: ${method} ${resource}${sub ? '/' + sub : ''}`, 'global');
  }
}

export function addComment(state: FakeState, input: { videoId: string; authorChannelId: string; text: string; parentId?: string; citizenKey?: string; moderationStatus?: YtComment['moderationStatus'] }): YtComment {
  const v = state.youtube.videos.get(input.videoId);
  if (!v) throw new Error(`unknown video ${input.videoId}`);
  const author = state.youtube.channels.get(input.authorChannelId);
  const id = input.parentId ? `${input.parentId}.${state.ids.string(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}` : `Ugz${state.ids.string(23, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')}4AaABAg`;
  const c: YtComment = {
    id,
    videoId: v.id,
    channelId: v.channelId,
    ...(input.parentId ? { parentId: input.parentId } : {}),
    authorChannelId: input.authorChannelId,
    authorName: author ? `@${author.handle}` : '@unknown',
    text: input.text,
    createdAt: state.now(),
    updatedAt: state.now(),
    moderationStatus: input.moderationStatus ?? 'published',
    likeCount: 0,
    deleted: false,
    ...(input.citizenKey ? { citizenKey: input.citizenKey } : {}),
  };
  state.youtube.comments.set(c.id, c);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Uploads

function newVideo(state: FakeState, channelId: string, meta: Record<string, unknown>, bytes: number): YtVideo {
  const sn = (meta.snippet as Record<string, unknown> | undefined) ?? {};
  const st = (meta.status as Record<string, unknown> | undefined) ?? {};
  const v: YtVideo = {
    id: state.ids.string(11),
    channelId,
    title: typeof sn.title === 'string' && sn.title ? sn.title : 'unknown',
    description: typeof sn.description === 'string' ? sn.description : '',
    categoryId: String(sn.categoryId ?? '22'),
    tags: Array.isArray(sn.tags) ? sn.tags.map(String) : [],
    privacyStatus: (['public', 'private', 'unlisted'].includes(String(st.privacyStatus)) ? st.privacyStatus : 'public') as YtVideo['privacyStatus'],
    madeForKids: st.selfDeclaredMadeForKids === true,
    createdAt: state.now(),
    readyAt: state.now() + state.config.processing.youtubeMs,
    bytes,
    commentsDisabled: false,
    deleted: false,
  };
  state.youtube.videos.set(v.id, v);
  state.record({ platform: 'youtube', kind: 'post', accountId: channelId, objectId: v.id, text: v.title, data: { description: v.description, privacyStatus: v.privacyStatus, bytes } });
  return v;
}

async function uploadApi(ctx: YCtx): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
  const { state, inc, req } = ctx;
  const type = str(inc.params, 'uploadType');
  if (req.method === 'POST') {
    const want = parts(inc);
    const auth = authenticate(state, req, inc, { apiKeyOk: false });
    const channelId = needScope(auth, SCOPE.upload);
    spendQuota(state, auth, 1, 'uploads');
    if (type === 'resumable') {
      const meta = (inc.json && typeof inc.json === 'object' ? inc.json : {}) as Record<string, unknown>;
      const sess: UploadSession = {
        id: state.ids.string(60, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        channelId,
        clientId: auth.client.clientId,
        meta,
        part: want,
        total: header(req, 'x-upload-content-length') ? Number(header(req, 'x-upload-content-length')) : null,
        received: 0,
        contentType: header(req, 'x-upload-content-type') ?? 'video/*',
      };
      state.youtube.uploads.set(sess.id, sess);
      return { status: 200, headers: { location: `${state.config.publicUrl}/google/upload/youtube/v3/videos?uploadType=resumable&upload_id=${sess.id}&part=${want.join(',')}`, 'x-guploader-uploadid': sess.id } };
    }
    if (type === 'multipart') {
      const [meta, media] = inc.related;
      if (!meta || !media) throw new YtError(400, 'badContent', 'Media type not supported or multipart body malformed.', 'global');
      const v = newVideo(state, channelId, inc.json as Record<string, unknown>, media.data.length);
      return { status: 200, body: pick(renderVideo(state, v), want) };
    }
    if (type === 'media' || !type) {
      if (inc.raw.length === 0) throw new YtError(400, 'mediaBodyRequired', 'The request does not include the video content.', 'youtube.video');
      const v = newVideo(state, channelId, {}, inc.raw.length);
      return { status: 200, body: pick(renderVideo(state, v), want) };
    }
    throw yerr.invalid('uploadType', `Invalid value '${type}'.`);
  }
  if (req.method === 'PUT') {
    const sess = state.youtube.uploads.get(str(inc.params, 'upload_id') ?? '');
    if (!sess) return { status: 404, body: errorBody(new YtError(404, 'notFound', 'Upload session not found or expired.', 'global')) };
    const range = header(req, 'content-range');
    // status query: Content-Range: bytes */N
    if (range && /^bytes \*\/(\d+|\*)$/.test(range)) {
      if (sess.videoId) return { status: 200, body: pick(renderVideo(state, state.youtube.videos.get(sess.videoId)!), sess.part) };
      return { status: 308, headers: sess.received > 0 ? { range: `bytes=0-${sess.received - 1}` } : {} };
    }
    const m = range ? /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(range) : null;
    const start = m ? Number(m[1]) : 0;
    if (start !== sess.received) return { status: 308, headers: sess.received > 0 ? { range: `bytes=0-${sess.received - 1}` } : {} };
    sess.received += inc.raw.length;
    const total = m && m[3] !== '*' ? Number(m[3]) : (sess.total ?? (m ? null : sess.received));
    if (total !== null && sess.received >= total) {
      const v = newVideo(state, sess.channelId, sess.meta, sess.received);
      sess.videoId = v.id;
      return { status: 200, body: pick(renderVideo(state, v), sess.part) };
    }
    return { status: 308, headers: { range: `bytes=0-${sess.received - 1}` } };
  }
  throw new YtError(405, 'methodNotAllowed', 'Method not allowed', 'global');
}

// ---------------------------------------------------------------------------------------------
// YouTube Analytics (youtubeanalytics.googleapis.com/v2/reports -> /youtubeanalytics/v2/reports)

function analytics(ctx: YCtx): { status: number; body: unknown } {
  const { state, inc } = ctx;
  const auth = authenticate(state, ctx.req, inc, { apiKeyOk: false });
  const channelId = needScope(auth, SCOPE.analytics);
  const metrics = (str(inc.params, 'metrics') ?? '').split(',').filter(Boolean);
  if (!str(inc.params, 'ids') || !str(inc.params, 'startDate') || !str(inc.params, 'endDate') || metrics.length === 0) {
    throw new YtError(400, 'required', 'Required: ids, startDate, endDate, metrics', 'global');
  }
  const filter = /video==([\w-]+(?:,[\w-]+)*)/.exec(str(inc.params, 'filters') ?? '')?.[1]?.split(',');
  const vids = [...state.youtube.videos.values()].filter((v) => v.channelId === channelId && !v.deleted && (!filter || filter.includes(v.id)));
  const byVideo = str(inc.params, 'dimensions') === 'video';
  const value = (v: YtVideo, m: string) => {
    const vw = views(state, v);
    const comments = [...state.youtube.comments.values()].filter((c) => c.videoId === v.id && !c.deleted).length;
    return m === 'views' ? vw : m === 'comments' ? comments : m === 'likes' ? Math.round(vw / 20) : m === 'estimatedMinutesWatched' ? Math.round(vw * 0.8) : m === 'shares' ? Math.round(vw / 100) : m === 'subscribersGained' ? Math.round(vw / 200) : hash32(v.id + m) % 50;
  };
  const headers = [...(byVideo ? [{ name: 'video', columnType: 'DIMENSION', dataType: 'STRING' }] : []), ...metrics.map((name) => ({ name, columnType: 'METRIC', dataType: 'INTEGER' }))];
  const rows = byVideo ? vids.map((v) => [v.id, ...metrics.map((m) => value(v, m))]) : [metrics.map((m) => vids.reduce((n, v) => n + value(v, m), 0))];
  return { status: 200, body: { kind: 'youtubeAnalytics#resultTable', columnHeaders: headers, rows } };
}

// ---------------------------------------------------------------------------------------------
// Google OAuth

function oauthErr(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return sendJson(reply, status, { error, error_description: description });
}

function clientFrom(state: FakeState, req: FastifyRequest, inc: Incoming): YtClient | null {
  const h = header(req, 'authorization');
  let id = str(inc.params, 'client_id');
  let secret = str(inc.params, 'client_secret');
  if (h?.startsWith('Basic ')) [id, secret] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':');
  const c = id ? state.youtube.clients.get(id) : undefined;
  return c && c.clientSecret === secret ? c : null;
}

export function issueGoogleTokens(state: FakeState, client: YtClient, channelId: string, scopes: string[], offline: boolean): Record<string, unknown> {
  const ttl = state.config.tokenTtl.googleAccess;
  const access = state.tokens.issue({ family: 'google', kind: 'oauth2_user', appId: client.clientId, subjectId: channelId, scopes, ttlSec: ttl });
  const out: Record<string, unknown> = { access_token: access.value, expires_in: ttl, scope: scopes.join(' '), token_type: 'Bearer' };
  if (offline) {
    const refresh = state.tokens.issue({ family: 'google', kind: 'refresh', appId: client.clientId, subjectId: channelId, scopes, ttlSec: client.testing ? 7 * 86400 : null });
    access.pair = refresh.value;
    out.refresh_token = refresh.value;
    out.refresh_token_expires_in = client.testing ? 7 * 86400 : undefined;
  }
  return out;
}

export function registerYoutubeRoutes(app: FastifyInstance, state: FakeState): void {
  const shapes = {
    serverError: (r: FastifyReply) => sendJson(r, 503, errorBody(new YtError(503, 'backendError', 'The service is currently unavailable.', 'global'))),
    rateLimited: (r: FastifyReply) => sendJson(r, 429, errorBody(new YtError(429, 'rateLimitExceeded', 'Resource has been exhausted (e.g. check quota).', 'youtube.quota'))),
  };
  const run = async (req: FastifyRequest, reply: FastifyReply, prefix: string, fn: (ctx: YCtx) => Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> | { status: number; body?: unknown; headers?: Record<string, string> }) => {
    const inc = await parseIncoming(req, prefix);
    const fault = await applyFaults(state, 'youtube', inc.path, req, reply, shapes);
    if (fault.consumed) return reply;
    try {
      const r = await fn({ state, req, reply, inc });
      for (const [k, v] of Object.entries(r.headers ?? {})) reply.header(k, v);
      if (r.body === undefined) return reply.code(r.status).send();
      return sendJson(reply, r.status, r.body);
    } catch (err) {
      if (err instanceof YtError) return sendJson(reply, err.code, errorBody(err), err.code === 401 ? { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } : {});
      req.log.error({ err }, 'youtube fake handler failed');
      return sendJson(reply, 500, errorBody(new YtError(500, 'backendError', 'Backend Error', 'global')));
    }
  };
  // Served under /google/... and at the root: googleapis' global `rootUrl` keeps only the origin
  // of the URL given (a path prefix is dropped), so clients configured that way need the root paths.
  for (const base of ['/google', '']) {
    app.all(`${base}/youtube/v3/*`, (req, reply) =>
      run(req, reply, `${base}/youtube/v3`, (ctx) => {
        const [resource, sub] = ctx.inc.segments;
        return dataApi(ctx, req.method, resource ?? '', sub);
      }),
    );
    app.all(`${base}/upload/youtube/v3/videos`, (req, reply) => run(req, reply, `${base}/upload/youtube/v3/videos`, uploadApi));
  }
  app.get('/youtubeanalytics/v2/reports', (req, reply) => run(req, reply, '/youtubeanalytics', analytics));

  // accounts.google.com/o/oauth2/v2/auth
  app.get('/google-accounts/o/oauth2/v2/auth', async (req, reply) => {
    const inc = await parseIncoming(req, '/google-accounts');
    const q = inc.query;
    const client = state.youtube.clients.get(q.client_id ?? '');
    if (!client) return reply.code(401).type('text/html').send('<h1>Error 401: invalid_client</h1><p>The OAuth client was not found.</p>');
    const redirectUri = q.redirect_uri ?? '';
    if (!redirectUri || (client.redirectUris.length > 0 && !client.redirectUris.includes(redirectUri))) return reply.code(400).type('text/html').send('<h1>Error 400: redirect_uri_mismatch</h1>');
    if (q.fake_deny) return redirectTo(reply, redirectUri, { error: 'access_denied', state: q.state });
    const candidates = [...state.youtube.channels.values()].filter((c) => c.owned).map((c) => ({ id: c.id, label: `${c.title} (@${c.handle})` }));
    const scopes = (q.scope ?? '').split(/\s+/).filter(Boolean);
    const subject = chooseSubject(state, 'youtube', q, candidates);
    if (!subject) return consentPage(reply, { title: 'Login dengan Google (palsu)', appName: client.clientId, scopes, candidates, currentUrl: state.config.publicUrl + req.url });
    const code: YtCode = { code: '4/0' + state.ids.string(70), clientId: client.clientId, redirectUri, channelId: subject, scopes, offline: q.access_type === 'offline', expiresAt: state.now() + 10 * 60_000, used: false };
    state.youtube.codes.set(code.code, code);
    return redirectTo(reply, redirectUri, { code: code.code, scope: scopes.join(' '), state: q.state });
  });

  // oauth2.googleapis.com
  app.post('/google-oauth/token', async (req, reply) => {
    const inc = await parseIncoming(req, '/google-oauth');
    const client = clientFrom(state, req, inc);
    if (!client) return oauthErr(reply, 401, 'invalid_client', 'Unauthorized');
    const grant = str(inc.params, 'grant_type');
    if (grant === 'authorization_code') {
      const code = state.youtube.codes.get(str(inc.params, 'code') ?? '');
      if (!code || code.used || code.expiresAt < state.now() || code.clientId !== client.clientId) return oauthErr(reply, 400, 'invalid_grant', 'Bad Request');
      if (str(inc.params, 'redirect_uri') !== code.redirectUri) return oauthErr(reply, 400, 'redirect_uri_mismatch', 'Bad Request');
      code.used = true;
      state.record({ platform: 'youtube', kind: 'token_issued', accountId: code.channelId, data: { scopes: code.scopes } });
      return sendJson(reply, 200, issueGoogleTokens(state, client, code.channelId, code.scopes, code.offline));
    }
    if (grant === 'refresh_token') {
      const check = state.tokens.check(str(inc.params, 'refresh_token'));
      if (check.status !== 'ok' || check.token.kind !== 'refresh' || check.token.appId !== client.clientId) return oauthErr(reply, 400, 'invalid_grant', 'Token has been expired or revoked.');
      const ttl = state.config.tokenTtl.googleAccess;
      const access = state.tokens.issue({ family: 'google', kind: 'oauth2_user', appId: client.clientId, subjectId: check.token.subjectId, scopes: check.token.scopes, ttlSec: ttl });
      access.pair = check.token.value;
      return sendJson(reply, 200, { access_token: access.value, expires_in: ttl, scope: check.token.scopes.join(' '), token_type: 'Bearer' });
    }
    return oauthErr(reply, 400, 'unsupported_grant_type', 'Invalid grant_type: ' + (grant ?? ''));
  });
  app.post('/google-oauth/revoke', async (req, reply) => {
    const inc = await parseIncoming(req, '/google-oauth');
    const t = state.tokens.tokens.get(str(inc.params, 'token') ?? '');
    if (!t || t.family !== 'google') return oauthErr(reply, 400, 'invalid_token', 'Bad Request');
    // revoking either token revokes the grant (all tokens of that client for that channel)
    state.tokens.revokeWhere((x) => x.family === 'google' && x.appId === t.appId && x.subjectId === t.subjectId, 'revoked');
    state.record({ platform: 'youtube', kind: 'token_revoked', accountId: t.subjectId, data: {} });
    return sendJson(reply, 200, {});
  });
  app.route({ method: ['GET', 'POST'], url: '/google-oauth/tokeninfo', handler: async (req, reply) => {
    const inc = await parseIncoming(req, '/google-oauth');
    const check = state.tokens.check(str(inc.params, 'access_token') ?? bearer(req));
    if (check.status !== 'ok' || check.token.family !== 'google') return oauthErr(reply, 400, 'invalid_token', 'Invalid Value');
    const t = check.token;
    return sendJson(reply, 200, { azp: t.appId, aud: t.appId, scope: t.scopes.join(' '), exp: String(Math.floor((t.expiresAt ?? 0) / 1000)), expires_in: String(Math.max(0, Math.floor(((t.expiresAt ?? 0) - state.now()) / 1000))), access_type: t.pair ? 'offline' : 'online' });
  } });
}

// ---------------------------------------------------------------------------------------------
// Setup and citizen actions

export function createYoutubeClient(state: FakeState, input: Partial<YtClient> = {}): YtClient {
  const c: YtClient = {
    clientId: input.clientId ?? `${state.ids.numeric('yt', '1', 12)}-${state.ids.string(32, 'abcdefghijklmnopqrstuvwxyz0123456789')}.apps.googleusercontent.com`,
    clientSecret: input.clientSecret ?? 'GOCSPX-' + state.ids.string(28),
    apiKey: input.apiKey ?? state.tokens.mint('google', 'api_key', ''),
    projectNumber: input.projectNumber ?? state.ids.numeric('yt', '1', 12),
    redirectUris: input.redirectUris ?? [],
    testing: input.testing ?? false,
  };
  state.youtube.clients.set(c.clientId, c);
  return c;
}

export function ytChannel(state: FakeState, input: { title: string; handle?: string; owned?: boolean; citizenKey?: string; id?: string }): YtChannel {
  if (input.citizenKey) {
    const existing = [...state.youtube.channels.values()].find((c) => c.citizenKey === input.citizenKey);
    if (existing) return existing;
  }
  const ch: YtChannel = {
    id: input.id ?? 'UC' + state.ids.string(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'),
    title: input.title,
    handle: (input.handle ?? input.title).replace(/^@/, '').toLowerCase().replace(/[^a-z0-9._-]+/g, ''),
    createdAt: state.now() - 700 * 86_400_000,
    subscribers: input.owned ? 1_000 + state.rng.int(0, 50_000) : state.rng.int(0, 300),
    owned: input.owned ?? false,
    ...(input.citizenKey ? { citizenKey: input.citizenKey } : {}),
  };
  state.youtube.channels.set(ch.id, ch);
  return ch;
}

export function seedYoutubeVideo(state: FakeState, channelId: string, title: string, opts: { commentsDisabled?: boolean; ageMs?: number } = {}): YtVideo {
  const v: YtVideo = {
    id: state.ids.string(11),
    channelId,
    title,
    description: '',
    categoryId: '25',
    tags: [],
    privacyStatus: 'public',
    madeForKids: false,
    createdAt: state.now() - (opts.ageMs ?? 86_400_000),
    readyAt: state.now() - 1,
    bytes: 10_000_000,
    commentsDisabled: opts.commentsDisabled ?? false,
    deleted: false,
  };
  state.youtube.videos.set(v.id, v);
  return v;
}

export function injectYoutubeComment(state: FakeState, input: { channelId: string; videoId?: string; parentId?: string; text: string; from?: CitizenInput; heldForReview?: boolean }): { ids: Record<string, string>; deliveries: string[] } {
  const ch = state.youtube.channels.get(input.channelId);
  if (!ch) throw new Error(`unknown channel ${input.channelId}`);
  const key = input.from?.key ?? input.from?.username ?? input.from?.name ?? `anon-${state.ids.counter('ytanon')}`;
  const author = ytChannel(state, { title: input.from?.name ?? key, handle: input.from?.username ?? key, citizenKey: key });
  let videoId = input.videoId;
  let parentId = input.parentId;
  if (parentId) {
    const parent = state.youtube.comments.get(parentId);
    if (!parent) throw new Error(`unknown comment ${parentId}`);
    parentId = parent.parentId ?? parent.id;
    videoId = parent.videoId;
  }
  if (!videoId) {
    const vids = [...state.youtube.videos.values()].filter((v) => v.channelId === ch.id && !v.deleted && !v.commentsDisabled).sort((a, b) => b.createdAt - a.createdAt).slice(0, 5);
    videoId = (vids.length ? state.rng.pick(vids) : seedYoutubeVideo(state, ch.id, `Informasi resmi ${ch.title}`)).id;
  }
  const c = addComment(state, { videoId, authorChannelId: author.id, text: input.text, ...(parentId ? { parentId } : {}), citizenKey: key, ...(input.heldForReview ? { moderationStatus: 'heldForReview' as const } : {}) });
  return { ids: { commentId: c.id, videoId, authorChannelId: author.id, citizenKey: key, ...(parentId ? { parentId } : {}) }, deliveries: [] };
}
