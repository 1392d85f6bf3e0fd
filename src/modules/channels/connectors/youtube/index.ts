import { ConnectorError } from '../types.ts';
import type { AuthContext, ConnectCandidate, Connector, ConnectorAuth, Credentials, Insights, PlatformModule, PublishInput, TokenCheck } from '../types.ts';
import { UNITS, YT_SCOPES, callOptions, fromHttp, mapYtError, refreshYoutube, tokenRequest, withYt, ytApi } from './client.ts';
import { uploadVideo } from './upload.ts';
import { pollComments } from './poll.ts';

// YouTube Data API v3 through @googleapis/youtube (rootUrl = settings.hosts.google): video uploads
// (resumable, see upload.ts), comment replies, moderation, statistics and the comment poller (no
// comment webhooks exist). Google OAuth with PKCE and offline access; access tokens live an hour.

const TITLE_MAX = 100;
const DESCRIPTION_MAX = 5000;
const COMMENT_MAX = 10_000;

export const watchUrl = (id: string, short = false) => (short ? `https://www.youtube.com/shorts/${id}` : `https://www.youtube.com/watch?v=${id}`);

/** YouTube refuses < and > in titles and descriptions. */
const clean = (s: string) => s.replace(/[<>]/g, '').trim();

export function videoMeta(input: PublishInput): { title: string; description: string } {
  const body = input.link && !input.text.includes(input.link) ? `${input.text.trim()}\n\n${input.link}` : input.text.trim();
  const firstLine = body.split('\n').find((l) => l.trim()) ?? '';
  let title = clean(input.title ?? firstLine);
  if ([...title].length > TITLE_MAX) title = `${[...title].slice(0, TITLE_MAX - 1).join('')}…`;
  const description = clean(body);
  if (!title) throw new ConnectorError('permanent', 'youtube', 'Video YouTube memerlukan judul.');
  if (description.length > DESCRIPTION_MAX) throw new ConnectorError('permanent', 'youtube', `Deskripsi terlalu panjang untuk YouTube (maksimal ${DESCRIPTION_MAX} karakter).`);
  return { title, description };
}

/** Video ids are 11 characters; comment and thread ids are longer. */
const isVideoId = (id: string) => /^[A-Za-z0-9_-]{11}$/.test(id);

