import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { ChannelPlatform, PostStatus } from '../../platform/db/schema.ts';
import { AppError, formatMessage } from '../../platform/errors.ts';
import { defineJob, enqueue, enqueueMany, type CronEntry, type JobContext, type JobDefinition, type JobSpec } from '../../platform/jobs/index.ts';
import { accountForWork, insertPublishOutbound, insertPublishOutbounds, sendOutbound, type ChannelsDeps, type MediaInput, type PublishInput } from '../channels/index.ts';
import { notifyOrg, recordAudit, recordAudits, systemContext } from '../org/index.ts';
import { deriveVariant, PUBLISHABLE, readContent, type MediaRef, type PostContent } from './content.ts';
import { settledStatus, STATUS_LABEL } from './lifecycle.ts';
import * as q from './queries.ts';

// The publishing engine. At the due time one run takes every post due: approved in its current
// version → one publication per channel, each committed with an idempotency key (and its media,
// prepared for the platform when the post was approved) before any platform call and sent by its own
// job through the never-twice outbound path; not approved → kedaluwarsa, never out. Publications
// run in their own worker lane (PUBLISH_CONCURRENCY), one at a time per account, so a campaign's
// fan-out cannot take the slots the inbox needs. A send is two commits: the claim (before the call)
// and the answer with the publication's outcome and, when due, the post's (after it).

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
/** A due run also takes posts due this much later (a job firing early by clock skew between machines). */
const EARLY_TOLERANCE_MS = 2_000;

export const accountQueue = (accountId: string) => `pub:${accountId}`;

export interface SendJobPayload {
  publicationId: string;
  /** present in jobs queued by the due run and retries: the send needs no read before its claim */
  outboundId?: string | undefined;
  postId?: string | undefined;
  accountId?: string | undefined;
}

function sendJob(p: Required<SendJobPayload>): JobSpec {
  return { name: 'publication_send', payload: p, jobKey: `outbound:${p.outboundId}`, queueName: accountQueue(p.accountId), maxAttempts: 25 };
}

/**
 * A publication's metric pulls at 1 h, 24 h and 7 d, queued with its send (a pull finds nothing to do
 * when the publication did not go out). Queued here rather than when the answer comes: every job
 * queued wakes the idle workers, and the answer's commit is the hot path of a fan-out.
 */
function metricJobs(publicationId: string, accountId: string, from: Date): JobSpec[] {
  return METRIC_STAGES.map((s) => ({ name: 'publication_metrics', payload: { publicationId, stage: s.stage }, jobKey: `metrics:${publicationId}:${s.stage}`, queueName: accountQueue(accountId), runAt: new Date(from.getTime() + s.ms), maxAttempts: 5 }));
}

/** The due job of every post scheduled at this instant: posts due together are published by one run. */
export function dueJobKey(at: Date) {
  return `publishing-due:${at.toISOString()}`;
}

/** Schedules the due run for a post's time (in the caller's transaction; posts at the same instant share it). */
export async function scheduleDue(tx: DbOrTx, at: Date): Promise<void> {
  await enqueue(tx, 'publishing_due', { at: at.toISOString() }, { jobKey: dueJobKey(at), runAt: at, maxAttempts: 25 });
}

const UNUSABLE_ACCOUNT = 'Akun kanal tidak terhubung atau tokennya tidak berlaku saat jadwal tiba; hubungkan ulang lalu kirim ulang.';
const mediaFailed = (platform: string, err: unknown) => `Media tidak dapat disiapkan untuk ${platform}: ${err instanceof AppError ? formatMessage(err.code, err.params, 'id') : String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200)}`;

/**
 * Prepared media, per media port, medium and platform. A campaign's posts share its image: it is
 * prepared once per platform (when the post is approved) and the URL reused, instead of every post
 * reading the media store again. A prepared medium and its URL never change.
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

/** A post's media for one platform (prepared: sizes, ratio, re-encoded; given as URLs the platform fetches). */
async function mediaFor(deps: EngineDeps, content: PostContent, platform: ChannelPlatform): Promise<MediaInput[]> {
  if (!content.media.length) return [];
  const port = deps.media;
  if (!port) throw new Error('media store is not configured');
  return Promise.all(content.media.map((m) => prepareMedia(port, m, platform)));
}

