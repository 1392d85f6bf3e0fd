import { auth as gauth, youtube } from '@googleapis/youtube';
import type { youtube_v3 } from '@googleapis/youtube';
import { ConnectorError } from '../types.ts';
import type { AuthContext, ConnectorContext, Credentials, HttpResponse } from '../types.ts';
import type { PlatformSettings } from '../../settings.ts';

// @googleapis/youtube pointed at settings.hosts.google, Google's errors mapped to ConnectorError,
// the Google token endpoint, and a process-local estimate of the project's daily quota.
//
// googleapis traps (see docs/fakes.md): a *global* rootUrl keeps only the origin of the URL (a path
// such as /google/ would be dropped), so the rootUrl is passed per call, where the path is kept.
// Every call also turns gaxios' own retries off (withRetries decides, and a retried POST could
// comment twice) and gets a timeout.

export const YT_TIMEOUT_MS = 20_000;
export const YT_SCOPES = ['https://www.googleapis.com/auth/youtube.force-ssl', 'https://www.googleapis.com/auth/youtube.upload'];

export type Yt = youtube_v3.Youtube;

export function ytApi(accessToken: string): Yt {
  const client = new gauth.OAuth2();
  // only an access token: the client never refreshes by itself (Dayung refreshes and saves)
  client.setCredentials({ access_token: accessToken });
  return youtube({ version: 'v3', auth: client });
}

export function callOptions(settings: PlatformSettings, timeoutMs = YT_TIMEOUT_MS) {
  return { rootUrl: `${settings.hosts.google.replace(/\/+$/, '')}/`, retry: false, timeout: timeoutMs };
}

// ── quota ───────────────────────────────────────────────────────────
// 10 000 units per project (OAuth client) per Pacific day: lists 1, inserts/moderation/deletes 50;
// videos.insert has its own bucket (100 per day). Counted per process: an estimate used to stop
// optional work (extra poll pages) early and, once Google has said quotaExceeded, to refuse calls
// until midnight Pacific time without spending requests on certain refusals.

export const youtubeQuota = {
  dailyUnits: 10_000,
  dailyUploads: 100,
  /** poll paging stops when the estimate passes this share of dailyUnits (replies keep the rest) */
  pollShare: 0.8,
  used: new Map<string, { units: number; uploads: number; exhausted: boolean; uploadsExhausted: boolean }>(),
  usage(clientId: string, now: Date) {
    const day = pacificDay(now);
    const key = `${clientId}|${day}`;
    let u = this.used.get(key);
    if (!u) {
      for (const k of this.used.keys()) if (!k.endsWith(`|${day}`)) this.used.delete(k);
      u = { units: 0, uploads: 0, exhausted: false, uploadsExhausted: false };
      this.used.set(key, u);
    }
    return u;
  },
};

export const UNITS = { list: 1, write: 50, upload: 0 } as const;

const PT = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function pacificDay(d: Date): string {
  return PT.format(d).slice(0, 10);
}

/** Milliseconds until the next midnight in America/Los_Angeles (the quota reset), DST-aware. */
export function msUntilPacificMidnight(now: Date): number {
  const [y, m, d] = pacificDay(now).split('-').map(Number) as [number, number, number];
  // midnight PT of the next day is 07:00 or 08:00 UTC (PDT / PST)
  for (const h of [7, 8]) {
    const t = Date.UTC(y, m - 1, d + 1, h);
    const parts = PT.formatToParts(new Date(t));
    if (parts.find((p) => p.type === 'hour')?.value === '00') return Math.max(1000, t - now.getTime());
  }
  return Math.max(1000, Date.UTC(y, m - 1, d + 1, 8) - now.getTime());
}

function quotaError(now: Date, what: 'units' | 'uploads'): ConnectorError {
  return new ConnectorError(
    'rate_limited',
    'youtube',
    what === 'units' ? 'Kuota harian YouTube Data API habis; dilanjutkan setelah pergantian hari waktu Pasifik.' : 'Batas unggah video YouTube harian tercapai; dilanjutkan setelah pergantian hari waktu Pasifik.',
    // the daily units are the Google Cloud project's (every channel connected through it); uploads are per channel
    { retryAfterMs: msUntilPacificMidnight(now), status: 403, platformCode: what === 'units' ? 'quotaExceeded' : 'uploadLimitExceeded', appWide: what === 'units' },
  );
}

