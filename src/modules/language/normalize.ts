// One normalisation + tokenisation pass shared by every task.
// Steps: cap length → well-formed UTF-16 → strip zero-width chars → NFKC (maps Unicode "script" letters used by
// judol spam to ASCII) → strip combining marks when present → case fold → join spaced-out letters (s l o t) →
// tokenise (URL, e-mail, mention, hashtag, number, word, emoji, ?/!) → de-elongate, de-leet, slang/Minang mapping.
import { EMOJI_CLASS, LEET, MINANG, SLANG } from './lexicon.ts';

/** Longest input (UTF-16 units) that is analysed; the rest is ignored so that time stays bounded. */
export const MAX_ANALYZED_CHARS = 3000;
/** Most word tokens kept. */
export const MAX_TOKENS = 600;
/** Most non-word tokens kept. */
export const MAX_SPECIALS = 400;

export interface Normalized {
  /** The analysed part of the text: capped, well-formed, NFKC, lower-case. */
  readonly text: string;
  /** Surface word forms (lower-case, de-elongated, de-leeted); char n-grams and language cues come from these. */
  readonly words: string[];
  /** Canonical form of each word (slang / Minangkabau mapped to standard Indonesian; may contain spaces). */
  readonly canon: string[];
  /** Non-word tokens: <url>, <mention>, @handle, #tag, <num>, <phone>, <nik>, <q>, <excl>, <emo:class>, <allcaps>... */
  readonly specials: string[];
  /** Length of the original input (before capping). */
  readonly originalLength: number;
  readonly truncated: boolean;
}

let minangMap: ReadonlyMap<string, string> = new Map();
/** slang, curated Minangkabau and the generated map merged into one lookup (curated entries win) */
let canonMap: Map<string, string> = buildCanonMap(minangMap);

function buildCanonMap(generated: ReadonlyMap<string, string>): Map<string, string> {
  const m = new Map<string, string>(generated);
  for (const [k, v] of Object.entries(MINANG)) m.set(k, v);
  for (const [k, v] of Object.entries(SLANG)) m.set(k, v);
  return m;
}

/** Installs the generated Minangkabau→Indonesian word map (models/min-id.tsv). */
export function setMinangMap(map: ReadonlyMap<string, string>): void {
  minangMap = map;
  canonMap = buildCanonMap(map);
}
export function getMinangMap(): ReadonlyMap<string, string> {
  return minangMap;
}

const ZERO_WIDTH = /[\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/g;
const COMBINING = /\p{M}/u;
const COMBINING_G = /\p{Mn}/gu;
// Runs of ≥4 single letters/digits separated by one space, dot, dash or underscore: "s l 0 t", "g.a.c.o.r".
const SPACED = /(?<![\p{L}\p{N}])(?:[\p{L}\p{N}][ ._\-*]){3,}[\p{L}\p{N}](?![\p{L}\p{N}])/gu;
const TOKEN =
  /(https?:\/\/\S+|www\.\S+|[a-z0-9][a-z0-9-]*(?:\.|\[\.\])(?:com|id|xyz|net|org|co|io|me|ly|link|site|online|vip|top|club|info|biz|app|pro|live|bet|win|asia|cc)(?![\p{L}\p{N}])(?:\/\S*)?)|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(@[\p{L}\p{N}_.]+)|(#[\p{L}\p{N}_]+)|((?:\+?\d)[\d.,:/\-]*\d|\d)|([\p{L}\p{N}_']+)|(\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{EMod})*)|([?!])/gu;
const ELONG = /(\p{L})\1{2,}/gu;
const HAS_DIGIT = /\d/;
const HAS_LETTER = /\p{L}/u;
const REDUP = /^(\p{L}{2,})2$/u;
const NUM_UNIT = /^\d+(?:[.,]\d+)?(rb|ribu|jt|juta|k|m|kg|km|m2|ha|gt|cm|mm|x|an|th|thn|tahun|bln|bulan|hari|jam|menit|persen)$/u;
const LETTERS_THEN_DIGITS = /^(\p{L}{2,})(\d+)$/u;

function deleet(w: string): string {
  let out = '';
  for (const ch of w) out += LEET[ch] ?? ch;
  return out;
}

function classifyNumber(raw: string): string {
  let digits = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  const plus = raw.charCodeAt(0) === 43;
  if (digits === 16 && /^\d{16}$/.test(raw)) return '<nik>';
  if (digits >= 9 && digits <= 14 && (raw.startsWith('08') || raw.startsWith('62') || plus)) return '<phone>';
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(raw)) return '<date>';
  if (/^\d{1,2}[.:]\d{2}$/.test(raw)) return '<time>';
  if (digits >= 5) return '<bignum>';
  return '<num>';
}

function canonical(w: string): string {
  return canonMap.get(w) ?? w;
}

/** Cheap ALL-CAPS detector on the original text (before case folding). */
function isShouting(s: string): boolean {
  const n = Math.min(s.length, 400);
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      upper++;
      letters++;
    } else if (c >= 97 && c <= 122) letters++;
  }
  return letters >= 8 && upper / letters >= 0.6;
}

