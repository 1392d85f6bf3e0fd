import { ConnectorError } from '../types.ts';
import type { AuthContext, ConnectorContext, Credentials, HttpRequest, HttpResponse } from '../types.ts';

// TikTok Open API v2 over ctx.http (TikTok has no maintained Node SDK): the {data, error:{code}}
// envelope, error codes mapped to ConnectorError, the Login Kit token endpoint, and calls that
// refresh the 24-hour access token when needed.

type Op = 'read' | 'write';

const base = (ctx: { settings: { hosts: { tiktok: string } } }) => ctx.settings.hosts.tiktok.replace(/\/+$/, '');

interface Envelope {
  data?: unknown;
  error?: { code?: string; message?: string; log_id?: string } | string;
  error_description?: string;
}

/** TikTok's per-minute windows send no Retry-After; wait a window unless told otherwise. */
const TIKTOK_WINDOW_MS = 60_000;

export function mapTikTokAnswer(res: Pick<HttpResponse, 'status' | 'json' | 'headers'>): ConnectorError {
  const body = (res.json && typeof res.json === 'object' ? res.json : {}) as Envelope;
  const status = res.status;
  let code: string | null = null;
  let message = '';
  if (typeof body.error === 'string') {
    code = body.error;
    message = body.error_description ?? '';
  } else if (body.error && typeof body.error === 'object') {
    code = body.error.code ?? null;
    message = body.error.message ?? '';
  }
  const extra = { status, platformCode: code };
  switch (code) {
    case 'access_token_invalid':
      return new ConnectorError('auth', 'tiktok', 'Token TikTok tidak berlaku (kedaluwarsa/expired atau dicabut); hubungkan ulang akun.', extra);
    case 'scope_not_authorized':
      return new ConnectorError('auth', 'tiktok', `Izin TikTok yang diberikan tidak cukup (${message}); hubungkan ulang akun dan setujui semua izin.`, extra);
    case 'invalid_grant':
      return new ConnectorError('auth', 'tiktok', 'Refresh token TikTok tidak berlaku lagi (expired atau dicabut); hubungkan ulang akun.', extra);
    case 'rate_limit_exceeded': {
      const after = res.headers.get('retry-after');
      return new ConnectorError('rate_limited', 'tiktok', 'Batas permintaan TikTok tercapai; Dayung menunggu sebelum mencoba lagi.', { ...extra, retryAfterMs: after && /^\d+$/.test(after) ? Number(after) * 1000 : TIKTOK_WINDOW_MS });
    }
    case 'unaudited_client_can_only_post_to_private_accounts':
      return new ConnectorError('permanent', 'tiktok', 'Aplikasi TikTok Dayung belum diaudit TikTok: hanya boleh memublikasikan sebagai privat (SELF_ONLY).', extra);
    case 'privacy_level_option_mismatch':
      return new ConnectorError('permanent', 'tiktok', 'Tingkat privasi publikasi tidak tersedia untuk akun TikTok ini.', extra);
    case 'url_ownership_unverified':
      return new ConnectorError('permanent', 'tiktok', 'Domain berkas media belum diverifikasi di TikTok.', extra);
    case 'internal_error':
      return new ConnectorError('transient', 'tiktok', 'TikTok sedang bermasalah; akan dicoba lagi.', extra);
    case 'invalid_client':
      return new ConnectorError('permanent', 'tiktok', 'Kredensial aplikasi TikTok Dayung ditolak; periksa client key dan secret.', extra);
  }
  if (code?.startsWith('spam_risk')) {
    return new ConnectorError('permanent', 'tiktok', `TikTok membatasi unggahan akun ini (${code}): ${message || 'terlalu banyak publikasi'}.`, extra);
  }
  if (status === 401) return new ConnectorError('auth', 'tiktok', 'Token TikTok tidak berlaku; hubungkan ulang akun.', extra);
  if (status === 429) return new ConnectorError('rate_limited', 'tiktok', 'Batas permintaan TikTok tercapai.', { ...extra, retryAfterMs: TIKTOK_WINDOW_MS });
  if (status >= 500) return new ConnectorError('transient', 'tiktok', `TikTok sedang bermasalah (${status}); akan dicoba lagi.`, extra);
  return new ConnectorError('permanent', 'tiktok', `TikTok menolak permintaan (${code ?? status}): ${message || 'tanpa keterangan'}`, extra);
}

