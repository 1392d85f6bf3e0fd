import { GraphApiError, parseGraphTime, sleep, type GraphClient } from '../graph.ts';
import {
  ConnectorError,
  type ConnectCandidate,
  type Connector,
  type ConnectorAuth,
  type ConnectorContext,
  type Insights,
  type PlatformModule,
  type PublishInput,
  type PublishResult,
  type ReplyInput,
} from '../types.ts';
import {
  ageMs,
  checkGraphToken,
  exchangeFacebookCode,
  explainMessagingError,
  FACEBOOK_SCOPES,
  facebookAuthorizeUrl,
  graphFor,
  listPages,
  pageTokenExpiry,
  permanent,
  PRIVATE_REPLY_MS,
  safeToRetry,
  subscribePage,
  TEXT,
  WINDOW_24H_MS,
} from './meta.ts';

// Facebook Page connector (Graph API): publish to the Page, reply to comments publicly and
// privately, Messenger replies inside the 24-hour window, hide/delete comments, post insights,
// token checks; connected with Facebook Login (one candidate per Page, with its Page token).
// Inbound comments and messages arrive by webhook (feed, messages, mention), so there is no poll.

/** Graph times have second precision and the platform's clock is not ours. */
const CLOCK_SKEW_MS = 60_000;
const LABEL = 'Facebook';
const PAGE_WEBHOOK_FIELDS = ['feed', 'messages', 'mention'];
/** Reel processing is waited for at most this long; the reel is published by then or publishes itself when ready. */
const REEL_POLL_BUDGET_MS = 120_000;
const POLL_DELAYS_MS = [250, 500, 1_000, 2_000, 3_000, 5_000];

const pageId = (ctx: ConnectorContext) => ctx.account.externalId;

/** Best effort after a successful publish: never turns a published post into an error. */
async function permalinkOf(g: GraphClient, id: string): Promise<string | null> {
  try {
    const r = await g.get<{ permalink_url?: string }>(id, { query: { fields: 'permalink_url' } });
    return absoluteFacebookUrl(r.permalink_url);
  } catch {
    return null;
  }
}

function absoluteFacebookUrl(u: string | undefined): string | null {
  if (!u) return null;
  return u.startsWith('/') ? `https://www.facebook.com${u}` : u;
}

async function publishFeed(ctx: ConnectorContext, g: GraphClient, input: PublishInput): Promise<PublishResult> {
  const form: Record<string, string> = {};
  if (input.text) form.message = input.text;
  if (input.link) form.link = input.link;
  if (!form.message && !form.link) throw permanent('facebook', 'Unggahan kosong: isi teks atau tautan.');
  const r = await g.post<{ id: string }>(`${pageId(ctx)}/feed`, { form });
  return { externalId: r.id, permalink: await permalinkOf(g, r.id) };
}

async function publishPhotos(ctx: ConnectorContext, g: GraphClient, input: PublishInput): Promise<PublishResult> {
  const images = input.media ?? [];
  if (images.length === 1) {
    const img = images[0]!;
    const form: Record<string, string> = { url: img.url };
    if (input.text) form.caption = input.text;
    if (img.altText) form.alt_text_custom = img.altText;
    const r = await g.post<{ id: string; post_id?: string }>(`${pageId(ctx)}/photos`, { form });
    const id = r.post_id ?? r.id;
    return { externalId: id, permalink: await permalinkOf(g, id) };
  }
  // Multi-photo post: unpublished photos first (invisible, safe to repeat), then one feed post.
  const fbids: string[] = [];
  for (const img of images) {
    const form: Record<string, string> = { url: img.url, published: 'false' };
    if (img.altText) form.alt_text_custom = img.altText;
    const r = await safeToRetry(() => g.post<{ id: string }>(`${pageId(ctx)}/photos`, { form }));
    fbids.push(r.id);
  }
  const form: Record<string, string> = { attached_media: JSON.stringify(fbids.map((media_fbid) => ({ media_fbid }))) };
  if (input.text) form.message = input.text;
  const r = await g.post<{ id: string }>(`${pageId(ctx)}/feed`, { form });
  return { externalId: r.id, permalink: await permalinkOf(g, r.id) };
}

interface VideoStatus {
  id: string;
  post_id?: string;
  permalink_url?: string;
  status?: { video_status?: string; processing_phase?: { status?: string; error?: { message?: string } } };
}

async function publishVideo(ctx: ConnectorContext, g: GraphClient, input: PublishInput): Promise<PublishResult> {
  const video = input.media![0]!;
  const form: Record<string, string> = { file_url: video.url };
  if (input.text) form.description = input.text;
  if (input.title) form.title = input.title;
  const r = await g.post<{ id: string }>(`${pageId(ctx)}/videos`, { host: 'graphVideo', form });
  // The post id (for comments and insights) and an early processing failure, best effort.
  const v = await g.get<VideoStatus>(r.id, { query: { fields: 'id,post_id,permalink_url,status' } }).catch(() => null);
  if (v?.status?.video_status === 'error') throw permanent('facebook', TEXT.mediaFailed(LABEL, 'video'));
  return { externalId: v?.post_id ?? r.id, permalink: absoluteFacebookUrl(v?.permalink_url) };
}

