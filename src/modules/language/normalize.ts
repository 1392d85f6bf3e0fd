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
  clearTokenCaches();
  canonVersion++;
}
/** Bumped whenever the canonical map changes (caches keyed by words depend on it). */
export let canonVersion = 0;
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

// ---- fast path ------------------------------------------------------------------------------------------------
// Most messages are ASCII plus emoji and punctuation that Unicode normalisation leaves alone. For those, the text
// is already well-formed and NFKC, so the slow steps (toWellFormed, zero-width strip, NFKC, combining marks) are
// skipped and tokens are found by a char-code scanner that reproduces TOKEN exactly on such text. Everything else
// goes through the regular-expression path. Both paths share the token handlers (and their caches).

/** 1 = code unit that NFKC/NFKD keep, that is no letter, digit, mark, space or zero-width char; 2 = U+FE0F. */
const SAFE_BMP = new Uint8Array(0x10000);
/** same for the emoji planes U+1F000..U+1FAFF */
const SAFE_ASTRAL_BASE = 0x1f000;
const SAFE_ASTRAL = new Uint8Array(0xb00);
{
  const ok = (ch: string): boolean =>
    ch.normalize('NFKC') === ch &&
    ch.normalize('NFKD') === ch &&
    !/\p{M}/u.test(ch) &&
    !/[\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/.test(ch) &&
    !/\s/u.test(ch) &&
    !/[\p{L}\p{N}]/u.test(ch) &&
    ch.toLowerCase() === ch &&
    ch.toUpperCase() === ch;
  for (let c = 0; c < 0x80; c++) SAFE_BMP[c] = 1;
  for (let c = 0x80; c < 0x10000; c++) if ((c < 0xd800 || c > 0xdfff) && ok(String.fromCharCode(c))) SAFE_BMP[c] = 1;
  SAFE_BMP[0xfe0f] = 2;
  for (let c = 0; c < SAFE_ASTRAL.length; c++) if (ok(String.fromCodePoint(SAFE_ASTRAL_BASE + c))) SAFE_ASTRAL[c] = 1;
}

// ---- one pass over the raw text ----------------------------------------------------------------------------------
// Everything the analysis needs to know about the raw characters, in one loop: whether the fast path applies (and
// whether U+FE0F must go), the ALL-CAPS counts, whether spaced-out letters may be present, and (for analyze) the
// counts behind the unreadable-input check and the personal-data pre-checks.

/** ASCII classes: 1 upper, 2 lower, 4 digit, 8 space (\t-\r, ' '), 16 control, 32 '@', 64 spacing separator */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  let k = 0;
  if (c >= 65 && c <= 90) k |= 1;
  else if (c >= 97 && c <= 122) k |= 2;
  else if (c >= 48 && c <= 57) k |= 4;
  else if (c === 32 || (c >= 9 && c <= 13)) k |= 8;
  else if (c <= 8 || (c >= 14 && c <= 31) || c === 127) k |= 16;
  if (c === 64) k |= 32;
  if (c === 32 || c === 46 || c === 95 || c === 45 || c === 42) k |= 64;
  ASCII_CLASS[c] = k;
}

