import type { MediaKind, MediaStatus } from '../../platform/db/schema.ts';
import type { MediaRow } from './queries.ts';

/** What other modules and the API see of a stored object. Sizes in bytes; times ISO 8601 UTC. */
export interface MediaMeta {
  id: string;
  orgId: string | null;
  kind: MediaKind;
  mime: string;
  sizeBytes: number;
  chunkBytes: number;
  sha256: string | null;
  width: number | null;
  height: number | null;
  /** null: unknown (a video that could not be probed without ffmpeg), or not a video */
  durationMs: number | null;
  status: MediaStatus;
  origin: 'staff' | 'citizen' | 'derived' | 'system';
  filename: string | null;
  altText: string | null;
  sourceId: string | null;
  profile: string | null;
  createdBy: string | null;
  createdAt: string;
  readyAt: string | null;
}

export function toMeta(r: MediaRow): MediaMeta {
  return {
    id: r.id,
    orgId: r.org_id,
    kind: r.kind,
    mime: r.mime,
    sizeBytes: Number(r.size_bytes),
    chunkBytes: r.chunk_bytes,
    sha256: r.sha256,
    width: r.width,
    height: r.height,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    status: r.status,
    origin: r.origin,
    filename: r.filename,
    altText: r.alt_text,
    sourceId: r.source_id,
    profile: r.profile,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    readyAt: r.ready_at ? new Date(r.ready_at).toISOString() : null,
  };
}
