import { z } from 'zod';
import type { ChannelPlatform } from '../../platform/db/schema.ts';
import { PLATFORM_LIMITS as PLATFORM_RULES, platformLength, textLimit } from './coach/limits.ts';
import { deriveVariant } from './variant.ts';

// What a post says: one master text (and title, link, media with alt text), and per channel a
// variant derived from it automatically unless the author wrote one. A version stores this object
// whole and never changes; publishing sends exactly what the approved version holds.

export const PUBLISHABLE: readonly ChannelPlatform[] = ['facebook', 'instagram', 'x', 'telegram', 'youtube', 'tiktok'];

export const MediaRef = z.strictObject({
  mediaId: z.uuid(),
  kind: z.enum(['image', 'video']),
  /** required before submitting: describes the image for blind readers (screen readers) */
  altText: z.string().trim().max(1000).default(''),
});
export type MediaRef = z.infer<typeof MediaRef>;

export const ChannelChoice = z.strictObject({
  accountId: z.uuid(),
  /** the author's own text for this channel; null = derived from the master text */
  text: z.string().max(10_000).nullable().default(null),
  /** YouTube video title / TikTok title; null = derived */
  title: z.string().max(200).nullable().default(null),
});
export type ChannelChoice = z.infer<typeof ChannelChoice>;

export const CatalogRef = z.strictObject({
  kind: z.enum(['desa_wisata', 'umkm']),
  id: z.string().trim().min(1).max(80),
  name: z.string().trim().min(1).max(200),
});

export const PostContent = z.strictObject({
  title: z.string().trim().max(200).default(''),
  text: z.string().max(10_000).default(''),
  link: z.url({ protocol: /^https?$/ }).max(2000).nullable().default(null),
  media: z.array(MediaRef).max(10).default([]),
  channels: z.array(ChannelChoice).max(40).default([]),
  catalog: CatalogRef.nullable().default(null),
});
export type PostContent = z.infer<typeof PostContent>;

/** Content as stored may predate a field: parse with defaults. */
export function readContent(raw: unknown): PostContent {
  return PostContent.parse(raw ?? {});
}

