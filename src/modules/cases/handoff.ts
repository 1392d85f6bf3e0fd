import type { CaseClassification } from '../../platform/db/schema.ts';

// Hand-off outside the province: the covering letter (Indonesian) and the export in SP4N-LAPOR!
// fields. Pure: the service passes already-masked text and decides what may be revealed; an
// anonymous reporter is never named here, whoever asks.

export const CLASSIFICATION_LABEL: Record<CaseClassification, string> = {
  pengaduan: 'Pengaduan',
  aspirasi: 'Aspirasi',
  permintaan_informasi: 'Permintaan Informasi',
};

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "17 Maret 2026" (WIB date). */
export function longDateWib(d: Date): string {
  const w = new Date(d.getTime() + 7 * 3_600_000);
  return `${w.getUTCDate()} ${MONTHS[w.getUTCMonth()]} ${w.getUTCFullYear()}`;
}

export interface AuthorityInfo {
  code: string;
  name: string;
  level: string;
  perRegency: boolean;
  topics: { topic?: string; keywords?: string[]; forwardHint?: string; handledBy?: string }[];
  contact: { hotline?: Record<string, string>; channels?: string[] };
}

export interface CaseSummary {
  code: string;
  receivedAt: Date;
  classification: CaseClassification;
  category: { code: string; name: string } | null;
  title: string;
  /** Already masked unless revealed on purpose. */
  description: string;
  location: { regencyCode: string | null; regency: string | null; districtCode: string | null; district: string | null; text: string | null };
  anonymous: boolean;
  confidential: boolean;
  /** null for anonymous cases (always) or when not to be shown. */
  reporter: { name: string | null; phone: string | null; email: string | null } | null;
  channel: string;
  status: string;
  owner: { code: string; name: string };
  externalRef: string | null;
  handedOffTo: { code: string; name: string } | null;
}

/** The authority's name as addressed in the letter (kab/kota bodies are named after the place when known). */
export function addressee(a: AuthorityInfo, regency: string | null): string {
  return a.perRegency && regency ? `${a.name}, ${regency}` : a.name;
}

/** Forward hints of the authority's topics whose keywords occur in the text (all hints when none match). */
export function matchingHints(a: AuthorityInfo, text: string): string[] {
  const lower = text.toLowerCase();
  const hit = a.topics.filter((t) => (t.keywords ?? []).some((k) => k.length >= 3 && lower.includes(k.toLowerCase())));
  const chosen = hit.length ? hit : a.topics.length === 1 ? a.topics : [];
  return [...new Set(chosen.map((t) => t.forwardHint).filter((h): h is string => Boolean(h)))];
}

export function locationLine(l: CaseSummary['location']): string {
  const parts = [l.text, l.district ? `Kecamatan ${l.district}` : null, l.regency, 'Sumatera Barat'].filter(Boolean);
  return parts.join(', ');
}

/** The covering letter of a hand-off, in Indonesian. */
export function handoffLetter(c: CaseSummary, a: AuthorityInfo, opts: { at: Date; note?: string | null | undefined; sender: string }): string {
  const hints = matchingHints(a, `${c.title} ${c.description}`);
  const channels = a.contact.channels ?? [];
  const reporterLine = c.anonymous
    ? 'Pelapor meminta identitasnya dirahasiakan (anonim).'
    : 'Identitas pelapor tidak dicantumkan dalam surat ini (UU 27/2022 tentang Pelindungan Data Pribadi); dapat diberikan atas permintaan resmi untuk keperluan penanganan.';
  const lines = [
    `Nomor   : ${c.code}/DAYUNG/${new Date(opts.at.getTime() + 7 * 3_600_000).getUTCFullYear()}`,
    `Perihal : Penerusan ${CLASSIFICATION_LABEL[c.classification].toLowerCase()} masyarakat (bukan kewenangan Pemerintah Provinsi Sumatera Barat)`,
    '',
    'Kepada Yth.',
    addressee(a, c.location.regency),
    'di tempat',
    '',
    'Dengan hormat,',
    '',
    `Pemerintah Provinsi Sumatera Barat melalui kanal pengaduan Dayung menerima ${CLASSIFICATION_LABEL[c.classification].toLowerCase()} masyarakat pada ${longDateWib(c.receivedAt)} dengan kode pelacakan ${c.code}. Berdasarkan pembagian urusan pemerintahan (UU 23/2014), pokok ${CLASSIFICATION_LABEL[c.classification].toLowerCase()} tersebut bukan merupakan kewenangan Pemerintah Provinsi, sehingga kami teruskan untuk ditindaklanjuti sesuai kewenangan Bapak/Ibu.`,
    '',
    'Ringkasan:',
    `- Kode pelacakan : ${c.code}`,
    `- Klasifikasi    : ${CLASSIFICATION_LABEL[c.classification]}`,
    `- Kategori       : ${c.category?.name ?? '-'}`,
    `- Judul          : ${c.title}`,
    `- Lokasi         : ${locationLine(c.location)}`,
    `- Kanal          : ${c.channel}`,
    `- Uraian         : ${c.description}`,
    `- Pelapor        : ${reporterLine}`,
  ];
  if (c.confidential) lines.push('- Sifat          : RAHASIA. Mohon isi aduan tidak dipublikasikan.');
  if (hints.length) lines.push('', ...hints.map((h) => `Catatan: ${h}`));
  if (opts.note) lines.push('', `Catatan petugas: ${opts.note}`);
  lines.push(
    '',
    `Mohon tindak lanjut dapat disampaikan langsung kepada pelapor dan ditembuskan kepada kami dengan menyebutkan kode ${c.code}${channels.length ? `, atau melalui ${channels.join(' / ')}` : ''}. Data aduan dalam format SP4N-LAPOR! terlampir.`,
    '',
    'Atas perhatian dan kerja samanya, kami ucapkan terima kasih.',
    '',
    `Padang, ${longDateWib(opts.at)}`,
    opts.sender,
    'selaku Admin Koordinator SP4N-LAPOR! Pemerintah Provinsi Sumatera Barat',
  );
  return lines.join('\n');
}

/** The case in SP4N-LAPOR! fields (classification, category, description, location, attachments, anonymity). */
export function laporExport(c: CaseSummary, at: Date) {
  return {
    format: 'dayung.sp4n-lapor.v1',
    generatedAt: at.toISOString(),
    trackingId: c.code,
    externalRef: c.externalRef,
    title: c.title,
    classification: CLASSIFICATION_LABEL[c.classification],
    classificationCode: c.classification,
    category: c.category,
    description: c.description,
    location: {
      province: 'Sumatera Barat',
      provinceCode: '13',
      regencyCode: c.location.regencyCode,
      regency: c.location.regency,
      districtCode: c.location.districtCode,
      district: c.location.district,
      detail: c.location.text,
    },
    attachments: [] as { url: string; type: string }[],
    anonymous: c.anonymous,
    confidential: c.confidential,
    reporter: c.anonymous ? null : c.reporter,
    channel: c.channel,
    receivedAt: c.receivedAt.toISOString(),
    status: c.status,
    agency: c.owner,
    forwardedTo: c.handedOffTo,
  };
}

export type LaporExport = ReturnType<typeof laporExport>;
