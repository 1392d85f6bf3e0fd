import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Role, UserStatus } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword, isAcceptablePassword, PASSWORD_MIN_LENGTH, verifyPassword } from '../../platform/auth/password.ts';
import { newToken, tokenHash } from '../../platform/auth/tokens.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import { recordAudit, type AuditContext } from './audit.ts';
import {
  grantableRoles,
  has,
  inScope,
  isProvince,
  orgScope,
  permissionsOf,
  requirePermission,
  roleFitsOrg,
  type Actor,
  type Permission,
} from './policy.ts';
import * as q from './queries.ts';

// Use cases of the org module: sign-in and sessions, users, the OPD directory, the audit log.
// Every function that reads or changes tenant data asks the policy first.

export interface OrgDeps {
  db: Db;
  config: Pick<Config, 'PUBLIC_URL' | 'SESSION_TTL_HOURS' | 'LOGIN_MAX_PER_ACCOUNT' | 'LOGIN_MAX_PER_IP' | 'LOGIN_WINDOW_MINUTES' | 'DEMO'>;
}

export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

function ctxOf(actor: Actor | null, meta: RequestMeta): AuditContext {
  return { actor, requestId: meta.requestId, ip: meta.ip };
}

// ── sessions ─────────────────────────────────────────────────────────
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  orgId: string;
  orgCode: string;
  orgName: string;
  orgKind: 'province' | 'opd';
  locale: 'id' | 'en';
  mustChangePassword: boolean;
  permissions: Permission[];
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
  user: SessionUser;
}

function toSessionUser(v: q.SessionView): { actor: Actor; user: SessionUser } {
  const orgKind = v.org_kind === 'province' ? 'province' : 'opd';
  const actor: Actor = { userId: v.id, orgId: v.org_id, orgKind, role: v.role, email: v.email, name: v.name };
  return {
    actor,
    user: {
      id: v.id,
      email: v.email,
      name: v.name,
      role: v.role,
      orgId: v.org_id,
      orgCode: v.org_code,
      orgName: v.org_name,
      orgKind,
      locale: v.locale,
      mustChangePassword: v.must_change_password,
      permissions: permissionsOf(actor),
    },
  };
}

function sessionExpiry(deps: OrgDeps): Date {
  return new Date(Date.now() + deps.config.SESSION_TTL_HOURS * 3_600_000);
}

/** Resolves a session cookie to its user; expired, unknown or deactivated → null. Slides the expiry. */
export async function resolveSession(deps: OrgDeps, token: string): Promise<ResolvedSession | null> {
  if (!token || token.length > 200) return null;
  const id = tokenHash(token);
  const v = await q.findSession(deps.db, id);
  if (!v || v.status !== 'active') return null;
  if (Date.now() - v.last_seen_at.getTime() > 60_000) await q.touchSession(deps.db, id, sessionExpiry(deps));
  return { sessionId: id, csrfToken: v.csrf_token, ...toSessionUser(v) };
}

async function openSession(deps: OrgDeps, userId: string, orgId: string, meta: RequestMeta) {
  const token = newToken();
  const csrfToken = newToken(24);
  await q.insertSession(deps.db, {
    id: tokenHash(token),
    userId,
    orgId,
    csrfToken,
    ip: meta.ip,
    userAgent: meta.userAgent,
    expiresAt: sessionExpiry(deps),
  });
  const resolved = await resolveSession(deps, token);
  if (!resolved) throw new AppError('internal');
  return { token, ...resolved };
}

