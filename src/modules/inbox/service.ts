import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { maskPersonalData, shortName, withReasons } from '../language/index.ts';
import { recordCorrection } from '../language/corrections.ts';
import { outboundOf } from '../channels/index.ts';
import { findOrgByCode, inScope, isProvince, mayBeAssigned, orgScope, recordAudit, requirePermission, type Actor, type AuditContext } from '../org/index.ts';
import * as q from './queries.ts';
import { applyView, VIEW_KEYS, type ViewKey } from './views.ts';

// Use cases of the inbox: reading it (personal data masked unless revealed on purpose, and audited),
// assigning, closing, re-routing with a reason (which teaches the language models), notes.

export interface InboxDeps {
  db: Db;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Tells open inboxes (SSE) that an interaction changed. */
async function changed(db: DbOrTx, orgId: string, interactionId: string) {
  await sql`select pg_notify('inbox', ${JSON.stringify({ type: 'changed', orgIds: [orgId], interactionId })})`.execute(db);
}

function toItem(r: q.InteractionListRow) {
  return {
    id: r.id,
    orgId: r.org_id,
    orgCode: r.org_code,
    platform: r.platform,
    kind: r.kind,
    accountId: r.account_id,
    accountName: r.account_name,
    threadKey: r.thread_key,
    // Citizens' NIK, phone numbers, e-mail, plates and names are masked in every list.
    text: maskPersonalData(r.text),
    lang: r.lang,
    intent: r.intent,
    sentiment: r.sentiment,
    urgency: r.urgency,
    route: r.route,
    routeConfidence: r.route_confidence,
    triage: r.triage,
    triageReason: r.triage_reason,
    status: r.status,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name } : null,
    // A citizen's name is personal data too: first name and initials in every list ("Rina M."),
    // the full name only through an audited reveal.
    contact: r.contact_id ? { id: r.contact_id, name: shortName(r.contact_name), handle: r.contact_handle } : null,
    occurredAt: iso(r.occurred_at),
    receivedAt: iso(r.received_at)!,
    edited: r.edited_at !== null,
  };
}

export type InboxItem = ReturnType<typeof toItem>;

/** A contact as staff see it: first name and initials only (the full name is personal data). */
export function contactView(c: Pick<q.ContactRow, 'id' | 'platform' | 'display_name' | 'handle' | 'person_id' | 'last_seen_at'>, current = false) {
  return { id: c.id, platform: c.platform, name: shortName(c.display_name), handle: c.handle, personId: c.person_id, lastSeenAt: iso(c.last_seen_at), current };
}

function encodeCursor(r: q.InteractionListRow): string {
  return Buffer.from(`${new Date(r.received_at).toISOString()}|${r.id}`).toString('base64url');
}

function decodeCursor(c: string | undefined): { at: Date; id: string } | undefined {
  if (!c) return undefined;
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw new AppError('bad_request', { reason: 'kursor halaman tidak valid' });
  return { at: new Date(at), id };
}

function scopeFor(actor: Actor, f: q.InboxFilter) {
  const scope = orgScope(actor, 'inbox.read');
  if (f.orgId && !inScope(scope, f.orgId)) throw new AppError('not_found');
  return scope;
}

