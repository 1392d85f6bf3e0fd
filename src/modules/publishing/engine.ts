import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { ChannelPlatform, PostStatus } from '../../platform/db/schema.ts';
import { defineJob, enqueue, enqueueMany, type CronEntry, type JobContext, type JobDefinition, type JobSpec } from '../../platform/jobs/index.ts';
import { accountForWork, insertPublishOutbound, insertPublishOutbounds, sendOutbound, type ChannelsDeps, type MediaInput, type PublishInput } from '../channels/index.ts';
import { notifyOrg, recordAudit, systemContext } from '../org/index.ts';
import { deriveVariant, PUBLISHABLE, readContent, type MediaRef } from './content.ts';
import { settledStatus, STATUS_LABEL } from './lifecycle.ts';
import * as q from './queries.ts';

// The publishing engine. At the due time one job checks the post: approved in its current version →
// one publication per channel, each committed with an idempotency key before any platform call and
// sent by its own job through the never-twice outbound path; not approved → kedaluwarsa, never out.
// Publications run in their own worker lane (PUBLISH_CONCURRENCY), one at a time per account, so a
// campaign's fan-out cannot take the slots the inbox needs.

/** Prepares a stored medium for one platform and returns the URL the platform fetches it from. */
export interface MediaPort {
  prepare(ref: MediaRef, platform: ChannelPlatform): Promise<MediaInput>;
}

export interface EngineDeps {
  db: Db;
  channels: ChannelsDeps;
  media?: MediaPort | undefined;
  now?: (() => Date) | undefined;
}

/** Jobs of the publishing lane: run by their own worker runner, not the main one. */
export const PUBLISH_LANE_JOBS = ['publication_send', 'publication_metrics'] as const;

const METRIC_STAGES = [
  { stage: '1h', ms: 3_600_000 },
  { stage: '24h', ms: 86_400_000 },
  { stage: '7d', ms: 7 * 86_400_000 },
] as const;

const WAITING: readonly PostStatus[] = ['draft', 'diajukan', 'perlu_revisi', 'disetujui', 'terjadwal'];
/** A due job that fires this much early (clock skew between machines) waits for the real time. */
const EARLY_TOLERANCE_MS = 2_000;

export const accountQueue = (accountId: string) => `pub:${accountId}`;

function sendJob(publicationId: string, outboundId: string, accountId: string): JobSpec {
  return { name: 'publication_send', payload: { publicationId }, jobKey: `outbound:${outboundId}`, queueName: accountQueue(accountId), maxAttempts: 25 };
}

async function enqueueSend(tx: DbOrTx, publicationId: string, outboundId: string, accountId: string) {
  await enqueueMany(tx, [sendJob(publicationId, outboundId, accountId)]);
}

const UNUSABLE_ACCOUNT = 'Akun kanal tidak terhubung atau tokennya tidak berlaku saat jadwal tiba; hubungkan ulang lalu kirim ulang.';

/**
 * Prepared media, per media port, medium and platform. A campaign's posts share its image: it is
 * prepared once per platform and the URL reused, instead of every send reading the media store again
 * (and concurrent sends waiting on the same preparation). A prepared medium and its URL never change.
 */
const PREPARED_TTL_MS = 10 * 60_000;
const preparedMedia = new WeakMap<MediaPort, Map<string, { at: number; value: Promise<MediaInput> }>>();

function prepareMedia(port: MediaPort, ref: MediaRef, platform: ChannelPlatform): Promise<MediaInput> {
  let cache = preparedMedia.get(port);
  if (!cache) preparedMedia.set(port, (cache = new Map()));
  const key = JSON.stringify([ref.mediaId, ref.kind, ref.altText, platform]);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < PREPARED_TTL_MS) return hit.value;
  if (cache.size >= 500) for (const [k, v] of cache) if (now - v.at >= PREPARED_TTL_MS) cache.delete(k);
  const value = port.prepare(ref, platform);
  cache.set(key, { at: now, value });
  value.catch(() => cache.delete(key));
  return value;
}

function publishInput(idempotencyKey: string, text: string, title: string | null, link: string | null, hasVideo: boolean, platform: ChannelPlatform): PublishInput {
  return { idempotencyKey, text, title: title ?? undefined, link: link ?? undefined, media: [], reel: hasVideo && (platform === 'instagram' || platform === 'tiktok') };
}

