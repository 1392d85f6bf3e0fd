import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { ChannelPlatform, PostStatus } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import { findOrgById, has, inScope, notifyOrg, orgScope, recordAudit, requirePermission, type Actor, type AuditContext } from '../org/index.ts';
import { contentProblems, deriveVariant, diffWords, readContent, sameContent, type AccountInfo, type MediaFacts, type PostContent } from './content.ts';
import { ACTION_LABEL, approvalRefusal, canStart, chainFor, DEFAULT_CHAIN, levelsRequired, STATUS_LABEL, statusAfterEdit, statusWhenApproved, type ChainSettings, type PostAction } from './lifecycle.ts';
import { loadCalendar } from '../cases/index.ts';
import { coach as runCoach, type CoachSettingsStore } from './coach/index.ts';
import { retryPublication, scheduleDue, type EngineDeps } from './engine.ts';
import * as q from './queries.ts';

// Use cases of publishing: drafts with immutable versions, the approval chain bound to the exact
// version, schedules, cancellation and per-channel retry. Every change is one transaction with its
// audit row; the post row is locked first, so two clicks or two approvers cannot race.

export interface PublishingDeps {
  db: Db;
  now?: (() => Date) | undefined;
  /** the province's coach settings: the post detail carries the coach's verdict for approvers */
  coach?: CoachSettingsStore | undefined;
}

const nowOf = (deps: PublishingDeps) => deps.now?.() ?? new Date();
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
/** A post may be scheduled this far back ("now" with a slow click) and this far ahead. */
const PAST_TOLERANCE_MS = 60_000;
const MAX_AHEAD_MS = 400 * 86_400_000;

// ── reading ──────────────────────────────────────────────────────────────────────────────────

async function accountMap(db: DbOrTx, orgId: string): Promise<Map<string, AccountInfo & { handle: string | null }>> {
  const rows = await q.accountsOf(db, orgId);
  return new Map(rows.map((r) => [r.id, { id: r.id, platform: r.platform, name: r.name, handle: r.handle, status: r.status }]));
}

/**
 * Facts about the post's media from the store. Usable: ready, and the OPD's own or an asset of the
 * campaign the post answers (Kominfotik's poster for everyone); anything else (another OPD's upload)
 * is not.
 */
async function mediaFacts(db: DbOrTx, orgId: string, campaignId: string | null, content: PostContent): Promise<Map<string, MediaFacts>> {
  const ids = [...new Set(content.media.map((m) => m.mediaId))];
  const out = new Map<string, MediaFacts>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('media_object').select(['id', 'org_id', 'kind', 'size_bytes', 'duration_ms', 'status']).where('id', 'in', ids).execute();
  const assets = campaignId ? ((await db.selectFrom('campaign').select('asset_media_ids').where('id', '=', campaignId).executeTakeFirst())?.asset_media_ids ?? []) : [];
  for (const id of ids) {
    const r = rows.find((x) => x.id === id);
    out.set(id, r ? { kind: r.kind, sizeBytes: Number(r.size_bytes), durationMs: r.duration_ms === null ? null : Number(r.duration_ms), usable: r.status === 'ready' && (r.org_id === orgId || assets.includes(id)) } : { kind: 'document', sizeBytes: 0, durationMs: null, usable: false });
  }
  return out;
}

async function chainOf(db: DbOrTx, orgId: string): Promise<ChainSettings> {
  const row = await q.chainSettings(db, orgId);
  return row ? { approvalLevels: row.approval_levels, provinceReviewCategories: row.province_review_categories } : DEFAULT_CHAIN;
}

function titleOf(c: PostContent): string {
  const t = c.title.trim() || c.text.trim().split('\n')[0] || '';
  return t.length > 120 ? `${t.slice(0, 119)}…` : t;
}

export interface PostSummary {
  id: string;
  orgId: string;
  orgCode: string;
  orgName: string;
  status: PostStatus;
  statusLabel: { id: string; en: string };
  title: string;
  category: string;
  campaignId: string | null;
  currentVersion: number;
  approvedVersion: number | null;
  scheduledAt: string | null;
  publishedAt: string | null;
  updatedAt: string;
  createdByName: string | null;
  channels: { accountId: string; platform: ChannelPlatform | null; status: string | null; permalink: string | null }[];
}

