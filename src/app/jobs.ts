import type pg from 'pg';
import type { Db } from '../platform/db/index.ts';
import type { CronEntry, JobDefinition } from '../platform/jobs/index.ts';
import type { Mailer } from '../platform/mail/index.ts';
import { orgCron, orgJobs } from '../modules/org/index.ts';
import { channelsCron, channelsJobs, type ChannelsDeps } from '../modules/channels/index.ts';

// Every module's jobs and schedules, registered with the worker in one place.
export function allJobs(deps: { db: Db; pool: pg.Pool; mailer: () => Mailer; channels: ChannelsDeps }): { jobs: JobDefinition[]; cron: CronEntry[] } {
  return {
    jobs: [...orgJobs(deps), ...channelsJobs({ pool: deps.pool, consumer: null, channels: deps.channels })],
    cron: [...orgCron, ...channelsCron],
  };
}
