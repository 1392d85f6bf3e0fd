import { describe, expect, it } from 'vitest';
import { addMonths, approverNames, fromWibInput, monthGrid, moveToDay, normalizeContent, safeHref, sameContent, stepDay, toWibInput, viewRange, weekDays, wibDay, wibTime } from './publishing.ts';

describe('WIB calendar arithmetic', () => {
  it('days and times are WIB (UTC+7) whatever the machine zone', () => {
    expect(wibDay('2026-12-06T17:30:00Z')).toBe('2026-12-07');
    expect(wibDay('2026-12-06T16:59:00Z')).toBe('2026-12-06');
    expect(wibTime('2026-12-06T17:30:00Z')).toBe('00:30');
  });

  it('a month grid starts on Monday and covers the whole month', () => {
    const grid = monthGrid('2026-12-15');
    expect(grid[0]![0]).toBe('2026-11-30');
    expect(grid.flat()).toContain('2026-12-31');
    expect(grid.every((w) => w.length === 7)).toBe(true);
    expect(grid.at(-1)![6]).toBe('2027-01-03');
  });

  it('weeks, ranges and steps', () => {
    expect(weekDays('2026-12-10')).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
    expect(viewRange('minggu', '2026-12-10')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(viewRange('daftar', '2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(stepDay('bulan', '2026-01-31', 1)).toBe('2026-02-01');
    expect(addMonths('2026-12-01', 1)).toBe('2027-01-01');
  });

  it('moving a post to another day keeps its WIB time of day', () => {
    // 08.15 WIB on 7 Dec → 08.15 WIB on 10 Dec
    expect(moveToDay('2026-12-07T01:15:00.000Z', '2026-12-10')).toBe('2026-12-10T01:15:00.000Z');
    // 23.30 WIB (16.30 UTC) stays 23.30 WIB
    expect(moveToDay('2026-12-07T16:30:00.000Z', '2026-12-01')).toBe('2026-12-01T16:30:00.000Z');
  });

  it('the date-time field reads and writes WIB, seconds optional', () => {
    expect(toWibInput('2026-12-07T01:00:00Z')).toBe('2026-12-07T08:00');
    expect(toWibInput('2026-12-07T01:00:30Z')).toBe('2026-12-07T08:00:30');
    expect(fromWibInput('2026-12-07T08:00')).toBe('2026-12-07T01:00:00.000Z');
    expect(fromWibInput('2026-12-07T08:00:30')).toBe('2026-12-07T01:00:30.000Z');
    expect(fromWibInput('2026-02-30T08:00')).toBeNull();
    expect(fromWibInput('')).toBeNull();
  });
});

describe('composer bookkeeping', () => {
  it('contents compare equal whatever their key order; an empty link is none', () => {
    const a = { title: '', text: 'x', link: '', media: [], channels: [{ title: null, text: null, accountId: 'a' }], catalog: null };
    const b = { catalog: null, channels: [{ accountId: 'a', text: null, title: null }], media: [], link: null, text: 'x', title: '' };
    expect(sameContent(a as never, b as never)).toBe(true);
    expect(normalizeContent(a as never).link).toBeNull();
  });

  it('names the approvers of the current round only', () => {
    const reviews = [
      { id: '1', version: 1, level: 0, decision: 'submitted', comment: null, by: 'Ani', at: 't1' },
      { id: '2', version: 1, level: 1, decision: 'approved', comment: null, by: 'Budi', at: 't2' },
      { id: '3', version: 2, level: 0, decision: 'submitted', comment: null, by: 'Ani', at: 't3' },
      { id: '4', version: 2, level: 1, decision: 'approved', comment: null, by: 'Citra', at: 't4' },
      { id: '5', version: 2, level: 0, decision: 'withdrawn', comment: null, by: 'Ani', at: 't5' },
      { id: '6', version: 2, level: 0, decision: 'submitted', comment: null, by: 'Ani', at: 't6' },
      { id: '7', version: 2, level: 1, decision: 'approved', comment: null, by: 'Dedi', at: 't7' },
    ] as const;
    const names = approverNames({ currentVersion: 2, reviews: reviews as never });
    expect([...names.entries()]).toEqual([[1, { by: 'Dedi', at: 't7' }]]);
  });

  it('only http(s) permalinks become links', () => {
    expect(safeHref('https://x.com/a/status/1')).toBe('https://x.com/a/status/1');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});
