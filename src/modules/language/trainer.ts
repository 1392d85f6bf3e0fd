// Training pipeline for one task: featurise → (ensemble of) linear heads → temperature calibration on
// cross-validated scores → triage threshold → TaskModel.
import { extractFeatures, FeatureVector, N_GROUPS } from './features.ts';
import type { ContextInput } from './features.ts';
import {
  combineHeads,
  compact,
  CsrBuilder,
  nbRatios,
  scaleHead,
  scoreCompact,
  subsetCsr,
  trainNB,
  trainSoftmax,
  trainSvm,
} from './linear.ts';
import type { Csr, Head } from './linear.ts';
import { stratifiedFolds } from './metrics.ts';
import { TaskModel } from './model.ts';
import type { ModelHeader } from './model.ts';
import { normalize } from './normalize.ts';

export interface AlgoConfig {
  /** group weights: word, bigram, char, special, context */
  gw: number[];
  /** ensemble members and their weights (scores are summed) */
  members: { kind: 'lr' | 'svm' | 'nbsvm' | 'nb'; weight: number }[];
  lr: { epochs: number; lr: number; l2: number; balance: number };
  svm: { cost: number; epochs: number; balance: number; nbAlpha: number };
  nbAlpha: number;
}

export const DEFAULT_ALGO: AlgoConfig = {
  gw: [1, 0.6, 1, 0.6, 0.4, 0.6],
  members: [
    { kind: 'lr', weight: 0.5 },
    { kind: 'svm', weight: 1 },
  ],
  lr: { epochs: 15, lr: 0.3, l2: 1e-5, balance: 0.5 },
  svm: { cost: 0.5, epochs: 60, balance: 0.5, nbAlpha: 0.5 },
  nbAlpha: 0.1,
};

export interface LabelledDoc {
  text: string;
  label: string;
  context?: ContextInput;
  weight?: number;
}

export type Progress = (msg: string) => void;

/** Featurises documents into sparse rows (shared features). */
export function featurize(docs: readonly { text: string; context?: ContextInput }[], progress?: Progress): Csr {
  const fv = new FeatureVector();
  const b = new CsrBuilder();
  const step = Math.max(1000, Math.floor(docs.length / 10));
  for (let i = 0; i < docs.length; i++) {
    extractFeatures(normalize(docs[i]!.text), fv, docs[i]!.context);
    b.push(fv);
    if (progress && docs.length >= 5000 && (i + 1) % step === 0) progress(`featurised ${i + 1}/${docs.length}`);
  }
  return b.build();
}

export function fitHead(x: Csr, y: Int32Array, C: number, cfg: AlgoConfig, seed: number, sw?: Float32Array): Head {
  const X = compact(x, cfg.gw);
  const heads: Head[] = [];
  const weights: number[] = [];
  for (const m of cfg.members) {
    let h: Head;
    if (m.kind === 'lr') h = trainSoftmax(X, y, C, { ...cfg.lr, seed }, sw);
    else if (m.kind === 'svm') h = trainSvm(X, y, C, { ...cfg.svm, seed, biasValue: 1 }, sw);
    else if (m.kind === 'nbsvm')
      h = trainSvm(X, y, C, { ...cfg.svm, seed, biasValue: 1, scale: nbRatios(X, y, C, cfg.svm.nbAlpha) }, sw);
    else h = trainNB(X, y, C, cfg.nbAlpha);
    heads.push(h);
    weights.push(m.weight);
  }
  return heads.length === 1 && weights[0] === 1 ? heads[0]! : combineHeads(heads, weights);
}

/** Scores rows of x (bucket space) with a head. */
export function scoreRows(x: Csr, h: Head, gw: readonly number[]): Float32Array {
  const map = new Map<number, number>();
  h.buckets.forEach((b, i) => map.set(b, i));
  const C = h.C;
  const out = new Float32Array(x.n * C);
  for (let i = 0; i < x.n; i++) {
    for (let c = 0; c < C; c++) out[i * C + c] = h.bias[c]!;
    for (let k = x.indptr[i]!; k < x.indptr[i + 1]!; k++) {
      const r = map.get(x.idx[k]!);
      if (r === undefined) continue;
      const v = x.val[k]! * gw[x.grp[k]!]!;
      for (let c = 0; c < C; c++) out[i * C + c]! += h.W[r * C + c]! * v;
    }
  }
  return out;
}

