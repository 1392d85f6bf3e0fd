import { sql } from 'kysely';
import type { DbOrTx } from '../../../platform/db/index.ts';

// All SQL of the coach: its one settings row.

export interface SettingsRow {
  settings: unknown;
  version: number;
  updatedAt: Date;
  updatedBy: { id: string; name: string } | null;
}

export async function readSettingsRow(db: DbOrTx): Promise<SettingsRow | null> {
  const r = await db
    .selectFrom('coach_settings as s')
    .leftJoin('app_user as u', 'u.id', 's.updated_by')
    .select(['s.settings', 's.version', 's.updated_at', 's.updated_by', 'u.name as updated_by_name'])
    .where('s.id', '=', 1)
    .executeTakeFirst();
  if (!r) return null;
  return { settings: r.settings, version: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by ? { id: r.updated_by, name: r.updated_by_name ?? '' } : null };
}

export async function readSettingsVersion(db: DbOrTx): Promise<number | null> {
  const r = await db.selectFrom('coach_settings').select('version').where('id', '=', 1).executeTakeFirst();
  return r?.version ?? null;
}

/** Locks the row for the update that follows in the same transaction. */
export async function lockSettingsRow(db: DbOrTx): Promise<{ settings: unknown; version: number } | null> {
  const r = await db.selectFrom('coach_settings').select(['settings', 'version']).where('id', '=', 1).forUpdate().executeTakeFirst();
  return r ?? null;
}

export async function writeSettingsRow(db: DbOrTx, settings: unknown, userId: string): Promise<number> {
  const r = await db
    .insertInto('coach_settings')
    .values({ id: 1, settings: JSON.stringify(settings), updated_by: userId })
    .onConflict((oc) => oc.column('id').doUpdateSet({ settings: JSON.stringify(settings), updated_by: userId, updated_at: sql`now()`, version: sql`coach_settings.version + 1` }))
    .returning('version')
    .executeTakeFirstOrThrow();
  return r.version;
}
