import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DbOrTx } from '../../platform/db/index.ts';

// SQL of the inbox. Scope ('all' or org ids) comes from the policy.

export type OrgIds = 'all' | string[];
const NONE = ['00000000-0000-0000-0000-000000000000'];

export interface InboxFilter {
  orgId?: string | undefined;
  platform?: string | undefined;
  accountId?: string | undefined;
  kind?: string | undefined;
  intent?: string | undefined;
  sentiment?: string | undefined;
  urgency?: string | undefined;
  /** One or more statuses (any of them). */
  status?: string[] | undefined;
  assigneeId?: string | undefined;
  unassigned?: boolean | undefined;
  triage?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
  contactId?: string | undefined;
  /** A person's contacts across channels (internal: the conversation's history). */
  contactIds?: string[] | undefined;
}

function base(db: DbOrTx) {
  return db
    .selectFrom('interaction as i')
    .innerJoin('org as o', 'o.id', 'i.org_id')
    .leftJoin('channel_account as a', 'a.id', 'i.account_id')
    .leftJoin('contact as c', 'c.id', 'i.contact_id')
    .leftJoin('app_user as u', 'u.id', 'i.assignee_id');
}

/**
 * The filter as one SQL condition on `interaction as i`. Lists and counts use this one function, so
 * that a count is always the number of rows its list would show.
 */
export function filterCondition(orgIds: OrgIds, f: InboxFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`i.deleted_at is null`];
  if (orgIds !== 'all') parts.push(sql`i.org_id in (${sql.join(orgIds.length ? orgIds : NONE)})`);
  if (f.orgId) parts.push(sql`i.org_id = ${f.orgId}`);
  if (f.platform) parts.push(sql`i.platform = ${f.platform}`);
  if (f.accountId) parts.push(sql`i.account_id = ${f.accountId}`);
  if (f.kind) parts.push(sql`i.kind = ${f.kind}`);
  if (f.intent) parts.push(sql`i.intent = ${f.intent}`);
  if (f.sentiment) parts.push(sql`i.sentiment = ${f.sentiment}`);
  if (f.urgency) parts.push(sql`i.urgency = ${f.urgency}`);
  if (f.status?.length) parts.push(f.status.length === 1 ? sql`i.status = ${f.status[0]}` : sql`i.status in (${sql.join(f.status)})`);
  if (f.assigneeId) parts.push(sql`i.assignee_id = ${f.assigneeId}`);
  if (f.unassigned) parts.push(sql`i.assignee_id is null`);
  if (f.triage !== undefined) parts.push(sql`i.triage = ${f.triage}`);
  if (f.from) parts.push(sql`i.received_at >= ${f.from}`);
  if (f.to) parts.push(sql`i.received_at < ${f.to}`);
  if (f.contactId) parts.push(sql`i.contact_id = ${f.contactId}`);
  if (f.contactIds) parts.push(sql`i.contact_id in (${sql.join(f.contactIds.length ? f.contactIds : NONE)})`);
  if (f.q) parts.push(sql`i.search @@ plainto_tsquery('simple', ${f.q})`);
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

function applyFilter<Q extends ReturnType<typeof base>>(q: Q, orgIds: OrgIds, f: InboxFilter): Q {
  return (q as ReturnType<typeof base>).where(filterCondition(orgIds, f)) as Q;
}

const listColumns = [
  'i.id',
  'i.org_id',
  'o.code as org_code',
  'i.platform',
  'i.kind',
  'i.account_id',
  'a.name as account_name',
  'i.thread_key',
  'i.text',
  'i.lang',
  'i.intent',
  'i.sentiment',
  'i.urgency',
  'i.route',
  'i.route_confidence',
  'i.triage',
  'i.triage_reason',
  'i.status',
  'i.assignee_id',
  'u.name as assignee_name',
  'i.contact_id',
  'c.display_name as contact_name',
  'c.handle as contact_handle',
  'i.occurred_at',
  'i.received_at',
  'i.edited_at',
] as const;

export function listInteractions(db: DbOrTx, orgIds: OrgIds, f: InboxFilter, page: { cursor?: { at: Date; id: string } | undefined; limit: number }) {
  let q = applyFilter(base(db), orgIds, f).select(listColumns);
  if (page.cursor) q = q.where(sql<boolean>`(i.received_at, i.id) < (${page.cursor.at}, ${page.cursor.id}::uuid)`);
  // With a text search, order by an expression no btree can serve: the planner then finds the
  // matches through the (org_id, search) GIN index and sorts them, instead of walking the OPD's
  // newest rows hoping to meet enough matches (slow for rare and for common words alike).
  const newest = f.q ? sql`i.received_at + interval '0 seconds'` : sql`i.received_at`;
  return q.orderBy(newest, 'desc').orderBy('i.id', 'desc').limit(page.limit + 1).execute();
}