export interface ListInput {
  orgId?: string | undefined;
  statuses?: PostStatus[] | undefined;
  campaignId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

function decodeCursor(c: string | undefined) {
  if (!c) return undefined;
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const d = new Date(at ?? '');
  if (!id || Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new AppError('bad_request', { reason: 'cursor' });
  return { at: d, id };
}

export async function listPosts(deps: PublishingDeps, actor: Actor, input: ListInput): Promise<{ items: PostSummary[]; nextCursor: string | null }> {
  const scope = orgScope(actor, 'publishing.read');
  if (input.orgId && !inScope(scope, input.orgId)) throw new AppError('not_found');
  const limit = input.limit ?? 50;
  const rows = await q.listPosts(deps.db, { scope, orgId: input.orgId, statuses: input.statuses, campaignId: input.campaignId, from: input.from, to: input.to, q: input.q, cursor: decodeCursor(input.cursor), limit });
  const page = rows.slice(0, limit);
  const pubs = await q.publicationsOf(deps.db, page.map((r) => r.id));
  const platformOf = new Map<string, ChannelPlatform>();
  if (page.length) {
    const accs = await deps.db.selectFrom('channel_account').select(['id', 'platform']).where('org_id', 'in', [...new Set(page.map((r) => r.org_id))]).execute();
    for (const a of accs) platformOf.set(a.id, a.platform);
  }
  const items = page.map((r): PostSummary => {
    const c = readContent(r.content);
    const mine = pubs.filter((p) => p.post_id === r.id);
    return {
      id: r.id,
      orgId: r.org_id,
      orgCode: r.org_code,
      orgName: r.org_name,
      status: r.status,
      statusLabel: STATUS_LABEL[r.status],
      title: titleOf(c),
      category: r.category,
      campaignId: r.campaign_id,
      currentVersion: r.current_version,
      approvedVersion: r.approved_version,
      scheduledAt: iso(r.scheduled_at),
      publishedAt: iso(r.published_at),
      updatedAt: iso(r.updated_at)!,
      createdByName: r.created_by_name,
      channels: c.channels.map((ch) => {
        const p = mine.find((x) => x.account_id === ch.accountId);
        return { accountId: ch.accountId, platform: platformOf.get(ch.accountId) ?? null, status: p?.status ?? null, permalink: p?.permalink ?? null };
      }),
    };
  });
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? Buffer.from(`${new Date(last.sort_at).toISOString()}|${last.id}`).toString('base64url') : null;
  return { items, nextCursor };
}

async function visiblePost(deps: PublishingDeps, actor: Actor, id: string, permission: 'publishing.read' | 'publishing.write' | 'publishing.approve' = 'publishing.read') {
  const row = await q.findPost(deps.db, id);
  if (!row || !inScope(orgScope(actor, 'publishing.read'), row.org_id)) throw new AppError('not_found');
  requirePermission(actor, permission);
  return row;
}

export async function allowedActions(deps: PublishingDeps, actor: Actor, row: q.PostRow): Promise<PostAction[]> {
  const out: PostAction[] = [];
  const writable = has(actor, 'publishing.write') && inScope(orgScope(actor, 'publishing.write'), row.org_id);
  for (const a of ['edit', 'submit', 'withdraw', 'schedule', 'unschedule', 'cancel', 'retry'] as const) if (writable && canStart(a, row.status)) out.push(a);
  if (canStart('approve', row.status) && (has(actor, 'publishing.approve') || has(actor, 'publishing.review'))) {
    const rule = await nextRule(deps.db, row);
    const version = await q.findVersion(deps.db, row.id, row.current_version);
    const approvals = await q.currentApprovals(deps.db, row.id, row.current_version);
    if (rule && !approvalRefusal({ actor, postOrgId: row.org_id, postCreatedBy: row.created_by, versionCreatedBy: version?.created_by ?? null, earlierApprovers: approvals.map((a) => a.decided_by ?? ''), rule })) out.push('approve', 'request_changes');
  }
  return out;
}

async function nextRule(db: DbOrTx, row: q.PostRow) {
  const org = await findOrgById(db, row.org_id);
  const chain = await chainOf(db, row.org_id);
  const approvals = await q.currentApprovals(db, row.id, row.current_version);
  return chainFor(chain, row.category, org?.kind === 'province' ? 'province' : 'opd')[approvals.length] ?? null;
}

export async function getPost(deps: PublishingDeps, actor: Actor, id: string, opts: { version?: number | undefined } = {}) {
  const row = await visiblePost(deps, actor, id);
  const number = opts.version ?? row.current_version;
  const version = await q.findVersion(deps.db, id, number);
  if (!version) throw new AppError('not_found');
  const content = readContent(version.content);
  const [accounts, versions, reviews, pubs, org, chain] = await Promise.all([accountMap(deps.db, row.org_id), q.listVersions(deps.db, id), q.listReviews(deps.db, id), q.publicationsOf(deps.db, [id]), findOrgById(deps.db, row.org_id), chainOf(deps.db, row.org_id)]);
  const metrics = await q.latestMetrics(deps.db, pubs.map((p) => p.id));
  const campaign = row.campaign_id ? await deps.db.selectFrom('campaign').select(['id', 'title', 'key_message', 'hashtags', 'ends_at']).where('id', '=', row.campaign_id).executeTakeFirst() : undefined;
  const coachResult = deps.coach
    ? runCoach(
        {
          text: content.text,
          title: content.title || undefined,
          channels: content.channels.map((ch) => accounts.get(ch.accountId)?.platform).filter((p): p is ChannelPlatform => !!p),
          media: content.media.map((m) => ({ kind: m.kind, altText: m.altText || null })),
          campaign: campaign ? { keyMessage: campaign.key_message, hashtags: campaign.hashtags } : null,
        },
        await deps.coach.get(),
      )
    : null;
  const approvals = await q.currentApprovals(deps.db, id, row.current_version);
  const rules = chainFor(chain, row.category, org?.kind === 'province' ? 'province' : 'opd');
  return {
    id: row.id,
    orgId: row.org_id,
    orgCode: org?.code ?? '',
    orgName: org?.name ?? '',
    status: row.status,
    statusLabel: STATUS_LABEL[row.status],
    category: row.category,
    campaignId: row.campaign_id,
    currentVersion: row.current_version,
    approvedVersion: row.approved_version,
    shownVersion: number,
    scheduledAt: iso(row.scheduled_at),
    publishedAt: iso(row.published_at),
    expiredAt: iso(row.expired_at),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    content,
    variants: content.channels.map((ch) => {
      const acc = accounts.get(ch.accountId);
      return acc ? { ...deriveVariant(content, acc.platform, ch), accountName: acc.name, accountHandle: acc.handle } : null;
    }).filter((v) => v !== null),
    problems: contentProblems(content, accounts, await mediaFacts(deps.db, row.org_id, row.campaign_id, content)),
    coach: coachResult,
    campaign: campaign ? { id: campaign.id, title: campaign.title, keyMessage: campaign.key_message, hashtags: campaign.hashtags, endsAt: iso(campaign.ends_at)! } : null,
    chain: rules.map((r) => ({ level: r.level, kind: r.kind, who: r.who, approvedBy: approvals.find((a) => a.level === r.level)?.decided_by ?? null })),
    approvalsGiven: approvals.length,
    versions: versions.map((v) => ({ number: v.number, createdBy: v.created_by_name, createdAt: iso(v.created_at)! })),
    reviews: reviews.map((r) => ({ id: r.id, version: r.version, level: r.level, decision: r.decision, comment: r.comment, by: r.decided_by_name, at: iso(r.decided_at)! })),
    publications: pubs.map((p) => {
      const m = metrics.find((x) => x.publication_id === p.id);
      return {
        id: p.id,
        accountId: p.account_id,
        accountName: p.account_name,
        platform: p.platform,
        status: p.status,
        attempt: p.attempt,
        externalId: p.external_id,
        permalink: p.permalink,
        error: p.error,
        errorKind: p.error_kind,
        publishedAt: iso(p.published_at),
        metrics: m ? { stage: m.stage, reach: m.reach, impressions: m.impressions, engagement: m.engagement, fetchedAt: iso(m.fetched_at)! } : null,
      };
    }),
    allowedActions: await allowedActions(deps, actor, row),
  };
}

export async function versionDiff(deps: PublishingDeps, actor: Actor, id: string, from: number, to: number) {
  await visiblePost(deps, actor, id);
  const [a, b] = await Promise.all([q.findVersion(deps.db, id, from), q.findVersion(deps.db, id, to)]);
  if (!a || !b) throw new AppError('not_found');
  const ca = readContent(a.content);
  const cb = readContent(b.content);
  return {
    from,
    to,
    title: diffWords(ca.title, cb.title),
    text: diffWords(ca.text, cb.text),
    link: ca.link === cb.link ? null : { before: ca.link, after: cb.link },
    media: JSON.stringify(ca.media) === JSON.stringify(cb.media) ? null : { before: ca.media, after: cb.media },
    channels: JSON.stringify(ca.channels) === JSON.stringify(cb.channels) ? null : { before: ca.channels, after: cb.channels },
  };
}

// ── writing ──────────────────────────────────────────────────────────────────────────────────

function refuse(status: PostStatus, action: PostAction): never {
  throw new AppError('post_transition_invalid', { status: STATUS_LABEL[status].id, action: ACTION_LABEL[action].id });
}

function checkSchedule(deps: PublishingDeps, at: Date | null) {
  if (!at) return;
  const now = nowOf(deps).getTime();
  if (at.getTime() < now - PAST_TOLERANCE_MS) throw new AppError('post_schedule_invalid', { reason: 'waktu sudah lewat; pilih waktu yang akan datang' });
  if (at.getTime() > now + MAX_AHEAD_MS) throw new AppError('post_schedule_invalid', { reason: 'paling lama 400 hari ke depan' });
}

async function ensureAccounts(db: DbOrTx, orgId: string, content: PostContent) {
  const accounts = await accountMap(db, orgId);
  for (const ch of content.channels) {
    if (!accounts.has(ch.accountId)) throw new AppError('post_channel_unavailable', { account: ch.accountId, reason: 'bukan akun OPD ini atau tidak terhubung' });
  }
  return accounts;
}

export interface CreateInput {
  orgId?: string | undefined;
  category?: string | undefined;
  content: PostContent;
  scheduledAt?: Date | null | undefined;
  campaignId?: string | null | undefined;
}

export async function createPost(deps: PublishingDeps, ctx: AuditContext & { actor: Actor }, input: CreateInput) {
  const actor = requirePermission(ctx.actor, 'publishing.write');
  const orgId = input.orgId ?? actor.orgId;
  if (!inScope(orgScope(actor, 'publishing.write'), orgId)) throw new AppError('forbidden');
  checkSchedule(deps, input.scheduledAt ?? null);
  return deps.db.transaction().execute(async (tx) => {
    await ensureAccounts(tx, orgId, input.content);
    if (input.campaignId) {
      const task = await tx.selectFrom('campaign_task').select('status').where('campaign_id', '=', input.campaignId).where('org_id', '=', orgId).executeTakeFirst();
      if (!task) throw new AppError('campaign_invalid', { reason: 'OPD ini bukan sasaran kampanye tersebut' });
    }
    const chain = await chainOf(tx, orgId);
    const category = input.category ?? 'informasi';
    const post = await tx
      .insertInto('post')
      .values({ org_id: orgId, category, campaign_id: input.campaignId ?? null, scheduled_at: input.scheduledAt ?? null, created_by: actor.userId, levels_required: levelsRequired(chain, category) })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await tx.insertInto('post_version').values({ post_id: post.id, number: 1, org_id: orgId, content: JSON.stringify(input.content), created_by: actor.userId }).execute();
    if (input.campaignId) await tx.updateTable('campaign_task').set({ status: 'drafting', post_id: post.id, updated_at: new Date() }).where('campaign_id', '=', input.campaignId).where('org_id', '=', orgId).where('status', '=', 'open').execute();
    if (input.scheduledAt) await scheduleDue(tx, input.scheduledAt);
    await recordAudit(tx, ctx, { orgId, action: 'post.create', targetType: 'post', targetId: post.id, after: { category, scheduledAt: iso(input.scheduledAt), campaignId: input.campaignId ?? null } });
    return { id: post.id, version: 1 };
  });
}

async function lockForWrite(tx: DbOrTx, actor: Actor, id: string, permission: 'publishing.write' | 'publishing.approve' = 'publishing.write') {
  const row = await q.lockPost(tx, id);
  if (!row || !inScope(orgScope(actor, 'publishing.read'), row.org_id)) throw new AppError('not_found');
  if (permission === 'publishing.approve') {
    if (!has(actor, 'publishing.approve') && !has(actor, 'publishing.review')) throw new AppError('forbidden');
  } else if (!inScope(orgScope(actor, permission), row.org_id)) throw new AppError('forbidden');
  return row;
}

function checkSeen(row: q.PostRow, seen: number | undefined) {
  if (seen !== undefined && seen !== row.current_version) throw new AppError('post_version_stale', { current: row.current_version, seen });
}

export interface SaveInput {
  /** the version the editor started from; a newer one means someone else saved meanwhile */
  baseVersion: number;
  content: PostContent;
  category?: string | undefined;
}

/** Saves an edit (also the composer's autosave): a new immutable version when anything changed. */
export async function savePost(deps: PublishingDeps, ctx: AuditContext & { actor: Actor }, id: string, input: SaveInput) {
  const actor = requirePermission(ctx.actor, 'publishing.write');
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockForWrite(tx, actor, id);
    checkSeen(row, input.baseVersion);
    const current = await q.findVersion(tx, id, row.current_version);
    const category = input.category ?? row.category;
    if (current && sameContent(readContent(current.content), input.content) && category === row.category) return { id, version: row.current_version, status: row.status, changed: false };
    if (!canStart('edit', row.status)) refuse(row.status, 'edit');
    await ensureAccounts(tx, row.org_id, input.content);
    const number = row.current_version + 1;
    await tx.insertInto('post_version').values({ post_id: id, number, org_id: row.org_id, content: JSON.stringify(input.content), created_by: actor.userId }).execute();
    const status = row.status === 'draft' || row.status === 'kedaluwarsa' ? row.status : statusAfterEdit();
    const chain = await chainOf(tx, row.org_id);
    await q.updatePost(tx, id, { current_version: number, approved_version: null, status, category, levels_required: levelsRequired(chain, category) });
    if (row.approved_version !== null || row.status === 'diajukan')
      await recordAudit(tx, ctx, { orgId: row.org_id, action: 'post.approval_voided', targetType: 'post', targetId: id, before: { status: row.status, approvedVersion: row.approved_version }, after: { status, version: number } });
    await recordAudit(tx, ctx, { orgId: row.org_id, action: 'post.edit', targetType: 'post', targetId: id, before: { version: row.current_version }, after: { version: number } });
    return { id, version: number, status, changed: true };
  });
}