const connector: Connector = {
  platform: 'youtube',
  capabilities: {
    publishText: false,
    publishImage: false,
    publishVideo: true,
    publishReel: true,
    comments: true,
    mentions: false,
    directMessages: false,
    publicReply: true,
    privateReply: false,
    hide: true,
    delete: true,
    insights: true,
    webhooks: false,
    polling: true,
  },

  async publish(ctx, input) {
    const media = input.media ?? [];
    const video = media[0];
    if (!video || video.kind !== 'video') throw new ConnectorError('unsupported', 'youtube', 'YouTube hanya menerima publikasi berupa video.');
    if (media.length > 1) throw new ConnectorError('permanent', 'youtube', 'Satu publikasi YouTube hanya memuat satu video.');
    const meta = videoMeta(input);
    const v = await uploadVideo(ctx, video, { ...meta, privacyStatus: 'public', ...(input.reel ? { tags: ['Shorts'] } : {}) });
    return { externalId: v.id, permalink: watchUrl(v.id, input.reel === true) };
  },

  /** The channel's uploads playlist (1 unit per page), matched on the title. */
  async findPublished(ctx, input, since) {
    const { title } = videoMeta(input);
    const playlistId = typeof ctx.account.extra['uploadsPlaylistId'] === 'string' ? ctx.account.extra['uploadsPlaylistId'] : `UU${ctx.account.externalId.slice(2)}`;
    let pageToken: string | undefined;
    for (let page = 0; page < 2; page++) {
      const res = await withYt(ctx, 'read', UNITS.list, (api, o) => api.playlistItems.list({ part: ['snippet', 'contentDetails'], playlistId, maxResults: 50, ...(pageToken ? { pageToken } : {}) }, o));
      for (const item of res.data.items ?? []) {
        const at = Date.parse(item.contentDetails?.videoPublishedAt ?? item.snippet?.publishedAt ?? '');
        const id = item.contentDetails?.videoId ?? item.snippet?.resourceId?.videoId;
        if (id && item.snippet?.title === title && (Number.isNaN(at) || at >= since.getTime() - 300_000)) return { externalId: id, permalink: watchUrl(id, input.reel === true) };
      }
      pageToken = res.data.nextPageToken ?? undefined;
      if (!pageToken) break;
    }
    return null;
  },

  async replyPublic(ctx, input) {
    const text = input.text.trim();
    if (!text) throw new ConnectorError('permanent', 'youtube', 'Balasan kosong.');
    if (text.length > COMMENT_MAX) throw new ConnectorError('permanent', 'youtube', `Komentar terlalu panjang untuk YouTube (maksimal ${COMMENT_MAX} karakter).`);
    const target = input.target.externalId;
    if (isVideoId(target)) {
      // a top-level comment on a video
      const res = await withYt(ctx, 'write', UNITS.write, (api, o) =>
        api.commentThreads.insert({ part: ['snippet'], requestBody: { snippet: { channelId: ctx.account.externalId, videoId: target, topLevelComment: { snippet: { textOriginal: text } } } } }, o),
      );
      const id = res.data.snippet?.topLevelComment?.id ?? res.data.id;
      if (!id) throw new ConnectorError('ambiguous', 'youtube', 'YouTube tidak mengembalikan id komentar.');
      return { externalId: id };
    }
    // replies go to the thread (the top-level comment); a reply's id is "<thread id>.<suffix>"
    const parentId = target.split('.')[0]!;
    const res = await withYt(ctx, 'write', UNITS.write, (api, o) => api.comments.insert({ part: ['snippet'], requestBody: { snippet: { parentId, textOriginal: text } } }, o));
    if (!res.data.id) throw new ConnectorError('ambiguous', 'youtube', 'YouTube tidak mengembalikan id komentar.');
    return { externalId: res.data.id };
  },

  async replyPrivate() {
    throw new ConnectorError('unsupported', 'youtube', 'YouTube tidak memiliki pesan pribadi; balas di kolom komentar.');
  },

  /** Hidden = held for review (reversible, invisible to the public); shown again = published. */
  async setHidden(ctx, commentId, hidden) {
    await withYt(ctx, 'read', UNITS.write, (api, o) => api.comments.setModerationStatus({ id: [commentId], moderationStatus: hidden ? 'heldForReview' : 'published' }, o));
  },

  /** Only the author may delete a comment: the channel's own comments. Citizens' spam is hidden instead. */
  async deleteComment(ctx, commentId) {
    await withYt(ctx, 'read', UNITS.write, (api, o) => api.comments.delete({ id: commentId }, o));
  },

  async insights(ctx, postId): Promise<Insights> {
    const res = await withYt(ctx, 'read', UNITS.list, (api, o) => api.videos.list({ part: ['statistics'], id: [postId] }, o));
    const v = res.data.items?.[0];
    if (!v) throw new ConnectorError('permanent', 'youtube', 'Video YouTube tidak ditemukan (mungkin dihapus atau privat).');
    const n = (s: string | null | undefined) => (s === null || s === undefined || !/^\d+$/.test(s) ? null : Number(s));
    const likes = n(v.statistics?.likeCount);
    const comments = n(v.statistics?.commentCount);
    return { reach: null, impressions: n(v.statistics?.viewCount), engagement: likes === null && comments === null ? null : (likes ?? 0) + (comments ?? 0), raw: v };
  },

  /** tokeninfo (no quota): valid, scopes, expiry. */
  async checkToken(ctx): Promise<TokenCheck> {
    let res;
    try {
      // POSTed, so that the token does not end up in URLs (access logs)
      res = await ctx.http({ method: 'POST', url: `${ctx.settings.hosts.googleOauth.replace(/\/+$/, '')}/tokeninfo`, form: { access_token: ctx.credentials.accessToken } });
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'ambiguous') throw new ConnectorError('transient', 'youtube', err.message);
      throw mapYtError(err, 'read', ctx.now(), ctx.settings);
    }
    if (res.status === 200) {
      const info = res.json as { scope?: string; expires_in?: string | number } | null;
      const secs = Number(info?.expires_in);
      return { valid: true, expiresAt: Number.isFinite(secs) ? new Date(ctx.now().getTime() + secs * 1000) : ctx.credentials.expiresAt, scopes: info?.scope ? info.scope.split(' ') : null, reason: null };
    }
    const e = fromHttp(res, ctx.now(), ctx.settings);
    if (res.status !== 400 && e.kind !== 'auth') throw e;
    const exp = ctx.credentials.expiresAt;
    return { valid: false, expiresAt: exp, scopes: null, reason: exp && exp.getTime() <= ctx.now().getTime() ? 'expired' : 'revoked' };
  },

  poll: pollComments,
};

