// What each platform accepts, as one typed table: the coach checks a post against it and the composer
// shows live counters from it. Pure and dependency-free (only a type import), so the web app can import
// it too. Sources: ../shared/docs/platform-apis.md and the platforms' own documentation; the values and
// how each platform counts are explained in docs/content-coach.md#channel-fit.
import type { ChannelPlatform } from '../../../platform/db/schema.ts';

export type { ChannelPlatform };

export const CHANNEL_PLATFORMS: readonly ChannelPlatform[] = ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok'];

/**
 * How a platform counts characters:
 * - `x-weighted`: X's weighted length (twitter-text v3): URLs 23, emoji sequences 2, CJK and most scripts 2, Latin 1.
 * - `utf16`: UTF-16 code units, as JavaScript's `length` (Telegram counts this way after parsing entities).
 * - `codepoints`: Unicode code points (an emoji like 👍 is 1, a flag or a family emoji several).
 */
export type Counting = 'x-weighted' | 'utf16' | 'codepoints';

export interface PlatformLimits {
  label: string;
  /** longest text (a text post, or the caption/description when the platform has no separate caption) */
  maxText: number;
  /** longest caption when media are attached, when it differs from maxText */
  maxCaption?: number;
  /** longest title (YouTube video title, TikTok photo-post title) */
  maxTitle?: number;
  /** the platform refuses a post without a title */
  titleRequired?: boolean;
  /** most hashtags the platform accepts in one post */
  maxHashtags?: number;
  /** more hashtags than this reads as spam to people (advice, not a platform limit) */
  recommendedHashtags?: number;
  /** what media the platform needs at all */
  needsMedia: 'none' | 'image_or_video' | 'video';
  maxImages: number;
  /** links in the text are clickable */
  clickableLinks: boolean;
  counting: Counting;
  /** characters shown before "lihat selengkapnya"/"more" (approximate; advice) */
  foldChars?: number;
  /** a post longer than this is long for the platform (advice) */
  longPostChars?: number;
  /** the platform renders its own inline formatting (WhatsApp *tebal* _miring_ ~coret~; Telegram with parse mode) */
  formatting: 'plain' | 'whatsapp' | 'telegram';
  /** characters the platform refuses in text */
  forbiddenChars?: string;
}

/** X counts every URL as this many characters (t.co). */
export const X_URL_WEIGHT = 23;

export const PLATFORM_LIMITS: Readonly<Record<ChannelPlatform, PlatformLimits>> = {
  facebook: { label: 'Facebook', maxText: 63_206, needsMedia: 'none', maxImages: 10, clickableLinks: true, counting: 'codepoints', foldChars: 480, longPostChars: 1500, recommendedHashtags: 5, formatting: 'plain' },
  instagram: { label: 'Instagram', maxText: 2200, maxHashtags: 30, recommendedHashtags: 10, needsMedia: 'image_or_video', maxImages: 10, clickableLinks: false, counting: 'codepoints', foldChars: 125, formatting: 'plain' },
  whatsapp: { label: 'WhatsApp', maxText: 4096, maxCaption: 1024, needsMedia: 'none', maxImages: 1, clickableLinks: true, counting: 'codepoints', formatting: 'whatsapp' },
  x: { label: 'X', maxText: 280, recommendedHashtags: 2, needsMedia: 'none', maxImages: 4, clickableLinks: true, counting: 'x-weighted', formatting: 'plain' },
  telegram: { label: 'Telegram', maxText: 4096, maxCaption: 1024, needsMedia: 'none', maxImages: 10, clickableLinks: true, counting: 'utf16', formatting: 'telegram' },
  youtube: { label: 'YouTube', maxText: 5000, maxTitle: 100, titleRequired: true, needsMedia: 'video', maxImages: 0, clickableLinks: true, counting: 'codepoints', foldChars: 150, formatting: 'plain', forbiddenChars: '<>' },
  tiktok: { label: 'TikTok', maxText: 2200, maxTitle: 90, recommendedHashtags: 5, needsMedia: 'image_or_video', maxImages: 35, clickableLinks: false, counting: 'codepoints', formatting: 'plain' },
};

