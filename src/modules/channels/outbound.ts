import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { OutboundTable } from '../../platform/db/schema.ts';
import { defineJob, enqueue, type JobContext, type JobDefinition } from '../../platform/jobs/index.ts';
import { backoffDelay, DEFAULT_RETRY } from './connectors/http.ts';
import { ConnectorError, type PublishInput, type ReplyTarget } from './connectors/types.ts';
import { accountForWork, accountRowFromJson, checkAccountHealth, PLATFORM_NAME, workOn, type ChannelsDeps } from './service.ts';

// The never-twice path for everything Dayung sends to a platform. A row with its idempotency key is
// committed before the platform is called; `sending` is committed before the call too, so a worker
// that dies mid-call leaves a row that the next attempt recognises and reconciles instead of
// sending again (a publication is looked up on the platform, and sent only when the platform proves
// it is not there). Replies and publications use it.

export interface OutboundReply {
  purpose: 'reply_public' | 'reply_private';
  orgId: string;
  accountId: string;
  interactionId: string;
  idempotencyKey: string;
  text: string;
  target: ReplyTarget;
  template?: { name: string; language: string; parameters: string[] } | undefined;
  requestedBy: string | null;
}

export const sha16 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** Queues a reply in the caller's transaction; a repeated key returns the existing row. */
export async function queueReply(tx: DbOrTx, r: OutboundReply): Promise<{ id: string; created: boolean }> {
  const payload = { text: r.text, target: { ...r.target, lastInboundAt: r.target.lastInboundAt?.toISOString() ?? null }, template: r.template ?? null };
  const inserted = await tx
    .insertInto('outbound')
    .values({ org_id: r.orgId, account_id: r.accountId, purpose: r.purpose, interaction_id: r.interactionId, idempotency_key: r.idempotencyKey, payload: JSON.stringify(payload), requested_by: r.requestedBy })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await tx.selectFrom('outbound').select('id').where('idempotency_key', '=', r.idempotencyKey).executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }
  await enqueue(tx, 'outbound_send', { id: inserted.id }, { jobKey: `outbound:${inserted.id}`, maxAttempts: 25 });
  return { id: inserted.id, created: true };
}

interface StoredPayload {
  text: string;
  target: Omit<ReplyTarget, 'lastInboundAt'> & { lastInboundAt: string | null };
  template: { name: string; language: string; parameters: string[] } | null;
  publish?: PublishInput;
}

const MAX_TRANSIENT_ATTEMPTS = 6;

/**
 * App-wide rate limits seen by this process, per platform: until when every account of the platform
 * waits. The first send that meets the app's own limit (ConnectorError.appWide) records it; the
 * others wait without calling the platform (each call would only earn another refusal and, on some
 * platforms, a longer block). Kept in the process: another worker process learns it from its own first
 * refusal.
 */
const appPauses = new Map<string, number>();
const APP_PAUSED = 'Batas aplikasi {platform} untuk semua akun sedang berlaku; dikirim otomatis setelah batas dipulihkan.';

/**
 * A publication found mid-send after a crash and not on the platform is looked up once more this
 * long after the first look before it is sent: a request of the dead attempt that the platform was
 * still processing has landed by then (the first look happens after that attempt ended).
 */
export const RECONCILE_SETTLE_MS = 30_000;

export type OutcomePatch = { status: 'sent' | 'failed' | 'ambiguous' | 'queued'; external_id?: string | null; permalink?: string | null; error?: string | null; error_kind?: string | null };

export interface SendOptions {
  /** The job that sends this row again after a wait (replies: outbound_send; publications: their own lane). */
  retryJob?: { name: string; payload: unknown; queueName?: string | undefined } | undefined;
  /**
   * Records an outcome. By default the outbound row's update alone; a publication runs `write` in its
   * own transaction together with the publication's outcome, so both commit at once (one commit).
   */
  record?: ((write: (db: DbOrTx) => Promise<void>) => Promise<void>) | undefined;
}

