// Default configuration of the fakes, and deep merge of partial overrides.
import type { FaultConfig, ProcessingConfig, RateLimitConfig, WebhookConfig } from './types.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface FakeConfig {
  /** base URL of the receiving product; deliveries go to `<webhookTarget>/webhooks/<platform>` */
  webhookTarget: string | null;
  /** externally visible base URL of the fakes (own-host URLs in paging.next, upload_url...) */
  publicUrl: string;
  webhooks: WebhookConfig;
  limits: RateLimitConfig;
  processing: ProcessingConfig;
  faults: FaultConfig;
  /** OAuth dialogs redirect back at once when exactly one account matches (no click needed) */
  oauthAutoApprove: boolean;
  /** X: keep-alive interval of the filtered stream (real: ~20 s) and CRC re-check interval (real: hourly) */
  xStreamKeepAliveMs: number;
  xCrcIntervalMs: number;
  /** Telegram long-poll cap in seconds (real: 50) */
  telegramMaxLongPollSec: number;
  /** Telegram setWebhook insists on https and ports 443/80/88/8443 (off so loopback http targets work) */
  telegramRequireHttps: boolean;
  /** Meta: Graph API versions the fake answers, as a regular expression */
  graphVersionPattern: string;
  /** Meta Messenger/IG: drop the app's subscription on a Page after messaging deliveries keep failing this long (ms; 0 = never) */
  metaUnsubscribeAfterMs: number;
  /** default token lifetimes in seconds */
  tokenTtl: {
    metaShortUser: number;
    metaLongUser: number;
    instagramLong: number;
    xAccess: number;
    googleAccess: number;
    tiktokAccess: number;
    tiktokRefresh: number;
  };
}

export function defaultConfig(): FakeConfig {
  return {
    webhookTarget: null,
    publicUrl: 'http://127.0.0.1:4010',
    webhooks: {
      retryScale: 1,
      schedules: {},
      maxQueue: 100_000,
      concurrency: 16,
      duplicateRate: 0,
      batchWindowMs: 0,
      maxBatch: 1000,
      logSize: 20_000,
      allowNonLoopback: false,
    },
    limits: {
      meta: {
        app: { limit: 20_000, windowMs: HOUR },
        user: { limit: 20_000, windowMs: HOUR },
        page: { limit: 48_000, windowMs: DAY },
        instagram: { limit: 48_000, windowMs: DAY },
        messenger: { limit: 20_000, windowMs: DAY },
        igPublish: { limit: 100, windowMs: DAY },
        igPrivateReply: { limit: 750, windowMs: HOUR },
        fbReels: { limit: 30, windowMs: DAY },
      },
      whatsapp: {
        throughput: { limit: 80, windowMs: 1000 },
        pair: { limit: 10, windowMs: MIN },
      },
      x: {
        tweetsCreateUser: { limit: 100, windowMs: 15 * MIN },
        tweetsCreateUserDay: { limit: 2_400, windowMs: DAY },
        tweetsCreateApp: { limit: 10_000, windowMs: DAY },
        mentionsUser: { limit: 300, windowMs: 15 * MIN },
        mentionsApp: { limit: 450, windowMs: 15 * MIN },
        default: { limit: 900, windowMs: 15 * MIN },
        dmSend: { limit: 200, windowMs: 15 * MIN },
      },
      telegram: {
        perChat: { limit: 20, windowMs: MIN },
        global: { limit: 30, windowMs: 1000 },
      },
      youtube: { dailyUnits: 10_000, dailyUploads: 100 },
      tiktok: {
        init: { limit: 6, windowMs: MIN },
        status: { limit: 30, windowMs: MIN },
        default: { limit: 600, windowMs: MIN },
      },
    },
    processing: {
      igContainerMs: 1500,
      fbVideoMs: 2000,
      xMediaMs: 1000,
      youtubeMs: 3000,
      tiktokMs: 2000,
      whatsappStatusMs: [200, 800, 3000],
    },
    faults: {},
    oauthAutoApprove: true,
    xStreamKeepAliveMs: 20_000,
    xCrcIntervalMs: HOUR,
    telegramMaxLongPollSec: 50,
    telegramRequireHttps: false,
    graphVersionPattern: '^v\\d+\\.0$',
    metaUnsubscribeAfterMs: HOUR,
    tokenTtl: {
      metaShortUser: 2 * HOUR / 1000,
      metaLongUser: 60 * DAY / 1000,
      instagramLong: 60 * DAY / 1000,
      xAccess: 2 * HOUR / 1000,
      googleAccess: 3599,
      tiktokAccess: DAY / 1000,
      tiktokRefresh: 365 * DAY / 1000,
    },
  };
}

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges `patch` into `target` in place (arrays and scalars replace; null clears optional values). */
export function deepMerge<T extends object>(target: T, patch: DeepPartial<T> | Record<string, unknown>): T {
  const t = target as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    if (v === undefined) continue;
    if (isPlainObject(v) && isPlainObject(t[k])) deepMerge(t[k] as object, v);
    else t[k] = isPlainObject(v) ? structuredClone(v) : v;
  }
  return target;
}
