// Shared types of the fake platforms.

export const PLATFORMS = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const WEBHOOK_PLATFORMS = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'tiktok'] as const;
export type WebhookPlatform = (typeof WEBHOOK_PLATFORMS)[number];

export function isPlatform(v: unknown): v is Platform {
  return typeof v === 'string' && (PLATFORMS as readonly string[]).includes(v);
}

/** Fault switches. Rates are probabilities per request in [0, 1]. */
export interface FaultSpec {
  /** fixed latency added to every request, or [min, max] uniformly drawn */
  latencyMs?: number | [number, number];
  /** probability of a transient 5xx answer in the platform's error shape */
  errorRate?: number;
  /** probability of a rate-limit answer in the platform's shape (HTTP 429, or Graph 400 code 4) */
  rateLimitRate?: number;
  /** every request is rate limited until this unix ms timestamp (a "429 storm") */
  rateLimitUntil?: number;
  /** seconds the rate-limit answers tell the client to wait (Telegram retry_after, X reset, Graph regain time) */
  retryAfterSec?: number;
  /** probability that the request is never answered (the socket is held open until timeoutHoldMs, then closed) */
  timeoutRate?: number;
  timeoutHoldMs?: number;
  /** probability that the connection is destroyed without any answer */
  dropRate?: number;
  /** deterministic: the next N requests fail with this fault, then the switch clears itself */
  failNext?: { count: number; kind: FaultKind };
  /** only requests whose full path (e.g. /graph/v23.0/123/feed, /2/tweets, /youtube/v3/commentThreads) matches this regular expression are affected */
  pathPattern?: string;
}
export type FaultKind = '5xx' | '429' | 'timeout' | 'drop';

export interface FaultConfig {
  global?: FaultSpec;
  platforms?: Partial<Record<Platform, FaultSpec>>;
}

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

/** Rate limits of the fakes. Keys are documented in docs/fakes.md. */
export interface RateLimitConfig {
  meta: {
    /** app-level calls (code 4) per window, X-App-Usage */
    app: RateLimitRule;
    /** user-token calls (code 17) */
    user: RateLimitRule;
    /** Page BUC (code 80001 with Page tokens, code 32 with user tokens on Page paths) */
    page: RateLimitRule;
    /** Instagram BUC (code 80002) */
    instagram: RateLimitRule;
    /** Messenger / IG sends per Page (code 80006) */
    messenger: RateLimitRule;
    /** Instagram content publishing per IG user (code 9 / 2207042) */
    igPublish: RateLimitRule;
    /** IG private replies per account per hour (code 613) */
    igPrivateReply: RateLimitRule;
    /** Facebook reels per Page per 24 h */
    fbReels: RateLimitRule;
  };
  whatsapp: {
    /** messages per second per phone number (130429) */
    throughput: RateLimitRule;
    /** messages to the same user (131056) */
    pair: RateLimitRule;
  };
  x: {
    tweetsCreateUser: RateLimitRule;
    /** x-user-limit-24hour-* on POST /2/tweets */
    tweetsCreateUserDay: RateLimitRule;
    /** x-app-limit-24hour-* on POST /2/tweets */
    tweetsCreateApp: RateLimitRule;
    mentionsUser: RateLimitRule;
    mentionsApp: RateLimitRule;
    /** every other endpoint, per token */
    default: RateLimitRule;
    dmSend: RateLimitRule;
  };
  telegram: {
    /** messages per chat */
    perChat: RateLimitRule;
    /** messages per bot overall */
    global: RateLimitRule;
  };
  youtube: {
    /** units per project (OAuth client) per Pacific day */
    dailyUnits: number;
    /** videos.insert calls per day (own bucket) */
    dailyUploads: number;
  };
  tiktok: {
    init: RateLimitRule;
    status: RateLimitRule;
    default: RateLimitRule;
  };
}

export interface WebhookConfig {
  /** multiplies the documented retry delays (1 = real time, 0.001 = ms) */
  retryScale: number;
  /** explicit per-attempt retry delays in ms (not scaled); attempts = 1 + length */
  schedules: Partial<Record<WebhookPlatform, number[]>>;
  /** attempt timeout in ms (per platform default when unset) */
  timeoutMs?: number;
  /** most deliveries waiting at once; further events are dropped and logged */
  maxQueue: number;
  /** simultaneous outgoing deliveries */
  concurrency: number;
  /** probability that a successful delivery is sent a second time (at-least-once) */
  duplicateRate: number;
  /** Meta batching window: events for the same app/object within it share one POST (0 = no batching) */
  batchWindowMs: number;
  /** most entries in one Meta batch */
  maxBatch: number;
  /** completed deliveries kept in the log */
  logSize: number;
  /** allow targets that are not loopback (off: the fakes only ever talk to 127.0.0.1/::1/localhost) */
  allowNonLoopback: boolean;
}

export interface ProcessingConfig {
  /** IG container IN_PROGRESS -> FINISHED */
  igContainerMs: number;
  /** FB video/reel processing -> ready */
  fbVideoMs: number;
  /** X media processing -> succeeded */
  xMediaMs: number;
  /** YouTube upload processing -> processed */
  youtubeMs: number;
  /** TikTok publish -> PUBLISH_COMPLETE */
  tiktokMs: number;
  /** WhatsApp status webhooks after a send: sent, delivered, read (ms after the send); null skips */
  whatsappStatusMs: [number | null, number | null, number | null];
}

export interface RecordEntry {
  seq: number;
  at: string;
  platform: Platform;
  kind: RecordKind;
  /** the connected account that acted (page id, IG user id, phone number id, X user id, bot id, channel id, open_id) */
  accountId: string;
  /** id of the created/affected object on the platform */
  objectId?: string;
  /** id of the object acted on (post replied to, comment hidden, chat) */
  targetId?: string;
  text?: string;
  data: Record<string, unknown>;
}
export type RecordKind =
  | 'post'
  | 'post_deleted'
  | 'comment_reply'
  | 'private_reply'
  | 'message'
  | 'template_message'
  | 'comment_hidden'
  | 'comment_unhidden'
  | 'comment_deleted'
  | 'comment_moderated'
  | 'media_upload'
  | 'webhook_subscription'
  | 'token_issued'
  | 'token_revoked';

export interface RequestLogEntry {
  seq: number;
  at: string;
  platform: Platform | 'control' | 'other';
  method: string;
  path: string;
  status: number;
  ms: number;
  fault?: string;
}