/** Out-of-fold scores by stratified k-fold cross-validation. */
export function crossValScores(
  x: Csr,
  y: Int32Array,
  labels: readonly string[],
  C: number,
  cfg: AlgoConfig,
  k: number,
  seed: number,
  sw?: Float32Array,
  /** rows that are always in training (e.g. directory pseudo-documents), never scored */
  alwaysTrain?: Csr,
  alwaysY?: Int32Array,
  alwaysW?: Float32Array,
): Float32Array {
  const strat = Array.from(y, (v) => labels[v]!);
  const folds = stratifiedFolds(strat, k, seed);
  const out = new Float32Array(x.n * C);
  for (let f = 0; f < k; f++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < x.n; i++) (folds[i] === f ? te : tr).push(i);
    let xtr = subsetCsr(x, tr);
    let ytr = Int32Array.from(tr, (i) => y[i]!);
    let swtr = sw ? Float32Array.from(tr, (i) => sw[i]!) : undefined;
    if (alwaysTrain && alwaysY) {
      xtr = concatCsr(xtr, alwaysTrain);
      ytr = Int32Array.from([...ytr, ...alwaysY]);
      if (swtr || alwaysW) {
        const base = swtr ?? new Float32Array(tr.length).fill(1);
        swtr = Float32Array.from([...base, ...(alwaysW ?? new Float32Array(alwaysTrain.n).fill(1))]);
      }
    }
    const h = fitHead(xtr, ytr, C, cfg, seed + f, swtr);
    const xte = subsetCsr(x, te);
    const s = scoreRows(xte, h, cfg.gw);
    te.forEach((row, j) => out.set(s.subarray(j * C, (j + 1) * C), row * C));
  }
  return out;
}

export function concatCsr(a: Csr, b: Csr): Csr {
  const indptr = new Int32Array(a.n + b.n + 1);
  indptr.set(a.indptr);
  const base = a.indptr[a.n]!;
  for (let i = 1; i <= b.n; i++) indptr[a.n + i] = base + b.indptr[i]!;
  const idx = new Int32Array(a.idx.length + b.idx.length);
  idx.set(a.idx);
  idx.set(b.idx, a.idx.length);
  const val = new Float32Array(a.val.length + b.val.length);
  val.set(a.val);
  val.set(b.val, a.val.length);
  const grp = new Uint8Array(a.grp.length + b.grp.length);
  grp.set(a.grp);
  grp.set(b.grp, a.grp.length);
  return { n: a.n + b.n, indptr, idx, val, grp };
}

export function argmaxRows(s: Float32Array, C: number): Int32Array {
  const n = s.length / C;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let c = 1; c < C; c++) if (s[i * C + c]! > s[i * C + b]!) b = c;
    out[i] = b;
  }
  return out;
}

/** Fits a softmax temperature on scores by minimising NLL (golden-section search on log T). */
export function fitTemperature(s: Float32Array, y: Int32Array, C: number): number {
  const nll = (T: number): number => {
    let tot = 0;
    for (let i = 0; i < y.length; i++) {
      let mx = -Infinity;
      for (let c = 0; c < C; c++) mx = Math.max(mx, s[i * C + c]! / T);
      let z = 0;
      for (let c = 0; c < C; c++) z += Math.exp(s[i * C + c]! / T - mx);
      tot -= s[i * C + y[i]!]! / T - mx - Math.log(z);
    }
    return tot / y.length;
  };
  let a = Math.log(0.01);
  let b = Math.log(100);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  for (let it = 0; it < 60; it++) {
    if (nll(Math.exp(c)) < nll(Math.exp(d))) b = d;
    else a = c;
    c = b - g * (b - a);
    d = a + g * (b - a);
  }
  return Math.exp((a + b) / 2);
}

/** Probabilities of the top label under temperature T. */
export function topConfidences(s: Float32Array, C: number, T: number): { pred: Int32Array; conf: Float64Array } {
  const n = s.length / C;
  const pred = new Int32Array(n);
  const conf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    let b = 0;
    for (let c = 0; c < C; c++)
      if (s[i * C + c]! / T > mx) {
        mx = s[i * C + c]! / T;
        b = c;
      }
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(s[i * C + c]! / T - mx);
    pred[i] = b;
    conf[i] = 1 / z;
  }
  return { pred, conf };
}

/** Smallest threshold whose accuracy on the covered rows reaches `target` (falls back to a high value). */
export function chooseThreshold(conf: Float64Array, correct: Uint8Array, target: number): number {
  const order = Array.from(conf.keys()).sort((a, b) => conf[b]! - conf[a]!);
  let ok = 0;
  let best = 0.99;
  for (let k = 0; k < order.length; k++) {
    ok += correct[order[k]!]!;
    const n = k + 1;
    if (n >= 10 && ok / n >= target) best = conf[order[k]!]!;
  }
  return Math.round(Math.min(0.95, Math.max(0.2, best)) * 100) / 100;
}

export interface TrainResult {
  model: TaskModel;
  cvScores?: Float32Array;
  labels: string[];
}

