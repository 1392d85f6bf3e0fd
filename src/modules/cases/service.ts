import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { CaseClassification, CaseStatus } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { maskPersonalData, maskValue } from '../language/index.ts';
import { mediaSummaries } from '../media/index.ts';
import { findOrgByCode, findProvince, inScope, isProvince, notifyOrg, orgScope, recordAudit, requirePermission, systemContext, type Actor, type AuditContext } from '../org/index.ts';
import { formatWib, loadCalendar, type WorkingCalendar } from './calendar.ts';
import { clockAfter, describeTimeLeft, initialClock, movedDeadlines, reclassifiedClock, resumeClock, rulesFor, type Clock } from './deadlines.ts';
import { CLASSIFICATION_LABEL, handoffLetter, laporExport, type AuthorityInfo, type CaseSummary } from './handoff.ts';
import { publicText, staffText } from './event-texts.ts';
import { allowedActions, authorize, denialReason, extraActions, isClosed, mayContribute as contributes, nextStatus, STATUS_LABEL, type CaseAction, type CaseState } from './lifecycle.ts';
import { attachFromInteraction, attachmentsView, insertAttachments } from './attachments.ts';
import * as q from './queries.ts';

// Use cases of complaint cases: create from an inbox interaction or by staff, read (personal data
// masked; anonymous reporters hidden from OPDs; confidential cases only for their owner and the
// province), every LAPOR! transition with its deadlines, disposition hops, hand-off with letter and
// export, duplicates and "ikut melapor". Every change is audited in its own transaction.

export interface CasesDeps {
  db: Db;
  /** The time source (tests pin it); default new Date(). */
  now?: (() => Date) | undefined;
}

export const SENDER = 'Dinas Komunikasi, Informatika dan Statistik Provinsi Sumatera Barat';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const date = (d: Date | string | null | undefined) => (d ? new Date(d) : null);
const nowOf = (deps: CasesDeps) => deps.now?.() ?? new Date();
const mask = (t: string | null | undefined) => (t == null ? null : maskPersonalData(t));
const maskName = (v: string | null) => (v ? maskValue('name', v) : null);
const maskPhone = (v: string | null) => (v ? maskValue('phone', v) : null);
const maskEmail = (v: string | null) => (v ? maskValue('email', v) : null);

// ── the calendar (holiday table), cached briefly per database ────────────────────────────────

const calendars = new WeakMap<object, { at: number; cal: Promise<WorkingCalendar> }>();

export function calendarFor(db: DbOrTx, maxAgeMs = 60_000): Promise<WorkingCalendar> {
  const hit = calendars.get(db);
  if (hit && Date.now() - hit.at < maxAgeMs) return hit.cal;
  const cal = loadCalendar(db);
  calendars.set(db, { at: Date.now(), cal });
  cal.catch(() => calendars.delete(db));
  return cal;
}

// ── views ─────────────────────────────────────────────────────────────────────────────────────

function stateOf(row: q.CaseRow): CaseState {
  return { code: row.code, status: row.status, statusBeforeTunda: row.status_before_tunda, handedOffTo: row.handed_off_to, orgId: row.org_id };
}

function clockOf(row: q.CaseRow): Clock {
  return { verifyDueAt: date(row.verify_due_at), followupDueAt: date(row.followup_due_at), closeDueAt: date(row.close_due_at), capDueAt: new Date(row.cap_due_at) };
}

/** The columns of a new clock, with the markers of every moved deadline cleared. */
function clockPatch(before: Clock, after: Clock): q.CasePatch {
  const patch: q.CasePatch = { verify_due_at: after.verifyDueAt, followup_due_at: after.followupDueAt, close_due_at: after.closeDueAt, cap_due_at: after.capDueAt };
  for (const kind of movedDeadlines(before, after)) {
    const m = q.markColumns(kind);
    patch[m.warned] = null;
    patch[m.escalated] = null;
  }
  return patch;
}

/** OPD users never see who an anonymous reporter is (province roles see the masked identity). */
function hidesReporter(actor: Actor | null, anonymous: boolean): boolean {
  return anonymous && (actor === null || !isProvince(actor));
}

function deadlineView(cal: WorkingCalendar, now: Date, due: Date | string | null, active: boolean, marks: { warned?: Date | string | null; escalated?: Date | string | null } = {}) {
  if (!due) return null;
  const d = new Date(due);
  const base = { dueAt: d.toISOString(), due: formatWib(d), warnedAt: iso(marks.warned), escalatedAt: iso(marks.escalated) };
  if (!active) return { ...base, running: false, overdue: false, workingDaysLeft: null, hoursLeft: null, dueToday: false, text: null };
  const t = cal.timeLeft(d, now);
  return { ...base, running: true, overdue: t.overdue, workingDaysLeft: t.overdue ? -t.workingDays : t.workingDays, hoursLeft: t.overdue ? -t.hours : t.hours, dueToday: t.dueToday, text: describeTimeLeft(t) };
}

function toCase(row: q.CaseRow, actor: Actor | null, cal: WorkingCalendar, now: Date) {
  const hide = hidesReporter(actor, row.anonymous);
  const active = !isClosed(stateOf(row)) && row.status !== 'tunda';
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    statusLabel: STATUS_LABEL[row.status],
    statusBeforeTunda: row.status_before_tunda,
    holdReason: row.hold_reason,
    heldAt: iso(row.held_at),
    closed: isClosed(stateOf(row)),
    classification: row.classification,
    classificationLabel: CLASSIFICATION_LABEL[row.classification],
    category: row.category_code ? { code: row.category_code, name: row.category_name! } : null,
    // Citizens' NIK, phone numbers, e-mail, plates and names are masked unless revealed.
    title: mask(row.title)!,
    description: mask(row.description)!,
    org: { id: row.org_id, code: row.org_code, name: row.org_name, province: row.org_kind === 'province' },
    originOrg: row.origin_org_id ? { id: row.origin_org_id, code: row.origin_org_code!, name: row.origin_org_name! } : null,
    location: { regencyCode: row.regency_code, regency: row.regency_name, districtCode: row.district_code, district: row.district_name, text: mask(row.location_text) },
    source: { channel: row.source_channel, interactionId: hide ? null : row.source_interaction_id },
    reporter: hide ? null : { name: maskName(row.reporter_name), phone: maskPhone(row.reporter_phone), email: maskEmail(row.reporter_email), contactId: row.reporter_contact_id },
    anonymous: row.anonymous,
    confidential: row.confidential,
    reportersCount: row.reporters_count,
    duplicateOf: row.duplicate_of ? { id: row.duplicate_of, code: row.duplicate_of_code! } : null,
    receivedAt: iso(row.received_at)!,
    verifiedAt: iso(row.verified_at),
    disposedAt: iso(row.disposed_at),
    followedUpAt: iso(row.followed_up_at),
    citizenRepliedAt: iso(row.citizen_replied_at),
    closedAt: iso(row.closed_at),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    deadlines: {
      verify: deadlineView(cal, now, row.verify_due_at, active, { warned: row.verify_warned_at, escalated: row.verify_escalated_at }),
      followUp: deadlineView(cal, now, row.followup_due_at, active, { warned: row.followup_warned_at, escalated: row.followup_escalated_at }),
      close: deadlineView(cal, now, row.close_due_at, active),
      cap: deadlineView(cal, now, row.cap_due_at, active, { warned: row.cap_warned_at, escalated: row.cap_escalated_at }),
      paused: row.status === 'tunda',
    },
    publicAnswer: row.public_answer,
    rating: row.rating,
    ratingComment: row.rating_comment,
    handedOffTo: row.handed_off_to ? { code: row.handed_off_to, name: row.handed_off_to_name! } : null,
    handedOffAt: iso(row.handed_off_at),
    externalRef: row.external_ref,
    // Transitions first (in lifecycle order), then note / flags / reveal: exactly what the caller may do.
    allowedActions: actor ? [...allowedActions(actor, stateOf(row)), ...extraActions(actor, { ...stateOf(row), originOrgId: row.origin_org_id })] : [],
  };
}

