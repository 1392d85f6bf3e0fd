// Data model of the Meta fake (Facebook Pages, Instagram professional accounts, WhatsApp Cloud API).
import type { HandshakeResult } from '../../core/webhooks.ts';

export type MetaObject = 'page' | 'instagram' | 'whatsapp_business_account' | 'user' | 'permissions';

export interface MetaSubscription {
  object: MetaObject;
  /** null: `<webhookTarget>/webhooks/<platform>` */
  callbackUrl: string | null;
  verifyToken: string;
  fields: string[];
  active: boolean;
  includeValues: boolean;
  lastVerification?: HandshakeResult;
}

export interface MetaApp {
  id: string;
  secret: string;
  name: string;
  /** 'facebook' = Facebook Login app (Pages, IG via Page, WhatsApp); 'instagram' = Instagram Login app */
  kind: 'facebook' | 'instagram';
  /** "Require App Secret" setting: every call with a user/page token must carry appsecret_proof */
  requireProof: boolean;
  /** approved for the HUMAN_AGENT tag (7-day human replies) */
  humanAgent: boolean;
  redirectUris: string[];
  subscriptions: Partial<Record<MetaObject, MetaSubscription>>;
}

export interface Citizen {
  key: string;
  name: string;
  username: string;
  /** app-scoped user id (comments' from.id) */
  asid: string;
  /** WhatsApp number (wa_id), digits only */
  waId: string;
}

export interface MetaUser {
  id: string;
  name: string;
  pageIds: string[];
  wabaIds: string[];
  system: boolean;
}

export interface FbPage {
  id: string;
  name: string;
  category: string;
  username: string;
  ownerUserId: string;
  /** app id -> subscribed fields (POST /{page-id}/subscribed_apps) */
  subscribedApps: Map<string, string[]>;
  igUserId?: string;
  postIds: string[];
  conversationIds: string[];
  fanCount: number;
  /** PSIDs by citizen key */
  psids: Map<string, string>;
  messagingFailingSince?: number;
}

export interface FbPost {
  id: string;
  pageId: string;
  kind: 'status' | 'photo' | 'video' | 'reel' | 'link' | 'album';
  message?: string;
  link?: string;
  createdAt: number;
  published: boolean;
  scheduledAt?: number;
  photoIds: string[];
  videoId?: string;
  deleted: boolean;
  commentIds: string[];
  /** citizen posts that mention the Page (visitor posts / mentions) */
  author?: { id: string; name: string };
}

export interface FbComment {
  id: string;
  postId: string;
  pageId: string;
  parentId: string | null;
  from: { id: string; name: string };
  fromPage: boolean;
  citizenKey?: string;
  message: string;
  createdAt: number;
  hidden: boolean;
  deleted: boolean;
  replyIds: string[];
  privateReplyAt?: number;
  likeCount: number;
  attachmentUrl?: string;
}

export interface FbPhoto {
  id: string;
  pageId: string;
  postId?: string;
  url?: string;
  uploadedBytes?: number;
  caption?: string;
  published: boolean;
  createdAt: number;
}

export interface FbVideo {
  id: string;
  pageId: string;
  postId?: string;
  kind: 'video' | 'reel';
  title?: string;
  description?: string;
  fileUrl?: string;
  uploadedBytes: number;
  phase: 'started' | 'uploaded' | 'published' | 'draft';
  createdAt: number;
  readyAt?: number;
  failed: boolean;
}

export interface Conversation {
  id: string;
  platform: 'messenger' | 'instagram';
  /** Page id (messenger) or IG user id (instagram) */
  accountId: string;
  pageId?: string;
  /** PSID or IGSID of the citizen */
  userId: string;
  userName: string;
  citizenKey: string;
  messageIds: string[];
  lastInboundAt: number | null;
  updatedAt: number;
}

export interface DmMessage {
  id: string;
  conversationId: string;
  fromAccount: boolean;
  text: string;
  createdAt: number;
  attachments?: { type: string; url: string }[];
  tag?: string;
  commentId?: string;
  deleted?: boolean;
}

export interface IgUser {
  id: string;
  username: string;
  name: string;
  pageId?: string;
  appId: string;
  loginType: 'facebook' | 'instagram';
  mediaIds: string[];
  followers: number;
  conversationIds: string[];
  /** IGSIDs by citizen key */
  igsids: Map<string, string>;
  /** Instagram-login webhooks subscription (POST /me/subscribed_apps on graph.instagram.com) */
  subscribedFields: string[] | null;
  /** mentions of this account: comment ids and media ids */
  mentionCommentIds: string[];
  mentionMediaIds: string[];
}