/** JS \s (WhiteSpace + LineTerminator) outside ASCII, by UTF-16 code unit. */
function isJsSpaceHigh(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** What the last normalize() found in its input's characters (see scanRaw). */
export interface RawScan {
  /** the analysed input (capped) */
  raw: string;
  /** its length before capping */
  originalLength: number;
  /** fast path: only ASCII and characters NFKC/NFKD keep that are no letter, digit, mark, space or zero-width */
  fast: boolean;
  /** it contains U+FE0F (removed on the fast path) */
  fe0f: boolean;
  /** ASCII letters and upper-case letters among the first 400 code units */
  letters400: number;
  upper400: number;
  /** an alphanumeric, separator, alphanumeric … run of 7 (a necessary condition for spaced-out letters) */
  spaced: boolean;
  /** among the first 2,000 code units: non-space, Latin letters, control characters (the unreadable check) */
  nonSpace: number;
  latin: number;
  control: number;
  /** ASCII digits, whether any A-Z, whether any '@' (the personal-data pre-checks) */
  digits: number;
  upper: boolean;
  at: boolean;
}
const lastScan: RawScan = { raw: '', originalLength: 0, fast: true, fe0f: false, letters400: 0, upper400: 0, spaced: false, nonSpace: 0, latin: 0, control: 0, digits: 0, upper: false, at: false };

/** The scan of `raw` when it is the input of the last normalize() call (analyze reuses it), else null. */
export function rawScanOf(raw: string): RawScan | null {
  return lastScan.raw === raw && lastScan.originalLength === raw.length ? lastScan : null;
}

function scanRaw(raw: string, originalLength: number): RawScan {
  const n = raw.length;
  let fast = true;
  let fe0f = false;
  let alt = 0;
  let spaced = false;
  // over the whole text: ASCII letters, upper-case letters, digits, other non-space units, Latin letters outside
  // ASCII, control characters; texts longer than 400 / 2,000 units are counted again up to there below
  let letters = 0;
  let upperN = 0;
  let digits = 0;
  let other = 0;
  let latinHigh = 0;
  let control = 0;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 128) {
      const k = ASCII_CLASS[c]!;
      if ((k & 7) !== 0) {
        // letter or digit: a spaced-out run goes on
        alt = (alt & 1) !== 0 ? 1 : alt + 1;
        if (alt >= 7) spaced = true;
        if ((k & 4) !== 0) digits++;
        else {
          letters++;
          if ((k & 1) !== 0) upperN++;
        }
      } else {
        alt = (k & 64) !== 0 && (alt & 1) !== 0 ? alt + 1 : 0;
        if ((k & 8) === 0) {
          other++;
          if ((k & 16) !== 0) control++;
          if ((k & 32) !== 0) at = 1;
        }
      }
      continue;
    }
    alt = 0;
    if (!isJsSpaceHigh(c)) {
      other++;
      if (c >= 0xc0 && c <= 0x24f) latinHigh++;
      else if (c <= 0x9f || c === 0xfffd) control++;
    }
    if (!fast) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < n ? raw.charCodeAt(i + 1) : 0;
      if (d < 0xdc00 || d > 0xdfff) {
        fast = false;
        continue;
      }
      const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000 - SAFE_ASTRAL_BASE;
      if (cp < 0 || cp >= SAFE_ASTRAL.length || SAFE_ASTRAL[cp] === 0) fast = false;
      // the low surrogate: a unit like any other for the counts (no space, no Latin letter, no control)
      i++;
      other++;
      continue;
    }
    const f = SAFE_BMP[c]!;
    if (f === 0) fast = false;
    else if (f === 2) fe0f = true;
  }
  const r = lastScan;
  r.raw = raw;
  r.originalLength = originalLength;
  r.fast = fast;
  r.fe0f = fe0f;
  r.spaced = spaced;
  r.digits = digits;
  r.upper = upperN > 0;
  r.at = at === 1;
  if (n <= 400) {
    r.letters400 = letters;
    r.upper400 = upperN;
  } else {
    let l = 0;
    let u = 0;
    for (let i = 0; i < 400; i++) {
      const c = raw.charCodeAt(i);
      if (c >= 65 && c <= 90) {
        u++;
        l++;
      } else if (c >= 97 && c <= 122) l++;
    }
    r.letters400 = l;
    r.upper400 = u;
  }
  if (n <= 2000) {
    r.nonSpace = letters + digits + other;
    r.latin = letters + latinHigh;
    r.control = control;
  } else unreadableCounts(raw, 2000, r);
  return r;
}

/** The unreadable check's counts over the first `end` code units. */
function unreadableCounts(raw: string, end: number, r: RawScan): void {
  let nonSpace = 0;
  let latin = 0;
  let control = 0;
  for (let i = 0; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c < 128) {
      const k = ASCII_CLASS[c]!;
      if ((k & 8) !== 0) continue;
      nonSpace++;
      if ((k & 3) !== 0) latin++;
      else if ((k & 16) !== 0) control++;
      continue;
    }
    if (isJsSpaceHigh(c)) continue;
    nonSpace++;
    if (c >= 0xc0 && c <= 0x24f) latin++;
    else if (c <= 0x9f || c === 0xfffd) control++;
  }
  r.nonSpace = nonSpace;
  r.latin = latin;
  r.control = control;
}

