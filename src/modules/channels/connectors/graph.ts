import { createHmac } from 'node:crypto';
import type { ChannelPlatform } from '../../../platform/db/schema.ts';
import type { PlatformSettings } from '../settings.ts';
import { ConnectorError, type ErrorKind, type HttpRequest, type HttpResponse } from './types.ts';

// A small typed Graph API client (Facebook Pages, Instagram, WhatsApp Cloud API) on the connectors'
// fetch-based HTTP: versioned URLs on the configured hosts only, the token as Bearer with
// appsecret_proof/appsecret_time, the Graph error object mapped to ConnectorError kinds, usage
// headers read on every answer (and kept so that callers can slow down before the limit), and
// cursor paging that never follows a URL to a host that is not configured.

export type GraphHost = 'graph' | 'graphVideo' | 'graphInstagram' | 'rupload';

/** What the client needs of a ConnectorContext or AuthContext. */
export interface GraphTransport {
  settings: PlatformSettings;
  http(req: HttpRequest): Promise<HttpResponse>;
  now(): Date;
}

// ── usage headers ───────────────────────────────────────────────────
export interface UsageCounters {
  /** percent of the budget used */
  callCount: number;
  totalTime: number;
  totalCputime: number;
}

export interface BucUsage extends UsageCounters {
  /** the business object (Page, IG user, WABA...) the entry is about */
  id: string;
  type: string;
  /** minutes until calls are allowed again (0 when not throttled) */
  estimatedTimeToRegainAccess: number;
}

export interface GraphUsage {
  /** X-App-Usage */
  app: UsageCounters | null;
  /** X-Page-Usage */
  page: UsageCounters | null;
  /** X-Business-Use-Case-Usage */
  buc: BucUsage[];
  /** unix ms when it was read */
  at: number;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : 0);

function counters(raw: unknown): UsageCounters | null {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  return { callCount: num(o.call_count), totalTime: num(o.total_time), totalCputime: num(o.total_cputime) };
}

function parseJsonHeader(headers: Headers, name: string): unknown {
  const v = headers.get(name);
  if (!v) return null;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return null;
  }
}

/** Reads X-App-Usage, X-Page-Usage and X-Business-Use-Case-Usage; null when none is present. */
export function parseUsage(headers: Headers, at = Date.now()): GraphUsage | null {
  const app = counters(parseJsonHeader(headers, 'x-app-usage'));
  const page = counters(parseJsonHeader(headers, 'x-page-usage'));
  const bucRaw = parseJsonHeader(headers, 'x-business-use-case-usage');
  const buc: BucUsage[] = [];
  if (bucRaw && typeof bucRaw === 'object') {
    for (const [id, entries] of Object.entries(bucRaw as Record<string, unknown>)) {
      if (!Array.isArray(entries)) continue;
      for (const e of entries) {
        const c = counters(e);
        if (!c) continue;
        const o = e as Record<string, unknown>;
        buc.push({ ...c, id, type: typeof o.type === 'string' ? o.type : '', estimatedTimeToRegainAccess: num(o.estimated_time_to_regain_access) });
      }
    }
  }
  if (!app && !page && buc.length === 0) return null;
  return { app, page, buc, at };
}

/** The highest percentage of any budget in the usage. */
export function usagePercent(u: GraphUsage): number {
  const all = [u.app, u.page, ...u.buc].filter((c): c is UsageCounters => c !== null);
  return Math.max(0, ...all.map((c) => Math.max(c.callCount, c.totalTime, c.totalCputime)));
}

/**
 * How long to wait before the next call so as not to hit the limit: 0 below `thresholdPercent`,
 * then growing from 5 s at the threshold to 60 s at 100 %; the platform's own
 * estimated_time_to_regain_access when it gives one.
 */
export function suggestedDelayMs(u: GraphUsage | null, thresholdPercent = 90): number {
  if (!u) return 0;
  const regain = Math.max(0, ...u.buc.map((b) => b.estimatedTimeToRegainAccess));
  if (regain > 0) return regain * 60_000;
  const pct = usagePercent(u);
  if (pct < thresholdPercent) return 0;
  const span = Math.max(1, 100 - thresholdPercent);
  return Math.round(5_000 + (Math.min(100, pct) - thresholdPercent) / span * 55_000);
}

