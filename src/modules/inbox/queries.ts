import { sql } from 'kysely';
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
  status?: string | undefined;
  assigneeId?: string | undefined;
  unassigned?: boolean | undefined;
  triage?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
  contactId?: string | undefined;
}

function base(db: DbOrTx) {
  return db
    .selectFrom('interaction as i')
    .innerJoin('org as o', 'o.id', 'i.org_id')
    .leftJoin('channel_account as a', 'a.id', 'i.account_id')
    .leftJoin('contact as c', 'c.id', 'i.contact_id')
    .leftJoin('app_user as u', 'u.id', 'i.assignee_id');
}

function applyFilter<Q extends ReturnType<typeof base>>(q: Q, orgIds: OrgIds, f: InboxFilter): Q {
  let r = q as ReturnType<typeof base>;
  if (orgIds !== 'all') r = r.where('i.org_id', 'in', orgIds.length ? orgIds : NONE);
  if (f.orgId) r = r.where('i.org_id', '=', f.orgId);
  if (f.platform) r = r.where('i.platform', '=', f.platform);
  if (f.accountId) r = r.where('i.account_id', '=', f.accountId);
  if (f.kind) r = r.where('i.kind', '=', f.kind as 'comment');
  if (f.intent) r = r.where('i.intent', '=', f.intent);
  if (f.sentiment) r = r.where('i.sentiment', '=', f.sentiment);
  if (f.urgency) r = r.where('i.urgency', '=', f.urgency);
  if (f.status) r = r.where('i.status', '=', f.status as 'open');
  if (f.assigneeId) r = r.where('i.assignee_id', '=', f.assigneeId);
  if (f.unassigned) r = r.where('i.assignee_id', 'is', null);
  if (f.triage !== undefined) r = r.where('i.triage', '=', f.triage);
  if (f.from) r = r.where('i.received_at', '>=', f.from);
  if (f.to) r = r.where('i.received_at', '<', f.to);
  if (f.contactId) r = r.where('i.contact_id', '=', f.contactId);
  if (f.q) r = r.where(sql<boolean>`i.search @@ plainto_tsquery('simple', ${f.q})`);
  r = r.where('i.deleted_at', 'is', null);
  return r as Q;
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
  const lean = db.selectFrom('interaction as i') as unknown as ReturnType<typeof base>;
  const row = await applyFilter(lean, orgIds, f)
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
