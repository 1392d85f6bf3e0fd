import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/index.ts';
import type { ChannelPlatform, ChannelStatus } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import { findOrgById, findOrgManagers, inScope, notifyOrg, orgScope, recordAudit, requirePermission, type Actor, type AuditContext } from '../org/index.ts';
import { authContext, connectorContext } from './connectors/context.ts';
import { withRetries } from './connectors/http.ts';
import { ConnectorError, type ConnectCandidate, type ConnectorContext, type Credentials, type MessageTemplate, type PlatformModule } from './connectors/types.ts';
import { previewEvent } from './preview.ts';
import * as q from './queries.ts';
import type { PlatformSettings } from './settings.ts';
import { decryptSecret, encryptSecret, type Keyring } from './vault.ts';
import { telegramSecretHash } from './webhooks/signatures.ts';

// Use cases of the channels module: connecting and disconnecting an OPD's accounts, token health,
// and what staff see of raw inbound events. Tokens never leave this module unsealed.

export const PLATFORMS: ChannelPlatform[] = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok'];

export interface ChannelsDeps {
  db: Db;
  keyring: Keyring;
  settings: () => PlatformSettings;
  modules: () => Partial<Record<ChannelPlatform, PlatformModule>>;
  publicUrl: string;
}

/** Handles are stored without the leading "@" (the UI adds one where the platform uses it). */
const normalizeHandle = (h: string | null) => (h ? h.replace(/^@+/, '') || null : null);

export const PLATFORM_NAME: Record<ChannelPlatform, string> = { facebook: 'Facebook', instagram: 'Instagram', whatsapp: 'WhatsApp', x: 'X', telegram: 'Telegram', youtube: 'YouTube', tiktok: 'TikTok' };

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const aad = (platform: string, externalId: string, what: 'access' | 'refresh' | 'oauth1') => `channel_account:${platform}:${externalId}:${what}`;

function moduleFor(deps: ChannelsDeps, platform: ChannelPlatform): PlatformModule {
  const m = deps.modules()[platform];
  if (!m) throw new AppError('channel_platform_unavailable', { platform });
  return m;
}

