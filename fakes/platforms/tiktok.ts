// TikTok fake: Login Kit OAuth (24 h access tokens, 365 d refresh), Content Posting API
// (creator_info, video init with FILE_UPLOAD chunk rules or PULL_FROM_URL, own-host upload_url with
// Content-Range PUTs answered 206/201, photo posts, status fetch PROCESSING -> PUBLISH_COMPLETE,
// unaudited clients forced to SELF_ONLY), video query/list for insights, the
// {data, error:{code:"ok"}} envelope, rate limits (init 6/min, status 30/min) and signed webhooks.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeState } from '../core/state.ts';
import type { Incoming } from '../core/http.ts';
import { bearer, header, parseIncoming, sendJson, str } from '../core/http.ts';
import { applyFaults } from '../core/faults.ts';
import { tiktokSignature } from '../core/signing.ts';
import { chooseSubject, consentPage, redirectTo } from '../core/oauth.ts';
import { hash32 } from '../core/rng.ts';

export interface TtApp {
  clientKey: string;
  clientSecret: string;
  name: string;
  /** unaudited clients may only post SELF_ONLY */
  audited: boolean;
  redirectUris: string[];
  /** null: `<webhookTarget>/webhooks/tiktok` */
  webhookUrl: string | null;
  /** PULL_FROM_URL needs a verified domain; empty = every domain counts as verified */
  verifiedDomains: string[];
}

export interface TtUser {
  openId: string;
  unionId: string;
  username: string;
  displayName: string;
  followers: number;
  connected: boolean;
}

export interface TtPublish {
  publishId: string;
  openId: string;
  clientKey: string;
  mediaType: 'VIDEO' | 'PHOTO';
  mode: 'DIRECT_POST' | 'INBOX';
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  title: string;
  /** photo posts: the caption below the title (post_info.description) */
  description?: string;
  privacyLevel: string;
  videoSize: number;
  chunkSize: number;
  totalChunks: number;
  uploadedBytes: number;
  videoUrl?: string;
  photoUrls: string[];
  createdAt: number;
  uploadDoneAt?: number;
  status: 'PROCESSING_UPLOAD' | 'PROCESSING_DOWNLOAD' | 'SEND_TO_USER_INBOX' | 'PUBLISH_COMPLETE' | 'FAILED';
  failReason?: string;
  postId?: string;
  uploadToken: string;
}

export interface TtVideo {
  id: string;
  openId: string;
  title: string;
  /** photo posts: their description; videos: none (the title is the caption) */
  description?: string;
  createdAt: number;
  privacyLevel: string;
}

interface TtCode {
  code: string;
  clientKey: string;
  redirectUri: string;
  openId: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
  challenge?: string;
}

export interface TiktokStore {
  apps: Map<string, TtApp>;
  defaultClientKey: string;
  users: Map<string, TtUser>;
  publishes: Map<string, TtPublish>;
  videos: Map<string, TtVideo>;
  codes: Map<string, TtCode>;
}

export function createTiktokStore(): TiktokStore {
  return { apps: new Map(), defaultClientKey: '', users: new Map(), publishes: new Map(), videos: new Map(), codes: new Map() };
}

const MB = 1024 * 1024;
const RAW_INT = '__tiktok_raw_int__';

/** JSON with int64 ids written as bare numbers (without the precision loss of a JS number) */
function sendTiktok(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  const text = JSON.stringify(body).replace(new RegExp(`"${RAW_INT}(\\d+)"`, 'g'), '$1');
  return reply.code(status).header('content-type', 'application/json; charset=UTF-8').send(text);
}

