import type { Db } from '../platform/db/index.ts';
import type { CronEntry, JobDefinition } from '../platform/jobs/index.ts';
import type { Mailer } from '../platform/mail/index.ts';
import { orgCron, orgJobs } from '../modules/org/index.ts';

// Every module's jobs and schedules, registered with the worker in one place.
export function allJobs(deps: { db: Db; mailer: () => Mailer }): { jobs: JobDefinition[]; cron: CronEntry[] } {
  return {
    jobs: [...orgJobs(deps)],
    cron: [...orgCron],
  };
}
