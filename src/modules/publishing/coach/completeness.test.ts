import { describe, expect, it } from 'vitest';
import { detectPostType, findCues } from './checks/completeness.ts';
import { analyzeText } from './text.ts';
import { check, findingsOf } from './test-helpers.ts';

const cues = (t: string, title = '') => findCues(analyzeText(t), title);
const rulesOf = (t: string, extra = {}) => check(t, extra).findings.filter((f) => f.rule.startsWith('completeness.')).map((f) => `${f.rule}:${f.severity}`).sort();

describe('post types', () => {
  it('recognises events, services, warnings, greetings and general information', () => {
    expect(detectPostType('Dinas Pariwisata akan menggelar Festival Pesona Minangkabau di Batusangkar. Hadirilah bersama keluarga!')).toBe('event');
    expect(detectPostType('Pendaftaran beasiswa Sumbar Cerdas dibuka. Syarat: rapor dua semester terakhir dan kartu keluarga.')).toBe('service');
    expect(detectPostType('Waspada! BMKG memperkirakan cuaca ekstrem dan potensi banjir di pesisir selatan hingga Jumat.')).toBe('warning');
    expect(detectPostType('Selamat Hari Guru Nasional! Terima kasih untuk seluruh guru di Sumatera Barat.')).toBe('greeting');
    expect(detectPostType('Gubernur meninjau pembangunan jalan provinsi di Kabupaten Solok.')).toBe('info');
  });
  it('reads a report of an event that already happened as information, and a salutation is not a greeting post', () => {
    expect(detectPostType('Kegiatan bimtek telah berlangsung kemarin di Padang. Gubernur menghadiri dan menyerahkan sertifikat.')).toBe('info');
    expect(detectPostType('Selamat pagi, Sahabat! Besok ada pasar murah di Lapangan Imam Bonjol. Datang ya!')).toBe('event');
  });
  it('"program" or "layanan" alone does not make a service notice', () => {
    expect(detectPostType('Program pembangunan jalan berjalan sesuai rencana.')).toBe('info');
  });
});

describe('when/where/contact/call-to-action cues', () => {
  it('finds Indonesian date and time expressions', () => {
    for (const t of ['Senin, 1 Desember 2026', 'pukul 09.00 WIB', 'besok pagi', 'tanggal 5', '1-3 Des', '05/12/2026', 'mulai 09.30 WIB', 'paling lambat Jumat', 'pada bulan Desember', 'jam 8 pagi']) expect(cues(`Acara ${t} nanti.`).when, t).not.toBeNull();
    expect(cues('Acara untuk warga kota.').when).toBeNull();
  });
  it('finds places: venues, streets, kab/kota names, online events', () => {
    for (const t of ['di Aula Kantor Gubernur', 'Jl. Khatib Sulaiman No. 3', 'di Lubuk Basung', 'Kota Bukittinggi', 'secara daring lewat Zoom', 'bertempat di halaman kantor', 'Lapangan Imam Bonjol', 'di GOR H. Agus Salim']) expect(cues(`Kegiatan ${t}.`).where, t).not.toBeNull();
    expect(cues('Kegiatan di hari Senin untuk semua.').where).toBeNull();
  });
  it('finds contacts and calls to action', () => {
    expect(cues('Informasi: (0751) 7055292').contact).not.toBeNull();
    expect(cues('Hubungi call center 112.').contact).not.toBeNull();
    expect(cues('Kirim e-mail ke humas@sumbarprov.go.id').contact).not.toBeNull();
    expect(cues('Pengumuman untuk warga.').contact).toBeNull();
    expect(cues('Yuk daftar sekarang!').cta).not.toBeNull();
    expect(cues('Pengumuman untuk warga.').cta).toBeNull();
  });
  it('counts the title too', () => {
    expect(cues('Datang bersama keluarga.', 'Pasar Murah, Sabtu 6 Desember di Padang').when).not.toBeNull();
  });
});

describe('completeness findings by post type', () => {
  it('an event without time and place gets both warnings', () => {
    expect(rulesOf('Dinas Pariwisata akan menggelar festival kuliner untuk warga. Hadirilah bersama keluarga dan teman-teman Anda!')).toEqual([
      'completeness.missing_contact:info',
      'completeness.missing_source:info',
      'completeness.missing_when:warning',
      'completeness.missing_where:warning',
    ]);
  });
  it('a complete event announcement passes', () => {
    const t =
      'Dinas Pariwisata menggelar Festival Kuliner Minang pada Sabtu, 6 Desember 2026, pukul 09.00 WIB di Lapangan Imam Bonjol, Padang. Ayo datang bersama keluarga! Informasi: (0751) 7055292 atau https://dispar.sumbarprov.go.id/festival';
    expect(rulesOf(t)).toEqual([]);
  });
  it('a service notice needs a deadline, contact, call to action and an official link', () => {
    const t = 'Pendaftaran beasiswa Sumbar Cerdas untuk siswa SMA sederajat kini dibuka. Syarat: rapor dua semester terakhir dan kartu keluarga.';
    expect(rulesOf(t)).toEqual([
      'completeness.missing_contact:warning',
      'completeness.missing_cta:warning',
      'completeness.missing_source:warning',
      'completeness.missing_when:warning',
    ]);
  });
  it('general information asks only for a source link (as a hint), a greeting for nothing', () => {
    expect(rulesOf('Gubernur meninjau pembangunan jalan provinsi di Kabupaten Solok bersama Kepala Dinas Bina Marga.')).toEqual(['completeness.missing_source:info']);
    expect(rulesOf('Selamat Hari Guru Nasional!')).toEqual([]);
  });
  it('a very short text does not say what', () => {
    expect(findingsOf('Info penting hari ini!', 'completeness.missing_what')).toHaveLength(1);
  });
  it('the author may set the post type', () => {
    expect(rulesOf('Kegiatan bimtek telah berlangsung kemarin. Gubernur menghadiri dan menyerahkan sertifikat kepada peserta.', { postType: 'event' })).toContain('completeness.missing_where:warning');
    expect(check('Halo', { postType: 'greeting' }).stats).toMatchObject({ postType: 'greeting', postTypeGiven: true });
  });
  it('prefers official links: a shortener or a non-.go.id domain is a hint', () => {
    const base = 'Pendaftaran beasiswa dibuka sampai 30 November 2026. Daftar segera dan hubungi (0751) 123456. Formulir: ';
    expect(findingsOf(`${base}bit.ly/beasiswa-sumbar`, 'completeness.source_unofficial')[0]!.message.en).toMatch(/shortener \(bit\.ly\)/);
    expect(findingsOf(`${base}https://beasiswa-sumbar.com/daftar`, 'completeness.source_unofficial')).toHaveLength(1);
    expect(findingsOf(`${base}https://disdik.sumbarprov.go.id/beasiswa`, 'completeness.source_unofficial')).toEqual([]);
  });
});
