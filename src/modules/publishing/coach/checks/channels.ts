// Channel fit: the post against each selected platform's limits (limits.ts) and habits.
import type { Ctx } from '../context.ts';
import { overflowOffset, PLATFORM_LIMITS, platformLength, textLimit, type ChannelPlatform } from '../limits.ts';
import type { Span } from '../types.ts';

/** The text as it goes to a channel: the post text plus its separate hashtags not already in it. */
export function composeForChannel(text: string, hashtags: readonly string[]): string {
  const lower = text.toLowerCase();
  const extra = hashtags.map((h) => `#${h.replace(/^#/, '')}`).filter((h) => h.length > 1 && !new RegExp(`${h.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'u').test(lower));
  return extra.length ? `${text.trimEnd()}\n\n${extra.join(' ')}` : text;
}

const MARKDOWN = /\*\*[^*\n]+\*\*|__[^_\n]+__|\[[^\]\n]+\]\(https?:\/\/[^)\s]+\)|^#{1,6}\s/mu;
const WA_STYLE = /(?<![\p{L}\p{N}*])\*[^*\s][^*\n]*\*(?![\p{L}\p{N}*])|(?<![\p{L}\p{N}_])_[^_\s][^_\n]*_(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}~])~[^~\s][^~\n]*~(?![\p{L}\p{N}~])/u;

function tooLongRule(p: ChannelPlatform): string {
  return p === 'youtube' ? 'channel.youtube_description_too_long' : `channel.${p}_too_long`;
}

export function checkChannels(ctx: Ctx): void {
  const { input, model } = ctx;
  const text = model.text;
  const composed = composeForChannel(text, input.hashtags);
  const hasMedia = input.media.length > 0;
  const hasVideo = input.media.some((m) => m.kind === 'video');
  const tagCount = new Set([...model.hashtags.map((h) => h.tag.toLowerCase()), ...input.hashtags.map((h) => h.replace(/^#/, '').toLowerCase())].filter(Boolean)).size;
  for (const p of input.channels) {
    const l = PLATFORM_LIMITS[p];
    const limit = textLimit(p, hasMedia);
    const rule = tooLongRule(p);
    if (ctx.on(rule)) {
      const len = platformLength(p, composed);
      if (len > limit) {
        const at = overflowOffset(p, text, limit);
        const span: Span | undefined = at < text.length ? { start: at, end: text.length } : undefined;
        const counting = p === 'x' ? { id: ' (tautan dihitung 23 karakter, emoji 2)', en: ' (links count 23 characters, emoji 2)' } : { id: '', en: '' };
        const what = p === 'youtube' ? { id: 'Deskripsi YouTube', en: 'The YouTube description' } : hasMedia && l.maxCaption ? { id: `Keterangan (caption) ${l.label}`, en: `The ${l.label} caption` } : { id: `Teks untuk ${l.label}`, en: `The text for ${l.label}` };
        ctx.add({
          rule,
          severity: 'error',
          message: {
            id: `${what.id} ${len} karakter, melebihi batas ${limit}${counting.id}. Teks yang terlalu panjang akan ditolak atau dipotong.`,
            en: `${what.en} is ${len} characters, over the limit of ${limit}${counting.en}. Too long a text is refused or cut off.`,
          },
          fix: {
            id: `Persingkat ${len - limit} karakter, atau tulis versi khusus ${l.label} yang memuat inti pesan dan tautan ke informasi lengkap.`,
            en: `Cut ${len - limit} characters, or write a ${l.label} version with the core message and a link to the full information.`,
          },
          channel: p,
          ...(span ? { span } : {}),
        });
      }
    }
    if (ctx.on('channel.too_many_hashtags')) {
      if (l.maxHashtags !== undefined && tagCount > l.maxHashtags) {
        ctx.add({
          rule: 'channel.too_many_hashtags',
          severity: 'error',
          message: { id: `${tagCount} tagar; ${l.label} menerima paling banyak ${l.maxHashtags}.`, en: `${tagCount} hashtags; ${l.label} accepts at most ${l.maxHashtags}.` },
          fix: { id: 'Pilih tagar yang paling relevan: tagar kampanye, OPD dan topik.', en: 'Keep the most relevant hashtags: the campaign, the OPD and the topic.' },
          channel: p,
        });
      } else if (l.recommendedHashtags !== undefined && tagCount > l.recommendedHashtags) {
        ctx.add({
          rule: 'channel.too_many_hashtags',
          severity: 'info',
          message: { id: `${tagCount} tagar untuk ${l.label}; lebih dari ${l.recommendedHashtags} terkesan spam dan menenggelamkan pesan.`, en: `${tagCount} hashtags on ${l.label}; more than ${l.recommendedHashtags} looks like spam and buries the message.` },
          fix: { id: `Cukup ${l.recommendedHashtags} tagar yang paling relevan di ${l.label}.`, en: `Use the ${l.recommendedHashtags} most relevant hashtags on ${l.label}.` },
          channel: p,
        });
      }
    }
    if (ctx.on('channel.media_required') && ((l.needsMedia === 'image_or_video' && !hasMedia) || (l.needsMedia === 'video' && !hasVideo))) {
      const video = l.needsMedia === 'video';
      ctx.add({
        rule: 'channel.media_required',
        severity: 'error',
        message: {
          id: `${l.label} hanya menerbitkan ${video ? 'video' : 'foto atau video'}; postingan ini belum punya${video ? ' video' : ' media'}.`,
          en: `${l.label} only publishes ${video ? 'videos' : 'photos or videos'}; this post has no ${video ? 'video' : 'media'}.`,
        },
        fix: { id: `Tambahkan ${video ? 'video' : 'gambar atau video'}, atau hapus ${l.label} dari kanal tujuan.`, en: `Add ${video ? 'a video' : 'an image or a video'}, or remove ${l.label} from the channels.` },
        channel: p,
      });
    }
    if (ctx.on('channel.links_not_clickable') && !l.clickableLinks && model.links.length > 0) {
      const link = model.links[0]!;
      ctx.add({
        rule: 'channel.links_not_clickable',
        severity: 'info',
        message: { id: `Tautan di keterangan ${l.label} tidak dapat diklik.`, en: `Links in a ${l.label} caption are not clickable.` },
        fix: {
          id: `Tulis "tautan di bio" dan pasang tautannya di profil ${l.label}, atau pakai alamat pendek yang mudah diketik (domain .go.id).`,
          en: `Say "link in bio" and put the link in the ${l.label} profile, or use a short address that is easy to type (a .go.id domain).`,
        },
        channel: p,
        span: { start: link.start, end: link.end },
      });
    }
    if (ctx.on('channel.below_fold') && l.foldChars !== undefined && p !== 'youtube' && text.length > l.foldChars) {
      const firstSentence = model.sentences[0];
      if (firstSentence && firstSentence.end > l.foldChars) {
        ctx.add({
          rule: 'channel.below_fold',
          severity: 'info',
          message: {
            id: `${l.label} hanya menampilkan sekitar ${l.foldChars} karakter pertama sebelum "selengkapnya"; kalimat pertama Anda lebih panjang dari itu.`,
            en: `${l.label} shows only about the first ${l.foldChars} characters before "more"; your first sentence is longer than that.`,
          },
          fix: { id: 'Buka dengan kalimat pendek yang memuat inti pesan (apa dan kapan).', en: 'Open with a short sentence carrying the core message (what and when).' },
          channel: p,
          span: { start: firstSentence.start, end: firstSentence.end },
        });
      }
    }
    if (ctx.on('channel.long_post') && l.longPostChars !== undefined && text.length > l.longPostChars) {
      ctx.add({
        rule: 'channel.long_post',
        severity: 'info',
        message: { id: `Postingan ${text.length} karakter tergolong panjang untuk ${l.label}; kebanyakan pembaca berhenti setelah beberapa baris.`, en: `At ${text.length} characters the post is long for ${l.label}; most readers stop after a few lines.` },
        fix: { id: 'Ringkas jadi 3–5 kalimat, pakai daftar berbutir untuk rincian, dan tautkan informasi lengkap.', en: 'Cut it to 3–5 sentences, use a bulleted list for details, and link the full information.' },
        channel: p,
      });
    }
    if (ctx.on('channel.forbidden_chars') && l.forbiddenChars) {
      const bad = [...l.forbiddenChars].filter((c) => text.includes(c) || (input.title ?? '').includes(c));
      if (bad.length) {
        const at = Math.min(...bad.map((c) => text.indexOf(c)).filter((i) => i >= 0), text.length);
        ctx.add({
          rule: 'channel.forbidden_chars',
          severity: 'error',
          message: { id: `${l.label} menolak karakter ${bad.map((c) => `"${c}"`).join(' dan ')} di judul dan deskripsi.`, en: `${l.label} refuses the characters ${bad.map((c) => `"${c}"`).join(' and ')} in titles and descriptions.` },
          fix: { id: 'Ganti dengan kata atau tanda lain, mis. "<" → "kurang dari".', en: 'Replace them with words or other signs, e.g. "<" → "kurang dari".' },
          channel: p,
          ...(at < text.length ? { span: { start: at, end: at + 1 } } : {}),
        });
      }
    }
    if (p === 'youtube' && ctx.on('channel.youtube_title')) {
      const title = (input.title ?? '').trim();
      const max = l.maxTitle ?? 100;
      if (!title) {
        ctx.add({
          rule: 'channel.youtube_title',
          severity: 'warning',
          message: { id: 'Video YouTube memerlukan judul; tanpa judul, kalimat pertama akan dipakai dan mungkin terpotong.', en: 'A YouTube video needs a title; without one the first sentence is used and may be cut.' },
          fix: { id: `Tulis judul yang jelas, paling banyak ${max} karakter, dengan kata kunci yang dicari warga.`, en: `Write a clear title of at most ${max} characters with the words citizens search for.` },
          channel: p,
        });
      } else if (platformLength(p, title) > max) {
        ctx.add({
          rule: 'channel.youtube_title',
          severity: 'error',
          message: { id: `Judul ${platformLength(p, title)} karakter; YouTube menerima paling banyak ${max}.`, en: `The title is ${platformLength(p, title)} characters; YouTube accepts at most ${max}.` },
          fix: { id: 'Persingkat judul; pindahkan rincian ke deskripsi.', en: 'Shorten the title; move details to the description.' },
          channel: p,
        });
      }
    }
  }
  if (ctx.on('channel.formatting') && input.channels.length > 0) {
    if (MARKDOWN.test(text)) {
      ctx.add({
        rule: 'channel.formatting',
        severity: 'info',
        message: {
          id: 'Teks memakai format Markdown (**tebal**, [tautan](...), # judul). Media sosial tidak menampilkannya: tanda bintang dan kurung akan terlihat apa adanya.',
          en: 'The text uses Markdown (**bold**, [link](...), # heading). Social platforms do not render it: the asterisks and brackets show as typed.',
        },
        fix: { id: 'Tulis teks biasa; untuk penekanan pakai baris baru atau emoji penanda (📅, 📍). Tulis tautan lengkap.', en: 'Write plain text; for emphasis use line breaks or marker emoji (📅, 📍). Write links in full.' },
      });
    } else if (WA_STYLE.test(text)) {
      const plain = input.channels.filter((p) => PLATFORM_LIMITS[p].formatting === 'plain');
      if (plain.length) {
        ctx.add({
          rule: 'channel.formatting',
          severity: 'info',
          message: {
            id: `Format gaya WhatsApp (*tebal*, _miring_, ~coret~) hanya tampil di WhatsApp/Telegram; di ${plain.map((p) => PLATFORM_LIMITS[p].label).join(', ')} tandanya terlihat apa adanya.`,
            en: `WhatsApp-style formatting (*bold*, _italic_, ~strike~) only renders on WhatsApp/Telegram; on ${plain.map((p) => PLATFORM_LIMITS[p].label).join(', ')} the marks show as typed.`,
          },
          fix: { id: 'Hapus tanda format di versi untuk kanal tersebut, atau tulis versi khusus per kanal.', en: 'Remove the marks in those channels\' versions, or write a version per channel.' },
        });
      }
    }
  }
}
