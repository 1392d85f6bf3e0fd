import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  isTypingTarget,
  lastInbound,
  listFilters,
  looksMasked,
  mentionQuery,
  fillTemplate,
  isSavedViewOpen,
  parseWordList,
  parseFeature,
  percent,
  replyModes,
  replyRule,
  shortcutOf,
  savedFiltersOf,
  searchOfSaved,
  topReasons,
  viewCount,
  viewOf,
} from './inbox.ts';
import type { ChannelCapabilities } from '../api/types.ts';

const caps = (o: Partial<ChannelCapabilities>): ChannelCapabilities => ({
  publishText: true,
  publishImage: true,
  publishVideo: true,
  publishReel: false,
  comments: true,
  mentions: true,
  directMessages: true,
  publicReply: true,
  privateReply: true,
  hide: true,
  delete: true,
  insights: true,
  webhooks: true,
  polling: false,
  ...o,
});

describe('inbox views and filters', () => {
  it('reads an unknown view as "semua"', () => {
    expect(viewOf({ tampilan: 'apa' })).toBe('semua');
    expect(viewOf({ tampilan: 'triase' })).toBe('triase');
  });
  it('maps the URL to API filters and the server view (the server lays the view over the panel)', () => {
    expect(listFilters({ kanal: 'whatsapp', jenis: 'question', dari: '2026-11-01', sampai: '2026-11-27', q: '  jalan  ' })).toEqual({
      platform: 'whatsapp',
      intent: 'question',
      from: '2026-11-01',
      to: '2026-11-27',
      q: 'jalan',
    });
    expect(listFilters({ tampilan: 'aduan', jenis: 'praise' })).toEqual({ intent: 'praise', view: 'complaints' });
    expect(listFilters({ tampilan: 'saya', status: 'done' })).toEqual({ status: 'done', view: 'mine' });
    expect(listFilters({ tampilan: 'triase', opd: 'o1' })).toEqual({ orgId: 'o1', view: 'triage' });
  });
  it('counts the active panel filters (not the search words)', () => {
    expect(activeFilterCount({ q: 'x', kanal: 'x', status: 'open', pesan: 'p', tampilan: 'aduan' })).toBe(2);
  });
  it('gives each view the server’s count of its list', () => {
    const views = { all: 9, open: 4, mine: 7, urgent: 3, complaints: 5, triage: 1, done: 1, spam: 2 };
    const counts = { total: 9, open: 4, assigned: 2, done: 1, spam: 2, triage: 1, urgent: 3, complaints: 5, views };
    expect(viewCount('belum', counts)).toBe(4);
    expect(viewCount('mendesak', counts)).toBe(3);
    expect(viewCount('saya', counts)).toBe(7);
    expect(viewCount('semua', undefined)).toBeNull();
  });
});

describe('saved views', () => {
  it('turn the address bar into the API’s filters and back, without the open conversation', () => {
    const search = { tampilan: 'mendesak', kanal: 'whatsapp', status: 'done', dari: '2026-11-01', q: ' jalan ', pesan: 'x' };
    const f = savedFiltersOf(search);
    expect(f).toEqual({ view: 'urgent', platform: 'whatsapp', status: 'done', from: '2026-11-01', q: 'jalan' });
    expect(searchOfSaved(f)).toEqual({ tampilan: 'mendesak', kanal: 'whatsapp', status: 'done', dari: '2026-11-01', q: 'jalan' });
    expect(isSavedViewOpen(f, { ...searchOfSaved(f), pesan: 'y' })).toBe(true);
    expect(isSavedViewOpen(f, { tampilan: 'mendesak' })).toBe(false);
    expect(savedFiltersOf({})).toEqual({});
  });
});

describe('templates and rule words', () => {
  it('fills {{n}} placeholders with the values given, leaving missing ones visible', () => {
    expect(fillTemplate('Pembaruan aduan {{1}}: {{2}}', ['SB-2611-000123', ' sedang diperiksa '])).toBe('Pembaruan aduan SB-2611-000123: sedang diperiksa');
    expect(fillTemplate('Aduan {{1}} dalam {{ 2 }} hari', ['X'])).toBe('Aduan X dalam {{ 2 }} hari');
  });
  it('splits keyword lists on commas, semicolons and lines; drops one-letter and repeated words', () => {
    expect(parseWordList('samsat, pajak  kendaraan ,, x;PKB\nsamsat')).toEqual(['samsat', 'pajak kendaraan', 'PKB']);
  });
});