export type CaseView = ReturnType<typeof toCase>;

function summaryOf(row: q.CaseRow, opts: { reveal: boolean; hideReporter: boolean }): CaseSummary {
  const text = (t: string | null) => (t == null ? null : opts.reveal ? t : maskPersonalData(t));
  return {
    code: row.code,
    receivedAt: new Date(row.received_at),
    classification: row.classification,
    category: row.category_code ? { code: row.category_code, name: row.category_name! } : null,
    title: text(row.title)!,
    description: text(row.description)!,
    location: { regencyCode: row.regency_code, regency: row.regency_name, districtCode: row.district_code, district: row.district_name, text: text(row.location_text) },
    anonymous: row.anonymous,
    confidential: row.confidential,
    reporter:
      row.anonymous || opts.hideReporter
        ? null
        : opts.reveal
          ? { name: row.reporter_name, phone: row.reporter_phone, email: row.reporter_email }
          : { name: maskName(row.reporter_name), phone: maskPhone(row.reporter_phone), email: maskEmail(row.reporter_email) },
    channel: row.source_channel,
    status: row.status,
    owner: { code: row.org_code, name: row.org_name },
    externalRef: row.external_ref,
    handedOffTo: row.handed_off_to ? { code: row.handed_off_to, name: row.handed_off_to_name! } : null,
  };
}

// ── reading ───────────────────────────────────────────────────────────────────────────────────

function encodeCursor(r: { created_at: Date | string; id: string }): string {
  return Buffer.from(`${new Date(r.created_at).toISOString()}|${r.id}`).toString('base64url');
}

function decodeCursor(c: string | undefined): { at: Date; id: string } | undefined {
  if (!c) return undefined;
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw new AppError('bad_request', { reason: 'kursor halaman tidak valid' });
  return { at: new Date(at), id };
}

export interface ListInput {
  status?: CaseStatus[] | undefined;
  orgId?: string | undefined;
  categoryCode?: string | undefined;
  classification?: CaseClassification | undefined;
  overdue?: boolean | undefined;
  dueSoon?: boolean | undefined;
  q?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

async function filterOf(deps: CasesDeps, actor: Actor, f: ListInput): Promise<{ scope: q.OrgIds; filter: q.CaseFilter }> {
  const scope = orgScope(actor, 'cases.read');
  if (f.orgId && !inScope(scope, f.orgId)) throw new AppError('not_found');
  const now = nowOf(deps);
  // "Due soon": the next deadline falls today or on the next working day (the job's warning window).
  const dueBefore = f.dueSoon ? (await calendarFor(deps.db)).addWorkingDays(now, 1) : undefined;
  return { scope, filter: { status: f.status, orgId: f.orgId, categoryCode: f.categoryCode, classification: f.classification, overdue: f.overdue, dueBefore, q: f.q, from: f.from, to: f.to, now } };
}

export async function listCases(deps: CasesDeps, actor: Actor, f: ListInput) {
  const { scope, filter } = await filterOf(deps, actor, f);
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const rows = await q.listCases(deps.db, scope, filter, { cursor: decodeCursor(f.cursor), limit });
  const page = rows.slice(0, limit);
  const cal = await calendarFor(deps.db);
  return { items: page.map((r) => toCase(r, actor, cal, filter.now)), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
}

export async function countCases(deps: CasesDeps, actor: Actor, f: ListInput) {
  const { scope, filter } = await filterOf(deps, actor, f);
  return q.countCases(deps.db, scope, filter);
}

async function loadVisible(db: DbOrTx, actor: Actor, id: string): Promise<q.CaseRow> {
  const row = await q.findCase(db, id, orgScope(actor, 'cases.read'));
  if (!row) throw new AppError('not_found');
  return row;
}

export async function getCase(deps: CasesDeps, actor: Actor, id: string) {
  const row = await loadVisible(deps.db, actor, id);
  const [events, reporters, cal, attachments] = await Promise.all([q.eventsOf(deps.db, id), q.reportersOf(deps.db, id), calendarFor(deps.db), attachmentsView(deps.db, id)]);
  const view = toCase(row, actor, cal, nowOf(deps));
  return {
    ...view,
    // Photos and other attachments (stored ones loaded through the API; never public by default).
    attachments,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      fromOrg: e.from_org_id ? { id: e.from_org_id, code: e.from_org_code!, name: e.from_org_name! } : null,
      toOrg: e.to_org_id ? { id: e.to_org_id, code: e.to_org_code!, name: e.to_org_name! } : null,
      public: e.public,
      publicText: e.public_text,
      // A citizen's own words may carry personal data.
      text: e.kind === 'citizen_reply' ? mask(e.text) : e.text,
      // Dayung's own texts as codes with parameters (src/modules/cases/event-texts.ts), for the web to translate.
      publicCode: e.public_code,
      textCode: e.text_code,
      params: e.params ?? null,
      data: e.data,
      actor: e.actor_name ?? 'sistem',
      at: e.at.toISOString(),
    })),
    // Every hop of the case between organisations, in order.
    hops: events
      .filter((e) => e.from_org_id && e.to_org_id && e.from_org_id !== e.to_org_id)
      .map((e) => ({ from: e.from_org_code!, to: e.to_org_code!, kind: e.kind, reason: e.text, at: e.at.toISOString(), by: e.actor_name ?? 'sistem' })),
    reporters: reporters.map((r) => {
      const hidden = hidesReporter(actor, row.anonymous || r.anonymous);
      return {
        id: r.id,
        channel: r.channel,
        anonymous: r.anonymous,
        name: hidden ? null : maskName(r.name),
        phone: hidden ? null : maskPhone(r.phone),
        email: hidden ? null : maskEmail(r.email),
        interactionId: hidden ? null : r.interaction_id,
        mergedFrom: r.merged_from_case_id ? { id: r.merged_from_case_id, code: r.merged_from_code! } : null,
        joinedAt: r.joined_at.toISOString(),
      };
    }),
  };
}

