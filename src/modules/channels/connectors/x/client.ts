import http from 'node:http';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, TwitterApi } from 'twitter-api-v2';
import type { IClientSettings, ITwitterApiClientPlugin } from 'twitter-api-v2';
import { ConnectorError } from '../types.ts';
import type { ConnectorContext, Credentials } from '../types.ts';
import type { PlatformSettings } from '../../settings.ts';

// twitter-api-v2 pointed at settings.hosts.xApi, and its errors mapped to ConnectorError.
//
// The library hard-codes https://api.x.com/...; its documented plugin hook rewrites each request
// URL to the configured host (a no-op in production). The path stays /2/..., because the library
// chooses JSON or form bodies by `pathname.startsWith('/2/')`. It sends with https.request, so a
// plain-http host (the fakes on loopback) needs an http.Agent. Requests get a timeout (the library
// has none by default).

export const X_TIMEOUT_MS = 20_000;
const loopbackAgent = new http.Agent({ keepAlive: false });

export function clientSettings(settings: PlatformSettings, timeoutMs = X_TIMEOUT_MS): Partial<IClientSettings> {
  const base = settings.hosts.xApi.replace(/\/+$/, '');
  const rewrite = (u: string) => u.replace(/^https:\/\/api\.(x|twitter)\.com\//, `${base}/`);
  const plugin: ITwitterApiClientPlugin = {
    onBeforeRequestConfig(args) {
      args.params.url = rewrite(args.params.url);
      args.params.timeout ??= timeoutMs;
    },
    onBeforeStreamRequestConfig(args) {
      args.params.url = rewrite(args.params.url);
    },
  };
  return { plugins: [plugin], ...(base.startsWith('http:') ? { httpAgent: loopbackAgent } : {}) };
}

/** A user-context client: OAuth 2.0 bearer when present, else OAuth 1.0a user credentials. */
export function userClient(ctx: { settings: PlatformSettings; credentials: Credentials }): TwitterApi {
  const c = ctx.credentials;
  if (c.accessToken) return new TwitterApi(c.accessToken, clientSettings(ctx.settings));
  if (c.oauth1) {
    const app = ctx.settings.apps.x;
    return new TwitterApi({ appKey: app.consumerKey, appSecret: app.consumerSecret, accessToken: c.oauth1.accessToken, accessSecret: c.oauth1.accessSecret }, clientSettings(ctx.settings));
  }
  throw new ConnectorError('auth', 'x', 'Akun X belum memiliki token akses; hubungkan ulang akun.');
}

/** The app (client id/secret) for the OAuth 2.0 token endpoint. */
export function appClient(settings: PlatformSettings): TwitterApi {
  return new TwitterApi({ clientId: settings.apps.x.clientId, clientSecret: settings.apps.x.clientSecret }, clientSettings(settings));
}

type Op = 'read' | 'write';

function header(headers: Record<string, string | string[] | undefined> | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return Array.isArray(v) ? v[0] : v;
}

/** How long X asked us to wait: the exhausted window's reset (24-hour post limits first), in ms from now. */
export function retryAfterFrom(headers: Record<string, string | string[] | undefined> | undefined, now: Date): number | null {
  const windows = ['x-user-limit-24hour', 'x-app-limit-24hour', 'x-rate-limit'];
  let reset: number | null = null;
  for (const w of windows) {
    const remaining = header(headers, `${w}-remaining`);
    const r = header(headers, `${w}-reset`);
    if (remaining === '0' && r && /^\d+$/.test(r)) {
      reset = Number(r);
      break;
    }
  }
  if (reset === null) {
    const r = header(headers, 'x-rate-limit-reset');
    if (r && /^\d+$/.test(r)) reset = Number(r);
  }
  if (reset === null) return null;
  return Math.max(1000, reset * 1000 - now.getTime());
}

function problemText(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const d = data as { detail?: unknown; title?: unknown; errors?: { message?: unknown; detail?: unknown }[]; error_description?: unknown };
  const first = Array.isArray(d.errors) ? d.errors[0] : undefined;
  const parts = [d.detail, first?.message ?? first?.detail, d.error_description].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return [...new Set(parts)].join(' — ') || (typeof d.title === 'string' ? d.title : '');
}

/**
 * X errors → ConnectorError. `op` says whether the call creates something (a post, a DM): a
 * network failure after sending such a call is 'ambiguous'; for reads and idempotent writes
 * (hide, delete, media upload) it is 'transient'.
 */
export function mapXError(err: unknown, op: Op, now: Date): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof ApiResponseError) {
    const detail = problemText(err.data);
    const extra = { status: err.code, platformCode: typeof (err.data as { type?: unknown })?.type === 'string' ? String((err.data as { type: string }).type) : err.code };
    if (err.code === 429 || err.code === 420) {
      const headers = err.headers as Record<string, string | string[] | undefined>;
      // the app's 24-hour cap (every account connected through the app), not only this account's windows
      const appWide = header(headers, 'x-app-limit-24hour-remaining') === '0' && header(headers, 'x-user-limit-24hour-remaining') !== '0';
      return new ConnectorError('rate_limited', 'x', appWide ? 'Batas harian aplikasi X tercapai untuk semua akun; Dayung menunggu sampai batas dipulihkan.' : 'Batas permintaan X tercapai; Dayung menunggu sesuai batas waktu dari X.', { ...extra, retryAfterMs: retryAfterFrom(headers, now), appWide });
    }
    if (err.code === 401) return new ConnectorError('auth', 'x', `Token X tidak berlaku (kedaluwarsa/expired atau dicabut); hubungkan ulang akun. ${detail}`.trim(), extra);
    if (err.code === 403 && /duplicate/i.test(detail)) return new ConnectorError('permanent', 'x', 'X menolak postingan dengan teks yang sama persis dengan postingan sebelumnya.', extra);
    if (err.code === 403 && /unsupported-authentication|Unsupported Authentication/i.test(`${detail} ${JSON.stringify(err.data)}`)) {
      return new ConnectorError('auth', 'x', 'Jenis otorisasi akun X tidak cocok untuk tindakan ini; hubungkan ulang akun.', extra);
    }
    if (err.code === 400 && /too long/i.test(detail)) return new ConnectorError('permanent', 'x', 'Teks terlalu panjang untuk X (maksimal 280 karakter).', extra);
    if (err.code >= 500) return new ConnectorError('transient', 'x', `X sedang bermasalah (HTTP ${err.code}); akan dicoba lagi.`, extra);
    return new ConnectorError('permanent', 'x', `X menolak permintaan (HTTP ${err.code}): ${detail || 'tanpa keterangan'}`, extra);
  }
  if (err instanceof ApiRequestError || err instanceof ApiPartialResponseError) {
    const cause = err instanceof ApiRequestError ? (err.requestError as Error & { code?: string }) : (err.responseError as Error & { code?: string });
    const code = cause?.code ?? cause?.message ?? 'network';
    const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
    const kind = op === 'write' && !refused ? 'ambiguous' : 'transient';
    return new ConnectorError(kind, 'x', kind === 'ambiguous' ? `Koneksi ke X terputus setelah permintaan dikirim (${code}); hasilnya perlu dicek.` : `Koneksi ke X gagal (${code}).`);
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/Media processing failed/i.test(message)) return new ConnectorError('permanent', 'x', `X gagal memproses media: ${message}`);
  return new ConnectorError(op === 'write' ? 'ambiguous' : 'transient', 'x', `Kesalahan tak terduga saat menghubungi X: ${message}`);
}

