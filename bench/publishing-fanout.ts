// Publishing fan-out benchmark (issue 6). Prints JSON.
// A campaign of 40 OPDs × 5 channels (Facebook, Instagram, X, Telegram, TikTok; one post per OPD with
// the campaign image), written and approved through the API, all due at the same second, published
// against the fake platforms (in their own process) answering every request in 150–450 ms and with
// their usual processing times (Instagram containers 1.5 s, X media 1 s, TikTok 2 s).
// Reported per round:
//  - due → first / median / last publication (outbound.sent_at − the scheduled time);
//  - per-publication overhead: Dayung's time around the platform,
//      (Σ publication_send job time + Σ publishing_due job time − Σ time inside connector.publish) / N,
//    where connector.publish holds every request to the platform with its latency and the
//    connector's own waits for platform processing; what remains is Dayung's work: rows, jobs,
//    claims, token decryption, media preparation, recording outcomes, settling posts (target
//    < 10 ms); engineOverhead is the same without preparing images (once per image and platform);
//  - the inbox: a burst of citizen comments drained by the real inbound_process job alone, and the
//    same burst again while the fan-out runs (events/s);
//  - the database's own round-trip and commit latency at that moment, and the CPU used.
// Rounds: inbox alone; one post (1 OPD × 5 channels) at a time, three times; the campaign alone;
// the campaign with the inbox burst at the same moment.
// The worker is assembled as `dayung start` does (src/app/start.ts: the main runner with
// WORKER_CONCURRENCY, the publishing lane with PUBLISH_CONCURRENCY), with timers around the jobs.
// Run: npm run bench -- publishing-fanout   (or node bench/publishing-fanout.ts [opds] [inbox events])
// Knobs: BENCH_PLATFORMS=facebook,x,telegram (text only), PUBLISH_CONCURRENCY=64, BENCH_ONLY=fanout
// (the campaign alone), BENCH_PROFILE=1 (database time and statements per job), BENCH_LOG_LEVEL=warn.
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import pg from 'pg';
import { ControlClient } from '../fakes/control-client.ts';
import { createRng } from '../fakes/core/rng.ts';
import { generateMessage } from '../fakes/citizens/generate.ts';
import { allJobs } from '../src/app/jobs.ts';
import { mediaPort } from '../src/app/media-port.ts';
import { startDayung } from '../src/app/start.ts';
import { generateApps, hostsFor, loadKeyring, type ChannelsDeps, type PlatformSettings } from '../src/modules/channels/index.ts';
import { PLATFORM_MODULES } from '../src/modules/channels/connectors/registry.ts';
import type { PlatformModule } from '../src/modules/channels/connectors/types.ts';
import { parseConfig } from '../src/platform/config.ts';
import type { DbOrTx } from '../src/platform/db/index.ts';
import type { ChannelPlatform } from '../src/platform/db/schema.ts';
import { startWorker, type JobDefinition } from '../src/platform/jobs/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createMailer } from '../src/platform/mail/index.ts';
import { buildCampaignWorld, type CampaignWorld } from '../test/helpers/campaign-world.ts';
import { benchDatabase, freePort, machine, median } from './lib/env.ts';

const OPDS = Number(process.argv[2] ?? 40);
const INBOX_EVENTS = Number(process.argv[3] ?? 30_000);
const LATENCY: [number, number] = [150, 450];
// BENCH_PLATFORMS=facebook,x,telegram: text-only channels (no image), for comparison
const PLATFORMS = (process.env['BENCH_PLATFORMS']?.split(',') ?? ['facebook', 'instagram', 'x', 'telegram', 'tiktok']) as ChannelPlatform[];
const ROOT = path.resolve(import.meta.dirname, '..');

const db = await benchDatabase(30);
const pool = db.handle.pool;
/** the postmaster of this benchmark's PostgreSQL (the backends are its children) */
const pgDir = (await pool.query<{ dir: string }>(`select setting as dir from pg_settings where name = 'data_directory'`)).rows[0]!.dir;
const pgPid = Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
const apps = generateApps();

