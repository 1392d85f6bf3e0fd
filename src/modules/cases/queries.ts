import { sql, type Expression, type SqlBool } from 'kysely';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { Updateable } from 'kysely';
import type { CaseClassification, CaseEventKind, CaseStatus, ComplaintCaseTable } from '../../platform/db/schema.ts';
import type { WatchedDeadline } from './deadlines.ts';

// SQL of the cases module. Scope ('all' or org ids) comes from the policy: an OPD sees the cases it
// owns, plus the non-confidential cases that came in through it (origin); province roles see all.

export type OrgIds = 'all' | string[];
const NONE = ['00000000-0000-0000-0000-000000000000'];
/** Cases the province still has to handle: not closed, not on hold, not handed off. */
export const ACTIVE_SQL = sql<SqlBool>`c.status not in ('selesai', 'duplikat', 'diarsipkan', 'tunda') and c.handed_off_to is null`;
const NEXT_DUE = sql<Date | null>`least(c.verify_due_at, c.followup_due_at, c.cap_due_at)`;

function caseBase(db: DbOrTx) {
  return db
    .selectFrom('complaint_case as c')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .leftJoin('org as oo', 'oo.id', 'c.origin_org_id')
    .leftJoin('case_category as k', 'k.id', 'c.category_id')
    .leftJoin('ref_regency as rr', 'rr.code', 'c.regency_code')
    .leftJoin('ref_district as rd', 'rd.code', 'c.district_code')
    .leftJoin('outside_authority as oa', 'oa.code', 'c.handed_off_to')
    .leftJoin('complaint_case as dup', 'dup.id', 'c.duplicate_of');
}

const caseColumns = [
  'c.id',
  'c.code',
  'c.org_id',
  'o.code as org_code',
  'o.name as org_name',
  'o.kind as org_kind',
  'c.origin_org_id',
  'oo.code as origin_org_code',
  'oo.name as origin_org_name',
  'c.status',
  'c.status_before_tunda',
  'c.hold_reason',
  'c.held_at',
  'c.classification',
  'c.category_id',
  'k.code as category_code',
  'k.name as category_name',
  'k.verify_working_days',
  'k.followup_working_days',
  'k.silence_working_days',
  'k.cap_calendar_days',
  'c.title',
  'c.description',
  'c.regency_code',
  'rr.name as regency_name',
  'c.district_code',
  'rd.name as district_name',
  'c.location_text',
  'c.source_channel',
  'c.source_interaction_id',
  'c.reporter_contact_id',
  'c.reporter_name',
  'c.reporter_phone',
  'c.reporter_email',
  'c.anonymous',
  'c.confidential',
  'c.duplicate_of',
  'dup.code as duplicate_of_code',
  'c.reporters_count',
  'c.received_at',
  'c.verified_at',
  'c.disposed_at',
  'c.followed_up_at',
  'c.citizen_replied_at',
  'c.verify_due_at',
  'c.followup_due_at',
  'c.close_due_at',
  'c.cap_due_at',
  'c.verify_warned_at',
  'c.verify_escalated_at',
  'c.followup_warned_at',
  'c.followup_escalated_at',
  'c.cap_warned_at',
  'c.cap_escalated_at',
  'c.public_answer',
  'c.rating',
  'c.rating_comment',
  'c.rated_at',
  'c.handed_off_to',
  'oa.name as handed_off_to_name',
  'c.handed_off_at',
  'c.handoff_letter',
  'c.external_ref',
  'c.external_ref_at',
  'c.created_by',
  'c.created_at',
  'c.updated_at',
  'c.closed_at',
] as const;

function scoped<Q extends ReturnType<typeof caseBase>>(q: Q, scope: OrgIds): Q {
  if (scope === 'all') return q;
  const ids = scope.length ? scope : NONE;
  return q.where((eb) => eb.or([eb('c.org_id', 'in', ids), eb.and([eb('c.origin_org_id', 'in', ids), eb('c.confidential', '=', false)])])) as Q;
}

export function findCase(db: DbOrTx, id: string, scope: OrgIds = 'all') {
  return scoped(caseBase(db), scope).select(caseColumns).where('c.id', '=', id).executeTakeFirst();
}

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

export function findCaseByCode(db: DbOrTx, code: string, scope: OrgIds = 'all') {
  return scoped(caseBase(db), scope).select(caseColumns).where('c.code', '=', code).executeTakeFirst();
}

/** Locks the case row for a change (the caller re-reads it with findCase inside the transaction). */
export async function lockCase(tx: DbOrTx, id: string): Promise<boolean> {
  const r = await tx.selectFrom('complaint_case').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return r !== undefined;
}