export async function login(deps: OrgDeps, input: { email: string; password: string }, meta: RequestMeta) {
  const email = input.email.trim().toLowerCase();
  const windowMinutes = deps.config.LOGIN_WINDOW_MINUTES;
  const failures = await q.recentFailures(deps.db, email, meta.ip, windowMinutes);
  if (failures.byEmail >= deps.config.LOGIN_MAX_PER_ACCOUNT || failures.byIp >= deps.config.LOGIN_MAX_PER_IP) {
    const oldest = failures.oldestEmail?.getTime() ?? Date.now();
    const minutes = Math.max(1, Math.ceil((oldest + windowMinutes * 60_000 - Date.now()) / 60_000));
    throw new AppError('too_many_login_attempts', { minutes: Math.min(minutes, windowMinutes) }, { headers: { 'retry-after': String(minutes * 60) } });
  }
  const user = await q.findUserByEmail(deps.db, email);
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !ok) {
    await q.recordFailure(deps.db, email, meta.ip);
    throw new AppError('invalid_credentials');
  }
  if (user.status !== 'active') throw new AppError('account_inactive');
  await q.clearFailures(deps.db, email);
  const session = await deps.db.transaction().execute(async (tx) => {
    await q.updateUser(tx, user.id, { last_login_at: new Date() });
    const actor: Actor = {
      userId: user.id,
      orgId: user.org_id,
      orgKind: user.org_kind === 'province' ? 'province' : 'opd',
      role: user.role,
      email: user.email,
      name: user.name,
    };
    await recordAudit(tx, ctxOf(actor, meta), { action: 'auth.login', targetType: 'user', targetId: user.id, orgId: user.org_id });
    return actor;
  });
  return openSession(deps, session.userId, session.orgId, meta);
}

export async function logout(deps: OrgDeps, sessionId: string, actor: Actor, meta: RequestMeta): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    await q.deleteSession(tx, sessionId);
    await recordAudit(tx, ctxOf(actor, meta), { action: 'auth.logout', targetType: 'user', targetId: actor.userId, orgId: actor.orgId });
  });
}

/** Sign-in through the government SSO: only for accounts that already exist (invited) in Dayung. */
export async function loginWithOidc(deps: OrgDeps, claims: { sub: string; email?: string | undefined }, meta: RequestMeta) {
  let user = await q.findUserByOidcSubject(deps.db, claims.sub);
  if (!user && claims.email) {
    const byEmail = await q.findUserByEmail(deps.db, claims.email);
    if (byEmail && !byEmail.oidc_subject) user = await q.updateUser(deps.db, byEmail.id, { oidc_subject: claims.sub });
  }
  if (!user) throw new AppError('oidc_no_account', { email: claims.email ?? claims.sub });
  if (user.status === 'deactivated') throw new AppError('account_inactive');
  if (user.status === 'invited') user = await q.updateUser(deps.db, user.id, { status: 'active' });
  await q.updateUser(deps.db, user.id, { last_login_at: new Date() });
  const s = await openSession(deps, user.id, user.org_id, meta);
  await recordAudit(deps.db, ctxOf(s.actor, meta), { action: 'auth.login_sso', targetType: 'user', targetId: user.id, orgId: user.org_id });
  return s;
}

// ── passwords ────────────────────────────────────────────────────────
function assertPassword(password: string, email: string): void {
  if (!isAcceptablePassword(password, email)) throw new AppError('password_weak', { min: PASSWORD_MIN_LENGTH });
}

export async function changePassword(
  deps: OrgDeps,
  actor: Actor,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const user = await q.findUserById(deps.db, actor.userId);
  if (!user) throw new AppError('unauthenticated');
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) throw new AppError('password_wrong');
  assertPassword(input.newPassword, user.email);
  const hash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (tx) => {
    await q.updateUser(tx, user.id, { password_hash: hash, must_change_password: false });
    await q.deleteUserSessions(tx, user.id, sessionId);
    await recordAudit(tx, ctxOf(actor, meta), { action: 'user.password_change', targetType: 'user', targetId: user.id, orgId: user.org_id });
  });
}

const RESET_TTL_MS = 60 * 60_000;
const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;

function mailLink(deps: OrgDeps, token: string): string {
  return `${deps.config.PUBLIC_URL}/atur-sandi?token=${encodeURIComponent(token)}`;
}

