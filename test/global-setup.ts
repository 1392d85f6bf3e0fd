import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect, withDatabase } from '../src/platform/db/index.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { loadMigrations } from '../src/platform/db/migrate.ts';
import { migrateAll } from '../src/app/runtime.ts';
import { seedReference } from '../src/modules/org/index.ts';
import { seedHolidays } from '../src/modules/cases/calendar.ts';

// One PostgreSQL server for the whole run: the embedded one by default, or the server named by
// DATABASE_URL (CI's second pass against Debian's PostgreSQL). A template database is migrated
// and seeded once; every test file clones its own database from it (test/helpers/db.ts).

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDb: string;
    runId: string;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  let serverUrl: string;
  let stop = async () => {};
  if (process.env['DATABASE_URL']) {
    serverUrl = process.env['DATABASE_URL'];
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), 'dayung-test-pg-'));
    const server = await startEmbeddedPostgres({
      dataDir: dir,
      port: await freePort(),
      ephemeral: true,
      // A throwaway cluster: durability settings off for speed (crash tests use their own cluster).
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    serverUrl = server.url;
    stop = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }

  const migrations = await loadMigrations();
  const template = `dayung_tmpl_${migrations.at(-1)?.checksum.slice(0, 10) ?? 'empty'}_${process.pid}`;
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const handle = connect(withDatabase(serverUrl, template), 2);
  await migrateAll(handle);
  await seedReference(handle.db);
  await seedHolidays(handle.db);
  await handle.close();
  await admin.query(`alter database ${template} with is_template true`);
  await admin.end();

  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDb', template);
  project.provide('runId', String(process.pid));

  return async () => {
    const c = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [`dayung_t_${process.pid}_%`, template],
    );
    for (const r of rows) {
      await c.query(`alter database ${r.datname} with is_template false`).catch(() => {});
      await c.query(`drop database if exists ${r.datname} with (force)`).catch(() => {});
    }
    await c.end();
    await stop();
  };
}