export interface CaseFilter {
  status?: CaseStatus[] | undefined;
  orgId?: string | undefined;
  categoryCode?: string | undefined;
  classification?: CaseClassification | undefined;
  overdue?: boolean | undefined;
  /** Only active cases whose next deadline lies between now and this instant. */
  dueBefore?: Date | undefined;
  q?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  now: Date;
}

function applyFilter<Q extends ReturnType<typeof caseBase>>(q: Q, f: CaseFilter): Q {
  let r = q as ReturnType<typeof caseBase>;
  if (f.status?.length) r = r.where('c.status', 'in', f.status);
  if (f.orgId) r = r.where('c.org_id', '=', f.orgId);
  if (f.categoryCode) r = r.where('k.code', '=', f.categoryCode);
  if (f.classification) r = r.where('c.classification', '=', f.classification);
  if (f.overdue === true) r = r.where(sql<SqlBool>`(${ACTIVE_SQL}) and ${NEXT_DUE} < ${f.now}`);
  if (f.overdue === false) r = r.where(sql<SqlBool>`not ((${ACTIVE_SQL}) and coalesce(${NEXT_DUE} < ${f.now}, false))`);
  if (f.dueBefore) r = r.where(sql<SqlBool>`(${ACTIVE_SQL}) and ${NEXT_DUE} >= ${f.now} and ${NEXT_DUE} <= ${f.dueBefore}`);
  if (f.from) r = r.where('c.received_at', '>=', f.from);
  if (f.to) r = r.where('c.received_at', '<', f.to);
  if (f.q) {
    const code = f.q.trim().toUpperCase();
    r = /^SB-\d{4}-\d{6,}$/.test(code) ? r.where('c.code', '=', code) : r.where(sql<SqlBool>`c.search @@ plainto_tsquery('simple', ${f.q})`);
  }
  return r as Q;
}

export function listCases(db: DbOrTx, scope: OrgIds, f: CaseFilter, page: { cursor?: { at: Date; id: string } | undefined; limit: number }) {
  let q = applyFilter(scoped(caseBase(db), scope), f).select(caseColumns);
  if (page.cursor) q = q.where(sql<SqlBool>`(c.created_at, c.id) < (${page.cursor.at}, ${page.cursor.id}::uuid)`);
  return q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(page.limit + 1).execute();
}

