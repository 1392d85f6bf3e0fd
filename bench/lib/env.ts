import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, ensureDatabase, withDatabase, type DbHandle } from '../../src/platform/db/index.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/platform/db/embedded.ts';
import { migrateAll } from '../../src/app/runtime.ts';
import { seedReference } from '../../src/modules/org/index.ts';
import os from 'node:os';

// A fresh embedded PostgreSQL with production settings (fsync on) for a benchmark run.

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export interface BenchDb {
  url: string;
  handle: DbHandle;
  server: EmbeddedServer;
  close(): Promise<void>;
}

export async function benchDatabase(poolSize = 20): Promise<BenchDb> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dayung-bench-'));
  const server = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), ephemeral: true, settings: { max_connections: '300' } });
  await ensureDatabase(server.url, 'dayung');
  const url = withDatabase(server.url, 'dayung');
  const handle = connect(url, poolSize, 'bench');
  await migrateAll(handle);
  await seedReference(handle.db);
  return {
    url,
    handle,
    server,
    async close() {
      await handle.close();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function machine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
