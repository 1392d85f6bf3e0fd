// Dayung's own language resources: slang/abbreviation normalisation for colloquial Indonesian,
// Minangkabau function words, cue-word categories used as extra features, and an emoji table.
// Written for this project (not copied from any corpus). The larger Minangkabau→Indonesian word
// map is generated from MinangNLP (MIT) and NusaX-Lexicon (CC BY-SA 4.0) by
// `dayung lang build-lexicon` into models/min-id.tsv.

/** Colloquial Indonesian spellings, abbreviations and typos → standard form. */
export const SLANG: Readonly<Record<string, string>> = {
  yg: 'yang', yng: 'yang', gk: 'tidak', gak: 'tidak', ga: 'tidak', gag: 'tidak', nggak: 'tidak', ngga: 'tidak',
  enggak: 'tidak', engga: 'tidak', kagak: 'tidak', tdk: 'tidak', tak: 'tidak', ndak: 'tidak', indak: 'tidak',
  bgt: 'banget', bngt: 'banget', bgtt: 'banget', udh: 'sudah', udah: 'sudah', sdh: 'sudah', dah: 'sudah',
  blm: 'belum', blom: 'belum', belom: 'belum', dgn: 'dengan', dg: 'dengan', krn: 'karena', karna: 'karena',
  krna: 'karena', min: 'admin', mimin: 'admin', minn: 'admin', tp: 'tapi', tpi: 'tapi', sy: 'saya', sya: 'saya',
  aja: 'saja', aj: 'saja', gmn: 'bagaimana', gimana: 'bagaimana', gmana: 'bagaimana', bgmn: 'bagaimana',
  knp: 'kenapa', napa: 'kenapa', kpn: 'kapan', jg: 'juga', jga: 'juga', org: 'orang', orng: 'orang', bs: 'bisa',
  bsa: 'bisa', utk: 'untuk', untk: 'untuk', dr: 'dari', dri: 'dari', dl: 'dulu', dlu: 'dulu', klo: 'kalau',
  kalo: 'kalau', kl: 'kalau', klu: 'kalau', sm: 'sama', ama: 'sama', trs: 'terus', trus: 'terus', skrg: 'sekarang',
  skrng: 'sekarang', sekarng: 'sekarang', lg: 'lagi', lgi: 'lagi', bkn: 'bukan', gt: 'begitu', gitu: 'begitu',
  gini: 'begini', bener: 'benar', bnr: 'benar', emg: 'memang', emang: 'memang', tau: 'tahu', tahu: 'tahu',
  tlg: 'tolong', tolongin: 'tolong', mohon: 'mohon', mhn: 'mohon', pls: 'tolong', plis: 'tolong', please: 'tolong',
  makasih: 'terima kasih', makasi: 'terima kasih', mksh: 'terima kasih', mks: 'terima kasih', trims: 'terima kasih',
  thx: 'terima kasih', tks: 'terima kasih', tq: 'terima kasih', ty: 'terima kasih', thanks: 'terima kasih',
  thank: 'terima kasih', trimakasih: 'terima kasih', terimakasih: 'terima kasih',
  pemprov: 'pemerintah provinsi', pemda: 'pemerintah daerah', pemkab: 'pemerintah kabupaten',
  pemkot: 'pemerintah kota', gub: 'gubernur', gubernur: 'gubernur', wagub: 'wakil gubernur', kadis: 'kepala dinas',
  sumbar: 'sumatera barat', jln: 'jalan', jl: 'jalan', jembatan: 'jembatan', rs: 'rumah sakit', rsud: 'rsud',
  sklh: 'sekolah', sekola: 'sekolah', ortu: 'orang tua', bpk: 'bapak', pak: 'bapak', bu: 'ibu', bun: 'ibu',
  kmrn: 'kemarin', kemaren: 'kemarin', bsk: 'besok', besok: 'besok', hr: 'hari', thn: 'tahun', th: 'tahun',
  bln: 'bulan', mgg: 'minggu', jt: 'juta', rb: 'ribu', rbu: 'ribu', ribu: 'ribu',
  hrs: 'harus', msh: 'masih', masi: 'masih', bnyk: 'banyak', byk: 'banyak', bnyak: 'banyak', sdikit: 'sedikit',
  dikit: 'sedikit', gmna: 'bagaimana', bgs: 'bagus', mantul: 'mantap', mantab: 'mantap', mantaap: 'mantap',
  gaes: 'teman', guys: 'teman', kak: 'kakak', ka: 'ke', kaka: 'kakak', sampe: 'sampai', ampe: 'sampai',
  nyampe: 'sampai', doang: 'saja', dong: 'dong', sih: 'sih', nih: 'ini', tuh: 'itu', ni: 'ini', tu: 'itu',
  gw: 'saya', gue: 'saya', gua: 'saya', aq: 'aku', ak: 'aku', km: 'kamu', kmu: 'kamu', lu: 'kamu', lo: 'kamu',
  ente: 'kamu', kalian: 'kalian', dmn: 'dimana', dimana: 'dimana', mana: 'mana', brp: 'berapa', brapa: 'berapa',
  apa: 'apa', ap: 'apa', apaan: 'apa', ngapain: 'mengapa', mengapa: 'mengapa', kenapa: 'kenapa', gmnya: 'bagaimana',
  bener2: 'benar', cuman: 'cuma', cm: 'cuma', doank: 'saja', blum: 'belum', kyk: 'seperti', kayak: 'seperti',
  kek: 'seperti', kyak: 'seperti', spt: 'seperti', sprti: 'seperti', jd: 'jadi', jdi: 'jadi', smpe: 'sampai',
  pdhl: 'padahal', pdahal: 'padahal', hrsnya: 'harusnya', sbnrnya: 'sebenarnya', tgl: 'tanggal', wkt: 'waktu',
  info: 'informasi', infonya: 'informasinya', dgr: 'dengar', liat: 'lihat', lht: 'lihat', ngurus: 'mengurus',
  ngurusin: 'mengurus', nunggu: 'menunggu', nungguin: 'menunggu', dapet: 'dapat', dpt: 'dapat', bikin: 'buat',
  gimna: 'bagaimana', gpp: 'tidak apa apa', gapapa: 'tidak apa apa', otw: 'dalam perjalanan', wkwk: '<laugh>',
  wkwkwk: '<laugh>', wk: '<laugh>', haha: '<laugh>', hahaha: '<laugh>', hehe: '<laugh>', xixi: '<laugh>',
  kwkw: '<laugh>', awokwok: '<laugh>', anjir: 'anjing', anjrit: 'anjing', anjay: 'anjing', njir: 'anjing',
  asu: 'anjing', bgst: 'bangsat', bngst: 'bangsat', gblk: 'goblok', goblog: 'goblok', tlol: 'tolol', kntl: 'kontol',
  maf: 'maaf', mf: 'maaf', mav: 'maaf', ok: 'oke', okay: 'oke', oke: 'oke', sip: 'oke', siap: 'siap',
  gratis: 'gratis', free: 'gratis', wa: 'whatsapp', hp: 'handphone', telp: 'telepon', tlp: 'telepon',
  no: 'nomor', nmr: 'nomor', nomer: 'nomor', ktp: 'ktp', kk: 'kk', sma: 'sma', smk: 'smk', smp: 'smp',
  pln: 'pln', pdam: 'pdam', bpjs: 'bpjs', lpg: 'elpiji', elpiji: 'elpiji', gas: 'gas', bbm: 'bbm', spbu: 'spbu',
  ppdb: 'spmb', spmb: 'spmb', pppk: 'pppk', p3k: 'pppk', asn: 'asn', pns: 'pns', cpns: 'cpns', honor: 'honorer',
};

