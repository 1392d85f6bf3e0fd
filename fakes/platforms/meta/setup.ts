// Control-side operations of the Meta fake: create apps, Pages, Instagram and WhatsApp accounts
// with tokens, and inject citizen actions (comments, mentions, DMs, WhatsApp messages) that are
// then delivered as signed webhooks.
import { createHash } from 'node:crypto';
import { CITIZEN_PHOTO_JPEG } from '../../core/sample-photo.ts';
import type { FakeState } from '../../core/state.ts';
import type { Token } from '../../core/tokens.ts';
import type { CitizenInput } from './common.ts';
import { citizen, conversationFor, igsidFor, messageId, normalizeWaId, psidFor } from './common.ts';
import { emitMeta } from './events.ts';
import { pageTokenFor } from './facebook.ts';
import type { DmMessage, FbComment, FbPage, FbPost, IgComment, IgMedia, IgUser, MetaApp, MetaUser, Waba, WaMessage, WaPhone } from './store.ts';
import { defaultTemplates, wamid } from './whatsapp.ts';

export const FB_SCOPES = [
  'pages_show_list',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_posts',
  'pages_manage_engagement',
  'pages_messaging',
  'pages_manage_metadata',
  'read_insights',
  'business_management',
];
export const IG_FB_SCOPES = ['instagram_basic', 'instagram_content_publish', 'instagram_manage_comments', 'instagram_manage_messages', 'instagram_manage_insights'];
export const IG_LOGIN_SCOPES = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_comments',
  'instagram_business_manage_messages',
  'instagram_business_manage_insights',
];
export const WA_SCOPES = ['whatsapp_business_messaging', 'whatsapp_business_management', 'business_management'];

export interface MetaAppInput {
  id?: string;
  secret?: string;
  name?: string;
  kind?: 'facebook' | 'instagram';
  requireProof?: boolean;
  humanAgent?: boolean;
  verifyToken?: string;
  redirectUris?: string[];
  /** create app-level webhook subscriptions pointing at the webhook target (default true) */
  subscribe?: boolean;
}

export function createMetaApp(state: FakeState, input: MetaAppInput = {}): MetaApp {
  const kind = input.kind ?? 'facebook';
  const app: MetaApp = {
    id: input.id ?? state.ids.numeric('meta', '1', 15),
    secret: input.secret ?? state.ids.hex(32),
    name: input.name ?? (kind === 'facebook' ? 'Dayung' : 'Dayung IG'),
    kind,
    requireProof: input.requireProof ?? false,
    humanAgent: input.humanAgent ?? true,
    redirectUris: input.redirectUris ?? [],
    subscriptions: {},
  };
  const verifyToken = input.verifyToken ?? 'fake-meta-verify-token';
  if (input.subscribe ?? true) {
    if (kind === 'facebook') {
      app.subscriptions.page = { object: 'page', callbackUrl: null, verifyToken, fields: ['feed', 'messages', 'message_echoes', 'messaging_postbacks', 'mention'], active: true, includeValues: true };
      app.subscriptions.whatsapp_business_account = { object: 'whatsapp_business_account', callbackUrl: null, verifyToken, fields: ['messages'], active: true, includeValues: true };
    }
    app.subscriptions.instagram = { object: 'instagram', callbackUrl: null, verifyToken, fields: ['comments', 'live_comments', 'mentions', 'messages'], active: true, includeValues: true };
  }
  state.meta.apps.set(app.id, app);
  return app;
}

function adminUser(state: FakeState, input: { userId?: string; userName?: string; pageName?: string }): MetaUser {
  if (input.userId) {
    const u = state.meta.users.get(input.userId);
    if (u) return u;
  }
  const user: MetaUser = { id: input.userId ?? state.ids.numeric('meta', '10', 15), name: input.userName ?? (input.pageName ? `Admin ${input.pageName}` : 'Admin Dayung'), pageIds: [], wabaIds: [], system: false };
  state.meta.users.set(user.id, user);
  return user;
}