export type InteractionListRow = Awaited<ReturnType<typeof listInteractions>>[number];

export async function countInteractions(db: DbOrTx, orgIds: OrgIds, f: InboxFilter) {
  // Counting needs no joins: every filter is on the interaction itself (index-only scans).
  const row = await db
    .selectFrom('interaction as i')
    .where(filterCondition(orgIds, f))
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) filter (where i.status = 'open'))::int`.as('open'),
      sql<number>`(count(*) filter (where i.status = 'assigned'))::int`.as('assigned'),
      sql<number>`(count(*) filter (where i.status = 'done'))::int`.as('done'),
      sql<number>`(count(*) filter (where i.status = 'spam'))::int`.as('spam'),
      sql<number>`(count(*) filter (where i.triage and i.status in ('open', 'assigned')))::int`.as('triage'),
      sql<number>`(count(*) filter (where i.urgency = 'high' and i.status in ('open', 'assigned')))::int`.as('urgent'),
      sql<number>`(count(*) filter (where i.intent = 'complaint' and i.status in ('open', 'assigned')))::int`.as('complaints'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * One count per named filter, in one pass over the rows that `common` selects (each filter must
 * imply `common`). The built-in views share the panel's filters, so one scan answers all of them.
 */
export async function countEach(db: DbOrTx, orgIds: OrgIds, common: InboxFilter, each: Record<string, InboxFilter>): Promise<Record<string, number>> {
  const keys = Object.keys(each);
  if (keys.length === 0) return {};
  const row = await db
    .selectFrom('interaction as i')
    .where(filterCondition(orgIds, common))
    .select(keys.map((k, n) => sql<number>`(count(*) filter (where ${filterCondition(orgIds, each[k]!)}))::int`.as(`c${n}`)))
    .executeTakeFirstOrThrow();
  const r = row as unknown as Record<string, number>;
  return Object.fromEntries(keys.map((k, n) => [k, r[`c${n}`] ?? 0]));
}

/** How many rows a list with these filters has (a saved view's count). */
export async function countOne(db: DbOrTx, orgIds: OrgIds, f: InboxFilter): Promise<number> {
  const row = await db.selectFrom('interaction as i').where(filterCondition(orgIds, f)).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

export function findInteraction(db: DbOrTx, id: string) {
  return base(db)
    .select([...listColumns, 'i.analysis', 'i.model_version', 'i.addressed_org_id', 'i.routed_from_org_id', 'i.parent_external_id', 'i.post_external_id', 'i.external_id', 'i.deleted_at'])
    .where('i.id', '=', id)
    .executeTakeFirst();
}

export function threadOf(db: DbOrTx, platform: string, threadKey: string, limit = 200) {
  return base(db)
    .select(listColumns)
    .where('i.platform', '=', platform)
    .where('i.thread_key', '=', threadKey)
    .orderBy(sql`coalesce(i.occurred_at, i.received_at)`)
    .limit(limit)
    .execute();
}

export function notesOf(db: DbOrTx, interactionId: string) {
  return db
    .selectFrom('interaction_note as n')
    .innerJoin('app_user as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.text', 'n.mentions', 'n.created_at', 'u.id as author_id', 'u.name as author_name'])
    .where('n.interaction_id', '=', interactionId)
    .orderBy('n.id')
    .execute();
}

// ── contacts across channels ─────────────────────────────────────────

export function findContact(db: DbOrTx, id: string) {
  return db.selectFrom('contact').select(['id', 'platform', 'external_user_id', 'display_name', 'handle', 'person_id', 'last_seen_at']).where('id', '=', id).executeTakeFirst();
}

/** Whether the contact wrote anything the scope may read (that is what makes a contact visible). */
export async function contactVisible(db: DbOrTx, orgIds: OrgIds, contactId: string): Promise<boolean> {
  let q = db.selectFrom('interaction as i').select('i.id').where('i.contact_id', '=', contactId);
  if (orgIds !== 'all') q = q.where('i.org_id', 'in', orgIds.length ? orgIds : NONE);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

/** The contacts of a person (the contact itself when it is not linked), visible to the scope. */
export async function personContacts(db: DbOrTx, orgIds: OrgIds, contact: { id: string; person_id: string | null }) {
  let q = db
    .selectFrom('contact as c')
    .select(['c.id', 'c.platform', 'c.external_user_id', 'c.display_name', 'c.handle', 'c.person_id', 'c.last_seen_at'])
    .where((eb) => (contact.person_id ? eb('c.person_id', '=', contact.person_id) : eb('c.id', '=', contact.id)));
  if (orgIds !== 'all') {
    const ids = orgIds.length ? orgIds : NONE;
    q = q.where((eb) => eb.or([eb('c.id', '=', contact.id), eb.exists(eb.selectFrom('interaction as i').select('i.id').whereRef('i.contact_id', '=', 'c.id').where('i.org_id', 'in', ids))]));
  }
  return q.orderBy('c.platform').orderBy('c.id').execute();
}

/** Contacts the scope may see, by name, handle or platform id (for linking). */
export function searchContacts(db: DbOrTx, orgIds: OrgIds, text: string, limit: number) {
  const pattern = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  let q = db
    .selectFrom('contact as c')
    .select(['c.id', 'c.platform', 'c.external_user_id', 'c.display_name', 'c.handle', 'c.person_id', 'c.last_seen_at'])
    .where(sql<SqlBool>`(coalesce(c.display_name, '') || ' ' || coalesce(c.handle, '') || ' ' || c.external_user_id) ilike ${pattern}`);
  if (orgIds !== 'all') {
    const ids = orgIds.length ? orgIds : NONE;
    q = q.where((eb) => eb.exists(eb.selectFrom('interaction as i').select('i.id').whereRef('i.contact_id', '=', 'c.id').where('i.org_id', 'in', ids)));
  }
  return q.orderBy('c.last_seen_at', 'desc').limit(limit).execute();
}

export type ContactRow = NonNullable<Awaited<ReturnType<typeof findContact>>>;

// ── saved views ──────────────────────────────────────────────────────

export function savedViewsFor(db: DbOrTx, userId: string, orgId: string) {
  return db
    .selectFrom('inbox_saved_view as v')
    .innerJoin('app_user as u', 'u.id', 'v.owner_id')
    .select(['v.id', 'v.org_id', 'v.owner_id', 'u.name as owner_name', 'v.name', 'v.shared', 'v.filters', 'v.created_at', 'v.updated_at'])
    .where((eb) => eb.or([eb('v.owner_id', '=', userId), eb.and([eb('v.shared', '=', true), eb('v.org_id', '=', orgId)])]))
    .orderBy(sql`lower(v.name)`)
    .orderBy('v.id')
    .limit(100)
    .execute();
}

export function findSavedView(db: DbOrTx, id: string) {
  return db
    .selectFrom('inbox_saved_view as v')
    .innerJoin('app_user as u', 'u.id', 'v.owner_id')
    .select(['v.id', 'v.org_id', 'v.owner_id', 'u.name as owner_name', 'v.name', 'v.shared', 'v.filters', 'v.created_at', 'v.updated_at'])
    .where('v.id', '=', id)
    .executeTakeFirst();
}

export type SavedViewRow = NonNullable<Awaited<ReturnType<typeof findSavedView>>>;

// ── colleagues ───────────────────────────────────────────────────────

/** Active users of the org, and (when asked) province staff: candidates for assignment. */
export function colleaguesOf(db: DbOrTx, orgId: string, withProvince: boolean) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('org as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.name', 'u.email', 'u.role', 'u.org_id', 'u.status', 'o.code as org_code'])
    .where('u.status', '=', 'active')
    .where((eb) => (withProvince ? eb.or([eb('u.org_id', '=', orgId), eb('o.kind', '=', 'province')]) : eb('u.org_id', '=', orgId)))
    .orderBy('u.name')
    .limit(500)
    .execute();
}

// ── for other modules (exported through index.ts) ────────────────────

/** What the cases module needs of an interaction to make it a case or join it as a reporter. */
export function interactionForCase(db: DbOrTx, id: string) {
  return db
    .selectFrom('interaction as i')
    .innerJoin('org as o', 'o.id', 'i.org_id')
    .leftJoin('contact as ct', 'ct.id', 'i.contact_id')
    .select(['i.id', 'i.org_id', 'o.kind as org_kind', 'i.platform', 'i.text', 'i.triage', 'i.received_at', 'i.deleted_at', 'i.contact_id', 'ct.display_name as contact_name', 'ct.external_user_id as contact_external_id'])
    .where('i.id', '=', id)
    .executeTakeFirst();
}
