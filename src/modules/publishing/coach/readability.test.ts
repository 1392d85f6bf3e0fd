import { describe, expect, it } from 'vitest';
import { findPassives, isPassive } from './checks/readability.ts';
import { analyzeText } from './text.ts';
import { check, findingsOf, spanned } from './test-helpers.ts';

describe('sentences and words', () => {
  it('splits sentences at . ! ? and line breaks, not at abbreviations, initials, times or links', () => {
    const t = 'Rapat dimulai pukul 09.00 WIB di Jl. Jenderal Sudirman No. 51 Padang. Dipimpin oleh H. Mahyeldi, S.P. dan Dr. Ir. Ahmad.\nInfo: sumbarprov.go.id. Terima kasih!';
    const m = analyzeText(t);
    expect(m.sentences.map((s) => t.slice(s.start, s.end))).toEqual([
      'Rapat dimulai pukul 09.00 WIB di Jl. Jenderal Sudirman No. 51 Padang.',
      'Dipimpin oleh H. Mahyeldi, S.P. dan Dr. Ir. Ahmad.',
      'Info: sumbarprov.go.id.',
      'Terima kasih!',
    ]);
    expect(m.links.map((l) => l.url)).toEqual(['sumbarprov.go.id']);
  });

  it('counts reduplicated and hyphenated words as one, and leaves links, hashtags and mentions out', () => {
    const m = analyzeText('Anak-anak ikut vaksinasi COVID-19 #SumbarSehat @dinkes.sumbar https://dinkes.sumbarprov.go.id');
    expect(m.words.map((w) => w.text)).toEqual(['Anak-anak', 'ikut', 'vaksinasi', 'COVID-19']);
  });
});

describe('readability.long_sentence', () => {
  const long =
    'Pemerintah Provinsi Sumatera Barat melalui Dinas Kesehatan mengajak seluruh masyarakat yang memiliki balita untuk datang ke posyandu terdekat guna mendapatkan imunisasi dasar lengkap secara gratis karena imunisasi melindungi anak dari berbagai penyakit berbahaya.';
  it('flags a sentence over 25 words with its span', () => {
    const f = findingsOf(long, 'readability.long_sentence');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
    expect(spanned(long, f)).toEqual([long]);
    expect(f[0]!.message.id).toMatch(/33 kata \(batas 25\)/);
  });
  it('passes short sentences', () => {
    expect(findingsOf('Imunisasi dasar lengkap gratis untuk balita. Datang ke posyandu terdekat. Imunisasi melindungi anak dari penyakit berbahaya.', 'readability.long_sentence')).toEqual([]);
  });
  it('uses the admin threshold', () => {
    expect(findingsOf(long, 'readability.long_sentence', {}, { rules: {}, thresholds: { maxSentenceWords: 40 }, extraAbbreviations: [], allowedAbbreviations: [], extraPhrases: [] })).toEqual([]);
  });
});

describe('readability.avg_sentence_long and readability.long_words', () => {
  const officialese =
    'Dalam rangka penyelenggaraan pemerintahan yang akuntabel dan transparan, Pemerintah Provinsi Sumatera Barat melaksanakan pengoptimalisasian pemanfaatan teknologi informasi. Pelaksanaan kegiatan dimaksud diselenggarakan berdasarkan ketentuan peraturan perundang-undangan yang berlaku. Pertanggungjawaban pengelolaan keuangan daerah dilaksanakan secara berkesinambungan.';
  it('flags long words on average in officialese, naming the longest', () => {
    const f = findingsOf(officialese, 'readability.long_words');
    expect(f).toHaveLength(1);
    expect(f[0]!.message.en).toMatch(/pertanggungjawaban/);
  });
  it('passes plain words', () => {
    const plain = 'Pasar murah digelar lagi! Beras, minyak goreng, dan gula dijual lebih murah dari harga pasar. Datang hari Sabtu jam 8 pagi di Lapangan Imam Bonjol, Padang. Bawa kantong belanja sendiri ya.';
    expect(findingsOf(plain, 'readability.long_words')).toEqual([]);
    expect(findingsOf(plain, 'readability.avg_sentence_long')).toEqual([]);
  });
  it('flags a long average sentence length over three or more sentences', () => {
    const s = 'Warga yang ingin mendaftar program bantuan rumah layak huni harus membawa fotokopi kartu keluarga dan surat keterangan dari wali nagari setempat ke kantor camat';
    const f = findingsOf(`${s}. ${s}. ${s}.`, 'readability.avg_sentence_long');
    expect(f).toHaveLength(1);
  });
});

