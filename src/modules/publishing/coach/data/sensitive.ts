// Wording that needs a second look in a government post. Kept deliberately small and careful: the coach
// gives hints ("periksa kembali"), never accusations, and only flags words whose problem does not depend on a
// reading of intent. Dayung's own lists, from the rules for government social media (no SARA, respect for
// every group) and the terms Indonesian law prefers (Tionghoa, penyandang disabilitas).

export type SaraCategory = 'suku' | 'agama' | 'ras' | 'antargolongan';

export const SARA_LABEL: Readonly<Record<SaraCategory, { id: string; en: string }>> = {
  suku: { id: 'suku', en: 'ethnicity' },
  agama: { id: 'agama', en: 'religion' },
  ras: { id: 'ras', en: 'race' },
  antargolongan: { id: 'antargolongan', en: 'group relations' },
};

/** Labels that are hurtful or divisive in themselves, with a neutral alternative. */
export interface LoadedTerm {
  term: string;
  category: SaraCategory;
  suggestion: { id: string; en: string };
}

export const LOADED_TERMS: readonly LoadedTerm[] = [
  { term: 'orang cina', category: 'suku', suggestion: { id: 'warga Tionghoa', en: '"warga Tionghoa" (the term used by the government since Keppres 12/2014)' } },
  { term: 'etnis cina', category: 'suku', suggestion: { id: 'etnis Tionghoa', en: '"etnis Tionghoa"' } },
  { term: 'keturunan cina', category: 'suku', suggestion: { id: 'keturunan Tionghoa', en: '"keturunan Tionghoa"' } },
  { term: 'aseng', category: 'suku', suggestion: { id: 'sebut pihak yang dimaksud secara netral', en: 'name the party meant in neutral words' } },
  { term: 'non-pribumi', category: 'ras', suggestion: { id: 'warga negara Indonesia / warga', en: '"warga" (government stopped using pribumi/non-pribumi in 1998)' } },
  { term: 'nonpribumi', category: 'ras', suggestion: { id: 'warga negara Indonesia / warga', en: '"warga" (government stopped using pribumi/non-pribumi in 1998)' } },
  { term: 'pribumi', category: 'ras', suggestion: { id: 'warga / masyarakat', en: '"warga" (government stopped using pribumi/non-pribumi in 1998)' } },
  { term: 'kafir', category: 'agama', suggestion: { id: 'sebut agama atau kelompok secara netral, atau tidak perlu disebut', en: 'name the faith neutrally, or leave it out' } },
  { term: 'aliran sesat', category: 'agama', suggestion: { id: 'sebut keputusan lembaga berwenang dan sumbernya', en: 'cite the competent body\'s decision and its source' } },
  { term: 'kadrun', category: 'antargolongan', suggestion: { id: 'hindari julukan politik', en: 'avoid political nicknames' } },
  { term: 'cebong', category: 'antargolongan', suggestion: { id: 'hindari julukan politik', en: 'avoid political nicknames' } },
  { term: 'kampret', category: 'antargolongan', suggestion: { id: 'hindari julukan politik', en: 'avoid political nicknames' } },
  { term: 'antek asing', category: 'antargolongan', suggestion: { id: 'hindari label yang menuduh', en: 'avoid accusing labels' } },
];

/** Group names: mentioning them is normal, but next to a negative attribute it reads as generalising. */
export const GROUP_TERMS: readonly { term: string; category: SaraCategory }[] = [
  ...['minang', 'minangkabau', 'batak', 'jawa', 'mentawai', 'tionghoa', 'nias', 'melayu', 'sunda', 'bugis', 'aceh', 'papua', 'madura', 'keturunan arab', 'keturunan india'].map((term) => ({ term, category: 'suku' as const })),
  ...['islam', 'muslim', 'muslimah', 'kristen', 'katolik', 'protestan', 'hindu', 'buddha', 'budha', 'konghucu', 'nonmuslim', 'non-muslim', 'umat'].map((term) => ({ term, category: 'agama' as const })),
  ...['pendatang', 'perantau', 'warga asing', 'orang asing', 'kaum'].map((term) => ({ term, category: 'antargolongan' as const })),
];

/** Negative attributes that, in the same sentence as a group name, make it read as a generalisation. */
export const NEGATIVE_ATTRIBUTES: readonly string[] = [
  'pelaku', 'tersangka', 'kriminal', 'penjahat', 'pencuri', 'maling', 'penipu', 'perusuh', 'provokator', 'biang', 'dalang', 'malas', 'bodoh',
  'jorok', 'kotor', 'licik', 'serakah', 'sesat', 'radikal', 'teroris', 'penyebab', 'pembawa penyakit', 'berbahaya', 'mengancam', 'menyerbu',
  'dilarang masuk', 'tidak diterima', 'usir', 'tolak',
];

/** Words about disability and illness that hurt, with the respectful term (UU 8/2016 uses "penyandang disabilitas"). */
export const NON_INCLUSIVE: readonly { term: string; suggestion: string; notBefore?: readonly string[] }[] = [
  { term: 'orang cacat', suggestion: 'penyandang disabilitas' },
  { term: 'penyandang cacat', suggestion: 'penyandang disabilitas' },
  { term: 'cacat', suggestion: 'penyandang disabilitas / disabilitas', notBefore: ['hukum', 'produk', 'produksi', 'administrasi', 'prosedur', 'formil', 'material', 'mutu', 'bawaan pabrik'] },
  { term: 'orang gila', suggestion: 'orang dengan gangguan jiwa (ODGJ)' },
  { term: 'idiot', suggestion: 'penyandang disabilitas intelektual' },
  { term: 'cacat mental', suggestion: 'penyandang disabilitas mental' },
  { term: 'orang normal', suggestion: 'orang tanpa disabilitas' },
];

/** Absolute claims that need a source or softer wording. */
export const CLAIM_TERMS: readonly string[] = [
  'terbukti', 'sudah terbukti', 'telah terbukti', 'pasti', 'dipastikan', 'dijamin', 'menjamin', 'terjamin', '100% aman', '100 persen aman',
  '100%', 'seratus persen', 'paling ampuh', 'ampuh', 'manjur', 'mujarab', 'menyembuhkan', 'tanpa efek samping', 'bebas risiko',
  'tanpa risiko', 'tidak berbahaya sama sekali', 'satu-satunya', 'pertama di indonesia', 'terbaik di indonesia', 'nomor satu',
  'mustahil', 'selalu berhasil',
];

/** Words that show a statistic comes with its source. */
export const SOURCE_CUES: readonly string[] = [
  'menurut', 'berdasarkan', 'sumber', 'data', 'hasil survei', 'survei', 'bps', 'badan pusat statistik', 'laporan', 'kemenkes', 'bmkg',
  'hasil penelitian', 'penelitian', 'studi', 'dikutip', 'mengutip', 'rilis', 'per tanggal',
];