export type CaseDetail = Awaited<ReturnType<typeof getCase>>;

/**
 * The case after a change made by the actor. When the change took it out of the actor's sight (a
 * confidential case disposed to another OPD, or handed back to the coordinator), a stub says where it went.
 */
async function afterChange(deps: CasesDeps, actor: Actor, id: string): Promise<CaseDetail | { id: string; code: string; status: CaseStatus; statusLabel: string; org: { code: string; name: string }; hidden: true }> {
  try {
    return await getCase(deps, actor, id);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'not_found') throw err;
    const row = (await q.findCase(deps.db, id))!;
    return { id: row.id, code: row.code, status: row.status, statusLabel: STATUS_LABEL[row.status], org: { code: row.org_code, name: row.org_name }, hidden: true };
  }
}

/** The unmasked text and reporter, on purpose: only with personal_data.read, and every look is audited. */
export async function revealCase(deps: CasesDeps, actor: Actor, id: string, reason: string, audit: AuditContext) {
  requirePermission(actor, 'personal_data.read');
  const row = await loadVisible(deps.db, actor, id);
  const hide = hidesReporter(actor, row.anonymous);
  const reporters = await q.reportersOf(deps.db, id);
  await recordAudit(deps.db, audit, { action: 'case.reveal', targetType: 'complaint_case', targetId: row.id, orgId: row.org_id, after: { reason, reporter: !hide } });
  return {
    title: row.title,
    description: row.description,
    locationText: row.location_text,
    // An anonymous reporter stays hidden from OPDs even on reveal.
    reporter: hide ? null : { name: row.reporter_name, phone: row.reporter_phone, email: row.reporter_email },
    reporters: reporters.map((r) => (hidesReporter(actor, row.anonymous || r.anonymous) ? { id: r.id, name: null, phone: null, email: null } : { id: r.id, name: r.name, phone: r.phone, email: r.email })),
  };
}

// ── creating ──────────────────────────────────────────────────────────────────────────────────

export interface CreateInput {
  interactionId?: string | undefined;
  description?: string | undefined;
  title?: string | undefined;
  classification?: CaseClassification | undefined;
  categoryCode?: string | undefined;
  regencyCode?: string | undefined;
  districtCode?: string | undefined;
  locationText?: string | undefined;
  channel?: 'web' | 'phone' | 'walk_in' | 'letter' | 'email' | 'staff' | undefined;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  reporterEmail?: string | undefined;
  anonymous?: boolean | undefined;
  confidential?: boolean | undefined;
  receivedAt?: Date | undefined;
}

/** A title from the first words of the text (≤ 80 characters). */
export function titleFrom(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= 80) return clean;
  const cut = clean.slice(0, 80);
  const space = cut.lastIndexOf(' ');
  return `${(space > 40 ? cut.slice(0, space) : cut).trim()}…`;
}

async function resolveCategory(db: DbOrTx, code: string | undefined) {
  if (!code) return null;
  const c = await q.findCategoryByCode(db, code);
  if (!c) throw new AppError('case_reference_unknown', { what: 'Kategori', value: code });
  return c;
}

async function resolveLocation(db: DbOrTx, regencyCode: string | undefined | null, districtCode: string | undefined | null) {
  let regency = regencyCode ?? null;
  if (districtCode) {
    const d = await q.findDistrict(db, districtCode);
    if (!d) throw new AppError('case_reference_unknown', { what: 'Kecamatan', value: districtCode });
    if (regency && d.regency_code !== regency) throw new AppError('bad_request', { reason: `kecamatan ${d.name} tidak berada di kabupaten/kota ${regency}` });
    regency = d.regency_code;
  }
  if (regency && !(await q.findRegency(db, regency))) throw new AppError('case_reference_unknown', { what: 'Kabupaten/kota', value: regency });
  return { regency_code: regency, district_code: districtCode ?? null };
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}

export async function createCase(deps: CasesDeps, actor: Actor, input: CreateInput, audit: AuditContext) {
  requirePermission(actor, 'cases.work');
  const now = nowOf(deps);
  const province = await findProvince(deps.db);
  if (!province) throw new AppError('service_unavailable', { reason: 'data provinsi belum diisi (dayung seed)' });
  let owner: string;
  let origin: string | null;
  let source: { channel: string; interactionId: string | null; contactId: string | null; name: string | null; phone: string | null; email: string | null; receivedAt: Date; text: string };
  if (input.interactionId) {
    const it = await q.readInteraction(deps.db, input.interactionId);
    if (!it || !inScope(orgScope(actor, 'inbox.read'), it.org_id)) throw new AppError('not_found');
    if (it.deleted_at) throw new AppError('bad_request', { reason: 'pesan sudah dihapus oleh pengirimnya' });
    const taken = await q.caseOfInteraction(deps.db, it.id);
    if (taken) throw new AppError('case_interaction_taken', { code: taken.code });
    // A message still in Kominfotik's triage goes to the coordinator; one routed to an OPD stays with it.
    owner = it.triage || it.org_kind === 'province' ? province.id : it.org_id;
    origin = it.org_kind === 'province' ? null : it.org_id;
    source = {
      channel: it.platform,
      interactionId: it.id,
      contactId: it.contact_id,
      name: input.reporterName ?? it.contact_name,
      phone: input.reporterPhone ?? (it.platform === 'whatsapp' ? it.contact_external_id : null),
      email: input.reporterEmail ?? null,
      receivedAt: new Date(it.received_at),
      text: input.description ?? it.text,
    };
  } else {
    if (!input.description) throw new AppError('validation_failed', {}, { errors: [{ path: 'description', message: 'Uraian aduan wajib diisi (atau kirim interactionId)' }] });
    owner = isProvince(actor) ? province.id : actor.orgId;
    origin = isProvince(actor) ? null : actor.orgId;
    const receivedAt = input.receivedAt ?? now;
    if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw new AppError('bad_request', { reason: 'waktu penerimaan tidak boleh di masa depan' });
    source = { channel: input.channel ?? 'staff', interactionId: null, contactId: null, name: input.reporterName ?? null, phone: input.reporterPhone ?? null, email: input.reporterEmail ?? null, receivedAt, text: input.description };
  }
  const description = source.text.trim();
  if (!description) throw new AppError('validation_failed', {}, { errors: [{ path: 'description', message: 'Uraian aduan kosong' }] });
  const category = await resolveCategory(deps.db, input.categoryCode);
  const location = await resolveLocation(deps.db, input.regencyCode, input.districtCode);
  const cal = await calendarFor(deps.db);
  const clock = initialClock(cal, rulesFor(category), source.receivedAt);
  let created: { id: string; code: string };
  try {
    created = await deps.db.transaction().execute(async (tx) => {
      const c = await q.insertCase(tx, {
        org_id: owner,
        origin_org_id: origin,
        classification: input.classification ?? category?.classification ?? 'pengaduan',
        category_id: category?.id ?? null,
        title: (input.title ?? titleFrom(description)).slice(0, 200),
        description: description.slice(0, 8000),
        ...location,
        location_text: input.locationText ?? null,
        source_channel: source.channel,
        source_interaction_id: source.interactionId,
        reporter_contact_id: source.contactId,
        reporter_name: source.name,
        reporter_phone: source.phone,
        reporter_email: source.email,
        anonymous: input.anonymous ?? false,
        confidential: input.confidential ?? category?.confidential_by_default ?? false,
        received_at: source.receivedAt,
        verify_due_at: clock.verifyDueAt,
        cap_due_at: clock.capDueAt,
        created_by: actor.userId,
      });
      await q.insertEvent(tx, {
        orgId: owner,
        caseId: c.id,
        kind: 'status',
        toStatus: 'diterima',
        toOrgId: owner,
        ...publicText('received', { code: c.code }),
        data: { channel: source.channel, interactionId: source.interactionId },
        actorId: actor.userId,
        actorName: actor.name,
        at: now,
      });
      if (source.interactionId) await attachFromInteraction(tx, c.id, source.interactionId);
      await recordAudit(tx, audit, { action: 'case.create', targetType: 'complaint_case', targetId: c.id, orgId: owner, after: { code: c.code, channel: source.channel, interactionId: source.interactionId, categoryCode: category?.code ?? null } });
      return c;
    });
  } catch (err) {
    if (isUniqueViolation(err) && source.interactionId) {
      const taken = await q.caseOfInteraction(deps.db, source.interactionId);
      throw new AppError('case_interaction_taken', { code: taken?.code ?? '-' });
    }
    throw err;
  }
  return getCase(deps, actor, created.id);
}

