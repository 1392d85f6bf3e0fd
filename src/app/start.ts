import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../platform/config.ts';
import { createLogger, type Logger } from '../platform/logger.ts';
import { createMailer, startCaptureServer, type CaptureServer, type Mailer } from '../platform/mail/index.ts';
import { startWorker, type WorkerHandle } from '../platform/jobs/index.ts';
import { isSeeded, seedDemoUsers, seedReference, type DemoLogin } from '../modules/org/index.ts';
import { allJobs } from './jobs.ts';
import { mediaPort } from './media-port.ts';
import { mediaDeps } from '../modules/media/index.ts';
import { seedHolidays } from '../modules/cases/calendar.ts';
import { migrateAll, openDatabase, type Database } from './runtime.ts';
import { buildWebApp } from './web.ts';
import type { App } from '../platform/http/server.ts';
import { appsFromEnv, demoApps, hostsFor, loadKeyring, type ChannelsDeps, type PlatformSettings } from '../modules/channels/index.ts';
import { loadPlatformModules } from '../modules/channels/connectors/registry.ts';
import { ensureWebBuild } from './web-build.ts';

// `dayung start`: web + worker (and in demo mode the fake platforms and simulated citizens)
// in one process; `--services` picks roles so that scaling out is configuration, not code.

type Service = 'web' | 'worker' | 'fakes' | 'simulator';
const ALL: Service[] = ['web', 'worker', 'fakes', 'simulator'];

function parseServices(list: string | undefined, config: Config): Service[] {
  // A demo runs its own fake platforms and citizens unless pointed at fakes running elsewhere.
  if (!list) return config.DEMO && !config.FAKE_PLATFORMS_URL ? ['web', 'worker', 'fakes', 'simulator'] : ['web', 'worker'];
  const parts = list.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = parts.filter((p) => !ALL.includes(p as Service));
  if (bad.length) throw new ConfigError([`--services: unknown role(s) ${bad.join(', ')}; use ${ALL.join(',')}`]);
  return parts as Service[];
}

export interface Running {
  config: Config;
  platforms: PlatformSettings;
  db: Database;
  url: string | null;
  web: App | null;
  stop(): Promise<void>;
}

