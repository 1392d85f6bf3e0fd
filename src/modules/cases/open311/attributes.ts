import { formatWib } from '../../../platform/time.ts';

// The attributes of each Open311 service definition (GeoReport v2 "service definition"): where
// (kabupaten/kota from ref_regency, kecamatan from ref_district), when, the reporter's choices
// (anonymous, confidential), and a few category-specific questions. Pure: the regions and the
// category come in; validation turns attribute[code] answers into case fields or Open311 errors.

export type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface AttributeDef {
  variable: boolean;
  code: string;
  datatype: Datatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

export interface Regions {
  regencies: { code: string; name: string }[];
  districts: { code: string; name: string; regency_code: string }[];
}

export interface CategoryInfo {
  code: string;
  name: string;
  confidential_by_default: boolean;
}

/** Answers that become case fields (location, flags) rather than lines of the description. */
const CASE_FIELDS = new Set(['KABKOTA', 'KECAMATAN', 'ANONIM', 'RAHASIA']);

const YES_NO = [
  { key: 'ya', name: 'Ya' },
  { key: 'tidak', name: 'Tidak' },
];

/** Questions of particular categories (beyond the common ones). */
const EXTRA: Record<string, Omit<AttributeDef, 'order'>[]> = {
  JALAN_JEMBATAN: [
    {
      variable: true,
      code: 'KONDISI',
      datatype: 'multivaluelist',
      required: false,
      datatype_description: 'Satu atau lebih kunci dari daftar',
      description: 'Kondisi yang terlihat',
      values: [
        { key: 'berlubang', name: 'Jalan berlubang' },
        { key: 'retak', name: 'Jalan retak atau bergelombang' },
        { key: 'amblas', name: 'Jalan amblas atau longsor' },
        { key: 'jembatan', name: 'Jembatan rusak atau putus' },
        { key: 'drainase', name: 'Drainase tersumbat atau tergenang' },
        { key: 'rambu', name: 'Rambu, marka atau lampu jalan' },
      ],
    },
  ],
  BENCANA: [
    {
      variable: true,
      code: 'JENIS_BENCANA',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: 'Satu kunci dari daftar',
      description: 'Jenis bencana',
      values: [
        { key: 'banjir', name: 'Banjir atau banjir bandang' },
        { key: 'longsor', name: 'Tanah longsor' },
        { key: 'gempa', name: 'Gempa bumi' },
        { key: 'erupsi', name: 'Erupsi gunung api' },
        { key: 'karhutla', name: 'Kebakaran hutan dan lahan' },
        { key: 'angin', name: 'Angin kencang atau puting beliung' },
        { key: 'abrasi', name: 'Abrasi atau gelombang pasang' },
        { key: 'lainnya', name: 'Lainnya' },
      ],
    },
    { variable: true, code: 'JUMLAH_TERDAMPAK', datatype: 'number', required: false, datatype_description: 'Bilangan bulat ≥ 0 (orang)', description: 'Perkiraan jumlah warga terdampak' },
  ],
  PENDIDIKAN_MENENGAH: [{ variable: true, code: 'NAMA_SEKOLAH', datatype: 'string', required: false, datatype_description: 'Teks singkat (≤ 200 karakter)', description: 'Nama SMA/SMK/SLB' }],
  KESEHATAN: [{ variable: true, code: 'NAMA_FASILITAS', datatype: 'string', required: false, datatype_description: 'Teks singkat (≤ 200 karakter)', description: 'Nama fasilitas kesehatan' }],
  RUMAH_SAKIT_PROVINSI: [{ variable: true, code: 'NAMA_FASILITAS', datatype: 'string', required: false, datatype_description: 'Teks singkat (≤ 200 karakter)', description: 'Nama rumah sakit' }],
};

/** The attributes of a category's service definition, in order. */
export function attributesFor(category: CategoryInfo, regions: Regions): AttributeDef[] {
  const regencyName = new Map(regions.regencies.map((r) => [r.code, r.name]));
  const list: Omit<AttributeDef, 'order'>[] = [
    {
      variable: true,
      code: 'KABKOTA',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: 'Kode wilayah Kemendagri kabupaten/kota (mis. 13.71 = Kota Padang)',
      description: 'Kabupaten/kota lokasi masalah',
      values: regions.regencies.map((r) => ({ key: r.code, name: r.name })),
    },
    {
      variable: true,
      code: 'KECAMATAN',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: 'Kode wilayah Kemendagri kecamatan (mis. 13.71.01); harus berada di kabupaten/kota yang dipilih',
      description: 'Kecamatan lokasi masalah',
      values: regions.districts.map((d) => ({ key: d.code, name: `${d.name} (${regencyName.get(d.regency_code) ?? d.regency_code})` })),
    },
    { variable: true, code: 'WAKTU_KEJADIAN', datatype: 'datetime', required: false, datatype_description: 'ISO 8601 dengan zona waktu, mis. 2026-03-01T08:00:00+07:00', description: 'Kapan masalah terjadi atau terlihat' },
    { variable: true, code: 'ANONIM', datatype: 'singlevaluelist', required: false, datatype_description: 'ya atau tidak (bawaan: tidak)', description: 'Sembunyikan identitas pelapor dari OPD yang menangani (anonim)', values: YES_NO },
    category.confidential_by_default
      ? {
          variable: false,
          code: 'RAHASIA',
          datatype: 'string',
          required: false,
          datatype_description: null,
          description: 'Aduan dalam kategori ini selalu dirahasiakan: tidak ditampilkan dalam daftar publik, dan hanya dapat dilacak dengan kunci pelacakan pelapor.',
        }
      : { variable: true, code: 'RAHASIA', datatype: 'singlevaluelist', required: false, datatype_description: 'ya atau tidak (bawaan: tidak)', description: 'Rahasiakan aduan (tidak ditampilkan dalam daftar publik)', values: YES_NO },
    ...(EXTRA[category.code] ?? []),
  ];
  // Fields in the order of the specification's examples.
  return list.map((a, i) => ({
    variable: a.variable,
    code: a.code,
    datatype: a.datatype,
    required: a.required,
    datatype_description: a.datatype_description,
    order: i + 1,
    description: a.description,
    ...(a.values ? { values: a.values } : {}),
  }));
}

export interface AttributeProblem {
  code: string;
  id: string;
  en: string;
}

export interface AttributeAnswers {
  regencyCode: string | null;
  districtCode: string | null;
  anonymous: boolean;
  confidential: boolean;
  /** Every accepted answer, as stored (case_submission.attributes). */
  stored: Record<string, string | string[]>;
  /** Lines added to the case description for staff ("Jenis bencana: Banjir"). */
  lines: string[];
}

/**
 * Checks attribute[code] answers against the definition: unknown codes, required ones, datatypes,
 * list values, and the kecamatan lying in the chosen kabupaten/kota. Informational attributes
 * (variable false) are ignored when sent.
 */
export function validateAttributes(defs: AttributeDef[], answers: Record<string, string[]>, regions: Regions): { ok: true; value: AttributeAnswers } | { ok: false; problems: AttributeProblem[] } {
  const problems: AttributeProblem[] = [];
  const byCode = new Map(defs.map((d) => [d.code, d]));
  const stored: Record<string, string | string[]> = {};
  const lines: string[] = [];
  for (const code of Object.keys(answers)) {
    if (!byCode.has(code)) problems.push({ code, id: `attribute[${code}] tidak dikenal untuk layanan ini`, en: `attribute[${code}] is not defined for this service` });
  }
  for (const def of defs) {
    if (!def.variable) continue;
    const raw = (answers[def.code] ?? []).map((v) => v.trim()).filter((v) => v !== '');
    if (raw.length === 0) {
      if (def.required) problems.push({ code: def.code, id: `attribute[${def.code}] wajib diisi (${def.description})`, en: `attribute[${def.code}] is required (${def.description})` });
      continue;
    }
    if (def.datatype !== 'multivaluelist' && raw.length > 1) {
      problems.push({ code: def.code, id: `attribute[${def.code}] hanya boleh berisi satu nilai`, en: `attribute[${def.code}] takes a single value` });
      continue;
    }
    const v = raw[0]!;
    const keys = new Set((def.values ?? []).map((x) => x.key));
    const nameOf = (k: string) => def.values?.find((x) => x.key === k)?.name ?? k;
    switch (def.datatype) {
      case 'singlevaluelist':
        if (!keys.has(v)) problems.push({ code: def.code, id: `attribute[${def.code}]: nilai "${v}" tidak ada dalam daftar`, en: `attribute[${def.code}]: "${v}" is not one of the listed values` });
        else {
          stored[def.code] = v;
          if (!CASE_FIELDS.has(def.code)) lines.push(`${def.description}: ${nameOf(v)}`);
        }
        break;
      case 'multivaluelist': {
        const bad = raw.filter((x) => !keys.has(x));
        if (bad.length) problems.push({ code: def.code, id: `attribute[${def.code}]: nilai ${bad.map((b) => `"${b}"`).join(', ')} tidak ada dalam daftar`, en: `attribute[${def.code}]: ${bad.map((b) => `"${b}"`).join(', ')} not in the listed values` });
        else {
          const uniq = [...new Set(raw)];
          stored[def.code] = uniq;
          lines.push(`${def.description}: ${uniq.map(nameOf).join(', ')}`);
        }
        break;
      }
      case 'number': {
        const n = Number(v);
        if (!/^-?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n) || n < 0 || n > 1e9) problems.push({ code: def.code, id: `attribute[${def.code}] harus berupa angka ≥ 0`, en: `attribute[${def.code}] must be a number ≥ 0` });
        else {
          stored[def.code] = v;
          lines.push(`${def.description}: ${v}`);
        }
        break;
      }
      case 'datetime': {
        const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v));
        if (!ok) problems.push({ code: def.code, id: `attribute[${def.code}] harus berupa waktu ISO 8601 dengan zona waktu`, en: `attribute[${def.code}] must be an ISO 8601 datetime with a time zone` });
        else {
          stored[def.code] = v;
          lines.push(`${def.description}: ${/T/.test(v) ? formatWib(new Date(v)) : v}`);
        }
        break;
      }
      case 'string':
      case 'text': {
        const max = def.datatype === 'string' ? 200 : 4000;
        if (v.length > max) problems.push({ code: def.code, id: `attribute[${def.code}] paling panjang ${max} karakter`, en: `attribute[${def.code}] takes at most ${max} characters` });
        else {
          stored[def.code] = v;
          lines.push(`${def.description}: ${v}`);
        }
        break;
      }
    }
  }
  const regencyCode = typeof stored['KABKOTA'] === 'string' ? stored['KABKOTA'] : null;
  const districtCode = typeof stored['KECAMATAN'] === 'string' ? stored['KECAMATAN'] : null;
  if (districtCode && regencyCode) {
    const d = regions.districts.find((x) => x.code === districtCode);
    if (d && d.regency_code !== regencyCode) {
      problems.push({ code: 'KECAMATAN', id: `attribute[KECAMATAN] ${d.name} tidak berada di kabupaten/kota ${regencyCode}`, en: `attribute[KECAMATAN] ${d.name} is not in regency ${regencyCode}` });
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { regencyCode, districtCode, anonymous: stored['ANONIM'] === 'ya', confidential: stored['RAHASIA'] === 'ya', stored, lines } };
}
