import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { NewOrg, NewUser, OrgRow, Role, UserRow, UserStatus, UserUpdate } from '../../platform/db/schema.ts';

// SQL for orgs, users, sessions, tokens and the audit log. Every function takes the database
// or the current transaction first; scoping decisions come from the policy via `orgIds`.

export type OrgIds = 'all' | string[];

function scoped<T extends { where: (...args: never[]) => T }>(q: T, column: string, orgIds: OrgIds): T {
  if (orgIds === 'all') return q;
  // @ts-expect-error the column name is one of the caller's table columns
  return q.where(column, 'in', orgIds.length ? orgIds : ['00000000-0000-0000-0000-000000000000']);
}

// ── orgs ─────────────────────────────────────────────────────────────
export async function listOrgs(db: DbOrTx, filter: { q?: string | undefined; kind?: string | undefined }) {
  let q = db
    .selectFrom('org')
    .selectAll('org')
    .select((eb) =>
      eb
        .selectFrom('app_user')
        .whereRef('app_user.org_id', '=', 'org.id')
        .where('app_user.status', '!=', 'deactivated')
        .select(eb.fn.countAll<string>().as('n'))
        .as('user_count'),
    )
    .orderBy(sql`kind = 'province'`, 'desc')
    .orderBy('org.name');
  if (filter.kind) q = q.where('org.kind', '=', filter.kind as OrgRow['kind']);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('org.name', 'ilike', like),
        eb('org.code', 'ilike', like),
        eb(sql`array_to_string(org.aliases, ' ')`, 'ilike', like),
      ]),
    );
  }
  return q.execute();
}

export function findOrgById(db: DbOrTx, id: string) {
  return db.selectFrom('org').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrgByCode(db: DbOrTx, code: string) {
  return db.selectFrom('org').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findProvince(db: DbOrTx) {
  return db.selectFrom('org').selectAll().where('kind', '=', 'province').executeTakeFirst();
}

export async function upsertOrg(db: DbOrTx, org: NewOrg): Promise<{ id: string; inserted: boolean }> {
  const row = await db
    .insertInto('org')
    .values(org)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        kind: eb.ref('excluded.kind'),
        parent_id: eb.ref('excluded.parent_id'),
        org_group: eb.ref('excluded.org_group'),
        sipd_code: eb.ref('excluded.sipd_code'),
        website: eb.ref('excluded.website'),
        aliases: eb.ref('excluded.aliases'),
        responsibilities: eb.ref('excluded.responsibilities'),
        routing_note: eb.ref('excluded.routing_note'),
        social_accounts: eb.ref('excluded.social_accounts'),
        updated_at: sql`now()`,
      })),
    )
    .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .executeTakeFirstOrThrow();
  return { id: row.id, inserted: row.inserted };
}

// ── users ────────────────────────────────────────────────────────────
const userColumns = [
  'app_user.id',
  'app_user.org_id',
  'app_user.email',
  'app_user.name',
  'app_user.role',
  'app_user.status',
  'app_user.must_change_password',
  'app_user.locale',
  'app_user.last_login_at',
  'app_user.created_at',
  'app_user.updated_at',
  'org.code as org_code',
  'org.name as org_name',
  'org.kind as org_kind',
] as const;

export function listUsers(
  db: DbOrTx,
  orgIds: OrgIds,
  filter: { orgId?: string | undefined; role?: Role | undefined; status?: UserStatus | undefined; q?: string | undefined },
) {
  let q = db.selectFrom('app_user').innerJoin('org', 'org.id', 'app_user.org_id').select(userColumns);
  q = scoped(q, 'app_user.org_id', orgIds);
  if (filter.orgId) q = q.where('app_user.org_id', '=', filter.orgId);
  if (filter.role) q = q.where('app_user.role', '=', filter.role);
  if (filter.status) q = q.where('app_user.status', '=', filter.status);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('app_user.name', 'ilike', like), eb('app_user.email', 'ilike', like)]));
  }
  return q.orderBy('org.name').orderBy('app_user.name').limit(1000).execute();
}

export type UserView = Awaited<ReturnType<typeof listUsers>>[number];

export function findUserView(db: DbOrTx, id: string) {
  return db
    .selectFrom('app_user')
    .innerJoin('org', 'org.id', 'app_user.org_id')
    .select(userColumns)
    .where('app_user.id', '=', id)
    .executeTakeFirst();
}