/** Always succeeds from the caller's view, so that nobody can learn which e-mails are registered. */
export async function requestPasswordReset(deps: OrgDeps, emailRaw: string, meta: RequestMeta): Promise<void> {
  const email = emailRaw.trim().toLowerCase();
  const user = await q.findUserByEmail(deps.db, email);
  if (!user || user.status === 'deactivated') return;
  if ((await q.countRecentTokens(deps.db, user.id)) >= 5) return;
  const token = newToken();
  await deps.db.transaction().execute(async (tx) => {
    await q.insertToken(tx, { id: tokenHash(token), userId: user.id, purpose: 'reset', expiresAt: new Date(Date.now() + RESET_TTL_MS) });
    await enqueue(tx, 'mail_send', {
      to: user.email,
      messageId: `<reset.${tokenHash(token).slice(0, 24)}@dayung.sumbarprov.go.id>`,
      subject: 'Atur ulang kata sandi Dayung',
      text: [
        `Halo ${user.name},`,
        '',
        'Kami menerima permintaan untuk mengatur ulang kata sandi akun Dayung Anda.',
        `Buka tautan berikut dalam 60 menit untuk membuat kata sandi baru:`,
        mailLink(deps, token),
        '',
        'Jika Anda tidak meminta ini, abaikan email ini; kata sandi Anda tidak berubah.',
        '',
        '— Dayung, Diskominfotik Provinsi Sumatera Barat',
      ].join('\n'),
    });
    await recordAudit(tx, ctxOf(null, meta), { action: 'auth.reset_requested', targetType: 'user', targetId: user.id, orgId: user.org_id });
  });
}

export async function confirmPasswordReset(deps: OrgDeps, input: { token: string; password: string }, meta: RequestMeta): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const used = await q.consumeToken(tx, tokenHash(input.token));
    if (!used) throw new AppError('token_invalid');
    const user = await q.findUserById(tx, used.user_id);
    if (!user || user.status === 'deactivated') throw new AppError('token_invalid');
    assertPassword(input.password, user.email);
    await q.updateUser(tx, user.id, {
      password_hash: await hashPassword(input.password),
      must_change_password: false,
      status: 'active',
    });
    await q.deleteUserSessions(tx, user.id);
    await recordAudit(tx, ctxOf(null, meta), {
      action: used.purpose === 'invite' ? 'user.invite_accepted' : 'auth.reset_done',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
    });
  });
}

// ── profile ──────────────────────────────────────────────────────────
export async function updateMe(deps: OrgDeps, actor: Actor, patch: { name?: string | undefined; locale?: 'id' | 'en' | undefined }, meta: RequestMeta) {
  await deps.db.transaction().execute(async (tx) => {
    const before = await q.findUserById(tx, actor.userId);
    if (!before) throw new AppError('unauthenticated');
    const after = await q.updateUser(tx, actor.userId, {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
    });
    await recordAudit(tx, ctxOf(actor, meta), {
      action: 'user.profile_update',
      targetType: 'user',
      targetId: actor.userId,
      orgId: actor.orgId,
      before: { name: before.name, locale: before.locale },
      after: { name: after.name, locale: after.locale },
    });
  });
}

// ── users ────────────────────────────────────────────────────────────
export interface UserDto {
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
}

export function toUserDto(u: q.UserView): UserDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    orgId: u.org_id,
    orgCode: u.org_code,
    orgName: u.org_name,
    status: u.status,
    lastLoginAt: u.last_login_at ? u.last_login_at.toISOString() : null,
    createdAt: u.created_at.toISOString(),
  };
}

export async function listUsers(
  deps: OrgDeps,
  actor: Actor,
  filter: { orgId?: string | undefined; role?: Role | undefined; status?: UserStatus | undefined; q?: string | undefined },
): Promise<UserDto[]> {
  const scope = orgScope(actor, 'users.read');
  if (filter.orgId && !inScope(scope, filter.orgId)) throw new AppError('not_found');
  const rows = await q.listUsers(deps.db, scope, filter);
  return rows.map(toUserDto);
}

