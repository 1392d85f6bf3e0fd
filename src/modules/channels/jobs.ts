import { z } from 'zod';
import type pg from 'pg';
import { defineJob, enqueue, type CronEntry, type JobDefinition } from '../../platform/jobs/index.ts';
import { accountsForHealthCheck } from './queries.ts';
import { checkAccountHealth, type ChannelsDeps } from './service.ts';

// Inbound events are handed to `inbound_process`, which passes batches of pending events to the
// consumer (the inbox module, when it lands). Without a consumer they stay pending, visible as raw
// events on the channels page. `inbound_sweep` re-wakes processing every minute so that nothing
// stays pending because a wake-up was lost in a crash.

export interface PendingEvent {
  id: string;
  platform: string;
  kind: string;
  accountId: string | null;
  orgId: string | null;
  externalAccountId: string | null;
  occurredAt: Date | null;
  receivedAt: Date;
  payload: unknown;
  unknown: boolean;
}

/** Handles a batch and returns the ids it finished (processed or deliberately ignored). */
export type InboundConsumer = (events: PendingEvent[]) => Promise<void>;

export function channelsJobs(deps: { pool: pg.Pool; consumer: InboundConsumer | null; batchSize?: number; channels: ChannelsDeps }): JobDefinition[] {
  return [
    // Daily: one job per account, so one slow platform does not hold up the others.
    defineJob({
      name: 'channels_token_health',
      schema: z.object({}).passthrough(),
      async handler() {
        for (const a of await accountsForHealthCheck(deps.channels.db)) {
          await enqueue(deps.channels.db, 'channels_check_account', { accountId: a.id }, { jobKey: `channels_check_account:${a.id}`, maxAttempts: 3 });
        }
      },
    }),
    defineJob({
      name: 'channels_check_account',
      schema: z.object({ accountId: z.uuid() }),
      async handler(p, ctx) {
        const status = await checkAccountHealth(deps.channels, p.accountId);
        ctx.logger.info({ accountId: p.accountId, status }, 'token health checked');
      },
    }),
    defineJob({
      name: 'inbound_process',
      schema: z.object({}).passthrough(),
      async handler() {
        if (!deps.consumer) return;
        for (;;) {
          const { rows } = await deps.pool.query<{
            id: string; platform: string; kind: string; account_id: string | null; org_id: string | null; external_account_id: string | null;
            occurred_at: Date | null; received_at: Date; payload: unknown; unknown: boolean;
          }>(`select id, platform, kind, account_id, org_id, external_account_id, occurred_at, received_at, payload, unknown
                from inbound_event where status = 'pending' order by id limit $1`, [deps.batchSize ?? 500]);
          if (!rows.length) return;
          await deps.consumer(
            rows.map((r) => ({
              id: r.id, platform: r.platform, kind: r.kind, accountId: r.account_id, orgId: r.org_id, externalAccountId: r.external_account_id,
              occurredAt: r.occurred_at, receivedAt: r.received_at, payload: r.payload, unknown: r.unknown,
            })),
          );
          if (rows.length < (deps.batchSize ?? 500)) return;
        }
      },
    }),
    defineJob({
      name: 'inbound_sweep',
      schema: z.object({}).passthrough(),
      async handler() {
        if (!deps.consumer) return;
        await deps.pool.query(
          `select graphile_worker.add_job('inbound_process', '{}'::json, job_key => 'inbound_process', job_key_mode => 'preserve_run_at')
            where exists (select 1 from inbound_event where status = 'pending')`,
        );
      },
    }),
  ];
}

// Token health at 01:00 WIB (18:00 UTC).
export const channelsCron: CronEntry[] = [
  { pattern: '* * * * *', job: 'inbound_sweep' },
  { pattern: '0 18 * * *', job: 'channels_token_health' },
];
