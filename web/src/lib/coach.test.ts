import { describe, expect, it } from 'vitest';
import { excerpt, formatAbbreviations, formatPhrases, parseAbbreviations, parseList, parsePhrases, rulesToSettings, scoreTone, settingsToRules } from './coach.ts';

describe('coach settings text fields', () => {
  it('abbreviations: one "ABBR = expansion" per line, bad lines reported with their number', () => {
    const r = parseAbbreviations('SiPadu = Sistem Informasi Pelayanan Terpadu\n\nBKPSDM: Badan Kepegawaian\nbukan singkatan\nA B = x y');
    expect(r.items).toEqual([
      { abbr: 'SiPadu', expansion: 'Sistem Informasi Pelayanan Terpadu' },
      { abbr: 'BKPSDM', expansion: 'Badan Kepegawaian' },
    ]);
    expect(r.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(parseAbbreviations(formatAbbreviations(r.items)).items).toEqual(r.items);
  });
  it('phrases: "frasa => pengganti", or the phrase alone', () => {
    const r = parsePhrases('menginformasikan kepada => memberi tahu\ndemikian\nx');
    expect(r.items).toEqual([
      { phrase: 'menginformasikan kepada', suggestion: 'memberi tahu' },
      { phrase: 'demikian', suggestion: '' },
    ]);
    expect(r.errors.map((e) => e.line)).toEqual([3]);
    expect(formatPhrases(r.items)).toBe('menginformasikan kepada => memberi tahu\ndemikian');
  });
  it('lists split on commas, spaces and lines, without duplicates', () => {
    expect(parseList('OPD, UMKM\nOPD  BPBD')).toEqual(['OPD', 'UMKM', 'BPBD']);
  });
  it('rule choices keep only what differs from the defaults', () => {
    const choices = settingsToRules(['a', 'b', 'c'], { b: { enabled: false }, c: { severity: 'error' } });
    expect(choices).toEqual({ a: { enabled: true, severity: 'default' }, b: { enabled: false, severity: 'default' }, c: { enabled: true, severity: 'error' } });
    expect(rulesToSettings(choices)).toEqual({ b: { enabled: false }, c: { severity: 'error' } });
  });
});

describe('coach panel helpers', () => {
  it('quotes the selected part of the text, shortened', () => {
    expect(excerpt('Bimtek OPD besok', { start: 7, end: 10 })).toBe('OPD');
    expect(excerpt('x'.repeat(100), { start: 0, end: 100 }, 10)).toBe(`${'x'.repeat(9)}…`);
    expect(excerpt('abc', undefined)).toBe('');
  });
  it('names the score band', () => {
    expect([scoreTone(95), scoreTone(70), scoreTone(10)]).toEqual(['good', 'fair', 'poor']);
  });
});
