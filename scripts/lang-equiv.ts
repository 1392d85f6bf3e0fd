// Equivalence check of two implementations of the language module (e.g. before/after an optimisation):
// normalize(), feature vectors, detectPii() and analyzeWith() must give identical results on the shared corpora
// (train/dev/valid splits only) and on fuzzed strings.
// Run: OLD=/tmp/old-lang/src/modules/language ./node_modules/.bin/node scripts/lang-equiv.ts [fuzz-count]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as NEW_A from '../src/modules/language/analyze.ts';
import * as NEW_F from '../src/modules/language/features.ts';
import * as NEW_N from '../src/modules/language/normalize.ts';
import * as NEW_P from '../src/modules/language/pii.ts';
import { parseCsv, readExamples } from '../src/modules/language/data.ts';

const OLD = process.env.OLD;
if (!OLD) throw new Error('set OLD to the old module directory');
const OLD_A = (await import(join(OLD, 'analyze.ts'))) as typeof NEW_A;
const OLD_F = (await import(join(OLD, 'features.ts'))) as typeof NEW_F;
const OLD_N = (await import(join(OLD, 'normalize.ts'))) as typeof NEW_N;
const OLD_P = (await import(join(OLD, 'pii.ts'))) as typeof NEW_P;
const D = process.env.DAYUNG_SHARED_DATA ?? '../shared/data';
const fuzzN = Number(process.argv[2] ?? 20000);

const oldModels = OLD_A.loadModels(join(OLD, 'models'));
const newModels = NEW_A.loadModels();
// module-level state (directory matcher, Minangkabau map) is per module instance, so both are loaded

const texts: string[] = [];
const add = (f: string, field: string): void => {
  try {
    for (const e of readExamples(join(D, f), { field, keepUnlabelled: true })) texts.push(e.text);
  } catch (e) {
    process.stderr.write(`skip ${f}: ${(e as Error).message}\n`);
  }
};
add('aduan-sumbar/dev.jsonl', 'intent');
for (const l of ['indonesian', 'minangkabau', 'english', 'javanese', 'sundanese', 'acehnese', 'balinese', 'banjarese', 'buginese', 'madurese', 'ngaju', 'toba_batak'])
  for (const s of ['train.csv', 'valid.csv']) add(`nusax-senti/${l}/${s}`, 'label');
add('indonlu-smsa/train.tsv', 'label');
add('indonlu-smsa/valid.tsv', 'label');
// CSVs with other headers: every text column
for (const f of ['indonlu-casa/train.csv', 'indolem-sentiment/train.csv', 'indolem-sentiment/dev.csv', 'minangnlp-sentiment/train.csv', 'minangnlp-sentiment/dev.csv']) {
  try {
    const rows = parseCsv(readFileSync(join(D, f), 'utf8'));
    const head = rows[0]!;
    const cols = head.map((h, i) => (['sentence', 'minang', 'indo'].includes(h) ? i : -1)).filter((i) => i >= 0);
    for (const r of rows.slice(1)) for (const c of cols) if (r[c]) texts.push(r[c]!);
  } catch (e) {
    process.stderr.write(`skip ${f}: ${(e as Error).message}\n`);
  }
}
process.stderr.write(`${texts.length} corpus texts\n`);

