import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/index.ts';
import { orgScope, type Actor } from './policy.ts';

// In-app notices for an OPD. A dedupe key makes repeated warnings (a daily check finding the same
// expiring token) appear once.

export interface NewNotice {
  orgId: string;
  level: 'info' | 'warning' | 'critical';
  code: string;
  title: string;
  body?: string;
  link?: string | null;
  dedupeKey?: string | null;
}

/** Returns true when the notice is new (not a repeat of its dedupe key). */
export async function notifyOrg(db: DbOrTx, n: NewNotice): Promise<boolean> {
  const r = await db
    .insertInto('notification')
    .values({ org_id: n.orgId, level: n.level, code: n.code, title: n.title, body: n.body ?? '', link: n.link ?? null, dedupe_key: n.dedupeKey ?? null })
    .onConflict((oc) => oc.columns(['org_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function listNotices(db: DbOrTx, actor: Actor, limit = 50) {
  const scope = orgScope(actor, 'orgs.read');
  let q = db.selectFrom('notification').innerJoin('org', 'org.id', 'notification.org_id').select([
    'notification.id',
    'notification.level',
    'notification.code',
    'notification.title',
    'notification.body',
    'notification.link',
    'notification.created_at',
    'notification.read_at',
    'org.code as org_code',
  ]);
  if (scope !== 'all') q = q.where('notification.org_id', 'in', scope);
  const rows = await q.orderBy('notification.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    level: r.level,
    code: r.code,
    title: r.title,
    body: r.body,
    link: r.link,
    orgCode: r.org_code,
    createdAt: r.created_at.toISOString(),
    read: r.read_at !== null,
  }));
}

export async function markNoticeRead(db: DbOrTx, actor: Actor, id: string): Promise<boolean> {
  const scope = orgScope(actor, 'orgs.read');
  let q = db.updateTable('notification').set({ read_at: sql`now()` }).where('id', '=', id);
  if (scope !== 'all') q = q.where('org_id', 'in', scope);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
