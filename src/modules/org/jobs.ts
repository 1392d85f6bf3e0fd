import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { defineJob, type CronEntry, type JobDefinition } from '../../platform/jobs/index.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import * as q from './queries.ts';

// Background work of the org module: sending mail, cleaning expired sessions and throttle rows.

export function orgJobs(deps: { db: Db; mailer: () => Mailer }): JobDefinition[] {
  return [
    defineJob({
      name: 'mail_send',
      schema: z.object({ to: z.string(), subject: z.string(), text: z.string(), messageId: z.string().optional() }),
      maxAttempts: 10,
      async handler(payload) {
        await deps.mailer().send(payload);
      },
    }),
    defineJob({
      name: 'org_cleanup',
      schema: z.object({}).passthrough(),
      async handler(_payload, ctx) {
        const sessions = await q.deleteExpiredSessions(deps.db);
        await q.deleteOldFailures(deps.db);
        ctx.logger.info({ sessions }, 'expired sessions removed');
      },
    }),
  ];
}

export const orgCron: CronEntry[] = [{ pattern: '17 * * * *', job: 'org_cleanup' }];
