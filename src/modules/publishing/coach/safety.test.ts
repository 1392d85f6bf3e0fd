import { describe, expect, it } from 'vitest';
import { findingsOf, spanned } from './test-helpers.ts';

const pd = (t: string, extra = {}) => findingsOf(t, 'safety.personal_data', extra);

describe('safety.personal_data', () => {
  it('a NIK in the text is an error', () => {
    const t = 'Bantuan untuk Ibu Rosna, NIK 1371055203800002, sudah disalurkan.';
    const f = pd(t);
    expect(f.map((x) => x.severity)).toEqual(['error']);
    expect(spanned(t, f)).toEqual(['1371055203800002']);
    expect(f[0]!.message.id).not.toContain('1371055203800002');
  });
  it('a private person’s mobile number is a warning; an office or hotline number is fine', () => {
    expect(pd('Informasi: hubungi Pak Rizal 0812-6677-8899.').map((x) => x.severity)).toEqual(['warning']);
    expect(pd('Narahubung: Rina 081266778899').map((x) => x.severity)).toEqual(['warning']);
    expect(pd('Informasi: WhatsApp layanan 0812-6677-8899 atau (0751) 7055292.')).toEqual([]);
    expect(pd('Keadaan darurat? Hubungi call center 112.')).toEqual([]);
    expect(pd('Hubungi Layanan Samsat 0812-6677-8899.')).toEqual([]);
  });
  it('a home address is a warning, a venue address is fine', () => {
    expect(pd('Rumah warga di Jl. Melati No. 12, RT 02/RW 05, Kelurahan Jati, terdampak banjir.').map((x) => x.severity)).toEqual(['warning']);
    expect(pd('Acara di Aula Kantor Gubernur, Jl. Jenderal Sudirman No. 51 Padang.')).toEqual([]);
  });
  it('vehicle plates are flagged', () => {
    expect(pd('Mobil BA 1234 XY terparkir di bahu jalan.').map((x) => x.severity)).toEqual(['warning']);
  });
  it('checks alt texts too: numbers, and photos of identity documents', () => {
    const f = pd('Pendataan penerima bantuan.', { media: [{ kind: 'image', altText: 'Foto KTP warga dengan NIK 1371055203800002' }] });
    expect(f.map((x) => x.severity).sort()).toEqual(['error', 'warning']);
    expect(f.every((x) => !x.span)).toBe(true);
  });
  it('an announcement with an official contact passes', () => {
    expect(pd('Pendaftaran dibuka sampai 30 November. Informasi: humas@sumbarprov.go.id atau (0751) 7055292.')).toEqual([]);
  });
});

describe('safety.sara', () => {
  it('flags loaded labels with their category, as a hint', () => {
    const t = 'Pedagang orang cina dan pribumi diminta tertib.';
    const f = findingsOf(t, 'safety.sara');
    expect(spanned(t, f)).toEqual(['orang cina', 'pribumi']);
    expect(f[0]!.message.id).toMatch(/\(suku\)/);
    expect(f[0]!.fix.id).toMatch(/^Periksa kembali; pertimbangkan: warga Tionghoa/);
    expect(f[1]!.message.en).toMatch(/\(race\)/);
  });
  it('a group named next to a negative attribute reads as generalising (info)', () => {
    const t = 'Pelaku pencurian diduga pendatang dari luar daerah.';
    const f = findingsOf(t, 'safety.sara');
    expect(f.map((x) => x.severity)).toEqual(['info']);
    expect(f[0]!.message.id).toMatch(/antargolongan: "pendatang"/);
  });
  it('naming a group neutrally is fine', () => {
    expect(findingsOf('Selamat merayakan Natal bagi umat Kristen dan Selamat Tahun Baru Imlek bagi warga Tionghoa.', 'safety.sara')).toEqual([]);
  });
});

describe('safety.non_inclusive', () => {
  it('suggests the respectful term', () => {
    const t = 'Bantuan kursi roda untuk orang cacat.';
    const f = findingsOf(t, 'safety.non_inclusive');
    expect(spanned(t, f)).toEqual(['orang cacat']);
    expect(f[0]!.fix.id).toBe('Gunakan "penyandang disabilitas".');
  });
  it('"cacat hukum" is a legal term, not about people', () => {
    expect(findingsOf('Keputusan itu cacat hukum.', 'safety.non_inclusive')).toEqual([]);
    expect(findingsOf('Bantuan untuk penyandang disabilitas.', 'safety.non_inclusive')).toEqual([]);
  });
});

describe('safety.unverified_claim and safety.statistic_without_source', () => {
  it('flags absolute claims: a warning without a link, a hint with one, nothing when the sentence names its source', () => {
    expect(findingsOf('Vaksin ini 100% aman dan terbukti ampuh.', 'safety.unverified_claim').map((x) => x.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(findingsOf('Vaksin ini terbukti aman. Baca: https://dinkes.sumbarprov.go.id/vaksin', 'safety.unverified_claim').map((x) => x.severity)).toEqual(['info']);
    expect(findingsOf('Menurut uji klinis BPOM, vaksin ini terbukti aman.', 'safety.unverified_claim')).toEqual([]);
  });
  it('flags statistics without a source, not policy figures', () => {
    const t = 'Angka stunting turun 12,5 persen. Sebanyak 1.200 kasus DBD tercatat.';
    expect(spanned(t, findingsOf(t, 'safety.statistic_without_source'))).toEqual(['12,5 persen', '1.200 kasus']);
    expect(findingsOf('Menurut data BPS, kemiskinan turun 2%.', 'safety.statistic_without_source')).toEqual([]);
    expect(findingsOf('Pemutihan denda PKB 100% sampai Desember.', 'safety.statistic_without_source')).toEqual([]);
  });
});
