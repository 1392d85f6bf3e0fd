// Types of the HTTP API contract (docs/ui.md#api). The server is the source of
// truth; these mirror its JSON answers.

export const ROLES = [
  'province_admin',
  'province_supervisor',
  'opd_head',
  'opd_admin',
  'responder',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'orgs.read',
  'users.read',
  'users.manage',
  'audit.read',
  'mail.read',
  'personal_data.read',
  'channels.read',
  'channels.manage',
  'inbox.read',
  'inbox.work',
  'inbox.triage',
  'cases.read',
  'cases.work',
  'cases.dispose',
  'inbox.manage',
  'inbox.rules',
  'open311.manage',
  'publishing.read',
  'publishing.write',
  'publishing.approve',
  'publishing.review',
  'publishing.settings',
  'campaigns.manage',
  'media.read',
  'media.upload',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  orgId: string;
  orgCode: string;
  orgName: string;
  orgKind: 'province' | 'opd';
  locale: Locale;
  mustChangePassword: boolean;
  permissions: string[];
};

export type Session = {
  user: SessionUser | null;
  csrfToken: string;
  oidc: { enabled: boolean; label: string | null };
};

export const ORG_KINDS = ['province', 'dinas', 'badan', 'biro', 'rsud', 'lainnya'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export type Org = {
  id: string;
  code: string;
  name: string;
  kind: OrgKind;
  group: string | null;
  parentCode: string | null;
  website: string | null;
  aliases: string[];
  userCount: number | null;
  active: boolean;
};

export type SocialAccount = { platform: string; handle: string; status: string };

export type OrgDetail = Org & {
  responsibilities: string[];
  routingNote: string | null;
  socialAccounts: SocialAccount[];
};

export const USER_STATUSES = ['active', 'invited', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  orgId: string;
  orgCode: string;
  orgName: string;
  status: UserStatus;
  lastLoginAt: string | null;
  createdAt: string;
};

export type AuditEntry = {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  orgId: string | null;
  orgCode: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
};

export type AuditPage = { items: AuditEntry[]; nextCursor: string | null };

export type MailMessage = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
};

// ── channels (src/modules/channels/routes.ts) ──────────────────────────
export const CHANNEL_PLATFORMS = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok'] as const;
export type ChannelPlatform = (typeof CHANNEL_PLATFORMS)[number];

