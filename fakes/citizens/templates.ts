// Message templates of the simulated citizenry, written for Dayung (not taken from any corpus).
// Each template carries its labels; {slots} are filled by generate.ts.
//
// Slots: {place} {area} {school} {rsud} {rs_special} {natroad} {n} {days} {weeks} {months} {years} {amount}
//        {name} {phone} {nik} {email} {address} {plate} {handle} {brand} {brand_fancy} {link}
//        {friend} {time} {emoji_angry} {emoji_sad} {emoji_happy}
// opd: an OPD code from opd.json, "OUTSIDE:<who>" (not provincial authority), "@rsud"/"@rs" (the
// hospital of the {rsud} / {rs_special} slot) or null.

export type Intent = 'complaint' | 'question' | 'aspiration' | 'praise' | 'spam' | 'abuse' | 'other';
export type Lang = 'id' | 'min' | 'mixed' | 'en';
export type Style = 'plain' | 'sarcasm' | 'judol' | 'scam' | 'promo' | 'emergency' | 'pungli' | 'followup';

export interface Template {
  id: string;
  intent: Intent;
  style: Style;
  opd: string | null;
  /** outside-authority.json id when the matter is not (only) provincial */
  outside?: string;
  topic: string;
  lang: Lang;
  sentiment: 'positive' | 'neutral' | 'negative';
  urgency: 'high' | 'medium' | 'low';
  /** fits private channels only (DM, WhatsApp, Telegram) - typically because it carries personal data */
  privateOnly?: boolean;
  texts: string[];
}

type Labels = Omit<Template, 'id' | 'texts' | 'style'> & { style?: Style };

const all: Template[] = [];
function t(id: string, labels: Labels, texts: string[]): void {
  all.push({ id, style: 'plain', ...labels, texts });
}
const C = (opd: string | null, topic: string, lang: Lang, urgency: Template['urgency'] = 'medium', extra: Partial<Labels> = {}): Labels => ({ intent: 'complaint', opd, topic, lang, sentiment: 'negative', urgency, ...extra });
const Q = (opd: string | null, topic: string, lang: Lang, extra: Partial<Labels> = {}): Labels => ({ intent: 'question', opd, topic, lang, sentiment: 'neutral', urgency: 'low', ...extra });
const A = (opd: string | null, topic: string, lang: Lang, extra: Partial<Labels> = {}): Labels => ({ intent: 'aspiration', opd, topic, lang, sentiment: 'neutral', urgency: 'low', ...extra });
const P = (opd: string | null, topic: string, lang: Lang, extra: Partial<Labels> = {}): Labels => ({ intent: 'praise', opd, topic, lang, sentiment: 'positive', urgency: 'low', ...extra });

// ---------------------------------------------------------------------------------------------
// Roads

t('road-prov-id', C('BMCKTR', 'jalan_provinsi_rusak', 'id'), [
  'Pak, jalan provinsi di {area} {place} rusak parah, lubangnya dalam banget. Udah {months} bulan gak ada perbaikan {emoji_angry}',
  'Mohon perhatiannya {handle}, ruas jalan provinsi di daerah {area} ({place}) banyak lubang, kemarin ada pengendara motor jatuh',
  'jalan provinsi ke arah {area} kayak kubangan kerbau kalau hujan. kapan diaspal ulang pak?',
  'Sudah {n} kali lapor soal jalan provinsi rusak di {area}, {place}. Tolong jangan cuma disurvei terus',
  'Drainase jalan provinsi di {area} tersumbat, tiap hujan air naik ke badan jalan. Tolong dinas terkait turun',
]);
t('road-prov-min', C('BMCKTR', 'jalan_provinsi_rusak', 'min'), [
  'Pak, jalan provinsi di {area} lah rusak bana, lubangnyo gadang-gadang. Baa caro kami ka pai ka pasa?',
  'alah {months} bulan jalan di {area} {place} ko indak diperbaiki, oto jo honda samo-samo takuik lewat',
  'jalan provinsi dakek {area} tu lah mode kolam ikan kini, tolong lah diurus pak',
]);
t('road-prov-mixed', C('BMCKTR', 'jalan_provinsi_rusak', 'mixed'), [
  'Seriously jalan provinsi di {area} {place} ini udah gak layak, banyak lubang & gelap. Please diperbaiki ASAP',
  'jalan provinsi ka {area} rusak parah bro, literally tiap hari ada yang jatuh. pemprov mana nih?',
]);
t('road-nat-id', C('OUTSIDE:BPJN', 'jalan_nasional', 'id', 'medium', { outside: 'jalan_nasional' }), [
  'Jalan di {natroad} makin parah, aspal bergelombang dan truk sering terguling. Kapan ditangani?',
  'Tolong {handle} teruskan ke yang berwenang, di {natroad} ada longsoran kecil menutup setengah badan jalan',
  'Lewat {natroad} tadi malam gelap total, rambu banyak yang hilang. Bahaya buat pengendara',
]);
t('road-nat-min', C('OUTSIDE:BPJN', 'jalan_nasional', 'min', 'medium', { outside: 'jalan_nasional' }), [
  'jalan di {natroad} ko baa kaba pak? lah lamo bana rusak, oto gadang acok tagalincia',
]);
t('road-kab-id', C('OUTSIDE:KABKOTA', 'jalan_kabkota', 'id', 'low', { outside: 'jalan_kabkota' }), [
  'Jalan lingkungan di kompleks kami di {area} rusak, gang juga becek. Ini ke pemprov atau ke kota ya?',
  'lampu jalan di {area} {place} mati udah {weeks} minggu, gelap gulita kalau malam',
  'Trotoar di {area} {place} hancur, pejalan kaki terpaksa turun ke jalan',
]);
t('road-kab-min', C('OUTSIDE:KABKOTA', 'jalan_kabkota', 'min', 'low', { outside: 'lampu_jalan' }), [
  'lampu jalan di kampuang kami di {area} mati sajak sabulan, kalam bana kalau malam',
]);