// ── the fake platforms, in their own process ──
const fakesProc = spawn(process.execPath, [path.join(ROOT, 'bench/lib/fakes-server.ts')], {
  env: { ...process.env, BENCH_FAKES: JSON.stringify({ seed: 'bench-fanout', apps: { meta: { id: apps.meta.appId, secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken } } }) },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const fakesUrl = await new Promise<string>((resolve, reject) => {
  fakesProc.once('exit', (code) => reject(new Error(`fakes exited ${code}`)));
  createInterface({ input: fakesProc.stdout! }).once('line', (l) => resolve((JSON.parse(l) as { url: string }).url));
});
const control = new ControlClient(fakesUrl);

// ── Dayung: the web (API for the setup, media URLs the platforms fetch) and the worker ──
const port = await freePort();
const config = parseConfig({
  DATABASE_URL: db.url,
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  LOG_LEVEL: 'silent',
  DEMO: 'false',
  NODE_ENV: 'production',
  SMTP_CAPTURE_PORT: String(await freePort()),
  TOKEN_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  ...(process.env['PUBLISH_CONCURRENCY'] ? { PUBLISH_CONCURRENCY: process.env['PUBLISH_CONCURRENCY'] } : {}),
});
const logger = createLogger((process.env['BENCH_LOG_LEVEL'] as 'silent' | undefined) ?? 'silent', false);
const platforms: PlatformSettings = { apps, hosts: hostsFor(fakesUrl), fake: true };
const web = await startDayung({ services: 'web', config, logger, quiet: true, buildWeb: false, platforms });

interface Sample {
  name: string;
  platform?: string;
  start: number;
  ms: number;
  /** time inside database queries during this job (BENCH_PROFILE=1) */
  dbMs?: number;
  queries?: number;
}
const samples: Sample[] = [];

// BENCH_PROFILE=1: database time per job (every pg query attributed to the job it runs for) and the
// event loop's delay, to see where the engine's time goes.
const PROFILE = process.env['BENCH_PROFILE'] === '1';
const jobStore = new AsyncLocalStorage<{ dbMs: number; queries: number; job?: string }>();
const workerStore = { dbMs: 0, queries: 0, job: 'worker' };
/** per job and statement (first words of the SQL): count and total ms */
const statements = new Map<string, { n: number; ms: number }>();
if (PROFILE) {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '?');
    // outside a job: graphile-worker's own statements (fetching and completing jobs) are counted as "worker"
    const store = jobStore.getStore() ?? (text.includes('graphile_worker') ? workerStore : undefined);
    if (!store) return original.apply(this, args);
    const t = performance.now();
    const key = `${store.job ?? '?'}: ${text.replace(/\s+/g, ' ').trim().slice(0, 70)}`;
    const done = () => {
      const ms = performance.now() - t;
      store.dbMs += ms;
      store.queries++;
      const st = statements.get(key) ?? { n: 0, ms: 0 };
      st.n++;
      st.ms += ms;
      statements.set(key, st);
    };
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (...r: unknown[]) => (done(), (last as (...a: unknown[]) => unknown)(...r));
      return original.apply(this, args);
    }
    const out = original.apply(this, args);
    return out && typeof (out as Promise<unknown>).then === 'function' ? (out as Promise<unknown>).finally(done) : out;
  } as typeof pg.Client.prototype.query;
}
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const timedModules = Object.fromEntries(
  Object.entries(PLATFORM_MODULES).map(([platform, m]: [string, PlatformModule]) => [
    platform,
    {
      ...m,
      connector: {
        ...m.connector,
        async publish(ctx, input) {
          const start = performance.now();
          try {
            return await m.connector.publish(ctx, input);
          } finally {
            samples.push({ name: 'connector.publish', platform, start, ms: performance.now() - start });
          }
        },
      } satisfies PlatformModule['connector'],
    },
  ]),
) as Record<ChannelPlatform, PlatformModule>;
const channels: ChannelsDeps = { db: db.handle.db, keyring: loadKeyring({ spec: config.TOKEN_KEYS, dataDir: config.DATA_DIR }), settings: () => platforms, modules: () => timedModules, publicUrl: config.PUBLIC_URL };
const timed = (defs: JobDefinition[], names: string[]) =>
  defs.map((d) =>
    names.includes(d.name)
      ? {
          ...d,
          async handler(payload: unknown, ctx: Parameters<JobDefinition['handler']>[1]) {
            const start = performance.now();
            const store = { dbMs: 0, queries: 0, job: d.name };
            try {
              return await jobStore.run(store, () => d.handler(payload, ctx));
            } finally {
              samples.push({ name: d.name, start, ms: performance.now() - start, ...(PROFILE ? store : {}) });
            }
          },
        }
      : d,
  );