function userToken(state: FakeState, app: MetaApp, user: MetaUser, scopes: string[], ttlSec: number | null | undefined): Token {
  const existing = state.tokens.find((t) => t.family === 'meta' && t.kind === (user.system ? 'system_user' : 'user') && t.subjectId === user.id && t.appId === app.id && !t.revoked);
  const ttl = ttlSec === undefined ? (user.system ? null : state.config.tokenTtl.metaLongUser) : ttlSec;
  if (existing[0] && ttlSec === undefined) {
    for (const s of scopes) if (!existing[0].scopes.includes(s)) existing[0].scopes.push(s);
    return existing[0];
  }
  return state.tokens.issue({
    family: 'meta',
    kind: user.system ? 'system_user' : 'user',
    appId: app.id,
    subjectId: user.id,
    scopes,
    ttlSec: ttl,
    data: { longLived: true, dataAccessExpiresAt: state.nowSec() + 90 * 86400 },
  });
}

export interface PageInput {
  name: string;
  username?: string;
  category?: string;
  id?: string;
  appId?: string;
  userId?: string;
  userName?: string;
  scopes?: string[];
  /** user token lifetime (seconds; null = never). Page tokens derived from it never expire. */
  tokenTtlSec?: number | null;
  /** install the app on the Page (POST /{page-id}/subscribed_apps) (default true) */
  subscribe?: boolean;
  /** messages of posts that already exist on the Page */
  seedPosts?: string[];
  fanCount?: number;
}

export function createPage(state: FakeState, input: PageInput): { page: FbPage; user: MetaUser; userToken: Token; pageToken: Token; app: MetaApp } {
  const store = state.meta;
  const app = store.apps.get(input.appId ?? store.defaultAppId);
  if (!app) throw new Error(`unknown Meta app ${input.appId}`);
  const user = adminUser(state, { ...input, pageName: input.name });
  const page: FbPage = {
    id: input.id ?? state.ids.numeric('meta', '1', 15),
    name: input.name,
    category: input.category ?? 'Government Organization',
    username: input.username ?? input.name.toLowerCase().replace(/[^a-z0-9]+/g, '') ?? 'page',
    ownerUserId: user.id,
    subscribedApps: new Map(),
    postIds: [],
    conversationIds: [],
    fanCount: input.fanCount ?? 1000 + state.rng.int(0, 20_000),
    psids: new Map(),
  };
  store.pages.set(page.id, page);
  user.pageIds.push(page.id);
  if (input.subscribe ?? true) page.subscribedApps.set(app.id, ['feed', 'messages', 'message_echoes', 'messaging_postbacks', 'mention']);
  const ut = userToken(state, app, user, input.scopes ?? [...FB_SCOPES, ...IG_FB_SCOPES], input.tokenTtlSec);
  const pt = pageTokenFor(state, page, ut.value);
  const seeds = input.seedPosts ?? [];
  seeds.forEach((message, i) => {
    const post: FbPost = {
      id: `${page.id}_${state.ids.numeric('meta', '1', 16)}`,
      pageId: page.id,
      kind: 'status',
      message,
      createdAt: state.now() - (seeds.length - i) * 3_600_000,
      published: true,
      photoIds: [],
      deleted: false,
      commentIds: [],
    };
    store.posts.set(post.id, post);
    page.postIds.unshift(post.id);
  });
  return { page, user, userToken: ut, pageToken: pt, app };
}

export interface IgInput {
  username: string;
  name?: string;
  id?: string;
  /** link to this Page (Facebook-login flavour); omitted with loginType 'instagram' */
  pageId?: string;
  loginType?: 'facebook' | 'instagram';
  appId?: string;
  tokenTtlSec?: number | null;
  subscribe?: boolean;
  seedMedia?: string[];
  followers?: number;
}