// ── credentials ─────────────────────────────────────────────────────
const REFRESH_MARGIN_MS = 120_000;

/**
 * Refreshes the OAuth 2.0 token (X rotates the refresh token: the old one dies at once, so the new
 * pair is saved through ctx.saveCredentials before it is used) and puts it into ctx.credentials.
 */
export async function refreshX(ctx: ConnectorContext): Promise<Credentials> {
  const rt = ctx.credentials.refreshToken;
  if (!rt) throw new ConnectorError('auth', 'x', 'Akun X tidak memiliki refresh token (izin offline.access); hubungkan ulang akun.');
  let r: Awaited<ReturnType<TwitterApi['refreshOAuth2Token']>>;
  try {
    r = await appClient(ctx.settings).refreshOAuth2Token(rt);
  } catch (err) {
    const e = mapXError(err, 'read', ctx.now());
    if (err instanceof ApiResponseError && (err.code === 400 || err.code === 401)) {
      throw new ConnectorError('auth', 'x', `Refresh token X tidak berlaku lagi; hubungkan ulang akun. ${problemText(err.data)}`.trim(), { status: err.code });
    }
    throw e;
  }
  const creds: Credentials = {
    accessToken: r.accessToken,
    refreshToken: r.refreshToken ?? rt,
    expiresAt: new Date(ctx.now().getTime() + r.expiresIn * 1000),
    oauth1: ctx.credentials.oauth1,
  };
  await ctx.saveCredentials?.(creds);
  ctx.credentials = creds;
  return creds;
}

/** Rotating tokens may only be refreshed in passing when the new pair can be saved. */
function canRefresh(ctx: ConnectorContext): boolean {
  return !!ctx.credentials.refreshToken && !!ctx.saveCredentials;
}

/**
 * Runs one X call with the account's client: refreshes an expiring OAuth 2.0 token first, and once
 * more after a 401 (the call did not happen, so repeating it is safe even for posts).
 */
export async function withX<T>(ctx: ConnectorContext, op: Op, fn: (c: TwitterApi) => Promise<T>): Promise<T> {
  const exp = ctx.credentials.expiresAt;
  if (canRefresh(ctx) && exp && exp.getTime() - ctx.now().getTime() < REFRESH_MARGIN_MS) await refreshX(ctx);
  try {
    return await fn(userClient(ctx));
  } catch (err) {
    const e = mapXError(err, op, ctx.now());
    if (e.kind !== 'auth' || e.status !== 401 || !canRefresh(ctx)) throw e;
  }
  await refreshX(ctx);
  try {
    return await fn(userClient(ctx));
  } catch (err) {
    throw mapXError(err, op, ctx.now());
  }
}
