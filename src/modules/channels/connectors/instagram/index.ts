import { GraphApiError, GraphClient, parseGraphTime, sleep } from '../graph.ts';
import type { PlatformSettings } from '../../settings.ts';
import {
  ConnectorError,
  type AuthContext,
  type ConnectCandidate,
  type Connector,
  type ConnectorAuth,
  type ConnectorContext,
  type Credentials,
  type Insights,
  type PlatformModule,
  type PublishInput,
  type PublishResult,
  type ReplyInput,
  type TokenCheck,
} from '../types.ts';
import {
  ageMs,
  checkGraphToken,
  exchangeFacebookCode,
  explainMessagingError,
  facebookAuthorizeUrl,
  graphFor,
  listPages,
  pageTokenExpiry,
  permanent,
  PRIVATE_REPLY_MS,
  probeToken,
  safeToRetry,
  subscribePage,
  TEXT,
  unsupported,
  WINDOW_24H_MS,
} from '../facebook/meta.ts';

// Instagram professional account connector. Two flavours, kept in the account's extra.loginType:
//  'facebook'  (primary) Facebook Login: the IG account linked to a Page, Page token, graph.facebook.com;
//  'instagram' Instagram Login: IG user token on graph.instagram.com, signed with the Instagram app secret.
// Publishing is container → status → media_publish; comments, mentions and DMs arrive by webhook.

/** Graph times have second precision and the platform's clock is not ours. */
const CLOCK_SKEW_MS = 60_000;
const LABEL = 'Instagram';
const IMAGE_BUDGET_MS = 60_000;
const VIDEO_BUDGET_MS = 300_000;
const POLL_DELAYS_MS = [0, 250, 500, 1_000, 2_000, 3_000, 5_000, 10_000];
/** Page fields for Instagram over Facebook Login (the app must be installed on the Page for IG webhooks). */
const PAGE_WEBHOOK_FIELDS = ['feed'];
const IG_LOGIN_WEBHOOK_FIELDS = ['comments', 'mentions', 'messages'];

export const INSTAGRAM_FACEBOOK_SCOPES = [
  'pages_show_list',
  'pages_read_engagement',
  'pages_manage_metadata',
  'business_management',
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_comments',
  'instagram_manage_messages',
  'instagram_manage_insights',
];
export const INSTAGRAM_LOGIN_SCOPES = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_comments',
  'instagram_business_manage_messages',
  'instagram_business_manage_insights',
];

const igId = (ctx: ConnectorContext) => ctx.account.externalId;
const isIgLogin = (ctx: ConnectorContext) => ctx.account.extra.loginType === 'instagram';

/** Graph client on the account's host, signing with the secret of the app that issued the token. */
function ig(ctx: ConnectorContext): GraphClient {
  if (isIgLogin(ctx)) return graphFor(ctx, { host: 'graphInstagram', appSecret: ctx.settings.apps.meta.instagramAppSecret });
  return graphFor(ctx);
}

// ── publishing ──────────────────────────────────────────────────────
type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

async function waitForContainer(g: GraphClient, id: string, budgetMs: number): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (let i = 0; ; i++) {
    const d = POLL_DELAYS_MS[Math.min(i, POLL_DELAYS_MS.length - 1)]!;
    if (d) await sleep(d);
    let status: ContainerStatus | undefined;
    let detail = '';
    try {
      const r = await g.get<{ status_code?: ContainerStatus; status?: string }>(id, { query: { fields: 'status_code,status' } });
      status = r.status_code;
      detail = r.status ?? '';
    } catch (err) {
      if (!(err instanceof ConnectorError && (err.kind === 'transient' || err.kind === 'rate_limited') && Date.now() < deadline)) throw err;
    }
    if (status === 'FINISHED' || status === 'PUBLISHED') return;
    if (status === 'ERROR') throw permanent('instagram', TEXT.mediaFailed(LABEL, detail || 'status ERROR'));
    if (status === 'EXPIRED') throw new ConnectorError('transient', 'instagram', 'Kontainer media Instagram kedaluwarsa sebelum diterbitkan; unggahan akan diulang.');
    if (Date.now() >= deadline) throw new ConnectorError('transient', 'instagram', TEXT.mediaSlow(LABEL));
  }
}