export function createIgAccount(state: FakeState, input: IgInput): { ig: IgUser; token: Token } {
  const store = state.meta;
  const loginType = input.loginType ?? (input.pageId ? 'facebook' : 'instagram');
  const appId = input.appId ?? (loginType === 'instagram' ? store.defaultIgAppId : store.defaultAppId);
  const ig: IgUser = {
    id: input.id ?? state.ids.numeric('meta', '178414', 17),
    username: input.username.replace(/^@/, ''),
    name: input.name ?? input.username,
    appId,
    loginType,
    mediaIds: [],
    followers: input.followers ?? 500 + state.rng.int(0, 30_000),
    conversationIds: [],
    igsids: new Map(),
    subscribedFields: loginType === 'instagram' && (input.subscribe ?? true) ? ['comments', 'mentions', 'messages'] : null,
    mentionCommentIds: [],
    mentionMediaIds: [],
    ...(input.pageId === undefined ? {} : { pageId: input.pageId }),
  };
  store.igUsers.set(ig.id, ig);
  let token: Token;
  if (loginType === 'facebook') {
    const page = input.pageId ? store.pages.get(input.pageId) : undefined;
    if (!page) throw new Error('an Instagram account with Facebook Login needs an existing pageId');
    page.igUserId = ig.id;
    const pt = state.tokens.find((t) => t.kind === 'page' && t.subjectId === page.id && !t.revoked)[0];
    if (!pt) throw new Error('the linked Page has no Page token');
    token = pt;
  } else {
    token = state.tokens.issue({
      family: 'instagram_login',
      kind: 'ig_user',
      appId,
      subjectId: ig.id,
      scopes: IG_LOGIN_SCOPES,
      ttlSec: input.tokenTtlSec === undefined ? state.config.tokenTtl.instagramLong : input.tokenTtlSec,
      data: { longLived: true },
    });
  }
  const seeds = input.seedMedia ?? [];
  seeds.forEach((caption, i) => {
    const shortcode = state.ids.string(11);
    const media: IgMedia = {
      id: state.ids.numeric('meta', '180', 17),
      igUserId: ig.id,
      mediaType: 'IMAGE',
      mediaProductType: 'FEED',
      caption,
      mediaUrl: `https://scontent.cdninstagram.com/fake/${shortcode}.jpg`,
      permalink: `https://www.instagram.com/p/${shortcode}/`,
      shortcode,
      createdAt: state.now() - (seeds.length - i) * 3_600_000,
      commentIds: [],
      likeCount: state.rng.int(5, 300),
      children: [],
      deleted: false,
    };
    store.igMedia.set(media.id, media);
    ig.mediaIds.unshift(media.id);
  });
  return { ig, token };
}

export interface WaInput {
  displayPhoneNumber: string;
  verifiedName: string;
  id?: string;
  wabaId?: string;
  wabaName?: string;
  appId?: string;
  tokenTtlSec?: number | null;
  subscribe?: boolean;
}

export function createWaNumber(state: FakeState, input: WaInput): { waba: Waba; phone: WaPhone; token: Token } {
  const store = state.meta;
  const app = store.apps.get(input.appId ?? store.defaultAppId);
  if (!app) throw new Error(`unknown Meta app ${input.appId}`);
  let waba = input.wabaId ? store.wabas.get(input.wabaId) : undefined;
  const sysUser: MetaUser = { id: state.ids.numeric('meta', '6155', 17), name: `System User ${input.verifiedName}`, pageIds: [], wabaIds: [], system: true };
  if (!waba) {
    waba = {
      id: input.wabaId ?? state.ids.numeric('meta', '1', 15),
      name: input.wabaName ?? input.verifiedName,
      phoneIds: [],
      templates: defaultTemplates(state),
      subscribedApps: new Set(),
      ownerUserId: sysUser.id,
    };
    store.wabas.set(waba.id, waba);
  }
  if (input.subscribe ?? true) waba.subscribedApps.add(app.id);
  sysUser.wabaIds.push(waba.id);
  store.users.set(sysUser.id, sysUser);
  const phone: WaPhone = {
    id: input.id ?? state.ids.numeric('meta', '1', 15),
    wabaId: waba.id,
    displayPhoneNumber: input.displayPhoneNumber,
    verifiedName: input.verifiedName,
    qualityRating: 'GREEN',
    contacts: new Map(),
    messageIds: [],
  };
  store.waPhones.set(phone.id, phone);
  waba.phoneIds.push(phone.id);
  const token = userToken(state, app, sysUser, WA_SCOPES, input.tokenTtlSec === undefined ? null : input.tokenTtlSec);
  return { waba, phone, token };
}

