import { sql, type Selectable } from 'kysely';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { PostStatus, PostTable, PublicationTable } from '../../platform/db/schema.ts';

// All SQL of the publishing module. Each function takes the database or the open transaction first.

export type PostRow = Selectable<PostTable>;
export type PublicationRow = Selectable<PublicationTable>;

export function lockPost(tx: DbOrTx, id: string) {
  return tx.selectFrom('post').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findPost(db: DbOrTx, id: string) {
  return db.selectFrom('post').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findVersion(db: DbOrTx, postId: string, number: number) {
  return db.selectFrom('post_version').selectAll().where('post_id', '=', postId).where('number', '=', number).executeTakeFirst();
}

export function listVersions(db: DbOrTx, postId: string) {
  return db
    .selectFrom('post_version as v')
    .leftJoin('app_user as u', 'u.id', 'v.created_by')
    .select(['v.number', 'v.created_by', 'v.created_at', 'u.name as created_by_name'])
    .where('v.post_id', '=', postId)
    .orderBy('v.number', 'desc')
    .execute();
}

export function listReviews(db: DbOrTx, postId: string) {
  return db
    .selectFrom('post_review as r')
    .leftJoin('app_user as u', 'u.id', 'r.decided_by')
    .select(['r.id', 'r.version', 'r.level', 'r.decision', 'r.comment', 'r.decided_by', 'r.decided_at', 'u.name as decided_by_name', 'u.role as decided_by_role'])
    .where('r.post_id', '=', postId)
    .orderBy('r.decided_at')
    .orderBy('r.id')
    .execute();
}

/** Approvals of the version given since it was last submitted (a withdrawal or new round voids older ones). */
export async function currentApprovals(db: DbOrTx, postId: string, version: number) {
  const rows = await db.selectFrom('post_review').select(['decision', 'level', 'decided_by']).where('post_id', '=', postId).where('version', '=', version).orderBy('decided_at').orderBy('id').execute();
  let approvals: { level: number; decided_by: string | null }[] = [];
  for (const r of rows) {
    if (r.decision === 'submitted' || r.decision === 'withdrawn' || r.decision === 'changes_requested') approvals = [];
    else approvals.push({ level: r.level, decided_by: r.decided_by });
  }
  return approvals;
}

export function insertReview(tx: DbOrTx, r: { postId: string; version: number; level: number; decision: 'submitted' | 'approved' | 'changes_requested' | 'withdrawn'; comment: string | null; decidedBy: string | null }) {
  return tx.insertInto('post_review').values({ post_id: r.postId, version: r.version, level: r.level, decision: r.decision, comment: r.comment, decided_by: r.decidedBy }).execute();
}

export function updatePost(tx: DbOrTx, id: string, patch: Partial<{ status: PostStatus; current_version: number; approved_version: number | null; levels_required: number; scheduled_at: Date | null; published_at: Date | null; expired_at: Date | null; category: string; campaign_id: string | null }>) {
  return tx.updateTable('post').set({ ...patch, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export function chainSettings(db: DbOrTx, orgId: string) {
  return db.selectFrom('publishing_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export function accountsOf(db: DbOrTx, orgId: string) {
  return db.selectFrom('channel_account').select(['id', 'platform', 'name', 'handle', 'status', 'org_id']).where('org_id', '=', orgId).where('status', '!=', 'disconnected').orderBy('platform').orderBy('name').execute();
}

export interface PostListFilter {
  scope: 'all' | string[];
  orgId?: string | undefined;
  statuses?: PostStatus[] | undefined;
  campaignId?: string | undefined;
  /** scheduled or published inside [from, to) */
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
  cursor?: { at: Date; id: string } | undefined;
  limit: number;
}

export async function listPosts(db: DbOrTx, f: PostListFilter) {
  let qb = db
    .selectFrom('post as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .innerJoin('post_version as v', (j) => j.onRef('v.post_id', '=', 'p.id').onRef('v.number', '=', 'p.current_version'))
    .leftJoin('app_user as u', 'u.id', 'p.created_by')
    .select(['p.id', 'p.org_id', 'o.code as org_code', 'o.name as org_name', 'p.status', 'p.category', 'p.campaign_id', 'p.current_version', 'p.approved_version', 'p.scheduled_at', 'p.published_at', 'p.created_at', 'p.updated_at', 'v.content', 'u.name as created_by_name'])
    .select(sql<Date>`coalesce(p.published_at, p.scheduled_at, p.updated_at)`.as('sort_at'));
  if (f.scope !== 'all') qb = qb.where('p.org_id', 'in', f.scope);
  if (f.orgId) qb = qb.where('p.org_id', '=', f.orgId);
  if (f.statuses?.length) qb = qb.where('p.status', 'in', f.statuses);
  if (f.campaignId) qb = qb.where('p.campaign_id', '=', f.campaignId);
  if (f.from) qb = qb.where(sql<Date>`coalesce(p.published_at, p.scheduled_at)`, '>=', f.from);
  if (f.to) qb = qb.where(sql<Date>`coalesce(p.published_at, p.scheduled_at)`, '<', f.to);
  if (f.q) qb = qb.where(sql<string>`v.content->>'text' || ' ' || (v.content->>'title')`, 'ilike', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.cursor) qb = qb.where((eb) => eb(eb.tuple(sql<Date>`coalesce(p.published_at, p.scheduled_at, p.updated_at)`, eb.ref('p.id')), '<', eb.tuple(f.cursor!.at, f.cursor!.id)));
  return qb.orderBy(sql`coalesce(p.published_at, p.scheduled_at, p.updated_at)`, 'desc').orderBy('p.id', 'desc').limit(f.limit + 1).execute();
}

export function publicationsOf(db: DbOrTx, postIds: string[]) {
  if (!postIds.length) return Promise.resolve([]);
  return db
    .selectFrom('publication as pb')
    .innerJoin('channel_account as a', 'a.id', 'pb.account_id')
    .leftJoin('outbound as ob', 'ob.id', 'pb.outbound_id')
    // `sending` while the platform is called: the outbound row's claim says so (the publication row is
    // not written for it)
    .select(sql<PublicationRow['status']>`case when pb.status = 'pending' and ob.status = 'sending' then 'sending' else pb.status end`.as('status'))
    .select(['pb.id', 'pb.post_id', 'pb.account_id', 'pb.platform', 'pb.attempt', 'pb.external_id', 'pb.permalink', 'pb.error', 'pb.error_kind', 'pb.due_at', 'pb.published_at', 'pb.version', 'a.name as account_name', 'a.handle as account_handle'])
    .where('pb.post_id', 'in', postIds)
    .orderBy('pb.platform')
    .execute();
}

export function latestMetrics(db: DbOrTx, publicationIds: string[]) {
  if (!publicationIds.length) return Promise.resolve([]);
  return db
    .selectFrom('publication_metric')
    .distinctOn('publication_id')
    .select(['publication_id', 'stage', 'reach', 'impressions', 'engagement', 'fetched_at'])
    .where('publication_id', 'in', publicationIds)
    .orderBy('publication_id')
    .orderBy('fetched_at', 'desc')
    .execute();
}

export function lockPublication(tx: DbOrTx, id: string) {
  return tx.selectFrom('publication').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updatePublication(tx: DbOrTx, id: string, patch: Partial<{ status: PublicationRow['status']; outbound_id: string; attempt: number; external_id: string | null; permalink: string | null; error: string | null; error_kind: string | null; published_at: Date | null }>) {
  return tx.updateTable('publication').set({ ...patch, updated_at: sql`now()` }).where('id', '=', id).execute();
}

/** Points each new publication at its outbound row (one statement for a post's channels). */
export async function linkOutbounds(tx: DbOrTx, links: readonly { publicationId: string; outboundId: string }[]) {
  if (!links.length) return;
  await sql`update publication pb set outbound_id = l.outbound_id, updated_at = now()
              from unnest(${links.map((l) => l.publicationId)}::uuid[], ${links.map((l) => l.outboundId)}::uuid[]) as l(id, outbound_id)
             where pb.id = l.id`.execute(tx);
}


/**
 * Copies the outbound row's result onto the publication; nothing when the publication is final or
 * its open status is unchanged. Also counts the post's other publications still open (pending or
 * sending): run after the post's row is locked, the count sees every sibling's committed outcome.
 * Returns the new status, or undefined when nothing changed.
 */
export async function copyOutcome(db: DbOrTx, id: string) {
  const { rows } = await sql<{ status: PublicationRow['status']; open_siblings: number }>`
    with changed as (
      update publication pb set
        status = o.status,
        external_id = ob.external_id,
        permalink = ob.permalink,
        error = ob.error,
        error_kind = ob.error_kind,
        published_at = case when o.status = 'published' then coalesce(ob.sent_at, now()) end,
        updated_at = now()
      from outbound ob,
        lateral (select case ob.status when 'sending' then 'sending' when 'sent' then 'published' when 'failed' then 'failed' when 'ambiguous' then 'ambiguous' else 'pending' end as status) o
      where pb.id = ${id} and ob.id = pb.outbound_id
        and pb.status not in ('published', 'cancelled')
        -- an open publication is written only when its status or its message changes (a send waiting
        -- for a rate limit shows why)
        and not (o.status = pb.status and o.status in ('pending', 'sending') and pb.error is not distinct from ob.error)
      returning pb.id, pb.post_id, pb.status
    )
    select c.status, (select count(*)::int from publication s where s.post_id = c.post_id and s.id <> c.id and s.status in ('pending', 'sending')) as open_siblings
      from changed c`.execute(db);
  return rows[0];
}

/**
 * Posts whose time has come and that are still waiting, locked, with their current version's content:
 * the batch the due job publishes or expires at once. Posts locked by another due run are skipped.
 */
export function lockDuePosts(tx: DbOrTx, horizon: Date, opts: { postIds?: readonly string[] | undefined; limit: number }) {
  let query = tx
    .selectFrom('post as p')
    .leftJoin('post_version as v', (j) => j.onRef('v.post_id', '=', 'p.id').onRef('v.number', '=', 'p.current_version'))
    .selectAll('p')
    .select('v.content')
    .where('p.scheduled_at', '<=', horizon)
    .where('p.status', 'in', ['draft', 'diajukan', 'perlu_revisi', 'disetujui', 'terjadwal']);
  if (opts.postIds) query = query.where('p.id', 'in', opts.postIds.length ? [...opts.postIds] : ['00000000-0000-0000-0000-000000000000']);
  return query.orderBy('p.scheduled_at').orderBy('p.id').limit(opts.limit).forUpdate('p').skipLocked().execute();
}

/** The connected accounts of several OPDs (a due batch spans a campaign's OPDs). */
export function accountsOfOrgs(db: DbOrTx, orgIds: readonly string[]) {
  if (!orgIds.length) return Promise.resolve([]);
  return db.selectFrom('channel_account').select(['id', 'platform', 'name', 'handle', 'status', 'org_id']).where('org_id', 'in', [...orgIds]).where('status', '!=', 'disconnected').execute();
}

/** Marks a batch of posts as being published (or expired) in one statement. */
export function setPostsStatus(tx: DbOrTx, ids: readonly string[], status: PostStatus, extra: { expired_at?: Date } = {}) {
  if (!ids.length) return Promise.resolve();
  return tx.updateTable('post').set({ status, ...extra, updated_at: sql`now()` }).where('id', 'in', [...ids]).execute().then(() => undefined);
}

/** What a send job needs when its payload carries only the publication (jobs queued by older code, tests). */
export function publicationRef(db: DbOrTx, id: string) {
  return db.selectFrom('publication').select(['id', 'post_id', 'account_id', 'outbound_id']).where('id', '=', id).executeTakeFirst();
}

/** Open publications whose outbound row already finished (a settle step was lost in a crash). */
export function unsettledPublications(db: DbOrTx, limit = 500) {
  return db
    .selectFrom('publication as pb')
    .innerJoin('outbound as ob', 'ob.id', 'pb.outbound_id')
    .select(['pb.id', 'pb.post_id'])
    .where('pb.status', 'in', ['pending', 'sending'])
    .where('ob.status', 'in', ['sent', 'failed', 'ambiguous'])
    .limit(limit)
    .execute();
}

export function campaignsBetween(db: DbOrTx, from: Date, to: Date) {
  return db.selectFrom('campaign').select(['id', 'title', 'starts_at', 'ends_at', 'status', 'hashtags']).where('starts_at', '<', to).where('ends_at', '>', from).where('status', '!=', 'cancelled').orderBy('starts_at').execute();
}