// ── reading ──────────────────────────────────────────────────────────
export interface AccountDto {
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
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

function toDto(a: q.AccountView): AccountDto {
  return {
    id: a.id,
    orgId: a.org_id,
    orgCode: a.org_code,
    orgName: a.org_name,
    platform: a.platform,
    externalId: a.external_id,
    name: a.name,
    handle: a.handle,
    status: a.status,
    tokenExpiresAt: iso(a.token_expires_at),
    scopes: a.scopes,
    lastCheckedAt: iso(a.last_checked_at),
    lastEventAt: iso(a.last_event_at),
    lastError: a.last_error,
    lastErrorAt: iso(a.last_error_at),
    connectedAt: a.connected_at.toISOString(),
  };
}

export async function listAccounts(deps: ChannelsDeps, actor: Actor, f: { orgId?: string | undefined }): Promise<AccountDto[]> {
  const scope = orgScope(actor, 'channels.read');
  if (f.orgId && !inScope(scope, f.orgId)) throw new AppError('not_found');
  return (await q.listAccounts(deps.db, scope, f)).map(toDto);
}

export async function listEvents(deps: ChannelsDeps, actor: Actor, f: { orgId?: string | undefined; accountId?: string | undefined; limit?: number | undefined }) {
  const scope = orgScope(actor, 'channels.read');
  if (f.orgId && !inScope(scope, f.orgId)) throw new AppError('not_found');
  if (f.accountId) {
    const acc = await q.findAccount(deps.db, f.accountId);
    if (!acc || !inScope(scope, acc.org_id)) throw new AppError('not_found');
  }
  const rows = await q.recentEvents(deps.db, scope, { ...f, limit: Math.min(f.limit ?? 50, 200) });
  return rows.map((r) => ({
    id: r.id,
    platform: r.platform,
    kind: r.kind,
    accountId: r.account_id,
    accountName: r.account_name,
    receivedAt: r.received_at.toISOString(),
    occurredAt: iso(r.occurred_at),
    status: r.status,
    unknown: r.unknown,
    ...previewEvent(r.platform, r.payload),
  }));
}

export async function provinceHealth(deps: ChannelsDeps, actor: Actor) {
  if (orgScope(actor, 'channels.read') !== 'all') throw new AppError('forbidden');
  return (await q.healthByOrg(deps.db)).map((r) => ({ orgId: r.org_id, code: r.code, name: r.name, accounts: r.accounts, active: r.active, expiring: r.expiring, failing: r.failing, platforms: r.platforms }));
}

// ── connecting ───────────────────────────────────────────────────────
async function assertCanManage(deps: ChannelsDeps, actor: Actor, orgId: string) {
  const scope = orgScope(actor, 'channels.manage');
  const org = await findOrgById(deps.db, orgId);
  if (!org || !inScope(scope, org.id)) throw new AppError('not_found');
  if (org.kind === 'province') throw new AppError('bad_request', { reason: 'akun kanal dimiliki OPD, bukan provinsi' });
  return org;
}

export function platformCatalog(deps: ChannelsDeps) {
  const modules = deps.modules();
  return PLATFORMS.map((p) => {
    const m = modules[p];
    return {
      platform: p,
      available: Boolean(m),
      auth: m?.auth.kind ?? null,
      tokenFields: m?.auth.tokenFields ?? [],
      capabilities: m?.connector.capabilities ?? null,
    };
  });
}

const CONNECT_TTL_MS = 15 * 60_000;

export async function startOAuth(deps: ChannelsDeps, actor: Actor, input: { orgId: string; platform: ChannelPlatform }, audit: AuditContext) {
  await assertCanManage(deps, actor, input.orgId);
  const m = moduleFor(deps, input.platform);
  if (m.auth.kind !== 'oauth' || !m.auth.authorizeUrl) throw new AppError('bad_request', { reason: `${input.platform} tidak memakai OAuth; gunakan isian token` });
  const state = randomBytes(24).toString('base64url');
  const verifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  await deps.db
    .insertInto('channel_connect')
    .values({
      id: sha(state),
      org_id: input.orgId,
      user_id: actor.userId,
      platform: input.platform,
      code_verifier_sealed: encryptSecret(deps.keyring, verifier, `connect:${sha(state)}`),
      expires_at: new Date(Date.now() + CONNECT_TTL_MS),
    })
    .execute();
  await recordAudit(deps.db, audit, { action: 'channel.connect_start', targetType: 'org', targetId: input.orgId, orgId: input.orgId, after: { platform: input.platform } });
  return { authorizeUrl: m.auth.authorizeUrl(deps.settings(), { state, redirectUri: redirectUri(deps, input.platform), codeChallenge: challenge }) };
}

export function redirectUri(deps: ChannelsDeps, platform: ChannelPlatform): string {
  return `${deps.publicUrl}/api/channels/oauth/${platform}/callback`;
}

/** The platform redirected back: exchange the code; connect at once when it offers one account. */
export async function finishOAuth(deps: ChannelsDeps, actor: Actor, input: { platform: ChannelPlatform; state: string; code: string }, audit: AuditContext) {
  const row = await deps.db.selectFrom('channel_connect').selectAll().where('id', '=', sha(input.state)).executeTakeFirst();
  if (!row || row.used_at || new Date(row.expires_at) < new Date() || row.platform !== input.platform || row.user_id !== actor.userId) throw new AppError('channel_connect_expired');
  await assertCanManage(deps, actor, row.org_id);
  const m = moduleFor(deps, input.platform);
  const verifier = decryptSecret(deps.keyring, row.code_verifier_sealed!, `connect:${row.id}`);
  const candidates = await translate(() => m.auth.exchangeCode!(authContext(input.platform, deps.settings()), { code: input.code, redirectUri: redirectUri(deps, input.platform), codeVerifier: verifier }));
  if (!candidates.length) throw new AppError('channel_no_accounts', { platform: input.platform });
  if (candidates.length === 1) {
    await deps.db.updateTable('channel_connect').set({ used_at: new Date() }).where('id', '=', row.id).execute();
    const account = await connectCandidate(deps, actor, row.org_id, input.platform, candidates[0]!, audit);
    return { connected: [account], choose: null };
  }
  await deps.db
    .updateTable('channel_connect')
    .set({ candidates_sealed: encryptSecret(deps.keyring, JSON.stringify(candidates), `connect:${row.id}`) })
    .where('id', '=', row.id)
    .execute();
  return { connected: [], choose: { connectId: row.id, orgId: row.org_id, platform: input.platform, options: candidates.map((c) => ({ externalId: c.externalId, name: c.name, handle: c.handle })) } };
}

export async function chooseCandidates(deps: ChannelsDeps, actor: Actor, input: { connectId: string; externalIds: string[] }, audit: AuditContext) {
  const row = await deps.db.selectFrom('channel_connect').selectAll().where('id', '=', input.connectId).executeTakeFirst();
  if (!row || row.user_id !== actor.userId) throw new AppError('not_found');
  if (row.used_at || !row.candidates_sealed || new Date(row.expires_at) < new Date()) throw new AppError('channel_connect_expired');
  await assertCanManage(deps, actor, row.org_id);
  const candidates = JSON.parse(decryptSecret(deps.keyring, row.candidates_sealed, `connect:${row.id}`)) as ConnectCandidate[];
  const chosen = candidates.filter((c) => input.externalIds.includes(c.externalId));
  if (!chosen.length) throw new AppError('validation_failed');
  await deps.db.updateTable('channel_connect').set({ used_at: new Date() }).where('id', '=', row.id).execute();
  const out: AccountDto[] = [];
  for (const c of chosen) {
    c.credentials.expiresAt = c.credentials.expiresAt ? new Date(c.credentials.expiresAt) : null;
    out.push(await connectCandidate(deps, actor, row.org_id, row.platform, c, audit));
  }
  return out;
}

export async function connectWithToken(deps: ChannelsDeps, actor: Actor, input: { orgId: string; platform: ChannelPlatform; fields: Record<string, string> }, audit: AuditContext) {
  await assertCanManage(deps, actor, input.orgId);
  const m = moduleFor(deps, input.platform);
  if (m.auth.kind !== 'token' || !m.auth.fromToken) throw new AppError('bad_request', { reason: `${input.platform} memakai OAuth; gunakan tombol Hubungkan` });
  for (const f of m.auth.tokenFields ?? []) {
    if (!f.optional && !input.fields[f.name]?.trim()) throw new AppError('validation_failed', {}, { errors: [{ path: `fields.${f.name}`, message: `${f.label} wajib diisi` }] });
  }
  const candidates = await translate(() => m.auth.fromToken!(authContext(input.platform, deps.settings()), input.fields));
  if (!candidates.length) throw new AppError('channel_no_accounts', { platform: input.platform });
  const out: AccountDto[] = [];
  for (const c of candidates) out.push(await connectCandidate(deps, actor, input.orgId, input.platform, c, audit));
  return out;
}

/** Stores one account with sealed tokens and runs the platform's after-connect step (webhooks). */
export async function connectCandidate(deps: ChannelsDeps, actor: Actor | null, orgId: string, platform: ChannelPlatform, c: ConnectCandidate, audit: AuditContext): Promise<AccountDto> {
  const existing = await q.findLiveAccount(deps.db, platform, c.externalId);
  if (existing && existing.org_id !== orgId) throw new AppError('channel_taken', { platform });
  const telegramSecret = platform === 'telegram' ? randomBytes(32).toString('base64url') : undefined;
  const values = {
    name: c.name,
    handle: normalizeHandle(c.handle),
    status: 'active' as const,
    access_token_sealed: encryptSecret(deps.keyring, c.credentials.accessToken, aad(platform, c.externalId, 'access')),
    refresh_token_sealed: c.credentials.refreshToken ? encryptSecret(deps.keyring, c.credentials.refreshToken, aad(platform, c.externalId, 'refresh')) : null,
    token_expires_at: c.credentials.expiresAt,
    scopes: c.scopes,
    extra: JSON.stringify({ ...c.extra, ...(c.credentials.oauth1 ? { oauth1: encryptSecret(deps.keyring, JSON.stringify(c.credentials.oauth1), aad(platform, c.externalId, 'oauth1')) } : {}) }),
    webhook_secret_hash: telegramSecret ? telegramSecretHash(telegramSecret) : null,
    last_error: null,
    last_error_at: null,
  };
  const row = await deps.db.transaction().execute(async (tx) => {
    const r = existing
      ? await q.updateAccount(tx, existing.id, values)
      : await tx
          .insertInto('channel_account')
          .values({ org_id: orgId, platform, external_id: c.externalId, connected_by: actor?.userId ?? null, ...values })
          .returningAll()
          .executeTakeFirstOrThrow()
          .catch((err: { code?: string }) => {
            if (err.code === '23505') throw new AppError('channel_taken', { platform });
            throw err;
          });
    await recordAudit(tx, audit, {
      action: existing ? 'channel.reconnect' : 'channel.connect',
      targetType: 'channel_account',
      targetId: r.id,
      orgId,
      after: { platform, externalId: c.externalId, name: c.name, scopes: c.scopes },
    });
    return r;
  });
  const m = deps.modules()[platform];
  if (m?.auth.afterConnect) {
    try {
      const extra = await m.auth.afterConnect(contextFor(deps, row, c.credentials), { webhookBaseUrl: deps.publicUrl, ...(telegramSecret ? { telegramSecret } : {}) });
      if (extra) await q.updateAccount(deps.db, row.id, { extra: JSON.stringify({ ...(row.extra as object), ...extra }) });
    } catch (err) {
      await q.updateAccount(deps.db, row.id, { last_error: `Langganan webhook gagal: ${(err as Error).message}`, last_error_at: new Date() });
    }
  }
  const view = (await q.listAccounts(deps.db, [orgId], { orgId })).find((a) => a.id === row.id)!;
  return toDto(view);
}

/** The pending choice of an OAuth round trip, for its own user only. */
export async function pendingChoice(deps: ChannelsDeps, actor: Actor, connectId: string) {
  const row = await deps.db.selectFrom('channel_connect').selectAll().where('id', '=', connectId).executeTakeFirst();
  if (!row || row.user_id !== actor.userId) throw new AppError('not_found');
  if (row.used_at || !row.candidates_sealed || new Date(row.expires_at) < new Date()) throw new AppError('channel_connect_expired');
  const options = (JSON.parse(decryptSecret(deps.keyring, row.candidates_sealed, `connect:${row.id}`)) as ConnectCandidate[]).map((c) => ({ externalId: c.externalId, name: c.name, handle: c.handle }));
  return { connectId: row.id, orgId: row.org_id, platform: row.platform, options };
}

export async function disconnect(deps: ChannelsDeps, actor: Actor, id: string, audit: AuditContext) {
  const acc = await q.findAccount(deps.db, id);
  if (!acc || !inScope(orgScope(actor, 'channels.manage'), acc.org_id)) throw new AppError('not_found');
  if (acc.status === 'disconnected') return;
  await deps.db.transaction().execute(async (tx) => {
    // Tokens are destroyed, not kept: reconnecting asks the platform again.
    await q.updateAccount(tx, id, { status: 'disconnected', access_token_sealed: null, refresh_token_sealed: null, webhook_secret_hash: null });
    await recordAudit(tx, audit, { action: 'channel.disconnect', targetType: 'channel_account', targetId: id, orgId: acc.org_id, before: { platform: acc.platform, name: acc.name, status: acc.status } });
  });
}

// ── using an account ─────────────────────────────────────────────────
type AccountRow = NonNullable<Awaited<ReturnType<typeof q.findAccount>>>;

export function credentialsOf(deps: ChannelsDeps, row: AccountRow): Credentials {
  if (!row.access_token_sealed) throw new AppError('channel_not_connected');
  const extra = row.extra as { oauth1?: string };
  return {
    accessToken: decryptSecret(deps.keyring, row.access_token_sealed, aad(row.platform, row.external_id, 'access')),
    refreshToken: row.refresh_token_sealed ? decryptSecret(deps.keyring, row.refresh_token_sealed, aad(row.platform, row.external_id, 'refresh')) : null,
    expiresAt: row.token_expires_at ? new Date(row.token_expires_at) : null,
    oauth1: extra.oauth1 ? (JSON.parse(decryptSecret(deps.keyring, extra.oauth1, aad(row.platform, row.external_id, 'oauth1'))) as Credentials['oauth1']) : undefined,
  };
}

export function contextFor(deps: ChannelsDeps, row: AccountRow, credentials?: Credentials): ConnectorContext {
  const { oauth1: _sealed, ...extra } = row.extra as Record<string, unknown>;
  return connectorContext({
    settings: deps.settings(),
    account: { id: row.id, platform: row.platform, externalId: row.external_id, extra, scopes: row.scopes },
    credentials: credentials ?? credentialsOf(deps, row),
    saveCredentials: async (c) => {
      await q.updateAccount(deps.db, row.id, {
        access_token_sealed: encryptSecret(deps.keyring, c.accessToken, aad(row.platform, row.external_id, 'access')),
        refresh_token_sealed: c.refreshToken ? encryptSecret(deps.keyring, c.refreshToken, aad(row.platform, row.external_id, 'refresh')) : null,
        token_expires_at: c.expiresAt,
      });
    },
  });
}

/** Loads an account for work (publishing, replying): refuses accounts that cannot act. */
export async function accountForWork(deps: ChannelsDeps, id: string) {
  return workOn(deps, await q.findAccount(deps.db, id));
}

/** An account row already read (e.g. with an outbound row's claim), ready for work: refuses accounts that cannot act. */
export function workOn(deps: ChannelsDeps, row: AccountRow | undefined) {
  if (!row || row.status === 'disconnected') throw new AppError('channel_not_connected');
  if (row.status === 'revoked' || row.status === 'expired') throw new AppError('channel_token_invalid', { platform: row.platform });
  return { row, ctx: contextFor(deps, row), connector: moduleFor(deps, row.platform).connector, auth: moduleFor(deps, row.platform).auth };
}

/**
 * A file a citizen sent on the account's channel (WhatsApp media id, Telegram file_id), downloaded
 * with the account's token (transient failures retried in place). Refuses more than maxBytes.
 */
export async function downloadInboundMedia(deps: ChannelsDeps, accountId: string, ref: string, maxBytes: number): Promise<{ data: Uint8Array; mime: string | null }> {
  const { ctx, connector, row } = await accountForWork(deps, accountId);
  if (!connector.downloadMedia) throw new ConnectorError('unsupported', row.platform, 'Platform ini tidak menyediakan unduhan berkas dari warga.');
  return withRetries(() => connector.downloadMedia!(ctx, ref, maxBytes));
}

const ACCOUNT_TIMES = ['token_expires_at', 'refresh_expires_at', 'last_checked_at', 'last_sync_at', 'last_event_at', 'last_error_at', 'connected_at', 'created_at', 'updated_at'] as const;

/** An account row read as JSON (`to_jsonb(channel_account)` joined to another row): its times as dates again. */
export function accountRowFromJson(json: Record<string, unknown>): AccountRow {
  const row = { ...json } as Record<string, unknown>;
  for (const k of ACCOUNT_TIMES) if (typeof row[k] === 'string') row[k] = new Date(row[k]);
  return row as unknown as AccountRow;
}

const TEMPLATE_CACHE_MS = 5 * 60_000;
const templateCache = new Map<string, { at: number; items: MessageTemplate[] }>();

/**
 * The approved message templates of an account (WhatsApp: for replies outside the 24-hour window),
 * for staff who may read the OPD's channels. Kept for five minutes per account: templates change
 * rarely and the Business Management API has an hourly limit.
 */
export async function replyTemplates(deps: ChannelsDeps, actor: Actor, id: string): Promise<MessageTemplate[]> {
  const acc = await q.findAccount(deps.db, id);
  if (!acc || acc.status === 'disconnected' || !inScope(orgScope(actor, 'channels.read'), acc.org_id)) throw new AppError('not_found');
  const m = moduleFor(deps, acc.platform);
  if (!m.connector.listTemplates) return [];
  const hit = templateCache.get(id);
  if (hit && Date.now() - hit.at < TEMPLATE_CACHE_MS) return hit.items;
  const { ctx, connector } = await accountForWork(deps, id);
  const items = await translate(() => connector.listTemplates!(ctx));
  templateCache.set(id, { at: Date.now(), items });
  return items;
}

/** "Periksa sekarang" on the Saluran page. */
export async function checkAccountNow(deps: ChannelsDeps, actor: Actor, id: string): Promise<ChannelStatus> {
  const acc = await q.findAccount(deps.db, id);
  if (!acc || acc.status === 'disconnected' || !inScope(orgScope(actor, 'channels.manage'), acc.org_id)) throw new AppError('not_found');
  return checkAccountHealth(deps, id);
}

const EXPIRY_WARNING_MS = 7 * 86_400_000;

/**
 * Token health: asks the platform whether the token still works, refreshes it when it can, and
 * tells the OPD (in the app and by e-mail) before expiry and when it was revoked. A revoked token
 * stops the account's work until an admin reconnects it.
 */
export async function checkAccountHealth(deps: ChannelsDeps, id: string): Promise<ChannelStatus> {
  const row = await q.findAccount(deps.db, id);
  if (!row || row.status === 'disconnected' || !row.access_token_sealed) return row?.status ?? 'disconnected';
  const m = moduleFor(deps, row.platform);
  let ctx = contextFor(deps, row);
  let status: ChannelStatus = 'active';
  let error: string | null = null;
  let expiresAt = row.token_expires_at ? new Date(row.token_expires_at) : null;
  try {
    if (expiresAt && expiresAt.getTime() - Date.now() < EXPIRY_WARNING_MS && m.auth.refresh && ctx.credentials.refreshToken) {
      const fresh = await m.auth.refresh(ctx);
      await ctx.saveCredentials?.(fresh);
      expiresAt = fresh.expiresAt;
      ctx = { ...ctx, credentials: fresh };
    }
    const check = await m.connector.checkToken(ctx);
    if (!check.valid) {
      status = check.reason === 'expired' ? 'expired' : 'revoked';
      error = check.reason ?? 'token tidak berlaku';
    } else {
      expiresAt = check.expiresAt ?? expiresAt;
      if (expiresAt && expiresAt.getTime() - Date.now() < EXPIRY_WARNING_MS) status = 'expiring';
    }
  } catch (err) {
    if (err instanceof ConnectorError && err.kind === 'auth') {
      status = /expir/i.test(err.message) ? 'expired' : 'revoked';
      error = err.message;
    } else {
      status = row.status === 'expiring' ? 'expiring' : 'error';
      error = (err as Error).message;
    }
  }
  await q.updateAccount(deps.db, id, {
    status,
    last_checked_at: new Date(),
    token_expires_at: expiresAt,
    last_error: error,
    last_error_at: error ? new Date() : null,
  });
  if (status !== row.status && (status === 'expiring' || status === 'expired' || status === 'revoked')) await alertOrg(deps, row, status, expiresAt);
  return status;
}

async function alertOrg(deps: ChannelsDeps, row: AccountRow, status: ChannelStatus, expiresAt: Date | null) {
  const label = `${PLATFORM_NAME[row.platform]} ${row.name}`;
  const title =
    status === 'expiring'
      ? `Token ${label} akan kedaluwarsa${expiresAt ? ` pada ${expiresAt.toLocaleString('id-ID', { timeZone: 'Asia/Jakarta' })} WIB` : ''}`
      : status === 'expired'
        ? `Token ${label} sudah kedaluwarsa`
        : `Akses Dayung ke ${label} dicabut`;
  const body = 'Hubungkan ulang akun ini di halaman Saluran agar pesan warga tetap masuk dan publikasi tidak tertunda.';
  const isNew = await notifyOrg(deps.db, {
    orgId: row.org_id,
    level: status === 'expiring' ? 'warning' : 'critical',
    code: `channel.${status}`,
    title,
    body,
    link: '/saluran',
    dedupeKey: `channel:${row.id}:${status}:${expiresAt?.toISOString().slice(0, 10) ?? ''}`,
  });
  if (!isNew) return;
  for (const m of await findOrgManagers(deps.db, row.org_id)) {
    await enqueue(deps.db, 'mail_send', { to: m.email, subject: `[Dayung] ${title}`, text: `Halo ${m.name},\n\n${title}.\n${body}\n\n${deps.publicUrl}/saluran\n\n— Dayung` });
  }
}

/** Platform failures during connecting become messages an admin can act on. */
async function translate<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ConnectorError) {
      if (err.kind === 'auth') throw new AppError('channel_auth_failed', { platform: err.platform, reason: err.message });
      throw new AppError('channel_platform_error', { platform: err.platform, reason: err.message });
    }
    throw err;
  }
}


