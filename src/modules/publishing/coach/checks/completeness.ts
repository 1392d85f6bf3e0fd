// Completeness: what, when, where, who to contact, what to do, and an official source, expected according to
// the kind of post (an event needs a time and a place; a greeting needs none of these).
import type { Ctx } from '../context.ts';
import { DAYS, MONTHS, RELATIVE_TIME } from '../data/lexicon.ts';
import { ONLINE_CUES, SUMBAR_PLACES, VENUE_NOUNS } from '../data/places.ts';
import { analyzeText, firstMatch, PhraseSet, type TextModel } from '../text.ts';
import type { Bilingual, PostType, Severity, Span } from '../types.ts';

const re = (phrases: readonly string[]) => PhraseSet.of(phrases);

const TYPE_CUES: Readonly<Record<Exclude<PostType, 'info'>, PhraseSet>> = {
  greeting: re([
    'selamat hari', 'selamat idul fitri', 'selamat idulfitri', 'selamat idul adha', 'selamat iduladha', 'selamat tahun baru', 'selamat natal',
    'selamat menunaikan', 'selamat memperingati', 'memperingati hari', 'dirgahayu', 'turut berduka', 'berduka cita', 'innalillahi',
    'mengucapkan selamat', 'selamat ulang tahun', 'marhaban ya ramadan', 'marhaban ya ramadhan', 'selamat hari raya', 'selamat menjalankan',
  ]),
  warning: re([
    'waspada', 'waspadai', 'peringatan dini', 'siaga', 'awas', 'evakuasi', 'banjir', 'gempa', 'longsor', 'tanah longsor', 'tsunami', 'cuaca ekstrem',
    'hoaks', 'hoax', 'penipuan', 'modus', 'hati-hati', 'darurat', 'erupsi', 'kebakaran', 'angin kencang', 'gelombang tinggi', 'jangan mudah percaya',
    'bencana', 'galodo', 'abrasi', 'kabut asap',
  ]),
  event: re([
    'acara', 'kegiatan', 'digelar', 'menggelar', 'diselenggarakan', 'menyelenggarakan', 'akan dilaksanakan', 'akan diadakan', 'mengundang',
    'undangan', 'hadirilah', 'hadiri', 'seminar', 'webinar', 'workshop', 'lokakarya', 'pelatihan', 'bimtek', 'bimbingan teknis', 'sosialisasi',
    'lomba', 'festival', 'pameran', 'pasar murah', 'jalan sehat', 'senam', 'upacara', 'pelantikan', 'peresmian', 'rapat', 'musrenbang',
    'vaksinasi massal', 'donor darah', 'operasi pasar', 'bazar', 'expo', 'pertunjukan', 'konser', 'turnamen', 'car free day', 'gotong royong',
    'penyuluhan', 'talkshow', 'talk show', 'dialog interaktif', 'launching', 'pembukaan', 'gebyar', 'malam puncak', 'pawai', 'karnaval',
  ]),
  service: re([
    'pendaftaran', 'daftar', 'syarat', 'persyaratan', 'layanan', 'pelayanan', 'pemutihan', 'bantuan', 'beasiswa', 'lowongan', 'seleksi',
    'rekrutmen', 'penerimaan', 'pengajuan', 'permohonan', 'cara mengurus', 'bebas denda', 'diskon pajak', 'keringanan', 'kuota', 'formulir',
    'berkas', 'mekanisme', 'tata cara', 'jam layanan', 'jam pelayanan', 'program', 'subsidi', 'insentif', 'pengumuman hasil', 'kelulusan',
  ]),
};
/** Words of a report about something that already happened: a past event needs no time or place to come. */
const PAST = re([
  'telah', 'sudah', 'kemarin', 'tadi', 'baru saja', 'menghadiri', 'meninjau', 'menyerahkan', 'meresmikan', 'melantik', 'berlangsung meriah',
  'resmi dibuka oleh', 'berhasil', 'usai', 'pada kesempatan tersebut', 'dalam sambutannya', 'telah berlangsung',
]);
/** Words of something still to come: they keep an event an event. */
const FUTURE = re([
  'akan', 'besok', 'lusa', 'mendatang', 'nanti', 'segera', 'minggu depan', 'pekan depan', 'bulan depan', 'pendaftaran dibuka', 'hadirilah',
  'daftar', 'daftarkan', 'ikuti', 'jangan lewatkan', 'jangan sampai ketinggalan', 'catat tanggalnya', 'paling lambat', 'batas waktu',
]);
const SALUTATION = /^\s*selamat\s+(pagi|siang|sore|malam|datang)\b/iu;

