// Personal-data detection (NIK, phone, e-mail, vehicle plate, names, addresses) and readable masking.
// Works on the original text (offsets are UTF-16 indices into the input). Never throws; input is capped.

export type PiiType = 'nik' | 'phone' | 'email' | 'plate' | 'name' | 'address';

export interface PiiSpan {
  type: PiiType;
  start: number;
  end: number;
  value: string;
  /** 0..1: how sure the detector is (e.g. NIK with a valid region/date structure → high) */
  confidence: number;
}

/** Longest text scanned for personal data. */
export const MAX_PII_CHARS = 20000;

// Province codes of Indonesian NIKs (Dukcapil / Kemendagri region codes).
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75,
  76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
]);

/** Structure check of a 16-digit NIK: province, regency, district, birth date (day +40 for women), serial. */
export function nikPlausible(d: string): boolean {
  if (!/^\d{16}$/.test(d)) return false;
  const prov = Number(d.slice(0, 2));
  const reg = Number(d.slice(2, 4));
  const dist = Number(d.slice(4, 6));
  let day = Number(d.slice(6, 8));
  const month = Number(d.slice(8, 10));
  if (!PROVINCES.has(prov) || reg === 0 || dist === 0) return false;
  if (day > 40) day -= 40;
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

const NIK_RE = /(?<![\d])(\d{16}|\d{6}[ .-]\d{6}[ .-]\d{4}|\d{4}[ .-]\d{4}[ .-]\d{4}[ .-]\d{4})(?![\d])/g;
const NIK_CUE = /\b(nik|ktp|no\.?\s*ktp|nomor induk)\b[\s:.#-]*$/i;
const PHONE_RE = /(?<![\d+])(?:\+62|62|0)[\s.-]?8\d{1,2}(?:[\s.-]?\d){6,10}(?![\d])/g;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PLATE_PREFIX =
  'A|AA|AB|AD|AE|AG|B|BA|BB|BD|BE|BG|BH|BK|BL|BM|BN|BP|D|DA|DB|DC|DD|DE|DG|DH|DK|DL|DM|DN|DR|DT|E|EA|EB|ED|F|G|H|K|KB|KH|KT|KU|L|M|N|P|PA|PB|R|S|T|W|Z';
const PLATE_RE = new RegExp(`(?<![A-Za-z0-9])(?:${PLATE_PREFIX})[ ]?\\d{1,4}[ ]?[A-Z]{1,3}(?![A-Za-z0-9])`, 'g');
const PLATE_LOWER_RE = /(?<![A-Za-z0-9])(?:ba|bm)[ ]\d{1,4}[ ][a-z]{1,3}(?![A-Za-z0-9])/gi;

const NAME_WORD = "[A-Z][a-zA-Z'’.-]*";
const NAME_SEQ = `${NAME_WORD}(?:[ ]${NAME_WORD}){0,3}`;
// "nama saya X", "atas nama X", "Nama: X", "Pelapor: X", "Pengusul: X", "Hormat kami,\nX"
const NAME_AFTER = new RegExp(
  `(?:\\b(?:[Nn]ama\\s+(?:saya|ambo|aku|lengkap|pelapor|orang\\s+tua|ortu|wali)|[Aa]tas\\s+nam[ao]|[Nn]ama|[Pp]elapor|[Pp]engusul|[Pp]engirim|[Hh]ormat\\s+(?:kami|saya))\\s*[:,]?\\s*(?:\\n\\s*)?)(?:(?:Hj?\\.|Ir\\.|Dr\\.|dr\\.|Ibu|Bu|Bapak|Pak|Ny\\.)\\s+)?(${NAME_SEQ})`,
  'g',
);
// "Saya Dewi Kartika, ..." / "Ambo Ramlah, NIK ..." / "saya Fauzan Hakim NIK"
const NAME_SELF = new RegExp(`\\b(?:[Ss]aya|[Aa]mbo)\\s+(${NAME_SEQ})(?=\\s*(?:[,(]|\\bNIK\\b|\\bdari\\b|\\bwarga\\b|\\n))`, 'g');
// kin + possessive + name: "ibu saya Nurhayati", "amak ambo Rosnida"
const NAME_KIN = new RegExp(
  `\\b(?:[Ii]bu|[Aa]yah|[Bb]apak|[Aa]mak|[Aa]pak|[Aa]nak|[Aa]dik|[Aa]diak|[Kk]akak|[Ii]stri|[Ss]uami|[Mm]ertua|[Nn]enek|[Kk]akek)\\s+(?:saya|ambo|kami|sy|aku)\\s+(${NAME_SEQ})`,
  'g',
);
// honorific + name: "Pak Rizal", "Bu Wulan", "dr. Anisa", "Ners Yola", "Mrs. Anna"
const NAME_TITLE = new RegExp(
  `(?<![A-Za-z])(?:Pak|Bu|Ibu|Bapak|dr\\.|Dr\\.|Ners|Mrs\\.|Mr\\.|Ms\\.|Hj\\.|Uda|Uni)\\s+(${NAME_SEQ})`,
  'g',
);
const NOT_NAMES = new Set([
  'gub', 'gubernur', 'wagub', 'wali', 'walikota', 'bupati', 'camat', 'lurah', 'kadis', 'kepala', 'presiden', 'menteri',
  'dewan', 'rt', 'rw', 'uwo', 'etek', 'mamak', 'guru', 'dokter', 'polisi', 'admin', 'min', 'the', 'dinas', 'kami',
  'saya', 'ambo', 'sekda', 'kapolda', 'kapolres', 'direktur', 'ketua', 'yth', 'terima', 'tolong', 'mohon', 'sudah',
  'bisa', 'apakah', 'kalau', 'ini', 'itu', 'ada', 'lah', 'jo', 'di', 'ke', 'dan', 'yang', 'untuk', 'selamat', 'pagi',
  'siang', 'sore', 'malam', 'dear', 'sir', 'madam', 'provinsi', 'pemprov', 'rsud', 'rs', 'bpbd', 'dishub', 'disdik',
  'bpjs', 'pln', 'pdam', 'samsat', 'nik', 'hp', 'wa', 'no', 'alamat', 'email', 'warga', 'kota', 'kabupaten', 'nagari',
  'jorong', 'kec', 'kel', 'jl', 'jalan', 'haji', 'h', 'ustad', 'ustadz', 'buya', 'datuak', 'angku', 'pemerintah',
]);
const PLACE_BEFORE = /(?:GOR|RSUD|RSU|RS|Jl\.?|Jalan|Masjid|Stadion|Bandara|Universitas|Museum|Lapangan|Taman|Gedung|Prof\.?|Univ\.?)\s*$/;

const ADDRESS_LINE = /\b(?:[Aa]lamat(?:\s+(?:kami|saya|rumah))?\s*(?:[:]|\bdi\b)\s*)([^\n]{4,120}?)(?=\s*(?:\n|$|\.\s|,\s*(?:Kota|Kab|Kabupaten)\b))/g;
const ADDRESS_INLINE =
  /\b(?:Jl\.|Jalan|Komplek|Kompleks|Perumahan|Perumnas|Jorong|Korong|Dusun|Kel\.|Kelurahan|Blok)\s+[A-Z0-9][^\n.,;]{2,60}?(?:\s+(?:No\.?|Nomor)\s*\d+[A-Za-z]?)(?:,?\s*RT\s*\d+\s*\/\s*RW\s*\d+)?/g;
const RT_RW = /\bRT\s*\d{1,3}\s*\/\s*RW\s*\d{1,3}\b/g;

function pushSpan(out: PiiSpan[], s: PiiSpan): void {
  for (const o of out) if (s.start < o.end && o.start < s.end) {
    // keep the more specific / longer span
    if (o.end - o.start >= s.end - s.start) return;
    o.type = s.type;
    o.start = s.start;
    o.end = s.end;
    o.value = s.value;
    o.confidence = s.confidence;
    return;
  }
  out.push(s);
}

function nameOk(value: string, text: string, start: number): boolean {
  const first = value.split(/\s+/)[0]!.toLowerCase().replace(/[.,]$/, '');
  if (NOT_NAMES.has(first)) return false;
  if (value.length < 3 && !/^[A-Z][a-z]/.test(value)) return false;
  if (PLACE_BEFORE.test(text.slice(Math.max(0, start - 12), start))) return false;
  return true;
}

function trimName(v: string): string {
  // stop before words that start sentences or descriptions ("Saya Yuliana Sari, pelaku" already stops at comma)
  const parts = v.split(' ');
  const out: string[] = [];
  for (const p of parts) {
    const low = p.toLowerCase().replace(/[.,]$/, '');
    if (out.length > 0 && (NOT_NAMES.has(low) || /^(NIK|HP|WA|No)$/i.test(p))) break;
    out.push(p);
  }
  return out.join(' ').replace(/[.,'’-]+$/, '');
}

// What every match of a pattern contains, as one short regular expression each (a necessary condition: the
// pattern runs only when it holds). Names: the word that precedes the name, then the name's capital letter.
// NAME_AFTER: its key words end in one of these, then separators, an optional title (all capitalised but "dr.").
const AFTER_PRE = /(?:ama|amo|saya|ambo|aku|lengkap|elapor|tua|ortu|wali|engusul|engirim|kami)\s*[:,]?\s*(?:dr\.\s+)?[A-Z]/;
const SELF_PRE = /(?:[Ss]aya|[Aa]mbo)\s+[A-Z]/;
const KIN_PRE = /(?:saya|ambo|kami|sy|aku)\s+[A-Z]/;
const TITLE_PRE = /(?:Pak|Bu|Ibu|Bapak|dr\.|Dr\.|Ners|Mrs\.|Mr\.|Ms\.|Hj\.|Uda|Uni)\s+[A-Z]/;
// all four at once (their key words, then what any of their separators allows): one scan rules them all out
const ANY_NAME_PRE =
  /(?:ama|amo|saya|aya|ambo|mbo|aku|lengkap|elapor|tua|ortu|wali|engusul|engirim|kami|sy|Pak|Bu|Ibu|Bapak|dr\.|Dr\.|Ners|Mrs\.|Mr\.|Ms\.|Hj\.|Uda|Uni)[\s:,]*(?:dr\.\s+)?[A-Z]/;
// plates: a capital letter of the prefix, then (a space and) a digit; "ba 1234 xy" / "bm …" in any case
const PLATE_PRE = /[A-Z] ?\d/;
const PLATE_LOWER_PRE = /[bB][aAmM] \d/;
function nameCandidate(re: RegExp, text: string): boolean {
  if (re === NAME_AFTER) return AFTER_PRE.test(text);
  if (re === NAME_SELF) return SELF_PRE.test(text);
  if (re === NAME_KIN) return KIN_PRE.test(text);
  return TITLE_PRE.test(text);
}

/** Finds personal data in text. Spans never overlap and are sorted by start. */
export function detectPii(input: unknown): PiiSpan[] {
  let text = typeof input === 'string' ? input : '';
  if (text.length > MAX_PII_CHARS) text = text.slice(0, MAX_PII_CHARS);
  // Pre-checks: each pattern runs only when the text has what any match of it needs (an '@', enough ASCII
  // digits, an upper-case letter for names, its literal key words). Same spans, far fewer regex scans.
  let digits = 0;
  let upper = false;
  let at = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper = true;
    else if (c === 64) at = true;
  }
  return detectPiiCounted(text, digits, upper, at);
}

/**
 * detectPii for a text of at most MAX_PII_CHARS whose ASCII digits, upper-case letters and '@' were counted
 * already (analyze takes them from the normalisation's pass over the characters).
 */
export function detectPiiCounted(text: string, digits: number, upper: boolean, at: boolean): PiiSpan[] {
  const out: PiiSpan[] = [];
  let m: RegExpExecArray | null;
  if (at) EMAIL_RE.lastIndex = 0;
  while (at && (m = EMAIL_RE.exec(text)) !== null) pushSpan(out, { type: 'email', start: m.index, end: m.index + m[0].length, value: m[0], confidence: 0.99 });
  NIK_RE.lastIndex = 0;
  while (digits >= 16 && (m = NIK_RE.exec(text)) !== null) {
    const digits = m[1]!.replace(/\D/g, '');
    const cue = NIK_CUE.test(text.slice(Math.max(0, m.index - 16), m.index));
    const ok = nikPlausible(digits);
    if (ok || cue) pushSpan(out, { type: 'nik', start: m.index, end: m.index + m[0].length, value: m[0], confidence: ok && cue ? 0.99 : ok ? 0.9 : 0.7 });
  }
  PHONE_RE.lastIndex = 0;
  while (digits >= 9 && (m = PHONE_RE.exec(text)) !== null) {
    const digits = m[0].replace(/\D/g, '');
    const national = digits.startsWith('62') ? digits.length - 2 : digits.length - 1;
    if (national < 9 || national > 12) continue;
    pushSpan(out, { type: 'phone', start: m.index, end: m.index + m[0].length, value: m[0], confidence: 0.95 });
  }
  for (const re of digits > 0 ? [PLATE_RE, PLATE_LOWER_RE] : []) {
    if (!(re === PLATE_RE ? PLATE_PRE : PLATE_LOWER_PRE).test(text)) continue;
    re.lastIndex = 0;
    while ((m = re.exec(text)) !== null) {
      const v = m[0];
      // single-letter prefixes need the spaced form ("B 1234 XYZ") to avoid matching codes like "A1B"
      if (!/^[A-Za-z]{1,2} \d{1,4} [A-Za-z]{1,3}$/.test(v) && !/^(BA|BM)\d{1,4}[A-Z]{1,3}$/.test(v.replace(/ /g, ''))) continue;
      if (/^[A-Z] \d{1,4} [A-Z]$/.test(v)) continue;
      pushSpan(out, { type: 'plate', start: m.index, end: m.index + v.length, value: v, confidence: 0.85 });
    }
  }
  for (const re of upper && ANY_NAME_PRE.test(text) ? [NAME_AFTER, NAME_SELF, NAME_KIN, NAME_TITLE] : []) {
    if (!nameCandidate(re, text)) continue;
    re.lastIndex = 0;
    while ((m = re.exec(text)) !== null) {
      const raw = m[1]!;
      const v = trimName(raw);
      if (v.length === 0) continue;
      const start = m.index + m[0].lastIndexOf(raw);
      if (!nameOk(v, text, start)) continue;
      pushSpan(out, { type: 'name', start, end: start + v.length, value: v, confidence: re === NAME_TITLE ? 0.6 : 0.8 });
    }
  }
  for (const re of [ADDRESS_LINE, ADDRESS_INLINE]) {
    // ADDRESS_INLINE needs "No." / "Nomor" and a number
    if (re === ADDRESS_LINE ? !text.includes('lamat') : digits === 0 || !text.includes('No')) continue;
    re.lastIndex = 0;
    while ((m = re.exec(text)) !== null) {
      const raw = re === ADDRESS_LINE ? m[1]! : m[0];
      const start = m.index + m[0].indexOf(raw);
      const v = raw.replace(/[\s,.;]+$/, '');
      if (v.length < 4) continue;
      pushSpan(out, { type: 'address', start, end: start + v.length, value: v, confidence: 0.7 });
    }
  }
  RT_RW.lastIndex = 0;
  while (digits > 0 && text.includes('RT') && (m = RT_RW.exec(text)) !== null) {
    const overl = out.some((o) => m!.index < o.end && o.start < m!.index + m![0].length);
    if (!overl) pushSpan(out, { type: 'address', start: m.index, end: m.index + m[0].length, value: m[0], confidence: 0.5 });
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

function starDigits(s: string, keepHead: number, keepTail: number): string {
  let seen = 0;
  const total = s.replace(/\D/g, '').length;
  let out = '';
  for (const ch of s) {
    if (ch >= '0' && ch <= '9') {
      seen++;
      out += seen <= keepHead || seen > total - keepTail ? ch : '•';
    } else out += ch;
  }
  return out;
}

function maskWordInitials(s: string): string {
  return s.replace(/[\p{L}\p{N}]+/gu, (w) => w[0] + '•'.repeat(Math.max(1, w.length - 1)));
}

/** Masked form of one span that keeps the text readable (type and shape stay visible). */
export function maskValue(type: PiiType, value: string): string {
  switch (type) {
    case 'nik':
      return starDigits(value, 4, 0); // region code stays, birth date and serial go
    case 'phone':
      return starDigits(value, 4, 2);
    case 'email': {
      const at = value.indexOf('@');
      return at > 0 ? value[0] + '•••' + value.slice(at) : '•••';
    }
    case 'plate':
      return value.replace(/\d/g, '•');
    case 'name':
      return maskWordInitials(value);
    case 'address':
      return '[alamat]';
  }
}

/** Replaces personal data with readable masks: "NIK 1371••••••••••••, HP 0812-••••-••01, nama D••• K••••••". */
export function maskPersonalData(text: unknown, spans?: readonly PiiSpan[]): string {
  const t = typeof text === 'string' ? text : '';
  const list = spans ?? detectPii(t);
  let out = '';
  let pos = 0;
  for (const s of list) {
    if (s.start < pos || s.end > t.length) continue;
    out += t.slice(pos, s.start) + maskValue(s.type, t.slice(s.start, s.end));
    pos = s.end;
  }
  return out + t.slice(pos);
}

/** A person's name for lists: first name and initials ("Rina M."); the full name only on purpose. */
export function shortName(name: string | null): string | null {
  if (!name) return null;
  const [first, ...rest] = name.trim().split(/\s+/);
  return [first, ...rest.map((w) => `${[...w][0] ?? ''}.`)].join(' ').slice(0, 60);
}