export async function listInbox(deps: InboxDeps, actor: Actor, f: q.InboxFilter & { view?: ViewKey | undefined; cursor?: string | undefined; limit?: number | undefined }) {
  const scope = scopeFor(actor, f);
  const { view, cursor, limit: asked, ...filter } = f;
  const limit = Math.min(Math.max(asked ?? 50, 1), 200);
  const rows = await q.listInteractions(deps.db, scope, applyView(filter, view, actor.userId), { cursor: decodeCursor(cursor), limit });
  const page = rows.slice(0, limit);
  return { items: page.map(toItem), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
}

/** Filters no built-in view replaces: every view's rows lie inside them. */
function commonPart(f: q.InboxFilter): q.InboxFilter {
  const { status: _s, assigneeId: _a, unassigned: _u, urgency: _g, intent: _i, triage: _t, ...common } = f;
  return common;
}

/**
 * Counts per status within the filters, and `views`: for each built-in view the number of rows its
 * list shows with these filters (the same applyView and the same SQL condition as the list).
 */
export async function inboxCounts(deps: InboxDeps, actor: Actor, f: q.InboxFilter) {
  const scope = scopeFor(actor, f);
  const each = Object.fromEntries(VIEW_KEYS.map((v) => [v, applyView(f, v, actor.userId)]));
  const [counts, views] = await Promise.all([q.countInteractions(deps.db, scope, f), q.countEach(deps.db, scope, commonPart(f), each)]);
  return { ...counts, views: views as Record<ViewKey, number> };
}

/** Colleagues who may be given the org's interactions (policy.mayBeAssigned), for the assign select and @mentions. */
export async function listAssignees(deps: InboxDeps, actor: Actor, orgId: string | undefined) {
  const scope = orgScope(actor, 'inbox.work');
  const target = orgId ?? actor.orgId;
  if (!inScope(scope, target)) throw new AppError('not_found');
  const rows = await q.colleaguesOf(deps.db, target, isProvince(actor));
  return rows
    .filter((u) => mayBeAssigned({ role: u.role, orgId: u.org_id, status: u.status }, target))
    .map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, orgId: u.org_id, orgCode: u.org_code }));
}

async function loadInScope(deps: InboxDeps, actor: Actor, id: string, permission: 'inbox.read' | 'inbox.work') {
  const row = await q.findInteraction(deps.db, id);
  if (!row || !inScope(orgScope(actor, permission), row.org_id)) throw new AppError('not_found');
  return row;
}

type Analysis = { intent?: { mengapa?: unknown; confidence?: number }; route?: { alasan?: string; mengapa?: unknown; confidence?: number; name?: string | null }; sentiment?: { mengapa?: unknown; confidence?: number }; urgency?: { mengapa?: unknown; confidence?: number }; language?: { confidence?: number }; pii?: { type: string }[] };

export async function getConversation(deps: InboxDeps, actor: Actor, id: string) {
  const row = await loadInScope(deps, actor, id, 'inbox.read');
  const scope = orgScope(actor, 'inbox.read');
  const thread = await q.threadOf(deps.db, row.platform, row.thread_key);
  // The person's contacts across channels (linked by a responder), as far as the viewer may see them.
  const contact = row.contact_id ? await q.findContact(deps.db, row.contact_id) : undefined;
  const people = contact ? await q.personContacts(deps.db, scope, contact) : [];
  const history = people.length ? (await q.listInteractions(deps.db, scope, { contactIds: people.map((p) => p.id) }, { limit: 50 })).filter((h) => h.id !== row.id) : [];
  const notes = await q.notesOf(deps.db, row.id);
  const sent = await outboundOf(deps.db, thread.map((t) => t.id));
  // analyses are stored without their reasons; they are computed again for the one message shown
  const a = withReasons(row.text, row.analysis ?? {}) as Analysis;
  return {
    interaction: { ...toItem(row), externalId: row.external_id, modelVersion: row.model_version, deleted: row.deleted_at !== null, hasPersonalData: (a.pii?.length ?? 0) > 0 },
    // Why the models decided what they did ("mengapa"), for the responder to check.
    why: {
      intent: { confidence: a.intent?.confidence ?? null, reasons: a.intent?.mengapa ?? [] },
      route: { confidence: a.route?.confidence ?? null, reasons: a.route?.mengapa ?? [], explanation: a.route?.alasan ?? null, owner: a.route?.name ?? null },
      sentiment: { confidence: a.sentiment?.confidence ?? null, reasons: a.sentiment?.mengapa ?? [] },
      urgency: { confidence: a.urgency?.confidence ?? null, reasons: a.urgency?.mengapa ?? [] },
      personalData: (a.pii ?? []).map((p) => p.type),
    },
    thread: thread.map(toItem),
    contactHistory: history.map(toItem),
    contacts: people.map((p) => contactView(p, p.id === row.contact_id)),
    replies: sent.map((o) => ({
      id: o.id,
      interactionId: o.interaction_id,
      mode: o.purpose === 'reply_public' ? 'public' : 'private',
      text: (o.payload as { text: string }).text,
      status: o.status,
      error: o.error,
      errorKind: o.error_kind,
      externalId: o.external_id,
      by: o.requested_by_name,
      createdAt: o.created_at.toISOString(),
      sentAt: o.sent_at ? new Date(o.sent_at).toISOString() : null,
    })),
    notes: notes.map((n) => ({ id: n.id, text: n.text, mentions: n.mentions, authorId: n.author_id, authorName: n.author_name, createdAt: n.created_at.toISOString() })),
  };
}

