// Abbreviations explained at first use: "organisasi perangkat daerah (OPD)", "OPD (organisasi perangkat daerah)",
// or the expansion written anywhere before the abbreviation. Well-known ones (RI, WIB, KTP, ...) pass.
import type { AbbreviationEntry, Ctx } from '../context.ts';
import { isUpper, type Word } from '../text.ts';

const ROMAN = /^[IVXLCDM]+$/;
const SHOUTED = new Set(['INFO', 'HARI', 'JAM', 'YUK', 'AYO', 'BARU', 'HOT', 'NEW', 'WOW', 'OKE', 'KAMI', 'KITA', 'BISA', 'ADA', 'DAN', 'YANG', 'INI', 'ITU', 'SAJA', 'LAGI', 'SAMA', 'BUKA', 'MARI', 'AKAN', 'IKUT', 'DARI', 'KE', 'DI', 'UNTUK', 'SAAT', 'WAH', 'YA', 'NO', 'ON', 'OFF', 'LIVE', 'FREE', 'SALE', 'TIPS', 'CEK', 'LHO', 'AJA', 'NIH']);

function isAllCaps(s: string): boolean {
  const c0 = s.charCodeAt(0);
  if (c0 >= 97 && c0 <= 122) return false;
  let letters = 0;
  for (const ch of s) {
    if (/\p{L}/u.test(ch)) {
      if (!isUpper(ch)) return false;
      letters++;
    }
  }
  return letters >= 2;
}

/** The abbreviation inside a token: "OPD-OPD" → OPD, "OPD-nya" → OPD, "COVID-19" stays whole. */
export function baseOf(token: string): string {
  const i = token.indexOf('-');
  if (i < 0) return token;
  const head = token.slice(0, i);
  const tail = token.slice(i + 1);
  if (tail === head || /^(nya|ku|mu|lah|an)$/i.test(tail)) return head;
  return token;
}

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/[,.;:()"'’]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (let j = 0; j < hay.length && i < needle.length; j++) if (hay[j] === needle[i]) i++;
  return i === needle.length;
}

/** Whether the words (2–10 of them, ending at the last) spell out the abbreviation: first letters match, the rest in order. */
export function spellsOut(abbr: string, words: readonly string[]): boolean {
  const letters = abbr.toLowerCase().replace(/[^\p{L}]/gu, '');
  if (letters.length < 2 || words.length < 2) return false;
  for (let n = 2; n <= Math.min(10, words.length); n++) {
    const phrase = words.slice(words.length - n).map((w) => w.toLowerCase());
    if (phrase[0]![0] !== letters[0]) continue;
    if (isSubsequence(letters, phrase.join(''))) return true;
  }
  return false;
}