// ---------------------------------------------------------------------------------------------
// Education

t('sma-levy-id', C('DISDIK', 'pungutan_sma', 'id', 'medium', { style: 'pungli' }), [
  'Pak, di salah satu SMA negeri di {place} anak saya diminta uang komite {amount} per bulan. Katanya sekolah gratis?',
  'Mau tanya, wajar gak SMK negeri minta sumbangan pembangunan {amount}? kalau gak bayar rapor ditahan {emoji_sad}',
  'Tolong Disdik cek, ada SMA negeri di {area} yang wajibkan beli seragam di sekolah dengan harga mahal',
]);
t('sma-levy-min', C('DISDIK', 'pungutan_sma', 'min', 'medium', { style: 'pungli' }), [
  'anak ambo di SMA negeri di {place} disuruah bayia uang komite {amount}, dari ma kami dapek pitih sabanyak tu pak?',
]);
t('spmb-id', C('DISDIK', 'spmb_sma', 'id', 'medium'), [
  'Anak saya gak lolos SPMB SMA padahal rumah cuma {n}00 meter dari {school}. Sistem zonasinya gimana sih?',
  'website SPMB SMA error terus dari pagi, gak bisa upload dokumen. Batas waktunya besok {emoji_angry}',
  'Kenapa jalur domisili SMA di {place} banyak yang pakai KK numpang? Yang asli warga sekitar malah gak masuk',
]);
t('spmb-min', C('DISDIK', 'spmb_sma', 'min', 'medium'), [
  'anak ambo indak lulus SPMB di {school}, padahal rumah dakek bana. baa ko pak?',
  'web SPMB SMA eror taruih, lah sajak subuah mancubo daftar indak bisa juo',
]);
t('smk-teacher-id', C('DISDIK', 'guru_sma', 'id', 'medium'), [
  'Guru honorer di {school} belum terima honor {months} bulan. Tolong diperhatikan, kami juga punya keluarga',
  'Kelas di {school} atapnya bocor, kalau hujan siswa pindah ke mushalla. Mohon direhab',
]);
t('sd-outside', C('OUTSIDE:KABKOTA', 'pendidikan_dasar', 'id', 'low', { outside: 'pendidikan_dasar' }), [
  'Pak, SD negeri di {area} minta uang perpisahan {amount}, ini ke dinas mana ya melapornya?',
  'PPDB SMP di {place} kacau, anak saya gak dapat sekolah. Tolong pemprov tegur',
]);
t('slb-q', Q('DISDIK', 'slb', 'id'), [
  'Mau tanya pendaftaran SLB negeri di {place} kapan dibuka? anak saya berkebutuhan khusus',
]);

// ---------------------------------------------------------------------------------------------
// Health

t('rsud-queue-id', C('@rsud', 'antrean_rsud', 'id', 'medium'), [
  'Antrean poli di {rsud} dari jam 6 pagi sampai jam 2 siang belum dipanggil juga. Pasien lansia kasihan',
  'Pelayanan IGD {rsud} lambat banget, ayah saya sesak nafas nunggu {n} jam baru ditangani {emoji_angry}',
  'Ibu saya pasien BPJS ditolak rawat inap di {rsud} katanya kamar penuh, padahal kondisinya parah',
  'parkiran {rsud} semrawut, juru parkirnya minta {amount} padahal ada karcis resmi',
]);
t('rsud-queue-min', C('@rsud', 'antrean_rsud', 'min', 'medium'), [
  'lamo bana antrian di {rsud}, dari pagi sampai sanjo baru dapek dokter. tolong lah diparabaiki',
  'amak ambo ditolak di {rsud} dek kamar panuah, kama lai kami ka mambaok?',
]);
t('rs-special-queue', C('@rs', 'antrean_rsud', 'id', 'medium'), [
  'Antrean di {rs_special} lama sekali, dari subuh datang baru dipanggil siang. Tolong tambah loket',
  'Pendaftaran online {rs_special} sering error, terpaksa datang pagi-pagi buta',
]);
t('rs-special-min', C('@rs', 'antrean_rsud', 'min', 'medium'), [
  'antrian di {rs_special} panjang bana, urang gaek sampai taduduak di lantai',
]);
t('rsud-praise', P('@rsud', 'pelayanan_rsud', 'id'), [
  'Terima kasih perawat ruang {n} {rsud}, ramah dan sabar merawat ayah saya. Semoga sehat selalu',
  'Salut sama dokter IGD {rsud} tadi malam, cepat tanggap. Semoga dipertahankan 🙏',
]);
t('rsj-odgj', C('RSJHBS', 'odgj', 'id', 'high'), [
  'Ada ODGJ mengamuk di {area} {place}, sudah merusak warung warga. Mohon RSJ HB Saanin bisa jemput',
  'Adik saya gangguan jiwa kambuh, bagaimana prosedur rawat inap di RSJ HB Saanin? Kami keluarga tidak mampu',
]);
t('bpjs-outside', C('OUTSIDE:BPJS', 'bpjs_kesehatan', 'id', 'medium', { outside: 'bpjs_kesehatan' }), [
  'BPJS saya tiba-tiba nonaktif pas mau berobat, padahal PBI. Ke mana harus urus?',
  'kartu KIS ibu saya gak bisa dipakai, kata petugas datanya hilang. gimana ini pak',
]);
t('puskesmas-outside', C('OUTSIDE:KABKOTA', 'puskesmas', 'id', 'low', { outside: 'puskesmas_layanan_kesehatan_kabkota' }), [
  'Puskesmas di {area} tutup jam 11 padahal jadwalnya sampai jam 2. Warga yang datang terpaksa pulang',
]);
t('dbd-dinkes', C('DINKES', 'wabah', 'id', 'high'), [
  'Di {area} {place} sudah {n} anak kena DBD minggu ini, tolong fogging dan cek jentik. Warga resah',
  'Kasus diare banyak di kampung kami di {area} setelah banjir, mohon tim kesehatan turun',
]);

