import type { MediaKind } from '../../platform/db/schema.ts';

// What the media store accepts, recognised from the bytes (file-type), never from the client's name
// or Content-Type. Images are re-encoded (rotation applied, every metadata block dropped), so only
// formats that sharp's prebuilt libvips reads and writes are accepted: no HEIC (HEVC is not in the
// prebuilt), no SVG (a script carrier). Video is stored as sent; documents are PDF only.

export interface Accepted {
  kind: MediaKind;
  label: string;
}

export const ACCEPTED: Readonly<Record<string, Accepted>> = {
  'image/jpeg': { kind: 'image', label: 'JPEG' },
  'image/png': { kind: 'image', label: 'PNG' },
  'image/webp': { kind: 'image', label: 'WebP' },
  'image/gif': { kind: 'image', label: 'GIF' },
  'video/mp4': { kind: 'video', label: 'MP4' },
  'video/x-m4v': { kind: 'video', label: 'M4V' },
  'video/quicktime': { kind: 'video', label: 'MOV' },
  'video/webm': { kind: 'video', label: 'WebM' },
  'application/pdf': { kind: 'document', label: 'PDF' },
};

export const KIND_LABEL: Readonly<Record<MediaKind, { id: string; en: string }>> = {
  image: { id: 'gambar', en: 'images' },
  video: { id: 'video', en: 'videos' },
  document: { id: 'dokumen', en: 'documents' },
};

export interface MediaLimits {
  imageBytes: number;
  videoBytes: number;
  documentBytes: number;
  /** width × height above which an image is refused before it is decoded (decompression bombs) */
  imagePixels: number;
}

export const DEFAULT_LIMITS: MediaLimits = { imageBytes: 20 * 1024 * 1024, videoBytes: 2 * 1024 * 1024 * 1024, documentBytes: 20 * 1024 * 1024, imagePixels: 100_000_000 };

export function limitOf(limits: MediaLimits, kind: MediaKind): number {
  return kind === 'image' ? limits.imageBytes : kind === 'video' ? limits.videoBytes : limits.documentBytes;
}

/** "JPEG, PNG, WebP, GIF" for the kinds allowed. */
export function allowedLabel(kinds: readonly MediaKind[]): string {
  return Object.values(ACCEPTED)
    .filter((a) => kinds.includes(a.kind))
    .map((a) => a.label)
    .join(', ');
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${Math.round((n / 1024 / 1024 / 1024) * 10) / 10} GB`;
  if (n >= 1024 * 1024) return `${Math.round(n / 1024 / 1024)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}
