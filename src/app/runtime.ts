import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '../platform/config.ts';
import { connect, ensureDatabase, withDatabase, type DbHandle } from '../platform/db/index.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../platform/db/embedded.ts';
import { migrate } from '../platform/db/migrate.ts';
import { migrateJobs } from '../platform/jobs/index.ts';
import type { Logger } from '../platform/logger.ts';

// Opening the system of record: the embedded PostgreSQL (default) or DATABASE_URL.

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VERSION: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

export interface Database {
  url: string;
  handle: DbHandle;
  embedded: EmbeddedServer | null;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, logger: Logger, opts: { poolSize?: number; role?: string } = {}): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  let url: string;
  if (config.DATABASE_URL) {
    url = config.DATABASE_URL;
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, logger });
    await ensureDatabase(embedded.url, 'dayung');
    url = withDatabase(embedded.url, 'dayung');
    logger.info({ port: embedded.port, dataDir: embedded.dataDir }, 'embedded PostgreSQL running');
  }
  const handle = connect(url, opts.poolSize ?? 20, `dayung-${opts.role ?? 'app'}`);
  try {
    await handle.pool.query('select 1');
  } catch (err) {
    await handle.close();
    await embedded?.stop();
    throw new Error(`Tidak dapat terhubung ke PostgreSQL / cannot connect to PostgreSQL: ${(err as Error).message}`);
  }
  return {
    url,
    handle,
    embedded,
    async close() {
      await handle.close();
      await embedded?.stop();
    },
  };
}

export async function migrateAll(handle: DbHandle, onProgress?: (name: string, i: number, n: number) => void): Promise<string[]> {
  const result = await migrate(handle.pool, onProgress);
  await migrateJobs(handle.pool);
  return result.applied;
}