export async function countCases(db: DbOrTx, scope: OrgIds, f: CaseFilter) {
  return applyFilter(scoped(caseBase(db), scope), f)
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) filter (where ${ACTIVE_SQL}))::int`.as('active'),
      sql<number>`(count(*) filter (where (${ACTIVE_SQL}) and ${NEXT_DUE} < ${f.now}))::int`.as('overdue'),
      sql<number>`(count(*) filter (where c.status = 'tunda'))::int`.as('onHold'),
    ])
    .executeTakeFirstOrThrow();
}

export async function insertCase(
  tx: DbOrTx,
  v: {
    org_id: string;
    origin_org_id: string | null;
    classification: CaseClassification;
    category_id: string | null;
    title: string;
    description: string;
    regency_code: string | null;
    district_code: string | null;
    location_text: string | null;
    source_channel: string;
    source_interaction_id: string | null;
    reporter_contact_id: string | null;
    reporter_name: string | null;
    reporter_phone: string | null;
    reporter_email: string | null;
    anonymous: boolean;
    confidential: boolean;
    received_at: Date;
    verify_due_at: Date | null;
    cap_due_at: Date;
    created_by: string | null;
  },
) {
  return tx.insertInto('complaint_case').values(v).returning(['id', 'code']).executeTakeFirstOrThrow();
}

export type CasePatch = Updateable<ComplaintCaseTable>;

export async function updateCase(tx: DbOrTx, id: string, patch: CasePatch): Promise<void> {
  await tx
    .updateTable('complaint_case')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export interface NewEvent {
  orgId: string;
  caseId: string;
  kind: CaseEventKind;
  fromStatus?: CaseStatus | null;
  toStatus?: CaseStatus | null;
  fromOrgId?: string | null;
  toOrgId?: string | null;
  publicText?: string | null;
  text?: string | null;
  /** Codes of Dayung's own texts and their parameters (src/modules/cases/event-texts.ts). */
  publicCode?: string | null;
  textCode?: string | null;
  params?: Record<string, string | number> | null;
  data?: unknown;
  actorId?: string | null;
  actorName?: string | null;
  at?: Date;
}

export async function insertEvent(tx: DbOrTx, e: NewEvent): Promise<void> {
  await tx
    .insertInto('case_event')
    .values({
      org_id: e.orgId,
      case_id: e.caseId,
      kind: e.kind,
      from_status: e.fromStatus ?? null,
      to_status: e.toStatus ?? null,
      from_org_id: e.fromOrgId ?? null,
      to_org_id: e.toOrgId ?? null,
      public: Boolean(e.publicText),
      public_text: e.publicText ?? null,
      text: e.text ?? null,
      data: e.data === undefined ? null : JSON.stringify(e.data),
      public_code: e.publicCode ?? null,
      text_code: e.textCode ?? null,
      params: e.params ? JSON.stringify(e.params) : null,
      actor_id: e.actorId ?? null,
      actor_name: e.actorName ?? null,
      ...(e.at ? { at: e.at } : {}),
    })
    .execute();
}

export function eventsOf(db: DbOrTx, caseId: string) {
  return db
    .selectFrom('case_event as e')
    .leftJoin('org as fo', 'fo.id', 'e.from_org_id')
    .leftJoin('org as t', 't.id', 'e.to_org_id')
    .select([
      'e.id',
      'e.kind',
      'e.from_status',
      'e.to_status',
      'e.from_org_id',
      'fo.code as from_org_code',
      'fo.name as from_org_name',
      'e.to_org_id',
      't.code as to_org_code',
      't.name as to_org_name',
      'e.public',
      'e.public_text',
      'e.text',
      'e.data',
      'e.public_code',
      'e.text_code',
      'e.params',
      'e.actor_id',
      'e.actor_name',
      'e.at',
    ])
    .where('e.case_id', '=', caseId)
    .orderBy('e.id')
    .execute();
}

export function reportersOf(db: DbOrTx, caseId: string) {
  return db
    .selectFrom('case_reporter as r')
    .leftJoin('complaint_case as m', 'm.id', 'r.merged_from_case_id')
    .select(['r.id', 'r.contact_id', 'r.interaction_id', 'r.channel', 'r.name', 'r.phone', 'r.email', 'r.anonymous', 'r.joined_at', 'r.merged_from_case_id', 'm.code as merged_from_code'])
    .where('r.case_id', '=', caseId)
    .orderBy('r.id')
    .execute();
}

export async function insertReporter(
  tx: DbOrTx,
  r: { orgId: string; caseId: string; contactId: string | null; interactionId: string | null; mergedFromCaseId: string | null; channel: string; name: string | null; phone: string | null; email: string | null; anonymous: boolean },
): Promise<void> {
  await tx
    .insertInto('case_reporter')
    .values({
      org_id: r.orgId,
      case_id: r.caseId,
      contact_id: r.contactId,
      interaction_id: r.interactionId,
      merged_from_case_id: r.mergedFromCaseId,
      channel: r.channel,
      name: r.name,
      phone: r.phone,
      email: r.email,
      anonymous: r.anonymous,
    })
    .execute();
}

/** Moves a merged duplicate's own additional reporters to the case it duplicates. */
export async function moveReporters(tx: DbOrTx, fromCaseId: string, toCaseId: string, toOrgId: string): Promise<number> {
  const r = await tx.updateTable('case_reporter').set({ case_id: toCaseId, org_id: toOrgId }).where('case_id', '=', fromCaseId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ── reference data ───────────────────────────────────────────────────

export function findCategoryByCode(db: DbOrTx, code: string) {
  return db.selectFrom('case_category').selectAll().where('code', '=', code).where('active', '=', true).executeTakeFirst();
}

export function listCategories(db: DbOrTx) {
  return db
    .selectFrom('case_category as k')
    .innerJoin('org as o', 'o.id', 'k.org_id')
    .select(['k.id', 'k.code', 'k.name', 'k.classification', 'k.keywords', 'k.verify_working_days', 'k.followup_working_days', 'k.silence_working_days', 'k.cap_calendar_days', 'k.confidential_by_default', 'o.code as org_code', 'o.name as org_name', 'o.kind as org_kind'])
    .where('k.active', '=', true)
    .orderBy('k.name')
    .execute();
}

export function findAuthority(db: DbOrTx, code: string) {
  return db.selectFrom('outside_authority').selectAll().where('code', '=', code).where('active', '=', true).executeTakeFirst();
}

export function listAuthorities(db: DbOrTx) {
  return db.selectFrom('outside_authority').select(['code', 'name', 'level', 'per_regency', 'topics', 'contact']).where('active', '=', true).orderBy('name').execute();
}

export function findRegency(db: DbOrTx, code: string) {
  return db.selectFrom('ref_regency').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

export function findDistrict(db: DbOrTx, code: string) {
  return db.selectFrom('ref_district').select(['code', 'name', 'regency_code']).where('code', '=', code).executeTakeFirst();
}

// ── the inbox's interactions: read through the inbox module (src/modules/inbox/index.ts) ──

export { interactionForCase as readInteraction } from '../inbox/index.ts';

/** The case an interaction belongs to (as its source or as a joined reporter), if any. */
export async function caseOfInteraction(db: DbOrTx, interactionId: string) {
  const own = await db.selectFrom('complaint_case').select(['id', 'code', 'duplicate_of']).where('source_interaction_id', '=', interactionId).executeTakeFirst();
  if (own) return own;
  return db
    .selectFrom('case_reporter as r')
    .innerJoin('complaint_case as c', 'c.id', 'r.case_id')
    .select(['c.id', 'c.code', 'c.duplicate_of'])
    .where('r.interaction_id', '=', interactionId)
    .executeTakeFirst();
}

export function caseLink(db: DbOrTx, id: string) {
  return db.selectFrom('complaint_case').select(['id', 'code', 'duplicate_of']).where('id', '=', id).executeTakeFirst();
}

// ── duplicates ───────────────────────────────────────────────────────

export function similarCandidates(db: DbOrTx, scope: OrgIds, base: { id: string; orgId: string; originOrgId: string | null; description: string; receivedAt: Date }, windowDays: number) {
  const dayMs = 86_400_000;
  let q = scoped(caseBase(db), scope)
    .select([
      'c.id',
      'c.code',
      'c.title',
      'c.status',
      'o.code as org_code',
      'c.received_at',
      'c.category_id',
      'k.name as category_name',
      'c.regency_code',
      'c.district_code',
      'c.reporters_count',
      sql<number>`similarity(c.description, ${base.description})`.as('text_sim'),
    ])
    .where('c.id', '<>', base.id)
    .where('c.status', 'not in', ['duplikat', 'diarsipkan'])
    .where('c.received_at', '>=', new Date(base.receivedAt.getTime() - windowDays * dayMs))
    .where('c.received_at', '<=', new Date(base.receivedAt.getTime() + windowDays * dayMs));
  q = q.where((eb) => {
    const ors: Expression<SqlBool>[] = [eb('c.org_id', '=', base.orgId)];
    if (base.originOrgId) ors.push(eb('c.origin_org_id', '=', base.originOrgId));
    return eb.or(ors);
  });
  return q.orderBy('text_sim', 'desc').limit(50).execute();
}

// ── the deadline job ─────────────────────────────────────────────────

const MARKS: Record<WatchedDeadline, { due: 'verify_due_at' | 'followup_due_at' | 'cap_due_at'; warned: 'verify_warned_at' | 'followup_warned_at' | 'cap_warned_at'; escalated: 'verify_escalated_at' | 'followup_escalated_at' | 'cap_escalated_at' }> = {
  verify: { due: 'verify_due_at', warned: 'verify_warned_at', escalated: 'verify_escalated_at' },
  followup: { due: 'followup_due_at', warned: 'followup_warned_at', escalated: 'followup_escalated_at' },
  cap: { due: 'cap_due_at', warned: 'cap_warned_at', escalated: 'cap_escalated_at' },
};

export function markColumns(kind: WatchedDeadline) {
  return MARKS[kind];
}

/** Active cases whose `kind` deadline falls before `before` and still lacks the given marker. */
export function deadlineCandidates(db: DbOrTx, kind: WatchedDeadline, marker: 'warned' | 'escalated', before: Date, limit: number) {
  const m = MARKS[kind];
  let q = db
    .selectFrom('complaint_case as c')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.code', 'c.title', 'c.org_id', 'o.kind as org_kind', 'o.name as org_name', 'c.status', sql<Date>`c.${sql.ref(m.due)}`.as('due_at')])
    .where(ACTIVE_SQL)
    .where(sql.ref(`c.${m.due}`), 'is not', null)
    .where(sql.ref(`c.${m.due}`), '<', before)
    .where(sql.ref(`c.${m[marker]}`), 'is', null);
  if (marker === 'warned') q = q.where(sql.ref(`c.${m.escalated}`), 'is', null);
  return q.orderBy(sql.ref(`c.${m.due}`)).limit(limit).execute();
}

/** Sets a marker once: true only for the caller that set it (the deadline must still be the one seen). */
export async function claimMarker(tx: DbOrTx, id: string, kind: WatchedDeadline, marker: 'warned' | 'escalated', due: Date, at: Date): Promise<boolean> {
  const m = MARKS[kind];
  const r = await sql`
    update complaint_case set ${sql.ref(m[marker])} = ${at}${marker === 'escalated' ? sql`, ${sql.ref(m.warned)} = coalesce(${sql.ref(m.warned)}, ${at})` : sql``}
    where id = ${id} and ${sql.ref(m[marker])} is null and ${sql.ref(m.due)} = ${due}
      and status not in ('selesai', 'duplikat', 'diarsipkan', 'tunda') and handed_off_to is null`.execute(tx);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export function silentCases(db: DbOrTx, now: Date, limit: number) {
  return db.selectFrom('complaint_case').select(['id', 'code']).where('status', '=', 'ditindaklanjuti').where('close_due_at', '<', now).orderBy('close_due_at').limit(limit).execute();
}
