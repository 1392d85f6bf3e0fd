import type { ChannelPlatform } from '../../../platform/db/schema.ts';
import type { ParsedEvent } from '../webhooks/types.ts';
import type { PlatformSettings } from '../settings.ts';

// One interface for every platform's connector (src/modules/channels/connectors/<platform>).
// Connectors are stateless: everything they need arrives in the ConnectorContext; they talk HTTP
// to the platform (or its fake) through ctx.http, and report failures as ConnectorError so that
// callers can tell "wait and retry", "retry", "fix the token" and "give up" apart.

export interface AccountRef {
  id: string;
  platform: ChannelPlatform;
  /** Page id, IG user id, phone-number id, X user id, bot id, YouTube channel id, TikTok open_id */
  externalId: string;
  /** Platform specifics kept at connect time: wabaId, pageId (for IG via Facebook login), channelChatId (Telegram channel), loginType... */
  extra: Record<string, unknown>;
  scopes: string[];
}

export interface Credentials {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
  /** X OAuth 1.0a user credentials when the account was connected that way. */
  oauth1?: { accessToken: string; accessSecret: string } | undefined;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  body?: Uint8Array | string;
  timeoutMs?: number;
  /** Read the answer as bytes (a file download), refusing more than maxBytes. */
  binary?: { maxBytes: number } | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  /** the answer's bytes, for a `binary` request that succeeded (2xx) */
  bytes?: Uint8Array;
}

export interface ConnectorContext {
  settings: PlatformSettings;
  account: AccountRef;
  credentials: Credentials;
  /** Sends one HTTP request; throws ConnectorError('transient'|'ambiguous') on network failure or timeout. */
  http(req: HttpRequest): Promise<HttpResponse>;
  /** Persists refreshed credentials (sealed) before they are used. */
  saveCredentials?(creds: Credentials): Promise<void>;
  now(): Date;
}

export type ErrorKind =
  | 'rate_limited' // wait retryAfterMs, then retry
  | 'transient' // retry with backoff
  | 'auth' // token expired or revoked: stop this account's work and alert its OPD
  | 'permanent' // the request itself is wrong or not allowed: show the platform's message
  | 'ambiguous' // a non-idempotent call may or may not have happened: reconcile, never blind retry
  | 'unsupported'; // the platform cannot do this

export class ConnectorError extends Error {
  readonly kind: ErrorKind;
  readonly platform: ChannelPlatform;
  readonly retryAfterMs: number | null;
  readonly platformCode: string | null;
  readonly status: number | null;
  /**
   * rate_limited: the limit is the app's own (Meta app usage, X's app-wide 24-hour cap, YouTube's
   * project quota), shared by every account connected through the app; not one account's.
   */
  readonly appWide: boolean;

  constructor(
    kind: ErrorKind,
    platform: ChannelPlatform,
    message: string,
    extra: { retryAfterMs?: number | null; platformCode?: string | number | null; status?: number | null; appWide?: boolean } = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
    this.kind = kind;
    this.platform = platform;
    this.retryAfterMs = extra.retryAfterMs ?? null;
    this.platformCode = extra.platformCode === undefined || extra.platformCode === null ? null : String(extra.platformCode);
    this.status = extra.status ?? null;
    this.appWide = extra.appWide ?? false;
  }
}

export interface MediaInput {
  kind: 'image' | 'video';
  /** A URL the platform can fetch (Dayung serves prepared media publicly). */
  url: string;
  altText?: string | undefined;
  mimeType?: string | undefined;
  sizeBytes?: number | undefined;
}

export interface PublishInput {
  /** Stable per (post version, channel); used where the platform allows and for reconciliation. */
  idempotencyKey: string;
  text: string;
  /** YouTube video title, TikTok title. */
  title?: string | undefined;
  link?: string | undefined;
  media?: MediaInput[] | undefined;
  /** Publish as a reel/short where the platform distinguishes it. */
  reel?: boolean | undefined;
}

export interface PublishResult {
  externalId: string;
  permalink: string | null;
}

export interface ReplyTarget {
  /** The object replied to: comment id, tweet id, Telegram message id, YouTube thread id... */
  externalId: string;
  /** The conversation partner for direct messages: PSID, IGSID, wa_id, X user id, Telegram chat id. */
  userId?: string | undefined;
  /** The post the comment belongs to (Instagram mentions, YouTube). */
  parentId?: string | undefined;
  /** When the citizen last wrote (24-hour windows) and when the comment was made (7-day private replies). */
  lastInboundAt?: Date | undefined;
}

export interface ReplyInput {
  target: ReplyTarget;
  text: string;
  /** WhatsApp outside the 24-hour window: an approved template instead of free text. */
  template?: { name: string; language: string; parameters: string[] } | undefined;
}