// ── changing ──────────────────────────────────────────────────────────────────────────────────

interface ChangeContext {
  tx: DbOrTx;
  row: q.CaseRow;
  cal: WorkingCalendar;
  now: Date;
  actor: Actor | null;
  audit: AuditContext;
}

/** Locks the case, checks it is visible to the actor (else 404) and runs fn in one transaction. */
async function change<T>(deps: CasesDeps, actor: Actor | null, id: string, audit: AuditContext, fn: (c: ChangeContext) => Promise<T>): Promise<T> {
  if (actor) requirePermission(actor, 'cases.read');
  const cal = await calendarFor(deps.db);
  const now = nowOf(deps);
  return deps.db.transaction().execute(async (tx) => {
    if (!(await q.lockCase(tx, id))) throw new AppError('not_found');
    const row = await q.findCase(tx, id, actor ? orgScope(actor, 'cases.read') : 'all');
    if (!row) throw new AppError('not_found');
    return fn({ tx, row, cal, now, actor, audit });
  });
}

interface Step {
  action: CaseAction;
  patch?: q.CasePatch;
  clock?: Clock;
  event: Omit<q.NewEvent, 'orgId' | 'caseId' | 'fromStatus' | 'toStatus' | 'actorId' | 'actorName' | 'at'>;
  auditAfter?: Record<string, unknown>;
}

/** Applies a LAPOR! transition: status, clock (moved deadlines get fresh markers), event, audit. */
async function step(c: ChangeContext, s: Step): Promise<CaseStatus> {
  const state = stateOf(c.row);
  authorize(c.actor, s.action, state);
  const to = nextStatus(state, s.action);
  const clockPart = s.clock ? clockPatch(clockOf(c.row), s.clock) : {};
  const orgId = s.patch?.org_id ?? c.row.org_id;
  await q.updateCase(c.tx, c.row.id, { ...s.patch, ...clockPart, status: to });
  await q.insertEvent(c.tx, { ...s.event, orgId, caseId: c.row.id, fromStatus: c.row.status, toStatus: to, actorId: c.actor?.userId ?? null, actorName: c.actor?.name ?? 'sistem', at: c.now });
  await recordAudit(c.tx, c.audit, {
    action: `case.${s.action}`,
    targetType: 'complaint_case',
    targetId: c.row.id,
    orgId: c.row.org_id,
    before: { status: c.row.status, orgCode: c.row.org_code },
    after: { status: to, ...(orgId !== c.row.org_id ? { orgId } : {}), ...s.auditAfter },
  });
  return to;
}

export interface VerifyInput {
  classification?: CaseClassification | undefined;
  categoryCode?: string | undefined;
  title?: string | undefined;
  anonymous?: boolean | undefined;
  confidential?: boolean | undefined;
  regencyCode?: string | undefined;
  districtCode?: string | undefined;
  locationText?: string | undefined;
  note?: string | undefined;
}

export async function verify(deps: CasesDeps, actor: Actor, id: string, input: VerifyInput, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    authorize(actor, 'verify', stateOf(c.row));
    const category = input.categoryCode ? await resolveCategory(c.tx, input.categoryCode) : null;
    const location = input.regencyCode !== undefined || input.districtCode !== undefined ? await resolveLocation(c.tx, input.regencyCode, input.districtCode) : {};
    let clock = clockOf(c.row);
    if (category && category.id !== c.row.category_id) clock = reclassifiedClock(c.cal, rulesFor(category), clock, new Date(c.row.received_at));
    await step(c, {
      action: 'verify',
      clock,
      patch: {
        verified_at: c.now,
        ...(input.classification ? { classification: input.classification } : category ? { classification: category.classification } : {}),
        ...(category ? { category_id: category.id } : {}),
        ...(input.title ? { title: input.title } : {}),
        ...(input.anonymous !== undefined ? { anonymous: input.anonymous } : {}),
        ...(input.confidential !== undefined ? { confidential: input.confidential } : category && category.confidential_by_default ? { confidential: true } : {}),
        ...location,
        ...(input.locationText !== undefined ? { location_text: input.locationText } : {}),
      },
      event: { kind: 'status', text: input.note ?? null, ...publicText('verified') },
      auditAfter: { categoryCode: category?.code ?? c.row.category_code, classification: input.classification, anonymous: input.anonymous, confidential: input.confidential },
    });
  });
  return afterChange(deps, actor, id);
}

export async function dispose(deps: CasesDeps, actor: Actor, id: string, input: { orgCode: string; reason: string }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    authorize(actor, 'dispose', stateOf(c.row));
    const target = await findOrgByCode(c.tx, input.orgCode);
    if (!target || target.kind === 'province' || !target.active) throw new AppError('case_reference_unknown', { what: 'OPD', value: input.orgCode });
    if (c.row.status === 'didisposisi' && target.id === c.row.org_id) throw new AppError('bad_request', { reason: `aduan sudah didisposisikan ke ${target.code}` });
    const clock = clockAfter(c.cal, rulesFor(c.row), clockOf(c.row), 'dispose', c.now);
    await step(c, {
      action: 'dispose',
      clock,
      patch: { org_id: target.id, disposed_at: c.now, verified_at: c.row.verified_at ?? c.now, handed_off_to: null, handed_off_at: null, closed_at: null },
      event: { kind: 'disposition', fromOrgId: c.row.org_id, toOrgId: target.id, text: input.reason, ...publicText('disposed', { org: target.name }) },
      auditAfter: { orgCode: target.code, reason: input.reason },
    });
    await notifyOrg(c.tx, {
      orgId: target.id,
      level: 'info',
      code: 'case_disposed',
      title: `Aduan ${c.row.code} didisposisikan ke ${target.code}`,
      body: `${maskPersonalData(c.row.title)}\nAlasan: ${input.reason}\nBatas tindak lanjut: ${clock.followupDueAt ? formatWib(clock.followupDueAt) : '-'}`,
      link: `/aduan/${c.row.id}`,
    });
  });
  return afterChange(deps, actor, id);
}

