import { createHash } from 'node:crypto';
import http from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser } from '../../../test/helpers/factories.ts';
import { bombPng, fakeMp4, jpegWithGps, pdf, png, postMultipart } from '../../../test/helpers/media.ts';
import { sweepMedia } from './jobs.ts';
import { CHUNK_BYTES } from './store.ts';

// The media store over HTTP on a real PostgreSQL: upload and serve round trips (image, video with
// Range, PDF), refusals that leave nothing stored (wrong type whatever the client claims, corrupted
// image, decompression bomb, oversize image and video, an upload aborted midway), EXIF and GPS
// stripped with the rotation applied, prepared platform versions, signed public URLs, the cleanup job.

let app: TestApp;
let responder: ApiClient;
let viewer: ApiClient;
const IMAGE_LIMIT = 2 * 1024 * 1024;
const VIDEO_LIMIT = 4 * 1024 * 1024;

const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');
const counts = async () => {
  const o = await app.db.db.selectFrom('media_object').select(app.db.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const c = await app.db.db.selectFrom('media_chunk').select(app.db.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { objects: Number(o.n), chunks: Number(c.n) };
};
async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}
const upload = (c: ApiClient, data: Buffer, type: string, name = 'berkas.bin', fields: Record<string, string> = {}) => postMultipart(c, '/api/media', fields, [{ field: 'file', name, type, data }]);

async function bytesOf(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  app = await startTestApp({ services: 'web', env: { MEDIA_MAX_IMAGE_BYTES: String(IMAGE_LIMIT), MEDIA_MAX_VIDEO_BYTES: String(VIDEO_LIMIT) } });
  const r = await buildUser(app.db.db, { role: 'responder', orgCode: 'DINKES' });
  responder = new ApiClient(app.url);
  expect((await responder.login(r.email, r.password)).status).toBe(200);
  const v = await buildUser(app.db.db, { role: 'viewer', orgCode: 'DINKES' });
  viewer = new ApiClient(app.url);
  expect((await viewer.login(v.email, v.password)).status).toBe(200);
});
afterAll(async () => {
  await app?.close();
});

describe('upload and serve', () => {
  it('stores a photo streamed in, without EXIF or GPS, rotated upright, and serves it by its signed public URL', async () => {
    const original = await jpegWithGps(200, 100);
    expect(original.includes('UjiKameraRahasia')).toBe(true);
    const r = await upload(responder, original, 'image/jpeg', 'C:\\Users\\warga\\IMG_0001.jpg', { altText: 'Jalan berlubang di depan sekolah' });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ kind: 'image', mime: 'image/jpeg', width: 100, height: 200, status: 'ready', origin: 'staff', filename: 'IMG_0001.jpg', altText: 'Jalan berlubang di depan sekolah', chunkBytes: CHUNK_BYTES });
    expect(r.body.url).toMatch(new RegExp(`^${app.url}/media/${r.body.id}/[\\w-]{32}$`));

    const { res, body } = await bytesOf(r.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toMatch(/^inline/);
    expect(res.headers.get('content-length')).toBe(String(body.length));
    expect(sha(body)).toBe(r.body.sha256);
    expect(body.length).toBe(r.body.sizeBytes);
    // Nothing of the camera's metadata survives: no EXIF block at all (so no GPS), no make.
    const m = await sharp(body).metadata();
    expect(m.exif).toBeUndefined();
    expect(m.orientation).toBeUndefined();
    expect(body.includes('UjiKameraRahasia')).toBe(false);
    expect([m.width, m.height]).toEqual([100, 200]);

    // Metadata for the org's users (also viewers); the bytes for logged-in users too.
    const meta = await viewer.get(`/api/media/${r.body.id}`);
    expect(meta.status).toBe(200);
    expect(meta.body).toMatchObject({ id: r.body.id, sha256: r.body.sha256, url: r.body.url, derived: [] });
    const content = await fetch(`${app.url}/api/media/${r.body.id}/content`, { headers: { cookie: [...viewer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(content.status).toBe(200);
    expect(sha(Buffer.from(await content.arrayBuffer()))).toBe(r.body.sha256);
    // Without a session, the API refuses; a wrong token on the public URL is 404.
    expect((await fetch(`${app.url}/api/media/${r.body.id}/content`)).status).toBe(401);
    expect((await fetch(`${app.url}/media/${r.body.id}/${'A'.repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${app.url}/media/00000000-0000-4000-8000-000000000000/${'A'.repeat(32)}`)).status).toBe(404);
    const audit = await app.db.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'media.upload').where('target_id', '=', r.body.id).execute();
    expect(audit).toHaveLength(1);
  });

  it('keeps PNG as PNG (transparency too) and reports its size', async () => {
    const r = await upload(responder, await png(300, 120), 'image/png', 'grafis.png');
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ mime: 'image/png', width: 300, height: 120 });
    const { body } = await bytesOf(r.body.url);
    expect((await sharp(body).metadata()).hasAlpha).toBe(true);
  });

  it('stores a video in 1 MiB chunks with its duration and size probed from the MP4, and serves byte ranges', async () => {
    const video = fakeMp4({ mdatBytes: 2_600_000, durationMs: 12_500, width: 1920, height: 1080 });
    const r = await upload(responder, video, 'application/octet-stream', 'video.mp4');
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ kind: 'video', mime: 'video/mp4', sizeBytes: video.length, durationMs: 12_500, width: 1920, height: 1080, sha256: sha(video) });
    const rows = await app.db.db.selectFrom('media_chunk').select(['seq']).where('media_id', '=', r.body.id).orderBy('seq').execute();
    expect(rows.map((x) => x.seq)).toEqual([0, 1, 2]);

    const whole = await bytesOf(r.body.url);
    expect(whole.res.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(whole.res.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.body.equals(video)).toBe(true);
    // A range across the first chunk boundary, a suffix range, and one past the end.
    const a = CHUNK_BYTES - 10;
    const part = await bytesOf(r.body.url, { range: `bytes=${a}-${a + 29}` });
    expect(part.res.status).toBe(206);
    expect(part.res.headers.get('content-range')).toBe(`bytes ${a}-${a + 29}/${video.length}`);
    expect(part.body.equals(video.subarray(a, a + 30))).toBe(true);
    const tail = await bytesOf(r.body.url, { range: 'bytes=-100' });
    expect(tail.body.equals(video.subarray(video.length - 100))).toBe(true);
    expect((await bytesOf(r.body.url, { range: `bytes=${video.length}-` })).res.status).toBe(416);
    const head = await fetch(r.body.url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(video.length));
  });

  it('accepts a PDF as a document (downloaded, never shown inline)', async () => {
    const r = await upload(responder, pdf(), 'image/jpeg', 'surat.pdf');
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ kind: 'document', mime: 'application/pdf' });
    const { res } = await bytesOf(r.body.url);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
  });
});

