// Safety: personal data (reusing the language module's detector), SARA-sensitive and non-inclusive wording,
// absolute claims and statistics without a source. Worded as hints: the author decides.
import { detectPii, type PiiSpan } from '../../../language/index.ts';
import type { Ctx } from '../context.ts';
import { CLAIM_TERMS, GROUP_TERMS, LOADED_TERMS, NEGATIVE_ATTRIBUTES, NON_INCLUSIVE, SARA_LABEL, SOURCE_CUES, type SaraCategory } from '../data/sensitive.ts';
import { matchAll, PhraseSet, type PhraseHit } from '../text.ts';
import type { Bilingual, Span } from '../types.ts';

const LOADED = new PhraseSet(LOADED_TERMS.map((x) => [x.term, x] as const));
const GROUP = new PhraseSet(GROUP_TERMS.map((x) => [x.term, x.category] as const));
const NEGATIVE = PhraseSet.of(NEGATIVE_ATTRIBUTES);
const INCLUSIVE = new PhraseSet(NON_INCLUSIVE.map((x) => [x.term, x] as const));
const CLAIMS = PhraseSet.of(CLAIM_TERMS);
const SOURCES = PhraseSet.of(SOURCE_CUES);
const PERCENT = /(?<![\p{L}\p{N}])\d+(?:[.,]\d+)?\s?(?:%|persen)(?![\p{L}])/giu;
const COUNT = /(?<![\p{L}\p{N}])\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?\s+(?:ribu\s+|juta\s+|miliar\s+)?(?:kasus|korban|jiwa|penduduk|pasien|penderita|pengangguran|warga miskin|balita stunting)(?![\p{L}])/giu;
/** A percentage right after these words is a policy figure (a discount), not a statistic. */
const POLICY_BEFORE = /(?:diskon|potongan|pemutihan|bebas|pengurangan|keringanan|subsidi|bunga|denda|tarif|insentif|sebesar)\s*(?:pokok\s+|pkb\s+|pajak\s+|denda\s+)?$/iu;
const PERSON_CUE = /(?:[Nn]arahubung|CP|[Cc]p|[Cc]ontact [Pp]erson|[Kk]ontak|[Hh]ubungi|[Aa]tas [Nn]ama|a\.n\.|[Pp]ribadi)\s*[:\-]?\s*(?:(?:[Bb]apak|[Ii]bu|[Pp]ak|[Bb]u|[Ss]dr\.?|[Ss]dri\.?|[Kk]ak|[Uu]da|[Uu]ni)\s+)?(\p{Lu}\p{Ll}+)(?:\s+\p{Lu}\p{Ll}+)?\s*[:\-(]?\s*$/u;
/** Capitalised words after "hubungi" that name a service, not a person. */
const NOT_PERSON = new Set(['layanan', 'call', 'pusat', 'kantor', 'dinas', 'badan', 'admin', 'humas', 'sekretariat', 'posko', 'hotline', 'whatsapp', 'customer', 'help', 'bagian', 'bidang', 'samsat', 'panitia', 'tim', 'petugas', 'operator', 'pengaduan', 'informasi', 'info', 'nomor', 'kami', 'unit', 'seksi', 'upt', 'uptd', 'puskesmas', 'rsud', 'balai', 'cabang', 'pos', 'kontak', 'telepon', 'bpbd', 'pln', 'pdam']);
const PRIVATE_ADDRESS_CUE = /(?:rumah|kediaman|tempat tinggal|alamat\s+(?:saya|rumah|pelapor|warga|korban|tersangka)|warga|pelapor|korban)[^.\n]{0,40}$/iu;
const VENUE_CUE = /(?:kantor|aula|gedung|dinas|badan|biro|hotel|gor|masjid|sekolah|sma|smk|rsud|rumah sakit|puskesmas|balai|lapangan|stadion|museum|pasar|terminal|universitas|kampus|bertempat|lokasi|sekretariat|posko|gubernuran|istana|auditorium|samsat|upt|uptd)[^.\n]{0,60}$/iu;
const ID_DOCUMENT = /(?<![\p{L}])(?:ktp|e-ktp|kartu tanda penduduk|kartu keluarga|nik|paspor|akta kelahiran|ijazah|rekam medis|hasil lab(?:oratorium)?|slip gaji|buku tabungan)(?![\p{L}])/iu;

function hint(category: SaraCategory): Bilingual {
  return SARA_LABEL[category];
}

function personalFinding(ctx: Ctx, p: PiiSpan, where: 'text' | number, text: string, all: readonly PiiSpan[]): void {
  const spanOf = where === 'text' ? { span: { start: p.start, end: p.end } } : {};
  const place: Bilingual = where === 'text' ? { id: 'Teks', en: 'The text' } : { id: `Teks alternatif gambar ${where}`, en: `The alt text of image ${where}` };
  const value = p.type === 'nik' ? p.value.slice(0, 4) + '…' : p.value.length > 30 ? `${p.value.slice(0, 29)}…` : p.value;
  if (p.type === 'nik') {
    ctx.add({
      rule: 'safety.personal_data',
      severity: 'error',
      message: {
        id: `${place.id} memuat NIK (${value}). NIK adalah data pribadi yang dilindungi UU 27/2022 dan dapat disalahgunakan untuk penipuan.`,
        en: `${place.en} contains a NIK (${value}). A NIK is personal data protected by Law 27/2022 and can be misused for fraud.`,
      },
      fix: { id: 'Hapus NIK dari postingan. Bila perlu memastikan identitas, lakukan lewat pesan pribadi.', en: 'Remove the NIK. If identity must be confirmed, do it by private message.' },
      ...spanOf,
    });
    return;
  }
  if (p.type === 'phone') {
    const before = text.slice(Math.max(0, p.start - 60), p.start);
    const cue = PERSON_CUE.exec(before);
    const person = cue !== null && !NOT_PERSON.has(cue[1]!.toLowerCase());
    const namedBefore = all.some((o) => o.type === 'name' && o.end <= p.start && p.start - o.end <= 30);
    if (where === 'text' && !person && !namedBefore) return;
    ctx.add({
      rule: 'safety.personal_data',
      severity: 'warning',
      message: {
        id: `${place.id} memuat nomor ponsel yang tampaknya milik pribadi seseorang (${value}). Nomor pribadi di postingan publik mengundang spam dan penipuan, dan tidak berlaku lagi saat petugasnya berganti.`,
        en: `${place.en} contains a mobile number that seems to belong to a person (${value}). A private number in a public post invites spam and fraud, and stops working when staff change.`,
      },
      fix: { id: 'Gunakan nomor layanan atau WhatsApp resmi OPD, bukan nomor pribadi petugas.', en: 'Use the OPD\'s official service number or WhatsApp, not a staff member\'s own number.' },
      ...spanOf,
    });
    return;
  }
  if (p.type === 'plate') {
    ctx.add({
      rule: 'safety.personal_data',
      severity: 'warning',
      message: { id: `${place.id} memuat nomor polisi kendaraan (${value}), yang dapat menunjuk ke pemiliknya.`, en: `${place.en} contains a vehicle plate (${value}), which can identify its owner.` },
      fix: { id: 'Hapus atau samarkan nomor polisi, mis. "BA 1234 XX" → "BA ****".', en: 'Remove or mask the plate, e.g. "BA 1234 XX" → "BA ****".' },
      ...spanOf,
    });
    return;
  }
  if (p.type === 'address') {
    const before = text.slice(Math.max(0, p.start - 80), p.start);
    const privateCue = /RT\s*\d/i.test(p.value) || PRIVATE_ADDRESS_CUE.test(before);
    if (!privateCue && VENUE_CUE.test(before)) return;
    ctx.add(
      privateCue
        ? {
            rule: 'safety.personal_data',
            severity: 'warning',
            message: { id: `${place.id} memuat alamat rumah pribadi (${value}).`, en: `${place.en} contains a private home address (${value}).` },
            fix: { id: 'Sebut cukup nagari/kelurahan atau kecamatan; alamat lengkap warga tidak perlu diumumkan.', en: 'Give only the nagari/kelurahan or kecamatan; a citizen\'s full address need not be published.' },
            ...spanOf,
          }
        : {
            rule: 'safety.personal_data',
            severity: 'info',
            message: { id: `${place.id} memuat alamat (${value}). Bila ini alamat rumah warga, jangan disebarkan.`, en: `${place.en} contains an address (${value}). If it is a citizen's home address, do not publish it.` },
            fix: { id: 'Untuk alamat rumah pribadi: sebut cukup nagari/kelurahan atau kecamatan. Alamat kantor atau tempat acara boleh tetap.', en: 'For a private home: give only the nagari/kelurahan or kecamatan. Office or venue addresses can stay.' },
            ...spanOf,
          },
    );
    return;
  }
  if (p.type === 'email' && where !== 'text') {
    ctx.add({
      rule: 'safety.personal_data',
      severity: 'warning',
      message: { id: `${place.id} memuat alamat e-mail (${value}).`, en: `${place.en} contains an e-mail address (${value}).` },
      fix: { id: 'Pastikan ini alamat resmi instansi, bukan milik pribadi; bila pribadi, samarkan di gambar.', en: 'Make sure it is the agency\'s official address, not a personal one; if personal, blur it in the image.' },
    });
  }
}

function checkPersonalData(ctx: Ctx): void {
  const { model, input } = ctx;
  const spans = detectPii(model.text);
  for (const p of spans) personalFinding(ctx, p, 'text', model.text, spans);
  input.media.forEach((m, i) => {
    const alt = m.altText ?? '';
    if (!alt.trim()) return;
    const altSpans = detectPii(alt);
    for (const p of altSpans) if (p.type !== 'name') personalFinding(ctx, p, i + 1, alt, altSpans);
    if (ID_DOCUMENT.test(alt)) {
      ctx.add({
        rule: 'safety.personal_data',
        severity: 'warning',
        message: {
          id: `Menurut teks alternatifnya, gambar ${i + 1} memperlihatkan dokumen pribadi (KTP, KK, ijazah, rekam medis, ...).`,
          en: `By its alt text, image ${i + 1} shows a personal document (ID card, family card, diploma, medical record, ...).`,
        },
        fix: { id: 'Samarkan (blur) nomor, nama, foto dan alamat pada dokumen sebelum diunggah, atau pakai contoh dokumen fiktif.', en: 'Blur numbers, names, photos and addresses on the document before uploading, or use a fictitious sample.' },
      });
    }
  });
}

/** The first hit inside the span. */
function within<T>(hits: readonly PhraseHit<T>[], s: Span): PhraseHit<T> | null {
  for (const h of hits) if (h.start >= s.start && h.end <= s.end) return h;
  return null;
}

function sentenceOf(ctx: Ctx, pos: number): Span {
  for (const s of ctx.model.sentences) if (pos >= s.start && pos < s.end) return s;
  return { start: 0, end: ctx.model.text.length };
}

export function checkSafety(ctx: Ctx): void {
  const { model } = ctx;
  const text = model.text;
  if (ctx.on('safety.personal_data')) checkPersonalData(ctx);
  if (ctx.on('safety.sara')) {
    for (const m of LOADED.all(model)) {
      const term = m.value;
      const cat = hint(term.category);
      ctx.add({
        rule: 'safety.sara',
        severity: 'warning',
        message: {
          id: `"${m.text}" adalah sebutan yang sensitif (${cat.id}) dan dapat menyinggung sebagian warga.`,
          en: `"${m.text}" is a sensitive label (${cat.en}) that may offend some citizens.`,
        },
        fix: { id: `Periksa kembali; pertimbangkan: ${term.suggestion.id}.`, en: `Please check; consider ${term.suggestion.en}.` },
        span: { start: m.start, end: m.end },
      });
    }
    const groups = GROUP.all(model);
    const negatives = groups.length ? NEGATIVE.all(model) : [];
    if (groups.length && negatives.length) {
      const done = new Set<number>();
      for (const g of groups) {
        const s = sentenceOf(ctx, g.start);
        if (done.has(s.start)) continue;
        const neg = within(negatives, s);
        if (!neg) continue;
        done.add(s.start);
        const cat = hint(g.value);
        ctx.add({
          rule: 'safety.sara',
          severity: 'info',
          message: {
            id: `Kalimat ini menyebut kelompok (${cat.id}: "${g.text}") bersama kata "${neg.text}". Bisa terbaca sebagai generalisasi terhadap kelompok itu.`,
            en: `This sentence names a group (${cat.en}: "${g.text}") together with "${neg.text}". It may read as generalising about that group.`,
          },
          fix: {
            id: 'Bila identitas kelompok tidak penting untuk informasinya, tidak perlu disebut; sebut perbuatannya, bukan kelompoknya.',
            en: 'If the group\'s identity does not matter to the information, leave it out; name the act, not the group.',
          },
          span: { start: s.start, end: s.end },
        });
      }
    }
  }
  if (ctx.on('safety.non_inclusive')) {
    for (const m of INCLUSIVE.all(model)) {
      const term = m.value;
      const after = text.slice(m.end, m.end + 20).toLowerCase();
      if (term.notBefore?.some((w) => after.startsWith(` ${w}`))) continue;
      ctx.add({
        rule: 'safety.non_inclusive',
        severity: 'warning',
        message: {
          id: `"${m.text}" merendahkan; istilah yang dipakai undang-undang dan komunitasnya berbeda.`,
          en: `"${m.text}" is demeaning; the law and the community use a different term.`,
        },
        fix: { id: `Gunakan "${term.suggestion}".`, en: `Use "${term.suggestion}".` },
        span: { start: m.start, end: m.end },
      });
    }
  }
  const sourced = model.links.length > 0;
  let sourceHits: PhraseHit<string>[] | null = null;
  const sourceIn = (s: Span) => within((sourceHits ??= SOURCES.all(model)), s) !== null;
  if (ctx.on('safety.unverified_claim')) {
    for (const m of CLAIMS.all(model)) {
      const s = sentenceOf(ctx, m.start);
      if (sourceIn(s)) continue;
      ctx.add({
        rule: 'safety.unverified_claim',
        severity: sourced ? 'info' : 'warning',
        message: {
          id: `"${m.text}" adalah klaim mutlak. Tanpa sumber yang bisa diperiksa, klaim seperti ini mudah dipatahkan dan merusak kepercayaan.`,
          en: `"${m.text}" is an absolute claim. Without a source readers can check, it is easily refuted and erodes trust.`,
        },
        fix: {
          id: 'Sebut sumbernya (mis. "menurut hasil uji BPOM ...") dan tautkan dokumen resminya, atau lunakkan klaimnya.',
          en: 'Name the source (e.g. "menurut hasil uji BPOM ...") and link the official document, or soften the claim.',
        },
        span: { start: m.start, end: m.end },
      });
    }
  }
  if (ctx.on('safety.statistic_without_source')) {
    const seenSentences = new Set<number>();
    const stats = [...matchAll(PERCENT, text, model.special), ...matchAll(COUNT, text, model.special)].sort((a, b) => a.start - b.start);
    for (const m of stats) {
      if (POLICY_BEFORE.test(text.slice(Math.max(0, m.start - 30), m.start))) continue;
      const s = sentenceOf(ctx, m.start);
      if (seenSentences.has(s.start) || sourceIn(s)) continue;
      seenSentences.add(s.start);
      if (seenSentences.size > 3) break;
      ctx.add({
        rule: 'safety.statistic_without_source',
        severity: sourced ? 'info' : 'warning',
        message: {
          id: `Angka "${m.text}" disajikan tanpa sumber. Angka tanpa sumber sulit dipercaya dan mudah dipelintir.`,
          en: `The figure "${m.text}" has no source. Figures without a source are hard to trust and easy to twist.`,
        },
        fix: { id: 'Sebut sumber dan waktunya, mis. "menurut data BPS Sumatera Barat (Maret 2026)", dan tautkan datanya.', en: 'Give the source and date, e.g. "menurut data BPS Sumatera Barat (Maret 2026)", and link the data.' },
        span: { start: m.start, end: m.end },
      });
    }
  }
}