/** Shows the unmasked text, on purpose: only with personal_data.read, and every look is audited. */
export async function revealText(deps: InboxDeps, actor: Actor, id: string, audit: AuditContext, reason: string) {
  requirePermission(actor, 'personal_data.read');
  const row = await loadInScope(deps, actor, id, 'inbox.read');
  await recordAudit(deps.db, audit, { action: 'interaction.reveal', targetType: 'interaction', targetId: row.id, orgId: row.org_id, after: { reason } });
  return { text: row.text, contactName: row.contact_name };
}

export async function assign(deps: InboxDeps, actor: Actor, id: string, assigneeId: string | null, audit: AuditContext) {
  const row = await loadInScope(deps, actor, id, 'inbox.work');
  if (assigneeId) {
    const u = await deps.db.selectFrom('app_user').select(['id', 'org_id', 'status', 'role']).where('id', '=', assigneeId).executeTakeFirst();
    // Only colleagues of the owning OPD (or province staff) who may work the inbox can be assigned.
    const ok = u !== undefined && mayBeAssigned({ role: u.role, orgId: u.org_id, status: u.status }, row.org_id);
    if (!ok) throw new AppError('bad_request', { reason: 'petugas tidak dapat ditugaskan pada pesan ini' });
  }
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('interaction')
      .set({ assignee_id: assigneeId, status: assigneeId ? (row.status === 'open' ? 'assigned' : row.status) : row.status === 'assigned' ? 'open' : row.status })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, audit, { action: 'interaction.assign', targetType: 'interaction', targetId: id, orgId: row.org_id, before: { assigneeId: row.assignee_id }, after: { assigneeId } });
    await changed(tx, row.org_id, id);
  });
}

export async function setStatus(deps: InboxDeps, actor: Actor, id: string, status: 'open' | 'done' | 'spam', audit: AuditContext) {
  const row = await loadInScope(deps, actor, id, 'inbox.work');
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable('interaction').set({ status: status === 'open' && row.assignee_id ? 'assigned' : status }).where('id', '=', id).execute();
    if (status === 'spam' && row.intent !== 'spam') {
      await recordCorrection(tx, { orgId: row.org_id, interactionId: row.id, task: 'intent', text: row.text, channel: row.platform, predicted: row.intent, corrected: 'spam', modelVersion: row.model_version ?? 'unknown', correctedBy: actor.userId });
    }
    await recordAudit(tx, audit, { action: 'interaction.status', targetType: 'interaction', targetId: id, orgId: row.org_id, before: { status: row.status }, after: { status } });
    await changed(tx, row.org_id, id);
  });
}

