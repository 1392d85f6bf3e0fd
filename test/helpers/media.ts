import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { ApiClient, ApiResponse } from './client.ts';

// Test files for the media store, made here (no binary fixtures in the repository), and a multipart
// upload through a logged-in ApiClient.

/** A JPEG w × h, EXIF orientation 6 (shown rotated 90°), camera make and GPS position in EXIF. */
export async function jpegWithGps(width = 200, height = 100): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'UjiKameraRahasia' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '0/1 57/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '100/1 21/1 0/1' } })
    .toBuffer();
}

export async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 10, g: 120, b: 200, alpha: 0.5 } } }).png().toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A decompression bomb: a few hundred bytes of PNG declaring width × height pixels. */
export function bombPng(width = 100_000, height = 100_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), pngChunk('IEND', Buffer.alloc(0))]);
}

function box(type: string, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + content.length);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, content]);
}

/** An MP4 with `mdatBytes` of media data before its moov (duration, a video track of w × h). */
export function fakeMp4(opts: { mdatBytes?: number; durationMs?: number; width?: number; height?: number } = {}): Buffer {
  const timescale = 1000;
  const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2avc1mp41', 'latin1'));
  const mdat = box('mdat', randomBytes(opts.mdatBytes ?? 64 * 1024));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(timescale, 12);
  mvhd.writeUInt32BE(opts.durationMs ?? 12_500, 16);
  const tkhd = Buffer.alloc(84);
  tkhd.writeInt32BE(65536, 40); // identity matrix a
  tkhd.writeUInt32BE((opts.width ?? 1280) * 65536, 76);
  tkhd.writeUInt32BE((opts.height ?? 720) * 65536, 80);
  const hdlr = Buffer.alloc(24);
  hdlr.write('vide', 8, 'latin1');
  const moov = box('moov', box('mvhd', mvhd), box('trak', box('tkhd', tkhd), box('mdia', box('hdlr', hdlr))));
  return Buffer.concat([ftyp, mdat, moov]);
}

/** A minimal PDF. */
export function pdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
}

export interface FilePart {
  field: string;
  name: string;
  type: string;
  data: Buffer;
}

/** POST multipart/form-data (fields first, then files) with the client's cookies and CSRF token. */
export async function postMultipart(c: ApiClient, path: string, fields: Record<string, string>, files: FilePart[]): Promise<ApiResponse> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(f.field, new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
  const h: Record<string, string> = {};
  if (c.cookies.size) h['cookie'] = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  if (c.csrf) h['x-csrf-token'] = c.csrf;
  if (c.lang) h['accept-language'] = c.lang;
  if (c.ip) h['x-forwarded-for'] = c.ip;
  const res = await fetch(c.base + path, { method: 'POST', headers: h, body: fd });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body, text };
}