async function send(ctx: AuthContext | ConnectorContext, req: HttpRequest, op: Op): Promise<HttpResponse> {
  try {
    return await ctx.http(req);
  } catch (err) {
    // ctx.http calls every lost POST 'ambiguous'; TikTok's reads are POSTs too
    if (op === 'read' && err instanceof ConnectorError && err.kind === 'ambiguous') throw new ConnectorError('transient', 'tiktok', err.message);
    throw err;
  }
}

export interface TtAnswer<T> {
  data: T;
  /** the raw text: int64 ids (publicaly_available_post_id) lose precision in JSON.parse */
  text: string;
}

// ── tokens ──────────────────────────────────────────────────────────
export interface TikTokTokens {
  access_token: string;
  expires_in?: number;
  open_id?: string;
  refresh_token?: string;
  refresh_expires_in?: number;
  scope?: string;
}

export async function tokenRequest(ctx: AuthContext | ConnectorContext, form: Record<string, string>): Promise<TikTokTokens> {
  const app = ctx.settings.apps.tiktok;
  const res = await send(ctx, { method: 'POST', url: `${base(ctx)}/v2/oauth/token/`, form: { client_key: app.clientKey, client_secret: app.clientSecret, ...form } }, 'read');
  const t = res.json as (TikTokTokens & Envelope) | null;
  if (res.status !== 200 || !t?.access_token) throw mapTikTokAnswer(res);
  return t;
}

export function credentialsFrom(t: TikTokTokens, now: Date, previous?: Credentials): Credentials {
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token ?? previous?.refreshToken ?? null,
    expiresAt: t.expires_in ? new Date(now.getTime() + t.expires_in * 1000) : null,
  };
}

export async function refreshTikTok(ctx: ConnectorContext): Promise<Credentials> {
  const rt = ctx.credentials.refreshToken;
  if (!rt) throw new ConnectorError('auth', 'tiktok', 'Akun TikTok tidak memiliki refresh token; hubungkan ulang akun.');
  const t = await tokenRequest(ctx, { grant_type: 'refresh_token', refresh_token: rt });
  const creds = credentialsFrom(t, ctx.now(), ctx.credentials);
  await ctx.saveCredentials?.(creds);
  ctx.credentials = creds;
  return creds;
}

const REFRESH_MARGIN_MS = 300_000;
/** TikTok may hand out a new refresh token: refresh in passing only when it can be saved. */
const canRefresh = (ctx: ConnectorContext) => !!ctx.credentials.refreshToken && !!ctx.saveCredentials;

/**
 * One Open API call with the account's token. `op` 'write' only for calls that start a publication
 * (a lost answer is 'ambiguous'); TikTok's other POSTs are reads.
 */
export async function tt<T>(ctx: ConnectorContext, op: Op, req: { method: 'GET' | 'POST'; path: string; query?: Record<string, string>; json?: unknown }): Promise<TtAnswer<T>> {
  const exp = ctx.credentials.expiresAt;
  if (canRefresh(ctx) && exp && exp.getTime() - ctx.now().getTime() < REFRESH_MARGIN_MS) await refreshTikTok(ctx);
  const once = async () => {
    const res = await send(ctx, { method: req.method, url: `${base(ctx)}${req.path}`, headers: { authorization: `Bearer ${ctx.credentials.accessToken}` }, ...(req.query ? { query: req.query } : {}), ...(req.json !== undefined ? { json: req.json } : {}) }, op);
    const env = res.json as Envelope | null;
    const code = env && typeof env.error === 'object' ? env.error.code : undefined;
    if (res.status >= 200 && res.status < 300 && (code === 'ok' || code === undefined) && env) return { data: env.data as T, text: res.text };
    throw mapTikTokAnswer(res);
  };
  try {
    return await once();
  } catch (err) {
    if (!(err instanceof ConnectorError) || err.platformCode !== 'access_token_invalid' || !canRefresh(ctx)) throw err;
  }
  await refreshTikTok(ctx); // the call was refused, not executed: repeating it is safe
  return once();
}
