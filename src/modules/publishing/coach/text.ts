// The text model every check reads: words, sentences, links, e-mail addresses, hashtags, mentions and emoji,
// each with UTF-16 offsets into the original text. Built once per coach call, in one pass per pattern.
import { forEachLinkChunk } from './limits.ts';
import type { Span } from './types.ts';

export interface Word extends Span {
  text: string;
  lower: string;
}

export interface Sentence extends Span {
  /** index of the first word in TextModel.words, and one past the last */
  from: number;
  to: number;
}

export interface Link extends Span {
  url: string;
  host: string;
  /** a government domain (.go.id) */
  official: boolean;
  /** a link shortener hides where the link goes */
  shortener: boolean;
}

export interface Hashtag extends Span {
  /** without '#' */
  tag: string;
}

export interface TextModel {
  text: string;
  links: Link[];
  emails: Span[];
  hashtags: Hashtag[];
  mentions: Span[];
  emoji: Span[];
  /** links, e-mails, hashtags and mentions, sorted: not prose */
  special: Span[];
  words: Word[];
  sentences: Sentence[];
}

const HTTP_URL = /\bhttps?:\/\/[^\s<>"]+/giu;
const BARE_URL = /(?<![\p{L}\p{N}@./-])(?:www\.)?(?:[a-z0-9-]+\.)+(?:go\.id|co\.id|ac\.id|sch\.id|or\.id|my\.id|web\.id|id|com|org|net|info|io|ly|me|gov|ee|gl|at|do|in|to)(?![\p{L}\p{N}-])(?:\/[^\s<>"]*)?/giu;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const HASHTAG = /(?<![\p{L}\p{N}_&#/])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
const MENTION = /(?<![\p{L}\p{N}_.@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)/gu;
const WORD = /\p{L}[\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
/** one emoji sequence (with skin tone, ZWJ joins, flags, keycaps) starting exactly at lastIndex */
const EMOJI_AT = /\p{RI}\p{RI}|(?:\p{Extended_Pictographic}|[#*0-9]\uFE0F?\u20E3)(?:\uFE0F|\p{EMod})?(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{EMod})?)*/uy;
const TRAILING = /[.,;:!?)\]}'"”’]+$/u;

const SHORTENERS = new Set(['bit.ly', 's.id', 'tinyurl.com', 't.co', 'goo.gl', 'cutt.ly', 'shorturl.at', 'rebrand.ly', 'ow.ly', 'is.gd', 'bit.do', 'rb.gy', 't.ly', 'lnkd.in', 'linktr.ee', 'heylink.me', 'tiny.cc']);

/** Words before a full stop that do not end a sentence (Jl. Sudirman No. 5, Dr. Ahmad, a.n. Kepala). */
const NO_BREAK = new Set(['jl', 'jln', 'no', 'nomor', 'kab', 'kec', 'kel', 'prov', 'dr', 'drs', 'dra', 'prof', 'ir', 'h', 'hj', 'st', 'sdr', 'sdri', 'bpk', 'yth', 'tn', 'ny', 'nn', 'an', 'a.n', 'u.p', 'up', 'telp', 'tel', 'hp', 'fax', 'rp', 'tgl', 'pkl', 'ds', 'ket', 'kom', 'pd', 'sos', 'kes', 'si', 'pol', 'dt', 'ds', 'm', 'sp', 'kp', 'gg', 'blok', 'apt', 'sd', 's.d', 'vol', 'hlm', 'ca', 'vs', 'dkk', 'mis', 'cs', 'p']);
/** Abbreviations that end a sentence when a capital letter follows (dll. Pendaftaran ...). */
const SOFT_BREAK = new Set(['dll', 'dsb', 'dst', 'dkk', 'etc']);

export function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function hostOf(url: string): string {
  const m = /^(?:https?:\/\/)?([^/:?#\s]+)/i.exec(url);
  return (m?.[1] ?? '').toLowerCase().replace(/^www\./, '');
}

function overlaps(spans: readonly Span[], start: number, end: number): boolean {
  for (const s of spans) if (start < s.end && s.start < end) return true;
  return false;
}

function linkAt(start: number, raw: string): Link | null {
  const url = raw.replace(TRAILING, '');
  if (!url) return null;
  const host = hostOf(url);
  return { start, end: start + url.length, url, host, official: host === 'go.id' || host.endsWith('.go.id'), shortener: SHORTENERS.has(host) };
}

export function analyzeText(text: string): TextModel {
  const emails: Span[] = [];
  let m: RegExpExecArray | null;
  const hasAt = text.includes('@');
  if (hasAt) {
    EMAIL.lastIndex = 0;
    while ((m = EMAIL.exec(text)) !== null) emails.push({ start: m.index, end: m.index + m[0].length });
  }
  const links: Link[] = [];
  forEachLinkChunk(text, (a, b) => {
    const chunk = text.slice(a, b);
    const here: Link[] = [];
    if (chunk.includes('://')) {
      HTTP_URL.lastIndex = 0;
      while ((m = HTTP_URL.exec(chunk)) !== null) {
        const l = linkAt(a + m.index, m[0]);
        if (l) here.push(l);
      }
    }
    BARE_URL.lastIndex = 0;
    while ((m = BARE_URL.exec(chunk)) !== null) {
      const l = linkAt(a + m.index, m[0]);
      if (l && !overlaps(here, l.start, l.end) && !overlaps(emails, l.start, l.end)) here.push(l);
    }
    links.push(...here.sort((x, y) => x.start - y.start));
  });
  const hashtags: Hashtag[] = [];
  if (text.includes('#')) {
    HASHTAG.lastIndex = 0;
    while ((m = HASHTAG.exec(text)) !== null) {
      if (!overlaps(links, m.index, m.index + m[0].length)) hashtags.push({ start: m.index, end: m.index + m[0].length, tag: m[1]! });
    }
  }
  const mentions: Span[] = [];
  if (hasAt) {
    MENTION.lastIndex = 0;
    while ((m = MENTION.exec(text)) !== null) {
      if (!overlaps(emails, m.index, m.index + m[0].length) && !overlaps(links, m.index, m.index + m[0].length)) mentions.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  const special = [...links, ...emails, ...hashtags, ...mentions].map((s) => ({ start: s.start, end: s.end })).sort((a, b) => a.start - b.start);
  const emoji: Span[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // only where an emoji can start: ©, ®, the symbol blocks U+203C–U+3299, astral characters, keycaps (1️⃣)
    const maybe = c === 0xa9 || c === 0xae || (c >= 0x203c && c <= 0x3299) || (c >= 0xd800 && c <= 0xdbff) || ((c === 35 || c === 42 || (c >= 48 && c <= 57)) && (text.charCodeAt(i + 1) === 0xfe0f || text.charCodeAt(i + 1) === 0x20e3));
    if (!maybe) continue;
    EMOJI_AT.lastIndex = i;
    const e = EMOJI_AT.exec(text);
    if (!e) continue;
    emoji.push({ start: i, end: i + e[0].length });
    i += e[0].length - 1;
  }
  const words: Word[] = [];
  let si = 0;
  WORD.lastIndex = 0;
  while ((m = WORD.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    while (si < special.length && special[si]!.end <= start) si++;
    if (si < special.length && special[si]!.start < end) continue;
    words.push({ start, end, text: m[0], lower: m[0].toLowerCase() });
  }
  return { text, links, emails, hashtags, mentions, emoji, special, words, sentences: splitSentences(text, words, special) };
}

function insideSpecial(special: readonly Span[], i: number): boolean {
  for (const s of special) {
    if (s.start > i) return false;
    if (i < s.end) return true;
  }
  return false;
}

/** Sentence spans: a line break ends a sentence; so do . ! ? … before a space, unless the dot ends an abbreviation. */
function splitSentences(text: string, words: readonly Word[], special: readonly Span[]): Sentence[] {
  const ends: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (c === '\n') {
      ends.push(i);
      continue;
    }
    if (c !== '.' && c !== '!' && c !== '?' && c !== '…') continue;
    let j = i + 1;
    while (j < n && '.!?…"\'”’)]'.includes(text[j]!)) j++;
    if (j < n && !/\s/u.test(text[j]!)) {
      i = j - 1;
      continue;
    }
    if (insideSpecial(special, i)) continue;
    if (c === '.') {
      let k = i;
      while (k > 0 && /[\p{L}.]/u.test(text[k - 1]!)) k--;
      const before = text.slice(k, i).toLowerCase();
      let next = j;
      while (next < n && (text[next] === ' ' || text[next] === '\t')) next++;
      const nextCh = next < n ? text[next]! : '';
      const atLineEnd = next >= n || nextCh === '\n' || nextCh === '\r';
      if (!atLineEnd) {
        if (before.length === 1 && isUpper(text[k]!)) {
          i = j - 1;
          continue;
        }
        if (NO_BREAK.has(before) || NO_BREAK.has(before.replace(/\.$/, ''))) {
          i = j - 1;
          continue;
        }
        if (SOFT_BREAK.has(before) && !isUpper(nextCh)) {
          i = j - 1;
          continue;
        }
        if (before.includes('.') && before.length <= 6) {
          // a.n. / s.d. / S.Pd. : dotted abbreviations continue the sentence
          i = j - 1;
          continue;
        }
      }
    }
    ends.push(j);
    i = j - 1;
  }
  ends.push(n);
  const out: Sentence[] = [];
  let start = 0;
  let w = 0;
  for (const e of ends) {
    let s = start;
    while (s < e && /\s/u.test(text[s]!)) s++;
    let t = e;
    while (t > s && /\s/u.test(text[t - 1]!)) t--;
    start = e;
    if (t <= s) continue;
    while (w < words.length && words[w]!.start < s) w++;
    const from = w;
    while (w < words.length && words[w]!.end <= t) w++;
    if (w === from) continue;
    out.push({ start: s, end: t, from, to: w });
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * One regex finding any of the phrases as whole words, case-insensitively, longest first; spaces in a phrase
 * match any run of spaces. Phrases may contain punctuation ("s.d.", "100%").
 */
export function phraseRegex(phrases: readonly string[]): RegExp {
  const alts = [...new Set(phrases.map((p) => p.trim().toLowerCase()).filter(Boolean))]
    .sort((a, b) => b.length - a.length)
    .map((p) => escapeRe(p).replace(/ +/g, '\\s+'));
  if (!alts.length) return /(?!)/gu;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

export interface Match extends Span {
  text: string;
}

/** Every match of a global regex, optionally skipping matches that overlap the (sorted) spans in `skip`. */
export function matchAll(re: RegExp, text: string, skip: readonly Span[] = []): Match[] {
  const out: Match[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const end = m.index + m[0].length;
    while (k < skip.length && skip[k]!.end <= m.index) k++;
    if (k < skip.length && skip[k]!.start < end) continue;
    out.push({ start: m.index, end, text: m[0] });
  }
  return out;
}

/** The first match of a global regex that does not overlap the (sorted) spans in `skip`. */
export function firstMatch(re: RegExp, text: string, skip: readonly Span[] = []): Match | null {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const end = m.index + m[0].length;
    while (k < skip.length && skip[k]!.end <= m.index) k++;
    if (k < skip.length && skip[k]!.start < end) continue;
    re.lastIndex = 0;
    return { start: m.index, end, text: m[0] };
  }
  return null;
}

/** True when the regex matches somewhere (global regexes are reset first). */
export function test(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  const r = re.test(text);
  re.lastIndex = 0;
  return r;
}

const TOKEN_ONLY = /^\p{L}[\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*$/u;

function gapIsSpace(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 160) return false;
  }
  return true;
}

export interface PhraseHit<T> extends Match {
  value: T;
}

/**
 * A set of phrases matched as whole words, case-insensitively, against a TextModel's word tokens: one hash
 * lookup per word instead of a regex alternation tried at every character. Longest phrase wins; hits do not
 * overlap. Phrases that are not plain words ("s.d.", "100%", "jl.") fall back to one regex. Links, e-mails,
 * hashtags and mentions are never matched (they are not words of the model).
 */
export class PhraseSet<T = string> {
  private readonly byFirst = new Map<string, { words: string[]; value: T }[]>();
  private readonly fallback: RegExp | null;
  private readonly fallbackValue = new Map<string, T>();

  constructor(entries: Iterable<readonly [string, T]>) {
    const odd: string[] = [];
    for (const [phrase, value] of entries) {
      const key = phrase.trim().toLowerCase().replace(/\s+/g, ' ');
      if (!key) continue;
      const words = key.split(' ');
      if (words.every((w) => TOKEN_ONLY.test(w))) {
        const list = this.byFirst.get(words[0]!) ?? [];
        if (!list.some((x) => x.words.join(' ') === key)) list.push({ words, value });
        list.sort((a, b) => b.words.length - a.words.length);
        this.byFirst.set(words[0]!, list);
      } else {
        odd.push(key);
        this.fallbackValue.set(key, value);
      }
    }
    this.fallback = odd.length ? phraseRegex(odd) : null;
  }

  static of(phrases: readonly string[]): PhraseSet<string> {
    return new PhraseSet(phrases.map((p) => [p, p.trim().toLowerCase().replace(/\s+/g, ' ')] as const));
  }

  /** Every hit, sorted by start. */
  all(model: TextModel): PhraseHit<T>[] {
    const out: PhraseHit<T>[] = [];
    const { words, text } = model;
    for (let i = 0; i < words.length; i++) {
      const cands = this.byFirst.get(words[i]!.lower);
      if (!cands) continue;
      for (const c of cands) {
        const n = c.words.length;
        if (i + n > words.length) continue;
        let ok = true;
        for (let k = 1; k < n && ok; k++) ok = words[i + k]!.lower === c.words[k] && gapIsSpace(text, words[i + k - 1]!.end, words[i + k]!.start);
        if (!ok) continue;
        const start = words[i]!.start;
        const end = words[i + n - 1]!.end;
        out.push({ start, end, text: text.slice(start, end), value: c.value });
        i += n - 1;
        break;
      }
    }
    if (this.fallback) {
      for (const m of matchAll(this.fallback, text, model.special)) {
        const v = this.fallbackValue.get(m.text.toLowerCase().replace(/\s+/g, ' '));
        if (v !== undefined) out.push({ ...m, value: v });
      }
      out.sort((a, b) => a.start - b.start);
    }
    return out;
  }

  first(model: TextModel): PhraseHit<T> | null {
    return this.all(model)[0] ?? null;
  }

  has(model: TextModel): boolean {
    return this.first(model) !== null;
  }
}

/** Indonesian syllables are close to vowel groups; diphthongs ai, au, oi, ei count once. */
export function syllables(word: string): number {
  const w = word.toLowerCase();
  let n = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w[i]!;
    if (!'aiueo'.includes(c)) continue;
    const next = w[i + 1];
    if (next && ((c === 'a' && (next === 'i' || next === 'u')) || (c === 'o' && next === 'i') || (c === 'e' && next === 'i'))) i++;
    n++;
  }
  return Math.max(1, n);
}