function countDistinct(set: PhraseSet, models: readonly TextModel[], before = Infinity): number {
  const found = new Set<string>();
  for (const m of models) for (const h of set.all(m)) if (h.start < before || m !== models[models.length - 1]) found.add(h.value);
  return found.size;
}

function asModel(t: string | TextModel): TextModel {
  return typeof t === 'string' ? analyzeText(t) : t;
}

/**
 * The kind of post, guessed from cue words in the title and text (docs/content-coach.md#post-types):
 * a greeting when it opens with a greeting formula; otherwise the type with the most distinct cues among
 * warning, event and service (ties in that order; service needs two), but an event report with two or more
 * past-tense cues, more than it has cues of something to come, is 'info'; 'info' when nothing matches.
 */
export function detectPostType(text: string | TextModel, title: string | TextModel = ''): PostType {
  const body = asModel(text);
  const head = asModel(title);
  const all = [head, body];
  // a greeting opens with its formula: the title or the first 160 characters
  if (!SALUTATION.test(`${head.text}\n${body.text.slice(0, 160)}`.trim()) && countDistinct(TYPE_CUES.greeting, all, 160) > 0) return 'greeting';
  const scores: [PostType, number][] = [
    ['warning', countDistinct(TYPE_CUES.warning, all)],
    ['event', countDistinct(TYPE_CUES.event, all)],
    ['service', countDistinct(TYPE_CUES.service, all)],
  ];
  let best: [PostType, number] = ['info', 0];
  // "program", "layanan" also fill ordinary news: a service notice needs two distinct cues
  for (const sc of scores) if (sc[1] > best[1] && sc[1] >= (sc[0] === 'service' ? 2 : 1)) best = sc;
  if (best[0] === 'event') {
    const past = countDistinct(PAST, all);
    if (past >= 2 && past > countDistinct(FUTURE, all)) return 'info';
  }
  return best[0];
}

