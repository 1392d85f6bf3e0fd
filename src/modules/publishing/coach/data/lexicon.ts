// Small Indonesian word lists the coach needs. Dayung's own, written for these checks (not copied from a
// corpus); each list says what it is for.

/**
 * Function words and words every government post carries, removed before comparing a post with a campaign's
 * key message: only content words ("vaksinasi", "gratis", "Padang") say whether the post stays on message.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `ada adalah agar akan aku amat anda antara apa apabila apakah atas atau bagaimana bagi bahwa baik banyak baru beberapa begitu belum
  benar berada berbagai bersama besar bisa boleh bukan cukup dalam dan dapat dari daripada demi dengan di dia diri dua guna hal hampir
  hanya harus hingga ia ialah ini itu jadi jika juga jangan kali kalau kami kamu karena ke kecil kembali kemudian kepada ketika kita
  lagi lain lalu lebih maka mana masih mau melalui memang mereka merupakan meski mulai namun nya oleh pada para pun saat saja salah
  sama sampai sangat satu saya sebagai sebuah sebelum sedang sehingga sejak sekali selain selalu seluruh semua sendiri seperti serta
  setelah setiap sudah supaya tak tanpa tapi telah tentang terhadap tersebut tetapi tidak tiga untuk wajib yaitu yakni yang
  kak min admin ayo yuk mari mohon silakan terima kasih selamat bapak ibu sahabat sobat warga masyarakat dulur sanak
  pemprov pemerintah provinsi sumbar sumatera barat dinas badan hari tanggal pukul wib info informasi`
    .split(/\s+/)
    .filter(Boolean),
);

/** Day names (for "when"). */
export const DAYS: readonly string[] = ['senin', 'selasa', 'rabu', 'kamis', 'jumat', "jum'at", 'jum’at', 'sabtu', 'minggu', 'ahad'];

/** Month names and their usual short forms (for "when"). */
export const MONTHS: readonly string[] = [
  'januari', 'februari', 'pebruari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus', 'september', 'oktober', 'november', 'nopember',
  'desember', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'agu', 'agt', 'ags', 'agus', 'sep', 'sept', 'okt', 'nov', 'nop', 'des',
];

/** Relative time words and time-frame phrases (for "when"). */
export const RELATIVE_TIME: readonly string[] = [
  'hari ini', 'besok', 'lusa', 'malam ini', 'pagi ini', 'siang ini', 'sore ini', 'nanti malam', 'minggu depan', 'pekan depan',
  'bulan depan', 'tahun depan', 'akhir pekan', 'akhir bulan', 'batas waktu', 'paling lambat', 'selambat-lambatnya', 'tenggat',
  'sampai dengan', 's.d.', 's/d', 'setiap hari', 'tiap hari', 'mulai hari', 'jam kerja', 'hari kerja', 'pukul', 'jam', 'tanggal', 'tgl',
  'periode', 'jadwal',
];

/**
 * Roots of verbs that government posts often put in the passive (di- + root, with or without -kan/-i).
 * A di- word whose remainder is one of these, or that carries -kan/-i or diper-, is read as a passive verb.
 */
