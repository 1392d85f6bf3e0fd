// Readability of Indonesian: sentence and word length, the di- passive, bureaucratic phrases, "di" spelling.
import type { Ctx } from '../context.ts';
import { DI_LOCATIVE, NOT_PASSIVE_DI, VERB_ROOTS } from '../data/lexicon.ts';
import { SUMBAR_PLACES } from '../data/places.ts';
import type { TextModel, Word } from '../text.ts';
import type { Span } from '../types.ts';

const ONE_WORD_PLACES = new Set(SUMBAR_PLACES.filter((p) => !p.includes(' ')));
/** Roots that are also nouns: "di data BPS" is "in the data", not a misspelt passive. */
const NOUN_ROOTS = new Set(['data', 'proses', 'nilai', 'akses', 'isi', 'uji', 'pasar', 'awal']);

function stripParticles(w: string): string {
  return w.replace(/(?:nya|lah|kah|pun)$/u, '');
}

/**
 * Whether a word is a di- passive verb ("dibuka", "dilaksanakan", "diperpanjang"), as opposed to the preposition
 * "di" (written apart: "di rumah"), a noun that starts with "di" ("dinas", "digital") or an OPD name ("Disdik").
 */
export function isPassive(word: string, abbreviations?: ReadonlyMap<string, unknown>): boolean {
  const w = word.toLowerCase();
  if (!w.startsWith('di') || w.length < 5) return false;
  if (w.startsWith('di-')) return w.length > 4;
  if (NOT_PASSIVE_DI.has(w) || abbreviations?.has(w)) return false;
  const rest = w.slice(2);
  if (DI_LOCATIVE.has(rest) || ONE_WORD_PLACES.has(rest)) return false;
  const base = stripParticles(rest);
  if (VERB_ROOTS.has(rest) || VERB_ROOTS.has(base)) return true;
  if (base.length >= 5 && base.endsWith('kan')) return true;
  if (base.endsWith('i') && base.length >= 4 && VERB_ROOTS.has(base.slice(0, -1))) return true;
  if (base.startsWith('per') && base.length >= 6) return true;
  return false;
}

export function findPassives(model: TextModel, abbreviations?: ReadonlyMap<string, unknown>): Word[] {
  return model.words.filter((w) => w.lower.startsWith('di') && isPassive(w.text, abbreviations));
}

function sentenceText(model: TextModel, s: Span): string {
  return model.text.slice(s.start, s.end);
}

