import { ConnectorError } from '../types.ts';
import type { ConnectCandidate, Connector, ConnectorAuth, ConnectorContext, Insights, MediaInput, PlatformModule, PublishInput, PublishResult, TokenCheck } from '../types.ts';
import { credentialsFrom, mapTikTokAnswer, refreshTikTok, tokenRequest, tt } from './client.ts';
import { mimeOf, openMedia } from '../youtube/media-source.ts';

// TikTok Content Posting API: publish-only (comments and DMs are not in TikTok's public API).
// creator_info/query first (privacy options), then video/init PULL_FROM_URL (TikTok fetches the
// media from Dayung's URL; when the domain is not verified with TikTok, FILE_UPLOAD: Dayung streams
// the bytes to the upload_url in chunks), or content/init for photos; then status/fetch until
// PUBLISH_COMPLETE or FAILED, bounded. Login Kit OAuth: 24-hour access tokens, 365-day refresh.

export const TIKTOK_SCOPES = ['user.info.basic', 'video.publish', 'video.upload'];

const MB = 1_048_576;
const CAPTION_MAX = 2200;
const PHOTO_TITLE_MAX = 90;
const PHOTO_DESCRIPTION_MAX = 4000;

export const publishOptions = {
  /** waits between status/fetch calls (the last one repeats); status allows 30 calls a minute */
  pollDelaysMs: [1000, 2000, 3000, 5000],
  /** stop waiting after this long and return the publish_id (the webhook reports the end) */
  maxWaitMs: 60_000,
  /** FILE_UPLOAD chunk size (5–64 MB; a smaller video goes in one chunk) */
  chunkBytes: 10 * MB,
  maxVideoBytes: 4 * 1024 * MB,
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
};

function caption(input: PublishInput): string {
  const text = input.text.trim();
  return input.link && !text.includes(input.link) ? `${text}\n${input.link}`.trim() : text;
}

type PublishStatus = 'PROCESSING_UPLOAD' | 'PROCESSING_DOWNLOAD' | 'SEND_TO_USER_INBOX' | 'PUBLISH_COMPLETE' | 'FAILED';

/** TikTok sends publicaly_available_post_id as int64 JSON numbers: read them from the raw text. */
export function postIdFrom(text: string): string | null {
  return /"publicaly_available_post_id"\s*:\s*\[\s*"?(\d+)/.exec(text)?.[1] ?? null;
}

function permalinkOf(ctx: ConnectorContext, postId: string): string | null {
  const u = ctx.account.extra['username'];
  return typeof u === 'string' && u ? `https://www.tiktok.com/@${u}/video/${postId}` : null;
}

async function privacyLevel(ctx: ConnectorContext): Promise<string> {
  const info = await tt<{ privacy_level_options?: string[] }>(ctx, 'read', { method: 'POST', path: '/v2/post/publish/creator_info/query/', json: {} });
  const options = info.data.privacy_level_options ?? [];
  if (options.includes('PUBLIC_TO_EVERYONE')) return 'PUBLIC_TO_EVERYONE';
  if (options.length === 0) throw new ConnectorError('permanent', 'tiktok', 'Akun TikTok ini tidak dapat memublikasikan saat ini (tidak ada pilihan privasi).');
  return options.includes('SELF_ONLY') ? 'SELF_ONLY' : options[0]!;
}

/** Chunk plan of the Content Posting API: < 5 MB one chunk; else floor(size/chunk) chunks, the last one taking the rest. */
export function chunkPlan(size: number, chunkBytes: number): { chunkSize: number; count: number } {
  if (size < 5 * MB) return { chunkSize: size, count: 1 };
  const chunk = Math.min(64 * MB, Math.max(5 * MB, chunkBytes));
  return { chunkSize: chunk, count: Math.max(1, Math.floor(size / chunk)) };
}

async function uploadFile(ctx: ConnectorContext, media: MediaInput, postInfo: Record<string, unknown>): Promise<string> {
  const src = await openMedia('tiktok', media.url, { maxBytes: publishOptions.maxVideoBytes });
  const size = src.size ?? media.sizeBytes ?? null;
  if (size === null) {
    await src.cancel();
    throw new ConnectorError('permanent', 'tiktok', 'Ukuran berkas video tidak diketahui (server media tidak mengirim Content-Length).');
  }
  const plan = chunkPlan(size, publishOptions.chunkBytes);
  let init;
  try {
    init = await tt<{ publish_id: string; upload_url: string }>(ctx, 'write', {
      method: 'POST',
      path: '/v2/post/publish/video/init/',
      json: { post_info: postInfo, source_info: { source: 'FILE_UPLOAD', video_size: size, chunk_size: plan.chunkSize, total_chunk_count: plan.count } },
    });
  } catch (err) {
    await src.cancel();
    throw err;
  }
  const { publish_id: publishId, upload_url: uploadUrl } = init.data;
  // never send the bytes anywhere but the configured upload host
  if (!uploadUrl?.startsWith(`${ctx.settings.hosts.tiktokUpload.replace(/\/+$/, '')}/`)) {
    await src.cancel();
    throw new ConnectorError('permanent', 'tiktok', 'Alamat unggah TikTok berada di host yang tidak dikonfigurasi; unggahan dihentikan.');
  }
  const mime = mimeOf(media.mimeType, src.contentType, media.url, 'video');
  let offset = 0;
  let index = 0;
  let tail: Uint8Array[] = [];
  const put = async (bytes: Uint8Array) => {
    const last = offset + bytes.byteLength - 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await ctx.http({ method: 'PUT', url: uploadUrl, headers: { 'content-type': mime, 'content-range': `bytes ${offset}-${last}/${size}` }, body: bytes, timeoutMs: 300_000 });
        // 416 on a repeated chunk: the earlier attempt did arrive
        if (res.status === 206 || res.status === 201 || (res.status === 416 && attempt > 1)) break;
        const e = mapTikTokAnswer(res);
        if (e.kind !== 'transient' || attempt >= 3) throw e;
      } catch (err) {
        if (!(err instanceof ConnectorError) || err.kind !== 'transient' || attempt >= 3) throw err;
      }
    }
    offset = last + 1;
  };
  try {
    for await (const chunk of src.chunks(plan.chunkSize)) {
      if (index < plan.count - 1) await put(chunk);
      else tail.push(chunk); // the last chunk takes the remainder
      index++;
    }
    const rest = tail.reduce((n, c) => n + c.byteLength, 0);
    const final = new Uint8Array(rest);
    let at = 0;
    for (const c of tail) {
      final.set(c, at);
      at += c.byteLength;
    }
    tail = [];
    if (offset + rest !== size) throw new ConnectorError('transient', 'tiktok', 'Ukuran berkas video berubah selama diunggah.');
    await put(final);
  } catch (err) {
    // the publication exists (publish_id) but may lack bytes: ask TikTok before calling it failed
    const st = await statusOf(ctx, publishId).catch(() => null);
    if (st && (st.uploadedBytes >= size || st.status !== 'PROCESSING_UPLOAD')) return publishId;
    throw err;
  }
  return publishId;
}