describe('reply rules', () => {
  it('messages are private; comments public where the platform allows, private on Facebook and Instagram', () => {
    expect(replyModes({ kind: 'message', platform: 'whatsapp' }, caps({ publicReply: false }))).toEqual(['private']);
    expect(replyModes({ kind: 'comment', platform: 'facebook' }, caps({}))).toEqual(['public', 'private']);
    expect(replyModes({ kind: 'comment', platform: 'youtube' }, caps({ privateReply: false }))).toEqual(['public']);
    expect(replyModes({ kind: 'comment', platform: 'tiktok' }, caps({ publicReply: false, privateReply: false }))).toEqual([]);
    expect(replyModes({ kind: 'message', platform: 'youtube' }, caps({ privateReply: false }))).toEqual([]);
  });
  it('WhatsApp and Messenger: 24 hours after the citizen last wrote; private reply to a comment: 7 days', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    const wa = { kind: 'message' as const, platform: 'whatsapp', occurredAt: '2026-11-27T01:00:00Z', receivedAt: '2026-11-27T01:00:01Z' };
    expect(replyRule(wa, 'private', '2026-11-27T02:00:00Z', now)).toEqual({ rule: 'window24', endsAt: new Date('2026-11-28T02:00:00Z'), open: true });
    expect(replyRule(wa, 'private', '2026-11-26T02:00:00Z', now)?.open).toBe(false);
    const comment = { kind: 'comment' as const, platform: 'instagram', occurredAt: '2026-11-19T12:00:00Z', receivedAt: '2026-11-19T12:00:00Z' };
    expect(replyRule(comment, 'private', null, now)).toEqual({ rule: 'private7', endsAt: new Date('2026-11-26T12:00:00Z'), open: false });
    expect(replyRule(comment, 'public', null, now)).toBeNull();
    expect(replyRule({ ...wa, platform: 'telegram' }, 'private', null, now)).toBeNull();
  });
  it('finds the citizen’s last message in the thread', () => {
    const t = (id: string | null, at: string) => ({ contact: id ? { id, name: null, handle: null } : null, occurredAt: at, receivedAt: at });
    expect(lastInbound([t('c1', '2026-11-27T01:00:00Z'), t('c2', '2026-11-27T05:00:00Z'), t('c1', '2026-11-27T03:00:00Z')], 'c1')).toBe('2026-11-27T03:00:00Z');
  });
});

describe('analysis reasons', () => {
  it('names the features', () => {
    expect(parseFeature('kw:DINKES')).toEqual({ kind: 'keyword', value: 'DINKES' });
    expect(parseFeature('addressed:DINKES')).toEqual({ kind: 'addressed', value: 'DINKES' });
    expect(parseFeature('cue:urgent')).toEqual({ kind: 'cue', value: 'urgent' });
    expect(parseFeature('<num>')).toEqual({ kind: 'number' });
    expect(parseFeature('warga')).toEqual({ kind: 'word', value: 'warga' });
    expect(parseFeature('<url>')).toEqual({ kind: 'other', value: '<url>' });
  });
  it('orders the strongest first and never shows a model as certain when it is not', () => {
    expect(topReasons([{ feature: 'a', weight: 0.1 }, { feature: 'b', weight: -2 }, { feature: 'c', weight: 1 }], 2).map((r) => r.feature)).toEqual(['b', 'c']);
    expect(percent(0.998)).toBe('99%');
    expect(percent(1)).toBe('100%');
    expect(percent(0.5)).toBe('50%');
    expect(percent(null)).toBeNull();
  });
  it('recognises masked personal data', () => {
    expect(looksMasked('NIK 1305••••••••••••')).toBe(true);
    expect(looksMasked('tinggal di [alamat]')).toBe(true);
    expect(looksMasked('Jalan rusak')).toBe(false);
  });
});

describe('keyboard', () => {
  it('maps keys, never with modifiers', () => {
    expect(shortcutOf({ key: 'j', ctrlKey: false, metaKey: false, altKey: false })).toBe('next');
    expect(shortcutOf({ key: '?', ctrlKey: false, metaKey: false, altKey: false })).toBe('help');
    expect(shortcutOf({ key: 'r', ctrlKey: true, metaKey: false, altKey: false })).toBeNull();
    expect(shortcutOf({ key: 'x', ctrlKey: false, metaKey: false, altKey: false })).toBeNull();
  });
  it('treats text fields and list boxes as typing, checkboxes not', () => {
    const el = (tagName: string, attrs: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
      ({ tagName, getAttribute: (n: string) => attrs[n] ?? null, ...extra }) as unknown as Element;
    expect(isTypingTarget(el('INPUT', {}, { type: 'search' }))).toBe(true);
    expect(isTypingTarget(el('INPUT', {}, { type: 'checkbox' }))).toBe(false);
    expect(isTypingTarget(el('TEXTAREA'))).toBe(true);
    expect(isTypingTarget(el('DIV', { role: 'listbox' }))).toBe(true);
    expect(isTypingTarget(el('A'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
  it('finds the @mention being typed', () => {
    expect(mentionQuery('Mohon cek @Ani', 14)).toEqual({ start: 10, query: 'ani' });
    expect(mentionQuery('email a@b', 9)).toBeNull();
    expect(mentionQuery('selesai', 7)).toBeNull();
  });
});