function publishInput(idempotencyKey: string, text: string, title: string | null, link: string | null, hasVideo: boolean, platform: ChannelPlatform, media: MediaInput[]): PublishInput {
  return { idempotencyKey, text, title: title ?? undefined, link: link ?? undefined, media, reel: hasVideo && (platform === 'instagram' || platform === 'tiktok') };
}

/**
 * Approval time: the post's images are prepared for each chosen platform now (re-encoded once per
 * image and platform, stored), so the due minute only looks them up.
 */
export async function preparePostMedia(deps: EngineDeps, postId: string): Promise<number> {
  if (!deps.media) return 0;
  const post = await q.findPost(deps.db, postId);
  if (!post || !WAITING.includes(post.status)) return 0;
  const content = readContent((await q.findVersion(deps.db, postId, post.current_version))?.content);
  if (!content.media.length) return 0;
  const accounts = new Map((await q.accountsOf(deps.db, post.org_id)).map((a) => [a.id, a.platform]));
  const platforms = [...new Set(content.channels.map((c) => accounts.get(c.accountId)).filter((p): p is ChannelPlatform => !!p && PUBLISHABLE.includes(p)))];
  await Promise.all(platforms.map((p) => mediaFor(deps, content, p)));
  return platforms.length * content.media.length;
}

/** How many due posts one run takes; a fuller batch queues the next run at once. */
const DUE_BATCH = 200;

type DueOutcome = 'published' | 'expired';

/**
 * The due time has come: every post due now (its own instant, or earlier ones a crash left behind)
 * is published everywhere at once when its current version is approved, or expired — never out
 * unapproved. One transaction for the batch, one statement per step (the posts, their publications,
 * the sends, the links, the jobs, the audit): a campaign's posts are due together.
 */