export async function submitPost(deps: PublishingDeps, ctx: AuditContext & { actor: Actor }, id: string, input: { version: number; comment?: string | undefined }) {
  const actor = requirePermission(ctx.actor, 'publishing.write');
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockForWrite(tx, actor, id);
    checkSeen(row, input.version);
    if (!canStart('submit', row.status)) refuse(row.status, 'submit');
    if (row.scheduled_at && new Date(row.scheduled_at).getTime() < nowOf(deps).getTime() - PAST_TOLERANCE_MS) throw new AppError('post_schedule_invalid', { reason: 'jadwalnya sudah lewat; pilih waktu baru sebelum mengajukan' });
    const version = await q.findVersion(tx, id, row.current_version);
    const content = readContent(version?.content);
    const problems = contentProblems(content, await accountMap(tx, row.org_id), await mediaFacts(tx, row.org_id, row.campaign_id, content));
    if (problems.length) throw new AppError('post_invalid', { reason: problems.map((p) => p.message.id).join(' ') });
    const chain = await chainOf(tx, row.org_id);
    await q.insertReview(tx, { postId: id, version: row.current_version, level: 0, decision: 'submitted', comment: input.comment ?? null, decidedBy: actor.userId });
    await q.updatePost(tx, id, { status: 'diajukan', levels_required: levelsRequired(chain, row.category) });
    await recordAudit(tx, ctx, { orgId: row.org_id, action: 'post.submit', targetType: 'post', targetId: id, before: { status: row.status }, after: { status: 'diajukan', version: row.current_version } });
    await notifyOrg(tx, { orgId: row.org_id, level: 'info', code: 'post_submitted', title: `Postingan menunggu persetujuan: ${titleOf(content)}`, body: `${actor.name} mengajukan versi ${row.current_version}.`, link: `/publikasi/${id}`, dedupeKey: `post-submitted:${id}:${row.current_version}:${Date.now()}` });
    return { id, status: 'diajukan' as const };
  });
}

