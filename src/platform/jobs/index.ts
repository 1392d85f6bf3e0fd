import { Logger as GraphileLogger, run, runMigrations, type Runner, type Task, type TaskList } from 'graphile-worker';
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
  const runner: Runner = await run({
    pgPool: opts.pool,
    taskList,
    concurrency: opts.concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    crontab,
    logger: quietLogger(opts.logger),
  });
  return {
    async stop() {
      await runner.stop();
    },
  };
}
