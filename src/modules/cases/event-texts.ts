import { formatWib } from './calendar.ts';
import { DEADLINE_LABEL, type WatchedDeadline } from './deadlines.ts';

// The texts Dayung itself writes into a case's history, as codes with parameters (pure). Each event
// stores the code and the parameters next to the Indonesian text made from them here: the web shows
// the code through its translations (web/src/i18n id.json and en.json, `caseEvents.*`), so staff
// and the public tracking page read the history in Indonesian or English; the Indonesian text goes
// to the citizen's channel, to exports, and is the fallback for events written before codes existed.
// Parameters never carry personal data: names of organisations and authorities, tracking codes,
// numbers, dates (ISO, keys ending in "At") and deadline kinds; an archive reason is masked where shown.
//
// web/src/i18n/case-events.test.ts checks that the Indonesian translations say exactly this.

export type EventParams = Record<string, string | number>;

const str = (p: EventParams, k: string) => String(p[k] ?? '');
const deadline = (p: EventParams) => DEADLINE_LABEL[p.deadline as WatchedDeadline] ?? str(p, 'deadline');
const wib = (p: EventParams, k: string) => (p[k] ? formatWib(new Date(String(p[k]))) : '');

/** Citizen-facing texts (`public_code`). */
export const PUBLIC_TEXTS = {
  received: (p: EventParams) => `Aduan diterima dengan kode pelacakan ${str(p, 'code')}.`,
  verified: () => 'Aduan telah diverifikasi dan akan diteruskan kepada OPD yang berwenang.',
  disposed: (p: EventParams) => `Aduan didisposisikan kepada ${str(p, 'org')} untuk ditindaklanjuti.`,
  closed: () => 'Aduan dinyatakan selesai.',
  auto_closed: (p: EventParams) => `Aduan selesai: tidak ada tanggapan pelapor selama ${str(p, 'days')} hari kerja setelah tindak lanjut.`,
  held: () => 'Penanganan aduan ditunda sementara.',
  resumed: () => 'Penanganan aduan dilanjutkan.',
  not_authority: () => 'Aduan dinilai bukan kewenangan unit yang menerima; Admin Koordinator sedang meneruskannya kepada pihak yang berwenang.',
  handed_off: (p: EventParams) => `Aduan diteruskan kepada ${str(p, 'authority')} karena bukan kewenangan Pemerintah Provinsi Sumatera Barat.`,
  archived: (p: EventParams) => `Aduan diarsipkan. Alasan: ${str(p, 'reason')}`,
  reopened: () => 'Aduan dibuka kembali karena pelapor menyatakan masalahnya belum selesai.',
  duplicate: (p: EventParams) => `Aduan ini sama dengan aduan ${str(p, 'original')}; penanganannya digabungkan ke aduan tersebut.`,
  merged_in: (p: EventParams) => `Laporan warga lain tentang hal yang sama digabungkan ke aduan ini (${str(p, 'count')} pelapor).`,
  joined: (p: EventParams) => `Warga lain ikut melaporkan hal yang sama (${str(p, 'count')} pelapor).`,
  rated: (p: EventParams) => `Pelapor memberi penilaian ${str(p, 'rating')} dari 5.`,
} as const satisfies Record<string, (p: EventParams) => string>;

/** Staff texts written by Dayung (`text_code`); what staff type themselves has no code. */
export const STAFF_TEXTS = {
  auto_closed: (p: EventParams) => `Ditutup otomatis: pelapor tidak menanggapi tindak lanjut selama ${str(p, 'days')} hari kerja (batas ${wib(p, 'dueAt')}).`,
  external_ref: (p: EventParams) => `Nomor referensi SP4N-LAPOR!/instansi tujuan: ${str(p, 'ref')}`,
  merged_from: (p: EventParams) => `Aduan ${str(p, 'merged')} digabungkan ke aduan ini (ikut melapor).`,
  reporter_joined: () => 'Pesan warga lain ditautkan ke aduan ini (ikut melapor).',
  flags_changed: () => 'Sifat aduan diubah.',
  attachment_added: () => 'Petugas menambahkan lampiran.',
  deadline_warning: (p: EventParams) => `Peringatan: batas ${deadline(p)} ${str(p, 'left')}.`,
  escalation: (p: EventParams) => `Eskalasi: batas ${deadline(p)} terlewati (${wib(p, 'dueAt')}); dilaporkan kepada pimpinan OPD dan Kominfotik.`,
} as const satisfies Record<string, (p: EventParams) => string>;

export type PublicCode = keyof typeof PUBLIC_TEXTS;
export type StaffCode = keyof typeof STAFF_TEXTS;

/** The public text of an event: code, parameters and the Indonesian text. */
export function publicText(code: PublicCode, params: EventParams = {}): { publicCode: PublicCode; publicText: string; params: EventParams } {
  return { publicCode: code, publicText: PUBLIC_TEXTS[code](params), params };
}

/** A staff text written by Dayung: code, parameters and the Indonesian text. */
export function staffText(code: StaffCode, params: EventParams = {}): { textCode: StaffCode; text: string; params: EventParams } {
  return { textCode: code, text: STAFF_TEXTS[code](params), params };
}