export async function approvePost(deps: PublishingDeps, ctx: AuditContext & { actor: Actor }, id: string, input: { version: number; comment?: string | undefined }) {
  const actor = ctx.actor;
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockForWrite(tx, actor, id, 'publishing.approve');
    checkSeen(row, input.version);
    if (!canStart('approve', row.status)) refuse(row.status, 'approve');
    const version = await q.findVersion(tx, id, row.current_version);
    const approvals = await q.currentApprovals(tx, id, row.current_version);
    const rule = await nextRule(tx, row);
    if (!rule) refuse(row.status, 'approve');
    const refusal = approvalRefusal({ actor, postOrgId: row.org_id, postCreatedBy: row.created_by, versionCreatedBy: version?.created_by ?? null, earlierApprovers: approvals.map((a) => a.decided_by ?? ''), rule });
    if (refusal === 'self') throw new AppError('post_self_approval');
    if (refusal === 'level') throw new AppError('post_approver_level', { level: rule.level, who: rule.who.id });
    await q.insertReview(tx, { postId: id, version: row.current_version, level: rule.level, decision: 'approved', comment: input.comment ?? null, decidedBy: actor.userId });
    const done = rule.level >= row.levels_required;
    const scheduledAt = row.scheduled_at ? new Date(row.scheduled_at) : null;
    const status: PostStatus = done ? statusWhenApproved(scheduledAt) : 'diajukan';
    await q.updatePost(tx, id, { status, approved_version: done ? row.current_version : null });
    if (done && scheduledAt) await scheduleDue(tx, scheduledAt);
    // its images prepared for each platform now, not at the due minute
    if (done && readContent(version?.content).media.length) await enqueue(tx, 'publishing_prepare', { postId: id }, { jobKey: `post-prepare:${id}`, maxAttempts: 5 });
    await recordAudit(tx, ctx, { orgId: row.org_id, action: 'post.approve', targetType: 'post', targetId: id, before: { status: row.status }, after: { status, version: row.current_version, level: rule.level, final: done } });
    if (done) await notifyOrg(tx, { orgId: row.org_id, level: 'info', code: 'post_approved', title: `Postingan disetujui${scheduledAt ? ' dan terjadwal' : ''}`, body: `Versi ${row.current_version} disetujui oleh ${actor.name}.`, link: `/publikasi/${id}`, dedupeKey: `post-approved:${id}:${row.current_version}:${Date.now()}` });
    return { id, status, level: rule.level, final: done };
  });
}