export function findUserByEmail(db: DbOrTx, email: string) {
  return db
    .selectFrom('app_user')
    .innerJoin('org', 'org.id', 'app_user.org_id')
    .selectAll('app_user')
    .select(['org.kind as org_kind', 'org.code as org_code', 'org.name as org_name'])
    .where('app_user.email', '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByOidcSubject(db: DbOrTx, subject: string) {
  return db.selectFrom('app_user').selectAll().where('oidc_subject', '=', subject).executeTakeFirst();
}

export async function insertUser(db: DbOrTx, user: NewUser): Promise<UserRow> {
  return db.insertInto('app_user').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function updateUser(db: DbOrTx, id: string, patch: UserUpdate): Promise<UserRow> {
  return db
    .updateTable('app_user')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function countUsersByOrg(db: DbOrTx): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('app_user')
    .select(['org_id', db.fn.countAll<string>().as('n')])
    .where('status', '!=', 'deactivated')
    .groupBy('org_id')
    .execute();
  return new Map(rows.map((r) => [r.org_id, Number(r.n)]));
}

// ── sessions ─────────────────────────────────────────────────────────
export async function insertSession(
  db: DbOrTx,
  s: { id: string; userId: string; orgId: string; csrfToken: string; ip: string | null; userAgent: string | null; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('user_session')
    .values({
      id: s.id,
      user_id: s.userId,
      org_id: s.orgId,
      csrf_token: s.csrfToken,
      ip: s.ip,
      user_agent: s.userAgent,
      expires_at: s.expiresAt,
    })
    .execute();
}

export function findSession(db: DbOrTx, id: string) {
  return db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .innerJoin('org', 'org.id', 'app_user.org_id')
    .select([
      'user_session.id as session_id',
      'user_session.csrf_token',
      'user_session.expires_at',
      'user_session.last_seen_at',
      'app_user.id',
      'app_user.org_id',
      'app_user.email',
      'app_user.name',
      'app_user.role',
      'app_user.status',
      'app_user.locale',
      'app_user.must_change_password',
      'org.code as org_code',
      'org.name as org_name',
      'org.kind as org_kind',
    ])
    .where('user_session.id', '=', id)
    .where('user_session.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

export type SessionView = NonNullable<Awaited<ReturnType<typeof findSession>>>;

export async function touchSession(db: DbOrTx, id: string, expiresAt: Date): Promise<void> {
  await db.updateTable('user_session').set({ last_seen_at: sql`now()`, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: DbOrTx, id: string): Promise<void> {
  await db.deleteFrom('user_session').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: DbOrTx, userId: string, exceptId?: string): Promise<void> {
  let q = db.deleteFrom('user_session').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}

export async function deleteExpiredSessions(db: DbOrTx): Promise<number> {
  const r = await db.deleteFrom('user_session').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ── login throttling ─────────────────────────────────────────────────
export async function recentFailures(db: DbOrTx, email: string, ip: string | null, windowMinutes: number) {
  const r = await sql<{ by_email: string; by_ip: string; oldest_email: Date | null }>`
    select
      count(*) filter (where email = ${email}) as by_email,
      count(*) filter (where ip = ${ip}::inet) as by_ip,
      min(at) filter (where email = ${email}) as oldest_email
    from login_failure
    where at > now() - make_interval(mins => ${windowMinutes})
      and (email = ${email} or ip = ${ip}::inet)`.execute(db);
  const row = r.rows[0];
  return { byEmail: Number(row?.by_email ?? 0), byIp: Number(row?.by_ip ?? 0), oldestEmail: row?.oldest_email ?? null };
}

export async function recordFailure(db: DbOrTx, email: string, ip: string | null): Promise<void> {
  await db.insertInto('login_failure').values({ email, ip }).execute();
}

export async function clearFailures(db: DbOrTx, email: string): Promise<void> {
  await db.deleteFrom('login_failure').where('email', '=', email).execute();
}

export async function deleteOldFailures(db: DbOrTx): Promise<void> {
  await db.deleteFrom('login_failure').where('at', '<', sql<Date>`now() - interval '1 day'`).execute();
}

// ── e-mailed tokens ──────────────────────────────────────────────────
export async function insertToken(db: DbOrTx, t: { id: string; userId: string; purpose: 'invite' | 'reset'; expiresAt: Date }) {
  await db.insertInto('user_token').values({ id: t.id, user_id: t.userId, purpose: t.purpose, expires_at: t.expiresAt }).execute();
}

export function countRecentTokens(db: DbOrTx, userId: string) {
  return db
    .selectFrom('user_token')
    .select(db.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

/** Marks a valid, unused token used and returns it; undefined when invalid, used or expired. */
export function consumeToken(db: DbOrTx, id: string) {
  return db
    .updateTable('user_token')
    .set({ used_at: sql`now()` })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['user_id', 'purpose'])
    .executeTakeFirst();
}

// ── audit log ────────────────────────────────────────────────────────
export function listAudit(
  db: DbOrTx,
  orgIds: OrgIds,
  f: {
    actorId?: string | undefined;
    action?: string | undefined;
    orgId?: string | undefined;
    targetType?: string | undefined;
    targetId?: string | undefined;
    from?: Date | undefined;
    to?: Date | undefined;
    cursor?: string | undefined;
    limit: number;
  },
) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('org', 'org.id', 'audit_log.org_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_id',
      'audit_log.actor_name',
      'audit_log.actor_email',
      'audit_log.org_id',
      'org.code as org_code',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.before',
      'audit_log.after',
      'audit_log.request_id',
      sql<string | null>`host(audit_log.ip)`.as('ip'),
    ]);
  q = scoped(q, 'audit_log.org_id', orgIds);
  if (f.actorId) q = q.where('audit_log.actor_id', '=', f.actorId);
  if (f.action) q = q.where('audit_log.action', 'like', `${f.action.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  if (f.orgId) q = q.where('audit_log.org_id', '=', f.orgId);
  if (f.targetType) q = q.where('audit_log.target_type', '=', f.targetType);
  if (f.targetId) q = q.where('audit_log.target_id', '=', f.targetId);
  if (f.from) q = q.where('audit_log.at', '>=', f.from);
  if (f.to) q = q.where('audit_log.at', '<', f.to);
  if (f.cursor) q = q.where('audit_log.id', '<', f.cursor);
  return q.orderBy('audit_log.id', 'desc').limit(f.limit + 1).execute();
}

// ── captured mail ────────────────────────────────────────────────────
export function listMail(db: DbOrTx, limit = 200) {
  return db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** Active heads and admins of an OPD: who is told about its channels, deadlines and escalations. */
export function findOrgManagers(db: DbOrTx, orgId: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'email', 'name', 'role'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'active')
    .where('role', 'in', ['opd_head', 'opd_admin'])
    .execute();
}