function quote(s: string, max = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function checkReadability(ctx: Ctx): void {
  const { model, t } = ctx;
  const sentences = model.sentences;
  if (ctx.on('readability.long_sentence')) {
    for (const s of sentences) {
      const n = s.to - s.from;
      if (n <= t.maxSentenceWords) continue;
      ctx.add({
        rule: 'readability.long_sentence',
        severity: 'warning',
        message: {
          id: `Kalimat ini ${n} kata (batas ${t.maxSentenceWords}). Kalimat panjang sulit dipahami sekali baca, terutama di layar ponsel.`,
          en: `This sentence has ${n} words (limit ${t.maxSentenceWords}). Long sentences are hard to take in at one reading, especially on a phone.`,
        },
        fix: {
          id: 'Pecah menjadi dua atau tiga kalimat: satu gagasan per kalimat. Letakkan informasi terpenting di awal.',
          en: 'Split it into two or three sentences, one idea each. Put the most important information first.',
        },
        span: { start: s.start, end: s.end },
      });
    }
  }
  const totalWords = model.words.length;
  if (ctx.on('readability.avg_sentence_long') && sentences.length >= 3) {
    const inSentences = sentences.reduce((a, s) => a + (s.to - s.from), 0);
    const avg = inSentences / sentences.length;
    if (avg > t.maxAvgSentenceWords) {
      ctx.add({
        rule: 'readability.avg_sentence_long',
        severity: 'info',
        message: {
          id: `Rata-rata kalimat ${avg.toFixed(1)} kata (batas ${t.maxAvgSentenceWords}). Tulisan terasa berat dibaca.`,
          en: `Sentences average ${avg.toFixed(1)} words (limit ${t.maxAvgSentenceWords}). The text reads heavily.`,
        },
        fix: { id: 'Selingi dengan kalimat pendek; ubah rincian menjadi daftar berbutir.', en: 'Mix in short sentences; turn details into a bulleted list.' },
      });
    }
  }
  if (ctx.on('readability.long_words') && totalWords >= 30) {
    let letters = 0;
    for (const w of model.words) letters += w.end - w.start;
    const avg = letters / totalWords;
    if (avg > t.maxAvgWordLetters) {
      const longest = [...new Set(model.words.filter((w) => w.end - w.start >= 12).map((w) => w.lower))]
        .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
        .slice(0, 4);
      const first = model.words.find((w) => w.lower === longest[0]);
      ctx.add({
        rule: 'readability.long_words',
        severity: 'info',
        message: {
          id: `Rata-rata panjang kata ${avg.toFixed(1)} huruf (batas ${t.maxAvgWordLetters}). Kata berimbuhan panjang${longest.length ? ` (${longest.join(', ')})` : ''} memperlambat pembaca.`,
          en: `Words average ${avg.toFixed(1)} letters (limit ${t.maxAvgWordLetters}). Long affixed words${longest.length ? ` (${longest.join(', ')})` : ''} slow readers down.`,
        },
        fix: {
          id: 'Ganti kata benda bentukan dengan kata kerja ("penyelenggaraan kegiatan" → "kami menggelar"), dan pilih kata sehari-hari.',
          en: 'Replace derived nouns with verbs ("penyelenggaraan kegiatan" → "kami menggelar") and prefer everyday words.',
        },
        ...(first ? { span: { start: first.start, end: first.end } } : {}),
      });
    }
  }
  if (ctx.on('readability.passive_voice')) {
    const passives = findPassives(model, ctx.cfg.abbreviations);
    let p = 0;
    for (const s of sentences) {
      const inS: Word[] = [];
      while (p < passives.length && passives[p]!.start < s.end) {
        if (passives[p]!.start >= s.start) inS.push(passives[p]!);
        p++;
      }
      if (inS.length <= t.maxPassivesPerSentence) continue;
      const list = inS.map((w) => w.text).join(', ');
      ctx.add({
        rule: 'readability.passive_voice',
        severity: 'info',
        message: {
          id: `Kalimat ini memakai ${inS.length} bentuk pasif (${list}). Kalimat pasif menyembunyikan siapa yang berbuat, sehingga pembaca harus menebak.`,
          en: `This sentence uses ${inS.length} passive verbs (${list}). The passive hides who acts, so readers have to guess.`,
        },
        fix: {
          id: `Sebut pelakunya dan pakai kalimat aktif, mis. "${quote(sentenceText(model, s), 40)}" → "Dinas ... membuka ...".`,
          en: `Name who acts and use the active voice, e.g. "Dinas ... membuka ..." instead of "... dibuka ...".`,
        },
        span: { start: s.start, end: s.end },
      });
    }
  }
  if (ctx.on('readability.bureaucratic_phrase')) checkPhrases(ctx);
  if (ctx.on('readability.di_spacing')) checkDiSpacing(ctx);
}

function checkPhrases(ctx: Ctx): void {
  const { model, cfg } = ctx;
  for (const m of cfg.phrases.all(model)) {
    const p = m.value;
    if (p.notAfter?.length) {
      const before = /([\p{L}]+)\s+$/u.exec(model.text.slice(Math.max(0, m.start - 20), m.start));
      if (before && p.notAfter.includes(before[1]!.toLowerCase())) continue;
    }
    const suggestion = p.suggestion.trim();
    ctx.add({
      rule: 'readability.bureaucratic_phrase',
      severity: 'info',
      message: {
        id: `"${m.text}" adalah bahasa surat dinas; di media sosial terasa kaku dan menjauhkan pembaca.`,
        en: `"${m.text}" is letter officialese${p.why ? ` (${p.why})` : ''}; on social media it sounds stiff and distant.`,
      },
      fix: suggestion
        ? { id: `Ganti dengan "${suggestion}".`, en: `Use "${suggestion}" instead.` }
        : { id: 'Hapus saja, lalu langsung ke pokok informasi.', en: 'Leave it out and go straight to the point.' },
      span: { start: m.start, end: m.end },
    });
  }
}

function checkDiSpacing(ctx: Ctx): void {
  const { model } = ctx;
  const words = model.words;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.lower.startsWith('di')) continue;
    if (w.lower === 'di') {
      const next = words[i + 1];
      if (!next || next.start - w.end > 2 || !/^\s+$/u.test(model.text.slice(w.end, next.start))) continue;
      const n = next.lower;
      const verb = (n.length >= 7 && n.endsWith('kan') && !NOUN_ROOTS.has(n)) || (VERB_ROOTS.has(n) && !NOUN_ROOTS.has(n));
      if (!verb) continue;
      const joined = `di${next.text}`;
      ctx.add({
        rule: 'readability.di_spacing',
        severity: 'info',
        message: {
          id: `"${model.text.slice(w.start, next.end)}": awalan di- pada kata kerja ditulis serangkai; "di" yang terpisah adalah kata depan untuk tempat.`,
          en: `"${model.text.slice(w.start, next.end)}": the passive prefix di- is written together with its verb; a separate "di" is the preposition "at/in".`,
        },
        fix: { id: `Tulis "${joined}".`, en: `Write "${joined}".` },
        span: { start: w.start, end: next.end },
      });
      continue;
    }
    const rest = w.lower.slice(2);
    if (w.lower.length < 5 || !(DI_LOCATIVE.has(rest) || ONE_WORD_PLACES.has(rest))) continue;
    const split = `${w.text.slice(0, 2)} ${w.text.slice(2)}`;
    ctx.add({
      rule: 'readability.di_spacing',
      severity: 'info',
      message: {
        id: `"${w.text}": "di" sebagai kata depan tempat ditulis terpisah dari kata berikutnya.`,
        en: `"${w.text}": "di" as the preposition of place is written apart from the next word.`,
      },
      fix: { id: `Tulis "${split}".`, en: `Write "${split}".` },
      span: { start: w.start, end: w.end },
    });
  }
}