export async function requestChanges(deps: PublishingDeps, ctx: AuditContext & { actor: Actor }, id: string, input: { version: number; comment: string }) {
  const actor = ctx.actor;
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockForWrite(tx, actor, id, 'publishing.approve');
    checkSeen(row, input.version);
    if (!canStart('request_changes', row.status)) refuse(row.status, 'request_changes');
    const rule = await nextRule(tx, row);
    const version = await q.findVersion(tx, id, row.current_version);
    const approvals = await q.currentApprovals(tx, id, row.current_version);
    if (!rule) refuse(row.status, 'request_changes');
    const refusal = approvalRefusal({ actor, postOrgId: row.org_id, postCreatedBy: row.created_by, versionCreatedBy: version?.created_by ?? null, earlierApprovers: approvals.map((a) => a.decided_by ?? ''), rule });
    if (refusal === 'self') throw new AppError('post_self_approval');
    if (refusal === 'level') throw new AppError('post_approver_level', { level: rule.level, who: rule.who.id });
    await q.insertReview(tx, { postId: id, version: row.current_version, level: rule.level, decision: 'changes_requested', comment: input.comment, decidedBy: actor.userId });
    await q.updatePost(tx, id, { status: 'perlu_revisi', approved_version: null });
    await recordAudit(tx, ctx, { orgId: row.org_id, action: 'post.request_changes', targetType: 'post', targetId: id, before: { status: row.status }, after: { status: 'perlu_revisi', comment: input.comment } });
    await notifyOrg(tx, { orgId: row.org_id, level: 'warning', code: 'post_changes_requested', title: 'Postingan perlu revisi', body: `${actor.name}: ${input.comment}`, link: `/publikasi/${id}`, dedupeKey: `post-revise:${id}:${row.current_version}:${Date.now()}` });
    return { id, status: 'perlu_revisi' as const };
  });
}

