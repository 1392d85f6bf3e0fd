// Instagram part of the Meta fake: container -> status -> publish, publishing quota, comments and
// replies, hide/delete, mentions, tags, insights, and IG-login messaging/subscriptions.
import { bool, str } from '../../core/http.ts';
import type { GraphCtx } from './graph.ts';
import { GraphError, gerr, paginate, requireParam, requireScopes, spend } from './graph.ts';
import type { FieldSel, Renderable } from './fields.ts';
import { project } from './fields.ts';
import type { IgComment, IgContainer, IgMedia, IgUser } from './store.ts';
import { DAY_MS, igScopes, metric, requireIg } from './common.ts';
import { sendMessage, renderMessage } from './facebook.ts';
import { emitMeta } from './events.ts';

export function containerStatus(ctx: GraphCtx, c: IgContainer): 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED' {
  if (c.publishedMediaId) return 'PUBLISHED';
  if (c.failed) return 'ERROR';
  if (ctx.state.now() - c.createdAt > DAY_MS) return 'EXPIRED';
  if (c.resumable && !c.uploaded) return 'IN_PROGRESS';
  return ctx.state.now() >= c.readyAt ? 'FINISHED' : 'IN_PROGRESS';
}

function renderContainer(ctx: GraphCtx, c: IgContainer): Renderable {
  const code = containerStatus(ctx, c);
  const status = {
    IN_PROGRESS: 'In Progress',
    FINISHED: 'Finished',
    PUBLISHED: 'Published',
    EXPIRED: 'Expired: the container was not published within 24 hours',
    ERROR: 'Error: Media upload has failed with error code 2207026',
  }[code];
  return { id: c.id, status_code: code, status, copyright_check_status: { status: code === 'FINISHED' || code === 'PUBLISHED' ? 'completed' : 'in_progress', matches_found: false } };
}

export function renderIgUser(ctx: GraphCtx, ig: IgUser): Renderable {
  const mentioned = (sel: FieldSel, kind: 'comment' | 'media') => {
    const id = kind === 'comment' ? sel.modifiers.comment_id : sel.modifiers.media_id;
    if (!id) throw gerr.param(`(#100) ${kind === 'comment' ? 'comment_id' : 'media_id'} is required for mentioned_${kind}`);
    if (kind === 'comment') {
      const c = ctx.store.igComments.get(id);
      if (!c || !ig.mentionCommentIds.includes(id)) throw gerr.param(`(#100) The comment ${id} does not mention this account`);
      return project(renderIgComment(ctx, c), 'IGComment', sel.sub, ['id']);
    }
    const m = ctx.store.igMedia.get(id);
    if (!m || !ig.mentionMediaIds.includes(id)) throw gerr.param(`(#100) The media ${id} does not mention this account`);
    return project(renderIgMedia(ctx, m), 'IGMedia', sel.sub, ['id']);
  };
  return {
    id: ig.id,
    ig_id: Number(ig.id.slice(-10)),
    user_id: ig.id,
    username: ig.username,
    name: ig.name,
    account_type: 'BUSINESS',
    biography: `Akun resmi ${ig.name}`,
    followers_count: ig.followers,
    follows_count: 120,
    media_count: ig.mediaIds.length,
    profile_picture_url: `https://scontent.cdninstagram.com/fake/${ig.id}.jpg`,
    website: 'https://sumbarprov.go.id',
    mentioned_comment: (sel: FieldSel) => mentioned(sel, 'comment'),
    mentioned_media: (sel: FieldSel) => mentioned(sel, 'media'),
    media: (sel: FieldSel) => mediaEdge(ctx, ig, sel),
  };
}

