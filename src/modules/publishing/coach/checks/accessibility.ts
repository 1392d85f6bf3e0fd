// Accessibility: alt text for every image, CamelCase hashtags, emoji in moderation, key information in the
// text and not only inside a poster, no shouting in capitals, captions for video.
import type { Ctx } from '../context.ts';
import { ABBREVIATIONS, WELL_KNOWN } from '../data/abbreviations.ts';
import { HASHTAG_WORDS } from '../data/lexicon.ts';
import { SUMBAR_PLACES } from '../data/places.ts';
import { isUpper, type Word } from '../text.ts';
import type { Span } from '../types.ts';

const SHORT_WORDS = ['di', 'ke', 'dan', 'untuk', 'yang', 'ini', 'kita', 'jadi', 'ber', 'se', 'ku', 'mu', 'nya', 'go', 'id'];
/** lower-case segment → how to write it (abbreviations keep their capitals) */
const SEGMENTS = new Map<string, string>();
for (const w of [...HASHTAG_WORDS, ...SHORT_WORDS, ...SUMBAR_PLACES.flatMap((p) => p.split(' '))]) if (w.length >= 2 && /^[a-z0-9]+$/.test(w)) SEGMENTS.set(w, w[0]!.toUpperCase() + w.slice(1));
for (const a of [...Object.keys(ABBREVIATIONS), ...WELL_KNOWN]) if (/^[A-Za-z0-9]+$/.test(a) && a.length >= 2) SEGMENTS.set(a.toLowerCase(), a === a.toLowerCase() ? a[0]!.toUpperCase() + a.slice(1) : a);
const MAX_SEGMENT = 20;

/**
 * Splits a hashtag into known words (#sumbarmadani → ["Sumbar", "Madani"]); digits form their own part.
 * Returns null when the tag cannot be covered by known words. Fewest parts win (dynamic programming).
 */
export function segmentHashtag(tag: string): string[] | null {
  const s = tag.toLowerCase();
  if (!/^[a-z0-9_]+$/.test(s) || s.length > 60) return null;
  const best: (string[] | null)[] = new Array(s.length + 1).fill(null);
  best[0] = [];
  for (let i = 0; i < s.length; i++) {
    const cur = best[i];
    if (!cur) continue;
    if (s[i] === '_') {
      if (!best[i + 1] || best[i + 1]!.length > cur.length) best[i + 1] = cur;
      continue;
    }
    if (/[0-9]/.test(s[i]!)) {
      let j = i;
      while (j < s.length && /[0-9]/.test(s[j]!)) j++;
      const next = [...cur, s.slice(i, j)];
      if (!best[j] || best[j]!.length > next.length) best[j] = next;
      continue;
    }
    for (let j = i + 2; j <= Math.min(s.length, i + MAX_SEGMENT); j++) {
      const w = SEGMENTS.get(s.slice(i, j));
      if (!w) continue;
      const next = [...cur, w];
      if (!best[j] || best[j]!.length > next.length) best[j] = next;
    }
  }
  return best[s.length];
}

/** The CamelCase form to suggest for a hashtag, or null when it is fine as written. */
export function camelCaseSuggestion(tag: string): string | null {
  const letters = tag.replace(/[^\p{L}]/gu, '');
  if (letters.length < 6) return null;
  const uppers = [...letters].filter((c) => isUpper(c)).length;
  const allCaps = uppers === letters.length;
  // already CamelCase ("SumbarMadani", "HUT79Sumbar"): two or more capitals and not shouting
  if (uppers >= 2 && !allCaps) return null;
  const parts = segmentHashtag(tag);
  if (parts && parts.length >= 2) {
    const out = parts.join('');
    return out === tag ? null : out;
  }
  if (parts && parts.length === 1) return allCaps && letters.length > 5 ? parts[0]! : null;
  // unknown words: only long tags are clearly several words run together
  return letters.length >= 12 ? '' : null;
}

const GENERIC_ALT = /^(?:gambar|foto|image|img|picture|photo|pic|poster|flyer|flayer|banner|infografis|ilustrasi|dokumentasi|dok|screenshot|tangkapan layar)[\s_-]*\d*\.?$/iu;
const FILENAME_ALT = /\.(?:jpe?g|png|gif|webp|heic|bmp|tiff?)$|^(?:img|dsc|dscn|photo|screenshot|wa|whatsapp image)[\s_-]?\d/iu;
const TEXT_IMAGE = /(?<![\p{L}])(?:poster|infografis|infografik|infographic|flyer|flayer|pamflet|brosur|baliho|spanduk|banner|selebaran|leaflet|undangan|tangkapan layar|screenshot|berisi teks|bertuliskan|tulisan|teks)(?![\p{L}])/iu;