/** Reels: start → rupload (file_url) → finish (PUBLISHED) → poll the status. */
async function publishReel(ctx: ConnectorContext, g: GraphClient, input: PublishInput): Promise<PublishResult> {
  const video = input.media![0]!;
  // Start and upload leave only an unpublished video behind: a retry of the whole publish is safe.
  const start = await safeToRetry(() => g.post<{ video_id: string; upload_url?: string }>(`${pageId(ctx)}/video_reels`, { query: { upload_phase: 'start' } }));
  const uploadUrl = start.upload_url && g.isConfiguredUrl(start.upload_url, 'rupload') ? start.upload_url : g.url(`video-upload/${g.version}/${start.video_id}`, 'rupload', true);
  await safeToRetry(() => g.post(uploadUrl, { authScheme: 'OAuth', headers: { file_url: video.url } }));
  const finish: Record<string, string> = { upload_phase: 'finish', video_id: start.video_id, video_state: 'PUBLISHED' };
  if (input.text) finish.description = input.text;
  if (input.title) finish.title = input.title;
  await g.post(`${pageId(ctx)}/video_reels`, { query: finish });
  // The reel is published once processed; waiting here gives the post id and surfaces failures.
  const deadline = Date.now() + REEL_POLL_BUDGET_MS;
  let last: VideoStatus | null = null;
  for (let i = 0; ; i++) {
    await sleep(POLL_DELAYS_MS[Math.min(i, POLL_DELAYS_MS.length - 1)]!);
    try {
      last = await g.get<VideoStatus>(start.video_id, { query: { fields: 'id,post_id,permalink_url,status' } });
    } catch (err) {
      // The reel is already published (or publishes itself when processed): status reads are best effort.
      if (err instanceof ConnectorError && (err.kind === 'transient' || err.kind === 'rate_limited') && Date.now() < deadline) continue;
      break;
    }
    const s = last.status?.video_status;
    if (s === 'error') throw permanent('facebook', TEXT.mediaFailed(LABEL, last.status?.processing_phase?.error?.message ?? 'reel'));
    if (s === 'ready' || Date.now() >= deadline) break;
  }
  return { externalId: last?.post_id ?? start.video_id, permalink: absoluteFacebookUrl(last?.permalink_url) };
}

async function publish(ctx: ConnectorContext, input: PublishInput): Promise<PublishResult> {
  const g = graphFor(ctx);
  const media = input.media ?? [];
  if (media.length === 0) return publishFeed(ctx, g, input);
  const videos = media.filter((m) => m.kind === 'video');
  if (videos.length > 0) {
    if (media.length > 1) throw permanent('facebook', 'Facebook hanya menerima satu video per unggahan, tanpa gambar lain.');
    return input.reel ? publishReel(ctx, g, input) : publishVideo(ctx, g, input);
  }
  if (media.length > 10) throw permanent('facebook', TEXT.tooManyMedia(LABEL, 10));
  return publishPhotos(ctx, g, input);
}

interface FeedPost {
  id: string;
  message?: string;
  created_time?: string;
  permalink_url?: string;
  link?: string;
}

/** After an ambiguous publish: the Page's own recent posts with exactly this text, created at or after `since`. */
async function findPublished(ctx: ConnectorContext, input: PublishInput, since: Date): Promise<PublishResult | null> {
  const g = graphFor(ctx);
  const sinceMs = since.getTime() - CLOCK_SKEW_MS;
  for await (const page of g.pages<FeedPost>(`${pageId(ctx)}/published_posts`, { query: { fields: 'id,message,created_time,permalink_url,link', limit: 25 }, maxPages: 8 })) {
    let older = false;
    for (const p of page) {
      const at = parseGraphTime(p.created_time);
      if (at && at.getTime() < sinceMs) {
        older = true;
        continue;
      }
      const same = input.text ? p.message === input.text : !!input.link && p.link === input.link && !p.message;
      if (same) return { externalId: p.id, permalink: absoluteFacebookUrl(p.permalink_url) };
    }
    if (older) break; // newest first: the rest is older still
  }
  return null;
}

async function replyPublic(ctx: ConnectorContext, input: ReplyInput): Promise<{ externalId: string }> {
  const r = await graphFor(ctx).post<{ id: string }>(`${input.target.externalId}/comments`, { form: { message: input.text } });
  return { externalId: r.id };
}

/** Facebook comment ids are "{post}_{comment}"; Messenger message ids start with "m_". */
const isCommentId = (id: string) => /^\d+_\d+$/.test(id);