export async function publishDue(deps: EngineDeps, opts: { postIds?: readonly string[] } = {}): Promise<Map<string, DueOutcome>> {
  const now = deps.now?.() ?? new Date();
  const outcomes = new Map<string, DueOutcome>();
  const full = await deps.db.transaction().execute(async (tx) => {
    const rows = await q.lockDuePosts(tx, new Date(now.getTime() + EARLY_TOLERANCE_MS), { postIds: opts.postIds, limit: DUE_BATCH });
    if (!rows.length) return false;
    const audit = systemContext();
    const expired = rows.filter((r) => r.status !== 'terjadwal' || r.approved_version !== r.current_version);
    const due = rows.filter((r) => !expired.includes(r));
    if (expired.length) {
      await q.setPostsStatus(tx, expired.map((r) => r.id), 'kedaluwarsa', { expired_at: now });
      await recordAudits(tx, audit, expired.map((r) => ({ orgId: r.org_id, action: 'post.expire', targetType: 'post', targetId: r.id, before: { status: r.status, version: r.current_version, approvedVersion: r.approved_version }, after: { status: 'kedaluwarsa' } })));
      for (const r of expired) {
        outcomes.set(r.id, 'expired');
        await notifyOrg(tx, { orgId: r.org_id, level: 'warning', code: 'post_expired', title: 'Postingan kedaluwarsa: belum disetujui saat jadwal tiba', body: `Status saat jadwal tiba: ${STATUS_LABEL[r.status].id}. Postingan tidak diterbitkan; perbarui jadwal lalu ajukan kembali.`, link: `/publikasi/${r.id}`, dedupeKey: `post-expired:${r.id}:${new Date(r.scheduled_at!).toISOString()}` });
      }
    }
    if (!due.length) return rows.length === DUE_BATCH;
    const accounts = new Map((await q.accountsOfOrgs(tx, [...new Set(due.map((r) => r.org_id))])).map((a) => [a.id, a]));
    const contents = new Map(due.map((r) => [r.id, readContent(r.content)]));
    // every (post, channel): usable → a publication and its send; not → a failed publication with the reason
    const planned = await Promise.all(
      due.flatMap((row) => {
        const content = contents.get(row.id)!;
        const hasVideo = content.media.some((m) => m.kind === 'video');
        return content.channels.map(async (choice) => {
          const acc = accounts.get(choice.accountId);
          const platform = acc && acc.org_id === row.org_id && PUBLISHABLE.includes(acc.platform) ? acc.platform : null;
          const id = randomUUID();
          const base = { id, row, choice, platform };
          if (!platform || acc!.status === 'revoked' || acc!.status === 'expired') return { ...base, error: UNUSABLE_ACCOUNT, errorKind: 'auth', publish: null };
          let media: MediaInput[];
          try {
            media = await mediaFor(deps, content, platform);
          } catch (err) {
            return { ...base, error: mediaFailed(platform, err), errorKind: 'media', publish: null };
          }
          const v = deriveVariant(content, platform, choice);
          const key = `pub:${id}:1`;
          return { ...base, error: null, errorKind: null, publish: publishInput(key, v.text, v.title, content.link, hasVideo, platform, media) };
        });
      }),
    );
    const inserted = planned.length
      ? new Set(
          (
            await tx
              .insertInto('publication')
              .values(planned.map((p) => ({ id: p.id, post_id: p.row.id, org_id: p.row.org_id, version: p.row.current_version, account_id: p.choice.accountId, platform: p.platform ?? 'unknown', due_at: new Date(p.row.scheduled_at!), status: p.publish ? 'pending' : 'failed', error: p.error, error_kind: p.errorKind })))
              .onConflict((oc) => oc.columns(['post_id', 'account_id']).doNothing())
              .returning('id')
              .execute()
          ).map((r) => r.id),
        )
      : new Set<string>();
    const sends = planned.filter((p) => p.publish && inserted.has(p.id));
    if (sends.length) {
      const outboundIds = await insertPublishOutbounds(tx, sends.map((x) => ({ orgId: x.row.org_id, accountId: x.choice.accountId, idempotencyKey: x.publish!.idempotencyKey, publish: x.publish!, requestedBy: null })));
      await q.linkOutbounds(tx, sends.map((x, i) => ({ publicationId: x.id, outboundId: outboundIds[i]! })));
      await enqueueMany(tx, sends.flatMap((x, i) => [sendJob({ publicationId: x.id, outboundId: outboundIds[i]!, postId: x.row.id, accountId: x.choice.accountId }), ...metricJobs(x.id, x.choice.accountId, new Date(x.row.scheduled_at!))]));
    }
    await q.setPostsStatus(tx, due.map((r) => r.id), 'menerbitkan');
    await recordAudits(tx, audit, due.map((r) => ({ orgId: r.org_id, action: 'post.publish_start', targetType: 'post', targetId: r.id, before: { status: r.status }, after: { status: 'menerbitkan', version: r.current_version, channels: contents.get(r.id)!.channels.length } })));
    // settled at once when no send went out for a channel here (it failed, or was already there) or
    // the post has no channel: no send's outcome would settle it
    const sending = new Set(sends.map((p) => p.row.id));
    const unsettled = new Set(planned.filter((p) => !p.publish || !inserted.has(p.id)).map((p) => p.row.id));
    for (const r of due) {
      outcomes.set(r.id, 'published');
      if (unsettled.has(r.id) || !sending.has(r.id)) await settleLocked(tx, { ...r, status: 'menerbitkan' });
    }
    return rows.length === DUE_BATCH;
  });
  if (full) await enqueue(deps.db, 'publishing_due', { at: now.toISOString() }, { jobKey: 'publishing-due:more', maxAttempts: 25 });
  return outcomes;
}

/** One post's due time (tests, tools): publishes or expires it when due. */
export async function runDue(deps: EngineDeps, postId: string): Promise<DueOutcome | 'nothing'> {
  return (await publishDue(deps, { postIds: [postId] })).get(postId) ?? 'nothing';
}

/** Statuses in which a post's status follows its publications. */
const SETTLING: readonly PostStatus[] = ['menerbitkan', 'sebagian_gagal', 'gagal', 'dipublikasikan'];

/**
 * Sends one publication (the lane's job): the outbound row is claimed and read with its account in
 * one statement, the platform called, and the answer recorded together with the publication's
 * outcome (and, for the post's last channel or its first published one, the post's) in one commit.
 */
export async function sendPublication(deps: EngineDeps, job: SendJobPayload, ctx: { logger: JobContext['logger'] }): Promise<void> {
  let payload: Required<SendJobPayload>;
  if (job.outboundId && job.postId && job.accountId) payload = { publicationId: job.publicationId, outboundId: job.outboundId, postId: job.postId, accountId: job.accountId };
  else {
    const pub = await q.publicationRef(deps.db, job.publicationId);
    if (!pub?.outbound_id) return;
    payload = { publicationId: pub.id, outboundId: pub.outbound_id, postId: pub.post_id, accountId: pub.account_id };
  }
  await sendOutbound(deps.channels, payload.outboundId, ctx, {
    retryJob: { name: 'publication_send', payload, queueName: accountQueue(payload.accountId) },
    record: (write) => recordOutcome(deps, payload.publicationId, payload.postId, write),
  });
}