// ---------------------------------------------------------------------------------------------
// Vehicle tax (Samsat / PKB)

t('samsat-id', C('BAPENDA', 'samsat', 'id', 'low'), [
  'Samsat {place} antre panjang banget, sistem katanya offline dari pagi. Kapan bisa normal?',
  'Bayar pajak motor lewat aplikasi udah kepotong saldo {amount} tapi status masih belum lunas. Tolong dicek',
  'Petugas Samsat keliling di {area} gak datang sesuai jadwal, kami udah nunggu {n} jam',
]);
t('samsat-min', C('BAPENDA', 'samsat', 'min', 'low'), [
  'antri di Samsat {place} panjang bana, sistem eror taruih. baa ko pak?',
  'lah bayia pajak honda lewat aplikasi tapi indak masuak juo, pitih lah tapotong',
]);
t('samsat-pii', C('BAPENDA', 'samsat', 'id', 'low', { privateOnly: true }), [
  'Selamat siang, saya {name}, pajak kendaraan {plate} sudah saya bayar online tanggal kemarin tapi belum terverifikasi. No HP saya {phone}',
  'Assalamualaikum. Mohon bantuan, STNK {plate} atas nama {name} tidak bisa diperpanjang karena data NIK {nik} katanya tidak cocok',
]);
t('pkb-q', Q('BAPENDA', 'pkb_info', 'id'), [
  'Min, pemutihan pajak kendaraan tahun ini ada lagi gak? denda saya udah {n} tahun',
  'Syarat balik nama kendaraan dari luar provinsi apa aja ya? mau mutasi motor ke plat BA',
  'Jadwal Samsat keliling di {place} minggu ini di mana aja min?',
]);
t('pkb-q-min', Q('BAPENDA', 'pkb_info', 'min'), [
  'min, pemutihan pajak oto ado baliak tahun ko? lah {n} tahun ambo indak bayia',
]);
t('samsat-praise', P('BAPENDA', 'samsat', 'id'), [
  'Bayar pajak di Samsat {place} sekarang cepat, 15 menit beres. Mantap, pertahankan!',
]);

// ---------------------------------------------------------------------------------------------
// Labour, social aid

t('ump-id', C('DISNAKERTRANS', 'upah', 'id', 'medium'), [
  'Perusahaan tempat saya kerja di {place} gaji di bawah UMP, cuma {amount} sebulan. Lapor ke mana pak?',
  'THR tahun ini belum dibayar sama perusahaan, padahal udah lewat {days} hari. Mohon Disnakertrans tindak',
  'Pabrik di {area} gak daftarin karyawan BPJS Ketenagakerjaan, kemarin teman kecelakaan kerja gak ditanggung',
]);
t('ump-min', C('DISNAKERTRANS', 'upah', 'min', 'medium'), [
  'gaji kami di pabrik di {place} jauah di bawah UMP pak, mangadu ka ma kami?',
]);
t('bansos-prov', C('DINSOS', 'bansos_provinsi', 'id', 'medium'), [
  'Bantuan sosial provinsi untuk lansia di {area} belum cair, padahal sudah didata dari {months} bulan lalu',
  'Panti sosial di {place} kekurangan makanan, tolong Dinsos cek kondisi anak-anak di sana',
]);
t('pkh-outside', C('OUTSIDE:KEMENSOS', 'bansos_pusat', 'id', 'medium', { outside: 'bansos_data' }), [
  'PKH ibu saya berhenti tiba-tiba, katanya data DTKS berubah. Siapa yang bisa bantu?',
  'BPNT gak cair {n} bulan, pas ditanya ke kantor nagari disuruh tanya ke dinas',
]);
t('bansos-pii', C('DINSOS', 'bansos_provinsi', 'id', 'medium', { privateOnly: true }), [
  'Pak/Bu, saya {name}, NIK {nik}, tinggal di {address}. Sudah terdaftar bantuan lansia tapi belum pernah terima. Mohon dicek, HP {phone}',
]);

