// Content-coach micro-benchmark: prints one JSON object with the median microseconds per coach() call for
// realistic Indonesian announcements cut or padded to 150, 600 and 2,000 characters, checked for all seven
// channels with one image and a campaign. Pure CPU, one thread; no database.
// Run: npm run bench -- coach   (or: taskset -c 1 ./node_modules/.bin/node bench/coach.ts)
import { coach, type CoachInput, type CoachSettings } from '../src/modules/publishing/coach/index.ts';

const SAMPLES = [
  'Dalam rangka memperingati Hari Disabilitas Internasional, Dinas Sosial Provinsi Sumatera Barat akan menggelar Bimtek pemberdayaan ekonomi bagi penyandang disabilitas pada Senin, 1 Desember 2026 pukul 09.00 WIB di Aula Kantor Gubernur, Jl. Jenderal Sudirman No. 51 Padang. Pendaftaran dibuka mulai hari ini dan ditutup pada 28 November 2026. Informasi: hubungi (0751) 7055292 atau kunjungi https://dinsos.sumbarprov.go.id/bimtek 🎉 #HariDisabilitas #sumbarmadani',
  'Waspada cuaca ekstrem! BMKG memperkirakan hujan lebat disertai angin kencang di wilayah pesisir Sumatera Barat hingga Jumat. Warga di Kabupaten Pesisir Selatan, Padang Pariaman dan Kota Padang diimbau menjauhi bantaran sungai. Keadaan darurat? Hubungi Pusdalops BPBD di 112. Info resmi: https://bpbd.sumbarprov.go.id',
  'Pemutihan denda PKB 100% kembali hadir! Bapenda Sumatera Barat membebaskan denda pajak kendaraan bermotor sampai 31 Desember 2026. Bawa KTP dan STNK asli ke kantor Samsat terdekat. Ayo lunasi pajakmu dan jadilah warga taat pajak. #PajakKitaUntukKita',
  'Pasar murah hadir lagi di Padang! Dinas Perindustrian dan Perdagangan (Disperindag) menjual beras, minyak goreng, gula dan telur di bawah harga pasar. 📅 Sabtu, 6 Desember 2026, pukul 08.00–12.00 WIB 📍 Lapangan Imam Bonjol. Bawa kantong belanja sendiri. Satu orang paling banyak dua paket.',
  'Gubernur Sumatera Barat meninjau langsung pelaksanaan vaksinasi di Kabupaten Agam. Sebanyak 2.000 warga telah menerima vaksin dosis pertama dan angka cakupan naik 12 persen. Dalam sambutannya, gubernur meminta petugas mempercepat pelayanan agar masyarakat tidak menunggu terlalu lama.',
];

function textOf(n: number, i: number): string {
  let t = '';
  for (let k = i; t.length < n; k++) t += (t ? '\n\n' : '') + SAMPLES[k % SAMPLES.length]!;
  return t.slice(0, n);
}

const SETTINGS: CoachSettings = {
  rules: { 'readability.passive_voice': { enabled: false }, 'readability.bureaucratic_phrase': { severity: 'warning' } },
  thresholds: { maxSentenceWords: 22 },
  extraAbbreviations: [{ abbr: 'SiPadu', expansion: 'Sistem Informasi Pelayanan Terpadu' }],
  allowedAbbreviations: ['PKB'],
  extraPhrases: [{ phrase: 'menginformasikan kepada', suggestion: 'memberi tahu' }],
};

const median = (a: number[]): number => a.slice().sort((x, y) => x - y)[a.length >> 1]!;

function measure(size: number): { median_us: number; median_cpu_us: number; p90_us: number; findings_avg: number } {
  const inputs: CoachInput[] = SAMPLES.map((_, i) => ({
    text: textOf(size, i),
    title: 'Pengumuman',
    channels: ['facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok'],
    media: [{ kind: 'image', altText: 'Poster kegiatan berisi jadwal dan lokasi' }],
    hashtags: ['SumbarMadani'],
    campaign: { keyMessage: 'Sumbar Madani: pelayanan publik yang cepat, ramah dan terbuka', hashtags: ['#SumbarMadani'] },
  }));
  let findings = 0;
  for (let i = 0; i < 2000; i++) findings += coach(inputs[i % inputs.length]!, SETTINGS).findings.length;
  // per-call times of batches of 50 calls (timer resolution), over 1.5 s: wall time and this process's CPU time
  const wall: number[] = [];
  const cpu: number[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < 1500) {
    const b = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < 50; i++) coach(inputs[i % inputs.length]!, SETTINGS);
    const c = process.cpuUsage(c0);
    wall.push(((performance.now() - b) / 50) * 1000);
    cpu.push((c.user + c.system) / 50);
  }
  const sorted = wall.slice().sort((a, b) => a - b);
  return {
    median_us: Math.round(median(wall)),
    median_cpu_us: Math.round(median(cpu)),
    p90_us: Math.round(sorted[Math.floor(sorted.length * 0.9)]!),
    findings_avg: Math.round((findings / 2000) * 10) / 10,
  };
}

const out: Record<string, unknown> = { bench: 'coach', node: process.version, channels: 7, runs_of: 50 };
for (const size of [150, 600, 2000]) out[`chars_${size}`] = measure(size);
out['target'] = '< 2,000 µs per check at 2,000 characters';
out['load_average'] = (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10);
out['note'] = 'median (and p90) of wall-clock per-call times, and median of CPU time per call, in batches of 50 calls over 1.5 s after 2,000 warm-up calls; five realistic announcements cycled; all seven channels, one image, a campaign and tuned settings; one thread';
console.log(JSON.stringify(out, null, 2));