// The latest usage seen per account (external id) and per app, for the whole process: connectors are
// stateless, the jobs that call them ask here whether to slow down.
const USAGE_TTL_MS = 3_600_000;
const usageBook = new Map<string, GraphUsage>();

export function recordGraphUsage(key: string, u: GraphUsage): void {
  usageBook.delete(key);
  usageBook.set(key, u);
  if (usageBook.size > 10_000) {
    const oldest = usageBook.keys().next().value;
    if (oldest !== undefined) usageBook.delete(oldest);
  }
}

/** The latest usage recorded for an account's external id (or `app:<app id>`), if recent. */
export function graphUsageFor(key: string, now = Date.now()): GraphUsage | null {
  const u = usageBook.get(key);
  return u && now - u.at < USAGE_TTL_MS ? u : null;
}

/** Suggested delay before the next Graph call for this account (and app), from the latest usage headers. */
export function suggestedGraphDelayMs(accountExternalId: string, appId?: string, now = Date.now(), thresholdPercent = 90): number {
  const a = suggestedDelayMs(graphUsageFor(accountExternalId, now), thresholdPercent);
  const b = appId ? suggestedDelayMs(graphUsageFor(`app:${appId}`, now), thresholdPercent) : 0;
  return Math.max(a, b);
}

// ── errors ──────────────────────────────────────────────────────────
export type AuthReason = 'expired' | 'revoked' | 'invalid';

/** A ConnectorError that keeps the Graph error object's details. */
export class GraphApiError extends ConnectorError {
  readonly code: number | null;
  readonly subcode: number | null;
  readonly fbtraceId: string | null;
  readonly userTitle: string | null;
  readonly userMsg: string | null;
  /** For kind 'auth': why the token does not work. */
  readonly authReason: AuthReason | null;
  readonly usage: GraphUsage | null;

  constructor(
    kind: ErrorKind,
    platform: ChannelPlatform,
    message: string,
    extra: {
      retryAfterMs?: number | null;
      status?: number | null;
      code?: number | null;
      subcode?: number | null;
      fbtraceId?: string | null;
      userTitle?: string | null;
      userMsg?: string | null;
      authReason?: AuthReason | null;
      usage?: GraphUsage | null;
      appWide?: boolean;
    } = {},
  ) {
    super(kind, platform, message, { retryAfterMs: extra.retryAfterMs ?? null, platformCode: extra.code ?? null, status: extra.status ?? null, appWide: extra.appWide ?? false });
    this.name = 'GraphApiError';
    this.code = extra.code ?? null;
    this.subcode = extra.subcode ?? null;
    this.fbtraceId = extra.fbtraceId ?? null;
    this.userTitle = extra.userTitle ?? null;
    this.userMsg = extra.userMsg ?? null;
    this.authReason = extra.authReason ?? null;
    this.usage = extra.usage ?? null;
  }
}

/** Graph throttling codes: app (4), user (17), Pages with a user token (32), custom (613), BUC (800xx). */
const RATE_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014]);
/** WhatsApp Cloud API throttling: throughput, pair rate, spam rate, and the generic rate limit. */
const WA_RATE_CODES = new Set([130429, 131056, 131048, 130472]);
/** WhatsApp "something went wrong" / "service unavailable" / "server temporarily unavailable". */
const WA_TRANSIENT_CODES = new Set([131000, 131016, 133004]);
/** Token subcodes meaning the user (or Meta) took the grant away, as opposed to plain expiry. */
const REVOKED_SUBCODES = new Set([458, 459, 460, 464, 467, 492]);

/** Wait used when the platform throttles without saying for how long. */
export function defaultRetryAfterMs(code: number | null, subcode: number | null): number {
  if (code === 130429) return 1_000; // throughput per second
  if (code === 131056) return 6_000; // same recipient: about one message per 6 s
  if (code === 9007 || subcode === 2207027) return 5_000; // IG media not ready yet
  if (code === 9 && subcode === 2207042) return 3_600_000; // IG 100 posts / 24 h
  return 60_000; // Graph throttles count over rolling windows of an hour or a day; retrying sooner only burns calls
}

