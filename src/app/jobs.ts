import type pg from 'pg';
import type { Db } from '../platform/db/index.ts';
import type { CronEntry, JobDefinition } from '../platform/jobs/index.ts';
import type { Mailer } from '../platform/mail/index.ts';
import { orgCron, orgJobs } from '../modules/org/index.ts';
import { channelsCron, channelsJobs, downloadInboundMedia, outboundJobs, type ChannelsDeps } from '../modules/channels/index.ts';
import { createInboxConsumer, moderationJobs } from '../modules/inbox/index.ts';
import { casesCron, casesJobs, citizenLoopCron, citizenLoopJobs } from '../modules/cases/index.ts';
import { campaignCron, campaignJobs, publishingCron, publishingJobs, publishingLaneJobs, type MediaPort } from '../modules/publishing/index.ts';
import { mediaCron, mediaJobs, type MediaDeps } from '../modules/media/index.ts';
import type { Logger } from '../platform/logger.ts';

// Every module's jobs and schedules, registered with the worker in one place. `lane` holds the
// publishing lane's jobs: a second runner with its own concurrency (PUBLISH_CONCURRENCY) runs them,
// so a campaign's fan-out never occupies the slots inbox and case work needs.
export function allJobs(deps: { db: Db; pool: pg.Pool; mailer: () => Mailer; channels: ChannelsDeps; logger: Logger; media?: MediaPort | undefined; mediaStore?: MediaDeps | undefined }): { jobs: JobDefinition[]; cron: CronEntry[]; lane: JobDefinition[] } {
  const engine = { db: deps.db, channels: deps.channels, media: deps.media };
  return {
    lane: publishingLaneJobs(engine),
    jobs: [...orgJobs(deps), ...channelsJobs({ pool: deps.pool, consumer: createInboxConsumer({ db: deps.db, logger: deps.logger }), channels: deps.channels }), ...outboundJobs(deps.channels), ...moderationJobs(deps.channels), ...casesJobs({ db: deps.db, publicUrl: deps.channels.publicUrl, mediaFetch: deps.mediaStore ? { media: deps.mediaStore, fetchMedia: (accountId, ref, maxBytes) => downloadInboundMedia(deps.channels, accountId, ref, maxBytes) } : undefined }), ...citizenLoopJobs({ db: deps.db, publicUrl: deps.channels.publicUrl }), ...mediaJobs({ db: deps.db }), ...publishingJobs(engine), ...campaignJobs({ db: deps.db })],
    cron: [...orgCron, ...channelsCron, ...casesCron, ...citizenLoopCron, ...mediaCron, ...publishingCron, ...campaignCron],
  };
}