function wordsIn(s: string): string[] {
  return s.match(/\p{L}[\p{L}\p{M}\p{N}'’-]*/gu) ?? [];
}

const expansionRes = new Map<string, RegExp>();

/** A regex finding the expansion as whole words, any case, punctuation and spacing between words ignored. */
function expansionRe(expansion: string): RegExp {
  let re = expansionRes.get(expansion);
  if (!re) {
    const words = norm(expansion).split(' ').filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
    re = new RegExp(`(?<![\\p{L}\\p{N}])${words.join('[\\s,.;:()"\'’]+')}(?![\\p{L}\\p{N}])`, 'iu');
    if (expansionRes.size >= 2000) expansionRes.clear();
    expansionRes.set(expansion, re);
  }
  return re;
}

function explains(candidate: string, abbr: string, entry: AbbreviationEntry | undefined): boolean {
  if (entry && norm(candidate).includes(norm(entry.expansion))) return true;
  return spellsOut(abbr, wordsIn(candidate));
}

/** Whether the abbreviation at [start, end) is explained right there or by its expansion earlier in the text. */
export function isExplained(text: string, start: number, end: number, abbr: string, entry: AbbreviationEntry | undefined): boolean {
  // "... expansion (ABBR)" or "... expansion (selanjutnya disebut ABBR)"
  const open = text.slice(Math.max(0, start - 40), start).lastIndexOf('(') + Math.max(0, start - 40);
  if (open >= Math.max(0, start - 40) && text[open] === '(' && !text.slice(open, start).includes(')')) {
    const close = text.indexOf(')', end);
    if (close >= 0 && close - end <= 30 && !/[.!?(]/u.test(text.slice(end, close))) {
      if (explains(text.slice(Math.max(0, open - 160), open), abbr, entry)) return true;
    }
  }
  // "ABBR (expansion)"
  const after = /^\s*\(([^()]{3,160})\)/u.exec(text.slice(end, end + 170));
  if (after && explains(after[1]!, abbr, entry) && wordsIn(after[1]!).length >= 2) return true;
  if (after && entry && norm(after[1]!).includes(norm(entry.expansion))) return true;
  // the expansion written earlier
  if (entry) {
    const m = expansionRe(entry.expansion).exec(text);
    if (m && m.index < start) return true;
  }
  return false;
}

export function checkAbbreviations(ctx: Ctx): void {
  const wantKnown = ctx.on('abbreviation.unexplained');
  const wantUnknown = ctx.on('abbreviation.unknown');
  if (!wantKnown && !wantUnknown) return;
  const { model, cfg } = ctx;
  const words = model.words;
  const seen = new Set<string>();
  const capsAt = (i: number) => i >= 0 && i < words.length && isAllCaps(words[i]!.text);
  for (let i = 0; i < words.length; i++) {
    const w: Word = words[i]!;
    const whole = w.text;
    if (cfg.wellKnown.has(w.lower)) continue;
    const base = baseOf(whole);
    const key = base.toLowerCase();
    if (cfg.wellKnown.has(key) || seen.has(key)) continue;
    const entry = cfg.abbreviations.get(key);
    const caps = isAllCaps(base);
    let known = false;
    if (entry) {
      // all-caps entries (OPD, PAD) only as capitals, so ordinary words ("pad", "kur") never match
      known = isAllCaps(entry.abbr) ? caps : true;
    }
    if (!known) {
      if (!caps || base.length > 8 || ROMAN.test(base)) continue;
      const letters = base.replace(/[^\p{L}]/gu, '');
      if (letters.length < 2) continue;
      // three or more capitalised words in a row are emphasis ("PENDAFTARAN DIBUKA HARI INI"), not acronyms
      if ((capsAt(i - 1) && capsAt(i - 2)) || (capsAt(i - 1) && capsAt(i + 1)) || (capsAt(i + 1) && capsAt(i + 2))) continue;
      // a pronounceable all-caps word of five or more letters ("GRATIS", "PENTING") is shouting, not an acronym;
      // so are a few short everyday words
      if ((letters === base && letters.length >= 5 && /[AIUEO].*[AIUEO]/.test(letters)) || SHOUTED.has(base)) continue;
    }
    seen.add(key);
    const end = w.start + base.length;
    if (isExplained(model.text, w.start, end, base, entry)) continue;
    if (known && entry) {
      if (!wantKnown) continue;
      ctx.add({
        rule: 'abbreviation.unexplained',
        severity: 'warning',
        message: {
          id: `"${base}" belum dijelaskan saat pertama disebut. Tidak semua warga tahu singkatan ini, dan pembaca layar mengejanya huruf demi huruf.`,
          en: `"${base}" is not explained where it first appears. Not every citizen knows it, and screen readers spell it out letter by letter.`,
        },
        fix: {
          id: `Tulis kepanjangannya pada penyebutan pertama: "${entry.expansion} (${entry.abbr})"; sesudahnya cukup "${entry.abbr}".`,
          en: `Spell it out the first time: "${entry.expansion} (${entry.abbr})"; after that "${entry.abbr}" is enough.`,
        },
        span: { start: w.start, end },
      });
    } else if (wantUnknown) {
      ctx.add({
        rule: 'abbreviation.unknown',
        severity: 'info',
        message: {
          id: `"${base}" tampak seperti singkatan yang belum dijelaskan.`,
          en: `"${base}" looks like an abbreviation that is not explained.`,
        },
        fix: {
          id: `Tulis kepanjangannya lalu singkatannya dalam kurung pada penyebutan pertama, mis. "kepanjangan (${base})". Bila ini singkatan resmi yang umum, admin provinsi dapat menambahkannya ke kamus.`,
          en: `Write it out followed by the abbreviation in brackets the first time, e.g. "expansion (${base})". If it is a common official abbreviation, a province admin can add it to the dictionary.`,
        },
        span: { start: w.start, end },
      });
    }
  }
}
