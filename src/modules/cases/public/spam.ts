import { analyze } from '../../language/index.ts';

// Spam scoring of a public submission without third-party captcha: the honeypot field (hidden from
// people, filled by bots), promotion links, and the language module's intent ("spam": gambling
// promotions, link drops, sales). Abusive but genuine complaints are not refused: an angry citizen
// is still a citizen.

export interface SpamVerdict {
  refuse: boolean;
  /** Indonesian reason shown to the citizen when refused. */
  reason: string | null;
  signals: string[];
  intent: string;
  confidence: number;
}

const URL_RE = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|xyz|top|site|online|link|id|ly|co|me|io|vip|bet|win|club)\/\S*/gi;

export function scoreSubmission(text: string, opts: { honeypot?: string | null | undefined; channel?: string } = {}): SpamVerdict {
  const signals: string[] = [];
  if (opts.honeypot && opts.honeypot.trim() !== '') signals.push('honeypot');
  const links = text.match(URL_RE)?.length ?? 0;
  if (links > 2) signals.push(`links:${links}`);
  const a = analyze(text, { channel: opts.channel ?? 'web_form' });
  const spamIntent = a.intent.label === 'spam' && a.intent.confidence >= 0.7;
  if (spamIntent) signals.push(`intent:spam:${a.intent.confidence.toFixed(2)}`);
  let reason: string | null = null;
  if (signals.includes('honeypot')) reason = 'isian tersembunyi formulir terisi, seperti yang dilakukan program otomatis';
  else if (spamIntent) reason = 'isinya menyerupai promosi, judi daring atau pesan berantai';
  else if (links > 2) reason = `terlalu banyak tautan (${links})`;
  return { refuse: reason !== null, reason, signals, intent: a.intent.label, confidence: Math.round(a.intent.confidence * 1000) / 1000 };
}