export const VERB_ROOTS: ReadonlySet<string> = new Set(
  `ada adakan ajak ajukan akses ambil angkat antar atur awasi bagi bagikan bahas bakar bangun bantu baca balas batalkan bawa beri berikan
  buat buka bongkar cabut cari catat cek cetak coba dapat dapatkan data datangi dengar dorong duga edarkan gelar gunakan hadiri harap
  hapus himbau imbau ikuti isi jadwalkan jaga jalankan jamin jawab jelaskan jual kelola kembalikan kenakan kenal kirim kunjungi kumpulkan
  laksanakan lakukan lantik larang lanjutkan layani lihat lindungi luncurkan mulai minta mohon muat nilai olah pakai panggil pantau pasang
  pastikan perbaiki periksa pilih proses pungut putuskan rawat resmikan rilis salurkan sambut sampaikan sediakan segel serahkan siapkan
  sita susun sebut tahan tambah tangani tanggapi tanam tarik tawarkan temukan terbitkan terima tetapkan tindak tinjau tulis tunda tunjuk
  tutup ubah ucapkan uji umumkan undang unduh unggah usulkan utamakan verifikasi wajibkan`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words that begin with "di" but are not passive verbs: nouns and loanwords, OPD names, and the misspellings
 * "dimana/disini/disana" (the preposition written together, flagged separately by readability.di_spacing).
 */
export const NOT_PASSIVE_DI: ReadonlySet<string> = new Set(
  `dia diam diamkan dian dini dinas dinasnya dinding dingin diri dirinya diet digital digitalisasi diskusi diskusikan distribusi
  distribusikan diskon dinamika dinamis dilema diploma diplomasi direktur direktorat direksi dispensasi disiplin divisi dimensi diagnosa
  diagnosis dialog dialek diare dirgahayu disabilitas disertasi dividen diesel diktat diklat dinar diorama dirut diva distrik diaspora
  didik didikan dikau dim dinamit dinosaurus diode disket disko diversifikasi dijital dimana disini disana disitu dikala diantara
  diatas dibawah didalam diluar disamping disebelah dibelakang didepan diujung ditengah dikantor dirumah disekolah dijalan dipasar
  dilapangan diaula dikota dikampung dinagari dikabupaten disumbar dipadang digedung dimasjid dibalai`
    .split(/\s+/)
    .filter(Boolean),
);

/** Places and position words that are often wrongly written together with the preposition "di". */
export const DI_LOCATIVE: ReadonlySet<string> = new Set(
  `mana sini sana situ antara atas bawah dalam luar samping sebelah belakang depan ujung tengah kantor rumah sekolah jalan pasar lapangan
  aula kota kampung nagari kabupaten sumbar padang gedung masjid balai kala`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words for splitting an all-lower-case hashtag into its words (#sumbarmadani → Sumbar Madani). Common words
 * of government hashtags plus the places above.
 */
export const HASHTAG_WORDS: readonly string[] = `
  sumbar sumatera barat padang minang minangkabau ranah madani pemprov pemkab pemkot provinsi kabupaten kota dinas badan biro kominfo
  kominfotik diskominfo diskominfotik info informasi berita kabar terkini hari ini update indonesia maju hebat sehat cerdas bersih
  aman damai bersatu bangkit tangguh bencana siaga banjir gempa longsor cuaca waspada jaga jagalah lindungi peduli bersama kita kami
  ayo yuk mari sukseskan dukung gerakan gerakkan cinta bangga produk lokal umkm wisata pariwisata desa nagari budaya adat kuliner
  pendidikan sekolah guru siswa murid anak muda pemuda perempuan ibu keluarga kesehatan vaksin vaksinasi imunisasi stunting gizi pangan
  pertanian petani nelayan laut hutan lingkungan sampah air jalan jembatan infrastruktur pembangunan ekonomi investasi pajak samsat
  bapenda kendaraan layanan pelayanan publik digital inovasi smart satu data statistik transparan transparansi anti korupsi hoaks
  hoax cek fakta lawan stop bijak bermedia sosial kerja karya nyata hut dirgahayu selamat merdeka republik pancasila ramadan lebaran
  mudik idul fitri adha natal tahun baru festival pesona event olahraga sepak bola pacu jawi tabuik silek randai rendang sate
  samba lado galamai batik songket tenun jam gadang singkarak maninjau mentawai bukittinggi payakumbuh solok pariaman sawahlunto agam
  pasaman dharmasraya pesisir selatan tanah datar lima puluh limapuluh sijunjung mandeh harau bpbd dinkes disdik dishub dispar rsud
  pasar murah beras harga stabil gratis program bantuan sosial bansos beasiswa prestasi juara lomba kompetisi pelatihan bimtek kerja
  lowongan karier magang inklusif disabilitas ramah anak lansia tangguh bencana mitigasi evakuasi darurat tanggap pulih lestari hijau
  energi listrik bersih terbarukan sehat jiwa raga gotong royong bakti sosial donor darah medsos media konten kreator admin
  pelayanan prima cepat tanggap ramah terbuka zona integritas wbk wbbm sakip sigap siaga sumbarprov go naik kelas go digital
  online daring bangga buatan pakai beli belanja hemat aman nyaman sejahtera unggul berprestasi berkah`
  .split(/\s+/)
  .filter(Boolean);
