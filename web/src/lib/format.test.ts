import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, prettyJson, wibToday } from './format.ts';

describe('formatDateTime', () => {
  it('shows Indonesian WIB time with a dot between hour and minute', () => {
    expect(formatDateTime('2026-11-27T07:05:00Z', 'id')).toBe('27 Nov 2026 14.05 WIB');
  });
  it('shows English WIB time with a colon', () => {
    expect(formatDateTime('2026-11-27T07:05:00Z', 'en')).toBe('27 Nov 2026 14:05 WIB');
  });
  it('crosses midnight into the next WIB day', () => {
    expect(formatDateTime('2026-08-16T18:30:00Z', 'id')).toBe('17 Agu 2026 01.30 WIB');
  });
  it('returns an empty string for missing or invalid values', () => {
    expect(formatDateTime(null, 'id')).toBe('');
    expect(formatDateTime('nope', 'id')).toBe('');
  });
});

describe('formatDate', () => {
  it('uses the WIB calendar day', () => {
    expect(formatDate('2026-12-31T17:00:00Z', 'id')).toBe('1 Jan 2027');
    expect(formatDate('2026-05-01T00:00:00Z', 'id')).toBe('1 Mei 2026');
  });
});

describe('wibToday', () => {
  it('knows today in WIB', () => {
    expect(wibToday(new Date('2026-11-27T18:00:00Z'))).toBe('2026-11-28');
  });
});

describe('prettyJson', () => {
  it('indents objects and marks absence', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyJson(null)).toBe('—');
  });
});