describe('readability.passive_voice', () => {
  it('tells the di- passive from the preposition "di" and from nouns starting with "di"', () => {
    for (const w of ['dibuka', 'ditutup', 'dilaksanakan', 'dihadiri', 'diharapkan', 'diperpanjang', 'dimulai', 'disampaikannya', 'di-update']) expect(isPassive(w), w).toBe(true);
    for (const w of ['di', 'dinas', 'Dinas', 'digital', 'diskusi', 'diri', 'dia', 'Disdik', 'dimana', 'dirumah', 'dipadang', 'direktur', 'disabilitas', 'dirgahayu']) expect(isPassive(w, new Map([['disdik', 1]])), w).toBe(false);
    const m = analyzeText('Pendaftaran dibuka di rumah sakit dan di kantor Dinas Kesehatan.');
    expect(findPassives(m).map((w) => w.text)).toEqual(['dibuka']);
  });
  it('flags a sentence with two or more passive verbs, not one with a single passive', () => {
    const t = 'Pendaftaran dibuka hari ini dan ditutup pada 28 November. Kegiatan digelar di Aula Kantor Gubernur.';
    const f = findingsOf(t, 'readability.passive_voice');
    expect(f).toHaveLength(1);
    expect(spanned(t, f)).toEqual(['Pendaftaran dibuka hari ini dan ditutup pada 28 November.']);
    expect(f[0]!.message.id).toMatch(/dibuka, ditutup/);
  });
  it('does not count "di rumah", "di kantor" as passives', () => {
    expect(findingsOf('Warga di rumah dan di kantor dapat mengikuti siaran di YouTube.', 'readability.passive_voice')).toEqual([]);
  });
});

describe('readability.bureaucratic_phrase', () => {
  it('flags letter officialese with a plainer alternative', () => {
    const t = 'Bersama ini kami sampaikan bahwa dalam rangka HUT ke-80 RI, kantor tutup. Adapun layanan daring tetap buka guna melayani warga.';
    const f = findingsOf(t, 'readability.bureaucratic_phrase');
    expect(spanned(t, f)).toEqual(['Bersama ini kami sampaikan', 'dalam rangka', 'Adapun', 'guna']);
    expect(f[1]!.fix.id).toBe('Ganti dengan "untuk".');
    expect(f[0]!.fix.id).toMatch(/Hapus saja/);
  });
  it('leaves "tepat guna" and plain text alone', () => {
    expect(findingsOf('Teknologi tepat guna untuk petani. Kantor tutup pada HUT RI.', 'readability.bureaucratic_phrase')).toEqual([]);
  });
  it('includes the phrases admins add', () => {
    const s = { rules: {}, thresholds: {}, extraAbbreviations: [], allowedAbbreviations: [], extraPhrases: [{ phrase: 'menginformasikan kepada', suggestion: 'memberi tahu' }] };
    const f = findingsOf('Kami menginformasikan kepada warga bahwa jalan ditutup.', 'readability.bureaucratic_phrase', {}, s);
    expect(f.map((x) => x.fix.id)).toEqual(['Ganti dengan "memberi tahu".']);
  });
});

describe('readability.di_spacing', () => {
  it('suggests writing the prefix together and the preposition apart', () => {
    const t = 'Kegiatan di laksanakan dirumah warga dan dimana saja.';
    const f = findingsOf(t, 'readability.di_spacing');
    expect(spanned(t, f)).toEqual(['di laksanakan', 'dirumah', 'dimana']);
    expect(f.map((x) => x.fix.id)).toEqual(['Tulis "dilaksanakan".', 'Tulis "di rumah".', 'Tulis "di mana".']);
  });
  it('passes correct spelling', () => {
    expect(findingsOf('Kegiatan dilaksanakan di rumah warga dan di kantor camat. Data di data BPS.', 'readability.di_spacing')).toEqual([]);
  });
});

it('a clear announcement has no readability findings', () => {
  const t = 'Pasar murah hadir lagi di Padang! Beras, minyak goreng dan gula dijual lebih murah. Datang Sabtu, 6 Desember 2026, pukul 08.00 WIB di Lapangan Imam Bonjol.';
  expect(check(t).findings.filter((f) => f.rule.startsWith('readability.'))).toEqual([]);
});