async function statusOf(ctx: ConnectorContext, publishId: string): Promise<{ status: PublishStatus; failReason: string | null; postId: string | null; uploadedBytes: number }> {
  const r = await tt<{ status?: PublishStatus; fail_reason?: string; uploaded_bytes?: number }>(ctx, 'read', { method: 'POST', path: '/v2/post/publish/status/fetch/', json: { publish_id: publishId } });
  return { status: r.data.status ?? 'PROCESSING_UPLOAD', failReason: r.data.fail_reason ?? null, postId: postIdFrom(r.text), uploadedBytes: Number(r.data.uploaded_bytes ?? 0) };
}

/**
 * Waits for the end of the publication, bounded. Once TikTok has a publish_id the post is on its
 * way: only a FAILED status is an error; anything else (still processing, status calls failing)
 * returns the publish_id, and the post.publish.* webhooks tell the rest.
 */
async function waitForPublish(ctx: ConnectorContext, publishId: string): Promise<PublishResult> {
  const started = Date.now();
  for (let i = 0; ; i++) {
    const delays = publishOptions.pollDelaysMs;
    await publishOptions.sleep(delays[Math.min(i, delays.length - 1)] ?? 1000);
    let st: Awaited<ReturnType<typeof statusOf>> | null = null;
    try {
      st = await statusOf(ctx, publishId);
    } catch {
      st = null;
    }
    if (st?.status === 'FAILED') {
      const reason = st.failReason ?? 'unknown';
      throw new ConnectorError(reason === 'internal' ? 'transient' : 'permanent', 'tiktok', `TikTok gagal memublikasikan (${reason}).`, { platformCode: reason });
    }
    if (st?.status === 'PUBLISH_COMPLETE') return st.postId ? { externalId: st.postId, permalink: permalinkOf(ctx, st.postId) } : { externalId: publishId, permalink: null };
    if (st?.status === 'SEND_TO_USER_INBOX') return { externalId: publishId, permalink: null };
    if (Date.now() - started >= publishOptions.maxWaitMs) return { externalId: publishId, permalink: null };
  }
}

const unsupported = (what: string) => new ConnectorError('unsupported', 'tiktok', `TikTok tidak menyediakan ${what} lewat API publik; Dayung hanya memublikasikan ke TikTok.`);