/** true when the word has three equal letters in a row (cheap pre-check before the de-elongation regex) */
function hasTriple(w: string): boolean {
  for (let i = 2; i < w.length; i++) if (w.charCodeAt(i) === w.charCodeAt(i - 1) && w.charCodeAt(i) === w.charCodeAt(i - 2)) return true;
  return false;
}

/** Normalises and tokenises a message. Never throws; non-strings are treated as empty text. */
export function normalize(input: unknown): Normalized {
  let raw = typeof input === 'string' ? input : '';
  const originalLength = raw.length;
  const truncated = raw.length > MAX_ANALYZED_CHARS;
  if (truncated) raw = raw.slice(0, MAX_ANALYZED_CHARS);
  raw = raw.toWellFormed();
  raw = raw.replace(ZERO_WIDTH, '');
  let t = raw.normalize('NFKC');
  if (COMBINING.test(t)) t = t.normalize('NFKD').replace(COMBINING_G, '').normalize('NFC');
  const specials: string[] = [];
  if (isShouting(t)) specials.push('<allcaps>');
  t = t.toLowerCase();
  if (SPACED.test(t)) {
    SPACED.lastIndex = 0;
    t = t.replace(SPACED, (m) => {
      const joined = m.replace(/[ ._\-*]/g, '');
      specials.push('<spaced>');
      return deleet(joined);
    });
  }
  SPACED.lastIndex = 0;
  const words: string[] = [];
  const canon: string[] = [];
  let excl = 0;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(t)) !== null && words.length < MAX_TOKENS && specials.length < MAX_SPECIALS) {
    if (m[1] !== undefined) {
      specials.push('<url>');
      if (m[1].includes('[.]')) specials.push('<defanged>');
    } else if (m[2] !== undefined) {
      specials.push('<email>');
    } else if (m[3] !== undefined) {
      specials.push('<mention>', m[3].length <= 40 ? m[3] : m[3].slice(0, 40));
    } else if (m[4] !== undefined) {
      const tag = m[4].slice(1);
      specials.push('<hashtag>', '#' + tag.slice(0, 40));
      if (tag.length >= 3 && tag.length <= 30 && !HAS_DIGIT.test(tag)) {
        words.push(tag);
        canon.push(canonical(tag));
      }
    } else if (m[5] !== undefined) {
      specials.push(classifyNumber(m[5]));
    } else if (m[6] !== undefined) {
      let w = m[6];
      if (w.length > 40) w = w.slice(0, 40);
      if (w.includes("'")) w = w.replace(/'/g, '');
      if (w.length === 0) continue;
      if (HAS_DIGIT.test(w)) {
        if (!HAS_LETTER.test(w)) {
          specials.push('<num>');
          continue;
        }
        let r: RegExpExecArray | null;
        if ((r = REDUP.exec(w)) !== null) {
          w = r[1]!;
          specials.push('<redup>');
        } else if ((r = NUM_UNIT.exec(w)) !== null) {
          specials.push('<num>');
          w = r[1]!;
        } else if ((r = LETTERS_THEN_DIGITS.exec(w)) !== null) {
          specials.push('<alnum>');
          w = r[1]!;
        } else {
          const d = deleet(w);
          if (d !== w) specials.push('<leet>');
          w = d;
        }
      }
      if (w.length >= 3 && hasTriple(w)) w = w.replace(ELONG, '$1');
      words.push(w);
      canon.push(canonical(w));
    } else if (m[7] !== undefined) {
      const e = m[7];
      const cls = EMOJI_CLASS[e] ?? EMOJI_CLASS[e.replace(/\uFE0F/g, '')] ?? EMOJI_CLASS[String.fromCodePoint(e.codePointAt(0)!)];
      specials.push(cls !== undefined ? `<emo:${cls}>` : '<emoji>');
      specials.push(e.length <= 8 ? e : e.slice(0, 8));
    } else if (m[8] !== undefined) {
      if (m[8] === '?') specials.push('<q>');
      else excl++;
    }
  }
  if (excl > 0) specials.push(excl >= 2 ? '<excl2>' : '<excl>');
  if (words.length === 0) specials.push(specials.length === 0 ? '<empty>' : '<nowords>');
  else if (words.length <= 2) specials.push('<short>');
  else if (words.length >= 60) specials.push('<long>');
  return { text: t, words, canon, specials, originalLength, truncated };
}