/** The due time has come: publish the approved version everywhere at once, or expire the post. */
export async function runDue(deps: EngineDeps, postId: string, logger?: JobContext['logger']): Promise<'published' | 'expired' | 'early' | 'nothing'> {
  const now = deps.now?.() ?? new Date();
  const result = await deps.db.transaction().execute(async (tx) => {
    const row = await q.lockPost(tx, postId);
    if (!row || !WAITING.includes(row.status) || !row.scheduled_at) return 'nothing' as const;
    const at = new Date(row.scheduled_at);
    if (at.getTime() > now.getTime() + EARLY_TOLERANCE_MS) {
      await enqueue(tx, 'publishing_due', { postId }, { jobKey: `post-due:${postId}`, runAt: at });
      return 'early' as const;
    }
    const audit = systemContext();
    if (row.status !== 'terjadwal' || row.approved_version !== row.current_version) {
      await q.updatePost(tx, postId, { status: 'kedaluwarsa', expired_at: now });
      await recordAudit(tx, audit, { orgId: row.org_id, action: 'post.expire', targetType: 'post', targetId: postId, before: { status: row.status, version: row.current_version, approvedVersion: row.approved_version }, after: { status: 'kedaluwarsa' } });
      await notifyOrg(tx, { orgId: row.org_id, level: 'warning', code: 'post_expired', title: 'Postingan kedaluwarsa: belum disetujui saat jadwal tiba', body: `Status saat jadwal tiba: ${STATUS_LABEL[row.status].id}. Postingan tidak diterbitkan; perbarui jadwal lalu ajukan kembali.`, link: `/publikasi/${postId}`, dedupeKey: `post-expired:${postId}:${at.toISOString()}` });
      return 'expired' as const;
    }
    const version = await q.findVersion(tx, postId, row.current_version);
    const content = readContent(version?.content);
    const accounts = new Map((await q.accountsOf(tx, row.org_id)).map((a) => [a.id, a]));
    const hasVideo = content.media.some((m) => m.kind === 'video');
    // All channels at once, one statement per step (publications, their sends, the links, the jobs):
    // a campaign's posts are due together and each statement is a round trip.
    const planned = content.channels.map((choice) => {
      const acc = accounts.get(choice.accountId);
      const platform = acc?.platform ?? null;
      const usable = !!acc && !!platform && PUBLISHABLE.includes(platform) && acc.status !== 'revoked' && acc.status !== 'expired';
      return { id: randomUUID(), choice, platform, usable };
    });
    const inserted = planned.length
      ? new Set(
          (
            await tx
              .insertInto('publication')
              .values(planned.map((p) => ({ id: p.id, post_id: postId, org_id: row.org_id, version: row.current_version, account_id: p.choice.accountId, platform: p.platform ?? 'unknown', due_at: at, status: p.usable ? 'pending' : 'failed', error: p.usable ? null : UNUSABLE_ACCOUNT, error_kind: p.usable ? null : 'auth' })))
              .onConflict((oc) => oc.columns(['post_id', 'account_id']).doNothing())
              .returning('id')
              .execute()
          ).map((r) => r.id),
        )
      : new Set<string>();
    const sends = planned
      .filter((p) => p.usable && inserted.has(p.id))
      .map((p) => {
        const v = deriveVariant(content, p.platform!, p.choice);
        const key = `pub:${p.id}:1`;
        return { id: p.id, accountId: p.choice.accountId, key, publish: publishInput(key, v.text, v.title, content.link, hasVideo, p.platform!) };
      });
    if (sends.length) {
      const outboundIds = await insertPublishOutbounds(tx, sends.map((x) => ({ orgId: row.org_id, accountId: x.accountId, idempotencyKey: x.key, publish: x.publish, requestedBy: null })));
      await q.linkOutbounds(tx, sends.map((x, i) => ({ publicationId: x.id, outboundId: outboundIds[i]! })));
      await enqueueMany(tx, sends.map((x, i) => sendJob(x.id, outboundIds[i]!, x.accountId)));
    }
    await q.updatePost(tx, postId, { status: 'menerbitkan' });
    await recordAudit(tx, audit, { orgId: row.org_id, action: 'post.publish_start', targetType: 'post', targetId: postId, before: { status: row.status }, after: { status: 'menerbitkan', version: row.current_version, channels: content.channels.length } });
    // settled at once only when a channel failed here or was already there; otherwise it is publishing
    return sends.length && sends.length === planned.length ? ('published' as const) : ('published-settle' as const);
  });
  if (result === 'published-settle') await settlePost(deps, postId, logger);
  return result === 'published-settle' ? 'published' : result;
}

/** Statuses in which a post's status follows its publications. */
const SETTLING: readonly PostStatus[] = ['menerbitkan', 'sebagian_gagal', 'gagal', 'dipublikasikan'];

