import { sql, type Selectable } from 'kysely';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { MediaKind, MediaObjectTable, MediaStatus } from '../../platform/db/schema.ts';

// All SQL of the media store. Every function takes the database or an open transaction first.

export type MediaRow = Selectable<MediaObjectTable>;

export interface NewMedia {
  orgId: string | null;
  kind: MediaKind;
  mime: string;
  chunkBytes: number;
  origin: 'staff' | 'citizen' | 'derived' | 'system';
  filename?: string | null | undefined;
  altText?: string | null | undefined;
  sourceId?: string | null | undefined;
  profile?: string | null | undefined;
  createdBy?: string | null | undefined;
}

export async function insertPending(db: DbOrTx, m: NewMedia): Promise<string> {
  const row = await db
    .insertInto('media_object')
    .values({
      org_id: m.orgId,
      kind: m.kind,
      mime: m.mime,
      chunk_bytes: m.chunkBytes,
      origin: m.origin,
      filename: m.filename ?? null,
      alt_text: m.altText ?? null,
      source_id: m.sourceId ?? null,
      profile: m.profile ?? null,
      created_by: m.createdBy ?? null,
      status: 'pending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A derived object's pending row, unless one exists for (source, profile): then null. */
export async function insertDerivedPending(db: DbOrTx, m: NewMedia): Promise<string | null> {
  const row = await db
    .insertInto('media_object')
    .values({ org_id: m.orgId, kind: m.kind, mime: m.mime, chunk_bytes: m.chunkBytes, origin: 'derived', alt_text: m.altText ?? null, source_id: m.sourceId!, profile: m.profile!, created_by: m.createdBy ?? null, status: 'pending' })
    .onConflict((oc) => oc.columns(['source_id', 'profile']).where('source_id', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function insertChunk(db: DbOrTx, mediaId: string, seq: number, data: Buffer): Promise<void> {
  await db.insertInto('media_chunk').values({ media_id: mediaId, seq, data }).execute();
}

export async function finish(
  db: DbOrTx,
  id: string,
  f: { status: MediaStatus; sizeBytes: number; sha256: string; width: number | null; height: number | null; durationMs: number | null },
): Promise<MediaRow> {
  return db
    .updateTable('media_object')
    .set({ status: f.status, size_bytes: f.sizeBytes, sha256: f.sha256, width: f.width, height: f.height, duration_ms: f.durationMs, ready_at: f.status === 'ready' ? new Date() : null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findMedia(db: DbOrTx, id: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media_object').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDerived(db: DbOrTx, sourceId: string, profile: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media_object').selectAll().where('source_id', '=', sourceId).where('profile', '=', profile).executeTakeFirst();
}

export async function derivedOf(db: DbOrTx, sourceId: string): Promise<MediaRow[]> {
  return db.selectFrom('media_object').selectAll().where('source_id', '=', sourceId).where('status', '=', 'ready').orderBy('profile').execute();
}

export async function deleteMedia(db: DbOrTx, ids: readonly string[]): Promise<number> {
  if (!ids.length) return 0;
  const r = await db.deleteFrom('media_object').where('id', 'in', [...ids]).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** held → ready for the given ids, in the binding transaction; returns the ids claimed. */
export async function claim(db: DbOrTx, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.updateTable('media_object').set({ status: 'ready', ready_at: new Date() }).where('id', 'in', [...ids]).where('status', '=', 'held').returning('id').execute();
  return rows.map((r) => r.id);
}

/** Chunks [fromSeq, toSeq] in order, at most `limit`. */
export async function chunks(db: DbOrTx, mediaId: string, fromSeq: number, toSeq: number, limit: number): Promise<{ seq: number; data: Buffer }[]> {
  return db.selectFrom('media_chunk').select(['seq', 'data']).where('media_id', '=', mediaId).where('seq', '>=', fromSeq).where('seq', '<=', toSeq).orderBy('seq').limit(limit).execute();
}

export async function signingKey(db: DbOrTx, name: string, fresh: Buffer): Promise<Buffer> {
  await db.insertInto('media_secret').values({ name, secret: fresh }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('media_secret').select('secret').where('name', '=', name).executeTakeFirstOrThrow();
  return row.secret;
}

/** Uploads abandoned mid-way (pending) and completed uploads nobody claimed (held), oldest first. */
export async function sweepUnfinished(db: DbOrTx, pendingOlderThanMs: number, heldOlderThanMs: number, limit: number): Promise<number> {
  const r = await sql<{ id: string }>`
    delete from media_object where id in (
      select id from media_object
       where (status = 'pending' and created_at < now() - make_interval(secs => ${pendingOlderThanMs / 1000}))
          or (status = 'held' and created_at < now() - make_interval(secs => ${heldOlderThanMs / 1000}))
       order by created_at
       limit ${limit})
    returning id`.execute(db);
  return r.rows.length;
}