describe('refusals leave nothing stored', () => {
  it('refuses a type recognised from the bytes, whatever name and type the client gave', async () => {
    const before = await counts();
    const html = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');
    const r = await upload(responder, html, 'image/jpeg', 'foto.jpg');
    expect(r.status).toBe(415);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.body.code).toBe('media_type_refused');
    expect(r.body.detail).toMatch(/Jenis berkas tidak diterima/);
    expect(r.body.detail).toMatch(/JPEG, PNG, WebP, GIF/);
    const svg = await upload(responder, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml', 'logo.svg');
    expect(svg.status).toBe(415);
    const empty = await upload(responder, Buffer.alloc(0), 'image/png', 'kosong.png');
    expect(empty.status).toBe(415);
    expect(empty.body.detail).toMatch(/berkas kosong/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a corrupted image (a JPEG that stops halfway, garbage behind a JPEG signature)', async () => {
    const before = await counts();
    const good = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const truncated = await upload(responder, good.subarray(0, Math.floor(good.length / 2)), 'image/jpeg', 'rusak.jpg');
    expect(truncated.status, truncated.text).toBe(400);
    expect(truncated.body.code).toBe('media_image_invalid');
    expect(truncated.body.detail).toMatch(/Gambar rusak atau tidak dapat dibaca/);
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 7)]);
    expect((await upload(responder, garbage, 'image/jpeg', 'sampah.jpg')).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('refuses a decompression bomb (a tiny PNG declaring 100,000 × 100,000 pixels) from its header', async () => {
    const before = await counts();
    const bomb = bombPng(100_000, 100_000);
    expect(bomb.length).toBeLessThan(200);
    const r = await upload(responder, bomb, 'image/png', 'bom.png');
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('media_image_too_many_pixels');
    expect(r.body.detail).toMatch(/100000×100000 piksel/);
    const en = await postMultipart(Object.assign(Object.create(Object.getPrototypeOf(responder)), responder, { lang: 'en' }), '/api/media', {}, [{ field: 'file', name: 'bom.png', type: 'image/png', data: bomb }]);
    expect(en.body.detail).toMatch(/image dimensions are too large/);
    expect(await counts()).toEqual(before);
  });

  it('refuses an image and a video over their limits while they stream in', async () => {
    const before = await counts();
    const bigJpeg = Buffer.concat([await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } }).jpeg().toBuffer(), Buffer.alloc(IMAGE_LIMIT + 10)]);
    const img = await upload(responder, bigJpeg, 'image/jpeg', 'besar.jpg');
    expect(img.status).toBe(413);
    expect(img.body.code).toBe('media_too_large');
    expect(img.body.detail).toBe('Berkas terlalu besar: gambar paling besar 2 MB. Tidak ada yang disimpan.');
    const vid = await upload(responder, fakeMp4({ mdatBytes: VIDEO_LIMIT + 1000 }), 'video/mp4', 'panjang.mp4');
    expect(vid.status).toBe(413);
    expect(vid.body.detail).toMatch(/video paling besar 4 MB/);
    expect(await counts()).toEqual(before);
  });

  it('leaves nothing when the client goes away in the middle of an upload', async () => {
    const before = await counts();
    const video = fakeMp4({ mdatBytes: 3_500_000 });
    const boundary = '----dayungUji';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="putus.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
    const u = new URL(`${app.url}/api/media`);
    const req = http.request({
      host: u.hostname,
      port: u.port,
      path: u.pathname,
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + video.length + boundary.length + 8),
        cookie: [...responder.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': responder.csrf!,
      },
    });
    req.on('error', () => undefined);
    req.write(head);
    req.write(video.subarray(0, 2_500_000));
    // Two chunks reached the database while the upload was still arriving …
    await eventually(async () => (await counts()).chunks >= before.chunks + 2);
    const pending = await app.db.db.selectFrom('media_object').select(['status']).where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    // … then the connection drops.
    req.destroy();
    await eventually(async () => {
      const c = await counts();
      return c.objects === before.objects && c.chunks === before.chunks;
    });
  });

  it('without a file, or not multipart: a clear problem', async () => {
    const none = await postMultipart(responder, '/api/media', { altText: 'x' }, []);
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('media_file_missing');
    const json = await responder.post('/api/media', { file: 'x' });
    expect(json.status).toBe(415);
  });

  it('viewers may look but not upload', async () => {
    const r = await upload(viewer, await png(10, 10), 'image/png');
    expect(r.status).toBe(403);
  });
});