async function userInScope(deps: OrgDeps, actor: Actor, id: string, permission: Permission) {
  const scope = orgScope(actor, permission);
  const u = await q.findUserView(deps.db, id);
  if (!u || !inScope(scope, u.org_id)) throw new AppError('not_found');
  return u;
}

export async function inviteUser(
  deps: OrgDeps,
  actor: Actor,
  input: { email: string; name: string; role: Role; orgId: string },
  meta: RequestMeta,
): Promise<UserDto> {
  const scope = orgScope(actor, 'users.manage');
  const org = await q.findOrgById(deps.db, input.orgId);
  if (!org || !inScope(scope, org.id)) throw new AppError('not_found');
  const orgKind = org.kind === 'province' ? 'province' : 'opd';
  if (!roleFitsOrg(input.role, orgKind)) throw new AppError('role_scope_mismatch', { role: input.role, org: org.name });
  if (!grantableRoles(actor, orgKind).includes(input.role)) throw new AppError('forbidden');
  const email = input.email.trim().toLowerCase();
  if (await q.findUserByEmail(deps.db, email)) throw new AppError('email_taken', { email });
  const token = newToken();
  const id = await deps.db.transaction().execute(async (tx) => {
    const user = await q.insertUser(tx, { org_id: org.id, email, name: input.name.trim(), role: input.role, status: 'invited' }).catch((err: { code?: string }) => {
      if (err.code === '23505') throw new AppError('email_taken', { email });
      throw err;
    });
    await q.insertToken(tx, { id: tokenHash(token), userId: user.id, purpose: 'invite', expiresAt: new Date(Date.now() + INVITE_TTL_MS) });
    await enqueue(tx, 'mail_send', {
      to: email,
      messageId: `<invite.${tokenHash(token).slice(0, 24)}@dayung.sumbarprov.go.id>`,
      subject: `Undangan bergabung di Dayung — ${org.name}`,
      text: [
        `Halo ${user.name},`,
        '',
        `${actor.name} mengundang Anda bergabung di Dayung sebagai ${input.role} untuk ${org.name}.`,
        'Buka tautan berikut dalam 7 hari untuk membuat kata sandi dan mengaktifkan akun Anda:',
        mailLink(deps, token),
        '',
        '— Dayung, Diskominfotik Provinsi Sumatera Barat',
      ].join('\n'),
    });
    await recordAudit(tx, ctxOf(actor, meta), {
      action: 'user.invite',
      targetType: 'user',
      targetId: user.id,
      orgId: org.id,
      after: { email, name: user.name, role: user.role, orgCode: org.code, status: user.status },
    });
    return user.id;
  });
  return toUserDto((await q.findUserView(deps.db, id))!);
}

export async function updateUser(
  deps: OrgDeps,
  actor: Actor,
  id: string,
  patch: { role?: Role | undefined; status?: 'active' | 'deactivated' | undefined; name?: string | undefined },
  meta: RequestMeta,
): Promise<UserDto> {
  const target = await userInScope(deps, actor, id, 'users.manage');
  if (target.id === actor.userId && (patch.role !== undefined || patch.status !== undefined)) throw new AppError('cannot_change_self');
  const orgKind = target.org_kind === 'province' ? 'province' : 'opd';
  const grantable = grantableRoles(actor, orgKind);
  // Nobody may change an account that holds a role above what they could grant.
  if (!grantable.includes(target.role)) throw new AppError('forbidden');
  if (patch.role !== undefined) {
    if (!roleFitsOrg(patch.role, orgKind)) throw new AppError('role_scope_mismatch', { role: patch.role, org: target.org_name });
    if (!grantable.includes(patch.role)) throw new AppError('forbidden');
  }
  if (patch.status === 'active' && target.status === 'invited') throw new AppError('conflict', { reason: 'undangan belum diterima' });
  await deps.db.transaction().execute(async (tx) => {
    const after = await q.updateUser(tx, id, {
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
    });
    if (patch.status === 'deactivated' || (patch.role !== undefined && patch.role !== target.role)) await q.deleteUserSessions(tx, id);
    await recordAudit(tx, ctxOf(actor, meta), {
      action: patch.status === 'deactivated' ? 'user.deactivate' : patch.status === 'active' ? 'user.reactivate' : patch.role ? 'user.role_change' : 'user.update',
      targetType: 'user',
      targetId: id,
      orgId: target.org_id,
      before: { role: target.role, status: target.status, name: target.name },
      after: { role: after.role, status: after.status, name: after.name },
    });
  });
  return toUserDto((await q.findUserView(deps.db, id))!);
}