function countRunsOfCaps(words: readonly Word[], known: (w: string) => boolean): Span[] {
  const runs: Span[] = [];
  let i = 0;
  const caps = (w: Word) => w.text.replace(/[^\p{L}]/gu, '').length >= 2 && [...w.text].every((c) => !/\p{L}/u.test(c) || isUpper(c));
  while (i < words.length) {
    if (!caps(words[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < words.length && caps(words[j]!)) j++;
    const run = words.slice(i, j);
    if (run.length >= 3 && !run.every((w) => known(w.text))) runs.push({ start: run[0]!.start, end: run[run.length - 1]!.end });
    i = j;
  }
  return runs;
}

export function checkAccessibility(ctx: Ctx): void {
  const { input, model, t, cfg } = ctx;
  const images = input.media.map((m, i) => ({ ...m, n: i + 1 })).filter((m) => m.kind === 'image');
  for (const img of images) {
    const alt = (img.altText ?? '').trim();
    if (!alt) {
      ctx.add({
        rule: 'accessibility.alt_text_missing',
        severity: 'error',
        message: {
          id: `Gambar ${img.n} belum memiliki teks alternatif. Warga tunanetra yang memakai pembaca layar tidak tahu isi gambar ini.`,
          en: `Image ${img.n} has no alt text. Blind citizens using a screen reader cannot know what it shows.`,
        },
        fix: {
          id: 'Tulis teks alternatif: apa yang tampak dan informasi penting di dalamnya, mis. "Poster Pasar Murah: Sabtu, 6 Desember 2026, 08.00 WIB, Lapangan Imam Bonjol, Padang".',
          en: 'Write alt text: what the image shows and the important information in it, e.g. "Poster Pasar Murah: Sabtu, 6 Desember 2026, 08.00 WIB, Lapangan Imam Bonjol, Padang".',
        },
      });
      continue;
    }
    if (ctx.on('accessibility.alt_text_poor') && (alt.length < t.minAltTextChars || GENERIC_ALT.test(alt) || FILENAME_ALT.test(alt))) {
      ctx.add({
        rule: 'accessibility.alt_text_poor',
        severity: 'warning',
        message: {
          id: `Teks alternatif gambar ${img.n} ("${alt.slice(0, 40)}") belum menggambarkan isi gambar.`,
          en: `The alt text of image ${img.n} ("${alt.slice(0, 40)}") does not describe the image.`,
        },
        fix: {
          id: 'Gambarkan apa yang tampak dan tuliskan teks penting yang ada di gambar, dalam satu-dua kalimat.',
          en: 'Describe what is shown and write out any important text in the image, in a sentence or two.',
        },
      });
    }
  }
  if (ctx.on('accessibility.text_in_image')) {
    const poster = images.find((m) => m.altText && TEXT_IMAGE.test(m.altText));
    if (poster) {
      const thin = model.words.length < 25;
      ctx.add({
        rule: 'accessibility.text_in_image',
        severity: thin ? 'warning' : 'info',
        message: {
          id: `Gambar ${poster.n} tampaknya berupa poster atau infografis. Teks di dalam gambar tidak terbaca mesin pencari, tidak bisa disalin, dan sulit dibaca di layar kecil.`,
          en: `Image ${poster.n} looks like a poster or infographic. Text inside an image cannot be searched or copied and is hard to read on small screens.`,
        },
        fix: {
          id: 'Tulis juga informasi kuncinya (apa, kapan, di mana, kontak) di teks postingan, bukan hanya di gambar.',
          en: 'Put the key information (what, when, where, contact) in the post text too, not only in the image.',
        },
      });
    }
  }
  if (ctx.on('accessibility.video_captions') && input.media.some((m) => m.kind === 'video')) {
    ctx.add({
      rule: 'accessibility.video_captions',
      severity: 'info',
      message: {
        id: 'Video tanpa takarir (subtitle) tidak dapat diikuti warga Tuli dan warga yang menonton tanpa suara.',
        en: 'A video without captions shuts out Deaf viewers and everyone watching without sound.',
      },
      fix: {
        id: 'Pastikan video memiliki takarir terbakar (burned-in) atau berkas takarir, dan ringkas isinya di teks postingan.',
        en: 'Make sure the video has burned-in captions or a caption file, and sum it up in the post text.',
      },
    });
  }
  if (ctx.on('accessibility.hashtag_camelcase')) {
    const seen = new Set<string>();
    const tags: { tag: string; span?: Span }[] = [...model.hashtags.map((h) => ({ tag: h.tag, span: { start: h.start, end: h.end } })), ...input.hashtags.map((tag) => ({ tag }))];
    for (const h of tags) {
      if (seen.has(h.tag.toLowerCase())) continue;
      seen.add(h.tag.toLowerCase());
      const s = camelCaseSuggestion(h.tag);
      if (s === null) continue;
      ctx.add({
        rule: 'accessibility.hashtag_camelcase',
        severity: 'warning',
        message: {
          id: `Tagar #${h.tag} dibaca pembaca layar sebagai satu kata yang tak bermakna, dan sulit dibaca mata.`,
          en: `Screen readers read #${h.tag} as one meaningless word, and it is hard to read by eye.`,
        },
        fix: s
          ? { id: `Tulis dengan huruf kapital di awal tiap kata: #${s}.`, en: `Capitalise each word: #${s}.` }
          : { id: 'Tulis dengan huruf kapital di awal tiap kata, mis. #SumbarMadani.', en: 'Capitalise each word, e.g. #SumbarMadani.' },
        ...(h.span ? { span: h.span } : {}),
      });
    }
  }
  if (ctx.on('accessibility.emoji_overload') && model.emoji.length > 0) {
    let run: Span | null = null;
    let runLen = 0;
    let bestRun: Span | null = null;
    let bestLen = 0;
    for (const e of model.emoji) {
      if (run && /^[\s\uFE0F]*$/u.test(model.text.slice(run.end, e.start))) {
        run = { start: run.start, end: e.end };
        runLen++;
      } else {
        run = { ...e };
        runLen = 1;
      }
      if (runLen > bestLen) {
        bestLen = runLen;
        bestRun = run;
      }
    }
    if (bestLen > t.maxConsecutiveEmoji && bestRun) {
      ctx.add({
        rule: 'accessibility.emoji_overload',
        severity: 'warning',
        message: {
          id: `${bestLen} emoji berurutan. Pembaca layar menyebut nama setiap emoji ("wajah tersenyum, tangan bertepuk, ..."), sehingga pesan tenggelam.`,
          en: `${bestLen} emoji in a row. Screen readers speak the name of each one ("smiling face, clapping hands, ..."), drowning the message.`,
        },
        fix: { id: `Cukup satu emoji yang bermakna; paling banyak ${t.maxConsecutiveEmoji} berurutan.`, en: `One meaningful emoji is enough; at most ${t.maxConsecutiveEmoji} in a row.` },
        span: bestRun,
      });
    } else if (model.emoji.length > t.maxEmoji) {
      ctx.add({
        rule: 'accessibility.emoji_overload',
        severity: 'warning',
        message: {
          id: `${model.emoji.length} emoji dalam satu postingan (batas ${t.maxEmoji}). Pembaca layar menyebut nama setiap emoji, dan emoji yang terlalu banyak membuat postingan resmi tampak tidak serius.`,
          en: `${model.emoji.length} emoji in one post (limit ${t.maxEmoji}). Screen readers speak each one's name, and too many make an official post look unserious.`,
        },
        fix: { id: 'Pertahankan emoji yang menambah makna, mis. 📅 untuk tanggal dan 📍 untuk tempat; hapus sisanya.', en: 'Keep the emoji that add meaning, e.g. 📅 for the date and 📍 for the place; remove the rest.' },
        span: { start: model.emoji[t.maxEmoji]!.start, end: model.emoji[t.maxEmoji]!.end },
      });
    }
  }
  if (ctx.on('accessibility.all_caps')) {
    const known = (w: string) => cfg.abbreviations.has(w.toLowerCase()) || cfg.wellKnown.has(w.toLowerCase());
    for (const run of countRunsOfCaps(model.words, known).slice(0, 3)) {
      ctx.add({
        rule: 'accessibility.all_caps',
        severity: 'info',
        message: {
          id: `"${model.text.slice(run.start, Math.min(run.end, run.start + 40))}" ditulis kapital semua: sulit dibaca, terkesan berteriak, dan kadang dieja huruf per huruf oleh pembaca layar.`,
          en: `"${model.text.slice(run.start, Math.min(run.end, run.start + 40))}" is in all capitals: hard to read, reads as shouting, and screen readers may spell it out.`,
        },
        fix: { id: 'Tulis dengan huruf biasa; untuk penekanan cukup awal kalimat yang kuat atau satu emoji.', en: 'Use normal case; for emphasis, a strong opening or one emoji is enough.' },
        span: run,
      });
    }
  }
}