export async function followUp(deps: CasesDeps, actor: Actor, id: string, input: { text: string }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    await step(c, {
      action: 'follow_up',
      clock: clockAfter(c.cal, rulesFor(c.row), clockOf(c.row), 'follow_up', c.now),
      patch: { public_answer: input.text, followed_up_at: c.now },
      event: { kind: 'public_answer', publicText: input.text },
      auditAfter: { publicAnswer: input.text },
    });
  });
  return afterChange(deps, actor, id);
}

export async function closeCase(deps: CasesDeps, actor: Actor, id: string, input: { note?: string | undefined }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    await step(c, {
      action: 'close',
      clock: clockAfter(c.cal, rulesFor(c.row), clockOf(c.row), 'close', c.now),
      patch: { closed_at: c.now },
      event: { kind: 'status', text: input.note ?? null, ...publicText('closed') },
    });
  });
  return afterChange(deps, actor, id);
}

/** The job's auto-close after the citizen stayed silent past the close deadline. Returns false when nothing was due. */
export async function closeForSilence(deps: CasesDeps, id: string): Promise<boolean> {
  return change(deps, null, id, systemContext(), async (c) => {
    if (c.row.status !== 'ditindaklanjuti' || !c.row.close_due_at || new Date(c.row.close_due_at).getTime() >= c.now.getTime()) return false;
    const days = rulesFor(c.row).autoCloseWorkingDays;
    await step(c, {
      action: 'auto_close',
      clock: clockAfter(c.cal, rulesFor(c.row), clockOf(c.row), 'auto_close', c.now),
      patch: { closed_at: c.now },
      event: {
        kind: 'status',
        ...staffText('auto_closed', { days, dueAt: new Date(c.row.close_due_at).toISOString() }),
        ...publicText('auto_closed', { days, dueAt: new Date(c.row.close_due_at).toISOString() }),
        data: { closeDueAt: iso(c.row.close_due_at) },
      },
    });
    return true;
  });
}

export async function hold(deps: CasesDeps, actor: Actor, id: string, input: { reason: string }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    await step(c, {
      action: 'hold',
      patch: { status_before_tunda: c.row.status, held_at: c.now, hold_reason: input.reason },
      event: { kind: 'status', text: input.reason, ...publicText('held') },
      auditAfter: { reason: input.reason },
    });
  });
  return afterChange(deps, actor, id);
}

export async function resume(deps: CasesDeps, actor: Actor, id: string, input: { note?: string | undefined }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    const heldAt = c.row.held_at ? new Date(c.row.held_at) : c.now;
    const clock = resumeClock(c.cal, clockOf(c.row), heldAt, c.now);
    await step(c, {
      action: 'resume',
      clock,
      patch: { status_before_tunda: null, held_at: null, hold_reason: null },
      event: { kind: 'status', text: input.note ?? null, ...publicText('resumed'), data: { heldAt: heldAt.toISOString(), heldWorkingDays: c.cal.workingDaysBetween(heldAt, c.now) } },
    });
  });
  return afterChange(deps, actor, id);
}

export async function notAuthority(deps: CasesDeps, actor: Actor, id: string, input: { reason: string; authorityCode?: string | undefined }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    authorize(actor, 'not_authority', stateOf(c.row));
    if (input.authorityCode && !(await q.findAuthority(c.tx, input.authorityCode))) throw new AppError('case_reference_unknown', { what: 'Instansi', value: input.authorityCode });
    const province = (await findProvince(c.tx))!;
    await step(c, {
      action: 'not_authority',
      // Back to the Admin Koordinator, who re-disposes or hands off within the verify deadline.
      clock: clockAfter(c.cal, rulesFor(c.row), clockOf(c.row), 'not_authority', c.now),
      patch: { org_id: province.id },
      event: {
        kind: 'status',
        fromOrgId: c.row.org_id,
        toOrgId: province.id,
        text: input.reason,
        data: { suggestedAuthority: input.authorityCode ?? null },
        ...publicText('not_authority'),
      },
      auditAfter: { reason: input.reason, suggestedAuthority: input.authorityCode ?? null },
    });
    if (c.row.org_id !== province.id) {
      await notifyOrg(c.tx, {
        orgId: province.id,
        level: 'warning',
        code: 'case_not_authority',
        title: `Aduan ${c.row.code} dinyatakan bukan wewenang oleh ${c.row.org_code}`,
        body: `Alasan: ${input.reason}${input.authorityCode ? `\nUsulan instansi: ${input.authorityCode}` : ''}`,
        link: `/aduan/${c.row.id}`,
      });
    }
  });
  return afterChange(deps, actor, id);
}

function authorityInfo(a: NonNullable<Awaited<ReturnType<typeof q.findAuthority>>>): AuthorityInfo {
  return { code: a.code, name: a.name, level: a.level, perRegency: a.per_regency, topics: a.topics as AuthorityInfo['topics'], contact: a.contact as AuthorityInfo['contact'] };
}

export async function handoff(deps: CasesDeps, actor: Actor, id: string, input: { authorityCode: string; note?: string | undefined }, audit: AuditContext) {
  const letter = await change(deps, actor, id, audit, async (c) => {
    authorize(actor, 'handoff', stateOf(c.row));
    nextStatus(stateOf(c.row), 'handoff');
    const authority = await q.findAuthority(c.tx, input.authorityCode);
    if (!authority) throw new AppError('case_reference_unknown', { what: 'Instansi', value: input.authorityCode });
    const summary = { ...summaryOf(c.row, { reveal: false, hideReporter: true }), handedOffTo: { code: authority.code, name: authority.name } };
    const text = handoffLetter(summary, authorityInfo(authority), { at: c.now, note: input.note, sender: SENDER });
    await step(c, {
      action: 'handoff',
      clock: clockAfter(c.cal, rulesFor(c.row), clockOf(c.row), 'handoff', c.now),
      patch: { handed_off_to: authority.code, handed_off_at: c.now, handoff_letter: text, closed_at: c.now },
      event: {
        kind: 'handoff',
        text: input.note ?? null,
        data: { authority: authority.code },
        ...publicText('handed_off', { authority: authority.name }),
      },
      auditAfter: { authority: authority.code },
    });
    return text;
  });
  const view = await getCase(deps, actor, id);
  return { case: view, letter, export: await laporExportOf(deps, actor, id, {}) };
}

