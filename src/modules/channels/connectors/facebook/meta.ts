import type { ChannelPlatform } from '../../../../platform/db/schema.ts';
import type { PlatformSettings } from '../../settings.ts';
import { appAccessToken, GraphApiError, GraphClient, parseGraphTime, type GraphHost, type GraphTransport } from '../graph.ts';
import { ConnectorError, type ConnectorContext, type TokenCheck } from '../types.ts';

// What the Facebook, Instagram and WhatsApp connectors share: building the Graph client for an
// account, the messaging windows with their Indonesian explanations, token checks with
// debug_token, the Facebook Login code exchange and Page webhook installation.

export const DAY_MS = 86_400_000;
export const WINDOW_24H_MS = DAY_MS;
export const PRIVATE_REPLY_MS = 7 * DAY_MS;

export const TEXT = {
  window24h: (platform: string) =>
    `Pesan pribadi tidak dapat dikirim: ${platform} hanya mengizinkan balasan dalam 24 jam sejak pesan terakhir warga. Balas lewat komentar publik, atau tunggu warga mengirim pesan lagi.`,
  window24hUnknown: (platform: string) =>
    `Pesan pribadi tidak dapat dikirim: waktu pesan terakhir warga tidak diketahui, sedangkan ${platform} hanya mengizinkan balasan dalam 24 jam sejak pesan terakhir warga.`,
  privateReply7d: (platform: string) =>
    `Balasan pribadi ke komentar tidak dapat dikirim: ${platform} hanya mengizinkannya dalam 7 hari sejak komentar dibuat. Balas komentar ini secara publik.`,
  privateReplyOnce: (platform: string) =>
    `Komentar ini sudah pernah dibalas secara pribadi; ${platform} hanya mengizinkan satu balasan pribadi per komentar.`,
  needsUser: 'Penerima pesan pribadi tidak diketahui (ID pengguna kosong).',
  whatsappWindow:
    'Di luar jendela 24 jam WhatsApp: pesan bebas hanya boleh dikirim dalam 24 jam sejak pesan terakhir warga. Pilih templat pesan yang sudah disetujui untuk menghubungi warga.',
  whatsappNoPublic: 'WhatsApp tidak punya unggahan atau komentar publik; balas warga lewat pesan pribadi.',
  whatsappNoModeration: 'WhatsApp tidak punya komentar yang bisa disembunyikan atau dihapus.',
  whatsappNoInsights: 'WhatsApp tidak menyediakan statistik unggahan.',
  instagramNeedsMedia: 'Instagram tidak bisa menerbitkan teks saja; sertakan gambar atau video.',
  instagramCarouselImages: 'Carousel Instagram dari Dayung hanya mendukung gambar.',
  tooManyMedia: (platform: string, max: number) => `${platform} menerima paling banyak ${max} media dalam satu unggahan.`,
  mediaFailed: (platform: string, what: string) => `${platform} gagal memproses media (${what}). Periksa format dan ukuran berkas, lalu coba lagi.`,
  mediaSlow: (platform: string) => `${platform} belum selesai memproses media; unggahan akan dicoba lagi.`,
};

/** The Graph client for an account's connector context. */
export function graphFor(ctx: ConnectorContext, opts: { host?: GraphHost; token?: string; appSecret?: string | null } = {}): GraphClient {
  return new GraphClient(ctx, {
    platform: ctx.account.platform,
    token: opts.token ?? ctx.credentials.accessToken,
    appSecret: opts.appSecret === undefined ? ctx.settings.apps.meta.appSecret || null : opts.appSecret,
    host: opts.host ?? 'graph',
    usageKey: ctx.account.externalId,
    appId: ctx.settings.apps.meta.appId || null,
  });
}

/** A Graph client acting as the app (`{app-id}|{app-secret}`), e.g. for debug_token. */
export function appGraph(t: GraphTransport, platform: ChannelPlatform): GraphClient {
  return new GraphClient(t, { platform, token: appAccessToken(t.settings), appSecret: t.settings.apps.meta.appSecret || null, appId: t.settings.apps.meta.appId || null });
}

export function ageMs(ctx: { now(): Date }, at: Date | undefined): number | null {
  return at ? ctx.now().getTime() - at.getTime() : null;
}

export function permanent(platform: ChannelPlatform, message: string, code?: string | number): ConnectorError {
  return new ConnectorError('permanent', platform, message, code === undefined ? {} : { platformCode: code });
}