const MONTH_ALT = MONTHS.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const FULL_MONTHS = MONTHS.filter((m) => m.length >= 3 && !['jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'agu', 'agt', 'ags', 'agus', 'sep', 'sept', 'okt', 'nov', 'nop', 'des'].includes(m));
const WHEN_WORDS = [re(DAYS), re(FULL_MONTHS), re(RELATIVE_TIME.filter((p) => p !== 'jam' && p !== 'pukul'))];
const WHEN_RE = [
  new RegExp(`(?<![\\p{L}\\p{N}])\\d{1,2}(?:\\s*[-–]\\s*\\d{1,2})?\\s+(?:${MONTH_ALT})\\.?(?![\\p{L}])`, 'giu'),
  /(?<![\p{N}])\d{1,2}[/-]\d{1,2}[/-]\d{2,4}(?![\p{N}])|(?<![\p{N}])\d{4}-\d{2}-\d{2}(?![\p{N}])/gu,
  /(?<![\p{L}])(?:pukul|pkl\.?|jam)\s*\d{1,2}(?:[.:]\d{2})?/giu,
  /(?<![\p{N}])\d{1,2}[.:]\d{2}\s*(?:wib|wita|wit)(?![\p{L}])|(?<![\p{L}])(?:wib|wita|wit)(?![\p{L}])/giu,
];
const PLACES = re(SUMBAR_PLACES);
const ONLINE = re(ONLINE_CUES);
const VENUES = re(VENUE_NOUNS);
/** after a venue noun: an optional colon, then a capital letter or a digit ("Aula Kantor", "Jl. Sudirman", "Blok 3") */
const VENUE_NEXT = /^\s*:?\s+[\p{Lu}\p{N}]/u;
const DI_PLACE = /(?<![\p{L}])[Dd]i\s+(\p{Lu}[\p{L}'’-]+)/gu;
const DAY_OR_MONTH = new Set([...DAYS, ...MONTHS]);
const WHERE_LABEL = /(?<![\p{L}])(?:bertempat|lokasi|tempat|alamat)\s*(?::|di\b)/giu;

const PHONE = /(?<![\p{N}+])(?:\+62|62|0)[\s.-]?\(?\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{2,5}(?![\p{N}])|\(0\d{2,4}\)\s?\d{3,8}|(?<![\p{N}])(?:112|110|113|115|119|129|1500\d{3}|0800\d{6,7})(?![\p{N}])/gu;
const CONTACT_WORDS = re([
  'hubungi', 'hubungilah', 'narahubung', 'cp', 'contact person', 'kontak', 'informasi lebih lanjut', 'info lebih lanjut', 'informasi selengkapnya',
  'info selengkapnya', 'call center', 'hotline', 'layanan pengaduan', 'pengaduan', 'tanyakan', 'direct message', 'pesan langsung', 'dm', 'whatsapp',
  'wa', 'telepon', 'telp', 'hp', 'email', 'e-mail', 'surel', 'lapor', 'sp4n lapor', 'kirim pesan',
]);
const CTA_WORDS = re([
  'daftar', 'daftarkan', 'daftarlah', 'segera daftar', 'kunjungi', 'kunjungilah', 'hubungi', 'hubungilah', 'segera', 'ayo', 'yuk', 'mari',
  'ikuti', 'ikutilah', 'hadiri', 'hadirilah', 'datang', 'datanglah', 'datangi', 'klik', 'cek', 'periksa', 'unduh', 'download', 'isi', 'isilah',
  'lengkapi', 'laporkan', 'bawa', 'siapkan', 'simak', 'tonton', 'saksikan', 'bagikan', 'sebarkan', 'manfaatkan', 'jangan lupa', 'waspadai',
  'hindari', 'pastikan', 'gunakan', 'scan', 'pindai', 'akses', 'ajukan', 'kirim', 'kirimkan', 'catat', 'tanyakan', 'jangan', 'mohon',
  'silakan', 'harap', 'dukung', 'sukseskan', 'bergabunglah', 'gabung', 'ikut', 'lakukan', 'bayar', 'bayarlah', 'lunasi', 'perpanjang',
]);

export interface Cues {
  when: Span | null;
  where: Span | null;
  contact: Span | null;
  cta: Span | null;
  link: boolean;
  officialLink: boolean;
}

function first(r: RegExp, text: string, skip: readonly Span[] = []): Span | null {
  const m = firstMatch(r, text, skip);
  return m ? { start: m.start, end: m.end } : null;
}

function firstWord(set: PhraseSet, model: TextModel): Span | null {
  const h = set.first(model);
  return h ? { start: h.start, end: h.end } : null;
}

function earliest(...spans: (Span | null)[]): Span | null {
  let best: Span | null = null;
  for (const s of spans) if (s && (!best || s.start < best.start)) best = s;
  return best;
}

function findWhen(model: TextModel): Span | null {
  return earliest(...WHEN_WORDS.map((set) => firstWord(set, model)), ...WHEN_RE.map((r) => first(r, model.text, model.links)));
}

function findWhere(model: TextModel): Span | null {
  const text = model.text;
  const direct = firstWord(PLACES, model) ?? firstWord(ONLINE, model) ?? first(WHERE_LABEL, text, model.special);
  if (direct) return direct;
  for (const h of VENUES.all(model)) if (VENUE_NEXT.test(text.slice(h.end, h.end + 6))) return { start: h.start, end: h.end };
  DI_PLACE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DI_PLACE.exec(text)) !== null) {
    if (!DAY_OR_MONTH.has(m[1]!.toLowerCase())) return { start: m.index, end: m.index + m[0].length };
  }
  return null;
}

const NOWHERE: Span = { start: 0, end: 0 };

/** The when/where/contact/call-to-action cues of a text (the title counts too; spans point into the text only). */
export function findCues(model: TextModel, title: string | TextModel = ''): Cues {
  const text = model.text;
  const head = typeof title === 'string' ? (title ? analyzeText(title) : null) : title;
  const phone = first(PHONE, text, model.links);
  const contact =
    phone ??
    firstWord(CONTACT_WORDS, model) ??
    (model.emails[0] ? { ...model.emails[0] } : null) ??
    (model.links[0] ? { start: model.links[0].start, end: model.links[0].end } : null) ??
    (model.mentions[0] ? { ...model.mentions[0] } : null);
  return {
    when: findWhen(model) ?? (head && findWhen(head) ? NOWHERE : null),
    where: findWhere(model) ?? (head && findWhere(head) ? NOWHERE : null),
    contact,
    cta: firstWord(CTA_WORDS, model) ?? (head && CTA_WORDS.has(head) ? NOWHERE : null),
    link: model.links.length > 0,
    officialLink: model.links.some((l) => l.official && !l.shortener),
  };
}

type Need = Severity | null;
/** Per post type: the severity of each missing element (null = not expected). */
const EXPECT: Readonly<Record<PostType, Readonly<Record<'what' | 'when' | 'where' | 'contact' | 'cta' | 'source', Need>>>> = {
  event: { what: 'warning', when: 'warning', where: 'warning', contact: 'info', cta: 'info', source: 'info' },
  service: { what: 'warning', when: 'warning', where: 'info', contact: 'warning', cta: 'warning', source: 'warning' },
  warning: { what: 'warning', when: 'info', where: 'warning', contact: 'info', cta: 'warning', source: 'warning' },
  info: { what: 'warning', when: null, where: null, contact: null, cta: null, source: 'info' },
  greeting: { what: null, when: null, where: null, contact: null, cta: null, source: null },
};

const TYPE_NAME: Readonly<Record<PostType, Bilingual>> = {
  event: { id: 'pengumuman acara', en: 'an event announcement' },
  service: { id: 'informasi layanan/program', en: 'a service or programme notice' },
  warning: { id: 'peringatan/imbauan', en: 'a warning' },
  info: { id: 'informasi umum', en: 'general information' },
  greeting: { id: 'ucapan', en: 'a greeting' },
};

export function checkCompleteness(ctx: Ctx): void {
  const type = ctx.postType;
  const need = EXPECT[type];
  const { model } = ctx;
  const cues = findCues(model, ctx.titleModel ?? ctx.input.title);
  const kind = TYPE_NAME[type];
  const typeNote = ctx.input.postType ? kind : { id: `${kind.id} (terdeteksi otomatis)`, en: `${kind.en} (detected automatically)` };
  const add = (rule: string, severity: Need, message: Bilingual, fix: Bilingual) => {
    if (severity) ctx.add({ rule, severity, message, fix });
  };
  if (need.what && model.words.length < ctx.t.minWords && (model.text.trim() !== '' || ctx.input.media.length === 0)) {
    add('completeness.missing_what', need.what, {
      id: `Teks hanya ${model.words.length} kata; pembaca belum tahu apa yang diumumkan.`,
      en: `The text has only ${model.words.length} words; readers cannot tell what is being announced.`,
    }, {
      id: 'Tulis satu-dua kalimat yang menjawab: apa, untuk siapa, dan mengapa penting.',
      en: 'Write one or two sentences saying what it is, for whom, and why it matters.',
    });
  }
  if (!cues.when) {
    add('completeness.missing_when', need.when, {
      id: `Untuk ${typeNote.id}, waktunya belum disebut.`,
      en: `For ${typeNote.en}, no time is given.`,
    }, {
      id: 'Sebut hari, tanggal dan jam, mis. "Senin, 1 Desember 2026, pukul 09.00 WIB", atau batas waktunya.',
      en: 'Give the day, date and time, e.g. "Senin, 1 Desember 2026, pukul 09.00 WIB", or the deadline.',
    });
  }
  if (!cues.where) {
    add('completeness.missing_where', need.where, {
      id: `Untuk ${typeNote.id}, tempat atau wilayahnya belum disebut.`,
      en: `For ${typeNote.en}, no place or area is given.`,
    }, {
      id: 'Sebut tempatnya (mis. "di Aula Kantor Gubernur, Jl. Jenderal Sudirman No. 51, Padang") atau wilayah yang terdampak; untuk acara daring, sebut platform dan tautannya.',
      en: 'Give the place (e.g. "di Aula Kantor Gubernur, Jl. Jenderal Sudirman No. 51, Padang") or the affected area; for an online event, the platform and link.',
    });
  }
  if (!cues.contact) {
    add('completeness.missing_contact', need.contact, {
      id: 'Belum ada kontak untuk bertanya.',
      en: 'There is no contact for questions.',
    }, {
      id: 'Tambahkan nomor layanan resmi, WhatsApp OPD, e-mail atau situs, mis. "Informasi: hubungi (0751) 123456".',
      en: 'Add the official service number, the OPD\'s WhatsApp, e-mail or website, e.g. "Informasi: hubungi (0751) 123456".',
    });
  }
  if (!cues.cta) {
    add('completeness.missing_cta', need.cta, {
      id: 'Belum ada ajakan yang jelas: apa yang perlu dilakukan pembaca?',
      en: 'No clear call to action: what should readers do?',
    }, {
      id: 'Akhiri dengan satu ajakan konkret, mis. "Daftar sebelum 30 November di ...", "Segera hubungi ...", "Kunjungi ...".',
      en: 'End with one concrete call to action, e.g. "Daftar sebelum 30 November di ...", "Segera hubungi ...", "Kunjungi ...".',
    });
  }
  if (!cues.link) {
    add('completeness.missing_source', need.source, {
      id: 'Belum ada tautan ke sumber resmi, sehingga warga sulit memeriksa kebenaran informasi.',
      en: 'There is no link to an official source, so citizens cannot check the information.',
    }, {
      id: 'Tambahkan tautan situs resmi, sebaiknya domain .go.id, mis. https://sumbarprov.go.id/...',
      en: 'Add a link to the official website, preferably a .go.id domain, e.g. https://sumbarprov.go.id/...',
    });
  } else if (!cues.officialLink && need.source && ctx.on('completeness.source_unofficial')) {
    const l = model.links.find((x) => x.shortener) ?? model.links[0]!;
    ctx.add({
      rule: 'completeness.source_unofficial',
      severity: 'info',
      message: l.shortener
        ? { id: `Tautan pemendek (${l.host}) menyembunyikan tujuan tautan; warga tidak bisa memastikan tautan itu resmi.`, en: `A link shortener (${l.host}) hides where the link goes; citizens cannot tell whether it is official.` }
        : { id: `Tautan ${l.host} bukan domain pemerintah (.go.id).`, en: `The link ${l.host} is not a government (.go.id) domain.` },
      fix: { id: 'Gunakan tautan lengkap ke situs resmi (.go.id), mis. https://sumbarprov.go.id/...', en: 'Use the full link to the official (.go.id) site, e.g. https://sumbarprov.go.id/...' },
      span: { start: l.start, end: l.end },
    });
  }
}