/** Demo mode: connects an account of the in-process fake platforms (no OAuth round trip, no audit noise). */
export async function connectDemoAccount(
  deps: ChannelsDeps,
  orgId: string,
  a: { platform: ChannelPlatform; externalId: string; name: string; handle: string | null; credentials: Credentials; scopes: string[]; extra: Record<string, unknown>; telegramSecret: string | null },
): Promise<void> {
  const sealed = {
    name: a.name,
    handle: normalizeHandle(a.handle),
    status: 'active' as const,
    access_token_sealed: encryptSecret(deps.keyring, a.credentials.accessToken, aad(a.platform, a.externalId, 'access')),
    refresh_token_sealed: a.credentials.refreshToken ? encryptSecret(deps.keyring, a.credentials.refreshToken, aad(a.platform, a.externalId, 'refresh')) : null,
    token_expires_at: a.credentials.expiresAt,
    scopes: a.scopes,
    extra: JSON.stringify({ ...a.extra, ...(a.credentials.oauth1 ? { oauth1: encryptSecret(deps.keyring, JSON.stringify(a.credentials.oauth1), aad(a.platform, a.externalId, 'oauth1')) } : {}) }),
    webhook_secret_hash: a.telegramSecret ? telegramSecretHash(a.telegramSecret) : null,
    last_error: null,
    last_error_at: null,
  };
  const existing = await q.findLiveAccount(deps.db, a.platform, a.externalId);
  if (existing) await q.updateAccount(deps.db, existing.id, sealed);
  else await deps.db.insertInto('channel_account').values({ org_id: orgId, platform: a.platform, external_id: a.externalId, ...sealed }).execute();
}

/** The platform told us the OPD removed Dayung's access (TikTok authorization.removed). */
export async function markRevokedByPlatform(deps: ChannelsDeps, accountId: string, reason: string): Promise<void> {
  const row = await q.findAccount(deps.db, accountId);
  if (!row || row.status === 'disconnected' || row.status === 'revoked') return;
  await q.updateAccount(deps.db, accountId, { status: 'revoked', last_error: reason, last_error_at: new Date(), last_checked_at: new Date() });
  await alertOrg(deps, row, 'revoked', null);
}