describe('prepared images', () => {
  it('prepares per platform profile (ratio clamped, exact boxes), once per profile', async () => {
    const wide = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#884422' } }).jpeg().withMetadata({ orientation: 1 }).withExifMerge({ IFD0: { Make: 'UjiKameraRahasia' } }).toBuffer();
    const src = await upload(responder, wide, 'image/jpeg', 'lebar.jpg');
    expect(src.status, src.text).toBe(201);
    const ig = await responder.post(`/api/media/${src.body.id}/prepare`, { profile: 'instagram_feed' });
    expect(ig.status, ig.text).toBe(200);
    expect(ig.body).toMatchObject({ mime: 'image/jpeg', width: 1080, height: 565, profile: 'instagram_feed', sourceId: src.body.id, origin: 'derived' });
    const again = await responder.post(`/api/media/${src.body.id}/prepare`, { profile: 'instagram_feed' });
    expect(again.body.id).toBe(ig.body.id);
    const yt = await responder.post(`/api/media/${src.body.id}/prepare`, { profile: 'youtube_thumbnail' });
    expect(yt.body).toMatchObject({ width: 1280, height: 720 });
    const wa = await responder.post(`/api/media/${src.body.id}/prepare`, { profile: 'whatsapp' });
    expect(wa.body).toMatchObject({ width: 1600, height: 533 });
    const { res, body } = await bytesOf(ig.body.url);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(body).metadata()).exif).toBeUndefined();
    expect(body.includes('UjiKameraRahasia')).toBe(false);
    const meta = await responder.get(`/api/media/${src.body.id}`);
    expect(meta.body.derived.map((d: { profile: string }) => d.profile).sort()).toEqual(['instagram_feed', 'whatsapp', 'youtube_thumbnail']);
    // Only images can be prepared.
    const doc = await upload(responder, pdf(), 'application/pdf');
    expect((await responder.post(`/api/media/${doc.body.id}/prepare`, { profile: 'facebook' })).status).toBe(409);
    expect((await responder.post(`/api/media/${src.body.id}/prepare`, { profile: 'myspace' })).status).toBe(400);
  });
});

describe('cleanup', () => {
  it('removes uploads abandoned by a crashed process and completed uploads nobody claimed', async () => {
    const org = await app.db.db.selectFrom('org').select('id').where('code', '=', 'DINKES').executeTakeFirstOrThrow();
    const old = new Date(Date.now() - 7 * 3600_000);
    const ids = await app.db.db
      .insertInto('media_object')
      .values([
        { org_id: org.id, kind: 'video', mime: 'video/mp4', chunk_bytes: CHUNK_BYTES, origin: 'staff', status: 'pending', created_at: old },
        { org_id: null, kind: 'image', mime: 'image/jpeg', chunk_bytes: CHUNK_BYTES, origin: 'citizen', status: 'held', sha256: 'a'.repeat(64), created_at: new Date(Date.now() - 2 * 3600_000) },
        { org_id: org.id, kind: 'video', mime: 'video/mp4', chunk_bytes: CHUNK_BYTES, origin: 'staff', status: 'pending', created_at: new Date() },
      ])
      .returning('id')
      .execute();
    await app.db.db.insertInto('media_chunk').values({ media_id: ids[0]!.id, seq: 0, data: Buffer.alloc(10) }).execute();
    expect(await sweepMedia(app.db.db)).toBe(2);
    const left = await app.db.db.selectFrom('media_object').select('id').where('id', 'in', ids.map((i) => i.id)).execute();
    expect(left.map((l) => l.id)).toEqual([ids[2]!.id]);
    await app.db.db.deleteFrom('media_object').where('id', '=', ids[2]!.id).execute();
  });
});
