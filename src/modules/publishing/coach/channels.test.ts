import { describe, expect, it } from 'vitest';
import { composeForChannel } from './checks/channels.ts';
import { overflowOffset, PLATFORM_LIMITS, platformLength, textLimit, xWeightedLength } from './limits.ts';
import { check, findingsOf } from './test-helpers.ts';

const IMG = [{ kind: 'image' as const, altText: 'Warga antre membeli beras murah di Lapangan Imam Bonjol' }];

describe('X weighted length', () => {
  it('counts Latin 1, URLs 23, emoji sequences 2 and CJK 2', () => {
    expect(xWeightedLength('Halo Sumbar')).toBe(11);
    expect(xWeightedLength('Info: https://sumbarprov.go.id/berita/2026/12/01/pasar-murah-di-padang')).toBe(6 + 23);
    expect(xWeightedLength('sumbarprov.go.id')).toBe(23);
    expect(xWeightedLength('👍')).toBe(2);
    expect(xWeightedLength('👨‍👩‍👧‍👦')).toBe(2);
    expect(xWeightedLength('👍🏽')).toBe(2);
    expect(xWeightedLength('🇮🇩')).toBe(2);
    expect(xWeightedLength('1️⃣')).toBe(2);
    expect(xWeightedLength('日本')).toBe(4);
    // “ ” — are in the light ranges; … (U+2026) is not
    expect(xWeightedLength('“é”—…')).toBe(6);
  });
  it('finds where the text stops fitting, never inside a link or an emoji', () => {
    expect(overflowOffset('x', 'a'.repeat(300), 280)).toBe(280);
    const t = `${'a'.repeat(270)} https://sumbarprov.go.id/x`;
    expect(overflowOffset('x', t, 280)).toBe(271);
    expect(overflowOffset('instagram', `${'a'.repeat(2199)}👍👍`, 2200)).toBe(2201);
    expect(overflowOffset('telegram', 'abc', 1024)).toBe(3);
  });
  it('counts code points for most platforms and UTF-16 units for Telegram', () => {
    expect(platformLength('instagram', '👍a')).toBe(2);
    expect(platformLength('telegram', '👍a')).toBe(3);
    expect(textLimit('telegram', true)).toBe(1024);
    expect(textLimit('telegram', false)).toBe(4096);
    expect(PLATFORM_LIMITS.instagram.maxHashtags).toBe(30);
  });
});