/**
 * Copies the outbound row's result onto the publication, with `write` (the outbound row's own update)
 * in the same transaction. The post's row is locked first, so the post's channels record one after
 * another and the last of them sees all the others:
 * it settles the post's status in the same commit (as does the first one published: the post's time
 * of publication and its campaign task).
 */
export async function recordOutcome(deps: EngineDeps, publicationId: string, postId: string, write?: (tx: DbOrTx) => Promise<void>): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const post = await q.lockPost(tx, postId);
    if (write) await write(tx);
    const changed = await q.copyOutcome(tx, publicationId);
    if (!post || !changed || !SETTLING.includes(post.status)) return;
    const firstPublished = changed.status === 'published' && !post.published_at;
    if (changed.open_siblings > 0 && !firstPublished) return;
    await settleLocked(tx, post);
  });
}

/** The post's status from its publications, for a post whose row the caller has locked (in the caller's
 * transaction); notifies the OPD of failures; marks the campaign task done at the first publication. */
async function settleLocked(tx: DbOrTx, row: Pick<q.PostRow, 'id' | 'org_id' | 'status' | 'published_at' | 'campaign_id'>): Promise<PostStatus> {
  const postId = row.id;
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
  if (row.campaign_id && firstPublished !== undefined && !row.published_at) {
    await tx.updateTable('campaign_task').set({ status: 'published', post_id: postId, updated_at: new Date() }).where('campaign_id', '=', row.campaign_id).where('org_id', '=', row.org_id).where('status', '!=', 'published').execute();
  }
  return status;
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
  const media = await mediaFor(deps, content, platform);
  const attempt = pub.attempt + 1;
  const key = `pub:${pub.id}:${attempt}`;
  const outboundId = await insertPublishOutbound(tx, { orgId: pub.org_id, accountId: pub.account_id, idempotencyKey: key, publish: publishInput(key, v.text, v.title, content.link, content.media.some((m) => m.kind === 'video'), platform, media), requestedBy });
  await q.updatePublication(tx, pub.id, { status: 'pending', attempt, outbound_id: outboundId, error: null, error_kind: null });
  await q.updatePost(tx, pub.post_id, { status: 'menerbitkan' });
  await enqueueMany(tx, [sendJob({ publicationId: pub.id, outboundId, postId: pub.post_id, accountId: pub.account_id }), ...metricJobs(pub.id, pub.account_id, deps.now?.() ?? new Date())]);
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
export async function sweep(deps: EngineDeps): Promise<{ due: number; settled: number }> {
  const due = await publishDue(deps);
  const open = await q.unsettledPublications(deps.db);
  for (const p of open) await recordOutcome(deps, p.id, p.post_id);
  return { due: due.size, settled: open.length };
}

export function publishingJobs(deps: EngineDeps): JobDefinition[] {
  return [
    // payload: the instant it was scheduled for ({ postId } from jobs queued by older code); the run takes every post due by now
    defineJob({ name: 'publishing_due', schema: z.object({ at: z.string().optional(), postId: z.uuid().optional() }), maxAttempts: 25, handler: async () => void (await publishDue(deps)) }),
    defineJob({ name: 'publishing_prepare', schema: z.object({ postId: z.uuid() }), maxAttempts: 5, handler: async ({ postId }) => void (await preparePostMedia(deps, postId)) }),
    defineJob({ name: 'publishing_sweep', schema: z.object({}).loose(), maxAttempts: 1, handler: async () => void (await sweep(deps)) }),
  ];
}

/** The lane: its own runner and concurrency (PUBLISH_CONCURRENCY). */
export function publishingLaneJobs(deps: EngineDeps): JobDefinition[] {
  return [
    defineJob({ name: 'publication_send', schema: z.object({ publicationId: z.uuid(), outboundId: z.uuid().optional(), postId: z.uuid().optional(), accountId: z.uuid().optional() }), maxAttempts: 25, handler: (p, ctx) => sendPublication(deps, p, ctx) }),
    defineJob({ name: 'publication_metrics', schema: z.object({ publicationId: z.uuid(), stage: z.enum(['1h', '24h', '7d']) }), maxAttempts: 5, handler: ({ publicationId, stage }) => pullMetrics(deps, publicationId, stage) }),
  ];
}

export const publishingCron: CronEntry[] = [{ pattern: '* * * * *', job: 'publishing_sweep' }];