export async function setExternalRef(deps: CasesDeps, actor: Actor, id: string, input: { externalRef: string }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    // The coordinator, or the owning OPD's head/admin, records the reference LAPOR! (or the authority) returned.
    const reason = denialReason(actor, 'dispose', stateOf(c.row));
    if (reason) throw new AppError('case_action_forbidden', { action: 'menyimpan nomor referensi', code: c.row.code, reason });
    await q.updateCase(c.tx, c.row.id, { external_ref: input.externalRef, external_ref_at: c.now });
    await q.insertEvent(c.tx, { orgId: c.row.org_id, caseId: c.row.id, kind: 'handoff', ...staffText('external_ref', { ref: input.externalRef }), data: { externalRef: input.externalRef }, actorId: actor.userId, actorName: actor.name, at: c.now });
    await recordAudit(c.tx, audit, { action: 'case.external_ref', targetType: 'complaint_case', targetId: c.row.id, orgId: c.row.org_id, before: { externalRef: c.row.external_ref }, after: { externalRef: input.externalRef } });
  });
  return afterChange(deps, actor, id);
}

export async function archive(deps: CasesDeps, actor: Actor, id: string, input: { reason: string }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    await step(c, {
      action: 'archive',
      clock: clockAfter(c.cal, rulesFor(c.row), clockOf(c.row), 'archive', c.now),
      patch: { closed_at: c.now, status_before_tunda: null, held_at: null, hold_reason: null },
      event: { kind: 'status', text: input.reason, ...publicText('archived', { reason: input.reason }) },
      auditAfter: { reason: input.reason },
    });
  });
  return afterChange(deps, actor, id);
}

export async function reopen(deps: CasesDeps, actor: Actor, id: string, input: { reason: string }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    await step(c, {
      action: 'reopen',
      clock: clockAfter(c.cal, rulesFor(c.row), clockOf(c.row), 'reopen', c.now),
      patch: { closed_at: null },
      event: { kind: 'status', text: input.reason, ...publicText('reopened') },
      auditAfter: { reason: input.reason },
    });
    await notifyOrg(c.tx, { orgId: c.row.org_id, level: 'warning', code: 'case_reopened', title: `Aduan ${c.row.code} dibuka kembali oleh pelapor`, body: `Alasan: ${input.reason}`, link: `/aduan/${c.row.id}` });
  });
  return afterChange(deps, actor, id);
}

/** Resolves a case id or tracking code, within what the actor may see. */
async function resolveRef(db: DbOrTx, actor: Actor | null, ref: string) {
  const scope = actor ? orgScope(actor, 'cases.read') : 'all';
  return /^[0-9a-f-]{36}$/i.test(ref) ? q.findCase(db, ref, scope) : q.findCaseByCode(db, ref.trim().toUpperCase(), scope);
}

/** Marks the case a duplicate of another and merges its reporters into it ("ikut melapor"). */
export async function markDuplicate(deps: CasesDeps, actor: Actor, id: string, input: { duplicateOf: string; note?: string | undefined }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    authorize(actor, 'duplicate', stateOf(c.row));
    nextStatus(stateOf(c.row), 'duplicate');
    const target = await resolveRef(c.tx, actor, input.duplicateOf);
    if (!target) throw new AppError('case_duplicate_invalid', { reason: `aduan ${input.duplicateOf} tidak ditemukan` });
    if (target.id === c.row.id) throw new AppError('case_duplicate_invalid', { reason: 'aduan tidak dapat menjadi duplikat dirinya sendiri' });
    if (target.status === 'duplikat') throw new AppError('case_duplicate_invalid', { reason: `aduan ${target.code} sendiri duplikat dari ${target.duplicate_of_code}; gabungkan ke aduan tersebut` });
    if (target.status === 'diarsipkan') throw new AppError('case_duplicate_invalid', { reason: `aduan ${target.code} sudah diarsipkan` });
    await q.lockCase(c.tx, target.id);
    const moved = await q.moveReporters(c.tx, c.row.id, target.id, target.org_id);
    await q.insertReporter(c.tx, {
      orgId: target.org_id,
      caseId: target.id,
      contactId: c.row.reporter_contact_id,
      interactionId: null,
      mergedFromCaseId: c.row.id,
      channel: c.row.source_channel,
      name: c.row.reporter_name,
      phone: c.row.reporter_phone,
      email: c.row.reporter_email,
      anonymous: c.row.anonymous,
    });
    const count = target.reporters_count + c.row.reporters_count;
    await q.updateCase(c.tx, target.id, { reporters_count: count });
    await step(c, {
      action: 'duplicate',
      clock: clockAfter(c.cal, rulesFor(c.row), clockOf(c.row), 'duplicate', c.now),
      patch: { duplicate_of: target.id, closed_at: c.now, status_before_tunda: null, held_at: null, hold_reason: null },
      event: { kind: 'merge', text: input.note ?? null, data: { duplicateOf: target.code }, ...publicText('duplicate', { original: target.code }) },
      auditAfter: { duplicateOf: target.code, reportersCount: count, movedReporters: moved },
    });
    await q.insertEvent(c.tx, {
      orgId: target.org_id,
      caseId: target.id,
      kind: 'merge',
      ...staffText('merged_from', { merged: c.row.code, count }),
      data: { merged: c.row.code, reportersCount: count },
      publicCode: 'merged_in',
      publicText: publicText('merged_in', { count }).publicText,
      actorId: actor.userId,
      actorName: actor.name,
      at: c.now,
    });
  });
  return afterChange(deps, actor, id);
}

/** Who may work on a case without owning it: its origin OPD (notes, replies, joined reporters). */
function mayContribute(actor: Actor, row: q.CaseRow): boolean {
  requirePermission(actor, 'cases.work');
  return contributes(actor, { orgId: row.org_id, originOrgId: row.origin_org_id });
}

/** "Ikut melapor": another citizen's message about the same matter joins the case as a reporter. */
export async function joinReporter(deps: CasesDeps, actor: Actor, id: string, input: { interactionId: string }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    if (!mayContribute(actor, c.row)) throw new AppError('forbidden');
    if (c.row.status === 'duplikat' || c.row.status === 'diarsipkan') {
      throw new AppError('case_duplicate_invalid', { reason: c.row.status === 'duplikat' ? `aduan ini duplikat dari ${c.row.duplicate_of_code}; gabungkan ke aduan tersebut` : 'aduan sudah diarsipkan' });
    }
    const it = await q.readInteraction(c.tx, input.interactionId);
    if (!it || !inScope(orgScope(actor, 'inbox.read'), it.org_id)) throw new AppError('not_found');
    const taken = await q.caseOfInteraction(c.tx, it.id);
    if (taken) throw new AppError('case_interaction_taken', { code: taken.code });
    await q.insertReporter(c.tx, {
      orgId: c.row.org_id,
      caseId: c.row.id,
      contactId: it.contact_id,
      interactionId: it.id,
      mergedFromCaseId: null,
      channel: it.platform,
      name: it.contact_name,
      phone: it.platform === 'whatsapp' ? it.contact_external_id : null,
      email: null,
      anonymous: false,
    });
    const count = c.row.reporters_count + 1;
    await q.updateCase(c.tx, c.row.id, { reporters_count: count });
    await attachFromInteraction(c.tx, c.row.id, it.id);
    await q.insertEvent(c.tx, {
      orgId: c.row.org_id,
      caseId: c.row.id,
      kind: 'merge',
      ...staffText('reporter_joined', { count }),
      data: { interactionId: it.id, channel: it.platform, reportersCount: count },
      publicCode: 'joined',
      publicText: publicText('joined', { count }).publicText,
      actorId: actor.userId,
      actorName: actor.name,
      at: c.now,
    });
    await recordAudit(c.tx, audit, { action: 'case.join', targetType: 'complaint_case', targetId: c.row.id, orgId: c.row.org_id, after: { interactionId: it.id, reportersCount: count } });
  }).catch((err: unknown) => {
    if (isUniqueViolation(err)) throw new AppError('case_interaction_taken', { code: '-' });
    throw err;
  });
  return afterChange(deps, actor, id);
}