export function renderIgMedia(ctx: GraphCtx, m: IgMedia): Renderable {
  const ig = ctx.store.igUsers.get(m.igUserId);
  const comments = () => m.commentIds.map((id) => ctx.store.igComments.get(id)).filter((c): c is IgComment => !!c && !c.deleted);
  return {
    id: m.id,
    caption: m.caption,
    media_type: m.mediaType,
    media_product_type: m.mediaProductType,
    media_url: m.mediaUrl,
    thumbnail_url: m.mediaType === 'VIDEO' ? `${m.mediaUrl ?? ''}#thumb` : undefined,
    permalink: m.permalink,
    shortcode: m.shortcode,
    timestamp: ctx.state.graphTime(m.createdAt),
    username: m.citizenUsername ?? ig?.username,
    like_count: m.likeCount,
    comments_count: comments().length + comments().reduce((n, c) => n + c.replyIds.length, 0),
    is_comment_enabled: true,
    owner: ig && !m.citizenUsername ? { id: ig.id } : undefined,
    children: (sel: FieldSel) => ({ data: m.children.map((id) => project({ id, media_type: 'IMAGE' }, 'IGMedia', sel.sub, ['id'])) }),
    comments: (sel: FieldSel) => paginate(ctx, comments(), (c) => project(renderIgComment(ctx, c), 'IGComment', sel.sub, ['timestamp', 'text', 'id']), { sel, basePath: `/${ctx.version}/${m.id}/comments` }),
  };
}

export function renderIgComment(ctx: GraphCtx, c: IgComment): Renderable {
  const media = ctx.store.igMedia.get(c.mediaId);
  const replies = () => c.replyIds.map((id) => ctx.store.igComments.get(id)).filter((r): r is IgComment => !!r && !r.deleted);
  return {
    id: c.id,
    text: c.text,
    timestamp: ctx.state.graphTime(c.createdAt),
    username: c.from.username,
    from: { id: c.from.id, username: c.from.username },
    user: c.fromOwner ? { id: c.from.id } : undefined,
    hidden: c.hidden,
    like_count: c.likeCount,
    parent_id: c.parentId ?? undefined,
    media: media ? { id: media.id, media_product_type: media.mediaProductType } : undefined,
    legacy_instagram_comment_id: undefined,
    replies: (sel: FieldSel) => paginate(ctx, replies(), (r) => project(renderIgComment(ctx, r), 'IGComment', sel.sub, ['timestamp', 'text', 'id']), { sel, basePath: `/${ctx.version}/${c.id}/replies` }),
  };
}

function mediaEdge(ctx: GraphCtx, ig: IgUser, sel: FieldSel | null): Record<string, unknown> {
  const list = ig.mediaIds.map((id) => ctx.store.igMedia.get(id)).filter((m): m is IgMedia => !!m && !m.deleted);
  return paginate(ctx, list, (m) => project(renderIgMedia(ctx, m), 'IGMedia', sel ? sel.sub : ctx.fields, ['id']), { ...(sel ? { sel } : {}), basePath: `/${ctx.version}/${ig.id}/media` });
}

// ---------------------------------------------------------------------------------------------
// Publishing