/** Minangkabau function/common words → Indonesian, curated by hand (applied before the generated map). */
export const MINANG: Readonly<Record<string, string>> = {
  ambo: 'saya', awak: 'saya', den: 'saya', aden: 'saya', wak: 'saya', ang: 'kamu', kau: 'kamu', waang: 'kamu',
  apak: 'bapak', amak: 'ibu', mamak: 'paman', uda: 'kakak', uni: 'kakak', adiak: 'adik', etek: 'tante',
  indak: 'tidak', ndak: 'tidak', nda: 'tidak', alun: 'belum', alah: 'sudah', lah: 'sudah', nan: 'yang', jo: 'dengan',
  dek: 'karena', ka: 'ke', ko: 'ini', iko: 'ini', tu: 'itu', itu: 'itu', baa: 'bagaimana',
  bana: 'sangat', bangaik: 'sangat', sangaik: 'sangat', sabana: 'sangat', dima: 'dimana', bilo: 'kapan',
  manga: 'mengapa', mangapo: 'mengapa', apo: 'apa', sia: 'siapa', bara: 'berapa', urang: 'orang',
  kini: 'sekarang', kama: 'kemana', lai: 'ada', ado: 'ada', pai: 'pergi', tibo: 'tiba',
  agiah: 'beri', bari: 'beri', caliak: 'lihat', danga: 'dengar', mangecek: 'berbicara', kecek: 'kata',
  katonyo: 'katanya', baru: 'baru', lamo: 'lama', capek: 'cepat', capeklah: 'cepatlah', lambek: 'lambat',
  rancak: 'bagus', elok: 'baik', lamak: 'enak', gadang: 'besar', ketek: 'kecil', banyak: 'banyak', saketek: 'sedikit',
  rusak: 'rusak', bacarai: 'bercerai', rumah: 'rumah', jalan: 'jalan', aia: 'air', api: 'api', ari: 'hari',
  pagi: 'pagi', sanjo: 'sore', malam: 'malam', patang: 'kemarin', bisuak: 'besok', isuak: 'besok', tahun: 'tahun',
  taun: 'tahun', bulan: 'bulan', minggu: 'minggu', kapatang: 'kemarin', sajak: 'sejak', sampai: 'sampai',
  lalu: 'lalu', juo: 'juga', pulo: 'pula', sajo: 'saja', se: 'saja', ciek: 'satu', duo: 'dua',
  tigo: 'tiga', ampek: 'empat', limo: 'lima', anam: 'enam', tujuah: 'tujuh', salapan: 'delapan', sambilan: 'sembilan',
  sapuluah: 'sepuluh', kampuang: 'kampung', nagari: 'nagari', jorong: 'jorong', sakola: 'sekolah', sikola: 'sekolah',
  anak: 'anak', guru: 'guru', tolong: 'tolong', tolonglah: 'tolong', mohon: 'mohon', tarimo: 'terima',
  tarimokasih: 'terima kasih', kasiah: 'kasih', baliak: 'kembali', pulang: 'pulang', manunggu: 'menunggu',
  mananti: 'menunggu', panuah: 'penuh', payah: 'susah', sulik: 'sulit', mudah: 'mudah', murah: 'murah',
  maha: 'mahal', mahal: 'mahal', sakik: 'sakit', mati: 'mati', hiduik: 'hidup', bapikia: 'berpikir',
  pikia: 'pikir', tau: 'tahu', tahu: 'tahu', nio: 'ingin', nak: 'ingin', amuah: 'mau', dapek: 'dapat', bisa: 'bisa', bantu: 'bantu', bantuan: 'bantuan', bayia: 'bayar',
  mambayia: 'membayar', sawah: 'sawah', ladang: 'ladang', banjir: 'banjir', galodo: 'banjir bandang',
  longsor: 'longsor', runtuah: 'runtuh', hanyuik: 'hanyut', tabanam: 'terbenam', tatimbun: 'tertimbun',
  tasangkuik: 'tersangkut', tajabak: 'terjebak', lauik: 'laut', sungai: 'sungai', batang: 'sungai', bukik: 'bukit',
  padi: 'padi', baleh: 'balas', jawek: 'jawab', dijawek: 'dijawab', baitu: 'begitu',
  bantuak: 'bentuk', baiko: 'nanti', beko: 'nanti', kok: 'kalau', kalau: 'kalau', tapi: 'tapi', sarato: 'serta',
  atau: 'atau', untuak: 'untuk', dari: 'dari', di: 'di', dalam: 'dalam', ateh: 'atas', bawah: 'bawah', muko: 'muka',
  balakang: 'belakang', lua: 'luar', dakek: 'dekat', jauah: 'jauh', sabalah: 'sebelah', kaji: 'kaji', surau: 'surau', masajik: 'masjid', pasa: 'pasar', kadai: 'warung', oto: 'mobil', honda: 'motor',
  lampu: 'lampu', listrik: 'listrik', gaji: 'gaji', pitih: 'uang', piti: 'uang', ameh: 'emas', tambang: 'tambang',
  karajo: 'kerja', bakarajo: 'bekerja', pakarajo: 'pekerja', sakali: 'sekali', acok: 'sering',
  jarang: 'jarang', taruih: 'terus', taruh: 'taruh', lapeh: 'lepas', cako: 'tadi', tadi: 'tadi', kalera: 'kalera', anjiang: 'anjing', pandia: 'pandir', pantek: 'pantek', ongeh: 'sombong', cilako: 'celaka',
  bangih: 'marah', berang: 'marah', kecewa: 'kecewa', sanang: 'senang', sadiah: 'sedih', takuik: 'takut',
  bangga: 'bangga', sayang: 'sayang', mantap: 'mantap', bagus: 'bagus', mokasih: 'terima kasih', makasih: 'terima kasih', santiang: 'hebat', jaleh: 'jelas', bapak: 'bapak', ibu: 'ibu', pak: 'bapak', bu: 'ibu', diak: 'adik', mak: 'ibu', ajo: 'kakak', angku: 'bapak',
};

