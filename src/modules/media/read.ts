import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { toMeta, type MediaMeta } from './meta.ts';
import * as q from './queries.ts';

// Reading stored bytes back: a stream over the chunk rows (a few rows per query, so a 2 GB video
// never sits in memory and no transaction stays open), with byte ranges for HTTP Range requests;
// and one function that answers an HTTP request with an object (Range, HEAD, ETag, nosniff).

const ROWS_PER_QUERY = 4;

export interface ByteRange {
  /** first byte, inclusive */
  start: number;
  /** last byte, inclusive */
  end: number;
}

/** A ready object's metadata, or 404. */
export async function readyMeta(db: DbOrTx, id: string): Promise<MediaMeta> {
  const row = await q.findMedia(db, id);
  if (!row || row.status !== 'ready') throw new AppError('not_found');
  return toMeta(row);
}

/** The bytes of a ready object (all, or one range) as a stream. */
export function streamOf(db: DbOrTx, meta: Pick<MediaMeta, 'id' | 'sizeBytes' | 'chunkBytes'>, range?: ByteRange): Readable {
  const start = range?.start ?? 0;
  const end = Math.min(range?.end ?? meta.sizeBytes - 1, meta.sizeBytes - 1);
  async function* gen(): AsyncGenerator<Buffer> {
    if (meta.sizeBytes === 0 || end < start) return;
    const firstSeq = Math.floor(start / meta.chunkBytes);
    const lastSeq = Math.floor(end / meta.chunkBytes);
    let seq = firstSeq;
    while (seq <= lastSeq) {
      const rows = await q.chunks(db, meta.id, seq, lastSeq, ROWS_PER_QUERY);
      if (!rows.length) throw new Error(`media ${meta.id}: chunk ${seq} missing`);
      for (const r of rows) {
        if (r.seq !== seq) throw new Error(`media ${meta.id}: chunk ${seq} missing`);
        const base = r.seq * meta.chunkBytes;
        const from = Math.max(0, start - base);
        const to = Math.min(r.data.length, end - base + 1);
        yield from === 0 && to === r.data.length ? r.data : r.data.subarray(from, to);
        seq++;
      }
    }
  }
  return Readable.from(gen(), { objectMode: false });
}

/** Opens a ready object for reading: its metadata and a stream of its bytes (or of one range). */
export async function openReadStream(db: DbOrTx, id: string, range?: ByteRange): Promise<{ meta: MediaMeta; stream: Readable }> {
  const meta = await readyMeta(db, id);
  return { meta, stream: streamOf(db, meta, range) };
}

/** Parses a single-range `Range: bytes=…` header; null when absent or not satisfiable as one range. */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export interface SendOptions {
  /** Cache-Control */
  cache: string;
  /** Extra headers (e.g. cross-origin resource policy). */
  headers?: Record<string, string> | undefined;
}

/**
 * Answers a request with a ready object: Content-Type from the stored (sniffed) type, nosniff,
 * Content-Disposition inline for images only (everything else downloads), a strict CSP, ETag from
 * the SHA-256, Range (one range, 206/416) and HEAD without reading the bytes.
 */
export function sendMedia(db: DbOrTx, req: FastifyRequest, reply: FastifyReply, meta: MediaMeta, opts: SendOptions): FastifyReply {
  const etag = `"${meta.sha256}"`;
  const ext = meta.mime.split('/')[1]?.replace(/^x-/, '').replace('quicktime', 'mov').replace('jpeg', 'jpg') ?? 'bin';
  const name = `${meta.kind === 'image' ? 'gambar' : meta.kind}-${meta.id.slice(0, 8)}.${ext}`;
  reply
    .header('content-type', meta.mime)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', meta.kind === 'image' ? `inline; filename="${name}"` : `attachment; filename="${name}"`)
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', opts.cache)
    .header('etag', etag)
    .header('accept-ranges', 'bytes');
  if (opts.headers) reply.headers(opts.headers);
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  const range = parseRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, meta.sizeBytes);
  if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${meta.sizeBytes}`).type('text/plain; charset=utf-8').send('');
  if (range) {
    reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${meta.sizeBytes}`).header('content-length', String(range.end - range.start + 1));
    if (req.method === 'HEAD') return reply.send(Readable.from([]));
    return reply.send(streamOf(db, meta, range));
  }
  reply.header('content-length', String(meta.sizeBytes));
  // HEAD: an empty stream keeps Content-Length and reads nothing from the database.
  if (req.method === 'HEAD') return reply.send(Readable.from([]));
  return reply.send(streamOf(db, meta));
}
