// Facebook Pages part of the Meta fake: publishing (feed, photos, videos, reels), comments,
// moderation, Messenger (24 h window, HUMAN_AGENT, private replies), insights, subscribed_apps.
import type { FakeState } from '../../core/state.ts';
import { arr, bool, obj, str } from '../../core/http.ts';
import type { GraphCtx } from './graph.ts';
import { GraphError, gerr, paginate, requireParam, requireScopes, requireToken, spend } from './graph.ts';
import type { FieldSel, Renderable } from './fields.ts';
import { project } from './fields.ts';
import type { Conversation, DmMessage, FbComment, FbPage, FbPost, FbVideo } from './store.ts';
import { canManagePage, citizen, conversationFor, DAY_MS, igsidFor, messageId, messengerWindowError, metric, psidFor, requirePage } from './common.ts';
import { emitMeta } from './events.ts';

// ---------------------------------------------------------------------------------------------
// Renderers

export function renderPage(ctx: GraphCtx, page: FbPage): Renderable {
  const ig = page.igUserId ? ctx.store.igUsers.get(page.igUserId) : undefined;
  return {
    id: page.id,
    name: page.name,
    category: page.category,
    username: page.username,
    link: `https://www.facebook.com/${page.username}`,
    fan_count: page.fanCount,
    followers_count: page.fanCount,
    about: `Akun resmi ${page.name}`,
    verification_status: 'not_verified',
    tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
    instagram_business_account: ig ? (sel: FieldSel) => project({ id: ig.id, username: ig.username, name: ig.name }, 'IGUser', sel.sub, ['id']) : undefined,
    connected_instagram_account: ig ? (sel: FieldSel) => project({ id: ig.id, username: ig.username }, 'IGUser', sel.sub, ['id']) : undefined,
    access_token: () => {
      const token = ctx.token;
      if (!token || token.kind === 'page' || token.kind === 'app' || !canManagePage(ctx.store, token, page.id)) return undefined;
      return pageTokenFor(ctx.state, page, token.value).value;
    },
  };
}

/** The Page token derived from a user token (never expires when the user token is long-lived). */
export function pageTokenFor(state: FakeState, page: FbPage, userTokenValue: string) {
  const user = state.tokens.tokens.get(userTokenValue);
  const existing = state.tokens.find((t) => t.kind === 'page' && t.subjectId === page.id && t.data.fromUserToken === userTokenValue && !t.revoked);
  if (existing[0]) return existing[0];
  const longLived = user?.kind === 'system_user' || user?.data.longLived === true;
  return state.tokens.issue({
    family: 'meta',
    kind: 'page',
    appId: user?.appId ?? state.meta.defaultAppId,
    subjectId: page.id,
    scopes: user?.scopes ?? [],
    ttlSec: longLived || !user?.expiresAt ? null : Math.max(1, Math.round((user.expiresAt - state.now()) / 1000)),
    data: { fromUserToken: userTokenValue, userId: user?.subjectId },
  });
}

function postPermalink(post: FbPost): string {
  const [pageId, n] = post.id.split('_');
  return `https://www.facebook.com/${pageId}/posts/${n}`;
}

export function renderPost(ctx: GraphCtx, post: FbPost): Renderable {
  const page = ctx.store.pages.get(post.pageId);
  const visible = (c: FbComment) => !c.deleted;
  const allComments = () => [...ctx.store.comments.values()].filter((c) => c.postId === post.id && visible(c));
  const photo = post.photoIds[0] ? ctx.store.photos.get(post.photoIds[0]) : undefined;
  return {
    id: post.id,
    message: post.message,
    created_time: ctx.state.graphTime(post.createdAt),
    updated_time: ctx.state.graphTime(post.createdAt),
    permalink_url: postPermalink(post),
    is_published: post.published,
    is_hidden: false,
    scheduled_publish_time: post.scheduledAt === undefined ? undefined : Math.floor(post.scheduledAt / 1000),
    status_type: { status: 'mobile_status_update', photo: 'added_photos', album: 'added_photos', video: 'added_video', reel: 'added_video', link: 'shared_story' }[post.kind],
    from: post.author ? { id: post.author.id, name: post.author.name } : page ? { id: page.id, name: page.name } : undefined,
    full_picture: photo?.url,
    link: post.link,
    shares: { count: Math.floor(metric(ctx.state, post.id, 'shares', post.createdAt, 0) / 40) },
    attachments: (sel: FieldSel) => {
      const data: Record<string, unknown>[] = [];
      if (photo) data.push({ media_type: 'photo', type: 'photo', url: photo.url, target: { id: photo.id } });
      if (post.videoId) data.push({ media_type: 'video', type: post.kind === 'reel' ? 'video_inline' : 'video_autoplay', target: { id: post.videoId } });
      if (post.link) data.push({ media_type: 'link', type: 'share', url: post.link });
      return { data: data.map((d) => project(d, 'StoryAttachment', sel.sub, Object.keys(d))) };
    },
    comments: (sel: FieldSel) => commentsEdge(ctx, post.id, null, sel),
    reactions: (sel: FieldSel) => ({ data: [], summary: sel.modifiers.summary ? { total_count: metric(ctx.state, post.id, 'reactions', post.createdAt, allComments().length) % 500, viewer_reaction: 'NONE' } : undefined }),
    likes: (sel: FieldSel) => ({ data: [], summary: sel.modifiers.summary ? { total_count: metric(ctx.state, post.id, 'likes', post.createdAt, allComments().length) % 400, can_like: true, has_liked: false } : undefined }),
    insights: (sel: FieldSel) => postInsights(ctx, post, sel.modifiers.metric?.split(',') ?? DEFAULT_POST_METRICS),
  };
}

export function renderComment(ctx: GraphCtx, c: FbComment): Renderable {
  const isPage = ctx.token?.kind === 'page';
  const parent = c.parentId ? ctx.store.comments.get(c.parentId) : undefined;
  const post = ctx.store.posts.get(c.postId);
  const replies = c.replyIds.map((id) => ctx.store.comments.get(id)).filter((r): r is FbComment => !!r && !r.deleted);
  return {
    id: c.id,
    message: c.message,
    created_time: ctx.state.graphTime(c.createdAt),
    from: isPage || c.fromPage ? { id: c.from.id, name: c.from.name } : undefined,
    parent: parent ? (sel: FieldSel) => project(renderComment(ctx, parent), 'Comment', sel.sub, ['created_time', 'from', 'message', 'id']) : undefined,
    is_hidden: c.hidden,
    can_hide: !c.fromPage,
    can_remove: true,
    can_reply_privately: !c.fromPage && c.privateReplyAt === undefined && ctx.state.now() - c.createdAt <= 7 * DAY_MS,
    can_comment: c.parentId === null,
    comment_count: replies.length,
    like_count: c.likeCount,
    user_likes: false,
    permalink_url: post ? `${postPermalink(post)}?comment_id=${c.id.split('_')[1] ?? c.id}` : undefined,
    attachment: c.attachmentUrl ? { type: 'photo', media: { image: { src: c.attachmentUrl } }, url: c.attachmentUrl } : undefined,
    object: post ? (sel: FieldSel) => project(renderPost(ctx, post), 'Post', sel.sub, ['id']) : undefined,
    comments: (sel: FieldSel) => commentsEdge(ctx, c.postId, c.id, sel),
    private_reply_conversation: undefined,
  };
}

