import { ConnectorError } from '../types.ts';
import type { ConnectorContext, HttpResponse, MediaInput } from '../types.ts';
import { fromHttp, refreshYoutube, spend } from './client.ts';
import { mimeOf, openMedia } from './media-source.ts';

// videos.insert as a resumable upload, done with ctx.http: the googleapis client only does
// multipart/media uploads (the whole file in one request, no resume) and ignores the global
// rootUrl for them. Dayung fetches the media from its own URL and streams it to the upload session
// in chunks (multiples of 256 KiB), so memory stays bounded and a broken chunk is resumed from the
// offset the session reports (`Content-Range: bytes */N` → 308 + Range) instead of starting over.
//
// The video exists only once the last byte has arrived. So every failure before the final chunk
// is 'transient' (a retry opens a new session; nothing is duplicated), and only a final chunk whose
// answer is lost and whose session cannot be asked afterwards is 'ambiguous'.

export const uploadOptions = {
  /** bytes per PUT; a multiple of 256 KiB */
  chunkBytes: 8 * 1_048_576,
  /** attempts per chunk (network failures and 5xx, each followed by a status query) */
  attemptsPerChunk: 3,
  chunkTimeoutMs: 300_000,
  maxBytes: 256 * 1_073_741_824,
};

export interface VideoMeta {
  title: string;
  description: string;
  privacyStatus: 'public' | 'private' | 'unlisted';
  tags?: string[];
}

export interface UploadedVideo {
  id: string;
  raw: unknown;
}

function sessionUrlOk(ctx: ConnectorContext, location: string): boolean {
  // never send the token or the bytes to a host that is not the configured Google host
  const base = ctx.settings.hosts.google.replace(/\/+$/, '');
  return location.startsWith(`${base}/upload/`);
}

async function startSession(ctx: ConnectorContext, meta: VideoMeta, mime: string, size: number | null): Promise<string> {
  const base = ctx.settings.hosts.google.replace(/\/+$/, '');
  const req = {
    method: 'POST' as const,
    url: `${base}/upload/youtube/v3/videos`,
    query: { uploadType: 'resumable', part: 'snippet,status' },
    headers: { 'x-upload-content-type': mime, ...(size !== null ? { 'x-upload-content-length': String(size) } : {}) },
    json: {
      snippet: { title: meta.title, description: meta.description, categoryId: '25', ...(meta.tags?.length ? { tags: meta.tags } : {}) },
      status: { privacyStatus: meta.privacyStatus, selfDeclaredMadeForKids: false },
    },
  };
  const send = async () => {
    try {
      return await ctx.http({ ...req, headers: { ...req.headers, authorization: `Bearer ${ctx.credentials.accessToken}` } });
    } catch (err) {
      // opening a session creates no video: a lost answer is only a transient failure
      if (err instanceof ConnectorError && err.kind === 'ambiguous') throw new ConnectorError('transient', 'youtube', err.message);
      throw err;
    }
  };
  let res = await send();
  if (res.status === 401 && ctx.credentials.refreshToken) {
    await refreshYoutube(ctx);
    res = await send();
  }
  if (res.status !== 200 && res.status !== 201) throw fromHttp(res, ctx.now(), ctx.settings);
  const location = res.headers.get('location');
  if (!location) throw new ConnectorError('transient', 'youtube', 'YouTube tidak memberikan alamat sesi unggah.');
  if (!sessionUrlOk(ctx, location)) throw new ConnectorError('permanent', 'youtube', 'Alamat sesi unggah YouTube berada di host yang tidak dikonfigurasi; unggahan dihentikan.');
  return location;
}

/** Where the session stands: the next byte it expects, or the finished video. */
async function sessionStatus(ctx: ConnectorContext, session: string, total: number | null): Promise<{ next: number } | { video: UploadedVideo }> {
  const res = await ctx.http({ method: 'PUT', url: session, headers: { authorization: `Bearer ${ctx.credentials.accessToken}`, 'content-range': `bytes */${total ?? '*'}` }, body: new Uint8Array(0) });
  return interpret(ctx, res);
}