// twitter-text v3 configuration: weight 100 (= one character) for these code-point ranges, 200 for the rest.
const X_LIGHT: readonly (readonly [number, number])[] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];
const URL_RE = /\bhttps?:\/\/[^\s<>"]+|\b(?:www\.)?(?:[a-z0-9-]+\.)+(?:go\.id|co\.id|ac\.id|sch\.id|or\.id|my\.id|web\.id|id|com|org|net|info|io|ly|me|gov)\b(?:\/[^\s<>"]*)?/giu;
/** one emoji sequence starting exactly at lastIndex (sticky) */
const EMOJI_AT = /\p{RI}\p{RI}|(?:\p{Extended_Pictographic}|[#*0-9]\uFE0F?\u20E3)(?:\uFE0F|\p{EMod})?(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{EMod})?)*/uy;

export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Calls `each(start, end)` for every whitespace-separated chunk that has a dot followed by a letter or a
 * slash: the only places a link can be. Running the link regex on those chunks alone is several times
 * faster than over the whole text (links never contain whitespace).
 */
export function forEachLinkChunk(s: string, each: (start: number, end: number) => void): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpaceCode(s.charCodeAt(i))) i++;
    let j = i;
    let candidate = false;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (isSpaceCode(c)) break;
      if (c === 46 || c === 47) {
        const d = s.charCodeAt(j + 1);
        if ((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || d === 47) candidate = true;
      }
      j++;
    }
    if (candidate) each(i, j);
    i = j;
  }
}

function findUrls(s: string): [number, number][] {
  const urls: [number, number][] = [];
  forEachLinkChunk(s, (a, b) => {
    const chunk = s.slice(a, b);
    URL_RE.lastIndex = 0;
    for (let m = URL_RE.exec(chunk); m !== null; m = URL_RE.exec(chunk)) urls.push([a + m.index, a + m.index + m[0].length]);
  });
  return urls;
}

function isKeycapBase(cp: number): boolean {
  return cp === 35 || cp === 42 || (cp >= 48 && cp <= 57);
}

function xCharWeight(cp: number): number {
  for (const [a, b] of X_LIGHT) if (cp >= a && cp <= b) return 1;
  return 2;
}

/**
 * Calls `unit(end, weight)` for each unit X counts, in order: a URL (23), an emoji sequence (2), or one code
 * point (1 or 2). `end` is the UTF-16 offset after the unit. Stops when `unit` returns false.
 */
function forEachXUnit(s: string, unit: (end: number, weight: number) => boolean): void {
  const urls = findUrls(s);
  let u = 0;
  let i = 0;
  while (i < s.length) {
    if (u < urls.length && urls[u]![0] === i) {
      i = urls[u]![1];
      u++;
      if (!unit(i, X_URL_WEIGHT)) return;
      continue;
    }
    const cp = s.codePointAt(i)!;
    if (cp >= 0xa9 || (isKeycapBase(cp) && (s.charCodeAt(i + 1) === 0xfe0f || s.charCodeAt(i + 1) === 0x20e3))) {
      EMOJI_AT.lastIndex = i;
      const m = EMOJI_AT.exec(s);
      if (m) {
        i += m[0].length;
        if (!unit(i, 2)) return;
        continue;
      }
    }
    i += cp > 0xffff ? 2 : 1;
    if (!unit(i, xCharWeight(cp))) return;
  }
}

/**
 * X's weighted length of a text: every URL counts 23, every emoji sequence (with skin tones, ZWJ joins,
 * flags) counts 2, code points in the light ranges (Latin, Greek, Cyrillic, ..., general punctuation) count
 * 1 and all others (CJK, Javanese script, ...) 2. The text is NFC-normalised first, as X does.
 */
export function xWeightedLength(text: string): number {
  let n = 0;
  forEachXUnit(text.normalize('NFC'), (_end, w) => {
    n += w;
    return true;
  });
  return n;
}

/** The length of a text as the platform counts it. */
export function platformLength(platform: ChannelPlatform, text: string): number {
  const counting = PLATFORM_LIMITS[platform].counting;
  if (counting === 'x-weighted') return xWeightedLength(text);
  if (counting === 'utf16') return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n++;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

/**
 * Where a text stops fitting a limit on the platform: the UTF-16 offset of the first unit (character, emoji,
 * link) that goes over it, or `text.length` when it fits. Never inside a surrogate pair, emoji or link.
 */
export function overflowOffset(platform: ChannelPlatform, text: string, limit: number): number {
  const counting = PLATFORM_LIMITS[platform].counting;
  if (counting === 'utf16') return Math.min(text.length, limit + (isLowSurrogate(text.charCodeAt(limit)) ? -1 : 0));
  let n = 0;
  let at = 0;
  let over = false;
  if (counting === 'x-weighted') {
    forEachXUnit(text, (end, w) => {
      n += w;
      if (n > limit) {
        over = true;
        return false;
      }
      at = end;
      return true;
    });
    return over ? at : text.length;
  }
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const step = c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
    n++;
    if (n > limit) return i;
    i += step;
  }
  return text.length;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The limit that applies to the text on this platform: the caption limit when media are attached. */
export function textLimit(platform: ChannelPlatform, hasMedia: boolean): number {
  const l = PLATFORM_LIMITS[platform];
  return hasMedia && l.maxCaption ? l.maxCaption : l.maxText;
}
