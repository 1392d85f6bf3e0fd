import type { Readable } from 'node:stream';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { MediaKind } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { inScope, orgScope, recordAudit, requirePermission, type Actor, type AuditContext } from '../org/index.ts';
import type { MediaMeta } from './meta.ts';
import { prepareImage, PROFILES, type ProfileName } from './prepare.ts';
import * as q from './queries.ts';
import { readyMeta } from './read.ts';
import { publicUrl } from './signing.ts';
import { storeStream, type MediaDeps } from './store.ts';
import { toMeta } from './meta.ts';

// Use cases of OPD staff on the media store: upload (streamed), metadata, content, prepared
// versions. Tenancy: an object belongs to the org of the user who uploaded it; province roles see
// every org's. Citizen uploads (no org) are never reached here: only through their case.

export const STAFF_KINDS: readonly MediaKind[] = ['image', 'video', 'document'];

export interface MediaView extends MediaMeta {
  /** Public, unguessable URL (what platforms fetch). */
  url: string;
  derived: { profile: string; label: string; id: string; url: string; width: number | null; height: number | null; sizeBytes: number }[];
}

async function view(deps: MediaDeps, meta: MediaMeta, withDerived: boolean): Promise<MediaView> {
  const derived = withDerived ? await q.derivedOf(deps.db, meta.id) : [];
  return {
    ...meta,
    url: await publicUrl(deps, meta.id),
    derived: await Promise.all(
      derived.map(async (d) => ({
        profile: d.profile!,
        label: (PROFILES as Record<string, { label: string }>)[d.profile!]?.label ?? d.profile!,
        id: d.id,
        url: await publicUrl(deps, d.id),
        width: d.width,
        height: d.height,
        sizeBytes: Number(d.size_bytes),
      })),
    ),
  };
}

/** A ready object the actor may see (its org, or an OPD it is shared with, in the actor's scope), else 404. */
export async function visibleMedia(deps: MediaDeps, actor: Actor, id: string): Promise<MediaMeta> {
  const scope = orgScope(actor, 'media.read');
  const meta = await readyMeta(deps.db, id);
  if (inScope(scope, meta.orgId)) return meta;
  const shared = deps.sharedWith ? await deps.sharedWith(meta.id) : [];
  if (!shared.some((orgId) => inScope(scope, orgId))) throw new AppError('not_found');
  return meta;
}

/** Kind and alt text of ready objects (e.g. a campaign's assets on its board), in the order given; missing ones left out. */
export async function mediaSummaries(db: DbOrTx, ids: readonly string[]): Promise<{ id: string; kind: MediaMeta['kind']; mime: string; altText: string | null; orgId: string | null }[]> {
  if (!ids.length) return [];
  // derived objects (an image prepared for a platform) are not the staff's own files
  const rows = await db.selectFrom('media_object').select(['id', 'kind', 'mime', 'alt_text', 'org_id']).where('id', 'in', [...ids]).where('status', '=', 'ready').where('source_id', 'is', null).execute();
  const by = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = by.get(id);
    return r ? [{ id: r.id, kind: r.kind as MediaMeta['kind'], mime: r.mime, altText: r.alt_text, orgId: r.org_id }] : [];
  });
}

/** Describes an object for screen-reader users (its alt text), in the caller's transaction. */
export async function setAltText(db: DbOrTx, id: string, altText: string | null): Promise<void> {
  await db.updateTable('media_object').set({ alt_text: altText }).where('id', '=', id).execute();
}

/** Stores a staff upload, owned by the actor's OPD or, for staff who may upload for it (the province writing on an OPD's behalf), the OPD given. */
export async function upload(deps: MediaDeps, actor: Actor, file: { stream: Readable; filename?: string | undefined; altText?: string | undefined; orgId?: string | undefined }, audit: AuditContext): Promise<MediaView> {
  requirePermission(actor, 'media.upload');
  const orgId = file.orgId ?? actor.orgId;
  if (!inScope(orgScope(actor, 'media.upload'), orgId)) throw new AppError('forbidden');
  const meta = await storeStream(deps, { stream: file.stream, allow: STAFF_KINDS, orgId, origin: 'staff', createdBy: actor.userId, filename: file.filename, altText: file.altText });
  await recordAudit(deps.db, audit, { action: 'media.upload', targetType: 'media_object', targetId: meta.id, orgId, after: { kind: meta.kind, mime: meta.mime, sizeBytes: meta.sizeBytes, sha256: meta.sha256 } });
  return view(deps, meta, false);
}

export async function getMedia(deps: MediaDeps, actor: Actor, id: string): Promise<MediaView> {
  return view(deps, await visibleMedia(deps, actor, id), true);
}

export async function prepare(deps: MediaDeps, actor: Actor, id: string, profile: ProfileName): Promise<MediaView> {
  requirePermission(actor, 'media.upload');
  const src = await visibleMedia(deps, actor, id);
  const derived = await prepareImage(deps, src.id, profile, { createdBy: actor.userId });
  const row = await q.findMedia(deps.db, derived.id);
  return view(deps, row ? toMeta(row) : derived, false);
}
