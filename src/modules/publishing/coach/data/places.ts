// Place cues for the "where" check: the 19 kabupaten/kota of Sumatera Barat with their capitals and common
// names (taken from Dayung's own seed, db/seed/kabkota.json, built from the Kemendagri codes), a few other
// well-known places, and the nouns that introduce a venue in Indonesian announcements.

/** Lower-case names a reader recognises as a place in Sumatera Barat. Multi-word names are matched as phrases. */
export const SUMBAR_PLACES: readonly string[] = [
  // kabupaten and their capitals
  'pesisir selatan', 'pessel', 'painan', 'solok', 'arosuka', 'sijunjung', 'muaro sijunjung', 'tanah datar', 'tanahdatar', 'batusangkar',
  'padang pariaman', 'padangpariaman', 'parit malintang', 'agam', 'lubuk basung', 'lima puluh kota', 'limapuluh kota', '50 kota',
  'sarilamak', 'pasaman', 'lubuk sikaping', 'kepulauan mentawai', 'mentawai', 'tuapejat', 'siberut', 'sipora', 'pagai', 'dharmasraya',
  'pulau punjung', 'solok selatan', 'solsel', 'padang aro', 'pasaman barat', 'pasbar', 'simpang ampek', 'simpang empat',
  // kota
  'padang', 'sawahlunto', 'sawah lunto', 'padang panjang', 'padangpanjang', 'bukittinggi', 'payakumbuh', 'pariaman',
  // other places people name
  'sumatera barat', 'sumbar', 'ranah minang', 'danau singkarak', 'singkarak', 'danau maninjau', 'maninjau', 'lembah harau', 'harau',
  'mandeh', 'air manis', 'pantai padang', 'jam gadang', 'ngarai sianok', 'teluk bayur', 'minangkabau international airport', 'bim',
  'kayu tanam', 'lubuk alung', 'sungai penuh', 'alahan panjang',
];

/** Nouns that name a venue or an address; a capitalised word after them ("Aula Kantor Gubernur") is a place. */
export const VENUE_NOUNS: readonly string[] = [
  'aula', 'auditorium', 'gedung', 'kantor', 'balai', 'balairung', 'istana', 'gubernuran', 'rumah dinas', 'lapangan', 'stadion', 'gor',
  'masjid', 'mushala', 'musala', 'surau', 'gereja', 'hotel', 'hall', 'convention', 'taman', 'pantai', 'pasar', 'terminal', 'pelabuhan',
  'bandara', 'stasiun', 'museum', 'perpustakaan', 'sekolah', 'kampus', 'universitas', 'puskesmas', 'rsud', 'rumah sakit', 'posko',
  'posyandu', 'kecamatan', 'kelurahan', 'nagari', 'jorong', 'korong', 'desa', 'dusun', 'kabupaten', 'kota', 'kab.', 'kec.', 'kel.',
  'jalan', 'jl.', 'jln.', 'komplek', 'kompleks', 'gelanggang', 'plaza', 'alun-alun', 'ruang', 'ruangan', 'mall', 'mal', 'sma', 'smk',
  'slb', 'pondok', 'medan nan bapaneh', 'bundaran', 'simpang', 'tugu', 'lokasi', 'tempat', 'titik kumpul', 'alamat', 'bertempat',
];

/** Cues that the event happens online: the "where" is a link or a platform. */
export const ONLINE_CUES: readonly string[] = [
  'daring', 'online', 'virtual', 'zoom', 'zoom meeting', 'google meet', 'gmeet', 'webinar', 'live streaming', 'siaran langsung',
  'youtube live', 'instagram live', 'live ig', 'live di',
];