export async function withdrawPost(deps: PublishingDeps, ctx: AuditContext & { actor: Actor }, id: string) {
  const actor = requirePermission(ctx.actor, 'publishing.write');
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockForWrite(tx, actor, id);
    if (!canStart('withdraw', row.status)) refuse(row.status, 'withdraw');
    await q.insertReview(tx, { postId: id, version: row.current_version, level: 0, decision: 'withdrawn', comment: null, decidedBy: actor.userId });
    await q.updatePost(tx, id, { status: 'draft', approved_version: null });
    await recordAudit(tx, ctx, { orgId: row.org_id, action: 'post.withdraw', targetType: 'post', targetId: id, before: { status: row.status, approvedVersion: row.approved_version }, after: { status: 'draft' } });
    return { id, status: 'draft' as const };
  });
}

/**
 * Sets or clears the publishing time (also the calendar's drag). The time of an approved post is part
 * of what was approved: only someone who could approve it may move it; the author cannot.
 */
export async function schedulePost(deps: PublishingDeps, ctx: AuditContext & { actor: Actor }, id: string, input: { scheduledAt: Date | null }) {
  const actor = requirePermission(ctx.actor, 'publishing.write');
  checkSchedule(deps, input.scheduledAt);
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockForWrite(tx, actor, id);
    const action: PostAction = input.scheduledAt ? 'schedule' : 'unschedule';
    if (!canStart(action, row.status)) refuse(row.status, action);
    const approved = row.status === 'disetujui' || row.status === 'terjadwal';
    if (approved) {
      const version = await q.findVersion(tx, id, row.current_version);
      const approver = (has(actor, 'publishing.approve') || has(actor, 'publishing.review')) && actor.userId !== row.created_by && actor.userId !== version?.created_by;
      if (!approver) throw new AppError('post_approver_level', { level: 'jadwal', who: 'penyetuju postingan (bukan penulisnya); ajukan ulang bila perlu' });
    }
    let status: PostStatus = row.status;
    if (approved) status = statusWhenApproved(input.scheduledAt);
    else if (row.status === 'kedaluwarsa') status = 'draft';
    await q.updatePost(tx, id, { scheduled_at: input.scheduledAt, status, expired_at: row.status === 'kedaluwarsa' ? null : row.expired_at ? new Date(row.expired_at) : null });
    if (input.scheduledAt) await scheduleDue(tx, input.scheduledAt);
    await recordAudit(tx, ctx, { orgId: row.org_id, action: `post.${action}`, targetType: 'post', targetId: id, before: { status: row.status, scheduledAt: iso(row.scheduled_at) }, after: { status, scheduledAt: iso(input.scheduledAt) } });
    return { id, status, scheduledAt: iso(input.scheduledAt) };
  });
}

