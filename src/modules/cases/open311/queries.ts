import { sql } from 'kysely';
import type { DbOrTx } from '../../../platform/db/index.ts';

// SQL of Open311 API keys (only their SHA-256 is stored).

const keyColumns = ['k.id', 'k.name', 'k.contact', 'k.prefix', 'k.created_at', 'k.revoked_at', 'k.last_used_at', 'k.requests_count', 'cu.name as created_by_name', 'ru.name as revoked_by_name'] as const;

function keyBase(db: DbOrTx) {
  return db.selectFrom('open311_api_key as k').leftJoin('app_user as cu', 'cu.id', 'k.created_by').leftJoin('app_user as ru', 'ru.id', 'k.revoked_by');
}

export function listKeys(db: DbOrTx) {
  return keyBase(db).select(keyColumns).orderBy('k.created_at', 'desc').execute();
}

export function findKey(db: DbOrTx, id: string) {
  return keyBase(db).select(keyColumns).where('k.id', '=', id).executeTakeFirst();
}

export type KeyRow = NonNullable<Awaited<ReturnType<typeof findKey>>>;

export function insertKey(tx: DbOrTx, v: { org_id: string; name: string; contact: string | null; prefix: string; key_hash: string; created_by: string }) {
  return tx.insertInto('open311_api_key').values(v).returning('id').executeTakeFirstOrThrow();
}

export async function revokeKey(tx: DbOrTx, id: string, by: string): Promise<boolean> {
  const r = await tx.updateTable('open311_api_key').set({ revoked_at: sql`now()`, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The active key with this hash, counting its use. */
export async function useKey(db: DbOrTx, hash: string) {
  return db
    .updateTable('open311_api_key')
    .set({ last_used_at: sql`now()`, requests_count: sql`requests_count + 1` })
    .where('key_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
}

export async function servicesChangedAt(db: DbOrTx): Promise<Date | null> {
  const r = await db.selectFrom('case_category').select(sql<Date | null>`max(updated_at)`.as('at')).executeTakeFirst();
  return r?.at ? new Date(r.at) : null;
}