/** Sends one publication (the lane's job), then records the outcome on the publication and the post. */
export async function sendPublication(deps: EngineDeps, publicationId: string, ctx: { logger: JobContext['logger'] }): Promise<void> {
  const pub = await q.publicationForSend(deps.db, publicationId);
  if (!pub || !pub.outbound_id || !pub.outbound_status || pub.status === 'cancelled') return;
  // The publication shows `sending` while the platform is called: written alongside the send (on its
  // own connection) and awaited before the outcome is copied; the outbound row's claim, not this
  // status, is what guards against sending twice. Media are prepared for the platform now and stored
  // with the claim.
  let marking: Promise<unknown> = Promise.resolve();
  let publishMedia: MediaInput[] | undefined;
  if (pub.outbound_status === 'queued') {
    marking = q.updatePublication(deps.db, publicationId, { status: 'sending' });
    marking.catch(() => {}); // observed below; not unhandled if the media preparation throws first
    const publish = (pub.payload as { publish?: PublishInput }).publish;
    const content = readContent(pub.content);
    if (content.media.length && !publish?.media?.length) {
      if (!deps.media) throw new Error('media store is not configured');
      const port = deps.media;
      publishMedia = await Promise.all(content.media.map((m) => prepareMedia(port, m, pub.platform as ChannelPlatform)));
    }
  }
  const sent = await Promise.allSettled([marking, sendOutbound(deps.channels, pub.outbound_id, ctx, { publishMedia, retryJob: { name: 'publication_send', payload: { publicationId }, queueName: accountQueue(pub.account_id) } })]);
  for (const r of sent) if (r.status === 'rejected') throw r.reason;
  await recordOutcome(deps, publicationId);
  await settlePost(deps, pub.post_id, ctx.logger);
}

/** Copies the outbound row's result onto the publication; schedules the metric pulls once published. */
export async function recordOutcome(deps: EngineDeps, publicationId: string): Promise<void> {
  // one statement: the outcome copied and, once published, its metric pulls scheduled (atomically)
  await q.copyOutcome(deps.db, publicationId, { job: 'publication_metrics', stages: METRIC_STAGES, queuePrefix: accountQueue(''), maxAttempts: 5 });
}

/** The post's status from its publications; notifies the OPD of failures; marks campaign tasks done. */
export async function settlePost(deps: EngineDeps, postId: string, _logger?: JobContext['logger']): Promise<PostStatus | null> {
  // Most calls change nothing (a sibling channel finished, the post is still publishing): look
  // without a lock first; the locked path below decides again.
  const view = await q.settleView(deps.db, postId);
  if (!view) return null;
  if (!SETTLING.includes(view.status)) return view.status;
  const next = settledStatus(view.statuses);
  if (next === view.status && (view.published_at || !view.first_published)) return next;
  return deps.db.transaction().execute(async (tx) => {
    const row = await q.lockPost(tx, postId);
    if (!row || !SETTLING.includes(row.status)) return row?.status ?? null;
    const pubs = await tx.selectFrom('publication').select(['status', 'platform', 'published_at', 'error']).where('post_id', '=', postId).execute();
    const status = settledStatus(pubs.map((p) => p.status));
    const firstPublished = pubs.filter((p) => p.published_at).map((p) => new Date(p.published_at!).getTime()).sort((a, b) => a - b)[0];
    if (status === row.status && (row.published_at || firstPublished === undefined)) return status;
    await q.updatePost(tx, postId, { status, published_at: firstPublished !== undefined ? new Date(firstPublished) : null });
    if (status !== 'menerbitkan') {
      await recordAudit(tx, systemContext(), { orgId: row.org_id, action: 'post.publish_done', targetType: 'post', targetId: postId, before: { status: row.status }, after: { status, channels: pubs.map((p) => ({ platform: p.platform, status: p.status })) } });
      if (status === 'sebagian_gagal' || status === 'gagal') {
        const failed = pubs.filter((p) => p.status === 'failed' || p.status === 'ambiguous');
        await notifyOrg(tx, { orgId: row.org_id, level: 'critical', code: 'post_failed', title: status === 'gagal' ? 'Postingan gagal terbit' : 'Postingan gagal terbit di sebagian kanal', body: failed.map((p) => `${p.platform}: ${p.error ?? 'gagal'}`).join('\n'), link: `/publikasi/${postId}`, dedupeKey: `post-failed:${postId}:${failed.length}:${status}` });
      }
    }
    if (row.campaign_id && firstPublished !== undefined) {
      await tx.updateTable('campaign_task').set({ status: 'published', post_id: postId, updated_at: new Date() }).where('campaign_id', '=', row.campaign_id).where('org_id', '=', row.org_id).where('status', '!=', 'published').execute();
    }
    return status;
  });
}