async function createContainer(g: GraphClient, ctx: ConnectorContext, form: Record<string, string>): Promise<string> {
  // A container is invisible and expires after 24 h: creating one again is harmless.
  const r = await safeToRetry(() => g.post<{ id: string }>(`${igId(ctx)}/media`, { form }));
  return r.id;
}

async function publishContainer(g: GraphClient, ctx: ConnectorContext, containerId: string, budgetMs: number): Promise<string> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    try {
      const r = await g.post<{ id: string }>(`${igId(ctx)}/media_publish`, { form: { creation_id: containerId } });
      return r.id;
    } catch (err) {
      // 9007 / 2207027: the media is not ready yet; nothing was published, wait and try again.
      const notReady = err instanceof GraphApiError && (err.code === 9007 || err.subcode === 2207027);
      if (!notReady || Date.now() >= deadline) throw err;
      await sleep(Math.min(err.retryAfterMs ?? 1_000, 1_000));
    }
  }
}

async function publish(ctx: ConnectorContext, input: PublishInput): Promise<PublishResult> {
  const g = ig(ctx);
  const media = input.media ?? [];
  if (media.length === 0) throw unsupported('instagram', TEXT.instagramNeedsMedia);
  if (media.length > 10) throw permanent('instagram', TEXT.tooManyMedia(LABEL, 10));
  let containerId: string;
  let budget = IMAGE_BUDGET_MS;
  if (media.length === 1) {
    const m = media[0]!;
    const form: Record<string, string> = {};
    if (input.text) form.caption = input.text;
    if (m.kind === 'image') {
      form.image_url = m.url;
      if (m.altText) form.alt_text = m.altText;
    } else {
      // VIDEO is retired for feed publishing: every video is a reel (shared to the feed).
      form.media_type = 'REELS';
      form.video_url = m.url;
      form.share_to_feed = 'true';
      budget = VIDEO_BUDGET_MS;
    }
    containerId = await createContainer(g, ctx, form);
  } else {
    if (media.some((m) => m.kind !== 'image')) throw unsupported('instagram', TEXT.instagramCarouselImages);
    const children: string[] = [];
    for (const m of media) {
      const form: Record<string, string> = { image_url: m.url, is_carousel_item: 'true' };
      if (m.altText) form.alt_text = m.altText;
      children.push(await createContainer(g, ctx, form));
    }
    for (const c of children) await waitForContainer(g, c, IMAGE_BUDGET_MS);
    const form: Record<string, string> = { media_type: 'CAROUSEL', children: children.join(',') };
    if (input.text) form.caption = input.text;
    containerId = await createContainer(g, ctx, form);
  }
  await waitForContainer(g, containerId, budget);
  const mediaId = await publishContainer(g, ctx, containerId, 30_000);
  // Best effort: the media is published, a failed read must not turn it into an error.
  const permalink = (await g.get<{ permalink?: string }>(mediaId, { query: { fields: 'permalink' } }).catch(() => null))?.permalink ?? null;
  return { externalId: mediaId, permalink };
}

interface IgMediaRow {
  id: string;
  caption?: string;
  timestamp?: string;
  permalink?: string;
}

async function findPublished(ctx: ConnectorContext, input: PublishInput, since: Date): Promise<PublishResult | null> {
  const g = ig(ctx);
  const sinceMs = since.getTime() - CLOCK_SKEW_MS;
  for await (const page of g.pages<IgMediaRow>(`${igId(ctx)}/media`, { query: { fields: 'id,caption,timestamp,permalink', limit: 25 }, maxPages: 8 })) {
    let older = false;
    for (const m of page) {
      const at = parseGraphTime(m.timestamp);
      if (at && at.getTime() < sinceMs) {
        older = true;
        continue;
      }
      if ((m.caption ?? '') === (input.text ?? '')) return { externalId: m.id, permalink: m.permalink ?? null };
    }
    if (older) break;
  }
  return null;
}