/** Words that make a message more likely to be Minangkabau (used by the language model and the lexicon test). */
export const MINANG_MARKERS: ReadonlySet<string> = new Set([
  'ambo', 'awak', 'den', 'indak', 'ndak', 'alun', 'nan', 'jo', 'dek', 'baa', 'bana', 'dima', 'bilo', 'manga',
  'apo', 'urang', 'kini', 'lai', 'ado', 'agiah', 'caliak', 'lamak', 'rancak', 'gadang', 'ketek', 'sajak', 'juo',
  'pulo', 'sajo', 'ciek', 'duo', 'tigo', 'kampuang', 'untuak', 'ateh', 'dakek', 'jauah', 'pitih', 'karajo', 'taruih',
  'cako', 'iko', 'ko', 'tu', 'mah', 'bisuak', 'dapek', 'nio', 'amuah', 'payah', 'sulik', 'sakik', 'hiduik', 'aia',
  'bayia', 'mambayia', 'baliak', 'kapatang', 'patang', 'lah', 'ang', 'waang', 'uda', 'uni', 'amak', 'etek', 'ajo',
]);

/** Cue-word categories: each hit emits a shared feature so rare variants generalise. */
export const CUES: Readonly<Record<string, readonly string[]>> = {
  gamble: [
    'slot', 'gacor', 'maxwin', 'rtp', 'togel', 'toto', 'jackpot', 'jp', 'depo', 'deposit', 'wd', 'withdraw', 'scatter',
    'zeus', 'olympus', 'mahjong', 'pragmatic', 'judol', 'judi', 'casino', 'kasino', 'bandar', 'taruhan', 'bet', 'betting',
    'jepe', 'spin', 'freespin', 'bonus', 'cuan', 'hoki', 'rungkad', 'modal', 'receh', 'sultan', 'link', 'bio', 'situs',
    'terpercaya', 'daftar', 'klik', 'admin', 'gampang', 'menang', 'pasti', 'auto', 'kaya', 'petir', 'naga', 'bet88',
  ],
  scam: [
    'pinjol', 'pinjaman', 'cair', 'tanpa', 'jaminan', 'bunga', 'investasi', 'profit', 'passive', 'income', 'crypto',
    'kripto', 'trading', 'robot', 'mlm', 'followers', 'follower', 'joki', 'kunci', 'jawaban', 'bocoran', 'giveaway',
    'hadiah', 'undian', 'selamat', 'pemenang', 'transfer', 'rekening', 'admin', 'hubungi', 'telegram', 'dm', 'promo',
    'diskon', 'murah', 'order', 'jual', 'jasa', 'limit', 'klaim', 'bansos', 'saldo', 'dana', 'ovo', 'gopay', 'login',
  ],
  profanity: [
    'anjing', 'bangsat', 'goblok', 'tolol', 'bodoh', 'babi', 'kampret', 'brengsek', 'bajingan', 'kontol', 'memek',
    'ngentot', 'tai', 'taik', 'sialan', 'keparat', 'setan', 'iblis', 'kalera', 'anjiang', 'pandia', 'pandir', 'pantek',
    'ongeh', 'cilako', 'bangke', 'bego', 'idiot', 'dungu', 'sampah', 'bacot', 'bacod', 'lonte', 'pelacur', 'kafir',
    'pendatang', 'cina', 'aseng', 'antek', 'mampus', 'bunuh', 'bakar', 'hajar', 'gorok', 'tembak', 'mati', 'fuck',
    'shit', 'stupid', 'asshole', 'bitch', 'kurang', 'ajar', 'laknat', 'binatang', 'monyet', 'kunyuk', 'bedebah',
  ],
  question: [
    'apa', 'apakah', 'kapan', 'bagaimana', 'berapa', 'dimana', 'kemana', 'kenapa', 'mengapa', 'siapa', 'bisakah',
    'bolehkah', 'adakah', 'gimana', 'baa', 'bilo', 'dima', 'manga', 'apo', 'bara', 'sia', 'prosedur', 'syarat',
    'cara', 'caranya', 'jadwal', 'info', 'informasi', 'tanya', 'bertanya', 'batanyo', 'nanya', 'what', 'when', 'how',
    'where', 'which', 'who', 'why', 'hoaks', 'hoax', 'benarkah', 'betulkah', 'masih', 'ya',
  ],
  aspiration: [
    'usul', 'usulan', 'saran', 'sebaiknya', 'seharusnya', 'harusnya', 'semoga', 'harap', 'berharap', 'perlu',
    'alangkah', 'mending', 'bangun', 'dibangun', 'tambah', 'ditambah', 'tambahkan', 'adakan', 'diadakan', 'program',
    'suggest', 'suggestion', 'should', 'hope', 'usulkan', 'mengusulkan', 'rekomendasi', 'pertimbangkan', 'dibuat',
    'bikin', 'buatkan', 'sediakan', 'disediakan', 'lanjutkan', 'ditingkatkan', 'tingkatkan', 'baiknyo', 'elok',
  ],
  praise: [
    'terima', 'kasih', 'makasih', 'mantap', 'salut', 'bagus', 'keren', 'hebat', 'apresiasi', 'sukses', 'alhamdulillah',
    'tanggap', 'luar', 'biasa', 'top', 'joss', 'mantul', 'bangga', 'puas', 'ramah', 'sigap', 'terbaik', 'thank',
    'thanks', 'great', 'amazing', 'helpful', 'rancak', 'santiang', 'tarimo', 'kasiah', 'lanjutkan', 'semangat',
    'barakallah', 'berkah', 'memuaskan', 'cepat', 'membantu', 'dibantu', 'senang', 'sanang',
  ],
  complaint: [
    'rusak', 'berlubang', 'lubang', 'lambat', 'lama', 'mahal', 'pungli', 'kecewa', 'parah', 'hancur', 'mati', 'padam',
    'macet', 'banjir', 'longsor', 'tolong', 'segera', 'belum', 'tidak', 'ditolak', 'dipersulit', 'diminta', 'bayar',
    'pungutan', 'korupsi', 'lapor', 'melapor', 'laporkan', 'aduan', 'mengadu', 'keluhkan', 'mengeluh', 'menumpuk',
    'bau', 'tercemar', 'limbah', 'ilegal', 'liar', 'langka', 'naik', 'terlambat', 'telat', 'dicek', 'sidak', 'kapan',
    'bertahun', 'dibiarkan', 'terbengkalai', 'mangkrak', 'ditelantarkan', 'salah', 'sasaran', 'zonk',
  ],
  urgent: [
    'darurat', 'segera', 'sekarang', 'terjebak', 'tertimbun', 'hanyut', 'kebakaran', 'terbakar', 'banjir', 'longsor',
    'galodo', 'bandang', 'korban', 'meninggal', 'tewas', 'luka', 'pingsan', 'kritis', 'sekarat', 'ditolak', 'igd',
    'kekerasan', 'pelecehan', 'cabul', 'perkosa', 'dicabuli', 'diperkosa', 'kdrt', 'dipukul', 'dianiaya', 'ancam',
    'mengancam', 'bunuh', 'kabel', 'putus', 'roboh', 'ambruk', 'runtuh', 'amblas', 'ambles', 'evakuasi', 'sar',
    'tenggelam', 'naik', 'meluap', 'mengungsi', 'darurat', 'tolong', 'cepat', 'hilang', 'kejang', 'sesak', 'tatimbun',
    'hanyuik', 'runtuah', 'tajabak', 'gempa', 'tsunami', 'erupsi', 'asap', 'api', 'now', 'help', 'emergency',
  ],
  negative: [
    'buruk', 'jelek', 'kecewa', 'parah', 'lambat', 'mahal', 'rusak', 'susah', 'sulit', 'payah', 'hancur', 'bobrok',
    'malas', 'kesal', 'kesel', 'marah', 'muak', 'capek', 'lelah', 'sedih', 'takut', 'bohong', 'tipu', 'penipu',
    'korup', 'bodoh', 'benci', 'gagal', 'kotor', 'bau', 'sakit', 'kasar', 'jutek', 'cuek', 'lemot', 'ribet', 'zonk',
    'miris', 'prihatin', 'sayang', 'percuma', 'sia', 'omong', 'kosong', 'pencitraan', 'ngaret', 'mengecewakan',
    'keterlaluan', 'tega', 'zalim', 'aneh', 'basi', 'mengerikan', 'menyedihkan', 'terlantar', 'bad', 'worst', 'poor',
  ],
  positive: [
    'bagus', 'baik', 'mantap', 'keren', 'hebat', 'senang', 'puas', 'enak', 'nyaman', 'bersih', 'ramah', 'cepat',
    'murah', 'indah', 'cantik', 'rapi', 'lancar', 'mudah', 'membantu', 'sukses', 'terbaik', 'suka', 'cinta', 'luar',
    'biasa', 'recommended', 'rekomendasi', 'lezat', 'memuaskan', 'menyenangkan', 'salut', 'bangga', 'terima',
    'kasih', 'alhamdulillah', 'good', 'great', 'nice', 'love', 'best', 'rancak', 'lamak', 'elok', 'sanang', 'santiang',
  ],
  negation: ['tidak', 'bukan', 'belum', 'jangan', 'tanpa', 'kurang', 'indak', 'alun', 'ndak', 'not', 'no', 'never'],
  english: [
    'the', 'is', 'are', 'and', 'to', 'of', 'in', 'for', 'my', 'your', 'you', 'we', 'our', 'this', 'that', 'it',
    'with', 'please', 'have', 'has', 'was', 'were', 'be', 'can', 'will', 'would', 'there', 'what', 'how', 'when',
    'where', 'thank', 'thanks', 'very', 'not', 'but', 'from', 'at', 'on', 'about', 'here', 'they', 'their', 'been',
  ],
};

