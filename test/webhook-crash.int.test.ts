import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakes, type RunningFakes } from '../fakes/server.ts';
import { createAccount } from '../fakes/accounts.ts';
import { inject } from '../fakes/inject.ts';
import { freePort } from './global-setup.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { eventually, orgId } from './helpers/factories.ts';

// Dayung is killed (SIGKILL) while a fake platform delivers a burst of 5,000 signed webhooks with
// retries on; after the restart and the platform's retries every delivery is stored exactly once.

const ROOT = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
let fakes: RunningFakes | undefined;
let db: TestDatabase | undefined;

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await fakes?.close();
  await db?.drop();
});

function startProduct(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['src/app/cli.ts', 'start', '--services=web'], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', NODE_ENV: 'production', DEMO: 'false' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return child;
}

describe('webhook intake under a crash', () => {
  it('stores each of 5,000 deliveries exactly once across a SIGKILL and the platform’s retries', async () => {
    db = await createTestDatabase();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const appSecret = 'crash-test-meta-secret';
    fakes = await startFakes({
      port: 0,
      seed: 'crash',
      webhookTarget: url,
      apps: { meta: { secret: appSecret, verifyToken: 'v' } },
      // Meta's retries compressed to milliseconds, many attempts.
      config: { webhooks: { schedules: { facebook: Array.from({ length: 60 }, (_, i) => 50 + i * 50) }, concurrency: 16, maxQueue: 20_000 } },
    });
    const page = createAccount(fakes.state, { platform: 'facebook', name: 'Dinas Kesehatan', subscribe: true });
    await db.db.insertInto('channel_account').values({ org_id: await orgId(db.db, 'DINKES'), platform: 'facebook', external_id: page.id, name: page.name }).execute();

    const env = {
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      META_APP_SECRET: appSecret,
      META_VERIFY_TOKEN: 'v',
      SMTP_CAPTURE_PORT: String(await freePort()),
      TOKEN_KEYS: `t:${Buffer.alloc(32, 7).toString('base64')}`,
    };
    let product = startProduct(env);
    await eventually(async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok ?? false, 60_000, 100);

    const N = 5000;
    for (let i = 0; i < N; i++) inject(fakes.state, { platform: 'facebook', type: 'comment', accountId: page.id, text: `Aduan nomor ${i}: jalan rusak di nagari ${i % 97}` });

    const stored = async () => Number((await db!.pool.query(`select count(*)::int as n from inbound_event where platform = 'facebook'`)).rows[0].n);
    await eventually(async () => (await stored()) >= 800, 60_000, 20);
    product.kill('SIGKILL');
    await new Promise((r) => product.once('exit', r));
    const atKill = await stored();
    expect(atKill).toBeLessThan(N);

    product = startProduct(env);
    await eventually(async () => fakes!.state.webhooks.pendingCount() === 0, 120_000, 100);
    expect(fakes.state.webhooks.stats.abandoned).toBe(0);
    expect(fakes.state.webhooks.stats.failedAttempts).toBeGreaterThan(0);

    const { rows } = await db.pool.query(`select count(*)::int as n, count(distinct dedupe_key)::int as d from inbound_event where platform = 'facebook' and kind = 'feed.comment.add'`);
    expect(rows[0]).toEqual({ n: N, d: N });
    const texts = await db.pool.query(`select count(distinct payload->'value'->>'message')::int as n from inbound_event where platform = 'facebook'`);
    expect(texts.rows[0].n).toBe(N);
    product.kill('SIGTERM');
  }, 240_000);
});