const COMMENT_DEFAULTS = ['created_time', 'from', 'message', 'id'];

function commentList(ctx: GraphCtx, postId: string, parentId: string | null, filter: string, order: string): FbComment[] {
  const all = [...ctx.store.comments.values()].filter((c) => c.postId === postId && !c.deleted);
  let list = parentId ? all.filter((c) => c.parentId === parentId) : filter === 'stream' ? all : all.filter((c) => c.parentId === null);
  list = list.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  if (order === 'reverse_chronological') list.reverse();
  return list;
}

function commentsEdge(ctx: GraphCtx, postId: string, parentId: string | null, sel: FieldSel | null): Record<string, unknown> {
  const filter = sel?.modifiers.filter ?? str(ctx.inc.params, 'filter') ?? 'toplevel';
  const order = sel?.modifiers.order ?? str(ctx.inc.params, 'order') ?? 'chronological';
  const list = commentList(ctx, postId, parentId, filter, order);
  const wantSummary = sel ? sel.modifiers.summary === 'true' || sel.modifiers.summary === '1' : bool(ctx.inc.params, 'summary') === true;
  const basePath = `/${ctx.version}/${parentId ?? postId}/comments`;
  return paginate(ctx, list, (c) => project(renderComment(ctx, c), 'Comment', sel ? sel.sub : ctx.fields, COMMENT_DEFAULTS), {
    basePath,
    ...(sel ? { sel } : {}),
    ...(wantSummary ? { extra: { summary: { order, total_count: list.length, can_comment: true } } } : {}),
  });
}

export function renderVideo(ctx: GraphCtx, v: FbVideo): Renderable {
  const ready = !v.failed && v.readyAt !== undefined && ctx.state.now() >= v.readyAt;
  const videoStatus = v.failed ? 'error' : v.phase === 'started' ? 'upload_pending' : ready ? 'ready' : 'processing';
  return {
    id: v.id,
    title: v.title,
    description: v.description,
    created_time: ctx.state.graphTime(v.createdAt),
    updated_time: ctx.state.graphTime(v.createdAt),
    permalink_url: v.kind === 'reel' ? `/reel/${v.id}` : `/${v.pageId}/videos/${v.id}`,
    post_id: v.postId,
    status: {
      video_status: videoStatus,
      uploading_phase: { status: v.phase === 'started' ? 'not_started' : 'complete', bytes_transferred: v.uploadedBytes },
      processing_phase: { status: v.failed ? 'error' : v.phase === 'started' ? 'not_started' : ready ? 'complete' : 'in_progress' },
      publishing_phase: {
        status: v.phase === 'published' && ready ? 'complete' : 'not_started',
        publish_status: v.phase === 'published' ? (ready ? 'published' : 'not_published') : 'draft',
        publish_time: v.phase === 'published' && ready ? Math.floor((v.readyAt ?? v.createdAt) / 1000) : undefined,
      },
      processing_progress: ready ? 100 : v.phase === 'started' ? 0 : 50,
    },
    length: 30.5,
  };
}

function renderConversation(ctx: GraphCtx, conv: Conversation): Renderable {
  const msgs = () => conv.messageIds.map((id) => ctx.store.messages.get(id)).filter((m): m is DmMessage => !!m && !m.deleted).reverse();
  const accountName = conv.platform === 'messenger' ? ctx.store.pages.get(conv.accountId)?.name : ctx.store.igUsers.get(conv.accountId)?.username;
  const participants = [
    conv.platform === 'messenger' ? { name: conv.userName, email: `${conv.userId}@facebook.com`, id: conv.userId } : { username: conv.userName, id: conv.userId },
    conv.platform === 'messenger' ? { name: accountName, email: `${conv.accountId}@facebook.com`, id: conv.accountId } : { username: accountName, id: conv.accountId },
  ];
  return {
    id: conv.id,
    updated_time: ctx.state.graphTime(conv.updatedAt),
    link: `/${conv.accountId}/inbox/${conv.id}`,
    message_count: conv.messageIds.length,
    unread_count: 0,
    can_reply: conv.lastInboundAt !== null,
    participants: { data: participants },
    senders: { data: participants },
    messages: (sel: FieldSel) =>
      paginate(ctx, msgs(), (m) => project(renderMessage(ctx, m), 'Message', sel.sub, ['id', 'created_time']), { sel, basePath: `/${ctx.version}/${conv.id}/messages` }),
  };
}

