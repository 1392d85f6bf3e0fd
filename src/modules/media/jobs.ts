import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { defineJob, type CronEntry, type JobDefinition } from '../../platform/jobs/index.ts';
import * as q from './queries.ts';

// media_cleanup: uploads a crashed or killed process left half-written ('pending' for 6 hours: a
// 2 GB video over a slow line is still arriving well within that), and complete uploads nobody
// claimed ('held' for 1 hour: a citizen's photos whose case was never created). Batches of 100.

export const PENDING_TTL_MS = 6 * 3600_000;
export const HELD_TTL_MS = 3600_000;

export async function sweepMedia(db: Db, opts: { pendingTtlMs?: number; heldTtlMs?: number } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await q.sweepUnfinished(db, opts.pendingTtlMs ?? PENDING_TTL_MS, opts.heldTtlMs ?? HELD_TTL_MS, 100);
    total += n;
    if (n < 100) return total;
  }
}

export function mediaJobs(deps: { db: Db }): JobDefinition[] {
  return [
    defineJob({
      name: 'media_cleanup',
      schema: z.object({}).passthrough(),
      async handler(_p, ctx) {
        const removed = await sweepMedia(deps.db);
        if (removed) ctx.logger.info({ removed }, 'media cleanup');
      },
    }),
  ];
}

export const mediaCron: CronEntry[] = [{ pattern: '*/15 * * * *', job: 'media_cleanup' }];
