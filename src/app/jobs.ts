import type pg from 'pg';
import type { Db } from '../platform/db/index.ts';
import type { CronEntry, JobDefinition } from '../platform/jobs/index.ts';
import type { Mailer } from '../platform/mail/index.ts';
import { orgCron, orgJobs } from '../modules/org/index.ts';
import { channelsCron, channelsJobs, outboundJobs, type ChannelsDeps } from '../modules/channels/index.ts';
import { createInboxConsumer, moderationJobs } from '../modules/inbox/index.ts';
import { casesCron, casesJobs, citizenLoopCron, citizenLoopJobs } from '../modules/cases/index.ts';
import type { Logger } from '../platform/logger.ts';

// Every module's jobs and schedules, registered with the worker in one place.
export function allJobs(deps: { db: Db; pool: pg.Pool; mailer: () => Mailer; channels: ChannelsDeps; logger: Logger }): { jobs: JobDefinition[]; cron: CronEntry[] } {
  return {
    jobs: [...orgJobs(deps), ...channelsJobs({ pool: deps.pool, consumer: createInboxConsumer({ db: deps.db, logger: deps.logger }), channels: deps.channels }), ...outboundJobs(deps.channels), ...moderationJobs(deps.channels), ...casesJobs({ db: deps.db, publicUrl: deps.channels.publicUrl }), ...citizenLoopJobs({ db: deps.db, publicUrl: deps.channels.publicUrl })],
    cron: [...orgCron, ...channelsCron, ...casesCron, ...citizenLoopCron],
  };
}
