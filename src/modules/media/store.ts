import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { MediaKind } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { ACCEPTED, allowedLabel, formatBytes, KIND_LABEL, limitOf, type MediaLimits } from './kinds.ts';
import { toMeta, type MediaMeta } from './meta.ts';
import { Mp4Probe } from './mp4.ts';
import * as q from './queries.ts';

// Storing an upload as it streams in: the first bytes decide the type (sniffed, never trusted from
// the client), the size is counted as bytes arrive (refused the moment a limit is passed), and the
// bytes go to PostgreSQL in CHUNK_BYTES rows while the rest is still arriving, so memory holds one
// chunk per upload, not the file. Images go through sharp on the way (rotation applied, all metadata
// — EXIF with GPS, XMP, IPTC, ICC — dropped, re-encoded in their own format; larger than the pixel
// limit is refused from the header, before decoding). An object is 'pending' while its bytes
// arrive; any failure deletes it (and its chunks) before the error is answered, and the
// media_cleanup job removes what a crash left behind. Only 'ready' objects are ever served.

sharp.cache(false);
sharp.concurrency(1);

export const CHUNK_BYTES = 1024 * 1024;
/** Bytes read before deciding the type. */
const HEAD_BYTES = 64 * 1024;

export interface MediaDeps {
  db: Db;
  /** PUBLIC_URL, for public media links */
  publicUrl: string;
  limits: MediaLimits;
  /**
   * The OPDs an object is shared with beyond its owner (a campaign's assets with its target OPDs):
   * given by the modules that share media, so staff there may see it.
   */
  sharedWith?: ((mediaId: string) => Promise<readonly string[]>) | undefined;
}

export interface StoreInput {
  /** The upload's bytes (a multipart file stream, a fetch body, a file). */
  stream: AsyncIterable<Uint8Array> | Readable;
  /** The kinds acceptable here; anything else is refused with 415. */
  allow: readonly MediaKind[];
  /** Owning org; null for citizen uploads (reached through the case they are attached to). */
  orgId: string | null;
  origin: 'staff' | 'citizen' | 'system';
  createdBy?: string | null | undefined;
  filename?: string | null | undefined;
  altText?: string | null | undefined;
  /** A limit tighter than the kind's (e.g. citizen photos). */
  maxBytes?: number | undefined;
  /**
   * Keep the object 'held' instead of 'ready': complete, but unusable until claimMedia() in the
   * transaction that binds it (a citizen's photo and its new case). Never claimed → swept.
   */
  hold?: boolean | undefined;
}

function tooLarge(kind: MediaKind | null, limit: number): AppError {
  return new AppError('media_too_large', { kind: kind ? KIND_LABEL[kind].id : 'berkas', limit: formatBytes(limit) });
}

/** Errors of the source stream: a limit of the multipart parser, or the client going away. */
function sourceError(err: unknown, kind: MediaKind | null, limit: number): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(kind, limit);
  return new AppError('media_upload_incomplete');
}