/** A responder corrects the intent: stored as a correction for the next training run. */
export async function correctIntent(deps: InboxDeps, actor: Actor, id: string, intent: string, audit: AuditContext) {
  const row = await loadInScope(deps, actor, id, 'inbox.work');
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable('interaction').set({ intent, status: intent === 'spam' ? 'spam' : row.status }).where('id', '=', id).execute();
    await recordCorrection(tx, { orgId: row.org_id, interactionId: row.id, task: 'intent', text: row.text, channel: row.platform, predicted: row.intent, corrected: intent, modelVersion: row.model_version ?? 'unknown', correctedBy: actor.userId });
    await recordAudit(tx, audit, { action: 'interaction.intent', targetType: 'interaction', targetId: id, orgId: row.org_id, before: { intent: row.intent }, after: { intent } });
    await changed(tx, row.org_id, id);
  });
}

/**
 * Moves an interaction to another OPD, with a reason. The owning OPD may pass it on; Kominfotik
 * (inbox.triage) may move anything. The correction teaches the routing model.
 */
export async function reroute(deps: InboxDeps, actor: Actor, id: string, input: { orgCode: string; reason: string }, audit: AuditContext) {
  const row = await loadInScope(deps, actor, id, 'inbox.work');
  const target = await findOrgByCode(deps.db, input.orgCode);
  if (!target || target.kind === 'province') throw new AppError('bad_request', { reason: `OPD ${input.orgCode} tidak dikenal` });
  if (target.id === row.org_id && !row.triage) throw new AppError('bad_request', { reason: 'pesan sudah berada di OPD tersebut' });
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('interaction')
      .set({ org_id: target.id, routed_from_org_id: row.org_id, route: target.code, triage: false, triage_reason: null, assignee_id: null, status: row.status === 'assigned' ? 'open' : row.status })
      .where('id', '=', id)
      .execute();
    await recordCorrection(tx, { orgId: row.org_id, interactionId: row.id, task: 'opd', text: row.text, channel: row.platform, predicted: row.route, corrected: target.code, modelVersion: row.model_version ?? 'unknown', correctedBy: actor.userId });
    await recordAudit(tx, audit, { action: 'interaction.reroute', targetType: 'interaction', targetId: id, orgId: row.org_id, before: { orgCode: row.org_code, route: row.route }, after: { orgCode: target.code, reason: input.reason } });
    await sql`select pg_notify('inbox', ${JSON.stringify({ type: 'changed', orgIds: [row.org_id, target.id], interactionId: id })})`.execute(tx);
  });
}

export async function addNote(deps: InboxDeps, actor: Actor, id: string, text: string, audit: AuditContext) {
  const row = await loadInScope(deps, actor, id, 'inbox.work');
  // @mentions by e-mail address of a colleague in the same OPD (or province staff).
  const handles = [...text.matchAll(/@([\w.+-]+@[\w.-]+\.[a-z]{2,})/gi)].map((m) => m[1]!.toLowerCase());
  const mentioned = handles.length
    ? await deps.db.selectFrom('app_user').select(['id', 'org_id', 'role']).where('email', 'in', handles).where('status', '=', 'active').execute()
    : [];
  const mentions = mentioned.filter((u) => u.org_id === row.org_id || u.role.startsWith('province')).map((u) => u.id);
  const note = await deps.db.transaction().execute(async (tx) => {
    const n = await tx.insertInto('interaction_note').values({ org_id: row.org_id, interaction_id: id, author_id: actor.userId, text, mentions }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
    await recordAudit(tx, audit, { action: 'interaction.note', targetType: 'interaction', targetId: id, orgId: row.org_id, after: { noteId: n.id, mentions } });
    await changed(tx, row.org_id, id);
    return n;
  });
  return { id: note.id, text, mentions, authorId: actor.userId, authorName: actor.name, createdAt: note.created_at.toISOString() };
}

/** "I am looking at this conversation": others get a collision notice. */
export async function announceViewing(deps: InboxDeps, actor: Actor, id: string) {
  const row = await loadInScope(deps, actor, id, 'inbox.read');
  await sql`select pg_notify('inbox', ${JSON.stringify({ type: 'presence', orgIds: [row.org_id], interactionId: id, user: { id: actor.userId, name: actor.name } })})`.execute(deps.db);
}
