import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { connect, withDatabase, type DbHandle } from './index.ts';
import { loadMigrations, migrate, migrationsCurrent } from './migrate.ts';

// Migrations on an empty database: N processes starting at once apply each migration exactly once.

let name: string;
let handles: DbHandle[] = [];
const server = () => inject('pgServerUrl');

beforeAll(async () => {
  name = `dayung_t_${inject('runId')}_mig_${randomBytes(3).toString('hex')}`;
  const c = new pg.Client({ connectionString: withDatabase(server(), 'postgres') });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
});
afterAll(async () => {
  for (const h of handles) await h.close();
  const c = new pg.Client({ connectionString: withDatabase(server(), 'postgres') });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.end();
});

describe('migrations', () => {
  it('four concurrent starters apply every migration once, in order', async () => {
    handles = Array.from({ length: 4 }, () => connect(withDatabase(server(), name), 2));
    expect(await migrationsCurrent(handles[0]!.pool)).toBe(false);
    const results = await Promise.all(handles.map((h) => migrate(h.pool)));
    const applied = results.flatMap((r) => r.applied);
    const files = await loadMigrations();
    expect(applied.sort()).toEqual(files.map((f) => f.name).sort());
    const { rows } = await handles[0]!.pool.query('select version from schema_migration order by version');
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
    expect(await migrationsCurrent(handles[0]!.pool)).toBe(true);
    // A second run is a no-op.
    expect((await migrate(handles[1]!.pool)).applied).toEqual([]);
  });

  it('refuses to run when an applied migration was edited', async () => {
    await handles[0]!.pool.query(`update schema_migration set checksum = 'edited' where version = 1`);
    await expect(migrate(handles[0]!.pool)).rejects.toThrow(/was changed after it was applied/);
  });
});