export function spend(ctx: { settings: PlatformSettings; now(): Date }, units: number, bucket: 'units' | 'uploads' = 'units'): void {
  const u = youtubeQuota.usage(ctx.settings.apps.google.clientId, ctx.now());
  if (bucket === 'uploads') {
    if (u.uploadsExhausted) throw quotaError(ctx.now(), 'uploads');
    u.uploads += 1;
  } else {
    if (u.exhausted) throw quotaError(ctx.now(), 'units');
    u.units += units;
  }
}

// ── errors ──────────────────────────────────────────────────────────
type Op = 'read' | 'write';

interface GoogleErrorBody {
  error?: string | { code?: number; message?: string; errors?: { reason?: string; message?: string }[]; status?: string };
  error_description?: string;
}

const stripHtml = (s: string) => s.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

/** A Google answer (status + JSON body) → ConnectorError. */
export function fromGoogleAnswer(status: number, body: unknown, headers: { get(name: string): string | null } | null, now: Date, settings: PlatformSettings | null): ConnectorError {
  const b = (body && typeof body === 'object' ? body : {}) as GoogleErrorBody;
  const extra = { status };
  if (typeof b.error === 'string') {
    // OAuth endpoints: {"error":"invalid_grant","error_description":"..."}
    const code = b.error;
    if (code === 'invalid_grant' || code === 'invalid_token') {
      return new ConnectorError('auth', 'youtube', 'Izin Google untuk kanal YouTube sudah dicabut atau kedaluwarsa (expired/revoked); hubungkan ulang kanal.', { ...extra, platformCode: code });
    }
    if (status >= 500) return new ConnectorError('transient', 'youtube', `Server OAuth Google sedang bermasalah (${status}).`, { ...extra, platformCode: code });
    return new ConnectorError('permanent', 'youtube', `Google menolak permintaan OAuth: ${code}${b.error_description ? ` (${b.error_description})` : ''}`, { ...extra, platformCode: code });
  }
  const reason = b.error?.errors?.[0]?.reason ?? b.error?.status ?? null;
  const message = stripHtml(b.error?.message ?? b.error?.errors?.[0]?.message ?? '');
  const withCode = { ...extra, platformCode: reason };
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') {
    if (settings) youtubeQuota.usage(settings.apps.google.clientId, now).exhausted = true;
    return quotaError(now, 'units');
  }
  if (reason === 'uploadLimitExceeded') {
    if (settings) youtubeQuota.usage(settings.apps.google.clientId, now).uploadsExhausted = true;
    return quotaError(now, 'uploads');
  }
  if (status === 429 || reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded') {
    const after = headers?.get('retry-after');
    const ms = after && /^\d+$/.test(after) ? Number(after) * 1000 : null;
    return new ConnectorError('rate_limited', 'youtube', 'YouTube meminta Dayung memperlambat permintaan.', { ...withCode, retryAfterMs: ms });
  }
  if (status === 401) return new ConnectorError('auth', 'youtube', 'Token akses YouTube tidak berlaku (kedaluwarsa/expired atau dicabut); hubungkan ulang kanal.', withCode);
  if (reason === 'insufficientPermissions') return new ConnectorError('auth', 'youtube', 'Izin (scope) YouTube yang diberikan tidak cukup; hubungkan ulang kanal dan setujui semua izin.', withCode);
  if (reason === 'commentsDisabled') return new ConnectorError('permanent', 'youtube', 'Komentar pada video ini dinonaktifkan.', withCode);
  if (reason === 'forbidden' && /delete/i.test(message)) return new ConnectorError('permanent', 'youtube', 'YouTube hanya mengizinkan penulis komentar menghapusnya; sembunyikan (tahan untuk ditinjau) komentar warga.', withCode);
  if (status >= 500) return new ConnectorError('transient', 'youtube', `YouTube sedang bermasalah (${status}); akan dicoba lagi.`, withCode);
  return new ConnectorError('permanent', 'youtube', `YouTube menolak permintaan (${status}${reason ? ` ${reason}` : ''}): ${message || 'tanpa keterangan'}`, withCode);
}

function networkCode(err: unknown): string {
  let e = err as { code?: unknown; cause?: unknown; name?: unknown; message?: unknown } | undefined;
  for (let i = 0; e && i < 4; i++) {
    if (typeof e.code === 'string' && /^E[A-Z]+/.test(e.code)) return e.code;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
    e = e.cause as typeof e;
  }
  return 'network';
}

