// Ad-hoc experiments (train on train, score on valid / cross-validation). Not part of the product.
import { readExamples } from '../src/modules/language/data.ts';
import { evaluate } from '../src/modules/language/metrics.ts';
import { DEFAULT_ALGO, featurize, fitHead, scoreRows, argmaxRows, crossValScores } from '../src/modules/language/trainer.ts';
import type { AlgoConfig } from '../src/modules/language/trainer.ts';
import { readFileSync } from 'node:fs';
import { DirectoryMatcher } from '../src/modules/language/directory.ts';
import { setDirectoryMatcher } from '../src/modules/language/features.ts';
import { loadMinangMapFile } from '../src/modules/language/resources.ts';

const D = '../shared/data';
const which = process.argv[2] ?? 'nusax';
const cfgJson = process.argv[3];
const cfg: AlgoConfig = cfgJson ? { ...DEFAULT_ALGO, ...JSON.parse(cfgJson) } : DEFAULT_ALGO;
if (process.env.MINMAP) loadMinangMapFile(process.env.MINMAP);
if (process.env.DIR) setDirectoryMatcher(new DirectoryMatcher(JSON.parse(readFileSync(process.env.DIR, 'utf8'))));

function trainValid(trainFiles: string[], validFile: string, field = 'label') {
  const tr = trainFiles.flatMap((f) => readExamples(f, { field }));
  const va = readExamples(validFile, { field });
  const labels = [...new Set(tr.map((e) => e.label))].sort();
  const li = new Map(labels.map((l, i) => [l, i]));
  const x = featurize(tr);
  const y = Int32Array.from(tr, (e) => li.get(e.label)!);
  const t0 = Date.now();
  const h = fitHead(x, y, labels.length, cfg, 42);
  const s = scoreRows(featurize(va), h, cfg.gw);
  const pred = argmaxRows(s, labels.length);
  const r = evaluate('x', va.map((e) => e.label), Array.from(pred, (p) => labels[p]!));
  return { f1: r.macro_f1, acc: r.accuracy, ms: Date.now() - t0 };
}

function cv(field: string, k = 5, seeds = [1]) {
  const ex = readExamples(`${D}/aduan-sumbar/dev.jsonl`, { field });
  const labels = [...new Set(ex.map((e) => e.label))].sort();
  const li = new Map(labels.map((l, i) => [l, i]));
  const x = featurize(ex);
  const y = Int32Array.from(ex, (e) => li.get(e.label)!);
  let xe: ReturnType<typeof featurize> | undefined, ye: Int32Array | undefined;
  if (process.env.PSEUDO && field === 'opd') {
    const dir = JSON.parse(readFileSync(process.env.DIR!, 'utf8'));
    const docs: { text: string; label: string }[] = [];
    for (const [l, ps] of Object.entries(dir.phrases) as [string, string[]][]) if (li.has(l)) for (const p of ps) docs.push({ text: p, label: l });
    xe = featurize(docs);
    ye = Int32Array.from(docs, (d) => li.get(d.label)!);
  }
  const res = seeds.map((seed) => {
    const s = crossValScores(x, y, labels, labels.length, cfg, k, seed, undefined, xe, ye);
    const pred = argmaxRows(s, labels.length);
    const r = evaluate(field, ex.map((e) => e.label), Array.from(pred, (p) => labels[p]!));
    return [r.macro_f1, r.accuracy];
  });
  return res;
}

if (which === 'nusax') {
  for (const lang of ['indonesian', 'minangkabau'])
    console.log(lang, JSON.stringify(trainValid([`${D}/nusax-senti/${lang}/train.csv`], `${D}/nusax-senti/${lang}/valid.csv`)));
} else if (which === 'smsa') {
  console.log('smsa', JSON.stringify(trainValid([`${D}/indonlu-smsa/train.tsv`], `${D}/indonlu-smsa/valid.tsv`)));
} else {
  for (const f of which.split(',')) console.log(f, JSON.stringify(cv(f, 5, [1, 2])));
}
if (process.env.ERRORS) {
  const field = process.env.ERRORS;
  const ex = readExamples(`${D}/aduan-sumbar/dev.jsonl`, { field });
  const labels = [...new Set(ex.map((e) => e.label))].sort();
  const li = new Map(labels.map((l, i) => [l, i]));
  const x = featurize(ex);
  const y = Int32Array.from(ex, (e) => li.get(e.label)!);
  const s = crossValScores(x, y, labels, labels.length, cfg, 5, 1);
  const pred = argmaxRows(s, labels.length);
  const pairs = new Map<string, number>();
  ex.forEach((e, i) => {
    if (pred[i] !== y[i]) {
      console.log(`${e.label} -> ${labels[pred[i]!]} | ${e.text.slice(0, 140).replace(/\n/g, ' ')}`);
      const k = `${e.label}->${labels[pred[i]!]}`;
      pairs.set(k, (pairs.get(k) ?? 0) + 1);
    }
  });
  console.log([...pairs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20));
}
