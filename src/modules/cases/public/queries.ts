import { sql, type SqlBool } from 'kysely';
import type { DbOrTx } from '../../../platform/db/index.ts';
import type { CaseStatus, CaseSubmissionTable } from '../../../platform/db/schema.ts';
import type { Insertable } from 'kysely';

// SQL of the public side (public form, tracking, statistics, Open311). Public reads select only the
// columns a citizen may see: never the reporter, the contact, the interaction or staff notes.

export async function insertSubmission(tx: DbOrTx, v: Insertable<CaseSubmissionTable>): Promise<void> {
  await tx.insertInto('case_submission').values(v).execute();
}

export async function setTrackingSecret(db: DbOrTx, caseId: string, hash: string): Promise<void> {
  await db
    .insertInto('case_tracking_secret')
    .values({ case_id: caseId, secret_hash: hash })
    .onConflict((oc) => oc.column('case_id').doUpdateSet({ secret_hash: hash, created_at: sql`now()` }))
    .execute();
}

export function trackingSecretOf(db: DbOrTx, caseId: string) {
  return db.selectFrom('case_tracking_secret').select(['secret_hash', 'rated_at']).where('case_id', '=', caseId).executeTakeFirst();
}

/** Claims the one public rating of a case; false when it was already claimed. */
export async function claimRating(db: DbOrTx, caseId: string): Promise<boolean> {
  const r = await db.updateTable('case_tracking_secret').set({ rated_at: sql`now()` }).where('case_id', '=', caseId).where('rated_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function releaseRating(db: DbOrTx, caseId: string): Promise<void> {
  await db.updateTable('case_tracking_secret').set({ rated_at: null }).where('case_id', '=', caseId).execute();
}

// ── public case rows ─────────────────────────────────────────────────────────────────────────

function publicBase(db: DbOrTx) {
  return db
    .selectFrom('complaint_case as c')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .leftJoin('case_category as k', 'k.id', 'c.category_id')
    .leftJoin('org as ko', 'ko.id', 'k.org_id')
    .leftJoin('ref_regency as rr', 'rr.code', 'c.regency_code')
    .leftJoin('ref_district as rd', 'rd.code', 'c.district_code')
    .leftJoin('outside_authority as oa', 'oa.code', 'c.handed_off_to')
    .leftJoin('complaint_case as dup', 'dup.id', 'c.duplicate_of')
    .leftJoin('case_submission as s', 's.case_id', 'c.id');
}

const publicColumns = [
  'c.id',
  'c.code',
  'c.status',
  'c.classification',
  'c.confidential',
  'c.description',
  'c.location_text',
  'c.regency_code',
  'rr.name as regency_name',
  'c.district_code',
  'rd.name as district_name',
  'k.code as category_code',
  'k.name as category_name',
  'k.followup_working_days',
  'ko.name as category_org_name',
  'o.code as org_code',
  'o.name as org_name',
  'o.kind as org_kind',
  'c.handed_off_to',
  'oa.name as handed_off_to_name',
  'dup.code as duplicate_of_code',
  'c.public_answer',
  'c.rating',
  'c.rated_at',
  'c.reporters_count',
  'c.received_at',
  'c.verified_at',
  'c.updated_at',
  'c.closed_at',
  'c.verify_due_at',
  'c.followup_due_at',
  'c.close_due_at',
  'c.cap_due_at',
  's.channel as submission_channel',
  's.lat',
  's.long',
  's.address_string',
  's.address_id',
  's.zipcode',
  's.media_url',
  // The first stored photo staff marked public (Open311 media_url); citizens' photos are private by default.
  sql<string | null>`(select a.media_id from case_attachment a join media_object m on m.id = a.media_id where a.case_id = c.id and a.public and m.status = 'ready' order by a.created_at, a.id limit 1)`.as('public_photo_id'),
  sql<string | null>`(select e.public_text from case_event e where e.case_id = c.id and e.public order by e.id desc limit 1)`.as('last_public_text'),
] as const;

export type PublicCaseRow = Awaited<ReturnType<typeof findPublicCaseByCode>> & {};

/** A case by tracking code (confidential ones too: the caller decides what to show). */
export function findPublicCaseByCode(db: DbOrTx, code: string) {
  return publicBase(db).select(publicColumns).where('c.code', '=', code).executeTakeFirst();
}

export type PublicRow = NonNullable<PublicCaseRow>;

export interface PublicListFilter {
  codes?: string[] | undefined;
  serviceCodes?: string[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  statuses?: { open: boolean; closed: boolean } | undefined;
  limit: number;
}

/** The closed states of the public side (Open311 "closed"): selesai, diarsipkan, duplikat, and a case handed off outside the province. */
export const PUBLIC_CLOSED_SQL = sql<SqlBool>`(c.status in ('selesai', 'diarsipkan', 'duplikat') or (c.status = 'bukan_wewenang' and c.handed_off_to is not null))`;

/** Non-confidential cases for Open311 GET requests, newest first. */
export function listPublicCases(db: DbOrTx, f: PublicListFilter) {
  let q = publicBase(db).select(publicColumns).where('c.confidential', '=', false);
  if (f.codes) {
    q = q.where('c.code', 'in', f.codes.length ? f.codes : ['-']);
  } else {
    if (f.serviceCodes?.length) q = q.where('k.code', 'in', f.serviceCodes);
    if (f.from) q = q.where('c.received_at', '>=', f.from);
    if (f.to) q = q.where('c.received_at', '<=', f.to);
    if (f.statuses && f.statuses.open !== f.statuses.closed) q = q.where(f.statuses.closed ? PUBLIC_CLOSED_SQL : sql<SqlBool>`not ${PUBLIC_CLOSED_SQL}`);
  }
  return q.orderBy('c.received_at', 'desc').orderBy('c.id', 'desc').limit(f.limit).execute();
}

export function publicEventsOf(db: DbOrTx, caseId: string) {
  return db
    .selectFrom('case_event as e')
    .select(['e.id', 'e.kind', 'e.to_status', 'e.public_text', 'e.public_code', 'e.params', 'e.at'])
    .where('e.case_id', '=', caseId)
    .where('e.public', '=', true)
    .orderBy('e.id')
    .execute();
}

export function findSubmissionByToken(db: DbOrTx, token: string) {
  return db
    .selectFrom('case_submission as s')
    .innerJoin('complaint_case as c', 'c.id', 's.case_id')
    .select(['c.code', 's.token'])
    .where('s.token', '=', token)
    .executeTakeFirst();
}

// ── reference data ───────────────────────────────────────────────────────────────────────────

export function activeCategories(db: DbOrTx) {
  return db
    .selectFrom('case_category as k')
    .innerJoin('org as o', 'o.id', 'k.org_id')
    .select(['k.code', 'k.name', 'k.classification', 'k.keywords', 'k.confidential_by_default', 'k.verify_working_days', 'k.followup_working_days', 'k.silence_working_days', 'k.cap_calendar_days', 'o.code as org_code', 'o.name as org_name', 'o.kind as org_kind'])
    .where('k.active', '=', true)
    .orderBy('k.name')
    .execute();
}

export type CategoryRow = Awaited<ReturnType<typeof activeCategories>>[number];

export function regencies(db: DbOrTx) {
  return db.selectFrom('ref_regency').select(['code', 'name', 'kind', 'capital']).orderBy('code').execute();
}

export function districts(db: DbOrTx) {
  return db.selectFrom('ref_district').select(['code', 'name', 'regency_code']).orderBy('code').execute();
}

// ── statistics (non-confidential, non-duplicate cases) ──────────────────────────────────────

export interface StatsRow {
  key: string | null;
  name: string | null;
  cases: number;
  open: number;
  closed: number;
  followed_up: number;
  median_hours: number | null;
  evaluated: number;
  on_time: number;
  ratings: number;
  avg_rating: number | null;
}

/**
 * Aggregates per dimension. "Evaluated" cases for timeliness: followed up, closed or currently
 * overdue; "late": an escalation was recorded (a verify, follow-up or 60-day deadline was missed)
 * or it is active and past its next deadline now.
 */
export async function stats(db: DbOrTx, by: 'total' | 'org' | 'category' | 'status', range: { from?: Date | undefined; to?: Date | undefined }, now: Date): Promise<StatsRow[]> {
  const keyExpr = by === 'org' ? sql`o.code` : by === 'category' ? sql`k.code` : by === 'status' ? sql`c.status` : sql`null`;
  const nameExpr = by === 'org' ? sql`o.name` : by === 'category' ? sql`k.name` : sql`null`;
  const active = sql`c.status not in ('selesai', 'duplikat', 'diarsipkan', 'tunda') and c.handed_off_to is null`;
  const overdueNow = sql`(${active}) and least(c.verify_due_at, c.followup_due_at, c.cap_due_at) < ${now}`;
  const r = await sql<StatsRow>`
    with base as (
      select c.*, (select min(e.at) from case_event e where e.case_id = c.id and e.kind = 'public_answer') as first_followup,
             exists (select 1 from case_event e where e.case_id = c.id and e.kind = 'escalation') as escalated
      from complaint_case c
      where not c.confidential and c.status <> 'duplikat'
        ${range.from ? sql`and c.received_at >= ${range.from}` : sql``}
        ${range.to ? sql`and c.received_at < ${range.to}` : sql``}
    )
    select ${keyExpr}::text as key, ${nameExpr}::text as name,
      count(*)::int as cases,
      (count(*) filter (where not ${PUBLIC_CLOSED_SQL}))::int as open,
      (count(*) filter (where ${PUBLIC_CLOSED_SQL}))::int as closed,
      (count(*) filter (where c.first_followup is not null))::int as followed_up,
      (percentile_cont(0.5) within group (order by extract(epoch from c.first_followup - c.received_at) / 3600.0) filter (where c.first_followup is not null))::float8 as median_hours,
      (count(*) filter (where c.first_followup is not null or c.status = 'selesai' or c.escalated or ${overdueNow}))::int as evaluated,
      (count(*) filter (where (c.first_followup is not null or c.status = 'selesai') and not c.escalated and not (${overdueNow})))::int as on_time,
      (count(*) filter (where c.rating is not null))::int as ratings,
      (avg(c.rating) filter (where c.rating is not null))::float8 as avg_rating
    from base c
    join org o on o.id = c.org_id
    left join case_category k on k.id = c.category_id
    group by 1, 2
    order by 3 desc, 1`.execute(db);
  return r.rows;
}

// ── rate limits (fixed windows, shared by every web process) ─────────────────────────────────

export async function hit(db: DbOrTx, bucket: string, windowMs: number): Promise<{ hits: number; resetAt: Date }> {
  const r = await sql<{ hits: number; reset_at: Date }>`
    insert into public_rate_limit as p (bucket, hits, reset_at)
    values (${bucket}, 1, now() + ${`${windowMs} milliseconds`}::interval)
    on conflict (bucket) do update set
      hits = case when p.reset_at <= now() then 1 else p.hits + 1 end,
      reset_at = case when p.reset_at <= now() then now() + ${`${windowMs} milliseconds`}::interval else p.reset_at end
    returning hits, reset_at`.execute(db);
  const row = r.rows[0]!;
  return { hits: row.hits, resetAt: new Date(row.reset_at) };
}

export async function peek(db: DbOrTx, bucket: string): Promise<{ hits: number; resetAt: Date } | null> {
  const row = await db.selectFrom('public_rate_limit').select(['hits', 'reset_at']).where('bucket', '=', bucket).where('reset_at', '>', sql<Date>`now()`).executeTakeFirst();
  return row ? { hits: row.hits, resetAt: new Date(row.reset_at) } : null;
}

export async function sweepRateLimits(db: DbOrTx): Promise<void> {
  await db.deleteFrom('public_rate_limit').where('reset_at', '<', sql<Date>`now() - interval '1 minute'`).execute();
}

// ── form tokens ─────────────────────────────────────────────────────────────────────────────

/** Records a form token's nonce as used; false when it was used before (a replay). */
export async function useNonce(db: DbOrTx, nonce: string): Promise<boolean> {
  const r = await db.insertInto('public_form_nonce').values({ nonce }).onConflict((oc) => oc.column('nonce').doNothing()).returning('nonce').executeTakeFirst();
  return r !== undefined;
}

export async function sweepNonces(db: DbOrTx, olderThanHours: number): Promise<void> {
  await db.deleteFrom('public_form_nonce').where('used_at', '<', sql<Date>`now() - make_interval(hours => ${olderThanHours})`).execute();
}

export async function publicSecret(db: DbOrTx, name: string, fresh: Buffer): Promise<Buffer> {
  await db.insertInto('public_secret').values({ name, secret: fresh }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('public_secret').select('secret').where('name', '=', name).executeTakeFirstOrThrow();
  return row.secret;
}

export type { CaseStatus };