// ---------------------------------------------------------------------------------------------
// Citizen actions

export interface InjectResult {
  ids: Record<string, string>;
  deliveries: string[];
}

function pickPost(state: FakeState, page: FbPage, postId?: string): FbPost {
  if (postId) {
    const p = state.meta.posts.get(postId);
    if (!p || p.pageId !== page.id || p.deleted) throw new Error(`post ${postId} not found on page ${page.id}`);
    return p;
  }
  const recent = page.postIds.map((id) => state.meta.posts.get(id)).filter((p): p is FbPost => !!p && !p.deleted && p.published && !p.author).slice(0, 5);
  if (recent.length > 0) return state.rng.pick(recent);
  const post: FbPost = { id: `${page.id}_${state.ids.numeric('meta', '1', 16)}`, pageId: page.id, kind: 'status', message: `Selamat datang di halaman resmi ${page.name}.`, createdAt: state.now() - 3_600_000, published: true, photoIds: [], deleted: false, commentIds: [] };
  state.meta.posts.set(post.id, post);
  page.postIds.unshift(post.id);
  return post;
}

export function injectFbComment(state: FakeState, input: { pageId: string; postId?: string; parentId?: string; text: string; from?: CitizenInput; attachmentUrl?: string }): InjectResult {
  const store = state.meta;
  const page = store.pages.get(input.pageId);
  if (!page) throw new Error(`unknown page ${input.pageId}`);
  const c = citizen(state, input.from);
  let post: FbPost;
  let parentId: string | null = null;
  if (input.parentId) {
    const parent = store.comments.get(input.parentId);
    if (!parent || parent.pageId !== page.id) throw new Error(`comment ${input.parentId} not found on page ${page.id}`);
    parentId = parent.parentId ?? parent.id;
    post = pickPost(state, page, parent.postId);
  } else {
    post = pickPost(state, page, input.postId);
  }
  const comment: FbComment = {
    id: `${post.id.split('_')[1]}_${state.ids.numeric('meta', '1', 16)}`,
    postId: post.id,
    pageId: page.id,
    parentId,
    from: { id: c.asid, name: c.name },
    fromPage: false,
    citizenKey: c.key,
    message: input.text,
    createdAt: state.now(),
    hidden: false,
    deleted: false,
    replyIds: [],
    likeCount: 0,
    ...(input.attachmentUrl === undefined ? {} : { attachmentUrl: input.attachmentUrl }),
  };
  store.comments.set(comment.id, comment);
  if (parentId) store.comments.get(parentId)?.replyIds.push(comment.id);
  else post.commentIds.push(comment.id);
  const deliveries = emitMeta(state, {
    platform: 'facebook',
    entryId: page.id,
    field: 'feed',
    shape: 'changes',
    eventId: comment.id,
    value: {
      from: { id: c.asid, name: c.name },
      post: { status_type: post.kind === 'photo' || post.kind === 'album' ? 'added_photos' : post.kind === 'video' || post.kind === 'reel' ? 'added_video' : 'mobile_status_update', is_published: true, updated_time: state.graphTime(), permalink_url: `https://www.facebook.com/${page.id}/posts/${post.id.split('_')[1]}`, promotion_status: 'inactive', id: post.id },
      message: input.text,
      ...(input.attachmentUrl ? { photo: input.attachmentUrl } : {}),
      post_id: post.id,
      comment_id: comment.id,
      created_time: Math.floor(comment.createdAt / 1000),
      item: 'comment',
      parent_id: parentId ?? post.id,
      verb: 'add',
    },
  });
  return { ids: { commentId: comment.id, postId: post.id, fromId: c.asid, citizenKey: c.key, ...(parentId ? { parentId } : {}) }, deliveries };
}