export function sameContent(a: PostContent, b: PostContent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ── per-platform limits: one table, shared with the coach and the composer's live counters ─────
export { PLATFORM_LIMITS as PLATFORM_RULES, platformLength, xWeightedLength as xLength } from './coach/limits.ts';
// The derivation of each channel's text is pure (shared with the web composer): variant.ts.
export { deriveVariant, type Variant } from './variant.ts';

// ── structural checks before submitting (the coach adds the writing advice) ─────────────────────

export interface ChannelProblem {
  accountId: string | null;
  platform: ChannelPlatform | null;
  message: { id: string; en: string };
}

export interface AccountInfo {
  id: string;
  platform: ChannelPlatform;
  name: string;
  status: string;
}

/** What the media store knows of an attached medium (for type, size and duration checks). */
export interface MediaFacts {
  kind: 'image' | 'video' | 'document';
  sizeBytes: number;
  durationMs: number | null;
  /** the medium is ready and belongs to the post's OPD */
  usable: boolean;
}

/**
 * Video limits of the publishing APIs (where a platform publishes video by URL): longest and largest
 * video, as documented by each platform; X: 140 s / 512 MB; Instagram Reels: 3 s–15 min / 300 MB;
 * Facebook: 240 min / 10 GB; Telegram bots sending by URL: 20 MB; TikTok: 10 min / 4 GB (creator_info may
 * say less); YouTube: 12 h / 256 GB.
 */
export const VIDEO_LIMITS: Readonly<Partial<Record<ChannelPlatform, { minMs?: number; maxMs: number; maxBytes: number }>>> = {
  x: { maxMs: 140_000, maxBytes: 512 * 2 ** 20 },
  instagram: { minMs: 3_000, maxMs: 15 * 60_000, maxBytes: 300 * 2 ** 20 },
  facebook: { maxMs: 240 * 60_000, maxBytes: 10 * 2 ** 30 },
  telegram: { maxMs: 24 * 3_600_000, maxBytes: 20 * 2 ** 20 },
  tiktok: { minMs: 3_000, maxMs: 10 * 60_000, maxBytes: 4 * 2 ** 30 },
  youtube: { maxMs: 12 * 3_600_000, maxBytes: 256 * 2 ** 30 },
};

const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
const duration = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} menit` : `${Math.round(ms / 1000)} detik`);

/** Everything that would make the post fail on a platform, in words; empty when it can be submitted. */
export function contentProblems(content: PostContent, accounts: ReadonlyMap<string, AccountInfo>, media: ReadonlyMap<string, MediaFacts> = new Map()): ChannelProblem[] {
  const out: ChannelProblem[] = [];
  const general = (id: string, en: string) => out.push({ accountId: null, platform: null, message: { id, en } });
  if (!content.text.trim() && !content.media.length) general('Teks postingan masih kosong.', 'The post text is empty.');
  if (!content.channels.length) general('Pilih minimal satu kanal.', 'Choose at least one channel.');
  content.media.forEach((m, i) => {
    if (m.kind === 'image' && !m.altText.trim())
      general(`Gambar ${i + 1} belum memiliki teks alternatif (alt text) untuk pembaca layar.`, `Image ${i + 1} has no alt text for screen readers.`);
    const facts = media.get(m.mediaId);
    if (media.size && (!facts || !facts.usable)) general(`Berkas media ${i + 1} tidak ditemukan di pustaka media OPD ini; unggah ulang.`, `Media file ${i + 1} is not in this OPD's media library; upload it again.`);
    else if (facts && facts.kind !== m.kind) general(`Berkas media ${i + 1} bukan ${m.kind === 'image' ? 'gambar' : 'video'}.`, `Media file ${i + 1} is not ${m.kind === 'image' ? 'an image' : 'a video'}.`);
  });
  const videoFacts = content.media.filter((m) => m.kind === 'video').map((m) => media.get(m.mediaId)).filter((f): f is MediaFacts => !!f && f.usable);
  const seen = new Set<string>();
  const images = content.media.filter((m) => m.kind === 'image').length;
  const videos = content.media.filter((m) => m.kind === 'video').length;
  for (const choice of content.channels) {
    const acc = accounts.get(choice.accountId);
    const say = (id: string, en: string) => out.push({ accountId: choice.accountId, platform: acc?.platform ?? null, message: { id, en } });
    if (seen.has(choice.accountId)) {
      say('Akun yang sama dipilih dua kali.', 'The same account is chosen twice.');
      continue;
    }
    seen.add(choice.accountId);
    if (!acc) {
      say('Akun kanal tidak ditemukan atau bukan milik OPD ini.', 'Channel account not found or not owned by this OPD.');
      continue;
    }
    if (acc.status === 'disconnected' || acc.status === 'revoked' || acc.status === 'expired') {
      say(`Akun ${acc.name} tidak terhubung atau tokennya tidak berlaku; hubungkan ulang di halaman Saluran.`, `The account ${acc.name} is not connected or its token is invalid; reconnect it on the Channels page.`);
      continue;
    }
    if (!PUBLISHABLE.includes(acc.platform)) {
      say(`${acc.name}: WhatsApp Business tidak dapat dipakai untuk publikasi massal; gunakan saluran lain.`, `${acc.name}: WhatsApp Business cannot be used for broadcasting posts; use another channel.`);
      continue;
    }
    const rules = PLATFORM_RULES[acc.platform];
    if (rules.needsMedia === 'video' && !videos) say(`${acc.name}: YouTube memerlukan video.`, `${acc.name}: YouTube needs a video.`);
    if (rules.needsMedia === 'image_or_video' && !images && !videos) say(`${acc.name}: ${acc.platform === 'instagram' ? 'Instagram' : 'TikTok'} memerlukan gambar atau video.`, `${acc.name}: ${acc.platform === 'instagram' ? 'Instagram' : 'TikTok'} needs an image or a video.`);
    const vl = VIDEO_LIMITS[acc.platform];
    for (const f of vl ? videoFacts : []) {
      if (f.sizeBytes > vl!.maxBytes) say(`${acc.name}: video ${mb(f.sizeBytes)}, batas ${mb(vl!.maxBytes)}.`, `${acc.name}: the video is ${mb(f.sizeBytes)}; the limit is ${mb(vl!.maxBytes)}.`);
      if (f.durationMs !== null && f.durationMs > vl!.maxMs) say(`${acc.name}: durasi video ${duration(f.durationMs)}, batas ${duration(vl!.maxMs)}.`, `${acc.name}: the video lasts ${Math.round(f.durationMs / 1000)} s; the limit is ${Math.round(vl!.maxMs / 1000)} s.`);
      if (f.durationMs !== null && vl!.minMs && f.durationMs < vl!.minMs) say(`${acc.name}: video terlalu pendek (minimal ${duration(vl!.minMs)}).`, `${acc.name}: the video is too short (at least ${Math.round(vl!.minMs / 1000)} s).`);
    }
    if (images > rules.maxImages && rules.needsMedia !== 'video') say(`${acc.name}: maksimal ${rules.maxImages} gambar.`, `${acc.name}: at most ${rules.maxImages} images.`);
    const v = deriveVariant(content, acc.platform, choice);
    const max = textLimit(acc.platform, content.media.length > 0);
    const len = platformLength(acc.platform, v.text);
    if (len > max) say(`${acc.name}: teks ${len} karakter, batas ${max}.`, `${acc.name}: the text has ${len} characters; the limit is ${max}.`);
    if (rules.maxHashtags) {
      const tags = (v.text.match(/#[\p{L}\p{N}_]+/gu) ?? []).length;
      if (tags > rules.maxHashtags) say(`${acc.name}: ${tags} tagar, batas ${rules.maxHashtags}.`, `${acc.name}: ${tags} hashtags; the limit is ${rules.maxHashtags}.`);
    }
  }
  return out;
}

// ── version diff (for the history view) ─────────────────────────────────────────────────────────

export interface DiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

/** A word-level diff (longest common subsequence over tokens incl. whitespace). */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = before.match(/\s+|[^\s]+/gu) ?? [];
  const b = after.match(/\s+|[^\s]+/gu) ?? [];
  // Trim the common head and tail first: edits are usually local.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const mid: DiffPart[] = [];
  const A = a.slice(start, endA);
  const B = b.slice(start, endB);
  if (A.length * B.length > 4_000_000) {
    if (A.length) mid.push({ op: 'removed', text: A.join('') });
    if (B.length) mid.push({ op: 'added', text: B.join('') });
  } else {
    const dp: Uint32Array[] = Array.from({ length: A.length + 1 }, () => new Uint32Array(B.length + 1));
    for (let i = A.length - 1; i >= 0; i--) for (let j = B.length - 1; j >= 0; j--) dp[i]![j] = A[i] === B[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
    let i = 0;
    let j = 0;
    while (i < A.length || j < B.length) {
      if (i < A.length && j < B.length && A[i] === B[j]) {
        mid.push({ op: 'same', text: A[i]! });
        i++;
        j++;
      } else if (j < B.length && (i === A.length || dp[i]![j + 1]! > dp[i + 1]![j]!)) mid.push({ op: 'added', text: B[j++]! });
      else mid.push({ op: 'removed', text: A[i++]! });
    }
  }
  const parts: DiffPart[] = [];
  const push = (p: DiffPart) => {
    const last = parts.at(-1);
    if (last && last.op === p.op) last.text += p.text;
    else if (p.text) parts.push({ ...p });
  };
  push({ op: 'same', text: a.slice(0, start).join('') });
  mid.forEach(push);
  push({ op: 'same', text: a.slice(endA).join('') });
  return parts;
}