// ── replies ─────────────────────────────────────────────────────────
/**
 * Public reply. The target is a comment (externalId) on a media (parentId), or a media itself
 * (caption mention). On the account's own media: `/{comment}/replies` or `/{media}/comments`;
 * on someone else's media that mentions the account: `/{ig-user-id}/mentions`.
 */
async function replyPublic(ctx: ConnectorContext, input: ReplyInput): Promise<{ externalId: string }> {
  const g = ig(ctx);
  const t = input.target;
  const mediaId = t.parentId;
  if (!mediaId) {
    const r = await g.post<{ id: string }>(`${t.externalId}/replies`, { form: { message: input.text } });
    return { externalId: r.id };
  }
  const media = await g.get<{ id: string; owner?: { id: string } }>(mediaId, { query: { fields: 'id,owner' } }).catch((err: unknown) => {
    if (err instanceof ConnectorError && err.kind !== 'permanent') throw err;
    return null;
  });
  const own = media?.owner?.id === igId(ctx);
  if (own) {
    const r = t.externalId === mediaId
      ? await g.post<{ id: string }>(`${mediaId}/comments`, { form: { message: input.text } })
      : await g.post<{ id: string }>(`${t.externalId}/replies`, { form: { message: input.text } });
    return { externalId: r.id };
  }
  const form: Record<string, string> = { media_id: mediaId, message: input.text };
  if (t.externalId !== mediaId) form.comment_id = t.externalId;
  const r = await g.post<{ id: string }>(`${igId(ctx)}/mentions`, { form });
  return { externalId: r.id };
}

/** IG comment ids are numeric; IG message ids are long base64 strings. */
const isCommentId = (id: string) => /^\d+$/.test(id);

async function replyPrivate(ctx: ConnectorContext, input: ReplyInput): Promise<{ externalId: string }> {
  const t = input.target;
  const commentMode = isCommentId(t.externalId) || !t.userId;
  const age = ageMs(ctx, t.lastInboundAt);
  let body: Record<string, unknown>;
  if (commentMode) {
    if (age !== null && age > PRIVATE_REPLY_MS) throw permanent('instagram', TEXT.privateReply7d(LABEL), 10903);
    body = { recipient: { comment_id: t.externalId }, message: { text: input.text } };
  } else {
    if (age === null) throw permanent('instagram', TEXT.window24hUnknown(LABEL));
    if (age > WINDOW_24H_MS) throw permanent('instagram', TEXT.window24h(LABEL), 10);
    body = { recipient: { id: t.userId }, message: { text: input.text } };
  }
  const g = ig(ctx);
  const pageId = typeof ctx.account.extra.pageId === 'string' ? ctx.account.extra.pageId : null;
  // Instagram Login: graph.instagram.com/me/messages; Facebook Login: through the linked Page.
  const path = isIgLogin(ctx) ? 'me/messages' : pageId ? `${pageId}/messages` : 'me/messages';
  try {
    const r = await g.post<{ message_id: string }>(path, { json: body });
    return { externalId: r.message_id };
  } catch (err) {
    throw explainMessagingError(err, LABEL);
  }
}

async function setHidden(ctx: ConnectorContext, commentId: string, hidden: boolean): Promise<void> {
  await ig(ctx).post(commentId, { query: { hide: hidden } });
}

async function deleteComment(ctx: ConnectorContext, commentId: string): Promise<void> {
  await ig(ctx).delete(commentId);
}

// ── insights ────────────────────────────────────────────────────────
const graphMajor = (settings: PlatformSettings) => Number(/^v(\d+)/.exec(settings.apps.graphVersion)?.[1] ?? 27);