const connector: Connector = {
  platform: 'tiktok',
  capabilities: {
    publishText: false,
    publishImage: true,
    publishVideo: true,
    publishReel: true,
    comments: false,
    mentions: false,
    directMessages: false,
    publicReply: false,
    privateReply: false,
    hide: false,
    delete: false,
    insights: true,
    webhooks: true,
    polling: false,
  },

  async publish(ctx, input) {
    const media = input.media ?? [];
    if (media.length === 0) throw new ConnectorError('unsupported', 'tiktok', 'TikTok hanya menerima publikasi berupa video atau foto.');
    const videos = media.filter((m) => m.kind === 'video');
    if (videos.length > 1 || (videos.length === 1 && media.length > 1)) throw new ConnectorError('permanent', 'tiktok', 'Satu publikasi TikTok memuat satu video, atau sampai 35 foto.');
    if (media.length > 35) throw new ConnectorError('permanent', 'tiktok', 'TikTok menerima paling banyak 35 foto per publikasi.');
    const text = caption(input);
    const privacy = await privacyLevel(ctx);
    const video = videos[0];
    let publishId: string;
    if (video) {
      if ([...text].length > CAPTION_MAX) throw new ConnectorError('permanent', 'tiktok', `Keterangan terlalu panjang untuk TikTok (maksimal ${CAPTION_MAX} karakter).`);
      const postInfo = { title: text, privacy_level: privacy, disable_comment: false, disable_duet: false, disable_stitch: false, video_cover_timestamp_ms: 1000 };
      try {
        const init = await tt<{ publish_id: string }>(ctx, 'write', { method: 'POST', path: '/v2/post/publish/video/init/', json: { post_info: postInfo, source_info: { source: 'PULL_FROM_URL', video_url: video.url } } });
        publishId = init.data.publish_id;
      } catch (err) {
        if (!(err instanceof ConnectorError) || err.platformCode !== 'url_ownership_unverified') throw err;
        publishId = await uploadFile(ctx, video, postInfo);
      }
    } else {
      const firstLine = text.split('\n').find((l) => l.trim()) ?? '';
      const title = [...(input.title ?? firstLine)].slice(0, PHOTO_TITLE_MAX).join('');
      if (text.length > PHOTO_DESCRIPTION_MAX) throw new ConnectorError('permanent', 'tiktok', `Keterangan foto terlalu panjang untuk TikTok (maksimal ${PHOTO_DESCRIPTION_MAX} karakter).`);
      const init = await tt<{ publish_id: string }>(ctx, 'write', {
        method: 'POST',
        path: '/v2/post/publish/content/init/',
        json: {
          media_type: 'PHOTO',
          post_mode: 'DIRECT_POST',
          post_info: { title, description: text, privacy_level: privacy, disable_comment: false, auto_add_music: true },
          source_info: { source: 'PULL_FROM_URL', photo_cover_index: 0, photo_images: media.map((m) => m.url) },
        },
      });
      publishId = init.data.publish_id;
    }
    if (!publishId) throw new ConnectorError('ambiguous', 'tiktok', 'TikTok tidak mengembalikan publish_id; periksa akun sebelum mengulang.');
    return waitForPublish(ctx, publishId);
  },

  /**
   * status/fetch needs the publish_id that a lost answer never gave us. With the video.list scope
   * the account's recent videos are searched by caption; without it TikTok offers no lookup and
   * this returns null, so an ambiguous TikTok publication must never be retried blindly.
   */
  async findPublished(ctx, input, since) {
    if (!ctx.account.scopes.includes('video.list')) return null;
    const want = caption(input);
    const r = await tt<{ videos?: { id?: string; title?: string; video_description?: string; create_time?: number; share_url?: string }[] }>(ctx, 'read', {
      method: 'POST',
      path: '/v2/video/list/',
      query: { fields: 'id,title,video_description,create_time,share_url' },
      json: { max_count: 20 },
    });
    const hit = (r.data.videos ?? []).find((v) => (v.video_description === want || v.title === want) && (v.create_time ?? 0) * 1000 >= since.getTime() - 300_000);
    return hit?.id ? { externalId: hit.id, permalink: hit.share_url ?? permalinkOf(ctx, hit.id) } : null;
  },

  async replyPublic() {
    throw unsupported('balasan komentar');
  },
  async replyPrivate() {
    throw unsupported('pesan langsung');
  },
  async setHidden() {
    throw unsupported('moderasi komentar');
  },
  async deleteComment() {
    throw unsupported('penghapusan komentar');
  },

  /** With the video.list scope: views, likes, comments, shares of a published video; else no numbers. */
  async insights(ctx, postId): Promise<Insights> {
    if (!ctx.account.scopes.includes('video.list') || !/^\d+$/.test(postId)) return { reach: null, impressions: null, engagement: null, raw: null };
    const r = await tt<{ videos?: { id?: string; view_count?: number; like_count?: number; comment_count?: number; share_count?: number }[] }>(ctx, 'read', {
      method: 'POST',
      path: '/v2/video/query/',
      query: { fields: 'id,view_count,like_count,comment_count,share_count' },
      json: { filters: { video_ids: [postId] } },
    });
    const v = r.data.videos?.[0];
    if (!v) throw new ConnectorError('permanent', 'tiktok', 'Video TikTok tidak ditemukan.');
    return { reach: null, impressions: v.view_count ?? null, engagement: (v.like_count ?? 0) + (v.comment_count ?? 0) + (v.share_count ?? 0), raw: v };
  },

  async checkToken(ctx): Promise<TokenCheck> {
    try {
      await tt(ctx, 'read', { method: 'GET', path: '/v2/user/info/', query: { fields: 'open_id' } });
      return { valid: true, expiresAt: ctx.credentials.expiresAt, scopes: ctx.account.scopes.length ? ctx.account.scopes : null, reason: null };
    } catch (err) {
      if (!(err instanceof ConnectorError) || err.kind !== 'auth') throw err;
      const exp = ctx.credentials.expiresAt;
      return { valid: false, expiresAt: exp, scopes: null, reason: exp && exp.getTime() <= ctx.now().getTime() ? 'expired' : 'revoked' };
    }
  },
};