export interface Insights {
  reach: number | null;
  impressions: number | null;
  engagement: number | null;
  raw: unknown;
}

export interface TokenCheck {
  valid: boolean;
  expiresAt: Date | null;
  scopes: string[] | null;
  /** expired | revoked | invalid, when not valid */
  reason: string | null;
}

export interface PollResult {
  events: ParsedEvent[];
  cursor: string | null;
}

export interface Capabilities {
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
}

export interface Connector {
  platform: ChannelPlatform;
  capabilities: Capabilities;
  publish(ctx: ConnectorContext, input: PublishInput): Promise<PublishResult>;
  /** After an ambiguous publish: find the post by its text/marker among recent posts; null when it does not exist. */
  findPublished(ctx: ConnectorContext, input: PublishInput, since: Date): Promise<PublishResult | null>;
  /**
   * Whether a null from findPublished proves that the post is not on the platform: the account's
   * posts can be searched, and a post is listed as soon as the call creating it has answered. Then a
   * publication interrupted mid-call and still not found after a settling delay is sent (it is not
   * out). Absent or false: null only means "not found" (Telegram cannot list a channel, TikTok photo
   * posts cannot be found by their text, Facebook videos are listed after processing), and such a
   * publication stays ambiguous for a person to check.
   */
  lookupIsComplete?(input: PublishInput): boolean;
  replyPublic(ctx: ConnectorContext, input: ReplyInput): Promise<{ externalId: string }>;
  replyPrivate(ctx: ConnectorContext, input: ReplyInput): Promise<{ externalId: string }>;
  setHidden(ctx: ConnectorContext, commentId: string, hidden: boolean): Promise<void>;
  deleteComment(ctx: ConnectorContext, commentId: string): Promise<void>;
  insights(ctx: ConnectorContext, postId: string): Promise<Insights>;
  checkToken(ctx: ConnectorContext): Promise<TokenCheck>;
  /** Comments/mentions for platforms without (configured) webhooks; cursor as returned last time. */
  poll?(ctx: ConnectorContext, cursor: string | null): Promise<PollResult>;
  /** WhatsApp: the account's approved message templates (for replies outside the 24-hour window). */
  listTemplates?(ctx: ConnectorContext): Promise<MessageTemplate[]>;
  /**
   * The bytes of a file a citizen sent (WhatsApp media id, Telegram file_id), downloaded with the
   * account's token while the platform still keeps it. Bounded by maxBytes.
   */
  downloadMedia?(ctx: ConnectorContext, ref: string, maxBytes: number): Promise<{ data: Uint8Array; mime: string | null }>;
}

/** An approved message template: its body with {{1}}, {{2}}… placeholders, and how many there are. */
export interface MessageTemplate {
  name: string;
  language: string;
  category: string;
  body: string;
  parameters: number;
}

// ── connecting an account ───────────────────────────────────────────
/** An account the OPD admin may connect, found through OAuth or token entry. */
export interface ConnectCandidate {
  externalId: string;
  name: string;
  handle: string | null;
  credentials: Credentials;
  scopes: string[];
  extra: Record<string, unknown>;
}

export interface TokenField {
  name: string;
  /** Indonesian label shown in the connect form. */
  label: string;
  secret: boolean;
  help?: string;
  /** Fields are required unless marked optional. */
  optional?: boolean;
}

export interface AuthContext {
  settings: PlatformSettings;
  http(req: HttpRequest): Promise<HttpResponse>;
  now(): Date;
}

export interface ConnectorAuth {
  /** 'oauth' when the platform has a redirect flow, 'token' when an admin pastes credentials. */
  kind: 'oauth' | 'token';
  /** OAuth: the URL the admin's browser goes to. PKCE verifier/challenge are supplied by the caller. */
  authorizeUrl?(settings: PlatformSettings, p: { state: string; redirectUri: string; codeChallenge: string }): string;
  /** OAuth: exchange the code and list the accounts the admin may connect (Pages of the user, the channel...). */
  exchangeCode?(ctx: AuthContext, p: { code: string; redirectUri: string; codeVerifier: string }): Promise<ConnectCandidate[]>;
  /** Token entry: the fields of the form, and their validation against the platform. */
  tokenFields?: TokenField[];
  fromToken?(ctx: AuthContext, fields: Record<string, string>): Promise<ConnectCandidate[]>;
  /** After the account is stored: subscribe webhooks, set the Telegram webhook with its secret... */
  afterConnect?(ctx: ConnectorContext, p: { webhookBaseUrl: string; telegramSecret?: string }): Promise<Record<string, unknown> | void>;
  /** Refresh an expiring access token when the platform allows it. */
  refresh?(ctx: ConnectorContext): Promise<Credentials>;
}

export interface PlatformModule {
  connector: Connector;
  auth: ConnectorAuth;
}