function createContainer(ctx: GraphCtx, ig: IgUser): Record<string, unknown> {
  requireScopes(ctx, ...igScopes(ctx, 'content_publish'));
  const p = ctx.inc.params;
  const imageUrl = str(p, 'image_url');
  const videoUrl = str(p, 'video_url');
  const isCarouselItem = bool(p, 'is_carousel_item') ?? false;
  let mediaType = (str(p, 'media_type') ?? (imageUrl ? 'IMAGE' : '')).toUpperCase();
  if (mediaType === 'VIDEO') {
    throw new GraphError(400, 100, 'The media type VIDEO is no longer supported for publishing. Please use REELS instead.', { subcode: 2207067, userTitle: 'Unsupported media type', userMsg: 'Use media_type=REELS to publish videos.' });
  }
  if (isCarouselItem && videoUrl && !str(p, 'media_type')) mediaType = 'VIDEO';
  if (!mediaType) throw gerr.param('(#100) The parameter image_url is required.');
  if (!['IMAGE', 'REELS', 'STORIES', 'CAROUSEL', 'VIDEO'].includes(mediaType)) throw gerr.param(`(#100) media_type must be one of IMAGE, REELS, STORIES, CAROUSEL`);
  const caption = str(p, 'caption');
  if (caption && caption.length > 2200) throw new GraphError(400, 100, 'The caption is too long.', { subcode: 2207010 });
  if (caption && (caption.match(/#/g)?.length ?? 0) > 30) throw new GraphError(400, 100, 'The caption contains too many hashtags.', { subcode: 2207010 });
  const resumable = str(p, 'upload_type') === 'resumable';
  let children: string[] = [];
  if (mediaType === 'IMAGE' && !imageUrl) throw gerr.param('(#100) The parameter image_url is required.');
  if ((mediaType === 'REELS' || (mediaType === 'VIDEO' && isCarouselItem)) && !videoUrl && !resumable) throw gerr.param('(#100) The parameter video_url is required.');
  if (mediaType === 'STORIES' && !imageUrl && !videoUrl) throw gerr.param('(#100) The parameter image_url or video_url is required.');
  if (mediaType === 'CAROUSEL') {
    children = (str(p, 'children') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (children.length < 2 || children.length > 10) throw new GraphError(400, 100, 'Carousels need between 2 and 10 children.', { subcode: 2207031 });
    for (const id of children) {
      const child = ctx.store.igContainers.get(id);
      if (!child || child.igUserId !== ig.id || !child.isCarouselItem) throw new GraphError(400, 100, `The carousel child ${id} is invalid.`, { subcode: 2207031 });
    }
  }
  const url = imageUrl ?? videoUrl ?? '';
  const failed = /fail|error/i.test(url) || (!!imageUrl && /\.(png|gif|webp|bmp)(\?|$)/i.test(imageUrl));
  const processing = mediaType === 'IMAGE' ? Math.min(300, ctx.state.config.processing.igContainerMs) : ctx.state.config.processing.igContainerMs;
  const c: IgContainer = {
    id: ctx.state.ids.numeric('meta', '179', 17),
    igUserId: ig.id,
    mediaType: mediaType as IgContainer['mediaType'],
    ...(imageUrl === undefined ? {} : { imageUrl }),
    ...(videoUrl === undefined ? {} : { videoUrl }),
    ...(caption === undefined ? {} : { caption }),
    ...(str(p, 'alt_text') === undefined ? {} : { altText: str(p, 'alt_text') as string }),
    children,
    isCarouselItem,
    shareToFeed: bool(p, 'share_to_feed') ?? true,
    createdAt: ctx.state.now(),
    readyAt: ctx.state.now() + processing,
    failed,
    resumable,
    uploaded: !resumable,
  };
  ctx.store.igContainers.set(c.id, c);
  if (resumable) return { id: c.id, uri: `${ctx.state.config.publicUrl}/rupload/ig-api-upload/${ctx.version}/${c.id}` };
  return { id: c.id };
}

export function ruploadIg(ctx: GraphCtx, containerId: string): Record<string, unknown> {
  const c = ctx.store.igContainers.get(containerId);
  if (!c) throw new GraphError(400, 100, 'The container does not exist', { subcode: 2207006 });
  requireIg(ctx, c.igUserId);
  const fileUrl = (ctx.inc.headers['file_url'] as string | undefined) ?? (ctx.inc.headers['file-url'] as string | undefined);
  if (!fileUrl && ctx.inc.raw.length === 0) throw new GraphError(400, 100, 'No video data received', { subcode: 2207026 });
  if (fileUrl) c.videoUrl = fileUrl;
  c.uploaded = true;
  c.readyAt = ctx.state.now() + ctx.state.config.processing.igContainerMs;
  ctx.state.record({ platform: 'instagram', kind: 'media_upload', accountId: c.igUserId, objectId: c.id, data: { fileUrl, bytes: ctx.inc.raw.length } });
  return { success: true, message: 'Upload successful.', id: c.id };
}

function publishContainer(ctx: GraphCtx, ig: IgUser): Record<string, unknown> {
  requireScopes(ctx, ...igScopes(ctx, 'content_publish'));
  const creationId = requireParam(ctx, 'creation_id');
  const c = ctx.store.igContainers.get(creationId);
  if (!c || c.igUserId !== ig.id) throw new GraphError(400, 100, `The media builder with creation id = ${creationId} does not exist or has been expired.`, { subcode: 2207008 });
  if (c.isCarouselItem) throw new GraphError(400, 100, 'Carousel items cannot be published on their own.', { subcode: 2207001 });
  const status = containerStatus(ctx, c);
  if (status === 'IN_PROGRESS') {
    throw new GraphError(400, 9007, 'Media ID is not available', { subcode: 2207027, userTitle: 'Media is not ready', userMsg: 'The media is not ready for publishing, please wait for a moment', isTransient: true });
  }
  if (status === 'EXPIRED') throw new GraphError(400, 100, `The media builder with creation id = ${creationId} does not exist or has been expired.`, { subcode: 2207008 });
  if (status === 'ERROR') throw new GraphError(400, 9004, 'Media upload has failed with error code 2207026', { subcode: 2207026, userTitle: 'Unsupported format', userMsg: 'The media could not be processed.' });
  if (status === 'PUBLISHED') throw new GraphError(400, 100, 'This media container has already been published.', { subcode: 2207004 });
  spend(ctx, `meta:igpub:${ig.id}`, ctx.state.config.limits.meta.igPublish, () =>
    new GraphError(400, 9, 'Application request limit reached', { subcode: 2207042, userTitle: 'Maximum posts reached', userMsg: 'You reached maximum number of posts that is allowed to be published by Content Publish API.' }),
  );
  const shortcode = ctx.state.ids.string(11);
  const productType = c.mediaType === 'REELS' ? 'REELS' : c.mediaType === 'STORIES' ? 'STORY' : 'FEED';
  const media: IgMedia = {
    id: ctx.state.ids.numeric('meta', '180', 17),
    igUserId: ig.id,
    mediaType: c.mediaType === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : c.videoUrl ? 'VIDEO' : 'IMAGE',
    mediaProductType: productType,
    ...(c.caption === undefined ? {} : { caption: c.caption }),
    ...(c.imageUrl ?? c.videoUrl ? { mediaUrl: (c.imageUrl ?? c.videoUrl) as string } : {}),
    permalink: `https://www.instagram.com/${productType === 'REELS' ? 'reel' : 'p'}/${shortcode}/`,
    shortcode,
    createdAt: ctx.state.now(),
    commentIds: [],
    likeCount: 0,
    children: c.children.map(() => ctx.state.ids.numeric('meta', '180', 17)),
    deleted: false,
  };
  ctx.store.igMedia.set(media.id, media);
  ig.mediaIds.unshift(media.id);
  c.publishedMediaId = media.id;
  ctx.state.record({
    platform: 'instagram',
    kind: 'post',
    accountId: ig.id,
    objectId: media.id,
    ...(c.caption === undefined ? {} : { text: c.caption }),
    data: { type: c.mediaType, containerId: c.id, imageUrl: c.imageUrl, videoUrl: c.videoUrl, children: c.children },
  });
  return { id: media.id };
}

// ---------------------------------------------------------------------------------------------
// Comments

function ownerComment(ctx: GraphCtx, ig: IgUser, media: IgMedia, parent: IgComment | null, text: string, targetId: string): IgComment {
  const c: IgComment = {
    id: ctx.state.ids.numeric('meta', '179', 17),
    mediaId: media.id,
    parentId: parent ? (parent.parentId ?? parent.id) : null,
    text,
    from: { id: ig.id, username: ig.username },
    fromOwner: true,
    createdAt: ctx.state.now(),
    hidden: false,
    deleted: false,
    replyIds: [],
    likeCount: 0,
  };
  ctx.store.igComments.set(c.id, c);
  if (c.parentId) ctx.store.igComments.get(c.parentId)?.replyIds.push(c.id);
  else media.commentIds.push(c.id);
  ctx.state.record({ platform: 'instagram', kind: 'comment_reply', accountId: ig.id, objectId: c.id, targetId, text, data: { mediaId: media.id, parentId: c.parentId } });
  // IG also notifies the app of the account's own comments
  emitMeta(ctx.state, {
    platform: 'instagram',
    entryId: ig.id,
    field: 'comments',
    shape: 'changes',
    eventId: c.id,
    value: {
      from: { id: ig.id, username: ig.username, self_ig_scoped_id: ig.id },
      media: { id: media.id, media_product_type: media.mediaProductType },
      id: c.id,
      ...(c.parentId ? { parent_id: c.parentId } : {}),
      text,
    },
  });
  return c;
}

function igMessageParam(ctx: GraphCtx): string {
  const message = str(ctx.inc.params, 'message');
  if (!message) throw gerr.param('(#100) The parameter message is required.');
  if (message.length > 2200) throw gerr.param('(#100) The message is too long.');
  return message;
}

const MEDIA_METRICS = ['reach', 'likes', 'comments', 'shares', 'saved', 'total_interactions', 'views', 'profile_visits', 'follows', 'ig_reels_avg_watch_time', 'plays'];

function mediaInsights(ctx: GraphCtx, media: IgMedia): Record<string, unknown> {
  const metrics = (str(ctx.inc.params, 'metric') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (metrics.length === 0) throw gerr.param('(#100) The parameter metric is required.');
  const major = Number(/^v(\d+)/.exec(ctx.version)?.[1] ?? 23);
  const comments = media.commentIds.length;
  const data = metrics.map((name) => {
    if (name === 'impressions' && major >= 22) {
      throw new GraphError(400, 100, '(#100) Starting from version v22.0 and above, the impressions metric is no longer supported for media objects. Please use views instead.');
    }
    if (!MEDIA_METRICS.includes(name) && name !== 'impressions') {
      throw gerr.param(`(#100) metric[0] must be one of the following values: ${MEDIA_METRICS.join(', ')}`);
    }
    const reach = metric(ctx.state, media.id, 'reach', media.createdAt, comments);
    const value =
      name === 'reach' ? reach
      : name === 'views' || name === 'impressions' || name === 'plays' ? Math.round(reach * 1.6)
      : name === 'comments' ? comments
      : name === 'likes' ? media.likeCount + (metric(ctx.state, media.id, 'likes', media.createdAt, comments) % 200)
      : name === 'total_interactions' ? comments + media.likeCount + (metric(ctx.state, media.id, 'ti', media.createdAt, comments) % 250)
      : metric(ctx.state, media.id, name, media.createdAt, comments) % 60;
    return { name, period: 'lifetime', values: [{ value }], title: name, description: `Fake ${name}`, id: `${media.id}/insights/${name}/lifetime` };
  });
  return { data };
}

function userInsights(ctx: GraphCtx, ig: IgUser): Record<string, unknown> {
  const metrics = (str(ctx.inc.params, 'metric') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (metrics.length === 0) throw gerr.param('(#100) The parameter metric is required.');
  const period = str(ctx.inc.params, 'period') ?? 'day';
  const allowed = ['reach', 'follower_count', 'profile_views', 'accounts_engaged', 'total_interactions', 'views', 'likes', 'comments', 'shares', 'website_clicks'];
  const data = metrics.map((name) => {
    if (!allowed.includes(name)) throw gerr.param(`(#100) metric[0] must be one of the following values: ${allowed.join(', ')}`);
    const value = metric(ctx.state, `${ig.id}:${new Date(ctx.state.now()).toISOString().slice(0, 10)}`, name, 0, ig.mediaIds.length);
    return str(ctx.inc.params, 'metric_type') === 'total_value'
      ? { name, period, title: name, description: `Fake ${name}`, total_value: { value }, id: `${ig.id}/insights/${name}/${period}` }
      : { name, period, values: [{ value, end_time: ctx.state.graphTime() }], title: name, description: `Fake ${name}`, id: `${ig.id}/insights/${name}/${period}` };
  });
  return { data, paging: {} };
}

// ---------------------------------------------------------------------------------------------
// Node dispatch

export async function igUserNode(ctx: GraphCtx, ig: IgUser, edge: string | undefined): Promise<unknown> {
  requireIg(ctx, ig.id);
  const m = ctx.inc.method;
  if (!edge) {
    if (m === 'GET') {
      requireScopes(ctx, ...igScopes(ctx, 'basic'));
      return project(renderIgUser(ctx, ig), 'IGUser', ctx.fields, ctx.token?.family === 'instagram_login' ? ['id', 'user_id', 'username'] : ['id']);
    }
    throw gerr.unsupported(m, ig.id);
  }
  switch (`${m} ${edge}`) {
    case 'GET media':
      requireScopes(ctx, ...igScopes(ctx, 'basic'));
      return mediaEdge(ctx, ig, null);
    case 'POST media':
      return createContainer(ctx, ig);
    case 'POST media_publish':
      return publishContainer(ctx, ig);
    case 'GET content_publishing_limit': {
      const r = ctx.state.limiter.peek(`meta:igpub:${ig.id}`, ctx.state.config.limits.meta.igPublish);
      const rule = ctx.state.config.limits.meta.igPublish;
      return { data: [{ quota_usage: r.used, config: { quota_total: rule.limit, quota_duration: Math.round(rule.windowMs / 1000) } }] };
    }
    case 'POST mentions': {
      requireScopes(ctx, ...igScopes(ctx, 'manage_comments'));
      const mediaId = requireParam(ctx, 'media_id');
      const commentId = str(ctx.inc.params, 'comment_id');
      const message = igMessageParam(ctx);
      const media = ctx.store.igMedia.get(mediaId);
      const mentioned = ig.mentionMediaIds.includes(mediaId) || (commentId !== undefined && ig.mentionCommentIds.includes(commentId));
      if (!media || !mentioned) throw gerr.param(`(#100) The media ${mediaId} does not mention this account`);
      const parent = commentId ? ctx.store.igComments.get(commentId) ?? null : null;
      if (commentId && !parent) throw gerr.param(`(#100) Invalid comment_id ${commentId}`);
      const c = ownerComment(ctx, ig, media, parent, message, commentId ?? mediaId);
      return { id: c.id };
    }
    case 'GET tags': {
      requireScopes(ctx, ...igScopes(ctx, 'basic'));
      const list = ig.mentionMediaIds.map((id) => ctx.store.igMedia.get(id)).filter((x): x is IgMedia => !!x);
      return paginate(ctx, list, (x) => project(renderIgMedia(ctx, x), 'IGMedia', ctx.fields, ['id']));
    }
    case 'GET insights':
      requireScopes(ctx, ...igScopes(ctx, 'manage_insights'));
      return userInsights(ctx, ig);
    case 'POST messages':
      if (ctx.token?.family === 'instagram_login') return sendMessage(ctx, ig.id, 'instagram_login');
      if (!ig.pageId) throw gerr.unsupported(m, `${ig.id}/messages`);
      return sendMessage(ctx, ig.pageId, 'page');
    case 'GET conversations': {
      requireScopes(ctx, ...igScopes(ctx, 'manage_messages'));
      const userId = str(ctx.inc.params, 'user_id');
      const list = [...ctx.store.conversations.values()].filter((c) => c.platform === 'instagram' && c.accountId === ig.id && (!userId || c.userId === userId)).sort((a, b) => b.updatedAt - a.updatedAt);
      return paginate(ctx, list, (c) => {
        const msgs = () => c.messageIds.map((id) => ctx.store.messages.get(id)).filter((x) => !!x && !x.deleted).reverse();
        return project(
          {
            id: c.id,
            updated_time: ctx.state.graphTime(c.updatedAt),
            participants: { data: [{ username: c.userName, id: c.userId }, { username: ig.username, id: ig.id }] },
            messages: (sel: FieldSel) => paginate(ctx, msgs(), (x) => project(renderMessage(ctx, x!), 'Message', sel.sub, ['id', 'created_time']), { sel, basePath: `/${ctx.version}/${c.id}/messages` }),
          },
          'Conversation',
          ctx.fields,
          ['id', 'updated_time'],
        );
      });
    }
    case 'POST subscribed_apps': {
      if (ctx.token?.family !== 'instagram_login') throw gerr.unsupported(m, `${ig.id}/subscribed_apps`);
      const fields = (str(ctx.inc.params, 'subscribed_fields') ?? '').split(',').map((f) => f.trim()).filter(Boolean);
      if (fields.length === 0) throw gerr.param('(#100) The parameter subscribed_fields is required');
      ig.subscribedFields = fields;
      ctx.state.record({ platform: 'instagram', kind: 'webhook_subscription', accountId: ig.id, data: { appId: ig.appId, fields } });
      return { success: true };
    }
    case 'GET subscribed_apps':
      if (ctx.token?.family !== 'instagram_login') throw gerr.unsupported(m, `${ig.id}/subscribed_apps`);
      return { data: ig.subscribedFields ? [{ id: ig.appId, name: ctx.store.apps.get(ig.appId)?.name, subscribed_fields: ig.subscribedFields }] : [] };
    case 'DELETE subscribed_apps':
      if (ctx.token?.family !== 'instagram_login') throw gerr.unsupported(m, `${ig.id}/subscribed_apps`);
      ig.subscribedFields = null;
      return { success: true };
    default:
      throw gerr.unsupported(m, `${ig.id}/${edge}`);
  }
}

export async function igContainerNode(ctx: GraphCtx, c: IgContainer, edge: string | undefined): Promise<unknown> {
  requireIg(ctx, c.igUserId);
  if (edge || ctx.inc.method !== 'GET') throw gerr.unsupported(ctx.inc.method, c.id);
  return project(renderContainer(ctx, c), 'ShadowIGMediaBuilder', ctx.fields, ['id']);
}

export async function igMediaNode(ctx: GraphCtx, media: IgMedia, edge: string | undefined): Promise<unknown> {
  const m = ctx.inc.method;
  if (media.deleted) throw gerr.unsupported(m, media.id);
  // media of citizens (mentions) can be read by the mentioned account
  const ownerId = media.citizenUsername ? [...ctx.store.igUsers.values()].find((u) => u.mentionMediaIds.includes(media.id))?.id : media.igUserId;
  if (!ownerId) throw gerr.unsupported(m, media.id);
  const ig = requireIg(ctx, ownerId);
  if (!edge) {
    if (m === 'GET') return project(renderIgMedia(ctx, media), 'IGMedia', ctx.fields, ['id']);
    if (m === 'POST') {
      const enabled = bool(ctx.inc.params, 'comment_enabled');
      if (enabled === undefined) throw gerr.param('(#100) The parameter comment_enabled is required');
      return { success: true };
    }
    throw gerr.unsupported(m, media.id);
  }
  if (edge === 'comments') {
    if (m === 'GET') {
      requireScopes(ctx, ...igScopes(ctx, 'basic'));
      const list = media.commentIds.map((id) => ctx.store.igComments.get(id)).filter((c): c is IgComment => !!c && !c.deleted);
      return paginate(ctx, list, (c) => project(renderIgComment(ctx, c), 'IGComment', ctx.fields, ['timestamp', 'text', 'id']));
    }
    if (m === 'POST') {
      requireScopes(ctx, ...igScopes(ctx, 'manage_comments'));
      if (media.citizenUsername) throw gerr.param('(#100) Use the /mentions edge to comment on media that mention you');
      const c = ownerComment(ctx, ig, media, null, igMessageParam(ctx), media.id);
      return { id: c.id };
    }
  }
  if (edge === 'insights' && m === 'GET') {
    requireScopes(ctx, ...igScopes(ctx, 'manage_insights'));
    return mediaInsights(ctx, media);
  }
  if (edge === 'children' && m === 'GET') {
    return { data: media.children.map((id) => ({ id })) };
  }
  throw gerr.unsupported(m, `${media.id}/${edge}`);
}

export async function igCommentNode(ctx: GraphCtx, c: IgComment, edge: string | undefined): Promise<unknown> {
  const m = ctx.inc.method;
  const media = ctx.store.igMedia.get(c.mediaId);
  if (!media || c.deleted) throw gerr.unsupported(m, c.id);
  const ownerId = media.citizenUsername ? [...ctx.store.igUsers.values()].find((u) => u.mentionCommentIds.includes(c.id) || u.mentionMediaIds.includes(media.id))?.id : media.igUserId;
  if (!ownerId) throw gerr.unsupported(m, c.id);
  const ig = requireIg(ctx, ownerId);
  if (!edge) {
    if (m === 'GET') {
      requireScopes(ctx, ...igScopes(ctx, 'basic'));
      return project(renderIgComment(ctx, c), 'IGComment', ctx.fields, ['timestamp', 'text', 'id']);
    }
    if (m === 'POST') {
      requireScopes(ctx, ...igScopes(ctx, 'manage_comments'));
      const hide = bool(ctx.inc.params, 'hide');
      if (hide === undefined) throw gerr.param('(#100) The parameter hide is required');
      if (c.fromOwner) throw new GraphError(400, 100, 'Comments posted by the media owner cannot be hidden.', { subcode: 2207045 });
      if (c.hidden !== hide) {
        c.hidden = hide;
        ctx.state.record({ platform: 'instagram', kind: hide ? 'comment_hidden' : 'comment_unhidden', accountId: ig.id, targetId: c.id, text: c.text, data: { mediaId: c.mediaId } });
      }
      return { success: true };
    }
    if (m === 'DELETE') {
      requireScopes(ctx, ...igScopes(ctx, 'manage_comments'));
      if (media.citizenUsername && !c.fromOwner) throw new GraphError(403, 200, '(#200) You can only delete comments on your own media');
      c.deleted = true;
      ctx.state.record({ platform: 'instagram', kind: 'comment_deleted', accountId: ig.id, targetId: c.id, text: c.text, data: { mediaId: c.mediaId, fromOwner: c.fromOwner } });
      return { success: true };
    }
  }
  if (edge === 'replies') {
    if (m === 'GET') {
      requireScopes(ctx, ...igScopes(ctx, 'basic'));
      const list = c.replyIds.map((id) => ctx.store.igComments.get(id)).filter((r): r is IgComment => !!r && !r.deleted);
      return paginate(ctx, list, (r) => project(renderIgComment(ctx, r), 'IGComment', ctx.fields, ['timestamp', 'text', 'id']));
    }
    if (m === 'POST') {
      requireScopes(ctx, ...igScopes(ctx, 'manage_comments'));
      if (media.citizenUsername) throw gerr.param('(#100) Use the /mentions edge to reply to comments that mention you');
      const r = ownerComment(ctx, ig, media, c, igMessageParam(ctx), c.id);
      return { id: r.id };
    }
  }
  throw gerr.unsupported(m, `${c.id}/${edge}`);
}