async function replyPrivate(ctx: ConnectorContext, input: ReplyInput): Promise<{ externalId: string }> {
  const t = input.target;
  const g = graphFor(ctx);
  const commentMode = isCommentId(t.externalId) || !t.userId;
  let body: Record<string, unknown>;
  if (commentMode) {
    // Private reply to a commenter: once per comment, within 7 days of the comment.
    const age = ageMs(ctx, t.lastInboundAt);
    if (age !== null && age > PRIVATE_REPLY_MS) throw permanent('facebook', TEXT.privateReply7d(LABEL), 10903);
    body = { recipient: { comment_id: t.externalId }, message: { text: input.text } };
  } else {
    // Messenger: a standard RESPONSE only within 24 hours of the person's last message.
    const age = ageMs(ctx, t.lastInboundAt);
    if (age === null) throw permanent('facebook', TEXT.window24hUnknown(LABEL));
    if (age > WINDOW_24H_MS) throw permanent('facebook', TEXT.window24h(LABEL), 10);
    body = { recipient: { id: t.userId }, messaging_type: 'RESPONSE', message: { text: input.text } };
  }
  try {
    const r = await g.post<{ message_id: string; recipient_id?: string }>(`${pageId(ctx)}/messages`, { json: body });
    return { externalId: r.message_id };
  } catch (err) {
    throw explainMessagingError(err, LABEL);
  }
}

async function setHidden(ctx: ConnectorContext, commentId: string, hidden: boolean): Promise<void> {
  await graphFor(ctx).post(commentId, { query: { is_hidden: hidden } });
}

async function deleteComment(ctx: ConnectorContext, commentId: string): Promise<void> {
  await graphFor(ctx).delete(commentId);
}

interface InsightRow {
  name: string;
  values?: { value: unknown }[];
}

const POST_METRICS = ['post_impressions', 'post_impressions_unique', 'post_engaged_users'];
/** The "media view" metrics Meta introduced as impressions are retired. */
const POST_METRICS_VIEWS = ['post_media_view', 'post_total_media_view_unique', 'post_clicks'];

const metricValue = (rows: InsightRow[], name: string): number | null => {
  const v = rows.find((r) => r.name === name)?.values?.[0]?.value;
  return typeof v === 'number' ? v : null;
};

async function insights(ctx: ConnectorContext, postId: string): Promise<Insights> {
  const g = graphFor(ctx);
  try {
    const r = await g.get<{ data: InsightRow[] }>(`${postId}/insights`, { query: { metric: POST_METRICS.join(',') } });
    return { impressions: metricValue(r.data, 'post_impressions'), reach: metricValue(r.data, 'post_impressions_unique'), engagement: metricValue(r.data, 'post_engaged_users'), raw: r };
  } catch (err) {
    if (!(err instanceof GraphApiError && err.kind === 'permanent' && err.code === 100)) throw err;
    const r = await g.get<{ data: InsightRow[] }>(`${postId}/insights`, { query: { metric: POST_METRICS_VIEWS.join(',') } });
    return { impressions: metricValue(r.data, 'post_media_view'), reach: metricValue(r.data, 'post_total_media_view_unique'), engagement: metricValue(r.data, 'post_clicks'), raw: r };
  }
}

export const facebookConnector: Connector = {
  platform: 'facebook',
  capabilities: {
    publishText: true,
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
  // posts with text are found by it; feed and photo posts are listed in published_posts at once, videos and reels only after processing
  lookupIsComplete: (input) => !!input.text.trim() && !(input.media ?? []).some((m) => m.kind === 'video'),
  replyPublic,
  replyPrivate,
  setHidden,
  deleteComment,
  insights,
  checkToken: (ctx) => checkGraphToken(ctx, (g) => g.get(pageId(ctx), { query: { fields: 'id' } })),
};

export const facebookAuth: ConnectorAuth = {
  kind: 'oauth',
  authorizeUrl: (settings, p) => facebookAuthorizeUrl(settings, FACEBOOK_SCOPES, p),
  async exchangeCode(ctx, p) {
    const grant = await exchangeFacebookCode(ctx, 'facebook', p);
    const pages = await listPages(ctx, 'facebook', grant.userToken, 'id,name,username,access_token,tasks,category');
    const out: ConnectCandidate[] = [];
    for (const page of pages) {
      if (!page.access_token) continue;
      out.push({
        externalId: page.id,
        name: page.name,
        handle: page.username ?? null,
        credentials: { accessToken: page.access_token, refreshToken: null, expiresAt: await pageTokenExpiry(ctx, 'facebook', page.access_token, grant.expiresAt) },
        scopes: grant.scopes,
        extra: { userId: grant.userId, category: page.category ?? null, tasks: page.tasks ?? [] },
      });
    }
    return out;
  },
  async afterConnect(ctx) {
    const fields = await subscribePage(ctx, pageId(ctx), PAGE_WEBHOOK_FIELDS);
    return { subscribedFields: fields };
  },
};

export const facebook: PlatformModule = { connector: facebookConnector, auth: facebookAuth };