export const CHANNEL_STATUSES = ['active', 'expiring', 'expired', 'revoked', 'error', 'disconnected'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export type ChannelCapabilities = {
  publishText: boolean;
  publishImage: boolean;
  publishVideo: boolean;
  publishReel: boolean;
  comments: boolean;
  mentions: boolean;
  directMessages: boolean;
  publicReply: boolean;
  privateReply: boolean;
  hide: boolean;
  delete: boolean;
  insights: boolean;
  webhooks: boolean;
  polling: boolean;
};

/** A field of the token-entry form (WhatsApp, Telegram); labels come from the server in Indonesian. */
export type TokenField = { name: string; label: string; secret: boolean; help?: string; optional?: boolean };

export type PlatformInfo = {
  platform: ChannelPlatform;
  available: boolean;
  auth: 'oauth' | 'token' | null;
  tokenFields: TokenField[];
  capabilities: ChannelCapabilities | null;
};

export type ChannelAccount = {
  id: string;
  orgId: string;
  orgCode: string;
  orgName: string;
  platform: ChannelPlatform;
  externalId: string;
  name: string;
  handle: string | null;
  status: ChannelStatus;
  tokenExpiresAt: string | null;
  scopes: string[];
  lastCheckedAt: string | null;
  lastEventAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  connectedAt: string;
};

export type ChannelHealthRow = {
  orgId: string;
  code: string;
  name: string;
  accounts: number;
  active: number;
  expiring: number;
  failing: number;
  platforms: string[];
};

/** A raw inbound event; author and text are masked previews made by the server. */
export type InboundEvent = {
  id: string;
  platform: string;
  kind: string;
  accountId: string | null;
  accountName: string | null;
  receivedAt: string;
  occurredAt: string | null;
  status: string;
  unknown: boolean;
  author: string | null;
  text: string | null;
};

export type ConnectChoice = {
  connectId: string;
  orgId: string;
  platform: ChannelPlatform;
  options: { externalId: string; name: string; handle: string | null }[];
};

export type Notice = {
  id: string;
  level: 'info' | 'warning' | 'critical';
  code: string;
  title: string;
  body: string;
  link: string | null;
  orgCode: string;
  createdAt: string;
  read: boolean;
};

// ── inbox (src/modules/inbox/routes.ts, service.ts, reply.ts) ─────────
export const INBOX_KINDS = ['comment', 'reply', 'mention', 'message'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];
export const INTENTS = ['complaint', 'question', 'aspiration', 'praise', 'spam', 'abuse', 'other'] as const;
export type Intent = (typeof INTENTS)[number];
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];
export const URGENCIES = ['high', 'medium', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const INBOX_STATUSES = ['open', 'assigned', 'done', 'spam', 'hidden'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/** One comment, reply, mention or message; `text` has personal data masked by the server. */
export type InboxItem = {
  id: string;
  orgId: string;
  orgCode: string;
  platform: string;
  kind: InboxKind;
  accountId: string | null;
  accountName: string | null;
  threadKey: string;
  text: string;
  lang: string | null;
  intent: string | null;
  sentiment: string | null;
  urgency: string | null;
  route: string | null;
  routeConfidence: number | null;
  triage: boolean;
  triageReason: string | null;
  status: InboxStatus;
  assignee: { id: string; name: string | null } | null;
  contact: { id: string; name: string | null; handle: string | null } | null;
  occurredAt: string | null;
  receivedAt: string;
  edited: boolean;
};

export type InboxPage = { items: InboxItem[]; nextCursor: string | null };

/** The server's built-in views (src/modules/inbox/views.ts). */
export const INBOX_VIEWS = ['all', 'open', 'mine', 'urgent', 'complaints', 'triage', 'done', 'spam'] as const;
export type InboxViewKey = (typeof INBOX_VIEWS)[number];

/** Counts within the filters; `views.<view>` is exactly the number of rows that view's list has. */
export type InboxCounts = { total: number; open: number; assigned: number; done: number; spam: number; triage: number; urgent: number; complaints: number; views: Record<InboxViewKey, number> };

/** A saved view (server): its filters use the API's names, dates as WIB days. */
export type SavedViewFilters = { view?: InboxViewKey; platform?: string; intent?: string; sentiment?: string; urgency?: string; status?: string; orgId?: string; from?: string; to?: string; q?: string };
export type SavedView = { id: string; name: string; shared: boolean; mine: boolean; owner: { id: string; name: string }; filters: SavedViewFilters; count: number | null; updatedAt: string };

/** A citizen's contact on one platform (name as first name and initials). */
export type Contact = { id: string; platform: string; name: string | null; handle: string | null; personId: string | null; lastSeenAt: string | null; current: boolean };

/** A colleague who may be given the OPD's interactions (GET /api/inbox/assignees). */
export type Assignee = { id: string; name: string; email: string; role: Role; orgId: string; orgCode: string };

/** An approved WhatsApp message template with {{1}}… placeholders. */
export type MessageTemplate = { name: string; language: string; category: string; body: string; parameters: number };

export type RoutingRule = {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  match: { accountId: string | null; platform: string | null; keywords: string[]; intents: string[]; locations: string[] };
  action: { routeOrgId: string | null; routeOrgCode: string | null; assigneeId: string | null; label: string | null; urgency: 'high' | 'medium' | 'low' | null };
};
export type RuleInput = {
  name: string;
  enabled?: boolean;
  position?: number;
  match: { accountId?: string | null; platform?: string | null; keywords?: string[]; intents?: string[]; locations?: string[] };
  action: { routeOrgCode?: string | null; assigneeId?: string | null; label?: string | null; urgency?: 'high' | 'medium' | 'low' | null };
};
export type RuleTest = {
  rule: { id: string; name: string; action: RoutingRule['action'] } | null;
  classifier: { intent: string; route: string | null; confidence: number; needsTriage: boolean };
};

export type Open311Key = { id: string; name: string; contact: string | null; prefix: string; active: boolean; createdAt: string; createdBy: string | null; revokedAt: string | null; revokedBy: string | null; lastUsedAt: string | null; requestsCount: number };

export type Reason = { feature: string; weight: number };
export type Why = { confidence: number | null; reasons: Reason[]; explanation?: string | null; owner?: string | null };

export const REPLY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'ambiguous'] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

export type SentReply = {
  id: string;
  interactionId: string;
  mode: 'public' | 'private';
  text: string;
  status: ReplyStatus;
  error: string | null;
  errorKind: string | null;
  externalId: string | null;
  by: string | null;
  createdAt: string;
  sentAt: string | null;
};

export type InternalNote = { id: string; text: string; mentions: string[]; authorId: string; authorName: string; createdAt: string };

export type Conversation = {
  interaction: InboxItem & { externalId: string; modelVersion: string | null; deleted: boolean; hasPersonalData: boolean };
  why: { intent: Why; route: Why; sentiment: Why; urgency: Why; personalData: string[] };
  thread: InboxItem[];
  contactHistory: InboxItem[];
  /** The person's contacts across channels that the viewer may see (the conversation's own first or marked `current`). */
  contacts: Contact[];
  replies: SentReply[];
  notes: InternalNote[];
};

export type CannedResponse = { id: string; orgId: string; orgCode: string; title: string; body: string; updatedAt: string };

/** RFC 9457 problem details as the server sends them. */
export type Problem = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { path: string; message: string }[];
};