// ---------------------------------------------------------------------------------------------
// Utilities outside provincial authority

t('pln-id', C('OUTSIDE:PLN', 'listrik', 'id', 'medium', { outside: 'listrik' }), [
  'Listrik di {area} {place} padam dari jam {n} pagi, belum ada info dari PLN. Usaha kami rugi',
  'mati lampu lagi mati lampu lagi, seminggu udah {n} kali di {area}. pemprov tolong tegur PLN {emoji_angry}',
  'Token listrik udah dibeli {amount} tapi gak masuk ke meteran. Gimana ini?',
]);
t('pln-min', C('OUTSIDE:PLN', 'listrik', 'min', 'medium', { outside: 'listrik' }), [
  'listriak mati baliak di {area}, lah {n} kali saminggu ko. baa PLN ko pak?',
]);
t('pdam-id', C('OUTSIDE:PDAM', 'air_minum', 'id', 'medium', { outside: 'air_minum_pdam' }), [
  'Air PDAM di {area} {place} mati {days} hari, kami beli air galon terus. Tolong diteruskan',
  'Air keran keruh kecokelatan sejak kemarin di {area}, apa aman dipakai masak?',
]);
t('pdam-min', C('OUTSIDE:PDAM', 'air_minum', 'min', 'medium', { outside: 'air_minum_pdam' }), [
  'aia PDAM mati lah {days} hari di {area}, baa kami ka mandi jo masak?',
]);
t('ktp-id', C('OUTSIDE:KABKOTA', 'adminduk', 'id', 'low', { outside: 'adminduk' }), [
  'KTP elektronik saya belum jadi sudah {months} bulan, tiap ke Disdukcapil {place} disuruh nunggu blanko',
  'Mau urus KK baru setelah menikah, di {place} antrenya sampai sore. Bisa online gak?',
]);
t('ktp-pii', C('OUTSIDE:KABKOTA', 'adminduk', 'id', 'low', { outside: 'adminduk', privateOnly: true }), [
  'Permisi, NIK saya {nik} katanya tidak terdaftar waktu daftar BPJS. Nama {name}, alamat {address}. Mohon bantuannya',
]);
t('gas-outside', C('OUTSIDE:PERTAMINA', 'bbm_lpg', 'id', 'medium', { outside: 'bbm_lpg' }), [
  'Elpiji 3 kg langka di {area}, sekalinya ada harganya {amount}. Pangkalan nakal dibiarkan aja?',
  'Antre solar di SPBU {place} sampai {n} km, sopir truk nginap di jalan',
]);

// ---------------------------------------------------------------------------------------------
// Disasters and environment

t('flood-id', C('BPBD', 'banjir_longsor', 'id', 'high', { style: 'emergency' }), [
  'TOLONG!! banjir masuk rumah di {area} {place}, air udah sepinggang, ada lansia belum dievakuasi',
  'Longsor menutup jalan di {area}, {n} rumah tertimbun sebagian. Butuh alat berat segera',
  'Galodo di {area} barusan, jembatan kecil hanyut. Warga butuh bantuan evakuasi sekarang',
  'Air sungai naik cepat di {area} {place}, warga mulai mengungsi ke masjid. Mohon BPBD kirim perahu karet',
]);
t('flood-min', C('BPBD', 'banjir_longsor', 'min', 'high', { style: 'emergency' }), [
  'tolong pak!! aia gadang masuak rumah di {area}, urang gaek alun dievakuasi',
  'galodo turun di {area} kini, jalan putuih, tolong lah kirim bantuan capek',
]);
t('disaster-q', Q('BPBD', 'mitigasi', 'id'), [
  'Jalur evakuasi tsunami terdekat dari {area} {place} lewat mana ya min?',
  'Status Gunung Marapi sekarang level berapa? mau ke {area} akhir pekan ini',
]);
t('bpbd-praise', P('BPBD', 'banjir_longsor', 'id'), [
  'Terima kasih tim BPBD yang semalaman bantu evakuasi warga {area}. Kalian luar biasa 🙏',
  'Respon BPBD cepat banget, laporan jam {n} pagi, jam {n} lewat tim sudah di lokasi. Mantap',
]);
t('river-pollution', C('DLH', 'pencemaran', 'id', 'medium'), [
  'Sungai di {area} berubah warna dan bau menyengat sejak pabrik sawit beroperasi. Ikan-ikan mati',
  'Asap dari pabrik di {area} {place} bikin sesak tiap malam, anak-anak batuk terus',
]);
t('irrigation', C('SDABK', 'irigasi', 'id', 'medium'), [
  'Saluran irigasi di {area} jebol, sawah {n}0 hektare kering. Petani gagal tanam',
  'Tanggul sungai di {area} {place} retak, kalau hujan deras bisa jebol. Mohon diperbaiki sebelum musim hujan',
]);
t('irrigation-min', C('SDABK', 'irigasi', 'min', 'medium'), [
  'banda irigasi di {area} runtuah, sawah kami kariang. baa kami ka batanam pak?',
]);
t('garbage-outside', C('OUTSIDE:KABKOTA', 'sampah', 'id', 'low', { outside: 'sampah' }), [
  'Sampah numpuk di TPS {area} sudah seminggu gak diangkut, bau sampai ke rumah warga',
]);
t('logging', C('DISHUT', 'pembalakan', 'id', 'medium'), [
  'Ada penebangan hutan liar di perbukitan {area} {place}, truk kayu lewat tiap malam',
]);
t('mining', C('ESDM', 'tambang_ilegal', 'id', 'medium'), [
  'Tambang galian C ilegal di sungai dekat {area} bikin tebing longsor. Siapa yang kasih izin?',
]);