function authReasonOf(subcode: number | null, message: string): AuthReason {
  if (subcode === 463) return 'expired';
  if (subcode !== null && REVOKED_SUBCODES.has(subcode)) return 'revoked';
  if (/expired/i.test(message)) return 'expired';
  return 'invalid';
}

const AUTH_TEXT: Record<AuthReason, string> = {
  expired: 'Token akses sudah kedaluwarsa; hubungkan ulang akun ini.',
  revoked: 'Izin akses dicabut (kata sandi diganti, aplikasi dihapus, atau peran admin hilang); hubungkan ulang akun ini.',
  invalid: 'Token akses tidak valid; hubungkan ulang akun ini.',
};

const PLATFORM_LABEL: Record<string, string> = { facebook: 'Facebook', instagram: 'Instagram', whatsapp: 'WhatsApp' };

/** X-App-Usage at 100 % on any counter: the app as a whole is throttled. */
function appUsageFull(usage: GraphUsage | null): boolean {
  const a = usage?.app;
  return !!a && Math.max(a.callCount, a.totalTime, a.totalCputime) >= 100;
}

/** Maps a non-2xx Graph answer (or a 2xx answer carrying an error object) to a GraphApiError. */
export function graphErrorFrom(platform: ChannelPlatform, res: HttpResponse, at = Date.now()): GraphApiError {
  const usage = parseUsage(res.headers, at);
  const raw = res.json && typeof res.json === 'object' ? (res.json as Record<string, unknown>).error : undefined;
  if (!raw || typeof raw !== 'object') {
    const snippet = (typeof raw === 'string' ? raw : res.text).slice(0, 300) || `HTTP ${res.status}`;
    if (res.status === 429) return new GraphApiError('rate_limited', platform, snippet, { status: res.status, retryAfterMs: suggestedDelayMs(usage) || 60_000, usage, appWide: appUsageFull(usage) });
    if (res.status >= 500) return new GraphApiError('transient', platform, snippet, { status: res.status, usage });
    if (res.status === 401) return new GraphApiError('auth', platform, `${AUTH_TEXT.invalid} (${snippet})`, { status: res.status, authReason: 'invalid', usage });
    return new GraphApiError('permanent', platform, snippet, { status: res.status, usage });
  }
  const e = raw as Record<string, unknown>;
  const code = typeof e.code === 'number' ? e.code : num(e.code) || null;
  const subcode = typeof e.error_subcode === 'number' ? e.error_subcode : num(e.error_subcode) || null;
  const message = typeof e.message === 'string' ? e.message : `HTTP ${res.status}`;
  const userMsg = typeof e.error_user_msg === 'string' && e.error_user_msg ? e.error_user_msg : null;
  const userTitle = typeof e.error_user_title === 'string' && e.error_user_title ? e.error_user_title : null;
  const details = {
    status: res.status,
    code,
    subcode,
    fbtraceId: typeof e.fbtrace_id === 'string' ? e.fbtrace_id : null,
    userTitle,
    userMsg,
    usage,
  };
  const shown = userMsg ?? message;

  if (code === 190 || code === 102) {
    const reason = authReasonOf(subcode, message);
    return new GraphApiError('auth', platform, `${PLATFORM_LABEL[platform] ?? platform}: ${AUTH_TEXT[reason]} (${message})`, { ...details, authReason: reason });
  }
  if ((code !== null && (RATE_CODES.has(code) || WA_RATE_CODES.has(code))) || (code === 9 && subcode === 2207042)) {
    const regain = suggestedDelayMs(usage && usage.buc.some((b) => b.estimatedTimeToRegainAccess > 0) ? usage : null);
    // code 4: the app's own request limit (every Page and account of the app waits, not only this one)
    return new GraphApiError('rate_limited', platform, shown, { ...details, retryAfterMs: regain || defaultRetryAfterMs(code, subcode), appWide: code === 4 || appUsageFull(usage) });
  }
  if (code === 9007 || subcode === 2207027) {
    return new GraphApiError('rate_limited', platform, shown, { ...details, retryAfterMs: defaultRetryAfterMs(code, subcode) });
  }
  if (code === 1 || code === 2 || res.status >= 500 || e.is_transient === true || (code !== null && WA_TRANSIENT_CODES.has(code))) {
    return new GraphApiError('transient', platform, shown, details);
  }
  // 10 and 200-299 permissions, 100 parameters, 368 blocked, 506 duplicate, and everything else
  return new GraphApiError('permanent', platform, shown, details);
}