export function injectFbMessage(state: FakeState, input: { pageId: string; text: string; from?: CitizenInput; attachmentUrl?: string }): InjectResult {
  const page = state.meta.pages.get(input.pageId);
  if (!page) throw new Error(`unknown page ${input.pageId}`);
  const c = citizen(state, input.from);
  const psid = psidFor(state, page, c);
  const conv = conversationFor(state, 'messenger', page.id, psid, c);
  const m = inboundDm(state, conv, input.text, input.attachmentUrl);
  const deliveries = emitMeta(state, {
    platform: 'facebook',
    entryId: page.id,
    field: 'messages',
    shape: 'messaging',
    eventId: m.id,
    value: {
      sender: { id: psid },
      recipient: { id: page.id },
      timestamp: m.createdAt,
      message: { mid: m.id, ...(input.text ? { text: input.text } : {}), ...(input.attachmentUrl ? { attachments: [{ type: 'image', payload: { url: input.attachmentUrl } }] } : {}) },
    },
  });
  return { ids: { messageId: m.id, psid, conversationId: conv.id, citizenKey: c.key }, deliveries };
}

function inboundDm(state: FakeState, conv: ReturnType<typeof conversationFor>, text: string, attachmentUrl?: string): DmMessage {
  const m: DmMessage = {
    id: messageId(state, conv.platform),
    conversationId: conv.id,
    fromAccount: false,
    text,
    createdAt: state.now(),
    ...(attachmentUrl ? { attachments: [{ type: 'image', url: attachmentUrl }] } : {}),
  };
  state.meta.messages.set(m.id, m);
  conv.messageIds.push(m.id);
  conv.lastInboundAt = m.createdAt;
  conv.updatedAt = m.createdAt;
  return m;
}

export function injectFbMention(state: FakeState, input: { pageId: string; text: string; from?: CitizenInput }): InjectResult {
  const page = state.meta.pages.get(input.pageId);
  if (!page) throw new Error(`unknown page ${input.pageId}`);
  const c = citizen(state, input.from);
  const post: FbPost = {
    id: `${c.asid}_${state.ids.numeric('meta', '1', 16)}`,
    pageId: page.id,
    kind: 'status',
    message: input.text,
    createdAt: state.now(),
    published: true,
    photoIds: [],
    deleted: false,
    commentIds: [],
    author: { id: c.asid, name: c.name },
  };
  state.meta.posts.set(post.id, post);
  page.postIds.unshift(post.id);
  const deliveries = emitMeta(state, {
    platform: 'facebook',
    entryId: page.id,
    field: 'mention',
    shape: 'changes',
    eventId: post.id,
    value: { post_id: post.id, sender_name: c.name, item: 'post', sender_id: c.asid, verb: 'add', message: input.text, created_time: Math.floor(post.createdAt / 1000) },
  });
  return { ids: { postId: post.id, fromId: c.asid, citizenKey: c.key }, deliveries };
}

function pickMedia(state: FakeState, ig: IgUser, mediaId?: string): IgMedia {
  if (mediaId) {
    const m = state.meta.igMedia.get(mediaId);
    if (!m || m.igUserId !== ig.id) throw new Error(`media ${mediaId} not found on account ${ig.id}`);
    return m;
  }
  const recent = ig.mediaIds.map((id) => state.meta.igMedia.get(id)).filter((m): m is IgMedia => !!m && !m.deleted).slice(0, 5);
  if (recent.length > 0) return state.rng.pick(recent);
  const shortcode = state.ids.string(11);
  const media: IgMedia = { id: state.ids.numeric('meta', '180', 17), igUserId: ig.id, mediaType: 'IMAGE', mediaProductType: 'FEED', caption: `Info resmi ${ig.name}`, mediaUrl: `https://scontent.cdninstagram.com/fake/${shortcode}.jpg`, permalink: `https://www.instagram.com/p/${shortcode}/`, shortcode, createdAt: state.now() - 3_600_000, commentIds: [], likeCount: 12, children: [], deleted: false };
  state.meta.igMedia.set(media.id, media);
  ig.mediaIds.unshift(media.id);
  return media;
}