// ---------------------------------------------------------------------------------------------
// Other provincial services

t('akdp', C('DISHUB', 'angkutan', 'id', 'low'), [
  'Bus AKDP jurusan {place} sering ngetem lama dan tarifnya naik seenaknya. Tolong Dishub awasi',
  'Travel gelap makin banyak di terminal {place}, sopirnya ugal-ugalan',
]);
t('pungli-asn', C('INSPEKTORAT', 'pungli_asn', 'id', 'medium', { style: 'pungli' }), [
  'Ada oknum pegawai pemprov minta {amount} supaya berkas saya diproses cepat. Ini pungli kan?',
  'Saya mau lapor dugaan pungli di salah satu kantor UPTD provinsi di {place}, identitas saya dirahasiakan bisa?',
]);
t('website-down', C('KOMINFOTIK', 'layanan_digital', 'id', 'low'), [
  'Website pemprov gak bisa dibuka dari kemarin, muncul error 502',
  'Aplikasi layanan pemprov sering force close pas login, tolong diperbaiki',
]);
t('hoax-q', Q('KOMINFOTIK', 'hoaks', 'id'), [
  'Min, benar gak ada bantuan pemprov {amount} buat semua warga? beredar di grup WA',
  'Beredar pesan berantai katanya sekolah diliburkan minggu depan, ini hoaks atau bukan?',
]);
t('rice-price', C('DISPANGAN', 'harga_pangan', 'id', 'medium'), [
  'Harga beras di pasar {place} naik terus, sekarang {amount} per karung. Kapan ada operasi pasar?',
]);
t('cooking-oil', C('DISPERINDAG', 'harga_barang', 'id', 'medium'), [
  'Minyak goreng kemasan langka di {place}, yang ada harganya di atas HET. Tolong diawasi',
]);
t('child-abuse', C('DP3AP2KB', 'kekerasan_anak', 'id', 'high', { style: 'emergency' }), [
  'Tolong, ada anak tetangga di {area} sering dipukuli orang tuanya, badannya lebam. Kami harus lapor ke mana?',
  'Saya mau melaporkan dugaan kekerasan terhadap perempuan di {area} {place}, korban takut melapor sendiri',
]);
t('fertilizer', C('DISTAN', 'pupuk', 'id', 'medium'), [
  'Pupuk subsidi langka di {area}, kios bilang kuota habis. Petani sudah masuk musim tanam',
  'Harga gambir anjlok, petani di {place} gak bisa makan. Pemprov ada solusi?',
]);
t('fertilizer-min', C('DISTAN', 'pupuk', 'min', 'medium'), [
  'pupuak subsidi indak ado di kios {area}, padi lah ka ditanam pak',
]);
t('livestock', C('DISNAKKESWAN', 'penyakit_hewan', 'id', 'high'), [
  'Sapi warga di {area} {place} banyak yang mati mendadak, mulutnya berlendir. Apa ini PMK?',
]);
t('fisher', C('DKP', 'nelayan', 'id', 'medium'), [
  'Nelayan di {area} susah dapat solar bersubsidi, kapal gak bisa melaut',
  'Ada kapal pakai pukat harimau di perairan {area}, nelayan kecil gak kebagian ikan',
]);
t('tourism-pungli', C('DISPAR', 'wisata', 'id', 'low', { style: 'pungli' }), [
  'Di objek wisata dekat {area} ada pungutan parkir {amount} tanpa karcis, wisatawan jadi kapok',
]);
t('gor', C('DISPORA', 'sarana_olahraga', 'id', 'low'), [
  'GOR milik provinsi di {place} kotor dan lampunya banyak mati, padahal sering dipakai latihan atlet',
]);
t('pppk', Q('BKD', 'asn', 'id'), [
  'Pengumuman PPPK provinsi kapan keluar min? sudah lewat jadwal',
  'Honorer di OPD provinsi yang belum masuk database apa masih bisa ikut seleksi PPPK?',
]);
t('permit', C('DPMPTSP', 'perizinan', 'id', 'low'), [
  'Izin usaha kewenangan provinsi yang saya ajukan sudah {months} bulan belum keluar, statusnya di OSS gak berubah',
]);
t('cooperative', C('KOPUKM', 'koperasi', 'id', 'medium'), [
  'Koperasi simpan pinjam di {place} gak bisa kembalikan simpanan anggota, uang kami {amount} tertahan',
]);
t('rtlh', A('PERKIM', 'rtlh', 'id'), [
  'Rumah nenek saya di {area} hampir roboh, bagaimana cara daftar bantuan bedah rumah dari provinsi?',
]);
t('nagari', C('DPMD', 'nagari', 'min', 'low'), [
  'dana nagari di {area} indak jaleh kama dipakai, wali nagari indak transparan',
]);
t('satpol', C('SATPOLPP', 'ketertiban', 'id', 'low'), [
  'Lahan kosong milik provinsi di {area} dijadikan tempat mangkal dan mabuk-mabukan tiap malam',
]);
t('museum', Q('DISBUD', 'budaya', 'id'), [
  'Museum Adityawarman buka jam berapa di hari Minggu? mau bawa rombongan sekolah',
]);
t('library', A('DISPUSIP', 'perpustakaan', 'id'), [
  'Usul perpustakaan keliling masuk juga ke {area}, anak-anak di sini jarang ada bacaan',
]);

