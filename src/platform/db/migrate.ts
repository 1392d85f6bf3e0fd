import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

// Forward-only numbered SQL migrations (db/migrations/NNNN_name.sql), applied in order under
// an advisory lock so that N processes starting together apply each exactly once.
// An applied migration is never edited: its checksum is recorded and checked.

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../db/migrations');
const LOCK_KEY = 4_242_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const out: Migration[] = [];
  for (const file of files) {
    const sql = await readFile(path.join(dir, file), 'utf8');
    out.push({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  return out;
}

async function ensureTable(client: pg.PoolClient): Promise<void> {
  await client.query(`create table if not exists schema_migration (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
}

export interface MigrateResult {
  applied: string[];
  current: number;
}

export async function migrate(
  pool: pg.Pool,
  onProgress?: (name: string, index: number, total: number) => void,
): Promise<MigrateResult> {
  const migrations = await loadMigrations();
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    await ensureTable(client);
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'select version, name, checksum from schema_migration order by version',
    );
    const done = new Map(rows.map((r) => [r.version, r]));
    for (const m of migrations) {
      const prev = done.get(m.version);
      if (prev && prev.checksum !== m.checksum) {
        throw new Error(`Migration ${m.name} was changed after it was applied; add a new migration instead.`);
      }
    }
    const pending = migrations.filter((m) => !done.has(m.version));
    const applied: string[] = [];
    for (const [i, m] of pending.entries()) {
      onProgress?.(m.name, i + 1, pending.length);
      await client.query('begin');
      try {
        await client.query(m.sql);
        await client.query('insert into schema_migration (version, name, checksum) values ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback');
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return { applied, current: migrations.at(-1)?.version ?? 0 };
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    client.release();
  }
}

/** True when every migration file has been applied (used by /readyz). */
export async function migrationsCurrent(pool: pg.Pool): Promise<boolean> {
  const migrations = await loadMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  try {
    const { rows } = await pool.query<{ v: number | null }>('select max(version) as v from schema_migration');
    return (rows[0]?.v ?? 0) >= latest;
  } catch {
    return false;
  }
}