/** The outbound row's outcome: sent (with the platform's id), queued again, failed or ambiguous. */
function writeOutcome(db: DbOrTx, id: string, patch: OutcomePatch): Promise<void> {
  return db
    .updateTable('outbound')
    .set({ ...patch, ...(patch.status === 'sent' ? { sent_at: sql`now()` } : {}), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute()
    .then(() => undefined);
}

type ClaimedRow = Selectable<OutboundTable> & { account: Record<string, unknown> | null };

/**
 * The claim: queued → sending, committed before the platform call, and the account the row is sent
 * from, in one statement. Returns the row as it was before the claim, or nothing when it was not queued.
 */
async function claim(db: DbOrTx, id: string): Promise<ClaimedRow | undefined> {
  const { rows } = await sql<ClaimedRow>`
    with c as (
      update outbound set status = 'sending', sending_at = now(), attempts = attempts + 1, updated_at = now()
       where id = ${id} and status = 'queued'
      returning *
    )
    select c.*, to_jsonb(a) as account from c left join channel_account a on a.id = c.account_id`.execute(db);
  const row = rows[0];
  return row ? { ...row, attempts: row.attempts - 1 } : undefined;
}

/**
 * Sends one outbound row, at most once: claim (queued → sending, committed), call the platform,
 * record the answer. A row found in `sending` is reconciled (publications: looked up on the
 * platform) and never blindly re-sent. Waits (rate limits, transient errors) re-enqueue the job.
 */
export async function sendOutbound(channels: ChannelsDeps, id: string, ctx: { logger: JobContext['logger'] }, opts: SendOptions = {}): Promise<void> {
  const db = channels.db;
  const finish = (id: string, patch: OutcomePatch) => (opts.record ? opts.record((x) => writeOutcome(x, id, patch)) : writeOutcome(db, id, patch));
  const retry = opts.retryJob ?? { name: 'outbound_send', payload: { id } };
  // Claim: queued → sending, committed before the platform call, read with its account (one
  // statement). Not queued: a row left `sending` is reconciled, others are done.
  const taken = await claim(db, id);
  let claimed: { row: Selectable<OutboundTable>; account: Record<string, unknown> | null; reconcile: boolean } | null = taken ? { row: taken, account: taken.account, reconcile: false } : null;
  if (!claimed) {
    const row = await db.selectFrom('outbound').selectAll().where('id', '=', id).executeTakeFirst();
    if (row?.status === 'sending') claimed = { row, account: null, reconcile: true };
  }
  if (!claimed) return;
  const { row } = claimed;
  const p = row.payload as StoredPayload;
  if (claimed.reconcile) {
    // The previous attempt died between claiming and recording the answer: the message may be out.
    if (row.purpose === 'publish' && p.publish) {
      const { ctx: cctx, connector } = await accountForWork(channels, row.account_id);
      const found = await connector.findPublished(cctx, p.publish, new Date(row.sending_at ?? row.created_at));
      if (found) return void (await finish(id, { status: 'sent', external_id: found.externalId, permalink: found.permalink }));
      if (connector.lookupIsComplete?.(p.publish)) {
        // Not on a platform that would list it: the attempt died before the post was created (e.g.
        // while uploading its media). Look once more after the settling delay, then send it.
        // (the first look is recorded as error_kind 'not_found' at updated_at, both on the database's clock)
        const settled = row.error_kind === 'not_found' && (await sql<{ ok: boolean }>`select ${row.updated_at}::timestamptz <= now() - make_interval(secs => ${RECONCILE_SETTLE_MS / 1000}) as ok`.execute(db)).rows[0]?.ok === true;
        if (!settled) {
          if (row.error_kind !== 'not_found') await db.updateTable('outbound').set({ error: 'Pengiriman terputus dan belum ada di platform; diperiksa sekali lagi sebelum dikirim.', error_kind: 'not_found', updated_at: sql`now()` }).where('id', '=', id).where('status', '=', 'sending').execute();
          const wait = row.error_kind === 'not_found' ? Math.max(1000, RECONCILE_SETTLE_MS - (Date.now() - new Date(row.updated_at).getTime())) : RECONCILE_SETTLE_MS;
          await enqueue(db, retry.name, retry.payload, { jobKey: `outbound:${id}`, runAt: new Date(Date.now() + wait), maxAttempts: 25, queueName: retry.queueName });
          return;
        }
        ctx.logger.warn({ id }, 'outbound found mid-send after a crash and not on the platform twice: sent');
        const back = await db.updateTable('outbound').set({ status: 'queued', error: null, error_kind: null, updated_at: sql`now()` }).where('id', '=', id).where('status', '=', 'sending').executeTakeFirst();
        if (Number(back.numUpdatedRows) === 1) return sendOutbound(channels, id, ctx, opts);
        return;
      }
    }
    ctx.logger.warn({ id }, 'outbound found mid-send after a crash: marked ambiguous, not resent');
    return void (await finish(id, { status: 'ambiguous', error: 'Pengiriman terputus; periksa di platform sebelum mengirim ulang.', error_kind: 'ambiguous' }));
  }
  let platform: string | null = null;
  try {
    const { row: acc, ctx: cctx, connector } = claimed.account ? workOn(channels, accountRowFromJson(claimed.account)) : await accountForWork(channels, row.account_id);
    platform = acc.platform;
    const pausedUntil = appPauses.get(acc.platform) ?? 0;
    if (pausedUntil > Date.now()) throw new ConnectorError('rate_limited', acc.platform, APP_PAUSED.replace('{platform}', PLATFORM_NAME[acc.platform]), { retryAfterMs: pausedUntil - Date.now() });
    const target: ReplyTarget = { ...p.target, lastInboundAt: p.target.lastInboundAt ? new Date(p.target.lastInboundAt) : undefined };
    const input = { target, text: p.text, ...(p.template ? { template: p.template } : {}) };
    const result =
      row.purpose === 'reply_public'
        ? await connector.replyPublic(cctx, input)
        : row.purpose === 'reply_private'
          ? await connector.replyPrivate(cctx, input)
          : await connector.publish(cctx, p.publish!);
    await finish(id, { status: 'sent', external_id: result.externalId, permalink: 'permalink' in result ? (result.permalink as string | null) : null, error: null, error_kind: null });
  } catch (err) {
    const e = err instanceof ConnectorError ? err : null;
    const message = (err as Error).message;
    if (e?.kind === 'rate_limited' || (e?.kind === 'transient' && row.attempts + 1 < MAX_TRANSIENT_ATTEMPTS)) {
      const wait = e.kind === 'rate_limited' ? (e.retryAfterMs ?? 60_000) : Math.max(1000, backoffDelay(row.attempts, { ...DEFAULT_RETRY, maxDelayMs: 300_000 }));
      if (e.kind === 'rate_limited' && e.appWide && platform) appPauses.set(platform, Math.max(appPauses.get(platform) ?? 0, Date.now() + wait));
      await finish(id, { status: 'queued', error: message, error_kind: e.kind });
      await enqueue(db, retry.name, retry.payload, { jobKey: `outbound:${id}`, runAt: new Date(Date.now() + wait), maxAttempts: 25, queueName: retry.queueName });
      return;
    }
    if (e?.kind === 'ambiguous') return void (await finish(id, { status: 'ambiguous', error: message, error_kind: 'ambiguous' }));
    await finish(id, { status: 'failed', error: message, error_kind: e?.kind ?? 'error' });
    if (e?.kind === 'auth') await checkAccountHealth(channels, row.account_id);
  }
}

export function outboundJobs(channels: ChannelsDeps): JobDefinition[] {
  return [
    defineJob({
      name: 'outbound_send',
      schema: z.object({ id: z.uuid() }),
      maxAttempts: 25,
      handler: ({ id }, ctx) => sendOutbound(channels, id, ctx),
    }),
  ];
}

export function outboundOf(db: DbOrTx, interactionIds: string[]) {
  if (!interactionIds.length) return Promise.resolve([]);
  return db
    .selectFrom('outbound as ob')
    .leftJoin('app_user as u', 'u.id', 'ob.requested_by')
    .select(['ob.id', 'ob.interaction_id', 'ob.purpose', 'ob.payload', 'ob.status', 'ob.error', 'ob.error_kind', 'ob.external_id', 'ob.created_at', 'ob.sent_at', 'u.name as requested_by_name'])
    .where('ob.interaction_id', 'in', interactionIds)
    .orderBy('ob.created_at')
    .execute();
}

/**
 * Records a publication's send in the caller's transaction (no job: the publishing lane enqueues its
 * own). A repeated idempotency key returns the existing row.
 */
export async function insertPublishOutbound(tx: DbOrTx, r: PublishOutbound): Promise<string> {
  return (await insertPublishOutbounds(tx, [r]))[0]!;
}

export interface PublishOutbound {
  orgId: string;
  accountId: string;
  idempotencyKey: string;
  publish: PublishInput;
  requestedBy: string | null;
}

/** Several publications' sends in one statement (a post's channels at its due time); ids in the order given. */
export async function insertPublishOutbounds(tx: DbOrTx, rows: readonly PublishOutbound[]): Promise<string[]> {
  if (!rows.length) return [];
  const inserted = await tx
    .insertInto('outbound')
    .values(
      rows.map((r) => {
        const payload: StoredPayload = { text: r.publish.text, target: { externalId: '', lastInboundAt: null }, template: null, publish: r.publish };
        return { org_id: r.orgId, account_id: r.accountId, purpose: 'publish', interaction_id: null, idempotency_key: r.idempotencyKey, payload: JSON.stringify(payload), requested_by: r.requestedBy };
      }),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning(['id', 'idempotency_key'])
    .execute();
  const ids = new Map(inserted.map((r) => [r.idempotency_key, r.id]));
  const existing = rows.filter((r) => !ids.has(r.idempotencyKey)).map((r) => r.idempotencyKey);
  if (existing.length) for (const r of await tx.selectFrom('outbound').select(['id', 'idempotency_key']).where('idempotency_key', 'in', existing).execute()) ids.set(r.idempotency_key, r.id);
  return rows.map((r) => ids.get(r.idempotencyKey)!);
}

export function outboundRow(db: DbOrTx, id: string) {
  return db.selectFrom('outbound').select(['id', 'status', 'external_id', 'permalink', 'error', 'error_kind', 'sent_at', 'payload', 'attempts']).where('id', '=', id).executeTakeFirst();
}
