import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Logger as GraphileLogger, run, runMigrations, type Runner, type Task, type TaskList, type WorkerEvents } from 'graphile-worker';
import { sql } from 'kysely';
import type pg from 'pg';
import type { z } from 'zod';
import type { DbOrTx } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import { jobsProcessed } from '../metrics.ts';

// Jobs are definitions: a name, a payload schema and an idempotent handler. graphile-worker
// runs them from the same PostgreSQL. Enqueue with the transaction that wrote the data,
// so both commit or neither does. A job may run twice; its effect must not happen twice.

export interface JobContext {
  logger: Logger;
  jobId: string;
  attempt: number;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  maxAttempts?: number;
  handler(payload: z.infer<S>, ctx: JobContext): Promise<void>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export interface CronEntry {
  /** crontab pattern in UTC, e.g. "0 1 * * *" */
  pattern: string;
  job: string;
  /** Identifier kept by graphile-worker to avoid double scheduling and to backfill. */
  identifier?: string;
}

export interface EnqueueOptions {
  /** Replaces an existing pending job with the same key (debounce / dedupe). */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  queueName?: string;
  priority?: number;
}

export async function enqueue(db: DbOrTx, name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<void> {
  await sql`select graphile_worker.add_job(
    ${name},
    ${JSON.stringify(payload ?? {})}::json,
    queue_name => ${opts.queueName ?? null}::text,
    run_at => ${opts.runAt ?? null}::timestamptz,
    max_attempts => ${opts.maxAttempts ?? null}::int,
    job_key => ${opts.jobKey ?? null}::text,
    priority => ${opts.priority ?? null}::int
  )`.execute(db);
}

export interface JobSpec extends EnqueueOptions {
  name: string;
  payload: unknown;
}

/** Several jobs in one statement (graphile_worker.add_jobs), in the caller's transaction. */
export async function enqueueMany(db: DbOrTx, jobs: readonly JobSpec[]): Promise<void> {
  if (!jobs.length) return;
  const specs = jobs.map((j) => ({
    identifier: j.name,
    payload: j.payload ?? {},
    queue_name: j.queueName ?? null,
    run_at: j.runAt?.toISOString() ?? null,
    max_attempts: j.maxAttempts ?? null,
    job_key: j.jobKey ?? null,
    priority: j.priority ?? null,
    flags: null,
  }));
  await sql`select count(*) from graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs)}::json)), false)`.execute(db);
}

export async function migrateJobs(pool: pg.Pool): Promise<void> {
  await runMigrations({ pgPool: pool, logger: quietLogger() });
}

function quietLogger(logger?: Logger): GraphileLogger {
  return new GraphileLogger(() => (level, message, meta) => {
    if (!logger) return;
    const lvl = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    logger[lvl]({ worker: meta }, message);
  });
}

export interface WorkerHandle {
  stop(): Promise<void>;
}

export async function startWorker(opts: {
  pool: pg.Pool;
  jobs: JobDefinition[];
  cron?: CronEntry[];
  concurrency: number;
  logger: Logger;
  heartbeatSeconds?: number;
}): Promise<WorkerHandle> {
  const taskList: TaskList = {};
  for (const def of opts.jobs) {
    const task: Task = async (payload, helpers) => {
      const parsed = def.schema.safeParse(payload);
      const log = opts.logger.child({ job: def.name, jobId: helpers.job.id });
      if (!parsed.success) {
        // A payload that can never be valid is dropped, not retried forever.
        log.error({ issues: parsed.error.issues }, 'job payload invalid; dropped');
        jobsProcessed.inc({ task: def.name, outcome: 'invalid' });
        return;
      }
      try {
        await def.handler(parsed.data, { logger: log, jobId: helpers.job.id, attempt: helpers.job.attempts });
        jobsProcessed.inc({ task: def.name, outcome: 'ok' });
      } catch (err) {
        jobsProcessed.inc({ task: def.name, outcome: 'error' });
        log.warn({ err }, 'job failed; will retry');
        throw err;
      }
    };
    taskList[def.name] = task;
  }
  const crontab = (opts.cron ?? [])
    .map((c) => `${c.pattern} ${c.job} ?id=${c.identifier ?? c.job}&fill=1h`)
    .join('\n');
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  const liveness = new Liveness(opts.pool, opts.logger, opts.heartbeatSeconds ?? 10);
  // Jobs are locked under the pool's id (batched fetching) or a worker's id: record both.
  events.on('pool:create', ({ workerPool }) => liveness.addWorker(workerPool.id));
  events.on('worker:create', ({ worker }) => liveness.addWorker(worker.workerId));
  // Free jobs held by workers of processes that died, before this one starts taking jobs.
  await liveness.register();
  await liveness.sweep();
  const runner: Runner = await run({
    pgPool: opts.pool,
    taskList,
    concurrency: opts.concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    crontab,
    events,
    logger: quietLogger(opts.logger),
  });
  liveness.start();
  return {
    async stop() {
      await runner.stop();
      await liveness.stop();
    },
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Heartbeats for this process's workers, and a sweeper that unlocks jobs of dead ones. */
class Liveness {
  private readonly id = randomUUID();
  private readonly host = hostname();
  private readonly workerIds = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly pool: pg.Pool;
  private readonly logger: Logger;
  private readonly heartbeatSeconds: number;

  constructor(pool: pg.Pool, logger: Logger, heartbeatSeconds: number) {
    this.pool = pool;
    this.logger = logger;
    this.heartbeatSeconds = heartbeatSeconds;
  }

  addWorker(workerId: string): void {
    this.workerIds.add(workerId);
    void this.beat();
  }

  async register(): Promise<void> {
    await this.pool.query('insert into worker_process (id, host, pid) values ($1, $2, $3)', [this.id, this.host, process.pid]);
  }

  async beat(): Promise<void> {
    await this.pool
      .query('update worker_process set last_seen_at = now(), worker_ids = $2 where id = $1', [this.id, [...this.workerIds]])
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'worker heartbeat failed'));
  }

  async sweep(): Promise<void> {
    const { rows } = await this.pool.query<{ id: string; host: string; pid: number; worker_ids: string[]; stale: boolean }>(
      `select id, host, pid, worker_ids, last_seen_at < now() - make_interval(secs => $2) as stale
         from worker_process where id <> $1`,
      [this.id, this.heartbeatSeconds * 3],
    );
    const dead = rows.filter((r) => r.stale || (r.host === this.host && !pidAlive(r.pid)));
    if (!dead.length) return;
    const workerIds = dead.flatMap((r) => r.worker_ids);
    if (workerIds.length) await this.pool.query('select graphile_worker.force_unlock_workers($1::text[])', [workerIds]);
    await this.pool.query('delete from worker_process where id = any($1)', [dead.map((r) => r.id)]);
    this.logger.warn({ processes: dead.map((r) => `${r.host}:${r.pid}`), workerIds }, 'unlocked jobs of dead worker processes');
  }

  start(): void {
    this.timer = setInterval(() => {
      void this.beat().then(() => this.sweep()).catch((err: Error) => this.logger.warn({ err: err.message }, 'worker sweep failed'));
    }, this.heartbeatSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pool.query('delete from worker_process where id = $1', [this.id]).catch(() => {});
  }
}
