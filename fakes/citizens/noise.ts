// Informal-register noise for generated messages: slang abbreviations, typos, casing, emojis.
// Works on template skeletons, so {slots} (and thus personal data) are never altered.
import type { Rng } from '../core/rng.ts';

const SLANG_ID: [RegExp, string[]][] = [
  [/\byang\b/g, ['yg']],
  [/\btidak\b/g, ['tdk', 'gak', 'gk', 'ga']],
  [/\bgak\b/g, ['gk', 'ga', 'nggak']],
  [/\bsudah\b/g, ['udh', 'sdh', 'udah']],
  [/\budah\b/g, ['udh', 'dah']],
  [/\bbelum\b/g, ['blm', 'blom']],
  [/\bdengan\b/g, ['dgn', 'dg']],
  [/\bkarena\b/g, ['krn', 'karna']],
  [/\bbagaimana\b/g, ['gmn', 'gimana']],
  [/\bgimana\b/g, ['gmn']],
  [/\bsaja\b/g, ['aja']],
  [/\bsampai\b/g, ['sampe', 'smp']],
  [/\bbanget\b/g, ['bgt', 'bngt']],
  [/\bterima kasih\b/gi, ['makasih', 'trims', 'tq', 'mksh']],
  [/\btolong\b/g, ['tlg', 'tolongg', 'tolonglah']],
  [/\buntuk\b/g, ['utk', 'buat']],
  [/\bsekarang\b/g, ['skrg', 'skrng']],
  [/\bkalau\b/g, ['kalo', 'klo']],
  [/\bjuga\b/g, ['jg']],
  [/\btapi\b/g, ['tp', 'tpi']],
  [/\borang\b/g, ['org']],
  [/\blagi\b/g, ['lg']],
  [/\bmohon\b/g, ['mhn']],
  [/\bbisa\b/g, ['bs', 'bisa']],
  [/\bpadahal\b/g, ['pdhl']],
  [/\bkapan\b/g, ['kpn']],
  [/\bsaya\b/g, ['sy', 'aku', 'saya']],
];
const SLANG_MIN: [RegExp, string[]][] = [
  [/\bindak\b/g, ['ndak', 'ndk', 'indak']],
  [/\balah\b/g, ['lah', 'alah']],
  [/\bbana\b/g, ['bana', 'bna']],
  [/\bambo\b/g, ['awak', 'ambo', 'aden']],
  [/\btarimo kasih\b/g, ['makasih', 'tarimo kasih']],
];

function outsideSlots(text: string, fn: (chunk: string) => string): string {
  return text
    .split(/(\{[a-z_]+\})/g)
    .map((part) => (/^\{[a-z_]+\}$/.test(part) ? part : fn(part)))
    .join('');
}

function typo(rng: Rng, word: string): string {
  if (word.length < 4 || !/^[a-z]+$/i.test(word)) return word;
  const i = rng.int(1, word.length - 2);
  switch (rng.int(0, 2)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word[i] + word.slice(i);
    default:
      return /[aiueo]/.test(word[i] ?? '') ? word.slice(0, i) + word.slice(i + 1) : word;
  }
}

export type Register = 'formal' | 'informal' | 'slang';

/** Applies the register to a template skeleton (slots untouched). */
export function roughen(rng: Rng, skeleton: string, register: Register, lang: string, negative: boolean): string {
  if (register === 'formal') return skeleton;
  const rate = register === 'slang' ? 0.8 : 0.4;
  let out = outsideSlots(skeleton, (chunk) => {
    let c = chunk;
    for (const [re, subs] of lang === 'min' ? [...SLANG_MIN, ...SLANG_ID] : SLANG_ID) {
      c = c.replace(re, (m) => (rng.chance(rate) ? rng.pick(subs) : m));
    }
    if (register === 'slang') {
      c = c.replace(/[A-Za-z]{4,}/g, (w) => (rng.chance(0.06) ? typo(rng, w) : w));
      c = c.replace(/\b(tolong|pak|min|kapan|please)\b/gi, (w) => (rng.chance(0.2) ? w + w.slice(-1).repeat(rng.int(1, 3)) : w));
    }
    return c;
  });
  if (rng.chance(register === 'slang' ? 0.6 : 0.3)) out = outsideSlots(out, (c) => c.toLowerCase());
  if (negative && register === 'slang' && rng.chance(0.15)) out = outsideSlots(out, (c) => c.toUpperCase());
  if (rng.chance(0.15)) out = out.replace(/[.]$/, '');
  if (register === 'slang' && rng.chance(0.2)) out = out.replace(/[?]$/, '??');
  return out;
}

export const EMOJI = {
  angry: ['😡', '😤', '🤬', '😠', '🙄'],
  sad: ['😢', '😭', '🥲', '😞'],
  happy: ['🙏', '👍', '😊', '❤️', '🥰'],
};
