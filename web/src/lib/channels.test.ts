import { describe, expect, it } from 'vitest';
import { connectErrorCode, displayHandle, eventCategory, hasProblem, relativeTime, statusTone } from './channels.ts';

const now = new Date('2026-11-27T07:00:00Z');

describe('relativeTime', () => {
  it('reads minutes, hours and days in the past and future, in both languages', () => {
    expect(relativeTime('2026-11-27T06:57:00Z', now, 'id', 'baru saja')).toBe('3 menit yang lalu');
    expect(relativeTime('2026-11-27T06:57:00Z', now, 'en', 'just now')).toBe('3 minutes ago');
    expect(relativeTime('2026-11-27T05:01:00Z', now, 'id', 'baru saja')).toBe('1 jam yang lalu');
    expect(relativeTime('2026-12-04T07:00:00Z', now, 'id', 'baru saja')).toBe('dalam 7 hari');
    expect(relativeTime('2026-12-04T07:00:00Z', now, 'en', 'just now')).toBe('in 7 days');
  });
  it('says "just now" under a minute ago, and nothing for an invalid value', () => {
    expect(relativeTime('2026-11-27T06:59:30Z', now, 'id', 'baru saja')).toBe('baru saja');
    expect(relativeTime('bukan tanggal', now, 'id', 'baru saja')).toBeNull();
  });
  it('never puts a past event in the future because of clock skew', () => {
    expect(relativeTime('2026-11-27T07:00:08Z', now, 'id', 'baru saja', { pastOnly: true })).toBe('baru saja');
    expect(relativeTime('2026-11-27T07:00:08Z', now, 'en', 'just now')).toBe('in 8 seconds');
  });
});

describe('eventCategory', () => {
  it('groups the platforms\u2019 kinds', () => {
    expect(eventCategory('feed.comment.add')).toBe('comment');
    expect(eventCategory('comment')).toBe('comment');
    expect(eventCategory('update.message')).toBe('message');
    expect(eventCategory('whatsapp.message')).toBe('message');
    expect(eventCategory('messaging.message')).toBe('message');
    expect(eventCategory('direct_message')).toBe('message');
    expect(eventCategory('whatsapp.status')).toBe('status');
    expect(eventCategory('messaging.read')).toBe('status');
    expect(eventCategory('mention')).toBe('mention');
    expect(eventCategory('messaging.reaction')).toBe('reaction');
    expect(eventCategory('feed.reaction.add')).toBe('reaction');
    expect(eventCategory('tweet_create')).toBe('post');
    expect(eventCategory('unknown')).toBe('other');
  });
});

describe('statusTone and hasProblem', () => {
  it('never relies on colour alone but still maps tones', () => {
    expect(statusTone('active')).toBe('success');
    expect(statusTone('expiring')).toBe('warning');
    expect(statusTone('revoked')).toBe('danger');
    expect(statusTone('disconnected')).toBe('neutral');
  });
  it('flags OPDs with failing, expiring or no accounts', () => {
    expect(hasProblem({ accounts: 7, expiring: 0, failing: 0 })).toBe(false);
    expect(hasProblem({ accounts: 7, expiring: 1, failing: 0 })).toBe(true);
    expect(hasProblem({ accounts: 7, expiring: 0, failing: 2 })).toBe(true);
    expect(hasProblem({ accounts: 0, expiring: 0, failing: 0 })).toBe(true);
  });
});

describe('connectErrorCode', () => {
  it('accepts known codes only', () => {
    expect(connectErrorCode('channel_taken')).toBe('channel_taken');
    expect(connectErrorCode('<script>')).toBe('unknown');
    expect(connectErrorCode(undefined)).toBe('unknown');
  });
});

describe('displayHandle', () => {
  it('writes one @ before social handles, and leaves WhatsApp alone', () => {
    expect(displayHandle('facebook', 'dinkes.sumbarprov')).toBe('@dinkes.sumbarprov');
    expect(displayHandle('youtube', '@@dinkessumbar')).toBe('@dinkessumbar');
    expect(displayHandle('x', '@dinkes_sumbar')).toBe('@dinkes_sumbar');
    expect(displayHandle('whatsapp', '+62 751 123456')).toBe('+62 751 123456');
  });
});
