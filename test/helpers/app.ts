import { randomBytes } from 'node:crypto';
import { parseConfig, type Config } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { startDayung, type Running } from '../../src/app/start.ts';
import { generateApps, hostsFor, type PlatformApps } from '../../src/modules/channels/index.ts';
import { freePort } from '../global-setup.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

// The real product (web + worker) on a test file's own database, on a free loopback port.

export interface TestApp {
  url: string;
  db: TestDatabase;
  config: Config;
  running: Running;
  close(): Promise<void>;
}

export async function startTestApp(opts: { services?: string; env?: Record<string, string>; fakesUrl?: string; apps?: PlatformApps } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const port = await freePort();
  const config = parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_CAPTURE_PORT: String(await freePort()),
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DEMO: 'false',
    WORKER_CONCURRENCY: '2',
    TOKEN_KEYS: `test:${randomBytes(32).toString('base64')}`,
    ...opts.env,
  });
  const running = await startDayung({ services: opts.services ?? 'web,worker', config, logger: createLogger(config.LOG_LEVEL, false), quiet: true, buildWeb: false, platforms: { apps: opts.apps ?? generateApps(), hosts: hostsFor(opts.fakesUrl ?? null), fake: Boolean(opts.fakesUrl) } });
  return {
    url: running.url!,
    db,
    config,
    running,
    async close() {
      await running.stop();
      await db.drop();
    },
  };
}