// ── the OPD directory ────────────────────────────────────────────────
export interface OrgDto {
  id: string;
  code: string;
  name: string;
  kind: 'province' | 'dinas' | 'badan' | 'biro' | 'rsud' | 'lainnya';
  group: string | null;
  parentCode: string | null;
  website: string | null;
  aliases: string[];
  userCount: number | null;
  active: boolean;
}

export async function listOrgs(deps: OrgDeps, actor: Actor, filter: { q?: string | undefined; kind?: string | undefined }): Promise<OrgDto[]> {
  requirePermission(actor, 'orgs.read');
  const rows = await q.listOrgs(deps.db, filter);
  const codeById = new Map(rows.map((r) => [r.id, r.code]));
  const seesCounts = has(actor, 'users.read');
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    group: r.org_group,
    parentCode: r.parent_id ? (codeById.get(r.parent_id) ?? null) : null,
    website: r.website,
    aliases: r.aliases,
    userCount: seesCounts && (isProvince(actor) || r.id === actor.orgId) ? Number(r.user_count ?? 0) : null,
    active: r.active,
  }));
}

export async function getOrg(deps: OrgDeps, actor: Actor, id: string) {
  requirePermission(actor, 'orgs.read');
  const org = await q.findOrgById(deps.db, id);
  if (!org) throw new AppError('not_found');
  const parent = org.parent_id ? await q.findOrgById(deps.db, org.parent_id) : undefined;
  const canSeeUsers = has(actor, 'users.read') && inScope(orgScope(actor, 'users.read'), org.id);
  const users = canSeeUsers ? (await q.listUsers(deps.db, 'all', { orgId: org.id })).map(toUserDto) : null;
  const counts = await q.countUsersByOrg(deps.db);
  return {
    org: {
      id: org.id,
      code: org.code,
      name: org.name,
      kind: org.kind,
      group: org.org_group,
      parentCode: parent?.code ?? null,
      website: org.website,
      aliases: org.aliases,
      userCount: canSeeUsers ? (counts.get(org.id) ?? 0) : null,
      active: org.active,
      responsibilities: org.responsibilities,
      routingNote: org.routing_note,
      socialAccounts: org.social_accounts,
    },
    users,
  };
}

// ── audit log ────────────────────────────────────────────────────────
export async function listAudit(
  deps: OrgDeps,
  actor: Actor,
  f: Omit<Parameters<typeof q.listAudit>[2], 'limit'> & { limit?: number | undefined },
) {
  const scope = orgScope(actor, 'audit.read');
  if (f.orgId && !inScope(scope, f.orgId)) throw new AppError('not_found');
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const rows = await q.listAudit(deps.db, scope, { ...f, limit });
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      actorEmail: r.actor_email,
      orgId: r.org_id,
      orgCode: r.org_code,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      before: (r.before ?? null) as Record<string, unknown> | null,
      after: (r.after ?? null) as Record<string, unknown> | null,
      requestId: r.request_id,
      ip: r.ip,
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function listMail(deps: OrgDeps, actor: Actor) {
  requirePermission(actor, 'mail.read');
  const rows = await q.listMail(deps.db);
  return rows.map((m) => ({
    id: m.id,
    from: m.mail_from,
    to: m.mail_to,
    subject: m.subject,
    text: m.text_body,
    receivedAt: m.received_at.toISOString(),
  }));
}
