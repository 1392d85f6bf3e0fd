import { maskPersonalData } from '../../language/index.ts';
import { STATUS_LABEL } from '../lifecycle.ts';
import type { PublicRow } from './queries.ts';

// What the public may see of a case, shared by the tracking page and Open311 (pure).
//
// Published text: the citizen's own words (description, address as typed, photo link) are shown
// publicly only once Kominfotik verified the case (and never for an archived one): unreviewed text
// from an anonymous web form must not land on a government open-data feed. Status, category, OPD,
// dates and the public events are shown from the start. Personal data is masked in every text.

export type PublicStatus = 'open' | 'closed';

export function isPublicClosed(row: Pick<PublicRow, 'status' | 'handed_off_to'>): boolean {
  return row.status === 'selesai' || row.status === 'diarsipkan' || row.status === 'duplikat' || (row.status === 'bukan_wewenang' && row.handed_off_to !== null);
}

export function open311Status(row: Pick<PublicRow, 'status' | 'handed_off_to'>): PublicStatus {
  return isPublicClosed(row) ? 'closed' : 'open';
}

export function isPublished(row: Pick<PublicRow, 'verified_at' | 'status'>): boolean {
  return row.verified_at !== null && row.status !== 'diarsipkan';
}

const toDate = (d: Date | string | null) => (d ? new Date(d) : null);

/** The deadline the public can expect the next step by: verify/follow-up, else the auto-close, else the 60-day cap; none when closed or on hold. */
export function expectedAt(row: Pick<PublicRow, 'status' | 'handed_off_to' | 'verify_due_at' | 'followup_due_at' | 'close_due_at' | 'cap_due_at'>): Date | null {
  if (isPublicClosed(row) || row.status === 'tunda') return null;
  const due = [toDate(row.verify_due_at), toDate(row.followup_due_at)].filter((d): d is Date => d !== null);
  if (due.length) return new Date(Math.min(...due.map((d) => d.getTime())));
  return toDate(row.close_due_at) ?? toDate(row.cap_due_at);
}

/** ISO 8601 in UTC with Z, whole seconds: 2026-03-27T16:59:59Z. */
export function utc(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  return new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const mask = (t: string | null | undefined): string | null => (t == null ? null : maskPersonalData(t));

/** The public answer if any, else the latest public event; masked. */
export function statusNotes(row: Pick<PublicRow, 'public_answer' | 'last_public_text'>): string | null {
  return mask(row.public_answer) ?? mask(row.last_public_text);
}

/** Who handles the case now: the authority it was handed off to, else the owning OPD (Kominfotik's province org while unrouted). */
export function agencyResponsible(row: Pick<PublicRow, 'handed_off_to_name' | 'org_name'>): string {
  return row.handed_off_to_name ?? row.org_name;
}

/** Kecamatan, kab/kota, province: always public (no personal data). */
export function regionText(row: Pick<PublicRow, 'district_name' | 'regency_name'>): string {
  return [row.district_name ? `Kecamatan ${row.district_name}` : null, row.regency_name, 'Sumatera Barat'].filter(Boolean).join(', ');
}

/** The address as given (masked) when published, followed by the region; only the region before. */
export function publicAddress(row: Pick<PublicRow, 'submission_channel' | 'address_string' | 'location_text' | 'district_name' | 'regency_name' | 'verified_at' | 'status'>): string {
  // A public submission's address as typed (its coordinates are lat/long); a staff-made case's location text.
  const given = isPublished(row) ? mask(row.submission_channel ? row.address_string : row.location_text) : null;
  const region = regionText(row);
  return given ? `${given}, ${region}` : region;
}

/** An Indonesian sentence for each status, for the tracking page. */
export const STATUS_TEXT: Record<PublicRow['status'], string> = {
  diterima: 'Aduan sudah diterima dan menunggu verifikasi oleh Admin Koordinator (Diskominfotik Sumatera Barat).',
  terverifikasi: 'Aduan sudah diverifikasi dan sedang diteruskan kepada OPD yang berwenang.',
  didisposisi: 'Aduan sudah diteruskan kepada OPD yang berwenang dan menunggu tindak lanjut.',
  ditindaklanjuti: 'OPD sudah memberikan tindak lanjut. Bila belum sesuai, sampaikan tanggapan Anda melalui kanal semula.',
  selesai: 'Aduan sudah selesai ditangani.',
  tunda: 'Penanganan aduan ditunda sementara (misalnya menunggu kelengkapan data).',
  bukan_wewenang: 'Aduan bukan kewenangan Pemerintah Provinsi Sumatera Barat dan sedang/telah diteruskan kepada pihak yang berwenang.',
  duplikat: 'Aduan ini sama dengan aduan lain; penanganannya digabungkan ke aduan tersebut.',
  diarsipkan: 'Aduan diarsipkan dan tidak ditindaklanjuti.',
  dibuka_kembali: 'Aduan dibuka kembali atas sanggahan pelapor dan sedang ditangani lagi.',
};

export { STATUS_LABEL };