function printBanner(config: Config, url: string, logins: DemoLogin[], loginFile: string | null): void {
  const lines = [
    '',
    '  Dayung berjalan / is running',
    `  ➜ ${url}`,
    `  ➜ API docs: ${url}/api/docs`,
  ];
  if (config.DEMO) {
    lines.push('', '  Mode demo. Akun demo / demo logins:');
    if (logins.length) {
      for (const l of logins) lines.push(`    ${l.role.padEnd(20)} ${l.email.padEnd(42)} ${l.password}`);
      lines.push('', `  (kata sandi hanya ditampilkan sekali; salinannya ada di ${loginFile})`);
    } else if (loginFile) {
      lines.push(`    lihat / see ${loginFile}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

export async function startDayung(opts: { services?: string | undefined; dev?: boolean | undefined; config?: Config; logger?: Logger; quiet?: boolean; buildWeb?: boolean; platforms?: PlatformSettings } = {}): Promise<Running> {
  const config = opts.config ?? loadConfig();
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const services = parseServices(opts.services, config);
  const needsDb = services.some((s) => s === 'web' || s === 'worker');
  const started = Date.now();

  if (services.includes('web') && !opts.dev && opts.buildWeb !== false) {
    // A broken UI build must not take the API down with it: log it and serve the API.
    await ensureWebBuild(logger).catch((err: Error) => logger.error({ err: err.message }, 'web UI build failed; serving the API only'));
  }

  const fakesUrl = config.FAKE_PLATFORMS_URL ?? (services.includes('fakes') ? `http://127.0.0.1:${config.FAKES_PORT}` : null);
  const platforms: PlatformSettings = opts.platforms ?? {
    apps: config.DEMO ? demoApps(config.DATA_DIR) : appsFromEnv(process.env),
    hosts: hostsFor(fakesUrl),
    fake: Boolean(fakesUrl),
  };
  const db = await openDatabase(config, logger, { role: services.join('+') });
  const channels: ChannelsDeps = {
    db: db.handle.db,
    keyring: loadKeyring({ spec: config.TOKEN_KEYS, dataDir: config.DATA_DIR }),
    settings: () => platforms,
    modules: () => platformModules,
    publicUrl: config.PUBLIC_URL,
  };
  const platformModules = await loadPlatformModules();
  const stops: (() => Promise<void>)[] = [];
  let capture: CaptureServer | null = null;
  let mailer: Mailer | null = null;
  let url: string | null = null;
  let web: App | null = null;
  let logins: DemoLogin[] = [];
  const loginFile = path.join(config.DATA_DIR, 'demo-logins.txt');
  try {
    if (needsDb) {
      const applied = await migrateAll(db.handle, (name, i, n) => logger.info(`migrasi ${i}/${n}: ${name}`));
      if (applied.length) logger.info({ applied }, 'migrations applied');
      if (config.DEMO) {
        if (!(await isSeeded(db.handle.db))) {
          logger.info('database kosong: mengisi data demo / empty database: seeding the demo');
          await seedReference(db.handle.db, (step) => logger.info(`seed: ${step}`));
          await seedHolidays(db.handle.db);
        }
        // Creates only the demo accounts that are missing (e.g. after an interrupted first start).
        logins = await seedDemoUsers(db.handle.db, { mustChangePassword: false });
        if (logins.length) {
          await writeFile(loginFile, `${logins.map((l) => `${l.role}\t${l.email}\t${l.password}`).join('\n')}\n`, { mode: 0o600 });
        }
      }
    }
    const smtpUrl = config.SMTP_URL;
    if (!smtpUrl && needsDb) {
      capture = await startCaptureServer(db.handle.db, config.SMTP_CAPTURE_PORT, logger);
      if (capture) stops.push(() => capture!.close());
    }
    const mailUrl = smtpUrl ?? capture?.url ?? `smtp://127.0.0.1:${config.SMTP_CAPTURE_PORT}`;
    mailer = createMailer({ smtpUrl: mailUrl, from: config.MAIL_FROM });
    stops.push(() => mailer!.close());

    if (services.includes('worker')) {
      const { jobs, cron, lane } = allJobs({ db: db.handle.db, pool: db.handle.pool, mailer: () => mailer!, channels, logger, media: mediaPort(db.handle.db, config), mediaStore: mediaDeps(db.handle.db, config) });
      const worker: WorkerHandle = await startWorker({ pool: db.handle.pool, jobs, cron, concurrency: config.WORKER_CONCURRENCY, logger });
      stops.unshift(() => worker.stop());
      // The publishing lane: its own runner, so publications waiting on platforms never take the main slots.
      const laneWorker: WorkerHandle = await startWorker({ pool: db.handle.pool, jobs: lane, concurrency: config.PUBLISH_CONCURRENCY, logger: logger.child({ lane: 'publishing' }) });
      stops.unshift(() => laneWorker.stop());
    }
    if (services.includes('web')) {
      const app = await buildWebApp({ config, logger, db: db.handle.db, pool: db.handle.pool, platforms, channels, databaseUrl: db.url });
      web = app;
      await app.listen({ port: config.PORT, host: config.HOST });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
      url = config.PUBLIC_URL.replace(`:${config.PORT}`, `:${port}`);
      stops.unshift(() => app.close());
      if (opts.dev) {
        const { startViteDev } = await import('./web-build.ts');
        const vite = await startViteDev(port);
        stops.unshift(() => vite.close());
        url = vite.url;
      }
    }
    if (services.includes('fakes') && needsDb) {
      const { startDemoWorld } = await import('./demo-world.ts');
      const world = await startDemoWorld({ config, logger, channels, dayungUrl: `http://127.0.0.1:${config.PORT === 0 ? new URL(url ?? config.PUBLIC_URL).port : config.PORT}`, simulate: services.includes('simulator') });
      stops.unshift(() => world.stop());
    }
  } catch (err) {
    for (const stop of stops) await stop().catch(() => {});
    await db.close().catch(() => {});
    throw err;
  }

  if (url && !opts.quiet) {
    printBanner(config, url, logins, config.DEMO ? loginFile : null);
  }
  logger.info({ services, ms: Date.now() - started }, 'Dayung started');

  let stopping: Promise<void> | null = null;
  return {
    config,
    platforms,
    db,
    url,
    web,
    stop() {
      stopping ??= (async () => {
        for (const stop of stops) await stop().catch((err: Error) => logger.error({ err }, 'error while stopping'));
        await db.close();
      })();
      return stopping;
    },
  };
}

/** CLI entry: start, then stop cleanly on SIGINT/SIGTERM (a second signal forces exit). */
export async function runStart(opts: { services?: string | undefined; dev?: boolean | undefined }): Promise<void> {
  let running: Running | null = null;
  let stopRequested = false;
  let signals = 0;
  const stopAndExit = (r: Running) =>
    r.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  // Installed before anything starts: a signal during start-up (the demo world takes a few seconds
  // after the web server answers) must still end in a clean stop, embedded PostgreSQL included.
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1) process.exit(130);
    process.stdout.write(`\n${sig}: menghentikan Dayung dengan rapi / shutting down cleanly…\n`);
    if (running) void stopAndExit(running);
    else stopRequested = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    running = await startDayung(opts);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n\nPerbaiki variabel di atas (lingkungan atau berkas .env) lalu jalankan ulang.\n`);
    } else {
      process.stderr.write(`Dayung gagal dijalankan / failed to start: ${(err as Error).stack ?? err}\n`);
    }
    process.exit(1);
  }
  if (stopRequested) await stopAndExit(running);
}