export function injectIgComment(state: FakeState, input: { igUserId: string; mediaId?: string; parentId?: string; text: string; from?: CitizenInput }): InjectResult {
  const store = state.meta;
  const ig = store.igUsers.get(input.igUserId);
  if (!ig) throw new Error(`unknown instagram account ${input.igUserId}`);
  const c = citizen(state, input.from);
  const igsid = igsidFor(state, ig, c);
  let media: IgMedia;
  let parentId: string | null = null;
  if (input.parentId) {
    const parent = store.igComments.get(input.parentId);
    if (!parent) throw new Error(`comment ${input.parentId} not found`);
    parentId = parent.parentId ?? parent.id;
    media = pickMedia(state, ig, parent.mediaId);
  } else media = pickMedia(state, ig, input.mediaId);
  const comment: IgComment = {
    id: state.ids.numeric('meta', '179', 17),
    mediaId: media.id,
    parentId,
    text: input.text,
    from: { id: igsid, username: c.username },
    fromOwner: false,
    citizenKey: c.key,
    createdAt: state.now(),
    hidden: false,
    deleted: false,
    replyIds: [],
    likeCount: 0,
  };
  store.igComments.set(comment.id, comment);
  if (parentId) store.igComments.get(parentId)?.replyIds.push(comment.id);
  else media.commentIds.push(comment.id);
  const deliveries = emitMeta(state, {
    platform: 'instagram',
    entryId: ig.id,
    field: 'comments',
    shape: 'changes',
    eventId: comment.id,
    value: {
      from: { id: igsid, username: c.username },
      media: { id: media.id, media_product_type: media.mediaProductType },
      id: comment.id,
      ...(parentId ? { parent_id: parentId } : {}),
      text: input.text,
    },
  });
  return { ids: { commentId: comment.id, mediaId: media.id, fromId: igsid, citizenKey: c.key, ...(parentId ? { parentId } : {}) }, deliveries };
}

export function injectIgMention(state: FakeState, input: { igUserId: string; text: string; from?: CitizenInput; kind?: 'caption' | 'comment' }): InjectResult {
  const store = state.meta;
  const ig = store.igUsers.get(input.igUserId);
  if (!ig) throw new Error(`unknown instagram account ${input.igUserId}`);
  const c = citizen(state, input.from);
  const kind = input.kind ?? 'caption';
  const shortcode = state.ids.string(11);
  const text = input.text.includes(`@${ig.username}`) ? input.text : `${input.text} @${ig.username}`;
  const media: IgMedia = {
    id: state.ids.numeric('meta', '180', 17),
    igUserId: ig.id,
    mediaType: 'IMAGE',
    mediaProductType: 'FEED',
    caption: kind === 'caption' ? text : 'Jalan-jalan hari ini',
    mediaUrl: `https://scontent.cdninstagram.com/fake/${shortcode}.jpg`,
    permalink: `https://www.instagram.com/p/${shortcode}/`,
    shortcode,
    createdAt: state.now(),
    commentIds: [],
    likeCount: state.rng.int(0, 40),
    children: [],
    deleted: false,
    citizenUsername: c.username,
  };
  store.igMedia.set(media.id, media);
  ig.mentionMediaIds.push(media.id);
  let commentId: string | undefined;
  if (kind === 'comment') {
    const comment: IgComment = {
      id: state.ids.numeric('meta', '179', 17),
      mediaId: media.id,
      parentId: null,
      text,
      from: { id: igsidFor(state, ig, c), username: c.username },
      fromOwner: false,
      citizenKey: c.key,
      createdAt: state.now(),
      hidden: false,
      deleted: false,
      replyIds: [],
      likeCount: 0,
    };
    store.igComments.set(comment.id, comment);
    media.commentIds.push(comment.id);
    ig.mentionCommentIds.push(comment.id);
    commentId = comment.id;
  }
  const deliveries = emitMeta(state, {
    platform: 'instagram',
    entryId: ig.id,
    field: 'mentions',
    shape: 'changes',
    eventId: commentId ?? media.id,
    value: commentId ? { media_id: media.id, comment_id: commentId } : { media_id: media.id },
  });
  return { ids: { mediaId: media.id, ...(commentId ? { commentId } : {}), citizenKey: c.key }, deliveries };
}

