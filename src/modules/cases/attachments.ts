import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import { enqueueMany } from '../../platform/jobs/index.ts';
import type { CaseAttachmentTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { sql, type Insertable } from 'kysely';
import { interactionMedia, type MediaRef } from '../inbox/index.ts';
import { maskPersonalData } from '../language/index.ts';
import { claimMedia, getMeta as readyMeta, publicUrl, sendMedia, storeStream, type MediaDeps, type MediaMeta } from '../media/index.ts';
import { orgScope, recordAudit, type Actor, type AuditContext } from '../org/index.ts';
import { denialReason } from './lifecycle.ts';
import * as q from './queries.ts';

// Attachments of a case: photos a citizen sent with the public form or an Open311 `media` upload
// (stored in the media store, EXIF and GPS stripped), the `media_url` an Open311 client gave (kept
// as given, never fetched), the photos, videos and documents of WhatsApp/Telegram/Messenger messages
// that became the case or a reply on it (their platform reference is recorded; WhatsApp and Telegram
// files are then downloaded into the store with the account's token by `case_media_fetch`), and the
// files staff attach. Staff see them in the case detail; the public never does, except a stored photo
// staff marked public after checking it (Open311 media_url).

export type NewAttachment = Omit<Insertable<CaseAttachmentTable>, 'case_id'>;

const PLATFORM_LABEL: Record<string, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', facebook: 'Messenger', instagram: 'Instagram' };
const KIND_WORD: Record<MediaRef['kind'], string> = { image: 'Foto', video: 'Video', document: 'Dokumen', audio: 'Pesan suara', other: 'Lampiran' };

export async function insertAttachments(tx: DbOrTx, caseId: string, rows: NewAttachment[]): Promise<string[]> {
  if (!rows.length) return [];
  const r = await tx
    .insertInto('case_attachment')
    // clock_timestamp(): rows of one transaction keep the order they were sent in (photo 1, 2, …).
    .values(rows.map((a) => ({ ...a, case_id: caseId, created_at: sql<Date>`clock_timestamp()` })))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return r.map((x) => x.id);
}

/**
 * Citizen photos stored 'held' by the media store become the case's attachments, in the case's
 * own transaction (claimed: ready), so a crash between upload and case leaves no orphan usable.
 */
export async function attachCitizenPhotos(tx: DbOrTx, caseId: string, source: 'web' | 'open311', photos: readonly { mediaId: string; mime: string }[]): Promise<void> {
  if (!photos.length) return;
  const claimed = await claimMedia(tx, photos.map((p) => p.mediaId));
  if (claimed.length !== photos.length) throw new AppError('media_upload_incomplete');
  await insertAttachments(
    tx,
    caseId,
    photos.map((p, i) => ({ source, media_id: p.mediaId, kind: 'image' as const, mime: p.mime, alt_text: `Foto ${i + 1} dari pelapor (${source === 'web' ? 'formulir aduan' : 'Open311'})` })),
  );
}

/** Platforms whose files Dayung downloads into the store with the account's token (the others give short-lived URLs or nothing). */
const DOWNLOADABLE = new Set(['whatsapp', 'telegram']);

/**
 * The media of a citizen's message (the case's source, a reply, a joined reporter) recorded on the
 * case; WhatsApp and Telegram files are then downloaded into the media store by `case_media_fetch`
 * (WhatsApp keeps them 30 days), in the same transaction's job.
 */
export async function attachFromInteraction(tx: DbOrTx, caseId: string, interactionId: string): Promise<number> {
  const { platform, refs } = await interactionMedia(tx, interactionId);
  const ids = await insertAttachments(
    tx,
    caseId,
    refs.map((r) => ({
      source: 'channel' as const,
      platform,
      interaction_id: interactionId,
      external_ref: r.ref?.slice(0, 500) ?? null,
      external_url: r.url?.slice(0, 1000) ?? null,
      kind: r.kind,
      mime: r.mime?.slice(0, 100) ?? null,
      caption: r.caption?.slice(0, 2000) ?? null,
      alt_text: `${KIND_WORD[r.kind]} dari pelapor melalui ${PLATFORM_LABEL[platform] ?? platform}`,
    })),
  );
  if (DOWNLOADABLE.has(platform) && ids.length) await enqueueMany(tx, ids.map((id) => ({ name: 'case_media_fetch', payload: { attachmentId: id }, jobKey: `case-media:${id}`, maxAttempts: 6 })));
  return ids.length;
}

/** What a citizen's file may be in the store, and how large (WhatsApp video ≤ 16 MB, Telegram bot downloads ≤ 20 MB). */
const FETCH_KINDS = ['image', 'video', 'document'] as const;
export const CITIZEN_FILE_MAX_BYTES = 20 * 1024 * 1024;

export interface MediaFetchDeps {
  db: Db;
  /** Downloads a citizen's file on the account's channel (channels.downloadInboundMedia). */
  fetchMedia: (accountId: string, ref: string, maxBytes: number) => Promise<{ data: Uint8Array; mime: string | null }>;
  media: MediaDeps;
}

/**
 * Downloads a WhatsApp/Telegram file recorded on a case into the media store (images re-encoded
 * without EXIF/GPS, as every citizen photo) and binds it to the attachment: stored held, claimed in the
 * transaction that sets the attachment's media, so a crash in between leaves nothing usable behind.
 * 'stored', 'skipped' (nothing to do), or 'refused' (the platform or the store refused it for good:
 * the reference stays and says why in the log).
 */
export async function fetchAttachmentMedia(deps: MediaFetchDeps, attachmentId: string, logger?: { warn(o: object, m: string): void }): Promise<'stored' | 'skipped' | 'refused'> {
  const a = await deps.db.selectFrom('case_attachment').select(['id', 'case_id', 'media_id', 'external_ref', 'interaction_id', 'platform', 'kind']).where('id', '=', attachmentId).executeTakeFirst();
  if (!a || a.media_id || !a.external_ref || !a.interaction_id || !DOWNLOADABLE.has(a.platform ?? '')) return 'skipped';
  if (!(FETCH_KINDS as readonly string[]).includes(a.kind)) return 'skipped';
  const { accountId } = await interactionMedia(deps.db, a.interaction_id);
  if (!accountId) return 'skipped';
  let file: { data: Uint8Array; mime: string | null };
  try {
    file = await deps.fetchMedia(accountId, a.external_ref, CITIZEN_FILE_MAX_BYTES);
  } catch (err) {
    const kind = (err as { kind?: string }).kind;
    if (kind === 'transient' || kind === 'rate_limited') throw err;
    logger?.warn({ attachmentId, err: (err as Error).message }, 'citizen file not downloaded');
    return 'refused';
  }
  let meta: MediaMeta;
  try {
    meta = await storeStream(deps.media, { stream: Readable.from([file.data]), allow: FETCH_KINDS, orgId: null, origin: 'citizen', hold: true, maxBytes: CITIZEN_FILE_MAX_BYTES });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    logger?.warn({ attachmentId, err: err.message }, 'citizen file refused by the media store');
    return 'refused';
  }
  const bound = await deps.db.transaction().execute(async (tx) => {
    const n = await tx.updateTable('case_attachment').set({ media_id: meta.id, mime: meta.mime.slice(0, 100), kind: meta.kind }).where('id', '=', a.id).where('media_id', 'is', null).executeTakeFirst();
    if (Number(n.numUpdatedRows) !== 1) return false;
    await claimMedia(tx, [meta.id]);
    return true;
  });
  return bound ? 'stored' : 'skipped';
}

function rowsOf(db: DbOrTx, caseId: string) {
  return db
    .selectFrom('case_attachment as a')
    .leftJoin('media_object as m', 'm.id', 'a.media_id')
    .select(['a.id', 'a.source', 'a.media_id', 'a.external_url', 'a.external_ref', 'a.platform', 'a.interaction_id', 'a.kind', 'a.mime', 'a.caption', 'a.alt_text', 'a.public', 'a.published_at', 'a.created_at', 'm.width', 'm.height', 'm.size_bytes', 'm.status as media_status'])
    .where('a.case_id', '=', caseId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}

/** For the case detail (staff): what each attachment is and where the staff UI loads a stored one. */
export async function attachmentsView(db: DbOrTx, caseId: string) {
  const rows = await rowsOf(db, caseId);
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    kind: r.kind,
    mime: r.mime,
    // Stored bytes: through the authenticated API only (the case's visibility rules apply).
    contentUrl: r.media_id && r.media_status === 'ready' ? `/api/cases/${caseId}/attachments/${r.id}` : null,
    // An Open311 client's own link, as given (not fetched by Dayung).
    externalUrl: r.external_url,
    externalRef: r.external_ref,
    platform: r.platform,
    interactionId: r.interaction_id,
    // The citizen's own words may carry personal data.
    caption: r.caption ? maskPersonalData(r.caption) : null,
    altText: r.alt_text,
    width: r.width,
    height: r.height,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    public: r.public,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export type AttachmentView = Awaited<ReturnType<typeof attachmentsView>>[number];

async function visibleCase(db: DbOrTx, actor: Actor, caseId: string) {
  const row = await q.findCase(db, caseId, orgScope(actor, 'cases.read'));
  if (!row) throw new AppError('not_found');
  return row;
}

async function attachmentOf(db: DbOrTx, caseId: string, attachmentId: string) {
  const a = await db.selectFrom('case_attachment').selectAll().where('id', '=', attachmentId).where('case_id', '=', caseId).executeTakeFirst();
  if (!a) throw new AppError('not_found');
  return a;
}

/** The bytes of a stored attachment for staff who may see the case (Range supported). */
export async function sendAttachment(db: DbOrTx, actor: Actor, caseId: string, attachmentId: string, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  await visibleCase(db, actor, caseId);
  const a = await attachmentOf(db, caseId, attachmentId);
  if (!a.media_id) throw new AppError('not_found');
  const meta = await readyMeta(db, a.media_id);
  return sendMedia(db, req, reply, meta, { cache: 'private, no-store' });
}

/**
 * Marks a stored photo public (or private again): the one decision that lets a citizen's photo out
 * (as Open311 media_url), taken by who may verify the case, after checking it shows no faces,
 * number plates, documents or homes that identify someone. Audited.
 */
export async function setAttachmentPublic(db: DbOrTx, actor: Actor, caseId: string, attachmentId: string, isPublic: boolean, audit: AuditContext) {
  const row = await visibleCase(db, actor, caseId);
  const reason = denialReason(actor, 'verify', { orgId: row.org_id });
  if (reason) throw new AppError('case_action_forbidden', { action: 'mengubah sifat lampiran', code: row.code, reason });
  const a = await attachmentOf(db, caseId, attachmentId);
  if (isPublic && (!a.media_id || a.kind !== 'image')) throw new AppError('bad_request', { reason: 'hanya foto yang tersimpan di Dayung yang dapat dipublikasikan' });
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('case_attachment').set({ public: isPublic, published_by: isPublic ? actor.userId : null, published_at: isPublic ? new Date() : null }).where('id', '=', a.id).execute();
    await recordAudit(tx, audit, { action: 'case.attachment_public', targetType: 'complaint_case', targetId: caseId, orgId: row.org_id, before: { attachmentId: a.id, public: a.public }, after: { attachmentId: a.id, public: isPublic } });
  });
  return (await attachmentsView(db, caseId)).find((x) => x.id === a.id)!;
}

/** The public URL of the first stored photo staff marked public, if any (Open311 media_url). */
export async function publicPhotoUrl(deps: { db: DbOrTx; publicUrl: string }, caseId: string): Promise<string | null> {
  const a = await deps.db
    .selectFrom('case_attachment as a')
    .innerJoin('media_object as m', 'm.id', 'a.media_id')
    .select('a.media_id')
    .where('a.case_id', '=', caseId)
    .where('a.public', '=', true)
    .where('m.status', '=', 'ready')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .executeTakeFirst();
  return a?.media_id ? publicUrl(deps, a.media_id) : null;
}