/** GaxiosError (or anything thrown by the client) → ConnectorError. */
export function mapYtError(err: unknown, op: Op, now: Date, settings: PlatformSettings | null): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const e = err as { response?: { status?: number; data?: unknown; headers?: unknown } };
  if (e?.response?.status) {
    const h = e.response.headers as { get?: (n: string) => string | null } | Record<string, string> | undefined;
    const headers = h && typeof (h as { get?: unknown }).get === 'function' ? (h as { get(n: string): string | null }) : { get: (n: string) => ((h as Record<string, string> | undefined)?.[n] ?? null) };
    return fromGoogleAnswer(e.response.status, e.response.data, headers, now, settings);
  }
  const code = networkCode(err);
  const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  const kind = op === 'write' && !refused ? 'ambiguous' : 'transient';
  return new ConnectorError(kind, 'youtube', kind === 'ambiguous' ? `Koneksi ke YouTube terputus setelah permintaan dikirim (${code}); hasilnya perlu dicek.` : `Koneksi ke YouTube gagal (${code}).`);
}

export function fromHttp(res: HttpResponse, now: Date, settings: PlatformSettings): ConnectorError {
  return fromGoogleAnswer(res.status, res.json, res.headers, now, settings);
}

// ── tokens ──────────────────────────────────────────────────────────
// The token endpoint is called through ctx.http rather than google-auth-library: its OAuth2 client
// retries token POSTs internally (RETRY_CONFIG, hidden from withRetries) and stamps expiry with the
// wall clock instead of ctx.now().

export interface GoogleTokens {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
}

export async function tokenRequest(ctx: AuthContext | ConnectorContext, form: Record<string, string>): Promise<GoogleTokens> {
  const app = ctx.settings.apps.google;
  let res: HttpResponse;
  try {
    res = await ctx.http({ method: 'POST', url: `${ctx.settings.hosts.googleOauth.replace(/\/+$/, '')}/token`, form: { client_id: app.clientId, client_secret: app.clientSecret, ...form } });
  } catch (err) {
    // exchanging or refreshing creates nothing that matters twice: never 'ambiguous'
    if (err instanceof ConnectorError && err.kind === 'ambiguous') throw new ConnectorError('transient', 'youtube', err.message);
    throw err;
  }
  if (res.status !== 200) throw fromHttp(res, ctx.now(), ctx.settings);
  const t = res.json as GoogleTokens | null;
  if (!t?.access_token) throw new ConnectorError('transient', 'youtube', 'Jawaban token Google tidak lengkap.');
  return t;
}

export async function refreshYoutube(ctx: ConnectorContext): Promise<Credentials> {
  const rt = ctx.credentials.refreshToken;
  if (!rt) throw new ConnectorError('auth', 'youtube', 'Kanal YouTube tidak memiliki refresh token; hubungkan ulang kanal.');
  const t = await tokenRequest(ctx, { grant_type: 'refresh_token', refresh_token: rt });
  const creds: Credentials = {
    accessToken: t.access_token,
    refreshToken: t.refresh_token ?? rt,
    expiresAt: t.expires_in ? new Date(ctx.now().getTime() + t.expires_in * 1000) : null,
  };
  await ctx.saveCredentials?.(creds);
  ctx.credentials = creds;
  return creds;
}

const REFRESH_MARGIN_MS = 120_000;

/**
 * One YouTube call with the account's token: refreshed first when it is about to expire, and once
 * more after a 401 (nothing happened, so repeating is safe). Google does not rotate refresh tokens,
 * so refreshing without a way to save is harmless (the new access token just lives in ctx).
 */
export async function withYt<T>(ctx: ConnectorContext, op: Op, units: number, fn: (api: Yt, opts: ReturnType<typeof callOptions>) => Promise<T>): Promise<T> {
  const exp = ctx.credentials.expiresAt;
  if (ctx.credentials.refreshToken && exp && exp.getTime() - ctx.now().getTime() < REFRESH_MARGIN_MS) await refreshYoutube(ctx);
  spend(ctx, units);
  const run = () => fn(ytApi(ctx.credentials.accessToken), callOptions(ctx.settings));
  try {
    return await run();
  } catch (err) {
    const e = mapYtError(err, op, ctx.now(), ctx.settings);
    if (e.kind !== 'auth' || e.status !== 401 || !ctx.credentials.refreshToken) throw e;
  }
  await refreshYoutube(ctx);
  try {
    return await run();
  } catch (err) {
    throw mapYtError(err, op, ctx.now(), ctx.settings);
  }
}
