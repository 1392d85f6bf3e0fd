// Campaign (narasi tunggal): the post carries the campaign's key message and hashtags. Compared by content
// words: both texts lose their stopwords, words are reduced to rough stems, and the share of the key
// message's terms found in the post is the overlap.
import type { Ctx } from '../context.ts';
import { STOPWORDS } from '../data/lexicon.ts';

const WORD = /\p{L}[\p{L}\p{M}\p{N}]*(?:-[\p{L}\p{M}\p{N}]+)*/gu;
const PREFIXES = ['memper', 'meng', 'meny', 'mem', 'men', 'me', 'peng', 'peny', 'pem', 'pen', 'per', 'pe', 'ber', 'be', 'ter', 'di', 'ke', 'se'];

const stemCache = new Map<string, string>();

/** A rough Indonesian stem: particles, possessives, -kan/-an/-i and one prefix removed while four letters remain. */
export function stem(word: string): string {
  const hit = stemCache.get(word);
  if (hit !== undefined) return hit;
  let w = word.toLowerCase();
  const dash = w.indexOf('-');
  if (dash > 0 && w.slice(dash + 1) === w.slice(0, dash)) w = w.slice(0, dash);
  for (const suf of ['nya', 'lah', 'kah', 'pun', 'ku', 'mu']) if (w.endsWith(suf) && w.length - suf.length >= 4) {
    w = w.slice(0, -suf.length);
    break;
  }
  for (const suf of ['kan', 'an', 'i']) if (w.endsWith(suf) && w.length - suf.length >= 4) {
    w = w.slice(0, -suf.length);
    break;
  }
  for (const pre of PREFIXES) if (w.startsWith(pre) && w.length - pre.length >= 4) {
    w = w.slice(pre.length);
    break;
  }
  // pure and small: a bounded cache keeps repeated words (every keystroke re-checks the same text) cheap
  if (stemCache.size >= 20_000) stemCache.clear();
  stemCache.set(word, w);
  return w;
}

/** Content words of a text (lower case, no stopwords, 3+ letters), CamelCase hashtags split into their words. */
export function contentWords(text: string): string[] {
  const spaced = text.replace(/#([\p{L}\p{N}_]+)/gu, (_m, tag: string) => ` ${tag.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').replace(/_/g, ' ')} `);
  const out: string[] = [];
  for (const m of spaced.matchAll(WORD)) {
    const w = m[0].toLowerCase();
    if (w.length < 3 || STOPWORDS.has(w)) continue;
    out.push(w);
  }
  return out;
}

function sameTerm(a: string, b: string): boolean {
  if (a === b) return true;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  return s.length >= 5 && l.startsWith(s);
}

/**
 * The key message's distinct terms and which of them the post lacks. `post` is the post's text, or its
 * content words already extracted (lower case).
 */
export function campaignOverlap(keyMessage: string, post: string | readonly string[]): { terms: string[]; missing: string[]; overlap: number } {
  const keyWords = contentWords(keyMessage);
  const terms: string[] = [];
  const termStems: string[] = [];
  for (const w of keyWords) {
    const s = stem(w);
    if (termStems.includes(s)) continue;
    termStems.push(s);
    terms.push(w);
  }
  if (!terms.length) return { terms, missing: [], overlap: 1 };
  const postStems = new Set<string>();
  for (const w of new Set(typeof post === 'string' ? contentWords(post) : post)) postStems.add(stem(w));
  const missing: string[] = [];
  terms.forEach((t, i) => {
    const s = termStems[i]!;
    let found = postStems.has(s);
    if (!found) for (const p of postStems) if (sameTerm(p, s)) {
      found = true;
      break;
    }
    if (!found) missing.push(t);
  });
  return { terms, missing, overlap: (terms.length - missing.length) / terms.length };
}

/** The post's content words from its text model, title and hashtags. */
function postWords(ctx: Ctx): string[] {
  const out: string[] = [];
  for (const w of ctx.model.words) if (w.lower.length >= 3 && !STOPWORDS.has(w.lower)) out.push(w.lower);
  const extra = [ctx.input.title, ...ctx.model.hashtags.map((h) => `#${h.tag}`), ...ctx.input.hashtags.map((h) => `#${h}`)].join(' ');
  out.push(...contentWords(extra));
  return out;
}

export function checkCampaign(ctx: Ctx): void {
  const c = ctx.input.campaign;
  if (!c) return;
  const { model, input, t } = ctx;

  if (ctx.on('campaign.off_message') && c.keyMessage.trim()) {
    const r = campaignOverlap(c.keyMessage, postWords(ctx));
    if (r.terms.length && r.overlap < t.minCampaignOverlap) {
      const pct = Math.round(r.overlap * 100);
      const list = r.missing.slice(0, 8).join(', ');
      ctx.add({
        rule: 'campaign.off_message',
        severity: 'warning',
        message: {
          id: `Postingan ini memuat ${pct}% kata kunci pesan kampanye (minimal ${Math.round(t.minCampaignOverlap * 100)}%). Yang belum ada: ${list}. Narasi tunggal hanya kuat bila semua OPD menyampaikan inti yang sama.`,
          en: `The post carries ${pct}% of the campaign's key terms (at least ${Math.round(t.minCampaignOverlap * 100)}% expected). Missing: ${list}. A single narrative only works when every OPD carries the same core.`,
        },
        fix: {
          id: `Sesuaikan dengan konteks OPD Anda, tetapi sampaikan inti pesan kampanye: "${c.keyMessage.trim().slice(0, 160)}".`,
          en: `Adapt it to your OPD, but keep the campaign's core message: "${c.keyMessage.trim().slice(0, 160)}".`,
        },
      });
    }
  }
  if (ctx.on('campaign.hashtag_missing') && c.hashtags.length) {
    const have = new Set([...model.hashtags.map((h) => h.tag.toLowerCase()), ...input.hashtags.map((h) => h.toLowerCase())]);
    const missing = c.hashtags.map((h) => h.replace(/^#/, '')).filter((h) => h && !have.has(h.toLowerCase()));
    if (missing.length) {
      const list = missing.map((h) => `#${h}`).join(' ');
      ctx.add({
        rule: 'campaign.hashtag_missing',
        severity: 'warning',
        message: {
          id: `Tagar kampanye belum dipakai: ${list}. Tanpa tagar yang sama, postingan OPD tidak terhimpun dalam kampanye dan jangkauannya tidak terhitung.`,
          en: `Campaign hashtags not used: ${list}. Without the shared hashtags the OPD's post is not gathered with the campaign and its reach is not counted.`,
        },
        fix: { id: `Tambahkan ${list} (tulis persis seperti ini).`, en: `Add ${list} (written exactly like this).` },
      });
    }
  }
}