// token kinds (TOKEN's capture groups)
const K_URL = 1;
const K_EMAIL = 2;
const K_MENTION = 3;
const K_HASHTAG = 4;
const K_NUMBER = 5;
const K_WORD = 6;
const K_EMOJI = 7;
const K_PUNCT = 8;
const TLDS = ['com', 'id', 'xyz', 'net', 'org', 'co', 'io', 'me', 'ly', 'link', 'site', 'online', 'vip', 'top', 'club', 'info', 'biz', 'app', 'pro', 'live', 'bet', 'win', 'asia', 'cc'];
const EMOJI_Y = /\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|\p{EMod})*/uy;

// character classes of lower-cased fast-path text (no letters or digits outside ASCII there)
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}
function isWordCh(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isSpaceCh(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
/** end of a run of non-space code units starting at i */
function nonSpaceEnd(t: string, i: number): number {
  const n = t.length;
  while (i < n && !isSpaceCh(t.charCodeAt(i))) i++;
  return i;
}

/** Scanner state: the next token found by scanFrom. */
let tokKind = 0;
let tokStart = 0;
let tokEnd = 0;
/** FNV-1a of a word token's code units (set by scanFrom for K_WORD) */
let tokHash = 0;
/** whether the text being scanned contains '@' (set before scanning) */
let scanHasAt = true;

/** Finds the next token at or after p in lower-cased fast-path text, like TOKEN.exec; false when none is left. */
function scanFrom(t: string, p: number): boolean {
  const n = t.length;
  while (p < n) {
    const c = t.charCodeAt(p);
    // 1. URL: https?://\S+ | www\.\S+ | domain.tld(?![\p{L}\p{N}])(\/\S*)?
    if (c === 104 && t.startsWith('http', p)) {
      const q = t.charCodeAt(p + 4) === 115 ? p + 5 : p + 4;
      if (t.startsWith('://', q) && q + 3 < n && !isSpaceCh(t.charCodeAt(q + 3))) {
        tokKind = K_URL;
        tokStart = p;
        tokEnd = nonSpaceEnd(t, q + 3);
        return true;
      }
    }
    if (c === 119 && t.startsWith('www.', p) && p + 4 < n && !isSpaceCh(t.charCodeAt(p + 4))) {
      tokKind = K_URL;
      tokStart = p;
      tokEnd = nonSpaceEnd(t, p + 4);
      return true;
    }
    if (isAlnum(c)) {
      let q = p + 1;
      while (q < n) {
        const d = t.charCodeAt(q);
        if (isAlnum(d) || d === 45) q++;
        else break;
      }
      let dot = -1;
      if (t.charCodeAt(q) === 46) dot = q + 1;
      else if (t.startsWith('[.]', q)) dot = q + 3;
      if (dot >= 0) {
        for (const tld of TLDS) {
          if (!t.startsWith(tld, dot)) continue;
          let e = dot + tld.length;
          if (e < n && isAlnum(t.charCodeAt(e))) continue;
          if (t.charCodeAt(e) === 47) e = nonSpaceEnd(t, e + 1);
          tokKind = K_URL;
          tokStart = p;
          tokEnd = e;
          return true;
        }
      }
    }
    // 2. e-mail: [\w.+-]+@[\w-]+(?:\.[\w-]+)+ (only when the text has an '@' at all)
    if (scanHasAt && (isWordCh(c) || c === 46 || c === 43 || c === 45)) {
      let q = p + 1;
      while (q < n) {
        const d = t.charCodeAt(q);
        if (isWordCh(d) || d === 46 || d === 43 || d === 45) q++;
        else break;
      }
      if (t.charCodeAt(q) === 64) {
        let r = q + 1;
        while (r < n && (isWordCh(t.charCodeAt(r)) || t.charCodeAt(r) === 45)) r++;
        if (r > q + 1) {
          let reps = 0;
          while (r + 1 < n && t.charCodeAt(r) === 46 && (isWordCh(t.charCodeAt(r + 1)) || t.charCodeAt(r + 1) === 45)) {
            r += 2;
            while (r < n && (isWordCh(t.charCodeAt(r)) || t.charCodeAt(r) === 45)) r++;
            reps++;
          }
          if (reps > 0) {
            tokKind = K_EMAIL;
            tokStart = p;
            tokEnd = r;
            return true;
          }
        }
      }
    }
    // 3. mention @[\p{L}\p{N}_.]+ and 4. hashtag #[\p{L}\p{N}_]+
    if (c === 64 || c === 35) {
      let q = p + 1;
      while (q < n) {
        const d = t.charCodeAt(q);
        if (isWordCh(d) || (c === 64 && d === 46)) q++;
        else break;
      }
      if (q > p + 1) {
        tokKind = c === 64 ? K_MENTION : K_HASHTAG;
        tokStart = p;
        tokEnd = q;
        return true;
      }
    }
    // 5. number (?:\+?\d)[\d.,:/\-]*\d|\d
    if (isDigit(c) || (c === 43 && isDigit(t.charCodeAt(p + 1)))) {
      const d0 = c === 43 ? p + 1 : p;
      let q = d0 + 1;
      let lastDigit = -1;
      while (q < n) {
        const d = t.charCodeAt(q);
        if (isDigit(d)) lastDigit = q;
        else if (!(d === 46 || d === 44 || d === 58 || d === 47 || d === 45)) break;
        q++;
      }
      if (lastDigit >= 0) {
        tokKind = K_NUMBER;
        tokStart = p;
        tokEnd = lastDigit + 1;
        return true;
      }
      if (c !== 43) {
        tokKind = K_NUMBER;
        tokStart = p;
        tokEnd = p + 1;
        return true;
      }
    }
    // 6. word [\p{L}\p{N}_']+
    if (isWordCh(c) || c === 39) {
      let q = p + 1;
      let h = Math.imul(0x811c9dc5 ^ c, 16777619);
      while (q < n) {
        const d = t.charCodeAt(q);
        if (isWordCh(d) || d === 39) {
          h = Math.imul(h ^ d, 16777619);
          q++;
        } else break;
      }
      tokHash = h;
      tokKind = K_WORD;
      tokStart = p;
      tokEnd = q;
      return true;
    }
    // 7. emoji
    if (c >= 0x80) {
      EMOJI_Y.lastIndex = p;
      const m = EMOJI_Y.exec(t);
      if (m !== null) {
        tokKind = K_EMOJI;
        tokStart = p;
        tokEnd = p + m[0].length;
        return true;
      }
    }
    // 8. ? !
    if (c === 63 || c === 33) {
      tokKind = K_PUNCT;
      tokStart = p;
      tokEnd = p + 1;
      return true;
    }
    p += c >= 0xd800 && c <= 0xdbff && p + 1 < n ? 2 : 1;
  }
  return false;
}

/** What a word token (TOKEN group 6) turns into: an optional special token and an optional word. */
export interface WordToken {
  special: string | null;
  word: string | null;
  canon: string | null;
  /** the feature extractor's cached info for the word (set by features.ts) */
  info: unknown;
}
const MAX_CACHE = 50_000;
let wordTokens = new Map<string, WordToken>();
let canonCache = new Map<string, string>();
let emojiTokens = new Map<string, [string, string]>();

function clearTokenCaches(): void {
  wordTokens = new Map();
  canonCache = new Map();
  clearTokenTable();
}
/** Empties the per-token caches (benchmarks of cold start; they refill on use). */
export function clearNormalizeCaches(): void {
  clearTokenCaches();
  emojiTokens = new Map();
}

function wordToken(tok: string): WordToken {
  let r = wordTokens.get(tok);
  if (r !== undefined) return r;
  r = computeWordToken(tok);
  if (wordTokens.size >= MAX_CACHE) wordTokens = new Map();
  wordTokens.set(tok, r);
  return r;
}

function computeWordToken(tok: string): WordToken {
  let w = tok;
  let special: string | null = null;
  if (w.length > 40) w = w.slice(0, 40);
  if (w.includes("'")) w = w.replace(/'/g, '');
  if (w.length === 0) return { special: null, word: null, canon: null, info: null };
  if (HAS_DIGIT.test(w)) {
    if (!HAS_LETTER.test(w)) return { special: '<num>', word: null, canon: null, info: null };
    let r: RegExpExecArray | null;
    if ((r = REDUP.exec(w)) !== null) {
      w = r[1]!;
      special = '<redup>';
    } else if ((r = NUM_UNIT.exec(w)) !== null) {
      special = '<num>';
      w = r[1]!;
    } else if ((r = LETTERS_THEN_DIGITS.exec(w)) !== null) {
      special = '<alnum>';
      w = r[1]!;
    } else {
      const d = deleet(w);
      if (d !== w) special = '<leet>';
      w = d;
    }
  }
  if (w.length >= 3 && hasTriple(w)) w = w.replace(ELONG, '$1');
  return { special, word: w, canon: canonical(w), info: null };
}

// Word tokens of the fast path by hash of their code units, checked against the text: no substring is made
// for a token seen before. Slot: [hash, entry + 1]; entries hold the token text and its WordToken.
const TT_BITS = 15;
const TT_MASK = (1 << TT_BITS) - 1;
let ttSlots = new Int32Array(2 << TT_BITS);
let ttRaw: string[] = [];
let ttTok: WordToken[] = [];

function clearTokenTable(): void {
  ttSlots = new Int32Array(2 << TT_BITS);
  ttRaw = [];
  ttTok = [];
}

/** wordToken(t.slice(a, b)) for a token whose code units hash to h. */
function wordTokenAt(t: string, a: number, b: number, h: number): WordToken {
  const slots = ttSlots;
  let slot = Math.imul(h, 0x9e3779b1) >>> (32 - TT_BITS);
  const len = b - a;
  for (;;) {
    const e = slots[2 * slot + 1]!;
    if (e === 0) break;
    if (slots[2 * slot] === h) {
      const raw = ttRaw[e - 1]!;
      if (raw.length === len) {
        let same = true;
        for (let i = 0; i < len; i++)
          if (raw.charCodeAt(i) !== t.charCodeAt(a + i)) {
            same = false;
            break;
          }
        if (same) return ttTok[e - 1]!;
      }
    }
    slot = (slot + 1) & TT_MASK;
  }
  const raw = t.slice(a, b);
  const r = wordToken(raw);
  if (ttRaw.length >= TT_MASK >>> 1) {
    clearTokenTable();
    return r;
  }
  ttRaw.push(raw);
  ttTok.push(r);
  slots[2 * slot] = h;
  slots[2 * slot + 1] = ttRaw.length;
  return r;
}

function cachedCanonical(w: string): string {
  let c = canonCache.get(w);
  if (c === undefined) {
    c = canonical(w);
    if (canonCache.size >= MAX_CACHE) canonCache = new Map();
    canonCache.set(w, c);
  }
  return c;
}

function emojiSpecials(e: string): [string, string] {
  let r = emojiTokens.get(e);
  if (r === undefined) {
    const cls = EMOJI_CLASS[e] ?? EMOJI_CLASS[e.replace(/\uFE0F/g, '')] ?? EMOJI_CLASS[String.fromCodePoint(e.codePointAt(0)!)];
    r = [cls !== undefined ? `<emo:${cls}>` : '<emoji>', e.length <= 8 ? e : e.slice(0, 8)];
    if (emojiTokens.size >= MAX_CACHE) emojiTokens = new Map();
    emojiTokens.set(e, r);
  }
  return r;
}

/** Fast-path check for spaced-out letters: a necessary condition for SPACED (x s x s x s x). */
function maybeSpaced(t: string): boolean {
  const n = t.length - 6;
  for (let i = 0; i < n; i++) {
    if (!isAlnum(t.charCodeAt(i))) continue;
    const s1 = t.charCodeAt(i + 1);
    if (!(s1 === 32 || s1 === 46 || s1 === 95 || s1 === 45 || s1 === 42)) continue;
    if (!isAlnum(t.charCodeAt(i + 2))) continue;
    const s2 = t.charCodeAt(i + 3);
    if (!(s2 === 32 || s2 === 46 || s2 === 95 || s2 === 45 || s2 === 42)) continue;
    if (!isAlnum(t.charCodeAt(i + 4))) continue;
    const s3 = t.charCodeAt(i + 5);
    if (!(s3 === 32 || s3 === 46 || s3 === 95 || s3 === 45 || s3 === 42)) continue;
    if (isAlnum(t.charCodeAt(i + 6))) return true;
  }
  return false;
}

/** The word tokens behind the words of the last normalize() result (null for hashtag words). */
let lastNormalized: Normalized | null = null;
let lastTokens: (WordToken | null)[] = [];
/** Word tokens of `nz` when it is the latest normalize() result (lets the features skip a cache lookup). */
export function wordTokensOf(nz: Normalized): readonly (WordToken | null)[] | null {
  return nz === lastNormalized ? lastTokens : null;
}

/** Normalises and tokenises a message. Never throws; non-strings are treated as empty text. */
export function normalize(input: unknown): Normalized {
  return normalizeWith(input, true);
}

/** normalize() without the fast path (the regular-expression reference; tests compare the two). */
export function normalizeReference(input: unknown): Normalized {
  return normalizeWith(input, false);
}

function normalizeWith(input: unknown, allowFast: boolean): Normalized {
  let raw = typeof input === 'string' ? input : '';
  const originalLength = raw.length;
  const truncated = raw.length > MAX_ANALYZED_CHARS;
  if (truncated) raw = raw.slice(0, MAX_ANALYZED_CHARS);
  let t: string;
  const scan = allowFast ? scanRaw(raw, originalLength) : null;
  const fast = scan !== null && scan.fast ? (scan.fe0f ? raw.replace(/\uFE0F/g, '') : raw) : null;
  if (fast !== null) t = fast;
  else {
    raw = raw.toWellFormed();
    raw = raw.replace(ZERO_WIDTH, '');
    t = raw.normalize('NFKC');
    if (COMBINING.test(t)) t = t.normalize('NFKD').replace(COMBINING_G, '').normalize('NFC');
  }
  const specials: string[] = [];
  // (the scan's counts are those of t when the fast path left the text as it was)
  if (fast !== null && !scan!.fe0f ? scan!.letters400 >= 8 && scan!.upper400 / scan!.letters400 >= 0.6 : isShouting(t)) specials.push('<allcaps>');
  t = t.toLowerCase();
  if (fast !== null ? (scan!.fe0f ? maybeSpaced(t) : scan!.spaced) && SPACED.test(t) : SPACED.test(t)) {
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
  const tokens: (WordToken | null)[] = [];
  let excl = 0;
  const handle = (kind: number, tok: string): void => {
    switch (kind) {
      case K_URL:
        specials.push('<url>');
        if (tok.includes('[.]')) specials.push('<defanged>');
        return;
      case K_EMAIL:
        specials.push('<email>');
        return;
      case K_MENTION:
        specials.push('<mention>', tok.length <= 40 ? tok : tok.slice(0, 40));
        return;
      case K_HASHTAG: {
        const tag = tok.slice(1);
        specials.push('<hashtag>', '#' + tag.slice(0, 40));
        if (tag.length >= 3 && tag.length <= 30 && !HAS_DIGIT.test(tag)) {
          words.push(tag);
          canon.push(cachedCanonical(tag));
          tokens.push(null);
        }
        return;
      }
      case K_NUMBER:
        specials.push(classifyNumber(tok));
        return;
      case K_WORD: {
        const r = wordToken(tok);
        if (r.special !== null) specials.push(r.special);
        if (r.word !== null) {
          words.push(r.word);
          canon.push(r.canon!);
          tokens.push(r);
        }
        return;
      }
      case K_EMOJI: {
        const e = emojiSpecials(tok);
        specials.push(e[0], e[1]);
        return;
      }
      case K_PUNCT:
        if (tok === '?') specials.push('<q>');
        else excl++;
        return;
    }
  };
  if (fast !== null) {
    let p = 0;
    scanHasAt = t.includes('@');
    while (scanFrom(t, p) && words.length < MAX_TOKENS && specials.length < MAX_SPECIALS) {
      if (tokKind === K_WORD) {
        const r = wordTokenAt(t, tokStart, tokEnd, tokHash);
        if (r.special !== null) specials.push(r.special);
        if (r.word !== null) {
          words.push(r.word);
          canon.push(r.canon!);
          tokens.push(r);
        }
      } else handle(tokKind, t.slice(tokStart, tokEnd));
      p = tokEnd;
    }
  } else {
    TOKEN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = TOKEN.exec(t)) !== null && words.length < MAX_TOKENS && specials.length < MAX_SPECIALS) {
      for (let g = 1; g <= 8; g++)
        if (m[g] !== undefined) {
          handle(g, m[g]!);
          break;
        }
    }
  }
  if (excl > 0) specials.push(excl >= 2 ? '<excl2>' : '<excl>');
  if (words.length === 0) specials.push(specials.length === 0 ? '<empty>' : '<nowords>');
  else if (words.length <= 2) specials.push('<short>');
  else if (words.length >= 60) specials.push('<long>');
  const nz: Normalized = { text: t, words, canon, specials, originalLength, truncated };
  lastNormalized = nz;
  lastTokens = tokens;
  return nz;
}