// ---------------------------------------------------------------------------------------------
// Aspirations

t('asp-general', A(null, 'usulan_umum', 'id'), [
  'Usul pak gub, tambah taman bermain ramah anak di {place}, sekarang anak-anak main di jalan',
  'Saran saja, tiap OPD sebaiknya balas komentar warga lebih cepat, jangan cuma posting seremonial',
]);
t('asp-bus', A('DISHUB', 'angkutan', 'id'), [
  'Tolong tambah armada bus antarkota jurusan {place}, sore hari penuh terus',
]);
t('asp-umkm', A('KOPUKM', 'umkm', 'mixed'), [
  'Mohon adakan pelatihan digital marketing buat UMKM di {place}, biar produk rendang & keripik bisa go online',
]);
t('asp-wifi', A('KOMINFOTIK', 'blank_spot', 'min'), [
  'pak, di {area} sinyal susah bana, anak-anak sakolah daring harus naiak bukik. tolong bantu',
]);
t('asp-judol', A('KOMINFOTIK', 'judi_online', 'id', { outside: 'konten_ilegal' }), [
  'Tolong pemprov lebih tegas berantas judi online, banyak anak muda di {area} yang terjerat',
]);
t('asp-min', A(null, 'usulan_umum', 'min'), [
  'usul pak, buek lah jalan tani ka parak kami di {area}, kini masih jalan satapak',
]);

// ---------------------------------------------------------------------------------------------
// Praise

t('praise-general', P(null, 'apresiasi', 'id'), [
  'Mantap pemprov, programnya makin terasa sampai ke kampung 👍',
  'Terima kasih atas infonya min, sangat membantu',
  'Semoga Sumbar makin maju, sukses terus untuk semua jajaran pemprov 🙏',
]);
t('praise-min', P(null, 'apresiasi', 'min'), [
  'tarimo kasih pak, jalan ka kampuang kami lah elok kini. sonang bana awak',
  'rancak bana programnyo, mudah-mudahan taruih bajalan',
]);
t('praise-road', P('BMCKTR', 'jalan_provinsi_rusak', 'id'), [
  'Jalan provinsi di {area} akhirnya diaspal mulus, terima kasih Bina Marga. Perjalanan jadi cepat',
]);
t('praise-en', P(null, 'apresiasi', 'en'), [
  'Great initiative from the provincial government, keep it up!',
]);

// ---------------------------------------------------------------------------------------------
// Sarcasm (labelled complaint)

t('sarcasm-road', C('BMCKTR', 'jalan_provinsi_rusak', 'id', 'medium', { style: 'sarcasm' }), [
  'Mantap min, jalan provinsi di {area} lubangnya makin besar, bentar lagi bisa buat kolam ikan 👍👍',
  'Wah hebat, {years} tahun jalan di {area} gak diperbaiki, konsisten sekali 😂',
  'Terima kasih pemprov, berkat jalan rusak di {area} kami jadi jago off-road 🙏',
]);
t('sarcasm-min', C('BMCKTR', 'jalan_provinsi_rusak', 'min', 'medium', { style: 'sarcasm' }), [
  'rancak bana jalan di {area} ko, lubangnyo bisa dipakai untuak mandi 👍',
]);
t('sarcasm-samsat', C('BAPENDA', 'samsat', 'id', 'low', { style: 'sarcasm' }), [
  'Keren sistem Samsatnya, offline tiap hari, biar kita makin sabar ya min 😇',
]);
t('sarcasm-post', C(null, 'respons_pemerintah', 'id', 'low', { style: 'sarcasm' }), [
  'Postingannya bagus min, sayang aduan warga gak pernah dibalas 🙂',
  'Foto seremonialnya estetik banget, masalah di lapangan mah nanti aja ya',
]);

// ---------------------------------------------------------------------------------------------
// Spam: online gambling (judol), scams, promotions