export async function cancelPost(deps: PublishingDeps, ctx: AuditContext & { actor: Actor }, id: string, input: { reason?: string | undefined }) {
  const actor = requirePermission(ctx.actor, 'publishing.write');
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockForWrite(tx, actor, id);
    if (!canStart('cancel', row.status)) refuse(row.status, 'cancel');
    await q.updatePost(tx, id, { status: 'dibatalkan' });
    await recordAudit(tx, ctx, { orgId: row.org_id, action: 'post.cancel', targetType: 'post', targetId: id, before: { status: row.status }, after: { status: 'dibatalkan', reason: input.reason ?? null } });
    return { id, status: 'dibatalkan' as const };
  });
}

// ── OPD settings: the approval chain ─────────────────────────────────────────────────────────

export async function getSettings(deps: PublishingDeps, actor: Actor, orgId: string) {
  if (!inScope(orgScope(actor, 'publishing.read'), orgId)) throw new AppError('not_found');
  const chain = await chainOf(deps.db, orgId);
  return { orgId, approvalLevels: chain.approvalLevels, provinceReviewCategories: [...chain.provinceReviewCategories], canEdit: has(actor, 'publishing.settings') && inScope(orgScope(actor, 'publishing.read'), orgId) };
}

export async function putSettings(deps: PublishingDeps, ctx: AuditContext & { actor: Actor }, orgId: string, input: { approvalLevels: number; provinceReviewCategories: string[] }) {
  const actor = requirePermission(ctx.actor, 'publishing.settings');
  if (!inScope(orgScope(actor, 'publishing.settings'), orgId)) throw new AppError('not_found');
  return deps.db.transaction().execute(async (tx) => {
    const before = await chainOf(tx, orgId);
    await tx
      .insertInto('publishing_settings')
      .values({ org_id: orgId, approval_levels: input.approvalLevels, province_review_categories: input.provinceReviewCategories, updated_by: actor.userId })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ approval_levels: input.approvalLevels, province_review_categories: input.provinceReviewCategories, updated_by: actor.userId, updated_at: new Date() }))
      .execute();
    await recordAudit(tx, ctx, { orgId, action: 'publishing.settings', targetType: 'org', targetId: orgId, before, after: input });
    return { orgId, ...input, canEdit: true };
  });
}

// ── accounts a composer may choose ───────────────────────────────────────────────────────────

export async function composerAccounts(deps: PublishingDeps, actor: Actor, orgId: string) {
  if (!inScope(orgScope(actor, 'publishing.read'), orgId)) throw new AppError('not_found');
  const rows = await q.accountsOf(deps.db, orgId);
  return rows.map((r) => ({ id: r.id, platform: r.platform, name: r.name, handle: r.handle, status: r.status, publishable: r.platform !== 'whatsapp' && (r.status === 'active' || r.status === 'expiring') }));
}

// ── per-channel retry ────────────────────────────────────────────────────────────────────────

