import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, withDatabase } from '../src/platform/db/index.ts';
import { freePort } from './global-setup.ts';
import { ApiClient } from './helpers/client.ts';
import { eventually } from './helpers/factories.ts';

// Kill -9 the whole product (embedded PostgreSQL included) in the middle of a burst of writes:
// the next start recovers by itself and the database holds only whole transactions.

const ROOT = path.resolve(import.meta.dirname, '..');
let dataDir: string;
const children: ChildProcess[] = [];

function startProduct(env: Record<string, string>): ChildProcess {
  const { DATABASE_URL: _drop, ...rest } = process.env;
  const child = spawn(process.execPath, ['src/app/cli.ts', 'start'], {
    cwd: ROOT,
    env: { ...rest, ...env, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  (child as ChildProcess & { output: () => string }).output = () => out;
  children.push(child);
  return child;
}

async function waitHealthy(url: string, child: ChildProcess) {
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`product exited early:\n${(child as unknown as { output: () => string }).output()}`);
    try {
      return (await fetch(`${url}/readyz`)).ok;
    } catch {
      return false;
    }
  }, 90_000, 200);
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (dataDir) {
    // Stop a server a failed test may have left behind, then remove its files.
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        /* gone */
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    await rm(dataDir, { recursive: true, force: true });
  }
});

describe('crash safety', () => {
  it('SIGKILL mid-burst: restart recovers without manual steps, only whole transactions exist', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'dayung-crash-'));
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(await freePort()),
      SMTP_CAPTURE_PORT: String(await freePort()),
      DEMO: 'true',
    };
    const url = `http://127.0.0.1:${port}`;
    const first = startProduct(env);
    await waitHealthy(url, first);

    const logins = (await readFile(path.join(dataDir, 'demo-logins.txt'), 'utf8')).split('\n').map((l) => l.split('\t'));
    const admin = logins.find((l) => l[0] === 'province_admin')!;
    const c = new ApiClient(url);
    expect((await c.login(admin[1]!, admin[2]!)).status).toBe(200);
    const orgs = await c.get('/api/orgs?q=DINKES');
    const dinkes = orgs.body.items.find((o: { code: string }) => o.code === 'DINKES').id;

    // A burst of invitations (each: user + token + mail job + audit row in one transaction).
    let sent = 0;
    const burst = Array.from({ length: 200 }, (_, i) =>
      c.post('/api/users', { email: `crash-${i}@uji.go.id`, name: `Crash ${i}`, role: 'viewer', orgId: dinkes }).then(
        (r) => {
          if (r.status === 201) sent++;
          return r.status;
        },
        () => 'dropped',
      ),
    );
    await eventually(async () => sent >= 10, 30_000, 5);
    first.kill('SIGKILL');
    const outcomes = await Promise.all(burst);
    expect(outcomes).toContain('dropped');

    // Embedded PostgreSQL outlived its parent; the next start must take over by itself.
    const second = startProduct(env);
    await waitHealthy(url, second);

    const url2 = (await readFile(path.join(dataDir, '.pg-password'), 'utf8')).trim();
    const db = connect(withDatabase(`postgres://dayung:${encodeURIComponent(url2)}@127.0.0.1:${env.EMBEDDED_PG_PORT}/postgres`, 'dayung'), 2);
    try {
      const users = await db.db.selectFrom('app_user').select(['id', 'email']).where('email', 'like', 'crash-%').execute();
      expect(users.length).toBeGreaterThanOrEqual(sent);
      const ids = users.map((u) => u.id);
      const audits = await db.db.selectFrom('audit_log').select('target_id').where('action', '=', 'user.invite').where('target_id', 'in', ids).execute();
      const tokens = await db.db.selectFrom('user_token').select('user_id').where('purpose', '=', 'invite').where('user_id', 'in', ids).execute();
      expect(audits).toHaveLength(users.length);
      expect(tokens).toHaveLength(users.length);
      // Every invitation mail is eventually sent exactly once by the restarted worker.
      let seen = '';
      await eventually(async () => {
        const r = await db.pool.query(`select count(*)::int as n, count(distinct mail_to[1])::int as d from mail_outbox where mail_to[1] like 'crash-%'`);
        const jobs = await db.pool.query(`select count(*)::int as n, count(locked_by)::int as locked, max(last_error) as err, array_agg(locked_by) as by, (select json_agg(w) from worker_process w) as procs from graphile_worker.jobs`);
        seen = JSON.stringify({ users: users.length, mail: r.rows[0], jobs: jobs.rows[0] });
        return r.rows[0].n === users.length && r.rows[0].d === users.length;
      }, 60_000, 250).catch((err: Error) => {
        throw new Error(`${err.message}: ${seen}`);
      });
    } finally {
      await db.close();
    }

    // A clean stop shuts PostgreSQL down too.
    second.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 240_000);
});