export async function addNote(deps: CasesDeps, actor: Actor, id: string, input: { text: string }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    if (!mayContribute(actor, c.row)) throw new AppError('forbidden');
    await q.insertEvent(c.tx, { orgId: c.row.org_id, caseId: c.row.id, kind: 'note', text: input.text, actorId: actor.userId, actorName: actor.name, at: c.now });
    await recordAudit(c.tx, audit, { action: 'case.note', targetType: 'complaint_case', targetId: c.row.id, orgId: c.row.org_id, after: { length: input.text.length } });
  });
  return afterChange(deps, actor, id);
}

/**
 * Staff attach a file to the case (evidence of the follow-up: a photo of the repaired road, a letter):
 * a file they uploaded to the media store first (EXIF and GPS stripped from images), with alt text
 * for a photo. Whoever may add notes may attach; never public by itself. Audited, in the history.
 */
export async function addAttachment(deps: CasesDeps, actor: Actor, id: string, input: { mediaId: string; altText?: string | undefined; caption?: string | undefined }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    if (!mayContribute(actor, c.row)) throw new AppError('forbidden');
    const [m] = await mediaSummaries(c.tx, [input.mediaId]);
    if (!m || !inScope(orgScope(actor, 'media.upload'), m.orgId)) throw new AppError('bad_request', { reason: 'berkas tidak ditemukan di pustaka media; unggah ulang' });
    const kind = m.kind === 'image' || m.kind === 'video' ? m.kind : 'document';
    const alt = (input.altText?.trim() || m.altText?.trim() || (kind === 'image' ? '' : kind === 'video' ? 'Video dari petugas' : 'Dokumen dari petugas')).slice(0, 1000);
    if (!alt) throw new AppError('bad_request', { reason: 'foto perlu teks alternatif (deskripsi isi foto untuk pembaca layar)' });
    const added = await insertAttachments(c.tx, c.row.id, [{ source: 'staff', media_id: m.id, kind, mime: m.mime.slice(0, 100), alt_text: alt, caption: input.caption?.trim().slice(0, 2000) || null }]);
    if (!added.length) throw new AppError('conflict', { reason: 'berkas ini sudah dilampirkan' });
    await q.insertEvent(c.tx, { orgId: c.row.org_id, caseId: c.row.id, kind: 'note', ...staffText('attachment_added'), data: { mediaId: m.id, kind }, actorId: actor.userId, actorName: actor.name, at: c.now });
    await recordAudit(c.tx, audit, { action: 'case.attachment_add', targetType: 'complaint_case', targetId: c.row.id, orgId: c.row.org_id, after: { mediaId: m.id, kind, mime: m.mime } });
  });
  return afterChange(deps, actor, id);
}

/** Anonymous (identity hidden from OPDs) and confidential (not public, owner only) flags, set by the verifier. */
export async function setFlags(deps: CasesDeps, actor: Actor, id: string, input: { anonymous?: boolean | undefined; confidential?: boolean | undefined }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    const reason = denialReason(actor, 'verify', stateOf(c.row));
    if (reason) throw new AppError('case_action_forbidden', { action: 'mengubah sifat aduan', code: c.row.code, reason });
    const patch: q.CasePatch = {};
    if (input.anonymous !== undefined) patch.anonymous = input.anonymous;
    if (input.confidential !== undefined) patch.confidential = input.confidential;
    await q.updateCase(c.tx, c.row.id, patch);
    await q.insertEvent(c.tx, { orgId: c.row.org_id, caseId: c.row.id, kind: 'note', ...staffText('flags_changed'), data: { anonymous: input.anonymous, confidential: input.confidential }, actorId: actor.userId, actorName: actor.name, at: c.now });
    await recordAudit(c.tx, audit, { action: 'case.flags', targetType: 'complaint_case', targetId: c.row.id, orgId: c.row.org_id, before: { anonymous: c.row.anonymous, confidential: c.row.confidential }, after: input });
  });
  return afterChange(deps, actor, id);
}

/**
 * The citizen answered (through the channel, or staff record what they said by phone). A reply to a
 * follow-up stops the silence clock and gives the OPD a new follow-up deadline. actor null = the
 * citizen loop (system).
 */
export async function recordCitizenReply(deps: CasesDeps, actor: Actor | null, id: string, input: { text: string; interactionId?: string | undefined }, audit: AuditContext) {
  await change(deps, actor, id, audit, async (c) => {
    if (actor && !mayContribute(actor, c.row)) throw new AppError('forbidden');
    if (isClosed(stateOf(c.row))) throw new AppError('case_transition_invalid', { code: c.row.code, status: STATUS_LABEL[c.row.status], action: 'menerima tanggapan pelapor', allowed: 'buka kembali aduan bila pelapor menyanggah' });
    const before = clockOf(c.row);
    const after = c.row.status === 'ditindaklanjuti' ? clockAfter(c.cal, rulesFor(c.row), before, 'citizen_reply', c.now) : before;
    await q.updateCase(c.tx, c.row.id, { citizen_replied_at: c.now, ...clockPatch(before, after) });
    // "Ini fotonya": the photos of the citizen's reply belong to the case.
    if (input.interactionId) await attachFromInteraction(c.tx, c.row.id, input.interactionId);
    await q.insertEvent(c.tx, { orgId: c.row.org_id, caseId: c.row.id, kind: 'citizen_reply', text: input.text, data: { interactionId: input.interactionId ?? null }, actorId: actor?.userId ?? null, actorName: actor?.name ?? 'pelapor', at: c.now });
    await recordAudit(c.tx, audit, { action: 'case.citizen_reply', targetType: 'complaint_case', targetId: c.row.id, orgId: c.row.org_id, after: { interactionId: input.interactionId ?? null, stoppedSilenceClock: before.closeDueAt !== null && after.closeDueAt === null } });
  });
}