function interpret(ctx: ConnectorContext, res: HttpResponse): { next: number } | { video: UploadedVideo } {
  if (res.status === 200 || res.status === 201) {
    const id = (res.json as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') throw new ConnectorError('ambiguous', 'youtube', 'YouTube menyelesaikan unggahan tanpa id video; periksa kanal.');
    return { video: { id, raw: res.json } };
  }
  if (res.status === 308) {
    const range = res.headers.get('range');
    const m = range ? /bytes=0-(\d+)/.exec(range) : null;
    return { next: m ? Number(m[1]) + 1 : 0 };
  }
  throw fromHttp(res, ctx.now(), ctx.settings);
}

async function putChunk(ctx: ConnectorContext, session: string, chunk: Uint8Array, offset: number, total: number | null, mime: string): Promise<{ next: number } | { video: UploadedVideo }> {
  const last = offset + chunk.byteLength - 1;
  const final = total !== null && last + 1 === total;
  const lost = () => new ConnectorError('transient', 'youtube', 'Sesi unggah YouTube kehilangan data sebelumnya; unggahan diulang dari awal.');
  let start = offset;
  for (let attempt = 1; ; attempt++) {
    let res: HttpResponse | null = null;
    let failure: ConnectorError | null = null;
    try {
      res = await ctx.http({
        method: 'PUT',
        url: session,
        headers: { authorization: `Bearer ${ctx.credentials.accessToken}`, 'content-type': mime, 'content-range': `bytes ${start}-${last}/${total ?? '*'}` },
        body: chunk.subarray(start - offset),
        timeoutMs: uploadOptions.chunkTimeoutMs,
      });
    } catch (err) {
      if (!(err instanceof ConnectorError) || (err.kind !== 'transient' && err.kind !== 'ambiguous')) throw err;
      failure = err;
    }
    if (res && res.status >= 500) failure = fromHttp(res, ctx.now(), ctx.settings);
    if (res && !failure) {
      const r = interpret(ctx, res); // 4xx: auth, quota, permanent: not retried here
      if ('video' in r || r.next > last) return r;
      if (r.next < offset) throw lost();
      if (attempt >= uploadOptions.attemptsPerChunk) throw new ConnectorError('transient', 'youtube', 'Unggahan potongan video ke YouTube tidak maju.');
      start = r.next; // part of the chunk arrived: send the rest
      continue;
    }
    // ask the session how far it got (the last byte may have arrived even though the answer did not)
    let st: { next: number } | { video: UploadedVideo };
    try {
      st = await sessionStatus(ctx, session, total);
    } catch (err) {
      if (final) throw new ConnectorError('ambiguous', 'youtube', `Status unggahan video tidak dapat dipastikan (${(err as Error).message}); periksa kanal sebelum mengulang.`);
      throw err instanceof ConnectorError && err.kind === 'ambiguous' ? new ConnectorError('transient', 'youtube', err.message) : err;
    }
    if ('video' in st || st.next > last) return st;
    if (st.next < offset) throw lost();
    // the session says the video is incomplete: giving up now duplicates nothing
    if (attempt >= uploadOptions.attemptsPerChunk) throw new ConnectorError('transient', 'youtube', `Unggahan video ke YouTube gagal (${failure?.message ?? 'gagal'}).`);
    start = st.next;
  }
}

/** Uploads the video at media.url as a new video of the channel. */
export async function uploadVideo(ctx: ConnectorContext, media: MediaInput, meta: VideoMeta): Promise<UploadedVideo> {
  spend(ctx, 0, 'uploads');
  const src = await openMedia('youtube', media.url, { maxBytes: uploadOptions.maxBytes });
  const size = src.size ?? media.sizeBytes ?? null;
  const mime = mimeOf(media.mimeType, src.contentType, media.url, 'video');
  let session: string;
  try {
    session = await startSession(ctx, meta, mime, size);
  } catch (err) {
    await src.cancel();
    throw err;
  }
  let offset = 0;
  let held: Uint8Array | null = null;
  // hold one chunk back, so that the last one is sent with the total size when it was unknown
  for await (const chunk of src.chunks(uploadOptions.chunkBytes)) {
    if (held) {
      const r = await putChunk(ctx, session, held, offset, size, mime);
      if ('video' in r) throw new ConnectorError('ambiguous', 'youtube', 'YouTube menganggap unggahan selesai sebelum semua data terkirim; periksa kanal.');
      offset += held.byteLength;
    }
    held = chunk;
  }
  if (!held) throw new ConnectorError('permanent', 'youtube', 'Berkas video kosong.');
  const total = offset + held.byteLength;
  if (size !== null && size !== total) throw new ConnectorError('transient', 'youtube', 'Ukuran berkas video berubah selama diunggah.');
  const r = await putChunk(ctx, session, held, offset, total, mime);
  if (!('video' in r)) throw new ConnectorError('ambiguous', 'youtube', 'YouTube belum mengonfirmasi unggahan video; periksa kanal.');
  return r.video;
}