export interface IgContainer {
  id: string;
  igUserId: string;
  mediaType: 'IMAGE' | 'VIDEO' | 'REELS' | 'STORIES' | 'CAROUSEL';
  imageUrl?: string;
  videoUrl?: string;
  caption?: string;
  altText?: string;
  children: string[];
  isCarouselItem: boolean;
  shareToFeed: boolean;
  createdAt: number;
  readyAt: number;
  failed: boolean;
  publishedMediaId?: string;
  resumable: boolean;
  uploaded: boolean;
}

export interface IgMedia {
  id: string;
  igUserId: string;
  mediaType: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  mediaProductType: 'FEED' | 'REELS' | 'STORY';
  caption?: string;
  mediaUrl?: string;
  permalink: string;
  shortcode: string;
  createdAt: number;
  commentIds: string[];
  likeCount: number;
  children: string[];
  deleted: boolean;
  /** media published by a citizen (e.g. a caption mention); not owned by a connected account */
  citizenUsername?: string;
}

export interface IgComment {
  id: string;
  mediaId: string;
  parentId: string | null;
  text: string;
  from: { id: string; username: string };
  fromOwner: boolean;
  citizenKey?: string;
  createdAt: number;
  hidden: boolean;
  deleted: boolean;
  replyIds: string[];
  likeCount: number;
  privateReplyAt?: number;
}

export interface WaTemplate {
  id: string;
  name: string;
  language: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  components: Record<string, unknown>[];
}

export interface Waba {
  id: string;
  name: string;
  phoneIds: string[];
  templates: WaTemplate[];
  subscribedApps: Set<string>;
  ownerUserId: string;
}

export interface WaContact {
  waId: string;
  name: string;
  citizenKey: string;
  lastInboundAt: number | null;
  blocked: boolean;
}

export interface WaPhone {
  id: string;
  wabaId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating: 'GREEN' | 'YELLOW' | 'RED';
  contacts: Map<string, WaContact>;
  messageIds: string[];
}

export interface WaMessage {
  id: string;
  phoneId: string;
  waId: string;
  direction: 'in' | 'out';
  type: string;
  payload: Record<string, unknown>;
  createdAt: number;
  status: 'accepted' | 'sent' | 'delivered' | 'read' | 'failed' | 'received';
  category?: string;
  error?: { code: number; title: string; message: string };
  contextId?: string;
}

export interface WaMedia {
  id: string;
  phoneId: string;
  mimeType: string;
  size: number;
  sha256: string;
  data?: Buffer;
  link?: string;
}

export interface OAuthCode {
  code: string;
  appId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
  kind: 'facebook' | 'instagram';
}

export interface MetaStore {
  apps: Map<string, MetaApp>;
  defaultAppId: string;
  defaultIgAppId: string;
  users: Map<string, MetaUser>;
  citizens: Map<string, Citizen>;
  pages: Map<string, FbPage>;
  posts: Map<string, FbPost>;
  comments: Map<string, FbComment>;
  photos: Map<string, FbPhoto>;
  videos: Map<string, FbVideo>;
  conversations: Map<string, Conversation>;
  messages: Map<string, DmMessage>;
  igUsers: Map<string, IgUser>;
  igContainers: Map<string, IgContainer>;
  igMedia: Map<string, IgMedia>;
  igComments: Map<string, IgComment>;
  wabas: Map<string, Waba>;
  waPhones: Map<string, WaPhone>;
  waMessages: Map<string, WaMessage>;
  waMedia: Map<string, WaMedia>;
  oauthCodes: Map<string, OAuthCode>;
  /** last feed message per Page, for (#506) duplicate detection */
  lastFeedMessage: Map<string, string>;
  /** reverse index: PSID/IGSID -> { accountId, citizenKey } */
  scopedIds: Map<string, { accountId: string; citizenKey: string; platform: 'messenger' | 'instagram' }>;
}

export function createMetaStore(): MetaStore {
  return {
    apps: new Map(),
    defaultAppId: '',
    defaultIgAppId: '',
    users: new Map(),
    citizens: new Map(),
    pages: new Map(),
    posts: new Map(),
    comments: new Map(),
    photos: new Map(),
    videos: new Map(),
    conversations: new Map(),
    messages: new Map(),
    igUsers: new Map(),
    igContainers: new Map(),
    igMedia: new Map(),
    igComments: new Map(),
    wabas: new Map(),
    waPhones: new Map(),
    waMessages: new Map(),
    waMedia: new Map(),
    oauthCodes: new Map(),
    lastFeedMessage: new Map(),
    scopedIds: new Map(),
  };
}