t('judol-1', { intent: 'spam', style: 'judol', opd: null, topic: 'judi_online', lang: 'id', sentiment: 'positive', urgency: 'low' }, [
  '{brand} lagi gacor hari ini!! modal 10rb jadi jutaan, daftar sekarang di {link} 🔥🔥',
  'Mau maxwin? main di {brand_fancy}, RTP 98% dijamin JP 💰💰 cek bio',
  'Bosen kerja gaji kecil? coba slot {brand}, depo 5rb wd cepat, link di bio 🎰',
  's l o t g a c o r  {brand}  ➡️  {link}  bonus new member 100%',
  'Alhamdulillah menang lagi di {brand_fancy} 🤑 kalian juga bisa, langsung cek {link}',
]);
t('judol-min', { intent: 'spam', style: 'judol', opd: null, topic: 'judi_online', lang: 'min', sentiment: 'positive', urgency: 'low' }, [
  'dunsanak, main di {brand} lah, gacor bana hari ko, pitih 10 ribu jadi jutaan 🔥 {link}',
]);
t('scam-aid', { intent: 'spam', style: 'scam', opd: null, topic: 'penipuan', lang: 'id', sentiment: 'neutral', urgency: 'low' }, [
  'SELAMAT! Anda terpilih menerima bantuan pemprov {amount}. Klaim sekarang lewat {link} sebelum hangus',
  'Info pendaftaran bantuan UMKM provinsi, hubungi admin di {phone} (WA only). Kuota terbatas!!',
]);
t('promo', { intent: 'spam', style: 'promo', opd: null, topic: 'promosi', lang: 'id', sentiment: 'neutral', urgency: 'low' }, [
  'Jual followers & likes murah, 1000 followers cuma 20rb. DM aja kak',
  'Pinjaman dana cepat cair tanpa jaminan, bunga rendah, proses 1 jam. WA {phone}',
  'Jasa joki tugas & skripsi terpercaya, bisa cicil. Cek IG kami ya',
]);

// ---------------------------------------------------------------------------------------------
// Abuse (insults / profanity aimed at people or institutions)

t('abuse-id', { intent: 'abuse', opd: null, topic: 'kasar', lang: 'id', sentiment: 'negative', urgency: 'low' }, [
  'Pejabat goblok semua, kerjanya cuma makan gaji buta',
  'admin bodoh, ditanya baik-baik malah jawab template. dasar gak becus',
  'Dasar tukang korupsi, mending kalian semua turun aja',
]);
t('abuse-min', { intent: 'abuse', opd: null, topic: 'kasar', lang: 'min', sentiment: 'negative', urgency: 'low' }, [
  'pandia bana admin ko, indak ado gunonyo',
  'kalera, janji se nan banyak, karajo indak ado',
]);

// ---------------------------------------------------------------------------------------------
// Other: greetings, tags, chatter

t('other', { intent: 'other', opd: null, topic: 'lainnya', lang: 'id', sentiment: 'neutral', urgency: 'low' }, [
  'P',
  'min',
  'first 😁',
  '{friend} liat nih',
  'hadir dari {place} 🙋',
  'Assalamualaikum',
  '🔥🔥🔥',
  'Salam dari perantau di Jakarta, rindu kampuang 🥲',
]);
t('other-min', { intent: 'other', opd: null, topic: 'lainnya', lang: 'min', sentiment: 'neutral', urgency: 'low' }, [
  'hadia dari {place} dunsanak',
  'baa kaba sadonyo?',
]);

// ---------------------------------------------------------------------------------------------
// More questions, aspirations, praise and chatter (breadth of the corpus)

