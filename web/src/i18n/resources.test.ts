import { describe, expect, it } from 'vitest';
import id from './id.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

// Indonesian has one plural form ("other"); English has "one" and "other".
const base = (k: string) => k.replace(/_(one|other)$/, '');

describe('translations', () => {
  it('have the same keys in Indonesian and English', () => {
    const idKeys = new Set(keys(id).map(base));
    const enKeys = new Set(keys(en).map(base));
    expect([...idKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !idKeys.has(k))).toEqual([]);
  });
  it('have no empty strings', () => {
    for (const [name, res] of [['id', id], ['en', en]] as const) {
      const flat = keys(res);
      for (const k of flat) {
        const value = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], res);
        expect(value, `${name}:${k}`).not.toBe('');
      }
    }
  });
  it('give every English plural both forms', () => {
    const enKeys = keys(en);
    for (const k of enKeys.filter((k) => k.endsWith('_other'))) {
      expect(enKeys, k).toContain(k.replace(/_other$/, '_one'));
    }
  });
});
