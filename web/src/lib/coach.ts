// Helpers of the coach panel and the coach settings form (its text fields: one entry per line).
import type { CoachSettings, CoachSeverity } from '../api/coach.ts';

export type LineError = { line: number; text: string };

/** "SiPadu = Sistem Informasi Pelayanan Terpadu" per line (also ":" or a tab); blank lines skipped. */
export function parseAbbreviations(text: string): { items: { abbr: string; expansion: string }[]; errors: LineError[] } {
  const items: { abbr: string; expansion: string }[] = [];
  const errors: LineError[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^([^=:\t]+?)\s*[=:\t]\s*(.+)$/u.exec(line);
    if (!m || !/^[\p{L}\p{N}][\p{L}\p{N}.-]{0,19}$/u.test(m[1]!.trim()) || m[2]!.trim().length < 2) errors.push({ line: i + 1, text: line });
    else items.push({ abbr: m[1]!.trim(), expansion: m[2]!.trim() });
  });
  return { items, errors };
}

export function formatAbbreviations(items: readonly { abbr: string; expansion: string }[]): string {
  return items.map((x) => `${x.abbr} = ${x.expansion}`).join('\n');
}

/** "frasa => pengganti" per line; a phrase alone means "leave it out". */
export function parsePhrases(text: string): { items: { phrase: string; suggestion: string }[]; errors: LineError[] } {
  const items: { phrase: string; suggestion: string }[] = [];
  const errors: LineError[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const [phrase = '', suggestion = ''] = line.split(/\s*=>\s*|\s*→\s*/u, 2);
    if (phrase.trim().length < 2 || phrase.length > 100 || suggestion.length > 200) errors.push({ line: i + 1, text: line });
    else items.push({ phrase: phrase.trim(), suggestion: suggestion.trim() });
  });
  return { items, errors };
}

export function formatPhrases(items: readonly { phrase: string; suggestion: string }[]): string {
  return items.map((x) => (x.suggestion ? `${x.phrase} => ${x.suggestion}` : x.phrase)).join('\n');
}

/** Words separated by commas, spaces or lines. */
export function parseList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/u).map((s) => s.trim()).filter(Boolean))];
}

export type RuleChoice = { enabled: boolean; severity: CoachSeverity | 'default' };

/** Only the rules that differ from their defaults are stored. */
export function rulesToSettings(choices: Readonly<Record<string, RuleChoice>>): CoachSettings['rules'] {
  const out: CoachSettings['rules'] = {};
  for (const [id, c] of Object.entries(choices)) {
    if (c.enabled && c.severity === 'default') continue;
    out[id] = { ...(c.enabled ? {} : { enabled: false }), ...(c.severity !== 'default' ? { severity: c.severity } : {}) };
  }
  return out;
}

export function settingsToRules(ids: readonly string[], rules: CoachSettings['rules']): Record<string, RuleChoice> {
  return Object.fromEntries(ids.map((id) => [id, { enabled: rules[id]?.enabled !== false, severity: rules[id]?.severity ?? 'default' }]));
}

/** The part of the text a span selects, shortened for a label. */
export function excerpt(text: string, span: { start: number; end: number } | undefined, max = 40): string {
  if (!span) return '';
  const s = text.slice(Math.max(0, span.start), Math.min(text.length, span.end)).replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function scoreTone(score: number): 'good' | 'fair' | 'poor' {
  return score >= 80 ? 'good' : score >= 60 ? 'fair' : 'poor';
}