class TtError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function logId(state: FakeState): string {
  const d = new Date(state.now());
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}${state.ids.hex(18).toUpperCase()}`;
}

function envelope(state: FakeState, data: unknown, error?: TtError): Record<string, unknown> {
  return { data: data ?? {}, error: { code: error ? error.code : 'ok', message: error ? error.message : '', log_id: logId(state) } };
}

const terr = {
  token: () => new TtError(401, 'access_token_invalid', 'The access token is invalid or not found in the request.'),
  scope: (s: string) => new TtError(401, 'scope_not_authorized', `The user did not authorize the scope required for completing this request: ${s}`),
  params: (m: string) => new TtError(400, 'invalid_params', m),
  rate: () => new TtError(429, 'rate_limit_exceeded', 'The API rate limit was exceeded. Please try again later.'),
};

interface TtAuth {
  openId: string;
  app: TtApp;
  scopes: string[];
}

function authenticate(state: FakeState, req: FastifyRequest): TtAuth {
  const check = state.tokens.check(bearer(req));
  if (check.status !== 'ok' || check.token.family !== 'tiktok' || check.token.kind !== 'oauth2_user') throw terr.token();
  const app = state.tiktok.apps.get(check.token.appId);
  if (!app) throw terr.token();
  return { openId: check.token.subjectId, app, scopes: check.token.scopes };
}

function needScope(auth: TtAuth, scope: string): void {
  if (!auth.scopes.includes(scope)) throw terr.scope(scope);
}

function limit(state: FakeState, auth: TtAuth, bucket: 'init' | 'status' | 'default'): void {
  const rule = state.config.limits.tiktok[bucket];
  const r = state.limiter.hit(`tt:${bucket}:${auth.openId}:${auth.app.clientKey}`, rule);
  if (!r.allowed) throw terr.rate();
}

function privacyOptions(app: TtApp): string[] {
  return app.audited ? ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'] : ['SELF_ONLY'];
}

function webhookUrl(state: FakeState, app: TtApp): string {
  if (app.webhookUrl) return app.webhookUrl;
  return state.config.webhookTarget ? `${state.config.webhookTarget.replace(/\/+$/, '')}/webhooks/tiktok` : '';
}

export function emitTiktok(state: FakeState, app: TtApp, openId: string, event: string, content: Record<string, unknown>): string {
  const t = state.nowSec();
  const body = JSON.stringify({ client_key: app.clientKey, event, create_time: t, user_openid: openId, content: JSON.stringify(content) });
  const d = state.webhooks.enqueue({
    platform: 'tiktok',
    url: webhookUrl(state, app),
    body,
    kind: event,
    accountId: openId,
    eventIds: [`${event}:${String(content.publish_id ?? content.reason ?? t)}`],
    headers: { 'content-type': 'application/json', 'tiktok-signature': tiktokSignature(app.clientSecret, body, t) },
  });
  return d.id;
}

function finishUpload(state: FakeState, p: TtPublish): void {
  p.uploadDoneAt = state.now();
  const app = state.tiktok.apps.get(p.clientKey);
  state.later(state.config.processing.tiktokMs, () => {
    if (p.status === 'FAILED' || !app) return;
    if (p.videoUrl && /fail|error/i.test(p.videoUrl)) {
      p.status = 'FAILED';
      p.failReason = 'file_format_check_failed';
      emitTiktok(state, app, p.openId, 'post.publish.failed', { publish_id: p.publishId, reason: p.failReason, publish_type: p.mode === 'INBOX' ? 'INBOX_SHARE' : 'DIRECT_PUBLISH' });
      return;
    }
    if (p.mode === 'INBOX') {
      p.status = 'SEND_TO_USER_INBOX';
      emitTiktok(state, app, p.openId, 'post.publish.inbox_delivered', { publish_id: p.publishId, publish_type: 'INBOX_SHARE' });
      return;
    }
    p.status = 'PUBLISH_COMPLETE';
    const vid: TtVideo = { id: String(7_400_000_000_000_000_000n + BigInt(state.ids.counter('ttvideo')) * 104_729n), openId: p.openId, title: p.title, ...(p.description ? { description: p.description } : {}), createdAt: state.now(), privacyLevel: p.privacyLevel };
    state.tiktok.videos.set(vid.id, vid);
    p.postId = vid.id;
    state.record({ platform: 'tiktok', kind: 'post', accountId: p.openId, objectId: vid.id, text: p.description || p.title, data: { title: p.title, publishId: p.publishId, mediaType: p.mediaType, source: p.source, privacyLevel: p.privacyLevel, bytes: p.uploadedBytes, videoUrl: p.videoUrl, photoUrls: p.photoUrls } });
    emitTiktok(state, app, p.openId, 'post.publish.complete', { publish_id: p.publishId, publish_type: 'DIRECT_PUBLISH' });
    if (p.privacyLevel !== 'SELF_ONLY') emitTiktok(state, app, p.openId, 'post.publish.publicly_available', { publish_id: p.publishId, post_id: vid.id, publish_type: 'DIRECT_PUBLISH' });
  });
}

function checkChunks(size: number, chunk: number, total: number): string | null {
  if (!Number.isInteger(size) || size <= 0) return 'video_size must be a positive integer';
  if (size > 4 * 1024 * MB) return 'video_size exceeds 4GB';
  if (size < 5 * MB) return chunk === size && total === 1 ? null : 'Videos smaller than 5MB must be uploaded as a single chunk (chunk_size = video_size, total_chunk_count = 1)';
  if (chunk < 5 * MB || chunk > 64 * MB) return 'chunk_size must be between 5MB and 64MB';
  const expected = Math.floor(size / chunk);
  if (total !== expected) return `total_chunk_count must be ${expected} for video_size ${size} and chunk_size ${chunk}`;
  if (size - chunk * (total - 1) > 128 * MB) return 'the final chunk may not exceed 128MB';
  return null;
}

async function api(state: FakeState, req: FastifyRequest, inc: Incoming): Promise<unknown> {
  const path = inc.path.replace(/\/+$/, '') + '/';
  const body = (inc.json && typeof inc.json === 'object' ? inc.json : {}) as Record<string, unknown>;
  if (inc.bodyError) throw terr.params(`Invalid JSON body: ${inc.bodyError}`);
  switch (`${req.method} ${path}`) {
    case 'GET /v2/user/info/': {
      const auth = authenticate(state, req);
      needScope(auth, 'user.info.basic');
      limit(state, auth, 'default');
      const fields = (str(inc.params, 'fields') ?? '').split(',').filter(Boolean);
      if (fields.length === 0) throw terr.params('fields is required');
      const u = state.tiktok.users.get(auth.openId);
      if (!u) throw terr.token();
      const videos = [...state.tiktok.videos.values()].filter((v) => v.openId === u.openId);
      const all: Record<string, unknown> = {
        open_id: u.openId,
        union_id: u.unionId,
        avatar_url: `https://p16-sign.tiktokcdn-us.com/fake/${u.openId}.jpeg`,
        display_name: u.displayName,
        username: u.username,
        bio_description: 'Akun resmi',
        profile_deep_link: `https://vm.tiktok.com/fake/${u.username}`,
        is_verified: false,
        follower_count: u.followers,
        following_count: 12,
        likes_count: videos.length * 40,
        video_count: videos.length,
      };
      const statsFields = ['follower_count', 'following_count', 'likes_count', 'video_count'];
      if (fields.some((f) => statsFields.includes(f))) needScope(auth, 'user.info.stats');
      const user: Record<string, unknown> = {};
      for (const f of fields) if (f in all) user[f] = all[f];
      return { user };
    }
    case 'POST /v2/post/publish/creator_info/query/': {
      const auth = authenticate(state, req);
      needScope(auth, 'video.publish');
      limit(state, auth, 'default');
      const u = state.tiktok.users.get(auth.openId);
      return {
        creator_avatar_url: `https://p16-sign.tiktokcdn-us.com/fake/${auth.openId}.jpeg`,
        creator_username: u?.username,
        creator_nickname: u?.displayName,
        privacy_level_options: privacyOptions(auth.app),
        comment_disabled: false,
        duet_disabled: false,
        stitch_disabled: true,
        max_video_post_duration_sec: 600,
      };
    }
    case 'POST /v2/post/publish/video/init/':
    case 'POST /v2/post/publish/inbox/video/init/': {
      const inbox = path.includes('/inbox/');
      const auth = authenticate(state, req);
      needScope(auth, inbox ? 'video.upload' : 'video.publish');
      limit(state, auth, 'init');
      const postInfo = (body.post_info as Record<string, unknown> | undefined) ?? {};
      const source = (body.source_info as Record<string, unknown> | undefined) ?? {};
      const privacy = typeof postInfo.privacy_level === 'string' ? postInfo.privacy_level : inbox ? 'SELF_ONLY' : '';
      if (!inbox) {
        if (!privacy) throw terr.params('post_info.privacy_level is required');
        if (!auth.app.audited && privacy !== 'SELF_ONLY') throw new TtError(403, 'unaudited_client_can_only_post_to_private_accounts', 'Unaudited clients can only post to a private account');
        if (!privacyOptions(auth.app).includes(privacy)) throw new TtError(400, 'privacy_level_option_mismatch', 'privacy_level is not one of the creator privacy_level_options');
      }
      const daily = state.limiter.hit(`tt:posts:${auth.openId}`, { limit: 15, windowMs: 86_400_000 });
      if (!daily.allowed) throw new TtError(403, 'spam_risk_too_many_posts', 'The daily post cap from the API is reached for the current user.');
      const p: TtPublish = {
        publishId: `v_${inbox ? 'inbox' : 'pub'}_${source.source === 'PULL_FROM_URL' ? 'url' : 'file'}~v2-1.${state.ids.numeric('tt', '7', 19)}`,
        openId: auth.openId,
        clientKey: auth.app.clientKey,
        mediaType: 'VIDEO',
        mode: inbox ? 'INBOX' : 'DIRECT_POST',
        source: source.source === 'PULL_FROM_URL' ? 'PULL_FROM_URL' : 'FILE_UPLOAD',
        title: typeof postInfo.title === 'string' ? postInfo.title : '',
        privacyLevel: privacy,
        videoSize: 0,
        chunkSize: 0,
        totalChunks: 0,
        uploadedBytes: 0,
        photoUrls: [],
        createdAt: state.now(),
        status: 'PROCESSING_UPLOAD',
        uploadToken: state.ids.string(32),
      };
      if (p.title.length > 2200) throw terr.params('post_info.title exceeds 2200 characters');
      if (source.source === 'FILE_UPLOAD') {
        const size = Number(source.video_size);
        const chunk = Number(source.chunk_size);
        const total = Number(source.total_chunk_count);
        const problem = checkChunks(size, chunk, total);
        if (problem) throw terr.params(problem);
        Object.assign(p, { videoSize: size, chunkSize: chunk, totalChunks: total });
        state.tiktok.publishes.set(p.publishId, p);
        return { publish_id: p.publishId, upload_url: `${state.config.publicUrl}/tiktok-upload/upload/?upload_id=${encodeURIComponent(p.publishId)}&upload_token=${p.uploadToken}` };
      }
      if (source.source === 'PULL_FROM_URL') {
        const url = typeof source.video_url === 'string' ? source.video_url : '';
        let host = '';
        try {
          host = new URL(url).hostname;
        } catch {
          throw terr.params('source_info.video_url is invalid');
        }
        const domains = auth.app.verifiedDomains;
        if (domains.length > 0 && !domains.some((d) => host === d || host.endsWith('.' + d))) throw new TtError(403, 'url_ownership_unverified', 'The domain or URL prefix of video_url is not verified.');
        p.videoUrl = url;
        p.status = 'PROCESSING_DOWNLOAD';
        state.tiktok.publishes.set(p.publishId, p);
        finishUpload(state, p);
        return { publish_id: p.publishId };
      }
      throw terr.params('source_info.source must be FILE_UPLOAD or PULL_FROM_URL');
    }
    case 'POST /v2/post/publish/content/init/': {
      const auth = authenticate(state, req);
      const mode = body.post_mode === 'MEDIA_UPLOAD' ? 'INBOX' : 'DIRECT_POST';
      needScope(auth, mode === 'INBOX' ? 'video.upload' : 'video.publish');
      limit(state, auth, 'init');
      if (body.media_type !== 'PHOTO') throw terr.params('media_type must be PHOTO');
      const postInfo = (body.post_info as Record<string, unknown> | undefined) ?? {};
      const source = (body.source_info as Record<string, unknown> | undefined) ?? {};
      const images = Array.isArray(source.photo_images) ? source.photo_images.map(String) : [];
      if (images.length === 0 || images.length > 35) throw terr.params('source_info.photo_images must hold 1 to 35 URLs');
      if (typeof postInfo.title === 'string' && [...postInfo.title].length > 90) throw terr.params('post_info.title exceeds 90 characters');
      if (typeof postInfo.description === 'string' && [...postInfo.description].length > 4000) throw terr.params('post_info.description exceeds 4000 characters');
      const privacy = typeof postInfo.privacy_level === 'string' ? postInfo.privacy_level : 'SELF_ONLY';
      if (mode === 'DIRECT_POST' && !auth.app.audited && privacy !== 'SELF_ONLY') throw new TtError(403, 'unaudited_client_can_only_post_to_private_accounts', 'Unaudited clients can only post to a private account');
      const p: TtPublish = {
        publishId: `p_pub_url~v2.${state.ids.numeric('tt', '7', 19)}`,
        openId: auth.openId,
        clientKey: auth.app.clientKey,
        mediaType: 'PHOTO',
        mode,
        source: 'PULL_FROM_URL',
        title: typeof postInfo.title === 'string' ? postInfo.title : '',
        description: typeof postInfo.description === 'string' ? postInfo.description : '',
        privacyLevel: privacy,
        videoSize: 0,
        chunkSize: 0,
        totalChunks: 0,
        uploadedBytes: 0,
        photoUrls: images,
        createdAt: state.now(),
        status: 'PROCESSING_DOWNLOAD',
        uploadToken: '',
      };
      state.tiktok.publishes.set(p.publishId, p);
      finishUpload(state, p);
      return { publish_id: p.publishId };
    }
    case 'POST /v2/post/publish/status/fetch/': {
      const auth = authenticate(state, req);
      limit(state, auth, 'status');
      const id = typeof body.publish_id === 'string' ? body.publish_id : '';
      const p = state.tiktok.publishes.get(id);
      if (!p || p.openId !== auth.openId) throw terr.params('publish_id is invalid');
      const out: Record<string, unknown> = { status: p.status, uploaded_bytes: p.uploadedBytes };
      if (p.source === 'PULL_FROM_URL') out.downloaded_bytes = p.status === 'PROCESSING_DOWNLOAD' ? 0 : 9_400_000;
      if (p.failReason) out.fail_reason = p.failReason;
      // int64 JSON numbers, as TikTok sends them (beyond 2^53: parse with a bigint-aware JSON reader)
      if (p.postId && p.privacyLevel !== 'SELF_ONLY') out.publicaly_available_post_id = [`${RAW_INT}${p.postId}`];
      return out;
    }
    case 'POST /v2/video/query/': {
      const auth = authenticate(state, req);
      needScope(auth, 'video.list');
      limit(state, auth, 'default');
      const filters = (body.filters as Record<string, unknown> | undefined) ?? {};
      const ids = Array.isArray(filters.video_ids) ? filters.video_ids.map(String) : [];
      if (ids.length === 0 || ids.length > 20) throw terr.params('filters.video_ids must hold 1 to 20 ids');
      const fields = (str(inc.params, 'fields') ?? 'id').split(',');
      const videos = ids.map((id) => state.tiktok.videos.get(id)).filter((v): v is TtVideo => !!v && v.openId === auth.openId);
      return { videos: videos.map((v) => renderVideo(state, v, fields)) };
    }
    case 'POST /v2/video/list/': {
      const auth = authenticate(state, req);
      needScope(auth, 'video.list');
      limit(state, auth, 'default');
      const max = Math.min(20, Math.max(1, Number(body.max_count ?? 10)));
      const cursor = Number(body.cursor ?? state.now() + 1);
      const fields = (str(inc.params, 'fields') ?? 'id').split(',');
      const all = [...state.tiktok.videos.values()].filter((v) => v.openId === auth.openId && v.createdAt < cursor).sort((a, b) => b.createdAt - a.createdAt);
      const page = all.slice(0, max);
      return { videos: page.map((v) => renderVideo(state, v, fields)), cursor: page.length ? page[page.length - 1]!.createdAt : cursor, has_more: all.length > page.length };
    }
    default:
      throw new TtError(404, 'not_found', `Unknown endpoint ${req.method} ${path}`);
  }
}

