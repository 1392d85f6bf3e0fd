import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError } from '../../platform/errors.ts';
import { toMeta, type MediaMeta } from './meta.ts';
import * as q from './queries.ts';
import { readyMeta, streamOf } from './read.ts';
import { CHUNK_BYTES, type MediaDeps } from './store.ts';

// An image prepared for one platform: the size and aspect ratio the platform shows best, re-encoded
// as baseline JPEG in sRGB on white (no transparency), rotation applied, no metadata at all (EXIF
// with GPS, XMP, IPTC, ICC: personal data and fingerprints stay home), under the platform's byte
// limit (quality stepped down until it fits). One derived object per (source, profile), made once
// and reused; two processes asking at once make it once (the unique index decides, the other waits).

export interface ImageProfile {
  label: string;
  /** exact output box (cropped to fill, centred) */
  box?: { width: number; height: number };
  /** output width, with the aspect ratio (width/height) clamped into [min, max] by a centred crop */
  width?: number;
  ratio?: { min: number; max: number };
  /** fit inside a square of this side, never enlarged */
  maxSide?: number;
  maxBytes: number;
}

export const PROFILES = {
  instagram_feed: { label: 'Instagram (feed)', width: 1080, ratio: { min: 4 / 5, max: 1.91 }, maxBytes: 8 * 1024 * 1024 },
  instagram_story: { label: 'Instagram (story)', box: { width: 1080, height: 1920 }, maxBytes: 8 * 1024 * 1024 },
  facebook: { label: 'Facebook', maxSide: 2048, maxBytes: 8 * 1024 * 1024 },
  x: { label: 'X', maxSide: 2048, maxBytes: 5 * 1024 * 1024 },
  whatsapp: { label: 'WhatsApp', maxSide: 1600, maxBytes: 5 * 1024 * 1024 },
  telegram: { label: 'Telegram', maxSide: 2560, maxBytes: 10 * 1024 * 1024 },
  youtube_thumbnail: { label: 'YouTube (thumbnail)', box: { width: 1280, height: 720 }, maxBytes: 2 * 1024 * 1024 },
  tiktok: { label: 'TikTok (foto)', box: { width: 1080, height: 1920 }, maxBytes: 20 * 1024 * 1024 },
} as const satisfies Record<string, ImageProfile>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

const QUALITIES = [88, 80, 72, 64, 56, 48];
/** A pending derived object older than this was abandoned (its process died): it is replaced. */
const STALE_MS = 5 * 60_000;
const WAIT_MS = 60_000;

/** The output size for a source of w × h (pure; exported for tests). */
export function targetSize(profile: ImageProfile, w: number, h: number): { width: number; height: number; crop: boolean } {
  if (profile.box) return { ...profile.box, crop: true };
  if (profile.width && profile.ratio) {
    const r = Math.min(profile.ratio.max, Math.max(profile.ratio.min, w / h));
    return { width: profile.width, height: Math.round(profile.width / r), crop: true };
  }
  const side = profile.maxSide ?? 2048;
  const scale = Math.min(1, side / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)), crop: false };
}

async function render(source: Buffer, profile: ImageProfile, maxPixels: number): Promise<{ data: Buffer; width: number; height: number }> {
  const base = sharp(source, { limitInputPixels: maxPixels, failOn: 'error' }).autoOrient();
  const meta = await sharp(source, { limitInputPixels: maxPixels }).autoOrient().metadata();
  const w = meta.autoOrient?.width ?? meta.width ?? 1;
  const h = meta.autoOrient?.height ?? meta.height ?? 1;
  const t = targetSize(profile, w, h);
  // Cropping profiles fill their box exactly; the others scale the longer side (never enlarging).
  const resized = (t.crop ? base.resize({ width: t.width, height: t.height, fit: 'cover', position: 'centre' }) : base.resize(w >= h ? { width: t.width, withoutEnlargement: true } : { height: t.height, withoutEnlargement: true }))
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb');
  const raw = await resized.raw().toBuffer({ resolveWithObject: true });
  for (const quality of QUALITIES) {
    const data = await sharp(raw.data, { raw: { width: raw.info.width, height: raw.info.height, channels: raw.info.channels } })
      .jpeg({ quality, progressive: false, chromaSubsampling: '4:2:0' })
      .toBuffer();
    if (data.length <= profile.maxBytes || quality === QUALITIES[QUALITIES.length - 1]) return { data, width: raw.info.width, height: raw.info.height };
  }
  throw new Error('unreachable');
}

async function collect(deps: MediaDeps, meta: MediaMeta): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of streamOf(deps.db, meta)) parts.push(b as Buffer);
  return Buffer.concat(parts);
}

/**
 * The image `mediaId` prepared for a platform profile (see PROFILES), as its own ready object with
 * a public URL of its own; made on the first call, the cached one after. Source images are at most
 * MEDIA_MAX_IMAGE_BYTES, so the source is read into memory for sharp.
 */
export async function prepareImage(deps: MediaDeps, mediaId: string, profile: ProfileName, opts: { createdBy?: string | null } = {}): Promise<MediaMeta> {
  const p: ImageProfile | undefined = PROFILES[profile];
  if (!p) throw new AppError('bad_request', { reason: `profil ${String(profile)} tidak dikenal` });
  const src = await readyMeta(deps.db, mediaId);
  if (src.kind !== 'image') throw new AppError('media_not_image', { profile: p.label });
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const existing = await q.findDerived(deps.db, src.id, profile);
    if (existing?.status === 'ready') return toMeta(existing);
    if (existing && Date.now() - new Date(existing.created_at).getTime() > STALE_MS) {
      await q.deleteMedia(deps.db, [existing.id]);
      continue;
    }
    if (!existing) {
      const id = await q.insertDerivedPending(deps.db, { orgId: src.orgId, kind: 'image', mime: 'image/jpeg', chunkBytes: CHUNK_BYTES, origin: 'derived', altText: src.altText, sourceId: src.id, profile, createdBy: opts.createdBy ?? null });
      if (id) return make(deps, src, p, id);
    }
    if (Date.now() > deadline) throw new AppError('service_unavailable', { reason: 'gambar sedang disiapkan; coba lagi sebentar lagi' });
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function make(deps: MediaDeps, src: MediaMeta, p: ImageProfile, id: string): Promise<MediaMeta> {
  try {
    const out = await render(await collect(deps, src), p, deps.limits.imagePixels);
    for (let seq = 0; seq * CHUNK_BYTES < out.data.length; seq++) {
      await q.insertChunk(deps.db, id, seq, out.data.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES));
    }
    const row = await q.finish(deps.db, id, { status: 'ready', sizeBytes: out.data.length, sha256: createHash('sha256').update(out.data).digest('hex'), width: out.width, height: out.height, durationMs: null });
    return toMeta(row);
  } catch (err) {
    await q.deleteMedia(deps.db, [id]).catch(() => undefined);
    if (err instanceof AppError) throw err;
    throw new AppError('media_image_invalid', { reason: String((err as Error).message ?? err).split('\n')[0]!.slice(0, 160) });
  }
}
