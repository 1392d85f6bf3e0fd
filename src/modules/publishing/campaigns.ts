import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { defineJob, type CronEntry, type JobDefinition } from '../../platform/jobs/index.ts';
import { formatWib } from '../../platform/time.ts';
import { mediaSummaries, setAltText } from '../media/index.ts';
import { has, inScope, isProvince, notifyOrg, orgScope, recordAudit, requirePermission, type Actor, type AuditContext } from '../org/index.ts';

// Campaigns (narasi tunggal): Kominfotik sets one key message, assets, hashtags, target OPDs and a
// window; each target OPD gets a task, adapts the message in its own post (the coach checks it stays
// on message) and publishes through its own approval chain. The board shows who amplified, when,
// where, and the reach gathered so far; reminders go out before the window closes.

export interface CampaignDeps {
  db: Db;
  now?: (() => Date) | undefined;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const REMIND_BEFORE_MS = 24 * 3_600_000;

export interface CampaignInput {
  title: string;
  keyMessage: string;
  hashtags: string[];
  /** images and videos target OPDs may use in their posts; every image described for screen-reader users */
  assets: { mediaId: string; altText: string }[];
  targetOrgIds: string[];
  startsAt: Date;
  endsAt: Date;
}

export async function createCampaign(deps: CampaignDeps, ctx: AuditContext & { actor: Actor }, input: CampaignInput) {
  requirePermission(ctx.actor, 'campaigns.manage');
  if (input.endsAt <= input.startsAt) throw new AppError('campaign_invalid', { reason: 'waktu selesai harus setelah waktu mulai' });
  const now = deps.now?.() ?? new Date();
  if (input.endsAt <= now) throw new AppError('campaign_invalid', { reason: 'jendela kampanye sudah berakhir' });
  const targets = [...new Set(input.targetOrgIds)];
  if (!targets.length) throw new AppError('campaign_invalid', { reason: 'pilih minimal satu OPD sasaran' });
  const hashtags = [...new Set(input.hashtags.map((h) => h.replace(/^#+/, '')).filter(Boolean))];
  return deps.db.transaction().execute(async (tx) => {
    const orgs = await tx.selectFrom('org').select(['id', 'code']).where('id', 'in', targets).where('active', '=', true).execute();
    // assets: the actor's own (or, for the province, any OPD's) ready images and videos, each image with its alt text
    const assetIds = [...new Set(input.assets.map((a) => a.mediaId))];
    const found = await mediaSummaries(tx, assetIds);
    const scope = orgScope(ctx.actor, 'media.read');
    if (found.length !== assetIds.length || found.some((m) => !inScope(scope, m.orgId))) throw new AppError('campaign_invalid', { reason: 'ada aset kampanye yang tidak ditemukan di pustaka media; unggah ulang' });
    if (found.some((m) => m.kind !== 'image' && m.kind !== 'video')) throw new AppError('campaign_invalid', { reason: 'aset kampanye hanya gambar atau video' });
    const altOf = new Map(input.assets.map((a) => [a.mediaId, a.altText.trim()]));
    if (found.some((m) => m.kind === 'image' && !altOf.get(m.id))) throw new AppError('campaign_invalid', { reason: 'setiap gambar aset perlu teks alternatif (deskripsi untuk pembaca layar)' });
    for (const m of found) if (altOf.get(m.id)) await setAltText(tx, m.id, altOf.get(m.id)!);
    if (orgs.length !== targets.length) throw new AppError('campaign_invalid', { reason: 'ada OPD sasaran yang tidak dikenal atau tidak aktif' });
    const c = await tx
      .insertInto('campaign')
      .values({ title: input.title, key_message: input.keyMessage, hashtags, asset_media_ids: assetIds, starts_at: input.startsAt, ends_at: input.endsAt, created_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('campaign_task').values(targets.map((org_id) => ({ campaign_id: c.id, org_id }))).execute();
    for (const o of orgs)
      await notifyOrg(tx, { orgId: o.id, level: 'info', code: 'campaign_task', title: `Kampanye baru dari Kominfotik: ${input.title}`, body: `Sebarkan pesan kunci sebelum ${formatWib(input.endsAt)} melalui kanal OPD Anda.`, link: `/publikasi/kampanye/${c.id}`, dedupeKey: `campaign:${c.id}` });
    await recordAudit(tx, ctx, { orgId: null, action: 'campaign.create', targetType: 'campaign', targetId: c.id, after: { ...input, startsAt: iso(input.startsAt), endsAt: iso(input.endsAt), targetOrgIds: targets } });
    return { id: c.id };
  });
}

export async function listCampaigns(deps: CampaignDeps, actor: Actor, opts: { orgId?: string | undefined } = {}) {
  const all = orgScope(actor, 'publishing.read');
  if (opts.orgId && !inScope(all, opts.orgId)) throw new AppError('not_found');
  const scope = opts.orgId ? [opts.orgId] : all;
  let qb = deps.db
    .selectFrom('campaign as c')
    .select(['c.id', 'c.title', 'c.key_message', 'c.hashtags', 'c.starts_at', 'c.ends_at', 'c.status', 'c.created_at'])
    .select((eb) => [
      eb.selectFrom('campaign_task as t').whereRef('t.campaign_id', '=', 'c.id').select(sql<number>`count(*)::int`.as('n')).as('targets'),
      eb.selectFrom('campaign_task as t').whereRef('t.campaign_id', '=', 'c.id').where('t.status', '=', 'published').select(sql<number>`count(*)::int`.as('n')).as('amplified'),
    ]);
  if (scope !== 'all') qb = qb.where((eb) => eb.exists(eb.selectFrom('campaign_task as t').whereRef('t.campaign_id', '=', 'c.id').where('t.org_id', 'in', scope).select('t.org_id')));
  const rows = await qb.orderBy('c.ends_at', 'desc').limit(200).execute();
  const tasks = scope === 'all' || !rows.length ? [] : await deps.db.selectFrom('campaign_task').select(['campaign_id', 'status', 'post_id']).where('org_id', 'in', scope).where('campaign_id', 'in', rows.map((r) => r.id)).execute();
  return rows.map((r) => {
    const mine = tasks.find((t) => t.campaign_id === r.id);
    return { id: r.id, title: r.title, keyMessage: r.key_message, hashtags: r.hashtags, startsAt: iso(r.starts_at)!, endsAt: iso(r.ends_at)!, status: r.status, targets: r.targets ?? 0, amplified: r.amplified ?? 0, myTask: mine ? { status: mine.status, postId: mine.post_id } : null };
  });
}

/** The campaign board: per target OPD, its task, post, channels with times and reach. */
export async function campaignBoard(deps: CampaignDeps, actor: Actor, id: string) {
  const scope = orgScope(actor, 'publishing.read');
  const c = await deps.db.selectFrom('campaign').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new AppError('not_found');
  let tq = deps.db.selectFrom('campaign_task as t').innerJoin('org as o', 'o.id', 't.org_id').leftJoin('post as p', 'p.id', 't.post_id').select(['t.org_id', 'o.code', 'o.name', 't.status', 't.post_id', 't.decline_reason', 't.updated_at', 'p.status as post_status']).where('t.campaign_id', '=', id);
  if (scope !== 'all') tq = tq.where('t.org_id', 'in', scope);
  const tasks = await tq.orderBy('o.code').execute();
  if (!tasks.length && scope !== 'all') throw new AppError('not_found');
  const postIds = tasks.map((t) => t.post_id).filter((p): p is string => !!p);
  const pubs = postIds.length
    ? await deps.db
        .selectFrom('publication as pb')
        .leftJoin(
          (eb) => eb.selectFrom('publication_metric').distinctOn('publication_id').select(['publication_id', 'reach', 'impressions', 'engagement']).orderBy('publication_id').orderBy('fetched_at', 'desc').as('m'),
          (j) => j.onRef('m.publication_id', '=', 'pb.id'),
        )
        .select(['pb.id', 'pb.post_id', 'pb.platform', 'pb.status', 'pb.published_at', 'pb.permalink', 'm.reach', 'm.impressions', 'm.engagement'])
        .where('pb.post_id', 'in', postIds)
        .execute()
    : [];
  const rows = tasks.map((t) => {
    const mine = pubs.filter((p) => p.post_id === t.post_id);
    const published = mine.filter((p) => p.status === 'published');
    return {
      orgId: t.org_id,
      orgCode: t.code,
      orgName: t.name,
      status: t.status,
      postId: t.post_id,
      postStatus: t.post_status,
      declineReason: t.decline_reason,
      firstPublishedAt: iso(published.map((p) => p.published_at!).sort((a, b) => new Date(a).getTime() - new Date(b).getTime())[0]),
      channels: mine.map((p) => ({ platform: p.platform, status: p.status, publishedAt: iso(p.published_at), permalink: p.permalink, reach: p.reach })),
      reach: published.reduce((s, p) => s + (p.reach ?? 0), 0),
    };
  });
  return {
    id: c.id,
    title: c.title,
    keyMessage: c.key_message,
    hashtags: c.hashtags,
    assets: (await mediaSummaries(deps.db, c.asset_media_ids)).map((m) => ({ mediaId: m.id, kind: m.kind, altText: m.altText ?? '' })),
    startsAt: iso(c.starts_at)!,
    endsAt: iso(c.ends_at)!,
    status: c.status,
    canManage: has(actor, 'campaigns.manage'),
    totals: {
      targets: rows.length,
      amplified: rows.filter((r) => r.status === 'published').length,
      publications: rows.reduce((s, r) => s + r.channels.filter((ch) => ch.status === 'published').length, 0),
      reach: rows.reduce((s, r) => s + r.reach, 0),
    },
    tasks: rows,
  };
}

export async function declineTask(deps: CampaignDeps, ctx: AuditContext & { actor: Actor }, id: string, reason: string) {
  const actor = requirePermission(ctx.actor, 'publishing.write');
  if (isProvince(actor)) throw new AppError('forbidden');
  return deps.db.transaction().execute(async (tx) => {
    const t = await tx.selectFrom('campaign_task').selectAll().where('campaign_id', '=', id).where('org_id', '=', actor.orgId).forUpdate().executeTakeFirst();
    if (!t || !inScope(orgScope(actor, 'publishing.write'), t.org_id)) throw new AppError('not_found');
    if (t.status === 'published') throw new AppError('campaign_invalid', { reason: 'tugas sudah dipublikasikan' });
    await tx.updateTable('campaign_task').set({ status: 'declined', decline_reason: reason, updated_at: new Date() }).where('campaign_id', '=', id).where('org_id', '=', actor.orgId).execute();
    await recordAudit(tx, ctx, { orgId: actor.orgId, action: 'campaign.decline', targetType: 'campaign', targetId: id, before: { status: t.status }, after: { status: 'declined', reason } });
    return { status: 'declined' as const };
  });
}

/** Reminds every OPD that has not amplified yet, once, a day before the window closes. */
export async function remindCampaigns(deps: CampaignDeps): Promise<number> {
  const now = deps.now?.() ?? new Date();
  const due = await deps.db
    .selectFrom('campaign_task as t')
    .innerJoin('campaign as c', 'c.id', 't.campaign_id')
    .select(['t.campaign_id', 't.org_id', 'c.title', 'c.ends_at'])
    .where('c.status', '=', 'active')
    .where('t.status', 'in', ['open', 'drafting'])
    .where('t.reminded_at', 'is', null)
    .where('c.ends_at', '>', now)
    .where('c.ends_at', '<=', new Date(now.getTime() + REMIND_BEFORE_MS))
    .execute();
  for (const t of due) {
    await deps.db.transaction().execute(async (tx) => {
      const claimed = await tx.updateTable('campaign_task').set({ reminded_at: now }).where('campaign_id', '=', t.campaign_id).where('org_id', '=', t.org_id).where('reminded_at', 'is', null).returning('org_id').executeTakeFirst();
      if (!claimed) return;
      await notifyOrg(tx, { orgId: t.org_id, level: 'warning', code: 'campaign_reminder', title: `Pengingat kampanye: ${t.title}`, body: 'Jendela kampanye berakhir dalam 24 jam dan OPD Anda belum mempublikasikannya.', link: `/publikasi/kampanye/${t.campaign_id}`, dedupeKey: `campaign-remind:${t.campaign_id}` });
    });
  }
  await deps.db.updateTable('campaign').set({ status: 'closed', updated_at: now }).where('status', '=', 'active').where('ends_at', '<=', now).execute();
  return due.length;
}

export function campaignJobs(deps: CampaignDeps): JobDefinition[] {
  return [defineJob({ name: 'campaign_reminders', schema: z.object({}).loose(), maxAttempts: 1, handler: async () => void (await remindCampaigns(deps)) })];
}

export const campaignCron: CronEntry[] = [{ pattern: '7 * * * *', job: 'campaign_reminders' }];

/** The OPDs a stored object is shared with as a campaign asset (the campaigns' target OPDs): the media store lets their staff see it. */
export async function campaignAssetOrgs(db: Db, mediaId: string): Promise<string[]> {
  const rows = await db.selectFrom('campaign_task as t').innerJoin('campaign as c', 'c.id', 't.campaign_id').select('t.org_id').distinct().where(sql<boolean>`${mediaId}::uuid = any(c.asset_media_ids)`).where('c.status', '!=', 'cancelled').execute();
  return rows.map((r) => r.org_id);
}