export async function retryChannel(deps: PublishingDeps & { engine: EngineDeps }, ctx: AuditContext & { actor: Actor }, postId: string, publicationId: string) {
  const actor = requirePermission(ctx.actor, 'publishing.write');
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockForWrite(tx, actor, postId);
    const pub = await tx.selectFrom('publication').selectAll().where('id', '=', publicationId).where('post_id', '=', postId).forUpdate().executeTakeFirst();
    if (!pub) throw new AppError('not_found');
    if (pub.status !== 'failed' && pub.status !== 'ambiguous') throw new AppError('publication_retry_invalid', { platform: pub.platform, status: pub.status });
    if (!['sebagian_gagal', 'gagal', 'menerbitkan'].includes(row.status)) refuse(row.status, 'retry');
    await retryPublication(deps.engine, tx, publicationId, actor.userId);
    await recordAudit(tx, ctx, { orgId: row.org_id, action: 'post.retry_channel', targetType: 'publication', targetId: publicationId, before: { status: pub.status, error: pub.error, attempt: pub.attempt }, after: { status: 'pending', attempt: pub.attempt + 1 } });
  });
  return getPost(deps, ctx.actor, postId);
}

// ── calendar ─────────────────────────────────────────────────────────────────────────────────

export async function calendar(deps: PublishingDeps, actor: Actor, input: { from: Date; to: Date; orgId?: string | undefined }) {
  if (input.to.getTime() - input.from.getTime() > 100 * 86_400_000 || input.to <= input.from) throw new AppError('bad_request', { reason: 'rentang kalender maksimal 100 hari' });
  const posts: PostSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPosts(deps, actor, { orgId: input.orgId, from: input.from, to: input.to, cursor, limit: 200 });
    posts.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && posts.length < 2000);
  const cal = await loadCalendar(deps.db);
  const years = new Set([input.from.getUTCFullYear(), new Date(input.to.getTime() + 7 * 3_600_000).getUTCFullYear()]);
  const fromDay = new Date(input.from.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  const toDay = new Date(input.to.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  const holidays = [...years]
    .flatMap((y) => cal.holidaysOf(y))
    .filter((d) => d.date >= fromDay && d.date <= toDay)
    .map((d) => ({ date: d.date, working: d.working, names: d.entries.map((e) => e.name), kinds: d.entries.map((e) => e.kind) }));
  const campaigns = (await q.campaignsBetween(deps.db, input.from, input.to)).map((c) => ({ id: c.id, title: c.title, startsAt: iso(c.starts_at)!, endsAt: iso(c.ends_at)!, status: c.status, hashtags: c.hashtags }));
  return { from: input.from.toISOString(), to: input.to.toISOString(), posts, holidays, campaigns };
}

/**
 * Best-time hints for an account: the WIB hours whose publications gathered the most engagement per
 * post (latest metric), once there are enough of them to say anything.
 */
export async function bestTimes(deps: PublishingDeps, actor: Actor, accountId: string) {
  const acc = await deps.db.selectFrom('channel_account').select(['id', 'org_id', 'platform']).where('id', '=', accountId).executeTakeFirst();
  if (!acc || !inScope(orgScope(actor, 'publishing.read'), acc.org_id)) throw new AppError('not_found');
  const rows = await deps.db
    .selectFrom('publication as pb')
    .innerJoin(
      (eb) => eb.selectFrom('publication_metric').distinctOn('publication_id').select(['publication_id', 'engagement', 'reach']).orderBy('publication_id').orderBy('fetched_at', 'desc').as('m'),
      (j) => j.onRef('m.publication_id', '=', 'pb.id'),
    )
    .select([sql<number>`extract(hour from pb.published_at at time zone 'Asia/Jakarta')::int`.as('hour'), sql<number>`count(*)::int`.as('posts'), sql<number>`avg(coalesce(m.engagement, 0))::float`.as('engagement'), sql<number>`avg(coalesce(m.reach, 0))::float`.as('reach')])
    .where('pb.account_id', '=', accountId)
    .where('pb.status', '=', 'published')
    .groupBy(sql`1`)
    .execute();
  const total = rows.reduce((s, r) => s + r.posts, 0);
  const MIN_POSTS = 10;
  const hours = rows.filter((r) => r.posts >= 2).sort((a, b) => b.engagement - a.engagement).slice(0, 3);
  return { accountId, platform: acc.platform, enoughData: total >= MIN_POSTS, publications: total, bestHours: total >= MIN_POSTS ? hours.map((h) => ({ hourWib: h.hour, posts: h.posts, avgEngagement: Math.round(h.engagement), avgReach: Math.round(h.reach) })) : [] };
}