/** The citizen's rating of a finished case (1–5 and a comment), for the citizen loop. */
export async function rateCase(deps: CasesDeps, id: string, input: { rating: number; comment?: string | undefined }, audit: AuditContext = systemContext()) {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw new AppError('validation_failed', {}, { errors: [{ path: 'rating', message: 'Nilai 1 sampai 5' }] });
  await change(deps, null, id, audit, async (c) => {
    if (c.row.status !== 'selesai') throw new AppError('case_transition_invalid', { code: c.row.code, status: STATUS_LABEL[c.row.status], action: 'dinilai', allowed: 'penilaian hanya untuk aduan yang selesai' });
    await q.updateCase(c.tx, c.row.id, { rating: input.rating, rating_comment: input.comment ?? null, rated_at: c.now });
    await q.insertEvent(c.tx, { orgId: c.row.org_id, caseId: c.row.id, kind: 'rating', text: input.comment ?? null, data: { rating: input.rating }, ...publicText('rated', { rating: input.rating }), actorName: 'pelapor', at: c.now });
    await recordAudit(c.tx, audit, { action: 'case.rating', targetType: 'complaint_case', targetId: c.row.id, orgId: c.row.org_id, after: { rating: input.rating } });
  });
}

// ── duplicates ────────────────────────────────────────────────────────────────────────────────

export const SIMILAR_WINDOW_DAYS = 30;

export async function similarCases(deps: CasesDeps, actor: Actor, id: string) {
  const row = await loadVisible(deps.db, actor, id);
  const received = new Date(row.received_at);
  const rows = await q.similarCandidates(deps.db, orgScope(actor, 'cases.read'), { id: row.id, orgId: row.org_id, originOrgId: row.origin_org_id, description: row.description, receivedAt: received }, SIMILAR_WINDOW_DAYS);
  const items = rows
    .map((r) => {
      const reasons: string[] = [];
      let score = r.text_sim;
      if (r.text_sim >= 0.2) reasons.push(`teks mirip ${Math.round(r.text_sim * 100)}%`);
      if (row.district_code && r.district_code === row.district_code) {
        score += 0.15;
        reasons.push('kecamatan sama');
      } else if (row.regency_code && r.regency_code === row.regency_code) {
        score += 0.08;
        reasons.push('kabupaten/kota sama');
      }
      if (row.category_id && r.category_id === row.category_id) {
        score += 0.1;
        reasons.push('kategori sama');
      }
      const days = Math.round(Math.abs(new Date(r.received_at).getTime() - received.getTime()) / 86_400_000);
      reasons.push(days === 0 ? 'hari yang sama' : `selisih ${days} hari`);
      return { r, score, reasons };
    })
    // Similar wording, or the same place and category.
    .filter((x) => x.r.text_sim >= 0.2 || (x.reasons.includes('kecamatan sama') && x.reasons.includes('kategori sama')))
    .sort((a, b) => b.score - a.score)
    .slice(0, 10);
  return {
    windowDays: SIMILAR_WINDOW_DAYS,
    items: items.map(({ r, score, reasons }) => ({
      id: r.id,
      code: r.code,
      title: maskPersonalData(r.title),
      status: r.status,
      statusLabel: STATUS_LABEL[r.status],
      orgCode: r.org_code,
      category: r.category_name,
      receivedAt: new Date(r.received_at).toISOString(),
      reportersCount: r.reporters_count,
      score: Math.round(score * 100) / 100,
      reasons,
    })),
  };
}

// ── hand-off export ───────────────────────────────────────────────────────────────────────────

/** The case in SP4N-LAPOR! fields; masked unless revealed (personal_data.read, audited); never an anonymous reporter. */
export async function laporExportOf(deps: CasesDeps, actor: Actor, id: string, opts: { reveal?: boolean | undefined; reason?: string | undefined }, audit?: AuditContext) {
  const row = await loadVisible(deps.db, actor, id);
  if (opts.reveal) {
    requirePermission(actor, 'personal_data.read');
    if (!audit) throw new Error('laporExportOf: reveal needs an audit context');
    await recordAudit(deps.db, audit, { action: 'case.export_reveal', targetType: 'complaint_case', targetId: row.id, orgId: row.org_id, after: { reason: opts.reason ?? null } });
  }
  return laporExport(summaryOf(row, { reveal: Boolean(opts.reveal), hideReporter: hidesReporter(actor, row.anonymous) }), nowOf(deps));
}

export async function handoffLetterOf(deps: CasesDeps, actor: Actor, id: string) {
  const row = await loadVisible(deps.db, actor, id);
  return { letter: row.handoff_letter, authority: row.handed_off_to ? { code: row.handed_off_to, name: row.handed_off_to_name! } : null };
}

// ── reference data ────────────────────────────────────────────────────────────────────────────

export async function categories(deps: CasesDeps, actor: Actor) {
  requirePermission(actor, 'cases.read');
  const rows = await q.listCategories(deps.db);
  return rows.map((r) => {
    const rules = rulesFor(r);
    return {
      code: r.code,
      name: r.name,
      classification: r.classification,
      org: { code: r.org_code, name: r.org_name, province: r.org_kind === 'province' },
      keywords: r.keywords,
      confidentialByDefault: r.confidential_by_default,
      deadlines: { verifyWorkingDays: rules.verifyWorkingDays, followUpWorkingDays: rules.followUpWorkingDays, autoCloseWorkingDays: rules.autoCloseWorkingDays, capCalendarDays: rules.capCalendarDays },
    };
  });
}

export async function authorities(deps: CasesDeps, actor: Actor) {
  requirePermission(actor, 'cases.read');
  const rows = await q.listAuthorities(deps.db);
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, perRegency: r.per_regency, topics: r.topics, contact: r.contact }));
}

/** The case an inbox interaction belongs to (following merges to the surviving case), for {kode_aduan}. */
export async function caseForInteraction(db: DbOrTx, interactionId: string): Promise<{ id: string; code: string } | null> {
  let hit = await q.caseOfInteraction(db, interactionId);
  for (let i = 0; hit && hit.duplicate_of && i < 10; i++) {
    const next = await q.caseLink(db, hit.duplicate_of);
    if (!next) break;
    hit = next;
  }
  return hit ? { id: hit.id, code: hit.code } : null;
}

/** For the inbox: the case a message belongs to, if the actor may see the message. */
export async function caseOfVisibleInteraction(deps: CasesDeps, actor: Actor, interactionId: string) {
  requirePermission(actor, 'cases.read');
  const it = await q.readInteraction(deps.db, interactionId);
  if (!it || !inScope(orgScope(actor, 'inbox.read'), it.org_id)) throw new AppError('not_found');
  const link = await caseForInteraction(deps.db, interactionId);
  if (!link) return { case: null };
  const row = await q.findCase(deps.db, link.id, orgScope(actor, 'cases.read'));
  // The tracking code is the citizen's own; the case itself only when the actor may see it.
  return { case: { code: link.code, id: row ? row.id : null, status: row ? row.status : null } };
}
