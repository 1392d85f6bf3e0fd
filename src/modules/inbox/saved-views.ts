import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { parseWibBound } from '../../platform/time.ts';
import { inScope, mayChangeSavedView, maySeeSavedView, orgScope, recordAudit, requirePermission, type Actor, type AuditContext } from '../org/index.ts';
import * as q from './queries.ts';
import { applyView, type ViewKey } from './views.ts';

// Saved views of the inbox, on the server: a name for a view and its filters, per user, optionally
// shared with the colleagues of the owner's org. Each comes with its count, computed exactly as the
// list computes its rows when the view is opened (the same applyView and SQL condition). Only the
// owner renames, re-shares or deletes a view (policy.mayChangeSavedView).

/** What a saved view stores: the API's filter names (dates as WIB calendar days). */
export interface SavedFilters {
  view?: ViewKey | undefined;
  platform?: string | undefined;
  intent?: string | undefined;
  sentiment?: string | undefined;
  urgency?: string | undefined;
  status?: string | undefined;
  orgId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

export const MAX_VIEWS_PER_USER = 50;

/** The list filter a saved view stands for (for `userId`, who is "me" in the view "mine"). */
export function filterOfSaved(s: SavedFilters, userId: string): q.InboxFilter {
  const f: q.InboxFilter = {
    orgId: s.orgId,
    platform: s.platform,
    intent: s.intent,
    sentiment: s.sentiment,
    urgency: s.urgency,
    status: s.status ? [s.status] : undefined,
    from: s.from ? parseWibBound(s.from, false) : undefined,
    to: s.to ? parseWibBound(s.to, true) : undefined,
    q: s.q,
  };
  return applyView(f, s.view, userId);
}

/** Only the known keys with non-empty values are kept. */
function clean(s: SavedFilters): SavedFilters {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as SavedFilters;
}

function view(r: q.SavedViewRow, actor: Actor, count: number | null) {
  return {
    id: r.id,
    name: r.name,
    shared: r.shared,
    mine: r.owner_id === actor.userId,
    owner: { id: r.owner_id, name: r.owner_name },
    filters: r.filters as SavedFilters,
    count,
    updatedAt: r.updated_at.toISOString(),
  };
}

async function countOf(db: Db, actor: Actor, scope: q.OrgIds, filters: SavedFilters): Promise<number | null> {
  // A view naming an OPD outside the viewer's scope (a role changed since) counts nothing.
  if (filters.orgId && !inScope(scope, filters.orgId)) return null;
  return q.countOne(db, scope, filterOfSaved(filters, actor.userId));
}

export async function listSavedViews(db: Db, actor: Actor) {
  const scope = orgScope(actor, 'inbox.read');
  const rows = (await q.savedViewsFor(db, actor.userId, actor.orgId)).filter((r) => maySeeSavedView(actor, { ownerId: r.owner_id, orgId: r.org_id, shared: r.shared }));
  const counts: (number | null)[] = [];
  // A few at a time: each is one indexed count.
  for (let i = 0; i < rows.length; i += 4) counts.push(...(await Promise.all(rows.slice(i, i + 4).map((r) => countOf(db, actor, scope, r.filters as SavedFilters)))));
  return rows.map((r, i) => view(r, actor, counts[i] ?? null));
}

function checkFilters(actor: Actor, filters: SavedFilters) {
  const scope = orgScope(actor, 'inbox.read');
  if (filters.orgId && !inScope(scope, filters.orgId)) throw new AppError('not_found');
}

function nameTaken(err: unknown, name: string): never {
  if ((err as { code?: string }).code === '23505') throw new AppError('conflict', { reason: `nama tampilan "${name}" sudah Anda pakai` });
  throw err;
}

export async function createSavedView(db: Db, actor: Actor, input: { name: string; shared?: boolean | undefined; filters: SavedFilters }, audit: AuditContext) {
  requirePermission(actor, 'inbox.read');
  const filters = clean(input.filters);
  checkFilters(actor, filters);
  const id = await db.transaction().execute(async (tx) => {
    const n = await tx.selectFrom('inbox_saved_view').select(sql<number>`count(*)::int`.as('n')).where('owner_id', '=', actor.userId).executeTakeFirstOrThrow();
    if (n.n >= MAX_VIEWS_PER_USER) throw new AppError('bad_request', { reason: `paling banyak ${MAX_VIEWS_PER_USER} tampilan tersimpan per pengguna` });
    const r = await tx
      .insertInto('inbox_saved_view')
      .values({ org_id: actor.orgId, owner_id: actor.userId, name: input.name, shared: input.shared ?? false, filters: JSON.stringify(filters) })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((err: unknown) => nameTaken(err, input.name));
    await recordAudit(tx, audit, { action: 'inbox_view.create', targetType: 'inbox_saved_view', targetId: r.id, orgId: actor.orgId, after: { name: input.name, shared: input.shared ?? false, filters } });
    return r.id;
  });
  return one(db, actor, id);
}

async function owned(db: Db, actor: Actor, id: string) {
  requirePermission(actor, 'inbox.read');
  const r = await q.findSavedView(db, id);
  if (!r || !maySeeSavedView(actor, { ownerId: r.owner_id, orgId: r.org_id, shared: r.shared })) throw new AppError('not_found');
  if (!mayChangeSavedView(actor, { ownerId: r.owner_id })) throw new AppError('forbidden');
  return r;
}

async function one(db: Db, actor: Actor, id: string) {
  const r = (await q.findSavedView(db, id))!;
  return view(r, actor, await countOf(db, actor, orgScope(actor, 'inbox.read'), r.filters as SavedFilters));
}

/** Rename, share or unshare, or replace the filters. */
export async function updateSavedView(db: Db, actor: Actor, id: string, patch: { name?: string | undefined; shared?: boolean | undefined; filters?: SavedFilters | undefined }, audit: AuditContext) {
  const before = await owned(db, actor, id);
  const filters = patch.filters ? clean(patch.filters) : undefined;
  if (filters) checkFilters(actor, filters);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('inbox_saved_view')
      .set({ ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.shared !== undefined ? { shared: patch.shared } : {}), ...(filters ? { filters: JSON.stringify(filters) } : {}), updated_at: sql`now()` })
      .where('id', '=', id)
      .execute()
      .catch((err: unknown) => nameTaken(err, patch.name ?? before.name));
    await recordAudit(tx, audit, { action: 'inbox_view.update', targetType: 'inbox_saved_view', targetId: id, orgId: before.org_id, before: { name: before.name, shared: before.shared, filters: before.filters }, after: { name: patch.name, shared: patch.shared, filters } });
  });
  return one(db, actor, id);
}

export async function deleteSavedView(db: Db, actor: Actor, id: string, audit: AuditContext) {
  const before = await owned(db, actor, id);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('inbox_saved_view').where('id', '=', id).execute();
    await recordAudit(tx, audit, { action: 'inbox_view.delete', targetType: 'inbox_saved_view', targetId: id, orgId: before.org_id, before: { name: before.name, shared: before.shared } });
  });
}
