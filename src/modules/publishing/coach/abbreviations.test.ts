import { describe, expect, it } from 'vitest';
import { baseOf, isExplained, spellsOut } from './checks/abbreviations.ts';
import { EMPTY_SETTINGS } from './types.ts';
import { findingsOf, spanned } from './test-helpers.ts';

const unexplained = (t: string, settings = EMPTY_SETTINGS) => spanned(t, findingsOf(t, 'abbreviation.unexplained', {}, settings));
const unknown = (t: string, settings = EMPTY_SETTINGS) => spanned(t, findingsOf(t, 'abbreviation.unknown', {}, settings));

describe('abbreviation.unexplained', () => {
  it('flags a dictionary abbreviation at first use and suggests its expansion', () => {
    const t = 'Bimtek admin media sosial OPD digelar besok. Peserta Bimtek membawa laptop.';
    const f = findingsOf(t, 'abbreviation.unexplained');
    expect(spanned(t, f)).toEqual(['Bimtek', 'OPD']);
    expect(f[0]!.fix.id).toBe('Tulis kepanjangannya pada penyebutan pertama: "bimbingan teknis (Bimtek)"; sesudahnya cukup "Bimtek".');
    expect(f[1]!.fix.en).toMatch(/organisasi perangkat daerah \(OPD\)/);
  });

  it('accepts "expansion (ABBR)", "ABBR (expansion)" and the expansion written earlier', () => {
    expect(unexplained('Seluruh organisasi perangkat daerah (OPD) wajib hadir. Setiap OPD mengirim dua orang.')).toEqual([]);
    expect(unexplained('Bimtek (bimbingan teknis) untuk admin media sosial digelar besok.')).toEqual([]);
    expect(unexplained('Badan Pendapatan Daerah membuka layanan pemutihan. Kantor Bapenda buka sampai pukul 16.00.')).toEqual([]);
    expect(unexplained('Pemerintah Provinsi Sumatera Barat (Pemprov Sumbar) mengundang warga.')).toEqual([]);
    expect(unexplained('Pelatihan bagi usaha mikro, kecil, dan menengah (selanjutnya disebut UMKM) dibuka.')).toEqual([]);
  });

  it('flags the first use even when a later use is explained', () => {
    const t = 'UMKM binaan ikut pameran. Pelaku usaha mikro, kecil, dan menengah (UMKM) dapat mendaftar.';
    expect(unexplained(t)).toEqual(['UMKM']);
  });

  it('passes well-known abbreviations and academic titles', () => {
    expect(unexplained('Upacara HUT ke-81 RI pukul 08.00 WIB. Bawa KTP dan KK. Narasumber: Ir. Budi Santoso, MT dan dr. Rina, SpA.')).toEqual([]);
    expect(unknown('Upacara HUT ke-81 RI pukul 08.00 WIB. Bawa KTP dan KK. Narasumber: Ir. Budi Santoso, MT dan dr. Rina, SpA.')).toEqual([]);
  });

  it('matches all-caps dictionary entries only in capitals, so ordinary words are not abbreviations', () => {
    expect(unexplained('Pad kaki dan kur ayam bukan singkatan.')).toEqual([]);
    expect(unexplained('Target PAD tahun ini naik.')).toEqual(['PAD']);
    expect(unexplained('Peserta bimtek berkumpul.')).toEqual(['bimtek']);
  });

  it('reads reduplicated and possessive forms: OPD-OPD, OPD-nya', () => {
    expect(baseOf('OPD-OPD')).toBe('OPD');
    expect(baseOf('OPD-nya')).toBe('OPD');
    expect(baseOf('COVID-19')).toBe('COVID-19');
    expect(unexplained('OPD-OPD diminta hadir.')).toEqual(['OPD']);
  });

  it('uses the abbreviations and allowances admins add', () => {
    const s = { ...EMPTY_SETTINGS, extraAbbreviations: [{ abbr: 'SiPadu', expansion: 'Sistem Informasi Pelayanan Terpadu' }], allowedAbbreviations: ['OPD'] };
    const t = 'Daftar lewat SiPadu. Semua OPD siap.';
    const f = findingsOf(t, 'abbreviation.unexplained', {}, s);
    expect(spanned(t, f)).toEqual(['SiPadu']);
    expect(f[0]!.fix.id).toMatch(/Sistem Informasi Pelayanan Terpadu \(SiPadu\)/);
  });
});

describe('abbreviation.unknown', () => {
  it('flags an unknown all-caps acronym, not shouted words or roman numerals', () => {
    expect(unknown('Program SIGAP-BM diluncurkan di Cabang Dinas Wilayah IV.')).toEqual(['SIGAP-BM']);
    expect(unknown('PENDAFTARAN DIBUKA HARI INI untuk kelas VII.')).toEqual([]);
    expect(unknown('Layanan GRATIS!')).toEqual([]);
  });
  it('accepts an acronym spelled out in brackets', () => {
    expect(unknown('Gerakan Sumbar Bersih (GSB) dimulai besok.')).toEqual([]);
    expect(unknown('GSB (Gerakan Sumbar Bersih) dimulai besok.')).toEqual([]);
  });
});

describe('explanation heuristics', () => {
  it('spells out an acronym from the words before it', () => {
    expect(spellsOut('OPD', ['seluruh', 'organisasi', 'perangkat', 'daerah'])).toBe(true);
    expect(spellsOut('Bimtek', ['bimbingan', 'teknis'])).toBe(true);
    expect(spellsOut('ASN', ['pegawai', 'negeri'])).toBe(false);
  });
  it('isExplained looks at both bracket forms and earlier text', () => {
    const t = 'Kegiatan diikuti pegawai (ASN).';
    expect(isExplained(t, t.indexOf('ASN'), t.indexOf('ASN') + 3, 'ASN', { abbr: 'ASN', expansion: 'aparatur sipil negara' })).toBe(false);
  });
});