// fuzz: corpus fragments mixed with tricky characters
let seed = 12345;
const rnd = (): number => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pickOne = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const pieces = [
  ' ', ' ', ' ', '  ', '.', ',', '!', '?', '??', '!!!', "'", '’', '-', '_', '@', '#', '/', ':', '+', '[.]', '(', ')', '*', '\n', '\t',
  '0', '1', '08', '+62', '62', '0812-3456-7801', '1371081109950000', '137108 110995 0000', '12.30', '10/11/2024', '5rb', '10jt', '2kg', 'p3k', 'anak2',
  'g4c0r', 's l 0 t', 'g.a.c.o.r', 'S L O T', 'bangeeet', 'yg', 'gk', 'ambo', 'indak', 'https://x.co/a', 'www.slot.com', 'detik.com', 'pemprov.go.id', 'x.coba',
  'a@b.co', 'nama.saya@mail.id', '@disdiksumbar', '@pln_123', '#SumbarHijau', '#2024', 'BA 1234 XY', 'ba 12 ab', 'B 1 A', 'RT 02/RW 04', 'Jl. Sawo No. 8',
  'nama saya Dewi Kartika', 'Atas nama: Eka', 'Pak Rizal', 'dr. Anisa', 'ibu saya Nurhayati', 'Saya Budi, warga', 'Alamat: Jl. Melati 5\n', 'Hormat kami,\nAndi',
  '😡', '🙏', '❤️', '❤', '👍🏽', '😮‍💨', '🇮🇩', '1️⃣', '©', '™', '…', '\u00a0', '\u200b', '\u200d', '\ufeff', '\u202e', 'é', 'É', 'naïve', 'e\u0301', 'Ａ', 'ｂ',
  '𝐒𝐋𝐎𝐓', '𝓰𝓪𝓬𝓸𝓻', 'İ', 'ß', 'ﬁ', '\uD800', '\uDC00', '\u0000', '\u0007', '\u0085', 'مرحبا', 'שלום', '中文', 'ДА', 'Ⅻ', '½', '²', '①',
  'TOLONG', 'JALAN RUSAK', 'Min', 'MIN!!', 'wkwk', 'hahaha', 'aaa', 'oooo', 'xxx', 'tolongg', 'pleaseee', 'p', 'a b c d e',
];
const words = texts.slice(0, 3000).flatMap((t) => t.split(/\s+/)).filter((w) => w.length > 0);
const tiny = ['a', 'b', 'c', 'o', 'm', 'i', 'd', 'w', 'h', 't', 'p', 's', 'x', 'y', 'z', 'l', 'k', 'n', '0', '1', '8', '6', '2', '.', '-', '@', '#', '+', ':', '/', '_', "'", '[', ']', ' ', '?', '!', '*', ',', 'com', 'co', 'id', 'www.', 'http://', 'https://', '😡', '\ufe0f', '\u200d', 'A', 'B', 'Z'];
function fuzz(): string {
  if (rnd() < 0.35) {
    let s = '';
    const m = 1 + Math.floor(rnd() * 24);
    for (let i = 0; i < m; i++) s += pickOne(tiny);
    return s;
  }
  const n = 1 + Math.floor(rnd() * 30);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.45) s += pickOne(words);
    else if (r < 0.85) s += pickOne(pieces);
    else if (r < 0.95) s += String.fromCharCode(32 + Math.floor(rnd() * 95));
    else s += String.fromCharCode(Math.floor(rnd() * 0x10000));
    if (rnd() < 0.5) s += ' ';
  }
  return s;
}
for (let i = 0; i < fuzzN; i++) texts.push(fuzz());
texts.push('', ' ', 'a'.repeat(5000), 'jalan rusak '.repeat(400), '😀'.repeat(2000), 'x y z '.repeat(1000));

function fvDump(F: typeof NEW_F, N: typeof NEW_N, t: string, ctx?: object): string {
  const fv = new F.FeatureVector();
  F.extractFeatures(N.normalize(t), fv, ctx as never);
  return JSON.stringify([fv.n, Array.from(fv.idx.subarray(0, fv.n)), Array.from(fv.val.subarray(0, fv.n)), Array.from(fv.grp.subarray(0, fv.n)), Array.from(fv.org.subarray(0, fv.n)), Array.from(fv.isBigram.subarray(0, fv.n)), Array.from(fv.invNorm), fv.names, fv.words, fv.canon]);
}

let bad = 0;
const report = (what: string, t: string, a: string, b: string): void => {
  if (bad++ < 8) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    process.stderr.write(`DIFF ${what} on ${JSON.stringify(t.slice(0, 200))}\n  old: …${a.slice(Math.max(0, i - 80), i + 200)}\n  new: …${b.slice(Math.max(0, i - 80), i + 200)}\n`);
  }
};
let n = 0;
for (const t of texts) {
  const ctx = n % 4 === 0 ? { channel: 'instagram_comment' } : n % 4 === 1 ? { channel: 'whatsapp', addressedOpd: 'DISDIK' } : n % 4 === 2 ? { postText: texts[(n * 7) % texts.length]! } : {};
  const checks: [string, () => string, () => string][] = [
    ['normalize', () => JSON.stringify(OLD_N.normalize(t)), () => JSON.stringify(NEW_N.normalize(t))],
    ['features', () => fvDump(OLD_F, OLD_N, t, ctx), () => fvDump(NEW_F, NEW_N, t, ctx)],
    ['pii', () => JSON.stringify(OLD_P.detectPii(t)), () => JSON.stringify(NEW_P.detectPii(t))],
    ['analyze', () => JSON.stringify(OLD_A.analyzeWith(oldModels, t, ctx)), () => JSON.stringify(NEW_A.analyzeWith(newModels, t, ctx))],
    ['analyze-noexplain', () => JSON.stringify(OLD_A.analyzeWith(oldModels, t, {}, { explain: false })), () => JSON.stringify(NEW_A.analyzeWith(newModels, t, {}, { explain: false }))],
  ];
  if (n % 50 === 0) checks.push(['analyze-k', () => JSON.stringify(OLD_A.analyzeWith(oldModels, t, ctx, { reasons: (n % 7) - 2 })), () => JSON.stringify(NEW_A.analyzeWith(newModels, t, ctx, { reasons: (n % 7) - 2 }))]);
  for (const [what, fo, fn] of checks) {
    // the feature extraction depends on module state (directory, Minangkabau map) of each instance: install per call
    const a = fo();
    const b = fn();
    if (a !== b) report(what, t, a, b);
  }
  n++;
  if (n % 20000 === 0) process.stderr.write(`${n}/${texts.length}, ${bad} differences\n`);
}
process.stdout.write(JSON.stringify({ texts: texts.length, differences: bad }) + '\n');
process.exit(bad === 0 ? 0 : 1);
