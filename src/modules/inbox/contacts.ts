import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { isProvince, orgScope, recordAudit, type Actor, type AuditContext } from '../org/index.ts';
import * as q from './queries.ts';
import { contactView } from './service.ts';

// One person, many channels: a responder links the contacts of the same citizen (the WhatsApp number
// and the Instagram account) into one person (`contact.person_id`), so that the conversation shows
// their history across channels. A contact is visible to an actor when it wrote something in the
// actor's scope; only visible contacts can be found, linked or unlinked, and a conversation lists
// only the visible ones (another OPD's contacts of the same person stay out of sight). Audited.

const auditOrg = (actor: Actor) => (isProvince(actor) ? null : actor.orgId);

async function visibleContact(db: Db, scope: q.OrgIds, id: string) {
  const c = await q.findContact(db, id);
  if (!c || !(await q.contactVisible(db, scope, id))) throw new AppError('not_found');
  return c;
}

export async function searchContacts(db: Db, actor: Actor, text: string) {
  const scope = orgScope(actor, 'inbox.work');
  const rows = await q.searchContacts(db, scope, text.trim(), 20);
  return rows.map((c) => contactView(c));
}

/** The person's contacts as the actor sees them. */
export async function personOf(db: Db, actor: Actor, id: string) {
  const scope = orgScope(actor, 'inbox.read');
  const c = await visibleContact(db, scope, id);
  return (await q.personContacts(db, scope, c)).map((p) => contactView(p, p.id === c.id));
}

/** Links `otherId` to the person of `id` (merging two persons when both were linked already). */
export async function linkContacts(db: Db, actor: Actor, id: string, otherId: string, audit: AuditContext) {
  const scope = orgScope(actor, 'inbox.work');
  await visibleContact(db, scope, id);
  await visibleContact(db, scope, otherId);
  if (id === otherId) throw new AppError('bad_request', { reason: 'kontak tidak dapat ditautkan ke dirinya sendiri' });
  await db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('contact').select(['id', 'person_id']).where('id', 'in', [id, otherId]).orderBy('id').forUpdate().execute();
    const a = rows.find((r) => r.id === id)!;
    const b = rows.find((r) => r.id === otherId)!;
    if (a.person_id && a.person_id === b.person_id) return;
    const person = a.person_id ?? b.person_id ?? (await sql<{ id: string }>`select gen_random_uuid() as id`.execute(tx)).rows[0]!.id;
    const merged = a.person_id && b.person_id ? b.person_id : null;
    if (merged) await tx.updateTable('contact').set({ person_id: person }).where('person_id', '=', merged).execute();
    await tx.updateTable('contact').set({ person_id: person }).where('id', 'in', [id, otherId]).execute();
    await recordAudit(tx, audit, { action: 'contact.link', targetType: 'contact', targetId: id, orgId: auditOrg(actor), before: { personId: a.person_id, otherPersonId: b.person_id }, after: { personId: person, otherId, mergedPerson: merged } });
  });
  return personOf(db, actor, id);
}

/** Takes the contact out of its person; a person left with one contact is dissolved. */
export async function unlinkContact(db: Db, actor: Actor, id: string, audit: AuditContext) {
  const scope = orgScope(actor, 'inbox.work');
  const c = await visibleContact(db, scope, id);
  if (!c.person_id) throw new AppError('bad_request', { reason: 'kontak ini tidak tertaut ke kontak lain' });
  const person = c.person_id;
  await db.transaction().execute(async (tx) => {
    await tx.selectFrom('contact').select('id').where('person_id', '=', person).forUpdate().execute();
    await tx.updateTable('contact').set({ person_id: null }).where('id', '=', id).execute();
    const left = await tx.selectFrom('contact').select('id').where('person_id', '=', person).execute();
    if (left.length === 1) await tx.updateTable('contact').set({ person_id: null }).where('id', '=', left[0]!.id).execute();
    await recordAudit(tx, audit, { action: 'contact.unlink', targetType: 'contact', targetId: id, orgId: auditOrg(actor), before: { personId: person }, after: { personId: null, dissolved: left.length <= 1 } });
  });
}