export function unsupported(platform: ChannelPlatform, message: string): ConnectorError {
  return new ConnectorError('unsupported', platform, message);
}

/** A non-idempotent preparation step (container, upload) that may have happened: nothing is visible yet, so a retry is safe. */
export async function safeToRetry<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ConnectorError && err.kind === 'ambiguous') {
      throw new ConnectorError('transient', err.platform, err.message, { status: err.status, platformCode: err.platformCode });
    }
    throw err;
  }
}

/** Rewrites the Messenger/Instagram window errors into the rules the user can act on. */
export function explainMessagingError(err: unknown, platformLabel: string): unknown {
  if (!(err instanceof GraphApiError)) return err;
  const code = err.code;
  const sub = err.subcode;
  let text: string | null = null;
  if (code === 10900) text = TEXT.privateReplyOnce(platformLabel);
  else if (code === 10903 || sub === 2534022) text = TEXT.privateReply7d(platformLabel);
  else if ((code === 10 && (sub === 2018278 || sub === 2018108)) || code === 2018278 || sub === 2018109) text = TEXT.window24h(platformLabel);
  if (!text) return err;
  return new GraphApiError('permanent', err.platform, `${text} (${err.message})`, { code, subcode: sub, status: err.status, fbtraceId: err.fbtraceId, usage: err.usage });
}

// ── token checks ────────────────────────────────────────────────────
interface DebugTokenData {
  is_valid?: boolean;
  expires_at?: number;
  data_access_expires_at?: number;
  scopes?: string[];
  error?: { code?: number; message?: string; subcode?: number };
  type?: string;
  profile_id?: string;
  user_id?: string;
  app_id?: string;
}

export interface DebugToken {
  check: TokenCheck;
  raw: DebugTokenData;
}

/** `GET /debug_token?input_token=` with the app token. */
export async function debugToken(t: GraphTransport, platform: ChannelPlatform, token: string): Promise<DebugToken> {
  const g = appGraph(t, platform);
  const body = await g.get<{ data?: DebugTokenData }>('debug_token', { query: { input_token: token } });
  const d = body.data ?? {};
  const exp = typeof d.expires_at === 'number' && d.expires_at > 0 ? new Date(d.expires_at * 1000) : null;
  if (d.is_valid) return { check: { valid: true, expiresAt: exp, scopes: d.scopes ?? [], reason: null }, raw: d };
  const sub = d.error?.subcode ?? null;
  const msg = d.error?.message ?? '';
  const reason = sub === 463 || /expired/i.test(msg) ? 'expired' : sub !== null && [458, 459, 460, 464, 467, 492].includes(sub) ? 'revoked' : 'invalid';
  return { check: { valid: false, expiresAt: exp, scopes: d.scopes ?? null, reason }, raw: d };
}

/** Token check for Page and system-user tokens: debug_token when the app is configured, else a cheap call with the token. */
export async function checkGraphToken(ctx: ConnectorContext, probe: (g: GraphClient) => Promise<unknown>): Promise<TokenCheck> {
  if (appAccessToken(ctx.settings)) {
    const r = await debugToken(ctx, ctx.account.platform, ctx.credentials.accessToken);
    return r.check;
  }
  return probeToken(ctx, () => probe(graphFor(ctx)));
}

/** A call with the token itself: valid unless it fails with 'auth'. */
export async function probeToken(ctx: ConnectorContext, call: () => Promise<unknown>): Promise<TokenCheck> {
  try {
    await call();
    return { valid: true, expiresAt: ctx.credentials.expiresAt, scopes: null, reason: null };
  } catch (err) {
    if (err instanceof GraphApiError && err.kind === 'auth') return { valid: false, expiresAt: ctx.credentials.expiresAt, scopes: null, reason: err.authReason ?? 'invalid' };
    throw err;
  }
}

// ── Facebook Login ──────────────────────────────────────────────────
export const FACEBOOK_SCOPES = ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts', 'pages_manage_engagement', 'pages_messaging', 'pages_manage_metadata'];