/** Emoji → coarse class token (emoji carry sentiment). Anything else in the pictographic range → <emoji>. */
export const EMOJI_CLASS: Readonly<Record<string, string>> = {
  '😡': 'angry', '🤬': 'angry', '😤': 'angry', '😠': 'angry', '💢': 'angry', '👎': 'angry', '🖕': 'angry',
  '😭': 'sad', '😢': 'sad', '😞': 'sad', '😔': 'sad', '😩': 'sad', '😫': 'sad', '🥺': 'sad', '💔': 'sad', '😣': 'sad',
  '😒': 'annoyed', '🙄': 'annoyed', '😑': 'annoyed', '😐': 'annoyed', '🤦': 'annoyed', '😮‍💨': 'annoyed',
  '🤔': 'think', '❓': 'think', '❔': 'think', '🧐': 'think',
  '🙏': 'pray', '🤲': 'pray',
  '👍': 'good', '👏': 'good', '👌': 'good', '💪': 'good', '🔥': 'good', '💯': 'good', '✅': 'good', '🙌': 'good',
  '❤': 'love', '❤️': 'love', '😍': 'love', '🥰': 'love', '😘': 'love', '💖': 'love', '💕': 'love', '♥': 'love',
  '😊': 'happy', '😁': 'happy', '😀': 'happy', '😃': 'happy', '😄': 'happy', '🙂': 'happy', '☺': 'happy',
  '🎉': 'happy', '🥳': 'happy', '😎': 'happy', '🤩': 'happy', '😋': 'happy', '🌱': 'happy', '🌳': 'happy',
  '😂': 'laugh', '🤣': 'laugh', '😆': 'laugh', '😅': 'laugh', '😹': 'laugh',
  '💰': 'money', '💸': 'money', '💵': 'money', '🤑': 'money', '🎰': 'money', '💎': 'money', '🚀': 'money',
  '🎁': 'money', '📈': 'money', '🏆': 'money',
  '🚨': 'alarm', '⚠': 'alarm', '⚠️': 'alarm', '🆘': 'alarm', '‼': 'alarm', '‼️': 'alarm', '🌊': 'alarm',
  '🔴': 'alarm', '🚑': 'alarm', '🚒': 'alarm', '💀': 'alarm', '😱': 'alarm', '😰': 'alarm', '😨': 'alarm',
};

/** Leetspeak digits inside alphabetic words (judol obfuscation: g4c0r, sl0t). */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', '$': 's',
};
