import type { ChannelPlatform } from '../../../../platform/db/schema.ts';
import { ConnectorError } from '../types.ts';

// Reading the media Dayung publishes (input.media[].url, served by Dayung itself) as bytes.
//
// ctx.http answers with `text` only, so binary bodies cannot go through it; this helper fetches the
// source directly and hands the bytes out in bounded chunks, so that a large video is streamed to
// the platform's upload session chunk by chunk instead of being held in memory. Used by the
// YouTube and TikTok connectors (chunked uploads) and X (whole images/videos for media upload).
// Nothing has been created on the platform while the source is read, so its failures are
// 'transient' (source unreachable, 5xx) or 'permanent' (404, too large), never 'ambiguous'.

export interface MediaSource {
  /** Content-Length of the source when it told us, else null. */
  size: number | null;
  contentType: string | null;
  /** Yields chunks of exactly `chunkBytes` bytes, the last one shorter (never empty). */
  chunks(chunkBytes: number): AsyncGenerator<Uint8Array>;
  /** Drops the connection without reading further. */
  cancel(): Promise<void>;
}

export interface OpenOptions {
  /** time to the response headers */
  timeoutMs?: number;
  /** refuse sources larger than this (by Content-Length, and while reading) */
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

export async function openMedia(platform: ChannelPlatform, url: string, opts: OpenOptions = {}): Promise<MediaSource> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConnectorError('permanent', platform, 'Alamat berkas media tidak valid.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConnectorError('permanent', platform, 'Alamat berkas media harus http(s).');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), opts.timeoutMs ?? 30_000);
  let res: Response;
  try {
    res = await (opts.fetchImpl ?? fetch)(parsed, { signal: controller.signal, redirect: 'follow' });
  } catch (err) {
    clearTimeout(timer);
    const e = err as Error & { cause?: { code?: string } };
    throw new ConnectorError('transient', platform, `Berkas media tidak dapat diambil (${e.cause?.code ?? e.message}).`);
  }
  clearTimeout(timer);
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    const kind = res.status >= 500 || res.status === 429 ? 'transient' : 'permanent';
    throw new ConnectorError(kind, platform, `Berkas media tidak dapat diambil (HTTP ${res.status}).`, { status: res.status });
  }
  const lengthHeader = res.headers.get('content-length');
  const size = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  const max = opts.maxBytes ?? Number.POSITIVE_INFINITY;
  const tooBig = () => new ConnectorError('permanent', platform, `Berkas media terlalu besar (maks. ${Math.floor(max / 1_048_576)} MB).`);
  if (size !== null && size > max) {
    await res.body.cancel().catch(() => undefined);
    throw tooBig();
  }
  const body = res.body;
  return {
    size,
    contentType: res.headers.get('content-type')?.split(';')[0]?.trim() || null,
    async cancel() {
      await body.cancel().catch(() => undefined);
    },
    async *chunks(chunkBytes: number) {
      const reader = body.getReader();
      let buf = new Uint8Array(chunkBytes);
      let fill = 0;
      let total = 0;
      try {
        for (;;) {
          let step: ReadableStreamReadResult<Uint8Array>;
          try {
            step = await reader.read();
          } catch (err) {
            throw new ConnectorError('transient', platform, `Pembacaan berkas media terputus (${(err as Error).message}).`);
          }
          if (step.done) break;
          let piece = step.value;
          total += piece.byteLength;
          if (total > max) throw tooBig();
          while (piece.byteLength > 0) {
            const n = Math.min(piece.byteLength, chunkBytes - fill);
            buf.set(piece.subarray(0, n), fill);
            fill += n;
            piece = piece.subarray(n);
            if (fill === chunkBytes) {
              yield buf;
              buf = new Uint8Array(chunkBytes);
              fill = 0;
            }
          }
        }
        if (fill > 0) yield buf.slice(0, fill);
        if (total === 0) throw new ConnectorError('permanent', platform, 'Berkas media kosong.');
      } finally {
        reader.releaseLock();
        await body.cancel().catch(() => undefined);
      }
    },
  };
}

/** The whole source in memory (small media: images, X uploads). */
export async function readMedia(platform: ChannelPlatform, url: string, opts: OpenOptions = {}): Promise<{ bytes: Uint8Array; contentType: string | null }> {
  const src = await openMedia(platform, url, opts);
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of src.chunks(1 << 20)) {
    parts.push(c);
    total += c.byteLength;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  return { bytes, contentType: src.contentType };
}

/** Guess a MIME type from the declared one, the response or the URL's extension. */
export function mimeOf(declared: string | undefined, fromResponse: string | null, url: string, kind: 'image' | 'video'): string {
  if (declared) return declared;
  if (fromResponse && fromResponse !== 'application/octet-stream') return fromResponse;
  const ext = /\.([a-z0-9]+)(?:$|[?#])/i.exec(url)?.[1]?.toLowerCase();
  const map: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm' };
  return (ext && map[ext]) || (kind === 'image' ? 'image/jpeg' : 'video/mp4');
}
