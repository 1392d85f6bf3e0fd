import type { ChannelPlatform } from '../../platform/db/schema.ts';
import { PLATFORM_LIMITS, platformLength, textLimit } from './coach/limits.ts';

// How a post's master text becomes each channel's text. Pure and dependency-free (type imports and
// the limits table only), so the composer in the web app derives exactly what the server will send
// while the author types; content.ts re-exports it for the server.

/** The parts of a post's content a variant is derived from (PostContent satisfies it). */
export interface VariantSource {
  title: string;
  text: string;
  link: string | null;
  media: readonly unknown[];
}

/** One channel's choice (ChannelChoice satisfies it). */
export interface VariantChoice {
  accountId: string;
  /** the author's own text for this channel; null = derived from the master text */
  text: string | null;
  /** YouTube video title / TikTok title; null = derived */
  title: string | null;
}

export interface Variant {
  platform: ChannelPlatform;
  accountId: string;
  text: string;
  title: string | null;
  /** derived from the master (true) or written for this channel (false) */
  derived: boolean;
}

function cut(text: string, max: number, measure: (s: string) => number): string {
  if (measure(text) <= max) return text;
  // Prefer the end of a sentence, then a word; mark the cut with an ellipsis ("…", not ".…").
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('')}…`) <= max) lo = mid;
    else hi = mid - 1;
  }
  const head = chars.slice(0, lo).join('');
  const sentence = head.search(/[.!?][^.!?]*$/u);
  const word = head.lastIndexOf(' ');
  const at = sentence > head.length * 0.6 ? sentence + 1 : word > head.length * 0.6 ? word : head.length;
  return `${head.slice(0, at).trimEnd().replace(/\.+$/u, '')}…`;
}

function firstSentence(text: string): string {
  const line = text.trim().split(/\n/u)[0] ?? '';
  const m = /^(.{10,}?[.!?])(\s|$)/u.exec(line);
  return (m?.[1] ?? line).trim();
}

/** The text each channel will carry: the author's own, or derived from the master text and link. */
export function deriveVariant(content: VariantSource, platform: ChannelPlatform, choice: VariantChoice): Variant {
  const rules = PLATFORM_LIMITS[platform];
  const master = content.text.trim();
  const link = content.link;
  const titleBase = content.title.trim() || firstSentence(master);
  const title = rules.maxTitle ? cut(choice.title?.trim() || titleBase, rules.maxTitle, (s) => [...s].length) : null;
  if (choice.text !== null && choice.text.trim() !== '') return { platform, accountId: choice.accountId, text: choice.text, title, derived: false };
  const max = textLimit(platform, content.media.length > 0);
  const measure = (s: string) => platformLength(platform, s);
  let text: string;
  if (!link || master.includes(link)) text = cut(master, max, measure);
  else {
    const tail = rules.clickableLinks ? `\n\n${link}` : `\n\nInfo lengkap: ${link}`;
    text = `${cut(master, Math.max(1, max - measure(tail)), measure)}${tail}`;
  }
  return { platform, accountId: choice.accountId, text, title, derived: true };
}
