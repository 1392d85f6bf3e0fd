import { z } from 'zod';
import type pg from 'pg';
import { defineJob, enqueue, type CronEntry, type JobDefinition } from '../../platform/jobs/index.ts';
import { ConnectorError } from './connectors/types.ts';
import { Intake } from './intake.ts';
import { accountsForHealthCheck, updateAccount } from './queries.ts';
import { accountForWork, checkAccountHealth, markRevokedByPlatform, type ChannelsDeps } from './service.ts';

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
          // Events about the account itself are the channels module's own (TikTok has no inbox).
          const own = rows.filter((r) => r.platform === 'tiktok');
          for (const r of own) {
            if (r.kind === 'authorization.removed' && r.account_id) await markRevokedByPlatform(deps.channels, r.account_id, 'Akses dicabut oleh pemilik akun di TikTok');
          }
          if (own.length) await deps.pool.query(`update inbound_event set status = 'processed', processed_at = now() where id = any($1::bigint[])`, [own.map((r) => r.id)]);
          const rest = rows.filter((r) => r.platform !== 'tiktok');
          if (rest.length) await deps.consumer(
            rest.map((r) => ({
              id: r.id, platform: r.platform, kind: r.kind, accountId: r.account_id, orgId: r.org_id, externalAccountId: r.external_account_id,
              occurredAt: r.occurred_at, receivedAt: r.received_at, payload: r.payload, unknown: r.unknown,
            })),
          );
          if (rows.length < (deps.batchSize ?? 500)) return;
        }
      },
    }),
    // Platforms without webhooks for what Dayung needs (YouTube comments; X mentions when no
    // webhook is registered) are polled with a stored cursor, at most once per interval per account.
    defineJob({
      name: 'channels_poll_due',
      schema: z.object({}).passthrough(),
      async handler() {
        const { rows } = await deps.pool.query<{ id: string }>(
          `select a.id from channel_account a
             left join poll_cursor c on c.account_id = a.id and c.kind = 'inbound'
            where a.status in ('active', 'expiring')
              and (a.platform = 'youtube' or (a.platform = 'x' and coalesce((a.extra->>'webhook')::boolean, false) = false))
              and coalesce(c.next_poll_at, now()) <= now()`,
        );
        for (const r of rows) await enqueue(deps.channels.db, 'channels_poll', { accountId: r.id }, { jobKey: `channels_poll:${r.id}`, maxAttempts: 1 });
      },
    }),
    defineJob({
      name: 'channels_poll',
      schema: z.object({ accountId: z.uuid() }),
      async handler(p, ctx) {
        const { row, ctx: cctx, connector } = await accountForWork(deps.channels, p.accountId);
        if (!connector.poll) return;
        const cur = await deps.pool.query<{ cursor: string | null }>(`select cursor from poll_cursor where account_id = $1 and kind = 'inbound'`, [row.id]);
        let nextPollSec = POLL_INTERVAL_SEC[row.platform] ?? 300;
        try {
          const result = await connector.poll(cctx, cur.rows[0]?.cursor ?? null);
          const intake = new Intake(deps.pool);
          await intake.submit(result.events.map((event) => ({ platform: row.platform === 'x' ? 'x' : 'youtube', event })));
          await intake.drain();
          await deps.pool.query(
            `insert into poll_cursor (account_id, kind, cursor, polled_at, next_poll_at) values ($1, 'inbound', $2, now(), now() + make_interval(secs => $3))
             on conflict (account_id, kind) do update set cursor = excluded.cursor, polled_at = now(), next_poll_at = excluded.next_poll_at`,
            [row.id, result.cursor, nextPollSec],
          );
          await updateAccount(deps.channels.db, row.id, { last_sync_at: new Date() });
          ctx.logger.info({ accountId: row.id, events: result.events.length }, 'polled');
        } catch (err) {
          if (err instanceof ConnectorError && err.kind === 'rate_limited') nextPollSec = Math.max(nextPollSec, Math.ceil((err.retryAfterMs ?? 900_000) / 1000));
          await deps.pool.query(
            `insert into poll_cursor (account_id, kind, next_poll_at) values ($1, 'inbound', now() + make_interval(secs => $2))
             on conflict (account_id, kind) do update set next_poll_at = excluded.next_poll_at`,
            [row.id, nextPollSec],
          );
          await updateAccount(deps.channels.db, row.id, { last_error: `Gagal mengambil komentar: ${(err as Error).message}`, last_error_at: new Date() });
          if (err instanceof ConnectorError && err.kind === 'auth') await checkAccountHealth(deps.channels, row.id);
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
/** Seconds between polls: YouTube's 10,000 units/day allow one list call per channel every ~2 min for ~50 channels. */
const POLL_INTERVAL_SEC: Partial<Record<string, number>> = { youtube: 300, x: 120 };

export const channelsCron: CronEntry[] = [
  { pattern: '* * * * *', job: 'inbound_sweep' },
  { pattern: '* * * * *', job: 'channels_poll_due' },
  { pattern: '0 18 * * *', job: 'channels_token_health' },
];
