import { describe, expect, it } from 'vitest';
import { camelCaseSuggestion, segmentHashtag } from './checks/accessibility.ts';
import { findingsOf, spanned } from './test-helpers.ts';

const TEXT = 'Pasar murah digelar Sabtu, 6 Desember 2026 di Lapangan Imam Bonjol, Padang.';

describe('accessibility.alt_text_missing / alt_text_poor', () => {
  it('every image needs alt text (an error per image)', () => {
    const f = findingsOf(TEXT, 'accessibility.alt_text_missing', { media: [{ kind: 'image', altText: null }, { kind: 'image', altText: '  ' }, { kind: 'video', altText: null }] });
    expect(f.map((x) => [x.severity, x.message.en.slice(0, 7)])).toEqual([
      ['error', 'Image 1'],
      ['error', 'Image 2'],
    ]);
  });
  it('a post with descriptive alt text passes', () => {
    const media = [{ kind: 'image' as const, altText: 'Warga antre membeli beras murah di tenda pasar murah Lapangan Imam Bonjol' }];
    expect(findingsOf(TEXT, 'accessibility.alt_text_missing', { media })).toEqual([]);
    expect(findingsOf(TEXT, 'accessibility.alt_text_poor', { media })).toEqual([]);
  });
  it('file names, generic words and very short alt texts are not descriptions', () => {
    for (const altText of ['IMG_20261201_0932.jpg', 'foto', 'gambar 1', 'pasar']) expect(findingsOf(TEXT, 'accessibility.alt_text_poor', { media: [{ kind: 'image', altText }] }), altText).toHaveLength(1);
  });
});

describe('accessibility.text_in_image', () => {
  it('reminds to put a poster’s information in the text (warning for a thin text, hint otherwise)', () => {
    const media = [{ kind: 'image' as const, altText: 'Poster pasar murah berisi jadwal dan lokasi' }];
    expect(findingsOf('Cek jadwalnya di poster!', 'accessibility.text_in_image', { media })[0]!.severity).toBe('warning');
    const long = `${TEXT} Beras, minyak goreng, gula dan telur dijual lebih murah dari harga pasar. Bawa kantong belanja sendiri dan datang lebih awal karena stok terbatas.`;
    expect(findingsOf(long, 'accessibility.text_in_image', { media })[0]!.severity).toBe('info');
  });
  it('a photo is not a poster', () => {
    expect(findingsOf(TEXT, 'accessibility.text_in_image', { media: [{ kind: 'image', altText: 'Gubernur menyerahkan bantuan kepada nelayan di Pantai Padang' }] })).toEqual([]);
  });
});

describe('accessibility.hashtag_camelcase', () => {
  it('segments run-together hashtags and suggests CamelCase', () => {
    expect(segmentHashtag('sumbarmadani')).toEqual(['Sumbar', 'Madani']);
    expect(segmentHashtag('pasarmurahpadang')).toEqual(['Pasar', 'Murah', 'Padang']);
    expect(segmentHashtag('hut79sumbar')).toEqual(['HUT', '79', 'Sumbar']);
    expect(camelCaseSuggestion('sumbarmadani')).toBe('SumbarMadani');
    expect(camelCaseSuggestion('SUMBARMADANI')).toBe('SumbarMadani');
    expect(camelCaseSuggestion('umkmnaikkelas')).toBe('UMKMNaikKelas');
  });
  it('leaves CamelCase and single words alone', () => {
    for (const tag of ['SumbarMadani', 'PasarMurah', 'sumbar', 'Padang', 'HUT79Sumbar', 'vaksin']) expect(camelCaseSuggestion(tag), tag).toBeNull();
  });
  it('flags hashtags in the text (with a span) and in the hashtag list', () => {
    const t = `${TEXT} #sumbarmadani #PasarMurah`;
    const f = findingsOf(t, 'accessibility.hashtag_camelcase', { hashtags: ['pasarmurahpadang'] });
    expect(spanned(t, f)).toEqual(['#sumbarmadani']);
    expect(f.map((x) => x.fix.id)).toEqual(['Tulis dengan huruf kapital di awal tiap kata: #PasarMurahPadang.', 'Tulis dengan huruf kapital di awal tiap kata: #SumbarMadani.']);
  });
  it('a long unknown run-together tag gets a general suggestion', () => {
    expect(findingsOf(`${TEXT} #xyzabcqwertyuiop`, 'accessibility.hashtag_camelcase')[0]!.fix.en).toMatch(/e\.g\. #SumbarMadani/);
  });
});

describe('accessibility.emoji_overload', () => {
  it('flags more than three emoji in a row and too many in total', () => {
    const run = `${TEXT} 🎉🎉🎉🎉`;
    const f = findingsOf(run, 'accessibility.emoji_overload');
    expect(spanned(run, f)).toEqual(['🎉🎉🎉🎉']);
    const many = '📢 Pasar murah 🛒 Sabtu 📅 di Padang 📍 beras 🍚 minyak 🫒 gula 🍬 telur 🥚';
    expect(findingsOf(many, 'accessibility.emoji_overload')[0]!.message.en).toMatch(/^8 emoji/);
  });
  it('counts a family or flag emoji once and passes a few meaningful emoji', () => {
    expect(findingsOf('📅 Sabtu 📍 Padang 👨‍👩‍👧 keluarga 🇮🇩', 'accessibility.emoji_overload')).toEqual([]);
  });
});

describe('accessibility.all_caps and video_captions', () => {
  it('flags a run of capitalised words, not a run of known abbreviations', () => {
    const t = 'PENDAFTARAN BEASISWA DIBUKA HARI INI untuk siswa SMA dan SMK.';
    expect(spanned(t, findingsOf(t, 'accessibility.all_caps'))).toEqual(['PENDAFTARAN BEASISWA DIBUKA HARI INI']);
    expect(findingsOf('Siswa SMA SMK SLB ikut.', 'accessibility.all_caps')).toEqual([]);
  });
  it('reminds about captions for video', () => {
    expect(findingsOf(TEXT, 'accessibility.video_captions', { media: [{ kind: 'video', altText: null }] })).toHaveLength(1);
    expect(findingsOf(TEXT, 'accessibility.video_captions', { media: [{ kind: 'image', altText: 'Warga antre membeli beras murah' }] })).toEqual([]);
  });
});