async function insights(ctx: ConnectorContext, mediaId: string): Promise<Insights> {
  // From v22 media "impressions" is gone; "views" is the closest.
  const viewsMetric = graphMajor(ctx.settings) >= 22 ? 'views' : 'impressions';
  const r = await ig(ctx).get<{ data: { name: string; values?: { value: unknown }[]; total_value?: { value: unknown } }[] }>(`${mediaId}/insights`, {
    query: { metric: `reach,${viewsMetric},total_interactions` },
  });
  const v = (name: string): number | null => {
    const row = r.data.find((d) => d.name === name);
    const x = row?.values?.[0]?.value ?? row?.total_value?.value;
    return typeof x === 'number' ? x : null;
  };
  return { reach: v('reach'), impressions: v(viewsMetric), engagement: v('total_interactions'), raw: r };
}

async function checkToken(ctx: ConnectorContext): Promise<TokenCheck> {
  if (isIgLogin(ctx)) {
    // Instagram-login tokens are not Facebook tokens: debug_token does not know them.
    return probeToken(ctx, () => ig(ctx).get('me', { query: { fields: 'user_id,username' } }));
  }
  return checkGraphToken(ctx, (g) => g.get(igId(ctx), { query: { fields: 'id' } }));
}

export const instagramConnector: Connector = {
  platform: 'instagram',
  capabilities: {
    publishText: false,
    publishImage: true,
    publishVideo: true,
    publishReel: true,
    comments: true,
    mentions: true,
    directMessages: true,
    publicReply: true,
    privateReply: true,
    hide: true,
    delete: true,
    insights: true,
    webhooks: true,
    polling: false,
  },
  publish,
  findPublished,
  // found by its caption; media_publish answers once the media exists, and /media lists it from then on
  lookupIsComplete: (input) => !!input.text.trim(),
  replyPublic,
  replyPrivate,
  setHidden,
  deleteComment,
  insights,
  checkToken,
};

// ── connecting (Facebook Login) ─────────────────────────────────────
export const instagramAuth: ConnectorAuth = {
  kind: 'oauth',
  authorizeUrl: (settings, p) => facebookAuthorizeUrl(settings, INSTAGRAM_FACEBOOK_SCOPES, p),
  async exchangeCode(ctx, p) {
    const grant = await exchangeFacebookCode(ctx, 'instagram', p);
    const pages = await listPages(ctx, 'instagram', grant.userToken, 'id,name,access_token,instagram_business_account{id,username,name}');
    const out: ConnectCandidate[] = [];
    for (const page of pages) {
      const acct = page.instagram_business_account;
      if (!acct || !page.access_token) continue;
      out.push({
        externalId: acct.id,
        name: acct.name ?? acct.username ?? page.name,
        handle: acct.username ? `@${acct.username}` : null,
        credentials: { accessToken: page.access_token, refreshToken: null, expiresAt: await pageTokenExpiry(ctx, 'instagram', page.access_token, grant.expiresAt) },
        scopes: grant.scopes,
        extra: { loginType: 'facebook', pageId: page.id, pageName: page.name, userId: grant.userId },
      });
    }
    return out;
  },
  async afterConnect(ctx) {
    if (isIgLogin(ctx)) {
      await ig(ctx).post('me/subscribed_apps', { query: { subscribed_fields: IG_LOGIN_WEBHOOK_FIELDS.join(',') } });
      return { subscribedFields: IG_LOGIN_WEBHOOK_FIELDS };
    }
    const pageId = ctx.account.extra.pageId;
    if (typeof pageId !== 'string') throw permanent('instagram', 'Halaman Facebook yang terhubung dengan akun Instagram ini tidak diketahui.');
    // Instagram webhooks (comments, mentions, messages) come from the app subscription to the
    // `instagram` object; they are delivered only when the app is installed on the linked Page.
    const fields = await subscribePage(ctx, pageId, PAGE_WEBHOOK_FIELDS);
    return { subscribedFields: fields };
  },
  refresh: refreshInstagramLogin,
};

// ── Instagram Login (second flavour) ────────────────────────────────
/**
 * Instagram Login needs the Instagram app's id, which PlatformApps does not carry yet (only its
 * secret): this builds the ConnectorAuth for a given Instagram app id, ready to be wired when the
 * settings have it.
 */