/** One-click retry of one failed (or, after checking on the platform, ambiguous) channel. */
export async function retryPublication(deps: EngineDeps, tx: DbOrTx, publicationId: string, requestedBy: string): Promise<void> {
  const pub = await q.lockPublication(tx, publicationId);
  if (!pub) return;
  const version = await q.findVersion(tx, pub.post_id, pub.version);
  const content = readContent(version?.content);
  const choice = content.channels.find((c) => c.accountId === pub.account_id);
  if (!choice) return;
  const platform = pub.platform as ChannelPlatform;
  const v = deriveVariant(content, platform, choice);
  const attempt = pub.attempt + 1;
  const key = `pub:${pub.id}:${attempt}`;
  const outboundId = await insertPublishOutbound(tx, { orgId: pub.org_id, accountId: pub.account_id, idempotencyKey: key, publish: publishInput(key, v.text, v.title, content.link, content.media.some((m) => m.kind === 'video'), platform), requestedBy });
  await q.updatePublication(tx, pub.id, { status: 'pending', attempt, outbound_id: outboundId, error: null, error_kind: null });
  await q.updatePost(tx, pub.post_id, { status: 'menerbitkan' });
  await enqueueSend(tx, pub.id, outboundId, pub.account_id);
}

async function pullMetrics(deps: EngineDeps, publicationId: string, stage: '1h' | '24h' | '7d') {
  const pub = await deps.db.selectFrom('publication').selectAll().where('id', '=', publicationId).executeTakeFirst();
  if (!pub || pub.status !== 'published' || !pub.external_id) return;
  const { ctx, connector } = await accountForWork(deps.channels, pub.account_id);
  if (!connector.capabilities.insights) return;
  const m = await connector.insights(ctx, pub.external_id);
  await deps.db
    .insertInto('publication_metric')
    .values({ publication_id: publicationId, stage, org_id: pub.org_id, account_id: pub.account_id, reach: m.reach, impressions: m.impressions, engagement: m.engagement, raw: JSON.stringify(m.raw ?? null) })
    .onConflict((oc) => oc.columns(['publication_id', 'stage']).doUpdateSet({ reach: m.reach, impressions: m.impressions, engagement: m.engagement, raw: JSON.stringify(m.raw ?? null), fetched_at: sql`now()` }))
    .execute();
}

/** Catches what a crash may have dropped: overdue posts, publications whose outcome was not copied. */
export async function sweep(deps: EngineDeps, logger?: JobContext['logger']): Promise<{ due: number; settled: number }> {
  const now = deps.now?.() ?? new Date();
  const due = await q.overduePosts(deps.db, now);
  for (const p of due) await runDue(deps, p.id, logger);
  const open = await q.unsettledPublications(deps.db);
  const posts = new Set<string>();
  for (const p of open) {
    await recordOutcome(deps, p.id);
    const row = await deps.db.selectFrom('publication').select('post_id').where('id', '=', p.id).executeTakeFirst();
    if (row) posts.add(row.post_id);
  }
  for (const id of posts) await settlePost(deps, id, logger);
  return { due: due.length, settled: posts.size };
}

export function publishingJobs(deps: EngineDeps): JobDefinition[] {
  return [
    defineJob({ name: 'publishing_due', schema: z.object({ postId: z.uuid() }), maxAttempts: 25, handler: async ({ postId }, ctx) => void (await runDue(deps, postId, ctx.logger)) }),
    defineJob({ name: 'publishing_sweep', schema: z.object({}).loose(), maxAttempts: 1, handler: async (_p, ctx) => void (await sweep(deps, ctx.logger)) }),
  ];
}

/** The lane: its own runner and concurrency (PUBLISH_CONCURRENCY). */
export function publishingLaneJobs(deps: EngineDeps): JobDefinition[] {
  return [
    defineJob({ name: 'publication_send', schema: z.object({ publicationId: z.uuid() }), maxAttempts: 25, handler: ({ publicationId }, ctx) => sendPublication(deps, publicationId, ctx) }),
    defineJob({ name: 'publication_metrics', schema: z.object({ publicationId: z.uuid(), stage: z.enum(['1h', '24h', '7d']) }), maxAttempts: 5, handler: ({ publicationId, stage }) => pullMetrics(deps, publicationId, stage) }),
  ];
}

export const publishingCron: CronEntry[] = [{ pattern: '* * * * *', job: 'publishing_sweep' }];