export function renderMessage(ctx: GraphCtx, m: DmMessage): Renderable {
  const conv = ctx.store.conversations.get(m.conversationId);
  const user = conv ? (conv.platform === 'messenger' ? { name: conv.userName, email: `${conv.userId}@facebook.com`, id: conv.userId } : { username: conv.userName, id: conv.userId }) : undefined;
  const accountName = conv ? (conv.platform === 'messenger' ? ctx.store.pages.get(conv.accountId)?.name : ctx.store.igUsers.get(conv.accountId)?.username) : undefined;
  const account = conv ? (conv.platform === 'messenger' ? { name: accountName, email: `${conv.accountId}@facebook.com`, id: conv.accountId } : { username: accountName, id: conv.accountId }) : undefined;
  return {
    id: m.id,
    message: m.text,
    created_time: ctx.state.graphTime(m.createdAt),
    from: m.fromAccount ? account : user,
    to: { data: [m.fromAccount ? user : account] },
    attachments: m.attachments ? { data: m.attachments.map((a) => ({ mime_type: a.type === 'image' ? 'image/jpeg' : 'application/octet-stream', image_data: { url: a.url } })) } : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Insights

export const DEFAULT_POST_METRICS = ['post_impressions', 'post_impressions_unique', 'post_engaged_users'];
const POST_METRICS: Record<string, string> = {
  post_impressions: 'Lifetime Post Total Impressions',
  post_impressions_unique: 'Lifetime Post Total Reach',
  post_impressions_organic: 'Lifetime Post Organic Impressions',
  post_impressions_paid: 'Lifetime Post Paid Impressions',
  post_engaged_users: 'Lifetime Engaged Users',
  post_clicks: 'Lifetime Post Clicks',
  post_reactions_like_total: 'Lifetime Like Reactions',
  post_reactions_by_type_total: 'Lifetime Total post Reactions by Type.',
  post_media_view: 'Lifetime Media Views',
  post_total_media_view_unique: 'Lifetime Unique Media Views',
  post_video_views: 'Lifetime Total Video Views',
};

function postInsights(ctx: GraphCtx, post: FbPost, metrics: string[]): Record<string, unknown> {
  const engagement = [...ctx.store.comments.values()].filter((c) => c.postId === post.id && !c.deleted).length;
  const data = metrics.map((name) => {
    const title = POST_METRICS[name];
    if (!title) throw gerr.param(`(#100) The value must be a valid insights metric`);
    const reach = metric(ctx.state, post.id, 'reach', post.createdAt, engagement);
    let value: unknown;
    switch (name) {
      case 'post_impressions':
      case 'post_media_view':
        value = Math.round(reach * 1.4);
        break;
      case 'post_impressions_unique':
      case 'post_total_media_view_unique':
        value = reach;
        break;
      case 'post_impressions_organic':
        value = Math.round(reach * 1.4);
        break;
      case 'post_impressions_paid':
        value = 0;
        break;
      case 'post_engaged_users':
        value = Math.min(reach, engagement * 2 + (metric(ctx.state, post.id, 'eng', post.createdAt, 0) % 30));
        break;
      case 'post_reactions_by_type_total':
        value = { like: metric(ctx.state, post.id, 'like', post.createdAt, engagement) % 300, love: engagement % 7, angry: engagement % 3 };
        break;
      case 'post_video_views':
        value = post.videoId ? Math.round(reach * 0.7) : 0;
        break;
      default:
        value = metric(ctx.state, post.id, name, post.createdAt, engagement) % 500;
    }
    return {
      name,
      period: 'lifetime',
      values: [{ value }],
      title,
      description: `${title}: fake metric derived from the post id, its age and its comments.`,
      id: `${post.id}/insights/${name}/lifetime`,
    };
  });
  return { data, paging: {} };
}

const PAGE_METRICS = ['page_impressions', 'page_impressions_unique', 'page_post_engagements', 'page_fans', 'page_follows', 'page_views_total', 'page_media_view', 'page_daily_follows'];

function pageInsights(ctx: GraphCtx, page: FbPage): Record<string, unknown> {
  const metrics = (str(ctx.inc.params, 'metric') ?? '').split(',').filter(Boolean);
  if (metrics.length === 0) throw gerr.param('(#100) The value must be a valid insights metric');
  const period = str(ctx.inc.params, 'period') ?? 'day';
  const data = metrics.map((name) => {
    if (!PAGE_METRICS.includes(name)) throw gerr.param('(#100) The value must be a valid insights metric');
    const values = [2, 1].map((daysAgo) => {
      const end = new Date(ctx.state.now() - (daysAgo - 1) * DAY_MS);
      end.setUTCHours(8, 0, 0, 0);
      return { value: metric(ctx.state, `${page.id}:${end.toISOString().slice(0, 10)}`, name, 0, page.postIds.length), end_time: ctx.state.graphTime(end.getTime()) };
    });
    return { name, period, values, title: name, description: `Fake ${name}`, id: `${page.id}/insights/${name}/${period}` };
  });
  return { data, paging: {} };
}

// ---------------------------------------------------------------------------------------------
// Publishing

function publishable(ctx: GraphCtx, page: FbPage): void {
  requirePage(ctx, page.id, { pageToken: true });
  requireScopes(ctx, ['pages_manage_posts']);
}

function newPost(ctx: GraphCtx, page: FbPage, init: Omit<FbPost, 'id' | 'pageId' | 'createdAt' | 'deleted' | 'commentIds'>): FbPost {
  const post: FbPost = {
    id: `${page.id}_${ctx.state.ids.numeric('meta', '1', 16)}`,
    pageId: page.id,
    createdAt: ctx.state.now(),
    deleted: false,
    commentIds: [],
    ...init,
  };
  ctx.store.posts.set(post.id, post);
  page.postIds.unshift(post.id);
  return post;
}

function validateSchedule(ctx: GraphCtx, published: boolean): number | undefined {
  const raw = str(ctx.inc.params, 'scheduled_publish_time');
  if (raw === undefined) return undefined;
  if (published) throw gerr.param('(#100) You cannot specify a scheduled publish time on a published post');
  const t = /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  const delta = t - ctx.state.now();
  if (!Number.isFinite(t) || delta < 10 * 60_000 || delta > 30 * DAY_MS) {
    throw gerr.param('(#100) The specified scheduled publish time is invalid.');
  }
  return t;
}

function feedPost(ctx: GraphCtx, page: FbPage): Record<string, unknown> {
  publishable(ctx, page);
  const message = str(ctx.inc.params, 'message');
  const link = str(ctx.inc.params, 'link');
  const attached = arr(ctx.inc.params, 'attached_media') ?? [];
  const published = bool(ctx.inc.params, 'published') ?? true;
  if (!message && !link && attached.length === 0) throw gerr.param('(#100) Missing message or attachment');
  const scheduledAt = validateSchedule(ctx, published);
  if (message && published && ctx.store.lastFeedMessage.get(page.id) === message) {
    throw new GraphError(400, 506, '(#506) Duplicate status message');
  }
  const photoIds: string[] = [];
  for (const a of attached) {
    const fbid = typeof a === 'object' && a !== null ? String((a as Record<string, unknown>).media_fbid ?? '') : String(a);
    const photo = ctx.store.photos.get(fbid);
    if (!photo || photo.pageId !== page.id) throw gerr.param(`(#100) param attached_media[0] has invalid media_fbid ${fbid}`);
    if (photo.published) throw gerr.param('(#100) Photos must be uploaded with published=false to be attached');
    photoIds.push(fbid);
  }
  const post = newPost(ctx, page, {
    kind: photoIds.length > 0 ? 'album' : link ? 'link' : 'status',
    ...(message === undefined ? {} : { message }),
    ...(link === undefined ? {} : { link }),
    published,
    ...(scheduledAt === undefined ? {} : { scheduledAt }),
    photoIds,
  });
  for (const id of photoIds) {
    const p = ctx.store.photos.get(id);
    if (p) p.postId = post.id;
  }
  if (message && published) ctx.store.lastFeedMessage.set(page.id, message);
  ctx.state.record({ platform: 'facebook', kind: 'post', accountId: page.id, objectId: post.id, ...(message === undefined ? {} : { text: message }), data: { type: post.kind, link, published, scheduledAt, photoIds } });
  if (published) emitOwnFeed(ctx.state, page, post);
  return { id: post.id };
}

/** Meta also notifies subscribed apps of the Page's own posts and comments (feed, verb add). */
export function emitOwnFeed(state: FakeState, page: FbPage, post: FbPost): void {
  emitMeta(state, {
    platform: 'facebook',
    entryId: page.id,
    field: 'feed',
    shape: 'changes',
    eventId: post.id,
    value: {
      from: { id: page.id, name: page.name },
      link: post.link,
      message: post.message,
      post_id: post.id,
      created_time: Math.floor(post.createdAt / 1000),
      item: post.kind === 'status' || post.kind === 'link' ? 'status' : post.kind === 'album' || post.kind === 'photo' ? 'photo' : 'video',
      published: 1,
      verb: 'add',
    },
  });
}

function photoPost(ctx: GraphCtx, page: FbPage): Record<string, unknown> {
  publishable(ctx, page);
  const url = str(ctx.inc.params, 'url');
  const file = ctx.inc.files.source;
  if (!url && !file) throw new GraphError(400, 324, '(#324) Requires upload file');
  const caption = str(ctx.inc.params, 'caption') ?? str(ctx.inc.params, 'message');
  const published = bool(ctx.inc.params, 'published') ?? true;
  const photoId = ctx.state.ids.numeric('meta', '1', 16);
  ctx.store.photos.set(photoId, {
    id: photoId,
    pageId: page.id,
    ...(url === undefined ? {} : { url }),
    ...(file ? { uploadedBytes: file.size } : {}),
    ...(caption === undefined ? {} : { caption }),
    published,
    createdAt: ctx.state.now(),
  });
  if (!published) {
    ctx.state.record({ platform: 'facebook', kind: 'media_upload', accountId: page.id, objectId: photoId, data: { type: 'photo', url, bytes: file?.size } });
    return { id: photoId };
  }
  const post = newPost(ctx, page, { kind: 'photo', ...(caption === undefined ? {} : { message: caption }), published: true, photoIds: [photoId] });
  const photo = ctx.store.photos.get(photoId);
  if (photo) photo.postId = post.id;
  ctx.state.record({ platform: 'facebook', kind: 'post', accountId: page.id, objectId: post.id, ...(caption === undefined ? {} : { text: caption }), data: { type: 'photo', url, bytes: file?.size, photoId } });
  emitOwnFeed(ctx.state, page, post);
  return { id: photoId, post_id: post.id };
}

function videoPost(ctx: GraphCtx, page: FbPage): Record<string, unknown> {
  publishable(ctx, page);
  const fileUrl = str(ctx.inc.params, 'file_url');
  const file = ctx.inc.files.source;
  if (!fileUrl && !file) throw new GraphError(400, 390, '(#390) There was a problem uploading your video file. Please try again.');
  const description = str(ctx.inc.params, 'description');
  const title = str(ctx.inc.params, 'title');
  const published = bool(ctx.inc.params, 'published') ?? true;
  const failed = !!fileUrl && /fail|error/i.test(fileUrl);
  const v: FbVideo = {
    id: ctx.state.ids.numeric('meta', '1', 16),
    pageId: page.id,
    kind: 'video',
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    ...(fileUrl === undefined ? {} : { fileUrl }),
    uploadedBytes: file?.size ?? 1_048_576,
    phase: published ? 'published' : 'draft',
    createdAt: ctx.state.now(),
    readyAt: ctx.state.now() + ctx.state.config.processing.fbVideoMs,
    failed,
  };
  ctx.store.videos.set(v.id, v);
  if (published && !failed) {
    const post = newPost(ctx, page, { kind: 'video', ...(description === undefined ? {} : { message: description }), published: true, photoIds: [], videoId: v.id });
    v.postId = post.id;
    ctx.state.record({ platform: 'facebook', kind: 'post', accountId: page.id, objectId: post.id, ...(description === undefined ? {} : { text: description }), data: { type: 'video', videoId: v.id, fileUrl, bytes: file?.size } });
  }
  return { id: v.id };
}

function reelsPhase(ctx: GraphCtx, page: FbPage): Record<string, unknown> {
  publishable(ctx, page);
  const phase = requireParam(ctx, 'upload_phase');
  if (phase === 'start') {
    const v: FbVideo = {
      id: ctx.state.ids.numeric('meta', '1', 16),
      pageId: page.id,
      kind: 'reel',
      uploadedBytes: 0,
      phase: 'started',
      createdAt: ctx.state.now(),
      failed: false,
    };
    ctx.store.videos.set(v.id, v);
    return { video_id: v.id, upload_url: `${ctx.state.config.publicUrl}/rupload/video-upload/${ctx.version}/${v.id}` };
  }
  if (phase === 'finish') {
    const videoId = requireParam(ctx, 'video_id');
    const v = ctx.store.videos.get(videoId);
    if (!v || v.pageId !== page.id || v.kind !== 'reel') throw gerr.param(`(#100) Invalid video_id ${videoId}`);
    if (v.phase === 'started') throw new GraphError(400, 6000, 'There was a problem uploading your video file. Please try again with another file.', { subcode: 1363130, userTitle: 'Video Upload Incomplete', userMsg: 'The video was not uploaded before finishing.' });
    if (v.phase === 'published') throw gerr.param('(#100) This video has already been published');
    const state = str(ctx.inc.params, 'video_state') ?? 'PUBLISHED';
    const description = str(ctx.inc.params, 'description');
    if (description !== undefined) v.description = description;
    if (state === 'PUBLISHED') {
      spend(ctx, `meta:reels:${page.id}`, ctx.state.config.limits.meta.fbReels, () => gerr.param('(#100) This Page has reached the limit of reels it can publish in 24 hours'));
      v.phase = 'published';
      v.readyAt = ctx.state.now() + ctx.state.config.processing.fbVideoMs;
      const post = newPost(ctx, page, { kind: 'reel', ...(description === undefined ? {} : { message: description }), published: true, photoIds: [], videoId: v.id });
      v.postId = post.id;
      ctx.state.record({ platform: 'facebook', kind: 'post', accountId: page.id, objectId: post.id, ...(description === undefined ? {} : { text: description }), data: { type: 'reel', videoId: v.id, fileUrl: v.fileUrl, bytes: v.uploadedBytes } });
    } else {
      v.phase = 'draft';
      v.readyAt = ctx.state.now() + ctx.state.config.processing.fbVideoMs;
    }
    return { success: true };
  }
  throw gerr.param(`(#100) upload_phase must be one of the following values: start, transfer, finish`);
}

export function ruploadVideo(ctx: GraphCtx, videoId: string): Record<string, unknown> {
  const v = ctx.store.videos.get(videoId);
  const token = requireToken(ctx);
  if (!v || !canManagePage(ctx.store, token, v.pageId)) {
    throw new GraphError(400, 6000, 'There was a problem uploading your video file. Please try again with another file.', { subcode: 1363019 });
  }
  const fileUrl = (ctx.inc.headers['file_url'] as string | undefined) ?? (ctx.inc.headers['file-url'] as string | undefined);
  if (fileUrl) {
    v.fileUrl = fileUrl;
    v.uploadedBytes = 5_242_880;
    if (/fail|error/i.test(fileUrl)) v.failed = true;
  } else {
    const offset = Number(ctx.inc.headers['offset'] ?? 0);
    v.uploadedBytes = offset + ctx.inc.raw.length;
    if (ctx.inc.raw.length === 0) throw new GraphError(400, 6000, 'There was a problem uploading your video file. Please try again with another file.', { subcode: 1363130 });
  }
  v.phase = v.phase === 'started' ? 'uploaded' : v.phase;
  ctx.state.record({ platform: 'facebook', kind: 'media_upload', accountId: v.pageId, objectId: v.id, data: { type: 'reel', fileUrl, bytes: v.uploadedBytes } });
  return { success: true };
}

// ---------------------------------------------------------------------------------------------
// Comments and moderation

function addPageComment(ctx: GraphCtx, targetId: string): Record<string, unknown> {
  const s = ctx.store;
  const target = s.posts.get(targetId) ?? s.comments.get(targetId);
  if (!target) throw gerr.unsupported('post', targetId);
  const pageId = target.pageId;
  const page = requirePage(ctx, pageId, { pageToken: true });
  requireScopes(ctx, ['pages_manage_engagement']);
  const message = str(ctx.inc.params, 'message');
  const attachmentUrl = str(ctx.inc.params, 'attachment_url');
  if (!message && !attachmentUrl) throw gerr.param('(#100) Missing message or attachment');
  let postId: string;
  let parentId: string | null = null;
  if ('postId' in target) {
    postId = target.postId;
    parentId = target.parentId ?? target.id; // replies to replies stay in the top-level thread
    if (target.deleted) throw gerr.unsupported('post', targetId);
  } else {
    postId = target.id;
  }
  const post = s.posts.get(postId);
  const c: FbComment = {
    id: `${postId.split('_')[1]}_${ctx.state.ids.numeric('meta', '1', 16)}`,
    postId,
    pageId,
    parentId,
    from: { id: page.id, name: page.name },
    fromPage: true,
    message: message ?? '',
    createdAt: ctx.state.now(),
    hidden: false,
    deleted: false,
    replyIds: [],
    likeCount: 0,
    ...(attachmentUrl === undefined ? {} : { attachmentUrl }),
  };
  s.comments.set(c.id, c);
  if (parentId) s.comments.get(parentId)?.replyIds.push(c.id);
  else post?.commentIds.push(c.id);
  ctx.state.record({ platform: 'facebook', kind: 'comment_reply', accountId: page.id, objectId: c.id, targetId, ...(message === undefined ? {} : { text: message }), data: { postId, parentId } });
  emitMeta(ctx.state, {
    platform: 'facebook',
    entryId: page.id,
    field: 'feed',
    shape: 'changes',
    eventId: c.id,
    value: {
      from: { id: page.id, name: page.name },
      post: { status_type: 'mobile_status_update', is_published: true, updated_time: ctx.state.graphTime(), permalink_url: post ? postPermalink(post) : undefined, promotion_status: 'inactive', id: postId },
      message: c.message,
      post_id: postId,
      comment_id: c.id,
      created_time: Math.floor(c.createdAt / 1000),
      item: 'comment',
      parent_id: parentId ?? postId,
      verb: 'add',
    },
  });
  return { id: c.id };
}

function moderateComment(ctx: GraphCtx, c: FbComment): Record<string, unknown> {
  const page = requirePage(ctx, c.pageId, { pageToken: true });
  requireScopes(ctx, ['pages_manage_engagement'], ['pages_read_user_content', 'pages_manage_engagement']);
  const hide = bool(ctx.inc.params, 'is_hidden');
  const message = str(ctx.inc.params, 'message');
  if (hide !== undefined) {
    if (c.fromPage) throw gerr.param('(#100) The comment cannot be hidden because it was posted by the Page');
    if (c.hidden !== hide) {
      c.hidden = hide;
      ctx.state.record({ platform: 'facebook', kind: hide ? 'comment_hidden' : 'comment_unhidden', accountId: page.id, targetId: c.id, text: c.message, data: { postId: c.postId } });
    }
    return { success: true };
  }
  if (message !== undefined) {
    if (!c.fromPage) throw new GraphError(403, 200, '(#200) Users can only edit their own comments');
    c.message = message;
    return { success: true };
  }
  throw gerr.param('(#100) No field to update was provided');
}

function deleteComment(ctx: GraphCtx, c: FbComment): Record<string, unknown> {
  const page = requirePage(ctx, c.pageId, { pageToken: true });
  requireScopes(ctx, ['pages_manage_engagement']);
  if (c.deleted) throw gerr.unsupported('delete', c.id);
  c.deleted = true;
  ctx.state.record({ platform: 'facebook', kind: 'comment_deleted', accountId: page.id, targetId: c.id, text: c.message, data: { postId: c.postId, fromPage: c.fromPage } });
  return { success: true };
}

// ---------------------------------------------------------------------------------------------
// Messenger send API (also IG messaging through the linked Page)

export function sendMessage(ctx: GraphCtx, accountId: string, via: 'page' | 'instagram_login'): Record<string, unknown> {
  const s = ctx.store;
  const recipient = ctx.inc.params.recipient === undefined ? undefined : obj(ctx.inc.params, 'recipient');
  const message = obj(ctx.inc.params, 'message');
  const senderAction = str(ctx.inc.params, 'sender_action');
  if (!recipient) throw gerr.param('(#100) param recipient must be non-empty.');
  const text = message ? (typeof message.text === 'string' ? message.text : undefined) : undefined;
  const attachment = message?.attachment as Record<string, unknown> | undefined;
  if (!message && !senderAction) throw gerr.param('(#100) Must send either message or sender_action');
  if (text !== undefined && text.length > 2000) throw gerr.param('(#100) Length of param message[text] must be less than or equal to 2000');
  if (message && !text && !attachment) throw gerr.param('(#100) Must send either message text or attachment');

  // Private reply to a comment (Facebook or Instagram), once, within 7 days
  const commentId = typeof recipient.comment_id === 'string' ? recipient.comment_id : undefined;
  let conv: Conversation;
  let isPrivate = false;
  let platform: 'messenger' | 'instagram';
  if (commentId) {
    isPrivate = true;
    const fb = s.comments.get(commentId);
    const igc = s.igComments.get(commentId);
    if (fb && via === 'page') {
      const page = requirePage(ctx, accountId, { pageToken: true });
      requireScopes(ctx, ['pages_messaging']);
      if (fb.pageId !== page.id || fb.deleted) throw new GraphError(400, 100, '(#100) No matching user found', { subcode: 2018001 });
      if (fb.fromPage) throw new GraphError(400, 10903, '(#10903) This user cannot be replied to privately');
      if (fb.privateReplyAt !== undefined) throw new GraphError(400, 10900, '(#10900) Activity already replied to');
      if (ctx.state.now() - fb.createdAt > 7 * DAY_MS) throw new GraphError(400, 10903, '(#10903) This activity cannot be replied to privately: it is more than 7 days old');
      const c = s.citizens.get(fb.citizenKey ?? '') ?? citizen(ctx.state, { key: fb.from.id, name: fb.from.name });
      const psid = psidFor(ctx.state, page, c);
      conv = conversationFor(ctx.state, 'messenger', page.id, psid, c);
      fb.privateReplyAt = ctx.state.now();
      platform = 'messenger';
    } else if (igc) {
      const media = s.igMedia.get(igc.mediaId);
      const ig = media ? s.igUsers.get(media.igUserId) : undefined;
      if (!ig) throw new GraphError(400, 100, '(#100) No matching user found', { subcode: 2018001 });
      if (via === 'page') requirePage(ctx, accountId, { pageToken: true });
      if (via === 'page' && ig.pageId !== accountId) throw new GraphError(400, 100, '(#100) No matching user found', { subcode: 2018001 });
      if (via === 'instagram_login' && ig.id !== accountId) throw new GraphError(400, 100, '(#100) No matching user found', { subcode: 2018001 });
      ctx.igUserId = ig.id;
      requireScopes(ctx, ['instagram_manage_messages'], ['instagram_business_manage_messages']);
      if (igc.fromOwner || igc.deleted) throw new GraphError(400, 10903, '(#10903) This user cannot be replied to privately');
      if (igc.privateReplyAt !== undefined) throw new GraphError(400, 10900, '(#10900) Activity already replied to');
      if (ctx.state.now() - igc.createdAt > 7 * DAY_MS) throw new GraphError(400, 10903, '(#10903) This activity cannot be replied to privately: it is more than 7 days old');
      spend(ctx, `meta:igpr:${ig.id}`, ctx.state.config.limits.meta.igPrivateReply, () => new GraphError(400, 613, '(#613) Calls to this api have exceeded the rate limit.', { isTransient: true }));
      const c = s.citizens.get(igc.citizenKey ?? '') ?? citizen(ctx.state, { key: igc.from.id, username: igc.from.username });
      const igsid = igsidFor(ctx.state, ig, c);
      conv = conversationFor(ctx.state, 'instagram', ig.id, igsid, c, ig.pageId);
      igc.privateReplyAt = ctx.state.now();
      platform = 'instagram';
    } else {
      throw new GraphError(400, 100, '(#100) No matching user found', { subcode: 2018001 });
    }
  } else {
    const rid = typeof recipient.id === 'string' ? recipient.id : typeof recipient.id === 'number' ? String(recipient.id) : undefined;
    if (!rid) throw gerr.param('(#100) param recipient[id] must be a valid ID string');
    const scoped = s.scopedIds.get(rid);
    if (!scoped) throw new GraphError(400, 100, '(#100) No matching user found', { subcode: 2018001 });
    if (scoped.platform === 'messenger') {
      if (via !== 'page' || scoped.accountId !== accountId) throw new GraphError(400, 100, '(#100) No matching user found', { subcode: 2018001 });
      requirePage(ctx, accountId, { pageToken: true });
      requireScopes(ctx, ['pages_messaging']);
      platform = 'messenger';
    } else {
      const ig = s.igUsers.get(scoped.accountId);
      if (!ig) throw new GraphError(400, 100, '(#100) No matching user found', { subcode: 2018001 });
      if (via === 'page' && ig.pageId !== accountId) throw new GraphError(400, 100, '(#100) No matching user found', { subcode: 2018001 });
      if (via === 'instagram_login' && ig.id !== accountId) throw new GraphError(400, 100, '(#100) No matching user found', { subcode: 2018001 });
      if (via === 'page') requirePage(ctx, accountId, { pageToken: true });
      ctx.igUserId = ig.id;
      requireScopes(ctx, ['instagram_manage_messages'], ['instagram_business_manage_messages']);
      platform = 'instagram';
    }
    const c = s.citizens.get(scoped.citizenKey);
    const existing = [...s.conversations.values()].find((cv) => cv.platform === platform && cv.accountId === scoped.accountId && cv.userId === rid);
    if (!existing || !c) throw new GraphError(400, 100, '(#100) No matching user found', { subcode: 2018001 });
    conv = existing;
    if (senderAction) return { recipient_id: rid };
    // 24-hour standard messaging window; HUMAN_AGENT tag extends it to 7 days
    const messagingType = str(ctx.inc.params, 'messaging_type') ?? 'RESPONSE';
    const tag = str(ctx.inc.params, 'tag');
    const last = conv.lastInboundAt;
    const age = last === null ? Infinity : ctx.state.now() - last;
    if (age > DAY_MS) {
      const humanAgentOk = messagingType === 'MESSAGE_TAG' && tag === 'HUMAN_AGENT' && (ctx.app?.humanAgent ?? false) && age <= 7 * DAY_MS;
      if (!humanAgentOk) throw messengerWindowError();
    }
  }
  const sendKey = `meta:msg:${conv.accountId}`;
  spend(ctx, sendKey, ctx.state.config.limits.meta.messenger, () =>
    new GraphError(400, 80006, '(#80006) There have been too many messages sent to this Messenger account. Please wait a bit and try again.', { isTransient: true }),
  );
  const m: DmMessage = {
    id: messageId(ctx.state, platform),
    conversationId: conv.id,
    fromAccount: true,
    text: text ?? '',
    createdAt: ctx.state.now(),
    ...(attachment ? { attachments: [{ type: String(attachment.type ?? 'file'), url: String((attachment.payload as Record<string, unknown> | undefined)?.url ?? '') }] } : {}),
    ...(str(ctx.inc.params, 'tag') ? { tag: str(ctx.inc.params, 'tag') as string } : {}),
    ...(commentId ? { commentId } : {}),
  };
  s.messages.set(m.id, m);
  conv.messageIds.push(m.id);
  conv.updatedAt = m.createdAt;
  const recPlatform = platform === 'messenger' ? 'facebook' : 'instagram';
  ctx.state.record({
    platform: recPlatform,
    kind: isPrivate ? 'private_reply' : 'message',
    accountId: conv.accountId,
    objectId: m.id,
    targetId: commentId ?? conv.userId,
    text: m.text,
    data: { conversationId: conv.id, recipient: conv.userId, messagingType: str(ctx.inc.params, 'messaging_type'), tag: m.tag, attachment },
  });
  // message_echoes
  emitMeta(ctx.state, {
    platform: recPlatform,
    entryId: conv.accountId,
    field: platform === 'messenger' ? 'message_echoes' : 'messages',
    shape: 'messaging',
    eventId: m.id,
    value: {
      sender: { id: conv.accountId },
      recipient: { id: conv.userId },
      timestamp: m.createdAt,
      message: { mid: m.id, is_echo: true, app_id: Number(ctx.token?.appId ?? 0), text: m.text },
    },
  });
  return { recipient_id: conv.userId, message_id: m.id };
}

// ---------------------------------------------------------------------------------------------
// Node dispatch

const PAGE_DEFAULTS = ['name', 'id'];
const POST_DEFAULTS = ['created_time', 'message', 'id'];

export async function pageNode(ctx: GraphCtx, page: FbPage, edge: string | undefined, rest: string[]): Promise<unknown> {
  const m = ctx.inc.method;
  if (!edge) {
    requirePage(ctx, page.id);
    if (m === 'GET') return project(renderPage(ctx, page), 'Page', ctx.fields, PAGE_DEFAULTS);
    throw gerr.unsupported(m, page.id);
  }
  switch (`${m} ${edge}`) {
    case 'POST feed':
      return feedPost(ctx, page);
    case 'GET feed':
    case 'GET posts':
    case 'GET published_posts':
    case 'GET scheduled_posts':
    case 'GET tagged': {
      requirePage(ctx, page.id);
      requireScopes(ctx, ['pages_read_engagement']);
      const want = edge;
      const list = page.postIds
        .map((id) => ctx.store.posts.get(id))
        .filter((p): p is FbPost => !!p && !p.deleted)
        .filter((p) => (want === 'scheduled_posts' ? !p.published : p.published))
        .filter((p) => (want === 'tagged' ? !!p.author : want === 'feed' ? true : !p.author));
      return paginate(ctx, list, (p) => project(renderPost(ctx, p), 'Post', ctx.fields, POST_DEFAULTS));
    }
    case 'POST photos':
      return photoPost(ctx, page);
    case 'POST videos':
      return videoPost(ctx, page);
    case 'POST video_reels':
      return reelsPhase(ctx, page);
    case 'GET video_reels':
    case 'GET videos': {
      requirePage(ctx, page.id);
      const kind = edge === 'video_reels' ? 'reel' : 'video';
      const list = [...ctx.store.videos.values()].filter((v) => v.pageId === page.id && v.kind === kind).reverse();
      return paginate(ctx, list, (v) => project(renderVideo(ctx, v), 'Video', ctx.fields, ['id', 'description', 'updated_time']));
    }
    case 'GET photos': {
      requirePage(ctx, page.id);
      const list = [...ctx.store.photos.values()].filter((p) => p.pageId === page.id).reverse();
      return paginate(ctx, list, (p) => project({ id: p.id, name: p.caption, created_time: ctx.state.graphTime(p.createdAt), link: p.url }, 'Photo', ctx.fields, ['created_time', 'id']));
    }
    case 'POST messages':
      return sendMessage(ctx, page.id, 'page');
    case 'GET conversations': {
      requirePage(ctx, page.id, { pageToken: true });
      const platform = str(ctx.inc.params, 'platform') ?? 'messenger';
      if (platform !== 'messenger' && platform !== 'instagram') throw gerr.param('(#100) platform must be one of the following values: instagram, messenger');
      requireScopes(ctx, platform === 'messenger' ? ['pages_messaging'] : ['instagram_manage_messages']);
      const userId = str(ctx.inc.params, 'user_id');
      const accountId = platform === 'messenger' ? page.id : page.igUserId;
      const list = [...ctx.store.conversations.values()]
        .filter((c) => c.platform === platform && c.accountId === accountId && (!userId || c.userId === userId))
        .sort((a, b) => b.updatedAt - a.updatedAt);
      return paginate(ctx, list, (c) => project(renderConversation(ctx, c), 'Conversation', ctx.fields, ['id', 'updated_time']));
    }
    case 'GET insights':
      requirePage(ctx, page.id);
      requireScopes(ctx, ['read_insights'], ['pages_read_engagement']);
      return pageInsights(ctx, page);
    case 'POST subscribed_apps': {
      requirePage(ctx, page.id, { pageToken: true });
      requireScopes(ctx, ['pages_manage_metadata']);
      const fields = (str(ctx.inc.params, 'subscribed_fields') ?? '').split(',').map((f) => f.trim()).filter(Boolean);
      if (fields.length === 0) throw gerr.param('(#100) The parameter subscribed_fields is required');
      const appId = requireToken(ctx).appId;
      page.subscribedApps.set(appId, fields);
      ctx.state.record({ platform: 'facebook', kind: 'webhook_subscription', accountId: page.id, data: { appId, fields } });
      return { success: true };
    }
    case 'GET subscribed_apps': {
      requirePage(ctx, page.id, { pageToken: true });
      const data = [...page.subscribedApps].map(([appId, fields]) => {
        const app = ctx.store.apps.get(appId);
        return { category: 'Business', link: `https://www.facebook.com/apps/${appId}`, name: app?.name ?? appId, id: appId, subscribed_fields: fields };
      });
      return { data };
    }
    case 'DELETE subscribed_apps': {
      requirePage(ctx, page.id, { pageToken: true });
      page.subscribedApps.delete(requireToken(ctx).appId);
      return { success: true };
    }
    default:
      void rest;
      throw gerr.unsupported(m, `${page.id}/${edge}`);
  }
}

export async function postNode(ctx: GraphCtx, post: FbPost, edge: string | undefined, rest: string[]): Promise<unknown> {
  const m = ctx.inc.method;
  if (post.deleted) throw gerr.unsupported(m, post.id);
  if (!edge) {
    if (m === 'GET') {
      requirePage(ctx, post.pageId);
      return project(renderPost(ctx, post), 'Post', ctx.fields, POST_DEFAULTS);
    }
    if (m === 'DELETE') {
      requirePage(ctx, post.pageId, { pageToken: true });
      requireScopes(ctx, ['pages_manage_posts']);
      post.deleted = true;
      ctx.state.record({ platform: 'facebook', kind: 'post_deleted', accountId: post.pageId, targetId: post.id, ...(post.message === undefined ? {} : { text: post.message }), data: {} });
      return { success: true };
    }
    if (m === 'POST') {
      requirePage(ctx, post.pageId, { pageToken: true });
      requireScopes(ctx, ['pages_manage_posts']);
      const message = str(ctx.inc.params, 'message');
      if (message !== undefined) post.message = message;
      if (bool(ctx.inc.params, 'is_published') === true && !post.published) post.published = true;
      return { success: true };
    }
  }
  if (edge === 'comments') {
    if (m === 'GET') {
      requirePage(ctx, post.pageId);
      requireScopes(ctx, ['pages_read_engagement'], ['pages_read_user_content']);
      return commentsEdge(ctx, post.id, null, null);
    }
    if (m === 'POST') return addPageComment(ctx, post.id);
  }
  if (edge === 'insights' && m === 'GET') {
    requirePage(ctx, post.pageId);
    requireScopes(ctx, ['read_insights'], ['pages_read_engagement']);
    const metrics = rest[0] ? [rest[0]] : (str(ctx.inc.params, 'metric') ?? DEFAULT_POST_METRICS.join(',')).split(',').filter(Boolean);
    return postInsights(ctx, post, metrics);
  }
  if ((edge === 'reactions' || edge === 'likes') && m === 'GET') {
    requirePage(ctx, post.pageId);
    const r = renderPost(ctx, post)[edge] as (s: FieldSel) => unknown;
    return r({ name: edge, modifiers: { summary: str(ctx.inc.params, 'summary') ?? '' }, sub: null });
  }
  if (edge === 'attachments' && m === 'GET') {
    requirePage(ctx, post.pageId);
    const r = renderPost(ctx, post).attachments as (s: FieldSel) => unknown;
    return r({ name: edge, modifiers: {}, sub: ctx.fields });
  }
  throw gerr.unsupported(m, `${post.id}${edge ? '/' + edge : ''}`);
}

export async function commentNode(ctx: GraphCtx, c: FbComment, edge: string | undefined): Promise<unknown> {
  const m = ctx.inc.method;
  if (c.deleted) throw gerr.unsupported(m, c.id);
  if (!edge) {
    if (m === 'GET') {
      requirePage(ctx, c.pageId);
      return project(renderComment(ctx, c), 'Comment', ctx.fields, COMMENT_DEFAULTS);
    }
    if (m === 'POST') return moderateComment(ctx, c);
    if (m === 'DELETE') return deleteComment(ctx, c);
  }
  if (edge === 'comments') {
    if (m === 'GET') {
      requirePage(ctx, c.pageId);
      return commentsEdge(ctx, c.postId, c.parentId ?? c.id, null);
    }
    if (m === 'POST') return addPageComment(ctx, c.id);
  }
  if (edge === 'private_replies' && m === 'POST') {
    throw new GraphError(400, 12, '(#12) private_replies is deprecated for versions v3.3 and higher. Use the Send API with recipient.comment_id instead.');
  }
  throw gerr.unsupported(m, `${c.id}${edge ? '/' + edge : ''}`);
}

export async function videoNode(ctx: GraphCtx, v: FbVideo, edge: string | undefined): Promise<unknown> {
  requirePage(ctx, v.pageId);
  const m = ctx.inc.method;
  if (!edge && m === 'GET') return project(renderVideo(ctx, v), 'Video', ctx.fields, ['id', 'description', 'updated_time']);
  if (!edge && m === 'DELETE') {
    requirePage(ctx, v.pageId, { pageToken: true });
    ctx.store.videos.delete(v.id);
    if (v.postId) {
      const p = ctx.store.posts.get(v.postId);
      if (p) p.deleted = true;
    }
    return { success: true };
  }
  if (edge === 'insights' && m === 'GET') {
    const metrics = (str(ctx.inc.params, 'metric') ?? 'total_video_views').split(',');
    return { data: metrics.map((name) => ({ name, period: 'lifetime', values: [{ value: metric(ctx.state, v.id, name, v.createdAt, 0) }], title: name, description: name, id: `${v.id}/video_insights/${name}/lifetime` })) };
  }
  throw gerr.unsupported(m, v.id);
}

export async function photoNode(ctx: GraphCtx, photoId: string, edge: string | undefined): Promise<unknown> {
  const p = ctx.store.photos.get(photoId);
  if (!p) throw gerr.unsupported(ctx.inc.method, photoId);
  requirePage(ctx, p.pageId);
  if (!edge && ctx.inc.method === 'GET') {
    return project({ id: p.id, name: p.caption, created_time: ctx.state.graphTime(p.createdAt), link: p.url, images: p.url ? [{ source: p.url, width: 1080, height: 1080 }] : [] }, 'Photo', ctx.fields, ['created_time', 'id']);
  }
  if (!edge && ctx.inc.method === 'DELETE') {
    requirePage(ctx, p.pageId, { pageToken: true });
    ctx.store.photos.delete(p.id);
    return { success: true };
  }
  throw gerr.unsupported(ctx.inc.method, photoId);
}

export async function conversationNode(ctx: GraphCtx, conv: Conversation, edge: string | undefined): Promise<unknown> {
  if (conv.platform === 'messenger') requirePage(ctx, conv.accountId, { pageToken: true });
  else {
    const ig = ctx.store.igUsers.get(conv.accountId);
    if (!ig) throw gerr.unsupported(ctx.inc.method, conv.id);
    if (requireToken(ctx).family === 'instagram_login') {
      if (ctx.token?.subjectId !== ig.id) throw gerr.unsupported(ctx.inc.method, conv.id);
    } else if (ig.pageId) requirePage(ctx, ig.pageId, { pageToken: true });
  }
  if (ctx.inc.method !== 'GET') throw gerr.unsupported(ctx.inc.method, conv.id);
  const r = renderConversation(ctx, conv);
  if (!edge) return project(r, 'Conversation', ctx.fields, ['id', 'updated_time']);
  if (edge === 'messages') {
    const msgs = conv.messageIds.map((id) => ctx.store.messages.get(id)).filter((x): x is DmMessage => !!x && !x.deleted).reverse();
    return paginate(ctx, msgs, (x) => project(renderMessage(ctx, x), 'Message', ctx.fields, ['id', 'created_time']));
  }
  throw gerr.unsupported(ctx.inc.method, `${conv.id}/${edge}`);
}

export async function messageNode(ctx: GraphCtx, msg: DmMessage): Promise<unknown> {
  const conv = ctx.store.conversations.get(msg.conversationId);
  if (!conv) throw gerr.unsupported(ctx.inc.method, msg.id);
  await conversationNode(ctx, conv, undefined);
  return project(renderMessage(ctx, msg), 'Message', ctx.fields, ['id', 'created_time']);
}