const auth: ConnectorAuth = {
  kind: 'oauth',
  authorizeUrl(settings, p) {
    const u = new URL(`${settings.hosts.tiktokWeb.replace(/\/+$/, '')}/v2/auth/authorize/`);
    u.searchParams.set('client_key', settings.apps.tiktok.clientKey);
    u.searchParams.set('scope', TIKTOK_SCOPES.join(','));
    u.searchParams.set('response_type', 'code');
    u.searchParams.set('redirect_uri', p.redirectUri);
    u.searchParams.set('state', p.state);
    u.searchParams.set('code_challenge', p.codeChallenge);
    u.searchParams.set('code_challenge_method', 'S256');
    return u.toString();
  },
  async exchangeCode(ctx, p): Promise<ConnectCandidate[]> {
    let t;
    try {
      t = await tokenRequest(ctx, { grant_type: 'authorization_code', code: p.code, redirect_uri: p.redirectUri, code_verifier: p.codeVerifier });
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'auth') throw new ConnectorError('permanent', 'tiktok', 'Kode otorisasi TikTok tidak berlaku (sudah dipakai atau kedaluwarsa); ulangi proses hubungkan.', { status: err.status });
      throw err;
    }
    const scopes = (t.scope ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const creds = credentialsFrom(t, ctx.now());
    // user info with the fresh token (username needs user.info.profile, not requested by default)
    const fields = ['open_id', 'union_id', 'avatar_url', 'display_name', ...(scopes.includes('user.info.profile') ? ['username'] : [])];
    const res = await ctx.http({ method: 'GET', url: `${ctx.settings.hosts.tiktok.replace(/\/+$/, '')}/v2/user/info/`, query: { fields: fields.join(',') }, headers: { authorization: `Bearer ${creds.accessToken}` } });
    const env = res.json as { data?: { user?: { open_id?: string; union_id?: string; avatar_url?: string; display_name?: string; username?: string } }; error?: { code?: string } } | null;
    if (res.status !== 200 || env?.error?.code !== 'ok') throw mapTikTokAnswer(res);
    const user = env.data?.user ?? {};
    const openId = user.open_id ?? t.open_id;
    if (!openId) throw new ConnectorError('transient', 'tiktok', 'TikTok tidak mengembalikan open_id.');
    return [
      {
        externalId: openId,
        name: user.display_name ?? openId,
        handle: user.username ? `@${user.username}` : null,
        credentials: creds,
        scopes: scopes.length ? scopes : TIKTOK_SCOPES,
        extra: {
          ...(user.union_id ? { unionId: user.union_id } : {}),
          ...(user.username ? { username: user.username } : {}),
          ...(user.avatar_url ? { avatarUrl: user.avatar_url } : {}),
          ...(t.refresh_expires_in ? { refreshExpiresAt: new Date(ctx.now().getTime() + t.refresh_expires_in * 1000).toISOString() } : {}),
        },
      },
    ];
  },
  refresh: refreshTikTok,
};

export const tiktok: PlatformModule = { connector, auth };