t('q-beasiswa', Q('BIROKESRA', 'beasiswa', 'id'), [
  'Min, beasiswa dari pemprov untuk mahasiswa kurang mampu tahun ini kapan dibuka pendaftarannya?',
  'Syarat beasiswa prestasi provinsi apa saja ya? anak saya juara olimpiade tingkat kabupaten',
]);
t('q-beasiswa-min', Q('BIROKESRA', 'beasiswa', 'min'), [
  'baa caro mandaftar beasiswa dari provinsi pak? anak ambo kuliah di Padang',
]);
t('q-lowongan', Q('DISNAKERTRANS', 'lowongan', 'id'), [
  'Ada info pelatihan kerja gratis dari provinsi bulan ini? saya baru kena PHK',
  'Job fair provinsi tahun ini diadakan di mana min?',
]);
t('q-rsud-jam', Q('@rsud', 'info_rsud', 'id'), [
  'Jam besuk di {rsud} sampai jam berapa ya?',
  'Poli jantung di {rsud} buka hari apa saja? mau bawa ayah kontrol',
]);
t('q-rsud-min', Q('@rsud', 'info_rsud', 'min'), [
  'pak, jam bara bisa mancaliak urang sakik di {rsud}?',
]);
t('q-tourism', Q('DISPAR', 'wisata', 'mixed'), [
  'Min, event pariwisata terdekat di {place} apa ya? mau ajak family weekend ini',
  'Is there any festival in {place} this month? planning my trip',
]);
t('q-ppid', Q('KOMINFOTIK', 'informasi_publik', 'id'), [
  'Bagaimana cara mengajukan permohonan informasi publik ke PPID provinsi? apakah bisa online?',
]);
t('q-bansos-cek', Q('DINSOS', 'bansos_provinsi', 'id'), [
  'Cara cek apakah nama kita terdaftar bantuan sosial provinsi gimana min?',
]);
t('q-umkm', Q('KOPUKM', 'umkm', 'min'), [
  'ado bantuan modal untuak usaho ketek dari provinsi pak? ambo manggaleh kue di {area}',
]);
t('q-perizinan', Q('DPMPTSP', 'perizinan', 'id'), [
  'Izin usaha perikanan di bawah 30 GT diurus di provinsi atau kabupaten ya?',
]);
t('q-jalan-status', Q('BMCKTR', 'jalan_provinsi_rusak', 'id'), [
  'Jalan dari {area} ke arah {place} itu jalan provinsi atau kabupaten ya? mau lapor kerusakan',
]);
t('asp-transport', A('DISHUB', 'angkutan', 'min'), [
  'usul pak, tambahlah bus ka {place}, kalau sanjo susah bana dapek oto',
]);
t('asp-school', A('DISDIK', 'sarana_sekolah', 'id'), [
  'Mohon dibangun SMA negeri baru di {area}, anak-anak di sini harus sekolah jauh ke kota',
  'Saran: lab komputer di {school} perlu ditambah, satu komputer dipakai 4 siswa',
]);
t('asp-health', A('DINKES', 'layanan_kesehatan', 'id'), [
  'Usul adakan layanan cek kesehatan gratis keliling ke nagari-nagari di {place}',
]);
t('asp-env', A('DLH', 'lingkungan', 'mixed'), [
  'Please tambah tempat sampah terpilah di area wisata {place}, banyak sampah plastik berserakan',
]);
t('asp-culture', A('DISBUD', 'budaya', 'min'), [
  'elok kalau ado pelatihan randai jo saluang untuak anak mudo di {area}, supayo budayo awak indak hilang',
]);
t('praise-samsat-min', P('BAPENDA', 'samsat', 'min'), [
  'cepek bana kini bayia pajak di Samsat {place}, indak sampai satangah jam. mantap!',
]);
t('praise-disdik', P('DISDIK', 'spmb_sma', 'id'), [
  'Terima kasih Disdik, proses SPMB tahun ini lebih lancar dan transparan 👏',
]);
t('praise-dinsos', P('DINSOS', 'bansos_provinsi', 'id'), [
  'Alhamdulillah bantuan untuk nenek saya sudah cair, terima kasih Dinas Sosial 🙏',
]);
t('praise-dishub', P('DISHUB', 'angkutan', 'mixed'), [
  'Bus AKDP sekarang lebih nyaman dan on time, good job Dishub 👍',
]);
t('complaint-en', C('BMCKTR', 'jalan_provinsi_rusak', 'en'), [
  'The provincial road near {area} is full of potholes, please fix it before someone gets hurt',
]);
t('complaint-mixed-hospital', C('@rsud', 'antrean_rsud', 'mixed'), [
  'Pelayanan di {rsud} slow banget, nunggu dokter {n} jam, honestly capek deh',
]);
t('abuse-threat', { intent: 'abuse', opd: null, topic: 'ancaman', lang: 'id', sentiment: 'negative', urgency: 'medium' }, [
  'Awas aja kalau jalan ini gak diperbaiki, kantor kalian kami datangi rame-rame',
]);
t('other-tag', { intent: 'other', opd: null, topic: 'lainnya', lang: 'mixed', sentiment: 'neutral', urgency: 'low' }, [
  '{friend} {friend} cek ini guys',
  'nice info min 👌',
]);

// ---------------------------------------------------------------------------------------------
// Follow-ups to a government answer (used when a citizen replies in a thread or a DM)

export const FOLLOWUP_TEMPLATES: Template[] = [];
function f(id: string, labels: Labels, texts: string[]): void {
  FOLLOWUP_TEMPLATES.push({ id, ...labels, style: 'followup', texts });
}
f('fu-thanks', P(null, 'tindak_lanjut', 'id'), ['Terima kasih min sudah direspons 🙏', 'Oke min, ditunggu tindak lanjutnya ya', 'makasih infonya pak']);
f('fu-thanks-min', P(null, 'tindak_lanjut', 'min'), ['tarimo kasih min, ditunggu yo', 'okee pak, makasih banyak']);
f('fu-still', C(null, 'tindak_lanjut', 'id', 'medium'), [
  'Sudah {weeks} minggu sejak dibalas tapi belum ada petugas yang datang',
  'Jawabannya template terus min, kapan ada tindakan nyata?',
  'Katanya diteruskan ke dinas terkait, tapi sampai sekarang belum ada kabar',
]);
f('fu-still-min', C(null, 'tindak_lanjut', 'min', 'medium'), ['alah {weeks} minggu, alun ado juo urang nan datang pak', 'sampai kini alun ado kaba baritonyo min']);
f('fu-data', { intent: 'complaint', opd: null, topic: 'tindak_lanjut', lang: 'id', sentiment: 'neutral', urgency: 'medium', privateOnly: true }, [
  'Baik, ini data saya: nama {name}, NIK {nik}, no HP {phone}',
  'Alamat lengkapnya {address}, bisa hubungi saya di {phone}',
  'Nama {name}, email {email}. Terima kasih',
]);
f('fu-question', Q(null, 'tindak_lanjut', 'id'), ['Kalau ke kantor langsung bawa berkas apa saja min?', 'Nomor pengaduannya berapa ya biar bisa saya pantau?']);
f('fu-sarcasm', C(null, 'tindak_lanjut', 'id', 'low', { style: 'sarcasm' }), ['Wah cepat sekali balasnya, sayang masalahnya gak ikut beres 😂']);

export const TEMPLATES: readonly Template[] = all;