function toBuffer(c: Uint8Array | string): Buffer {
  return typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

/** Writes bytes as fixed-size chunk rows, hashing and counting them. */
class ChunkWriter {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private fill = 0;
  private seq = 0;
  size = 0;
  private hash = createHash('sha256');
  private readonly db: DbOrTx;
  private readonly mediaId: string;

  constructor(db: DbOrTx, mediaId: string) {
    this.db = db;
    this.mediaId = mediaId;
  }

  async write(data: Uint8Array): Promise<void> {
    this.hash.update(data);
    this.size += data.byteLength;
    let off = 0;
    while (off < data.byteLength) {
      const n = Math.min(CHUNK_BYTES - this.fill, data.byteLength - off);
      this.buf.set(data.subarray(off, off + n), this.fill);
      this.fill += n;
      off += n;
      if (this.fill === CHUNK_BYTES) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    if (this.fill === 0) return;
    await q.insertChunk(this.db, this.mediaId, this.seq++, Buffer.from(this.buf.subarray(0, this.fill)));
    this.fill = 0;
  }

  async end(): Promise<{ size: number; sha256: string }> {
    await this.flush();
    return { size: this.size, sha256: this.hash.digest('hex') };
  }
}

/** The upload's first bytes (up to HEAD_BYTES), and an iterator over the rest. */
async function readHead(it: AsyncIterator<Uint8Array | string>, max: number): Promise<{ head: Buffer; ended: boolean }> {
  const parts: Buffer[] = [];
  let len = 0;
  while (len < HEAD_BYTES) {
    const r = await it.next();
    if (r.done) return { head: Buffer.concat(parts), ended: true };
    const b = toBuffer(r.value);
    parts.push(b);
    len += b.length;
    if (len > max) throw tooLarge(null, max);
  }
  return { head: Buffer.concat(parts), ended: false };
}

/** Stores an upload; see StoreInput. Refusals are AppErrors with Indonesian messages; nothing stays stored. */
export async function storeStream(deps: MediaDeps, input: StoreInput): Promise<MediaMeta> {
  const source = (input.stream as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  const cap = (kind: MediaKind) => Math.min(input.maxBytes ?? Number.POSITIVE_INFINITY, limitOf(deps.limits, kind));
  const maxAny = Math.max(...input.allow.map(cap));
  let mediaId: string | null = null;
  let kind: MediaKind | null = null;
  let limit = maxAny;
  try {
    let head: Buffer;
    let ended: boolean;
    try {
      ({ head, ended } = await readHead(source, maxAny));
    } catch (err) {
      throw sourceError(err, null, maxAny);
    }
    const sniffed = head.length ? await fileTypeFromBuffer(head) : undefined;
    const accepted = sniffed ? ACCEPTED[sniffed.mime] : undefined;
    if (!sniffed || !accepted || !input.allow.includes(accepted.kind)) {
      throw new AppError('media_type_refused', { detected: head.length === 0 ? 'berkas kosong' : sniffed ? sniffed.mime : 'tidak dikenali', allowed: allowedLabel(input.allow) });
    }
    kind = accepted.kind;
    limit = cap(kind);
    if (head.length > limit) throw tooLarge(kind, limit);
    const mime = sniffed.mime;
    // An image's header tells its dimensions: a decompression bomb is refused before anything is stored.
    if (kind === 'image') await refuseHugeImage(head, deps.limits.imagePixels);

    const lim = limit;
    const k = kind;
    async function* bytes(): AsyncGenerator<Buffer> {
      yield head;
      if (ended) return;
      let total = head.length;
      for (;;) {
        let r: IteratorResult<Uint8Array | string>;
        try {
          r = await source.next();
        } catch (err) {
          throw sourceError(err, k, lim);
        }
        if (r.done) return;
        const b = toBuffer(r.value);
        total += b.length;
        if (total > lim) throw tooLarge(k, lim);
        yield b;
      }
    }

    const outMime = kind === 'image' ? imageOutput(mime).mime : mime;
    mediaId = await q.insertPending(deps.db, { orgId: input.orgId, kind, mime: outMime, chunkBytes: CHUNK_BYTES, origin: input.origin, filename: cleanName(input.filename), altText: input.altText?.trim() || null, createdBy: input.createdBy ?? null });
    const writer = new ChunkWriter(deps.db, mediaId);
    let dims: { width: number | null; height: number | null; durationMs: number | null } = { width: null, height: null, durationMs: null };
    if (kind === 'image') {
      dims = await writeImage(bytes(), mime, deps.limits.imagePixels, writer);
    } else {
      const probe = mime === 'video/mp4' || mime === 'video/x-m4v' || mime === 'video/quicktime' ? new Mp4Probe() : null;
      for await (const b of bytes()) {
        probe?.push(b);
        await writer.write(b);
      }
      if (probe) dims = { ...probe.result };
    }
    const { size, sha256 } = await writer.end();
    const row = await q.finish(deps.db, mediaId, { status: input.hold ? 'held' : 'ready', sizeBytes: size, sha256, width: dims.width, height: dims.height, durationMs: dims.durationMs });
    return toMeta(row);
  } catch (err) {
    if (mediaId) await q.deleteMedia(deps.db, [mediaId]).catch(() => undefined);
    // Stop reading what the client still sends for this file.
    await source.return?.(undefined)?.catch(() => undefined);
    if (err instanceof AppError) throw err;
    throw sourceError(err, kind, limit);
  }
}

function cleanName(name: string | null | undefined): string | null {
  if (!name) return null;
  // Only for display: the last path segment, printable characters, bounded.
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f<>"]/g, '').trim().slice(0, 200);
  return clean || null;
}

async function refuseHugeImage(head: Buffer, maxPixels: number): Promise<void> {
  let meta: Metadata;
  try {
    // Reads the header only; a head cut before the dimensions simply tells nothing here.
    meta = await sharp(head, { limitInputPixels: false, failOn: 'none' }).metadata();
  } catch {
    return;
  }
  const w = meta.width ?? 0;
  const h = meta.pageHeight ?? meta.height ?? 0;
  if (w * h > maxPixels) throw new AppError('media_image_too_many_pixels', { dimensions: `${w}×${h} piksel`, max: Math.floor(maxPixels / 1_000_000) });
}

/** The format a stored image is re-encoded in: its own. */
export function imageOutput(mime: string): { mime: string; apply: (s: Sharp) => Sharp; animated: boolean; orient: boolean } {
  switch (mime) {
    case 'image/png':
      return { mime, apply: (s) => s.png({ compressionLevel: 6 }), animated: false, orient: true };
    case 'image/webp':
      return { mime, apply: (s) => s.webp({ quality: 90 }), animated: true, orient: false };
    case 'image/gif':
      return { mime, apply: (s) => s.gif(), animated: true, orient: false };
    default:
      return { mime: 'image/jpeg', apply: (s) => s.jpeg({ quality: 90 }), animated: false, orient: true };
  }
}

function imageError(err: unknown, maxPixels: number): AppError {
  if (err instanceof AppError) return err;
  const message = String((err as Error)?.message ?? err);
  if (/pixel limit/i.test(message)) return new AppError('media_image_too_many_pixels', { dimensions: 'melebihi batas', max: Math.floor(maxPixels / 1_000_000) });
  const reason = message.split('\n')[0]!.replace(/^Input (buffer|file) /i, '').slice(0, 160) || 'tidak dapat diurai';
  return new AppError('media_image_invalid', { reason });
}

async function writeImage(input: AsyncIterable<Buffer>, mime: string, maxPixels: number, writer: ChunkWriter): Promise<{ width: number | null; height: number | null; durationMs: null }> {
  const out = imageOutput(mime);
  let info: OutputInfo | null = null;
  let transformer = sharp({ limitInputPixels: maxPixels, failOn: 'error', animated: out.animated, sequentialRead: true });
  if (out.orient) transformer = transformer.autoOrient();
  transformer = out.apply(transformer);
  transformer.on('info', (i: OutputInfo) => {
    info = i;
  });
  try {
    await pipeline(Readable.from(input), transformer, async function (encoded: AsyncIterable<Buffer>) {
      for await (const b of encoded) await writer.write(b);
    });
  } catch (err) {
    throw imageError(err, maxPixels);
  }
  const i = info as OutputInfo | null;
  if (!i || writer.size === 0) throw new AppError('media_image_invalid', { reason: 'gambar kosong' });
  return { width: i.width ?? null, height: i.pageHeight ?? i.height ?? null, durationMs: null };
}

/** held → ready, in the caller's transaction (which binds the objects, e.g. to a new case). */
export async function claimMedia(tx: DbOrTx, ids: readonly string[]): Promise<string[]> {
  return q.claim(tx, ids);
}

/** Deletes objects (and their chunks and derived images): e.g. uploads of a refused submission. */
export async function discardMedia(db: DbOrTx, ids: readonly string[]): Promise<number> {
  return q.deleteMedia(db, ids);
}