describe('channel checks', () => {
  it('channel.x_too_long: an error with the overflowing part selected', () => {
    const t = `Pasar murah di Padang, Sabtu 6 Desember. ${'Beras dan minyak goreng murah. '.repeat(10)}`;
    const f = findingsOf(t, 'channel.x_too_long', { channels: ['x'] });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', channel: 'x' });
    expect(f[0]!.span!.start).toBe(overflowOffset('x', t, 280));
    expect(f[0]!.span!.end).toBe(t.length);
    expect(findingsOf('Pasar murah di Padang, Sabtu 6 Desember. Info: https://sumbarprov.go.id/sangat/panjang/sekali/tautannya/di/sini/dan/di/sana', 'channel.x_too_long', { channels: ['x'] })).toEqual([]);
  });
  it('counts the separate hashtags as part of the text', () => {
    expect(composeForChannel('Halo #Sumbar', ['Sumbar', 'PasarMurah'])).toBe('Halo #Sumbar\n\n#PasarMurah');
    expect(findingsOf('a'.repeat(270), 'channel.x_too_long', { channels: ['x'], hashtags: ['SumbarMadani'] })).toHaveLength(1);
  });
  it('uses the caption limit with media (Telegram 1,024) and the text limit without (4,096)', () => {
    const t = 'Informasi pasar murah. '.repeat(60);
    expect(findingsOf(t, 'channel.telegram_too_long', { channels: ['telegram'], media: IMG })).toHaveLength(1);
    expect(findingsOf(t, 'channel.telegram_too_long', { channels: ['telegram'] })).toEqual([]);
  });
  it('Instagram: at most 30 hashtags, media required, links not clickable, the first 125 characters', () => {
    const tags = Array.from({ length: 31 }, (_, i) => `#Tag${i}`).join(' ');
    expect(findingsOf(`Pasar murah ${tags}`, 'channel.too_many_hashtags', { channels: ['instagram'], media: IMG })[0]!.severity).toBe('error');
    expect(findingsOf('Pasar murah hari ini', 'channel.media_required', { channels: ['instagram'] })[0]!.severity).toBe('error');
    expect(findingsOf('Pasar murah hari ini', 'channel.media_required', { channels: ['instagram'], media: IMG })).toEqual([]);
    expect(findingsOf('Info: https://sumbarprov.go.id', 'channel.links_not_clickable', { channels: ['instagram'], media: IMG })).toHaveLength(1);
    expect(findingsOf('Info: https://sumbarprov.go.id', 'channel.links_not_clickable', { channels: ['facebook'] })).toEqual([]);
    const long = `${'Pemerintah Provinsi Sumatera Barat mengajak seluruh warga '.repeat(3)}untuk datang. Kalimat kedua.`;
    expect(findingsOf(long, 'channel.below_fold', { channels: ['instagram'], media: IMG })).toHaveLength(1);
  });
  it('X: more than two hashtags is a hint', () => {
    expect(findingsOf('Pasar murah #Sumbar #Padang #PasarMurah', 'channel.too_many_hashtags', { channels: ['x'] })[0]!.severity).toBe('info');
    expect(findingsOf('Pasar murah #Sumbar #Padang', 'channel.too_many_hashtags', { channels: ['x'] })).toEqual([]);
  });
  it('YouTube: a video, a title of at most 100 characters, no angle brackets', () => {
    const video = [{ kind: 'video' as const, altText: null }];
    expect(findingsOf('Video pasar murah', 'channel.media_required', { channels: ['youtube'], media: IMG })[0]!.message.en).toMatch(/only publishes videos/);
    expect(findingsOf('Video pasar murah', 'channel.youtube_title', { channels: ['youtube'], media: video })[0]!.severity).toBe('warning');
    expect(findingsOf('Video pasar murah', 'channel.youtube_title', { channels: ['youtube'], media: video, title: 'x'.repeat(101) })[0]!.severity).toBe('error');
    expect(findingsOf('Video pasar murah', 'channel.youtube_title', { channels: ['youtube'], media: video, title: 'Pasar Murah Padang 2026' })).toEqual([]);
    expect(findingsOf('Harga <Rp10.000>', 'channel.forbidden_chars', { channels: ['youtube'], media: video })).toHaveLength(1);
    expect(findingsOf('x'.repeat(5001), 'channel.youtube_description_too_long', { channels: ['youtube'], media: video })).toHaveLength(1);
  });
  it('TikTok caption limit and Facebook long-post hint', () => {
    expect(findingsOf('a '.repeat(1101), 'channel.tiktok_too_long', { channels: ['tiktok'], media: [{ kind: 'video', altText: null }] })).toHaveLength(1);
    expect(findingsOf('Kalimat pendek. '.repeat(100), 'channel.long_post', { channels: ['facebook'] })).toHaveLength(1);
    expect(findingsOf('Kalimat pendek.', 'channel.long_post', { channels: ['facebook'] })).toEqual([]);
  });
  it('formatting: Markdown shows literally everywhere; WhatsApp marks show on the plain platforms', () => {
    expect(findingsOf('**Penting**: pasar murah besok', 'channel.formatting', { channels: ['facebook'] })).toHaveLength(1);
    const wa = findingsOf('*Penting*: pasar murah besok', 'channel.formatting', { channels: ['whatsapp', 'facebook', 'x'] });
    expect(wa[0]!.message.en).toMatch(/on Facebook, X the marks/);
    expect(findingsOf('*Penting*: pasar murah besok', 'channel.formatting', { channels: ['whatsapp', 'telegram'] })).toEqual([]);
  });
  it('no channel, no channel findings', () => {
    expect(check('x'.repeat(5000)).findings.filter((f) => f.rule.startsWith('channel.'))).toEqual([]);
  });
});