export function injectIgMessage(state: FakeState, input: { igUserId: string; text: string; from?: CitizenInput; attachmentUrl?: string }): InjectResult {
  const ig = state.meta.igUsers.get(input.igUserId);
  if (!ig) throw new Error(`unknown instagram account ${input.igUserId}`);
  const c = citizen(state, input.from);
  const igsid = igsidFor(state, ig, c);
  const conv = conversationFor(state, 'instagram', ig.id, igsid, c, ig.pageId);
  const m = inboundDm(state, conv, input.text, input.attachmentUrl);
  const deliveries = emitMeta(state, {
    platform: 'instagram',
    entryId: ig.id,
    field: 'messages',
    shape: 'messaging',
    eventId: m.id,
    value: {
      sender: { id: igsid },
      recipient: { id: ig.id },
      timestamp: m.createdAt,
      message: { mid: m.id, ...(input.text ? { text: input.text } : {}), ...(input.attachmentUrl ? { attachments: [{ type: 'image', payload: { url: input.attachmentUrl } }] } : {}) },
    },
  });
  return { ids: { messageId: m.id, igsid, conversationId: conv.id, citizenKey: c.key }, deliveries };
}

export function injectWaMessage(
  state: FakeState,
  input: { phoneId: string; text?: string; from?: CitizenInput; type?: 'text' | 'image' | 'location' | 'button'; contextId?: string; location?: { latitude: number; longitude: number; name?: string; address?: string }; caption?: string },
): InjectResult {
  const store = state.meta;
  const phone = store.waPhones.get(input.phoneId);
  if (!phone) throw new Error(`unknown whatsapp phone number ${input.phoneId}`);
  const c = citizen(state, input.from);
  const waId = input.from?.phone ? normalizeWaId(input.from.phone) : c.waId;
  let contact = phone.contacts.get(waId);
  if (!contact) {
    contact = { waId, name: c.name, citizenKey: c.key, lastInboundAt: null, blocked: false };
    phone.contacts.set(waId, contact);
  }
  contact.lastInboundAt = state.now();
  const type = input.type ?? 'text';
  const msgId = wamid(state, waId);
  const message: Record<string, unknown> = { from: waId, id: msgId, timestamp: String(state.nowSec()), type };
  if (type === 'text') message.text = { body: input.text ?? '' };
  if (type === 'image') {
    // the citizen's photo is kept as WhatsApp media: GET /{media-id} gives its download URL (with the token)
    const mediaId = state.ids.numeric('meta', '1', 16);
    const sha256 = createHash('sha256').update(CITIZEN_PHOTO_JPEG).digest('hex');
    store.waMedia.set(mediaId, { id: mediaId, phoneId: phone.id, mimeType: 'image/jpeg', size: CITIZEN_PHOTO_JPEG.length, sha256, data: CITIZEN_PHOTO_JPEG });
    message.image = { caption: input.caption ?? input.text, mime_type: 'image/jpeg', sha256, id: mediaId };
  }
  if (type === 'location') message.location = input.location ?? { latitude: -0.9471, longitude: 100.4172, name: 'Padang' };
  if (type === 'button') message.button = { payload: input.text ?? 'OK', text: input.text ?? 'OK' };
  if (input.contextId) {
    const ctxMsg = store.waMessages.get(input.contextId);
    message.context = { from: phone.displayPhoneNumber.replace(/\D/g, ''), id: input.contextId };
    void ctxMsg;
  }
  const wm: WaMessage = { id: msgId, phoneId: phone.id, waId, direction: 'in', type, payload: message, createdAt: state.now(), status: 'received' };
  store.waMessages.set(wm.id, wm);
  phone.messageIds.push(wm.id);
  const deliveries = emitMeta(state, {
    platform: 'whatsapp',
    entryId: phone.wabaId,
    field: 'messages',
    shape: 'changes',
    eventId: msgId,
    value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: phone.displayPhoneNumber.replace(/\D/g, ''), phone_number_id: phone.id },
      contacts: [{ profile: { name: c.name }, wa_id: waId }],
      messages: [message],
    },
  });
  return { ids: { messageId: msgId, waId, citizenKey: c.key }, deliveries };
}