export function facebookAuthorizeUrl(settings: PlatformSettings, scopes: string[], p: { state: string; redirectUri: string; codeChallenge: string }): string {
  const u = new URL(`${settings.hosts.facebookWeb.replace(/\/+$/, '')}/${settings.apps.graphVersion}/dialog/oauth`);
  u.searchParams.set('client_id', settings.apps.meta.appId);
  u.searchParams.set('redirect_uri', p.redirectUri);
  u.searchParams.set('state', p.state);
  u.searchParams.set('scope', scopes.join(','));
  u.searchParams.set('response_type', 'code');
  if (p.codeChallenge) {
    // Facebook Login accepts PKCE on the manual flow; the code_verifier goes with the exchange.
    u.searchParams.set('code_challenge', p.codeChallenge);
    u.searchParams.set('code_challenge_method', 'S256');
  }
  return u.toString();
}

export interface UserGrant {
  userToken: string;
  expiresAt: Date | null;
  scopes: string[];
  userId: string | null;
}

/** code → short-lived user token → long-lived user token (~60 d), with the granted permissions. */
export async function exchangeFacebookCode(t: GraphTransport, platform: ChannelPlatform, p: { code: string; redirectUri: string; codeVerifier: string }): Promise<UserGrant> {
  const { appId, appSecret } = t.settings.apps.meta;
  const bare = new GraphClient(t, { platform, token: null, appSecret: null });
  const short = await bare.get<{ access_token: string; expires_in?: number }>('oauth/access_token', {
    query: { client_id: appId, client_secret: appSecret, redirect_uri: p.redirectUri, code: p.code, ...(p.codeVerifier ? { code_verifier: p.codeVerifier } : {}) },
  });
  const long = await bare.get<{ access_token: string; expires_in?: number }>('oauth/access_token', {
    query: { grant_type: 'fb_exchange_token', client_id: appId, client_secret: appSecret, fb_exchange_token: short.access_token },
  });
  const user = new GraphClient(t, { platform, token: long.access_token, appSecret: appSecret || null });
  const me = await user.get<{ id?: string }>('me', { query: { fields: 'id' } });
  const perms = await user.get<{ data?: { permission: string; status: string }[] }>('me/permissions');
  return {
    userToken: long.access_token,
    expiresAt: long.expires_in ? new Date(t.now().getTime() + long.expires_in * 1000) : null,
    scopes: (perms.data ?? []).filter((x) => x.status === 'granted').map((x) => x.permission),
    userId: me.id ?? null,
  };
}

export interface PageAccount {
  id: string;
  name: string;
  username?: string;
  access_token?: string;
  tasks?: string[];
  category?: string;
  instagram_business_account?: { id: string; username?: string; name?: string };
}

/** The Pages the user manages, with their Page tokens. */
export async function listPages(t: GraphTransport, platform: ChannelPlatform, userToken: string, fields: string): Promise<PageAccount[]> {
  const g = new GraphClient(t, { platform, token: userToken, appSecret: t.settings.apps.meta.appSecret || null });
  const out: PageAccount[] = [];
  for await (const page of g.pages<PageAccount>('me/accounts', { query: { fields, limit: 100 }, maxPages: 20 })) out.push(...page);
  return out;
}

/** Expiry of a Page token: null when it never expires (derived from a long-lived user token). */
export async function pageTokenExpiry(t: GraphTransport, platform: ChannelPlatform, pageToken: string, fallback: Date | null): Promise<Date | null> {
  if (!appAccessToken(t.settings)) return fallback;
  try {
    const r = await debugToken(t, platform, pageToken);
    return r.raw.expires_at === 0 ? null : r.check.expiresAt;
  } catch {
    return fallback;
  }
}

/**
 * Installs the app on the Page for webhooks: `POST /{page-id}/subscribed_apps?subscribed_fields=`,
 * adding to the fields the app already has there (the call replaces the list, and Facebook and
 * Instagram accounts may share a Page).
 */
export async function subscribePage(ctx: ConnectorContext, pageId: string, fields: string[]): Promise<string[]> {
  const g = graphFor(ctx);
  const appId = ctx.settings.apps.meta.appId;
  let current: string[] = [];
  try {
    const r = await g.get<{ data?: { id: string; subscribed_fields?: string[] }[] }>(`${pageId}/subscribed_apps`);
    current = r.data?.find((a) => a.id === appId)?.subscribed_fields ?? [];
  } catch (err) {
    if (err instanceof ConnectorError && err.kind === 'auth') throw err;
  }
  const all = [...new Set([...current, ...fields])];
  await g.post(`${pageId}/subscribed_apps`, { query: { subscribed_fields: all.join(',') } });
  return all;
}

export { parseGraphTime };