function renderVideo(state: FakeState, v: TtVideo, fields: string[]): Record<string, unknown> {
  const ageH = Math.max(0, (state.now() - v.createdAt) / 3_600_000);
  const views = Math.round((100 + (hash32(v.id) % 2000)) * Math.min(1, 0.05 + Math.log10(1 + ageH) / 2));
  const all: Record<string, unknown> = {
    id: v.id,
    title: v.title,
    video_description: v.description ?? v.title,
    create_time: Math.floor(v.createdAt / 1000),
    cover_image_url: `https://p16-sign.tiktokcdn-us.com/fake/${v.id}.jpeg`,
    share_url: `https://www.tiktok.com/@fake/video/${v.id}`,
    embed_link: `https://www.tiktok.com/player/v1/${v.id}`,
    duration: 30,
    height: 1920,
    width: 1080,
    view_count: views,
    like_count: Math.round(views / 12),
    comment_count: Math.round(views / 90),
    share_count: Math.round(views / 150),
  };
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in all) out[f] = all[f];
  return out;
}

function uploadPut(state: FakeState, req: FastifyRequest, inc: Incoming): { status: number; body?: unknown } {
  const p = state.tiktok.publishes.get(inc.query.upload_id ?? '');
  if (!p || p.uploadToken !== inc.query.upload_token) return { status: 404, body: { error: { code: 'invalid_upload_url', message: 'Upload URL not found or expired' } } };
  if (state.now() - p.createdAt > 3_600_000) return { status: 403, body: { error: { code: 'upload_url_expired', message: 'The upload URL expired (1 hour)' } } };
  const range = header(req, 'content-range');
  const m = range ? /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range) : null;
  if (!m) return { status: 400, body: { error: { code: 'invalid_params', message: 'Content-Range: bytes {first}-{last}/{total} is required' } } };
  const first = Number(m[1]);
  const last = Number(m[2]);
  const total = Number(m[3]);
  if (total !== p.videoSize) return { status: 400, body: { error: { code: 'invalid_params', message: `total size ${total} does not match video_size ${p.videoSize}` } } };
  if (first !== p.uploadedBytes) return { status: 416, body: { error: { code: 'invalid_params', message: `expected first byte ${p.uploadedBytes}` } } };
  if (last - first + 1 !== inc.raw.length) return { status: 400, body: { error: { code: 'invalid_params', message: 'Content-Length does not match Content-Range' } } };
  p.uploadedBytes = last + 1;
  if (p.uploadedBytes >= p.videoSize) {
    finishUpload(state, p);
    return { status: 201 };
  }
  return { status: 206 };
}