export interface TrainTaskInput {
  task: string;
  train: readonly LabelledDoc[];
  /** extra documents always used for training (e.g. OPD directory), not part of CV */
  extra?: readonly LabelledDoc[];
  valid?: readonly LabelledDoc[];
  cfg: AlgoConfig;
  seed: number;
  /** label order (default: sorted labels of train) */
  labels?: string[];
  /** folds for calibration when no valid set is given (0 = no calibration) */
  calibrationFolds: number;
  thresholdTarget: number;
  version: string;
  data: string[];
  progress?: Progress;
  contextBonus?: number;
}

export function trainTask(inp: TrainTaskInput): TrainResult {
  const labels = inp.labels ?? [...new Set(inp.train.map((d) => d.label))].sort();
  const li = new Map(labels.map((l, i) => [l, i]));
  const C = labels.length;
  const docs = inp.train.filter((d) => li.has(d.label));
  const extra = (inp.extra ?? []).filter((d) => li.has(d.label));
  const p = inp.progress ?? (() => {});
  p(`${inp.task}: featurising ${docs.length} documents (+${extra.length} extra)`);
  const x = featurize(docs, p);
  const y = Int32Array.from(docs, (d) => li.get(d.label)!);
  const anyW = docs.some((d) => d.weight !== undefined) || extra.some((d) => d.weight !== undefined);
  const sw = anyW ? Float32Array.from(docs, (d) => d.weight ?? 1) : undefined;
  const swe = anyW && extra.length > 0 ? Float32Array.from(extra, (d) => d.weight ?? 1) : undefined;
  const xe = extra.length > 0 ? featurize(extra) : undefined;
  const ye = extra.length > 0 ? Int32Array.from(extra, (d) => li.get(d.label)!) : undefined;
  let T = 1;
  let threshold = 0.5;
  let cvScores: Float32Array | undefined;
  const validDocs = (inp.valid ?? []).filter((d) => li.has(d.label));
  if (validDocs.length > 0 || inp.calibrationFolds > 1) {
    let s: Float32Array;
    let yc: Int32Array;
    if (validDocs.length > 0) {
      p(`${inp.task}: calibrating on ${validDocs.length} validation documents`);
      const xall = xe ? concatCsr(x, xe) : x;
      const yall = ye ? Int32Array.from([...y, ...ye]) : y;
      const swall = sw && swe ? Float32Array.from([...sw, ...swe]) : sw;
      const h = fitHead(xall, yall, C, inp.cfg, inp.seed, swall);
      s = scoreRows(featurize(validDocs), h, inp.cfg.gw);
      yc = Int32Array.from(validDocs, (d) => li.get(d.label)!);
    } else {
      p(`${inp.task}: ${inp.calibrationFolds}-fold cross-validation for calibration`);
      s = crossValScores(x, y, labels, C, inp.cfg, inp.calibrationFolds, inp.seed, sw, xe, ye, swe);
      yc = y;
      cvScores = s;
    }
    T = fitTemperature(s, yc, C);
    const { pred, conf } = topConfidences(s, C, T);
    const correct = Uint8Array.from(pred, (v, i) => (v === yc[i] ? 1 : 0));
    threshold = chooseThreshold(conf, correct, inp.thresholdTarget);
  }
  p(`${inp.task}: training final model on ${docs.length + extra.length} documents`);
  const xall = xe ? concatCsr(x, xe) : x;
  const yall = ye ? Int32Array.from([...y, ...ye]) : y;
  const swall = sw && swe ? Float32Array.from([...sw, ...swe]) : sw;
  const head = scaleHead(fitHead(xall, yall, C, inp.cfg, inp.seed, swall), 1 / T);
  const header: Omit<ModelHeader, 'scales' | 'rows' | 'format' | 'featureBits'> = {
    task: inp.task,
    version: inp.version,
    labels,
    groupWeights: inp.cfg.gw.slice(0, N_GROUPS),
    threshold,
    temperature: T,
    trainedAt: new Date().toISOString(),
    seed: inp.seed,
    data: inp.data,
    algorithm: algoName(inp.cfg),
  };
  if (inp.contextBonus !== undefined) header.contextBonus = inp.contextBonus;
  const model = TaskModel.fromHead(header, head);
  const res: TrainResult = { model, labels };
  if (cvScores) res.cvScores = cvScores;
  return res;
}

export function algoName(cfg: AlgoConfig): string {
  return (
    cfg.members.map((m) => `${m.weight}×${m.kind}`).join(' + ') +
    ` on hashed word 1-2 grams + char 3-5 grams (group weights word/bigram/char/special/context/directory ${cfg.gw.join('/')})`
  );
}