async function channelsOf(ctx: AuthContext, creds: Credentials, scopes: string[]): Promise<ConnectCandidate[]> {
  let res;
  try {
    res = await ytApi(creds.accessToken).channels.list({ part: ['snippet', 'contentDetails'], mine: true }, callOptions(ctx.settings));
  } catch (err) {
    throw mapYtError(err, 'read', ctx.now(), ctx.settings);
  }
  const items = res.data.items ?? [];
  if (items.length === 0) throw new ConnectorError('permanent', 'youtube', 'Akun Google ini belum memiliki kanal YouTube.');
  return items.map((ch) => ({
    externalId: ch.id ?? '',
    name: ch.snippet?.title ?? ch.id ?? 'YouTube',
    handle: ch.snippet?.customUrl ?? null,
    credentials: creds,
    scopes,
    extra: { uploadsPlaylistId: ch.contentDetails?.relatedPlaylists?.uploads ?? null },
  }));
}

const auth: ConnectorAuth = {
  kind: 'oauth',
  authorizeUrl(settings, p) {
    const u = new URL(`${settings.hosts.googleAccounts.replace(/\/+$/, '')}/o/oauth2/v2/auth`);
    u.searchParams.set('client_id', settings.apps.google.clientId);
    u.searchParams.set('redirect_uri', p.redirectUri);
    u.searchParams.set('response_type', 'code');
    u.searchParams.set('scope', YT_SCOPES.join(' '));
    u.searchParams.set('access_type', 'offline');
    u.searchParams.set('prompt', 'consent');
    u.searchParams.set('include_granted_scopes', 'true');
    u.searchParams.set('state', p.state);
    u.searchParams.set('code_challenge', p.codeChallenge);
    u.searchParams.set('code_challenge_method', 'S256');
    return u.toString();
  },
  async exchangeCode(ctx, p) {
    let t;
    try {
      t = await tokenRequest(ctx, { grant_type: 'authorization_code', code: p.code, redirect_uri: p.redirectUri, code_verifier: p.codeVerifier });
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'auth') throw new ConnectorError('permanent', 'youtube', 'Kode otorisasi Google tidak berlaku (sudah dipakai atau kedaluwarsa); ulangi proses hubungkan.', { status: err.status });
      throw err;
    }
    const creds: Credentials = { accessToken: t.access_token, refreshToken: t.refresh_token ?? null, expiresAt: t.expires_in ? new Date(ctx.now().getTime() + t.expires_in * 1000) : null };
    return channelsOf(ctx, creds, t.scope ? t.scope.split(' ') : YT_SCOPES);
  },
  refresh: refreshYoutube,
};

export const youtube: PlatformModule = { connector, auth };