// ── the client ──────────────────────────────────────────────────────
export type Query = Record<string, string | number | boolean | undefined>;

export interface GraphCallOptions {
  host?: GraphHost;
  query?: Query;
  form?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Overrides the client's token; null sends none (code exchange). */
  token?: string | null;
  /** Send the token as access_token in the query instead of the Authorization header. */
  tokenInQuery?: boolean;
  /** Authorization scheme: rupload wants "OAuth <token>". */
  authScheme?: 'Bearer' | 'OAuth';
  /** Skip the version segment (rupload paths carry their own). */
  unversioned?: boolean;
}

export interface GraphClientOptions {
  platform: ChannelPlatform;
  token: string | null;
  /** Secret for appsecret_proof (the Meta app's, or the Instagram app's for Instagram-login tokens); null: no proof. */
  appSecret: string | null;
  /** Default host. */
  host?: GraphHost;
  /** Where the usage headers are recorded (an account's external id). */
  usageKey?: string | null;
  appId?: string | null;
}

export interface GraphList<T> {
  data: T[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

export class GraphClient {
  readonly platform: ChannelPlatform;
  readonly version: string;
  /** Usage headers of the latest answer. */
  lastUsage: GraphUsage | null = null;
  private readonly transport: GraphTransport;
  private readonly token: string | null;
  private readonly appSecret: string | null;
  private readonly host: GraphHost;
  private readonly usageKey: string | null;
  private readonly appId: string | null;

  constructor(transport: GraphTransport, opts: GraphClientOptions) {
    this.transport = transport;
    this.platform = opts.platform;
    this.token = opts.token;
    this.appSecret = opts.appSecret;
    this.host = opts.host ?? 'graph';
    this.usageKey = opts.usageKey ?? null;
    this.appId = opts.appId ?? null;
    this.version = transport.settings.apps.graphVersion || 'v27.0';
  }

  /** Base URL of a host, without the version. */
  base(host: GraphHost = this.host): string {
    return this.transport.settings.hosts[host].replace(/\/+$/, '');
  }

  /** `{host}/{version}/{path}` */
  url(path: string, host: GraphHost = this.host, unversioned = false): string {
    const p = path.replace(/^\/+/, '');
    return unversioned ? `${this.base(host)}/${p}` : `${this.base(host)}/${this.version}/${p}`;
  }

  /** True when the URL is on one of the configured hosts (the only ones the client talks to). */
  isConfiguredUrl(url: string, host?: GraphHost): boolean {
    const bases = host ? [this.base(host)] : (['graph', 'graphVideo', 'graphInstagram', 'rupload'] as const).map((h) => this.base(h));
    return bases.some((b) => url === b || url.startsWith(`${b}/`) || url.startsWith(`${b}?`));
  }

  /** appsecret_proof = hex(HMAC-SHA256(app secret, token + "|" + time)) with appsecret_time (unix s). */
  proof(token: string): Record<string, string> {
    if (!this.appSecret) return {};
    const t = String(Math.floor(this.transport.now().getTime() / 1000));
    return { appsecret_proof: createHmac('sha256', this.appSecret).update(`${token}|${t}`).digest('hex'), appsecret_time: t };
  }

  async request<T>(method: HttpRequest['method'], pathOrUrl: string, opts: GraphCallOptions = {}): Promise<T> {
    let url: string;
    if (/^https?:\/\//i.test(pathOrUrl)) {
      if (!this.isConfiguredUrl(pathOrUrl)) throw new GraphApiError('permanent', this.platform, 'Menolak mengikuti URL ke host yang tidak dikonfigurasi');
      url = stripAuthParams(pathOrUrl);
    } else {
      url = this.url(pathOrUrl, opts.host ?? this.host, opts.unversioned ?? false);
    }
    const query: Query = { ...opts.query };
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? this.token : opts.token;
    if (token) {
      if (opts.tokenInQuery) query.access_token = token;
      else headers.authorization = `${opts.authScheme ?? 'Bearer'} ${token}`;
      Object.assign(query, this.proof(token));
    }
    const req: HttpRequest = { method, url, query, headers };
    if (opts.form) req.form = opts.form;
    if (opts.json !== undefined) req.json = opts.json;
    if (opts.timeoutMs !== undefined) req.timeoutMs = opts.timeoutMs;
    const res = await this.transport.http(req);
    const at = this.transport.now().getTime();
    const usage = parseUsage(res.headers, at);
    if (usage) {
      this.lastUsage = usage;
      if (this.usageKey) recordGraphUsage(this.usageKey, usage);
      if (this.appId && usage.app) recordGraphUsage(`app:${this.appId}`, { app: usage.app, page: null, buc: [], at });
    }
    const hasError = !!res.json && typeof res.json === 'object' && 'error' in (res.json as object);
    if (res.status >= 200 && res.status < 300 && !hasError) return (res.json ?? res.text) as T;
    throw graphErrorFrom(this.platform, res, at);
  }

  get<T>(path: string, opts: GraphCallOptions = {}): Promise<T> {
    return this.request<T>('GET', path, opts);
  }

  post<T>(path: string, opts: GraphCallOptions = {}): Promise<T> {
    return this.request<T>('POST', path, opts);
  }

  delete<T>(path: string, opts: GraphCallOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, opts);
  }

  /**
   * Yields the pages of a cursor-paged edge. Follows `paging.next` only when it is on the same
   * configured host (without the token it may carry: ours goes in the header); otherwise
   * continues with `cursors.after` on the original request. Stops on the last page or after maxPages.
   */
  async *pages<T>(path: string, opts: GraphCallOptions & { maxPages?: number } = {}): AsyncGenerator<T[]> {
    const host = opts.host ?? this.host;
    let query: Query = { ...opts.query };
    let nextUrl: string | null = null;
    const max = opts.maxPages ?? 10;
    for (let i = 0; i < max; i++) {
      const body: GraphList<T> = nextUrl ? await this.get<GraphList<T>>(nextUrl, { ...opts, query: {} }) : await this.get<GraphList<T>>(path, { ...opts, query });
      yield Array.isArray(body?.data) ? body.data : [];
      const next = body?.paging?.next;
      const after = body?.paging?.cursors?.after;
      if (!next) return;
      if (this.isConfiguredUrl(next, host)) {
        nextUrl = next;
      } else if (after) {
        nextUrl = null;
        query = { ...query, after };
      } else {
        return;
      }
    }
  }
}

/** Removes access_token and an old proof from a URL handed out by the platform (paging.next). */
function stripAuthParams(url: string): string {
  const u = new URL(url);
  for (const k of ['access_token', 'appsecret_proof', 'appsecret_time']) u.searchParams.delete(k);
  return u.toString();
}

/** Parses Graph times ("2026-11-04T10:00:00+0000") and ISO strings. */
export function parseGraphTime(v: unknown): Date | null {
  if (typeof v === 'number') return new Date(v < 1e12 ? v * 1000 : v);
  if (typeof v !== 'string' || !v) return null;
  const d = new Date(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The app access token "{app-id}|{app-secret}" (debug_token, app subscriptions). */
export function appAccessToken(settings: PlatformSettings): string | null {
  const { appId, appSecret } = settings.apps.meta;
  return appId && appSecret ? `${appId}|${appSecret}` : null;
}

/** Waits between status polls; replaceable in tests (graphTiming.sleep = ...). */
export const graphTiming = {
  sleep: (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms)),
};
export const sleep = (ms: number): Promise<void> => graphTiming.sleep(ms);