const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${config.SMTP_CAPTURE_PORT}`, from: config.MAIL_FROM });
const media = mediaPort(db.handle.db, config);
const timedMedia: typeof media = {
  async prepare(ref, platform) {
    const start = performance.now();
    try {
      return await media.prepare(ref, platform);
    } finally {
      samples.push({ name: 'media.prepare', platform, start, ms: performance.now() - start });
    }
  },
};
const { jobs, cron, lane } = allJobs({ db: db.handle.db, pool, mailer: () => mailer, channels, logger, media: timedMedia });
const mainWorker = await startWorker({ pool, jobs: timed(jobs, ['publishing_due', 'publishing_prepare', 'inbound_process']), cron, concurrency: config.WORKER_CONCURRENCY, logger });
const laneWorker = await startWorker({ pool, jobs: timed(lane, ['publication_send']), concurrency: config.PUBLISH_CONCURRENCY, logger });
await control.patchFaults({ global: { latencyMs: LATENCY } });

// ── the inbox load: bursts of realistic citizen comments as the webhook intake stores them ──
const inboxAccounts: { id: string; org: string; ext: string }[] = [];
for (const o of await db.handle.db.selectFrom('org').select(['id', 'code']).where('kind', '!=', 'province').orderBy('code').limit(20).execute()) {
  const ext = `PAGE_INBOX_${o.code}`;
  const a = await db.handle.db.insertInto('channel_account').values({ org_id: o.id, platform: 'facebook', external_id: ext, name: o.code }).returning('id').executeTakeFirstOrThrow();
  inboxAccounts.push({ id: a.id, org: o.id, ext });
}
const rng = createRng('bench-fanout-inbox');
let burstNo = 0;

/** Stores n pending events and the inbound_process job (run at runAt) in one transaction. */
async function storeBurst(n: number, runAt: Date | null): Promise<string> {
  const tag = `b${++burstNo}`;
  const rows = Array.from({ length: n }, (_, i) => {
    const acc = inboxAccounts[i % inboxAccounts.length]!;
    const msg = generateMessage(rng, { channel: 'facebook_comment' });
    const comment = `${acc.ext}_1_${tag}_${i}`;
    return {
      platform: 'facebook',
      dedupe_key: `feed:comment:${comment}:add`,
      account_id: acc.id,
      org_id: acc.org,
      external_account_id: acc.ext,
      kind: 'feed.comment.add',
      payload: JSON.stringify({ entryId: acc.ext, field: 'feed', value: { from: { id: `u${i % 7000}`, name: msg.author?.name ?? 'Warga' }, post_id: `${acc.ext}_1`, comment_id: comment, message: msg.text, created_time: 1764280000, item: 'comment', verb: 'add' } }),
    };
  });
  await db.handle.db.transaction().execute(async (tx) => {
    for (let s = 0; s < rows.length; s += 2000) await tx.insertInto('inbound_event').values(rows.slice(s, s + 2000)).execute();
    await addInboundJob(tx, runAt);
  });
  return tag;
}
/** The inbound_process job, as the intake's wake-up enqueues it (one job drains everything pending). */
async function addInboundJob(tx: DbOrTx, runAt: Date | null) {
  await sql`select graphile_worker.add_job('inbound_process', '{}'::json, job_key => 'inbound_process', run_at => ${runAt}::timestamptz)`.execute(tx);
}
async function pending(tag: string): Promise<number> {
  return (await pool.query<{ n: number }>(`select count(*)::int as n from inbound_event where status = 'pending' and dedupe_key like $1`, [`%\\_${tag}\\_%`])).rows[0]!.n;
}
async function waitDrained(tag: string, timeoutMs = 300_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await pending(tag)) > 0) {
    if (Date.now() > end) throw new Error(`inbox burst ${tag} not drained`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
/** Events of a burst processed inside [from, to] (database clock), per second. */
async function inboxRate(tag: string, from?: Date, to?: Date) {
  const { rows } = await pool.query<{ n: number; first: Date; last: Date }>(
    `select count(*)::int as n, min(processed_at) as first, max(processed_at) as last from inbound_event
      where dedupe_key like $1 and processed_at is not null and ($2::timestamptz is null or processed_at >= $2) and ($3::timestamptz is null or processed_at <= $3)`,
    [`%\\_${tag}\\_%`, from ?? null, to ?? null],
  );
  return rows[0]!;
}

async function inboxAlone(n: number) {
  const t0 = new Date();
  const tag = await storeBurst(n, null);
  const started = performance.now();
  await waitDrained(tag);
  const seconds = (performance.now() - started) / 1000;
  const r = await inboxRate(tag);
  return { events: n, drainSeconds: +seconds.toFixed(1), eventsPerSecond: Math.round(n / seconds), storedAt: t0.toISOString(), lastProcessedAt: r.last };
}

// ── one fan-out round ──
/** A due time at :30 of a minute at least `leadMs` away: no minute cron (inbound_sweep, publishing_sweep) fires just before it. */
function alignedDue(leadMs: number): Date {
  const t = Date.now() + leadMs;
  const m = Math.ceil((t - 30_000) / 60_000) * 60_000 + 30_000;
  return new Date(m);
}

let wave = 0;
async function fanOut(withInbox: boolean, opds = OPDS) {
  // a single post is due soon after its setup; a campaign at :30 past a minute (no minute cron close by)
  const scheduledAt = opds === 1 ? new Date(Date.now() + 8_000) : alignedDue(70_000);
  const setupStart = performance.now();
  // the fakes give each OPD the same accounts again (same handles): every wave says something new
  const world: CampaignWorld = await buildCampaignWorld({ db: db.handle.db, url: web.url!, control, channels, opdCount: opds, platforms: PLATFORMS, dueInMs: 0, scheduledAt, wave: `gelombang ${++wave}` });
  const setupSeconds = (performance.now() - setupStart) / 1000;
  let tag: string | null = null;
  if (withInbox) {
    // the burst is stored before the due time, its job runs at the due time
    if (scheduledAt.getTime() - Date.now() > 20_000) await new Promise((r) => setTimeout(r, scheduledAt.getTime() - Date.now() - 20_000));
    tag = await storeBurst(INBOX_EVENTS, scheduledAt);
  }
  if (Date.now() >= scheduledAt.getTime()) throw new Error(`setup took longer than the lead time (${setupSeconds.toFixed(1)} s)`);
  const perfAtDue = performance.now() + (scheduledAt.getTime() - Date.now());
  const postIds = world.opds.map((o) => o.postId);
  const open = async () => (await pool.query<{ n: number }>(`select count(*)::int as n from publication where post_id = any($1::uuid[]) and status in ('pending', 'sending')`, [postIds])).rows[0]!.n;
  const created = async () => (await pool.query<{ n: number }>(`select count(*)::int as n from publication where post_id = any($1::uuid[])`, [postIds])).rows[0]!.n;
  const deadline = Date.now() + 600_000;
  await new Promise((r) => setTimeout(r, Math.max(0, scheduledAt.getTime() - Date.now())));
  loopDelay.reset();
  statements.clear();
  const cpuAtDue = { self: process.cpuUsage(), others: procCpuMs() };
  while ((await created()) < postIds.length * PLATFORMS.length || (await open()) > 0) {
    if (Date.now() > deadline) throw new Error('fan-out did not finish');
    await new Promise((r) => setTimeout(r, 100));
  }
  const cpuSelf = process.cpuUsage(cpuAtDue.self);
  const othersNow = procCpuMs();
  const cpuMs = { dayung: Math.round((cpuSelf.user + cpuSelf.system) / 1000), fakes: othersNow.fakes - cpuAtDue.others.fakes, postgres: othersNow.postgres - cpuAtDue.others.postgres };
  const loop = { p50: +(loopDelay.percentile(50) / 1e6).toFixed(1), p99: +(loopDelay.percentile(99) / 1e6).toFixed(1), max: +(loopDelay.max / 1e6).toFixed(1) };
  // every job has finished (the due run, every send)
  const jobsDone = () => samples.filter((x) => x.start >= perfAtDue - 5_000);
  for (let waited = 0; jobsDone().filter((x) => x.name === 'publication_send').length < postIds.length * PLATFORMS.length || jobsDone().filter((x) => x.name === 'publishing_due').length < 1; waited += 50) {
    if (waited > 60_000) throw new Error('jobs did not finish');
    await new Promise((r) => setTimeout(r, 50));
  }
  const { rows } = await pool.query<{ platform: string; status: string; sent_at: Date | null; error: string | null }>(
    `select pb.platform, ob.status, ob.sent_at, ob.error from publication pb join outbound ob on ob.id = pb.outbound_id where pb.post_id = any($1::uuid[])`,
    [postIds],
  );
  const failures: Record<string, number> = {};
  for (const r of rows.filter((r) => r.status !== 'sent')) failures[`${r.platform}: ${r.status}: ${r.error ?? ''}`.slice(0, 200)] = (failures[`${r.platform}: ${r.status}: ${r.error ?? ''}`.slice(0, 200)] ?? 0) + 1;
  const posts = await pool.query<{ status: string; n: number }>(`select status, count(*)::int as n from post where id = any($1::uuid[]) group by status`, [postIds]);
  const after = rows.filter((r) => r.sent_at).map((r) => new Date(r.sent_at!).getTime() - scheduledAt.getTime()).sort((a, b) => a - b);
  const lastAt = new Date(scheduledAt.getTime() + after.at(-1)!);
  const inWindow = samples.filter((s) => s.start >= perfAtDue - 5_000);
  const sum = (name: string, platform?: string) => inWindow.filter((s) => s.name === name && (!platform || s.platform === platform)).reduce((t, s) => t + s.ms, 0);
  const count = (name: string) => inWindow.filter((s) => s.name === name).length;
  const n = rows.length;
  const send = sum('publication_send');
  const due = sum('publishing_due');
  const platform = sum('connector.publish');
  // preparing the image for each platform happened when the posts were approved (before the due time)
  const prepared = samples.filter((x) => x.start >= setupStart && x.start < perfAtDue - 5_000);
  const approvalPrepare = { jobs: prepared.filter((x) => x.name === 'publishing_prepare').length, jobMs: Math.round(prepared.filter((x) => x.name === 'publishing_prepare').reduce((t, x) => t + x.ms, 0)), rendered: prepared.filter((x) => x.name === 'media.prepare').length };
  const firstDueStart = Math.min(...inWindow.filter((s) => s.name === 'publishing_due').map((s) => s.start));
  const requests = (await control.requests({ limit: 5000 })).filter((r) => new Date(r.at).getTime() >= scheduledAt.getTime() - 1000 && r.platform !== 'control' && r.platform !== 'other');
  const fakeMs = requests.reduce((t, r) => t + r.ms, 0);
  const byPlatform = Object.fromEntries(PLATFORMS.map((p) => [p, { platformMsPerPublication: Math.round(sum('connector.publish', p) / (n / PLATFORMS.length)) }]));
  let inbox: Record<string, unknown> | null = null;
  if (tag) {
    await waitDrained(tag);
    const during = await inboxRate(tag, scheduledAt, lastAt);
    const all = await inboxRate(tag);
    const windowEnd = Math.min(lastAt.getTime(), new Date(all.last).getTime());
    const start = new Date(all.first).getTime();
    inbox = {
      events: INBOX_EVENTS,
      // events whose batch committed while publications were still going out, per second of that overlap
      eventsDuringFanOut: during.n,
      overlapSeconds: +((windowEnd - scheduledAt.getTime()) / 1000).toFixed(1),
      eventsPerSecondDuringFanOut: Math.round(during.n / ((windowEnd - scheduledAt.getTime()) / 1000)),
      drainSeconds: +((new Date(all.last).getTime() - scheduledAt.getTime()) / 1000).toFixed(1),
      eventsPerSecond: Math.round(INBOX_EVENTS / ((new Date(all.last).getTime() - scheduledAt.getTime()) / 1000)),
      firstBatchAfterDueMs: start - scheduledAt.getTime(),
    };
  }
  const profile = PROFILE
    ? {
        sendJobDbMsPerPublication: +(inWindow.filter((x) => x.name === 'publication_send').reduce((t, x) => t + (x.dbMs ?? 0), 0) / n).toFixed(2),
        sendJobQueriesPerPublication: +(inWindow.filter((x) => x.name === 'publication_send').reduce((t, x) => t + (x.queries ?? 0), 0) / n).toFixed(1),
        dueJobDbMsPerPublication: +(inWindow.filter((x) => x.name === 'publishing_due').reduce((t, x) => t + (x.dbMs ?? 0), 0) / n).toFixed(2),
        // graphile-worker's own statements in the window (fetching and completing the jobs of both runners; not inside any job)
        workerDbMsPerPublication: +([...statements].filter(([k]) => k.startsWith('worker:')).reduce((t, [, v]) => t + v.ms, 0) / n).toFixed(2),
        workerQueriesPerPublication: +([...statements].filter(([k]) => k.startsWith('worker:')).reduce((t, [, v]) => t + v.n, 0) / n).toFixed(1),
        dueJobQueriesPerPublication: +(inWindow.filter((x) => x.name === 'publishing_due').reduce((t, x) => t + (x.queries ?? 0), 0) / n).toFixed(1),
        statements: [...statements].filter(([k]) => !k.startsWith('inbound_process')).sort((a, b) => b[1].ms - a[1].ms).slice(0, 25).map(([k, v]) => ({ statement: k, n: v.n, msPerPublication: +(v.ms / n).toFixed(2), avgMs: +(v.ms / v.n).toFixed(2) })),
      }
    : null;
  return {
    publications: n,
    sent: rows.filter((r) => r.status === 'sent').length,
    failures,
    posts: Object.fromEntries(posts.rows.map((r) => [r.status, r.n])),
    setupSeconds: +setupSeconds.toFixed(1),
    dueJobStartDelayMs: Math.round(firstDueStart - perfAtDue),
    dueToFirstMs: after[0],
    dueToMedianMs: Math.round(median(after)),
    dueToLastMs: after.at(-1),
    laneBusyMsPerPublication: +(send / n).toFixed(1),
    platformMsPerPublication: +(platform / n).toFixed(1),
    dueJobMsPerPublication: +(due / n).toFixed(2),
    // part of the overhead: preparing the image for each platform (re-encoded once per platform, then reused)
    mediaPrepareMsPerPublication: +(sum('media.prepare') / n).toFixed(2),
    overheadMsPerPublication: +((send + due - platform) / n).toFixed(2),
    // the same without preparing images (content work, once per image and platform)
    engineOverheadMsPerPublication: +((send + due - platform - sum('media.prepare')) / n).toFixed(2),
    sendJobs: count('publication_send'),
    dueJobs: count('publishing_due'),
    approvalPrepare,
    fakeRequests: { count: requests.length, perPublication: +(requests.length / n).toFixed(2), msPerPublication: Math.round(fakeMs / n) },
    byPlatform,
    eventLoopDelayMs: loop,
    // CPU used from the due time to the last publication: this process (web + worker), the fakes, PostgreSQL
    cpuMs,
    ...(profile ? { profile } : {}),
    inbox,
  };
}

/** CPU time (ms) of the fakes' process and of all PostgreSQL processes, from /proc (Linux). */
function procCpuMs(): { fakes: number; postgres: number } {
  const tick = 10; // USER_HZ 100
  // utime + stime; for the postmaster also its reaped children's (backends that ended in between)
  const cpuOf = (pid: number, withChildren = false) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
      return (Number(parts[11]) + Number(parts[12]) + (withChildren ? Number(parts[13]) + Number(parts[14]) : 0)) * tick;
    } catch {
      return 0;
    }
  };
  let postgres = 0;
  for (const d of readdirSync('/proc')) {
    if (/^\d+$/.test(d) && isOurPostgres(Number(d))) postgres += cpuOf(Number(d), Number(d) === pgPid);
  }
  return { fakes: fakesProc.pid ? cpuOf(fakesProc.pid) : 0, postgres };
}
/** This benchmark's postmaster or one of its children (backends, WAL writer, …). */
function isOurPostgres(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return pid === pgPid || ppid === pgPid;
  } catch {
    return false;
  }
}

/**
 * The database's own latency on this machine at this moment, for reading the overhead: a round trip
 * (select 1) and a one-row update committed, each from 16 connections at once (the lane's concurrency).
 */
async function dbLatency(seconds = 3) {
  await pool.query(`create table if not exists bench_tick (id int primary key, n int)`);
  await pool.query(`insert into bench_tick select g, 0 from generate_series(1, 16) g on conflict do nothing`);
  const run = async (q: (i: number) => Promise<unknown>) => {
    let n = 0;
    const end = performance.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 16 }, async (_, i) => {
      while (performance.now() < end) {
        await q(i + 1);
        n++;
      }
    }));
    return +(((performance.now() - t0) * 16) / n).toFixed(2);
  };
  return { roundTripMs: await run(() => pool.query('select 1')), commitMs: await run((i) => pool.query('update bench_tick set n = n + 1 where id = $1', [i])) };
}

// Warm-up (language models, prepared statements), then the rounds.
let inboxOnly: Awaited<ReturnType<typeof inboxAlone>>;
let fanOutOnly: Awaited<ReturnType<typeof fanOut>>;
let fanOutWithInbox: Awaited<ReturnType<typeof fanOut>>;
let latency: Awaited<ReturnType<typeof dbLatency>>;
const single: Awaited<ReturnType<typeof fanOut>>[] = [];
try {
  // BENCH_ONLY=fanout: only the fan-out alone (quicker, while working on the engine)
  const only = process.env['BENCH_ONLY'];
  if (only !== 'fanout') await inboxAlone(2_000);
  inboxOnly = only === 'fanout' ? { events: 0, drainSeconds: 0, eventsPerSecond: 0, storedAt: '', lastProcessedAt: new Date(0) } : await inboxAlone(INBOX_EVENTS);
  // one post (one OPD × the channels) at a time, three times: the engine's overhead without a crowd
  for (let i = 0; i < 3; i++) single.push(await fanOut(false, 1));
  fanOutOnly = await fanOut(false);
  fanOutWithInbox = only === 'fanout' ? fanOutOnly : await fanOut(true);
  latency = await dbLatency();
} finally {
  await laneWorker.stop().catch(() => {});
  await mainWorker.stop().catch(() => {});
  await web.stop().catch(() => {});
  fakesProc.kill('SIGTERM');
  await db.close();
}

process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'publishing-fanout',
      machine: machine(),
      loadAverage: (await import('node:os')).loadavg().map((x) => +x.toFixed(1)),
      database: 'embedded PostgreSQL 18 (fsync on)',
      shape: { opds: OPDS, channelsPerOpd: PLATFORMS.length, platforms: PLATFORMS, publications: OPDS * PLATFORMS.length, fakeLatencyMs: LATENCY, publishConcurrency: config.PUBLISH_CONCURRENCY, workerConcurrency: config.WORKER_CONCURRENCY },
      // the database at the same moment, 16 connections: per round trip, per committed one-row update
      databaseLatencyMs: latency,
      inboxAlone: inboxOnly,
      onePostAtATime: {
        posts: single.length,
        publicationsEach: PLATFORMS.length,
        overheadMsPerPublication: single.map((r) => r.overheadMsPerPublication),
        medianOverheadMsPerPublication: median(single.map((r) => r.overheadMsPerPublication)),
        engineOverheadMsPerPublication: single.map((r) => r.engineOverheadMsPerPublication),
        medianEngineOverheadMsPerPublication: median(single.map((r) => r.engineOverheadMsPerPublication)),
        dueToLastMs: single.map((r) => r.dueToLastMs),
      },
      fanOutAlone: fanOutOnly,
      fanOutWithInbox,
      inboxDuringFanOutVsAlone: fanOutWithInbox.inbox ? +(Number(fanOutWithInbox.inbox['eventsPerSecondDuringFanOut']) / inboxOnly.eventsPerSecond).toFixed(2) : null,
      target: { overheadMsPerPublication: 10 },
    },
    null,
    2,
  )}\n`,
);
process.exit(0);