export function registerTiktokRoutes(app: FastifyInstance, state: FakeState): void {
  app.all('/tiktok/*', async (req, reply) => {
    const inc = await parseIncoming(req, '/tiktok');
    const fault = await applyFaults(state, 'tiktok', inc.path, req, reply, {
      serverError: (r) => sendJson(r, 500, envelope(state, {}, new TtError(500, 'internal_error', 'Something went wrong. Please try again later.'))),
      rateLimited: (r) => sendJson(r, 429, envelope(state, {}, terr.rate())),
    });
    if (fault.consumed) return reply;
    const path = inc.path.replace(/\/+$/, '') + '/';
    if (path === '/v2/oauth/token/' && req.method === 'POST') return tokenEndpoint(state, reply, inc);
    if (path === '/v2/oauth/revoke/' && req.method === 'POST') {
      const a = state.tiktok.apps.get(str(inc.params, 'client_key') ?? '');
      if (!a || a.clientSecret !== str(inc.params, 'client_secret')) return sendJson(reply, 401, { error: 'invalid_client', error_description: 'Client key or secret is incorrect.', log_id: logId(state) });
      const t = state.tokens.tokens.get(str(inc.params, 'token') ?? '');
      if (t && t.family === 'tiktok') {
        state.tokens.revokeWhere((x) => x.family === 'tiktok' && x.subjectId === t.subjectId && x.appId === t.appId, 'revoked by client');
        state.record({ platform: 'tiktok', kind: 'token_revoked', accountId: t.subjectId, data: {} });
      }
      return sendJson(reply, 200, {});
    }
    try {
      const data = await api(state, req, inc);
      return sendTiktok(reply, 200, envelope(state, data));
    } catch (err) {
      if (err instanceof TtError) return sendJson(reply, err.status, envelope(state, {}, err));
      req.log.error({ err }, 'tiktok fake handler failed');
      return sendJson(reply, 500, envelope(state, {}, new TtError(500, 'internal_error', 'Something went wrong. Please try again later.')));
    }
  });
  app.put('/tiktok-upload/upload/', async (req, reply) => {
    const inc = await parseIncoming(req, '/tiktok-upload');
    const r = uploadPut(state, req, inc);
    reply.code(r.status);
    return r.body === undefined ? reply.send() : sendJson(reply, r.status, r.body);
  });
  app.get('/tiktok-web/v2/auth/authorize/', async (req, reply) => {
    const inc = await parseIncoming(req, '/tiktok-web');
    const q = inc.query;
    const a = state.tiktok.apps.get(q.client_key ?? '');
    if (!a) return reply.code(400).type('text/html').send('<h1>client_key</h1><p>Something went wrong: invalid client_key.</p>');
    const redirectUri = q.redirect_uri ?? '';
    if (!redirectUri || (a.redirectUris.length > 0 && !a.redirectUris.includes(redirectUri))) return reply.code(400).type('text/html').send('<h1>redirect_uri</h1><p>Something went wrong: redirect_uri mismatch.</p>');
    if (q.fake_deny) return redirectTo(reply, redirectUri, { error: 'access_denied', error_description: 'The user denied the request', state: q.state });
    const scopes = (q.scope ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const candidates = [...state.tiktok.users.values()].filter((u) => u.connected).map((u) => ({ id: u.openId, label: `@${u.username}` }));
    const subject = chooseSubject(state, 'tiktok', q, candidates);
    if (!subject) return consentPage(reply, { title: 'Log in to TikTok (fake)', appName: a.name, scopes, candidates, currentUrl: state.config.publicUrl + req.url });
    const code: TtCode = { code: state.ids.string(40) + '*0!' + state.ids.string(5), clientKey: a.clientKey, redirectUri, openId: subject, scopes, expiresAt: state.now() + 5 * 60_000, used: false, ...(q.code_challenge ? { challenge: q.code_challenge } : {}) };
    state.tiktok.codes.set(code.code, code);
    return redirectTo(reply, redirectUri, { code: code.code, scopes: scopes.join(','), state: q.state });
  });
}

export function issueTiktokTokens(state: FakeState, a: TtApp, openId: string, scopes: string[]): Record<string, unknown> {
  const ttl = state.config.tokenTtl.tiktokAccess;
  const rttl = state.config.tokenTtl.tiktokRefresh;
  const access = state.tokens.issue({ family: 'tiktok', kind: 'oauth2_user', appId: a.clientKey, subjectId: openId, scopes, ttlSec: ttl });
  const refresh = state.tokens.issue({ family: 'tiktok', kind: 'refresh', appId: a.clientKey, subjectId: openId, scopes, ttlSec: rttl });
  access.pair = refresh.value;
  return { access_token: access.value, expires_in: ttl, open_id: openId, refresh_expires_in: rttl, refresh_token: refresh.value, scope: scopes.join(','), token_type: 'Bearer' };
}

function tokenEndpoint(state: FakeState, reply: FastifyReply, inc: Incoming): FastifyReply {
  const err = (status: number, error: string, description: string) => sendJson(reply, status, { error, error_description: description, log_id: logId(state) });
  const a = state.tiktok.apps.get(str(inc.params, 'client_key') ?? '');
  if (!a || a.clientSecret !== str(inc.params, 'client_secret')) return err(401, 'invalid_client', 'Client key or secret is incorrect.');
  const grant = str(inc.params, 'grant_type');
  if (grant === 'authorization_code') {
    const code = state.tiktok.codes.get(str(inc.params, 'code') ?? '');
    if (!code || code.used || code.expiresAt < state.now() || code.clientKey !== a.clientKey) return err(400, 'invalid_grant', 'Authorization code is expired.');
    if (str(inc.params, 'redirect_uri') !== code.redirectUri) return err(400, 'invalid_request', 'The redirect_uri does not match.');
    code.used = true;
    state.record({ platform: 'tiktok', kind: 'token_issued', accountId: code.openId, data: { scopes: code.scopes } });
    return sendJson(reply, 200, issueTiktokTokens(state, a, code.openId, code.scopes));
  }
  if (grant === 'refresh_token') {
    const check = state.tokens.check(str(inc.params, 'refresh_token'));
    if (check.status !== 'ok' || check.token.kind !== 'refresh' || check.token.appId !== a.clientKey) return err(400, 'invalid_grant', 'Refresh token is invalid or expired.');
    // the refresh token stays the same until it expires; a new access token is issued
    const ttl = state.config.tokenTtl.tiktokAccess;
    const access = state.tokens.issue({ family: 'tiktok', kind: 'oauth2_user', appId: a.clientKey, subjectId: check.token.subjectId, scopes: check.token.scopes, ttlSec: ttl });
    access.pair = check.token.value;
    return sendJson(reply, 200, { access_token: access.value, expires_in: ttl, open_id: check.token.subjectId, refresh_expires_in: Math.max(0, Math.floor(((check.token.expiresAt ?? 0) - state.now()) / 1000)), refresh_token: check.token.value, scope: check.token.scopes.join(','), token_type: 'Bearer' });
  }
  if (grant === 'client_credentials') {
    return sendJson(reply, 200, { access_token: 'clt.' + state.ids.string(60), expires_in: 7200, token_type: 'Bearer' });
  }
  return err(400, 'unsupported_grant_type', 'grant_type is not supported.');
}

export function createTiktokApp(state: FakeState, input: Partial<TtApp> = {}): TtApp {
  const a: TtApp = {
    clientKey: input.clientKey ?? 'aw' + state.ids.string(14, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    clientSecret: input.clientSecret ?? state.ids.string(32),
    name: input.name ?? 'Dayung',
    audited: input.audited ?? true,
    redirectUris: input.redirectUris ?? [],
    webhookUrl: input.webhookUrl ?? null,
    verifiedDomains: input.verifiedDomains ?? [],
  };
  state.tiktok.apps.set(a.clientKey, a);
  return a;
}

export function tiktokUser(state: FakeState, input: { username: string; displayName?: string; connected?: boolean; openId?: string }): TtUser {
  const u: TtUser = {
    openId: input.openId ?? '-000' + state.ids.string(40, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'),
    unionId: 'c9c' + state.ids.hex(33),
    username: input.username.replace(/^@/, ''),
    displayName: input.displayName ?? input.username,
    followers: 500 + state.rng.int(0, 20_000),
    connected: input.connected ?? true,
  };
  state.tiktok.users.set(u.openId, u);
  return u;
}