export function instagramLoginAuth(instagramAppId: string): ConnectorAuth {
  return {
    kind: 'oauth',
    authorizeUrl(settings, p) {
      const u = new URL(`${settings.hosts.instagramWeb.replace(/\/+$/, '')}/oauth/authorize`);
      u.searchParams.set('client_id', instagramAppId);
      u.searchParams.set('redirect_uri', p.redirectUri);
      u.searchParams.set('response_type', 'code');
      u.searchParams.set('scope', INSTAGRAM_LOGIN_SCOPES.join(','));
      u.searchParams.set('state', p.state);
      return u.toString();
    },
    async exchangeCode(ctx, p) {
      return [await exchangeInstagramLoginCode(ctx, instagramAppId, p)];
    },
    afterConnect: instagramAuth.afterConnect!,
    refresh: refreshInstagramLogin,
  };
}

async function exchangeInstagramLoginCode(ctx: AuthContext, appId: string, p: { code: string; redirectUri: string }): Promise<ConnectCandidate> {
  const secret = ctx.settings.apps.meta.instagramAppSecret;
  if (!secret) throw permanent('instagram', 'Rahasia aplikasi Instagram belum dikonfigurasi.');
  const res = await ctx.http({
    method: 'POST',
    url: `${ctx.settings.hosts.instagramApi.replace(/\/+$/, '')}/oauth/access_token`,
    form: { client_id: appId, client_secret: secret, grant_type: 'authorization_code', redirect_uri: p.redirectUri, code: p.code.replace(/#_$/, '') },
  });
  const j = (res.json ?? {}) as { access_token?: string; user_id?: string | number; permissions?: string | string[]; data?: { access_token: string; user_id: string | number; permissions?: string }[]; error_message?: string };
  const row = j.data?.[0] ?? j;
  if (res.status >= 400 || !row.access_token) throw permanent('instagram', j.error_message ?? `Penukaran kode Instagram gagal (HTTP ${res.status})`);
  const bare = new GraphClient(ctx, { platform: 'instagram', token: null, appSecret: null, host: 'graphInstagram' });
  const long = await bare.get<{ access_token: string; expires_in?: number }>('access_token', {
    unversioned: true,
    query: { grant_type: 'ig_exchange_token', client_secret: secret, access_token: row.access_token },
  });
  const g = new GraphClient(ctx, { platform: 'instagram', token: long.access_token, appSecret: secret, host: 'graphInstagram' });
  const me = await g.get<{ id?: string; user_id?: string; username?: string; name?: string }>('me', { query: { fields: 'user_id,username,name' } });
  const perms = Array.isArray(row.permissions) ? row.permissions : (row.permissions ?? '').split(',').filter(Boolean);
  const id = String(me.user_id ?? me.id ?? row.user_id);
  return {
    externalId: id,
    name: me.name ?? me.username ?? id,
    handle: me.username ? `@${me.username}` : null,
    credentials: { accessToken: long.access_token, refreshToken: null, expiresAt: long.expires_in ? new Date(ctx.now().getTime() + long.expires_in * 1000) : null },
    scopes: perms,
    extra: { loginType: 'instagram' },
  };
}

/** Instagram-login tokens live 60 days and can be refreshed once at least 24 h old; Page tokens need no refresh. */
async function refreshInstagramLogin(ctx: ConnectorContext): Promise<Credentials> {
  if (!isIgLogin(ctx)) return ctx.credentials;
  const bare = new GraphClient(ctx, { platform: 'instagram', token: null, appSecret: null, host: 'graphInstagram' });
  const r = await bare.get<{ access_token: string; expires_in?: number }>('refresh_access_token', {
    unversioned: true,
    query: { grant_type: 'ig_refresh_token', access_token: ctx.credentials.accessToken },
  });
  return { accessToken: r.access_token, refreshToken: null, expiresAt: r.expires_in ? new Date(ctx.now().getTime() + r.expires_in * 1000) : null };
}

export const instagram: PlatformModule = { connector: instagramConnector, auth: instagramAuth };
