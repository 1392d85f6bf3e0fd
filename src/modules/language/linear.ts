// Linear learners on hashed sparse features: multinomial logistic regression (AdaGrad SGD), one-vs-rest L2-loss
// linear SVM (dual coordinate descent, as in LIBLINEAR), multinomial naive Bayes, and NB log-count-ratio scaling.
// Everything is deterministic given the seed.
import { N_GROUPS } from './features.ts';
import type { FeatureVector } from './features.ts';

/** Sparse rows: values are the per-group normalised feature values (group weights not applied yet). */
export interface Csr {
  n: number;
  indptr: Int32Array;
  idx: Int32Array;
  val: Float32Array;
  grp: Uint8Array;
}

export class CsrBuilder {
  private idx: Int32Array = new Int32Array(1 << 16);
  private val: Float32Array = new Float32Array(1 << 16);
  private grp: Uint8Array = new Uint8Array(1 << 16);
  private indptr: number[] = [0];
  private nnz = 0;

  push(fv: FeatureVector): void {
    const need = this.nnz + fv.n;
    if (need > this.idx.length) {
      let cap = this.idx.length;
      while (cap < need) cap *= 2;
      const i2 = new Int32Array(cap);
      i2.set(this.idx.subarray(0, this.nnz));
      const v2 = new Float32Array(cap);
      v2.set(this.val.subarray(0, this.nnz));
      const g2 = new Uint8Array(cap);
      g2.set(this.grp.subarray(0, this.nnz));
      this.idx = i2;
      this.val = v2;
      this.grp = g2;
    }
    for (let k = 0; k < fv.n; k++) {
      const g = fv.grp[k]!;
      this.idx[this.nnz] = fv.idx[k]!;
      this.val[this.nnz] = fv.val[k]! * fv.invNorm[g]!;
      this.grp[this.nnz] = g;
      this.nnz++;
    }
    this.indptr.push(this.nnz);
  }

  build(): Csr {
    return {
      n: this.indptr.length - 1,
      indptr: Int32Array.from(this.indptr),
      idx: this.idx.slice(0, this.nnz),
      val: this.val.slice(0, this.nnz),
      grp: this.grp.slice(0, this.nnz),
    };
  }
}

export function subsetCsr(x: Csr, rows: ArrayLike<number>): Csr {
  let nnz = 0;
  for (let r = 0; r < rows.length; r++) nnz += x.indptr[rows[r]! + 1]! - x.indptr[rows[r]!]!;
  const indptr = new Int32Array(rows.length + 1);
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  const grp = new Uint8Array(nnz);
  let p = 0;
  for (let r = 0; r < rows.length; r++) {
    const a = x.indptr[rows[r]!]!;
    const b = x.indptr[rows[r]! + 1]!;
    idx.set(x.idx.subarray(a, b), p);
    val.set(x.val.subarray(a, b), p);
    grp.set(x.grp.subarray(a, b), p);
    p += b - a;
    indptr[r + 1] = p;
  }
  return { n: rows.length, indptr, idx, val, grp };
}

/** Training matrix in a compact column space (only buckets seen in training), group weights applied. */
export interface Compact {
  n: number;
  F: number;
  indptr: Int32Array;
  col: Int32Array;
  x: Float32Array;
  /** bucket of each compact column */
  buckets: Int32Array;
}

export function compact(x: Csr, groupWeights: ArrayLike<number>): Compact {
  const map = new Map<number, number>();
  const col = new Int32Array(x.idx.length);
  const xv = new Float32Array(x.idx.length);
  const bucketList: number[] = [];
  for (let k = 0; k < x.idx.length; k++) {
    const b = x.idx[k]!;
    let c = map.get(b);
    if (c === undefined) {
      c = bucketList.length;
      map.set(b, c);
      bucketList.push(b);
    }
    col[k] = c;
    xv[k] = x.val[k]! * (groupWeights[x.grp[k]!] ?? 0);
  }
  return { n: x.n, F: bucketList.length, indptr: x.indptr, col, x: xv, buckets: Int32Array.from(bucketList) };
}

/** A linear head in compact space: scores = W^T x + b. W is feature-major [F × C]. */
export interface Head {
  C: number;
  buckets: Int32Array;
  W: Float32Array;
  bias: Float32Array;
}

/** Small, fast, seedable PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace(a: Int32Array | number[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

function classWeights(y: Int32Array, C: number, balance: number, sampleWeight?: Float32Array): Float64Array {
  const cnt = new Float64Array(C);
  for (let i = 0; i < y.length; i++) cnt[y[i]!]! += sampleWeight ? sampleWeight[i]! : 1;
  const w = new Float64Array(C);
  const n = y.length;
  for (let c = 0; c < C; c++) w[c] = cnt[c]! > 0 ? Math.pow(n / (C * cnt[c]!), balance) : 1;
  return w;
}

export interface SoftmaxOptions {
  epochs: number;
  lr: number;
  l2: number;
  seed: number;
  /** 0 = no class balancing, 1 = fully balanced */
  balance: number;
}

/** Multinomial logistic regression by AdaGrad SGD (sparse updates, L2 applied to touched weights). */
export function trainSoftmax(X: Compact, y: Int32Array, C: number, o: SoftmaxOptions, sw?: Float32Array): Head {
  const W = new Float32Array(X.F * C);
  const G = new Float32Array(X.F * C).fill(1e-6);
  const bias = new Float32Array(C);
  const Gb = new Float32Array(C).fill(1e-6);
  const cw = classWeights(y, C, o.balance, sw);
  const order = new Int32Array(X.n);
  for (let i = 0; i < X.n; i++) order[i] = i;
  const rand = rng(o.seed);
  const s = new Float64Array(C);
  for (let ep = 0; ep < o.epochs; ep++) {
    shuffleInPlace(order, rand);
    for (let t = 0; t < X.n; t++) {
      const i = order[t]!;
      const a = X.indptr[i]!;
      const b = X.indptr[i + 1]!;
      for (let c = 0; c < C; c++) s[c] = bias[c]!;
      for (let k = a; k < b; k++) {
        const base = X.col[k]! * C;
        const v = X.x[k]!;
        for (let c = 0; c < C; c++) s[c]! += W[base + c]! * v;
      }
      let mx = -Infinity;
      for (let c = 0; c < C; c++) if (s[c]! > mx) mx = s[c]!;
      let z = 0;
      for (let c = 0; c < C; c++) {
        s[c] = Math.exp(s[c]! - mx);
        z += s[c]!;
      }
      const yi = y[i]!;
      const wi = cw[yi]! * (sw ? sw[i]! : 1);
      for (let c = 0; c < C; c++) {
        const g = (s[c]! / z - (c === yi ? 1 : 0)) * wi;
        s[c] = g;
        Gb[c]! += g * g;
        bias[c]! -= (o.lr * g) / Math.sqrt(Gb[c]!);
      }
      for (let k = a; k < b; k++) {
        const base = X.col[k]! * C;
        const v = X.x[k]!;
        for (let c = 0; c < C; c++) {
          const j = base + c;
          const g = s[c]! * v + o.l2 * W[j]!;
          G[j]! += g * g;
          W[j]! -= (o.lr * g) / Math.sqrt(G[j]!);
        }
      }
    }
  }
  return { C, buckets: X.buckets, W, bias };
}

export interface SvmOptions {
  /** regularisation parameter C of LIBLINEAR */
  cost: number;
  epochs: number;
  seed: number;
  balance: number;
  /** value of the constant bias feature */
  biasValue: number;
  /** optional per-class feature scaling (NB log-count ratios), [C × F] */
  scale?: Float32Array;
}

/** One-vs-rest L2-regularised L2-loss SVM by dual coordinate descent. */
export function trainSvm(X: Compact, y: Int32Array, C: number, o: SvmOptions, sw?: Float32Array): Head {
  const W = new Float32Array(X.F * C);
  const bias = new Float32Array(C);
  const w = new Float64Array(X.F);
  const alpha = new Float64Array(X.n);
  const sqn = new Float64Array(X.n);
  const order = new Int32Array(X.n);
  const cw = classWeights(y, C, o.balance, sw);
  for (let c = 0; c < C; c++) {
    const rand = rng(o.seed + c * 7919);
    w.fill(0);
    alpha.fill(0);
    let wb = 0;
    const sc = o.scale;
    const off = c * X.F;
    for (let i = 0; i < X.n; i++) {
      let q = o.biasValue * o.biasValue;
      for (let k = X.indptr[i]!; k < X.indptr[i + 1]!; k++) {
        const v = X.x[k]! * (sc ? sc[off + X.col[k]!]! : 1);
        q += v * v;
      }
      sqn[i] = q;
      order[i] = i;
    }
    // positive class uses its balance weight; negatives the mean weight of the others
    for (let ep = 0; ep < o.epochs; ep++) {
      shuffleInPlace(order, rand);
      let maxPG = 0;
      for (let t = 0; t < X.n; t++) {
        const i = order[t]!;
        const yi = y[i] === c ? 1 : -1;
        const Ci = o.cost * cw[y[i]!]! * (sw ? sw[i]! : 1);
        const Dii = 0.5 / Ci;
        const a = X.indptr[i]!;
        const b = X.indptr[i + 1]!;
        let dot = wb * o.biasValue;
        for (let k = a; k < b; k++) dot += w[X.col[k]!]! * X.x[k]! * (sc ? sc[off + X.col[k]!]! : 1);
        const G = yi * dot - 1 + Dii * alpha[i]!;
        const PG = alpha[i] === 0 ? Math.min(G, 0) : G;
        if (Math.abs(PG) > maxPG) maxPG = Math.abs(PG);
        if (PG !== 0) {
          const old = alpha[i]!;
          const na = Math.max(old - G / (sqn[i]! + Dii), 0);
          alpha[i] = na;
          const d = (na - old) * yi;
          if (d !== 0) {
            for (let k = a; k < b; k++) w[X.col[k]!]! += d * X.x[k]! * (sc ? sc[off + X.col[k]!]! : 1);
            wb += d * o.biasValue;
          }
        }
      }
      if (maxPG < 1e-3) break;
    }
    for (let f = 0; f < X.F; f++) W[f * C + c] = w[f]! * (sc ? sc[off + f]! : 1);
    bias[c] = wb * o.biasValue;
  }
  return { C, buckets: X.buckets, W, bias };
}

/** NB log-count ratios per class (one-vs-rest), for NB-SVM style scaling. Returns [C × F]. */
export function nbRatios(X: Compact, y: Int32Array, C: number, alpha: number): Float32Array {
  const pos = new Float64Array(X.F * C);
  const tot = new Float64Array(X.F);
  for (let i = 0; i < X.n; i++) {
    const c = y[i]!;
    for (let k = X.indptr[i]!; k < X.indptr[i + 1]!; k++) {
      const f = X.col[k]!;
      const v = X.x[k]! > 0 ? X.x[k]! : 0;
      pos[f * C + c]! += v;
      tot[f]! += v;
    }
  }
  const sumPos = new Float64Array(C);
  let sumAll = 0;
  for (let f = 0; f < X.F; f++) {
    sumAll += tot[f]!;
    for (let c = 0; c < C; c++) sumPos[c]! += pos[f * C + c]!;
  }
  const r = new Float32Array(C * X.F);
  for (let c = 0; c < C; c++) {
    const p1 = sumPos[c]! + alpha * X.F;
    const q1 = sumAll - sumPos[c]! + alpha * X.F;
    for (let f = 0; f < X.F; f++) {
      const p = pos[f * C + c]!;
      const q = tot[f]! - p;
      r[c * X.F + f] = Math.abs(Math.log((p + alpha) / p1) - Math.log((q + alpha) / q1));
    }
  }
  return r;
}

/** Multinomial naive Bayes on the (normalised) feature values. */
export function trainNB(X: Compact, y: Int32Array, C: number, alpha: number): Head {
  const cnt = new Float64Array(X.F * C);
  const tot = new Float64Array(C);
  const prior = new Float64Array(C);
  for (let i = 0; i < X.n; i++) {
    const c = y[i]!;
    prior[c]!++;
    for (let k = X.indptr[i]!; k < X.indptr[i + 1]!; k++) {
      const v = X.x[k]! > 0 ? X.x[k]! : 0;
      cnt[X.col[k]! * C + c]! += v;
      tot[c]! += v;
    }
  }
  const W = new Float32Array(X.F * C);
  for (let c = 0; c < C; c++) {
    const den = Math.log(tot[c]! + alpha * X.F);
    for (let f = 0; f < X.F; f++) W[f * C + c] = Math.log(cnt[f * C + c]! + alpha) - den;
  }
  // centre per feature so unseen/absent features do not matter and scores stay comparable
  for (let f = 0; f < X.F; f++) {
    let m = 0;
    for (let c = 0; c < C; c++) m += W[f * C + c]!;
    m /= C;
    for (let c = 0; c < C; c++) W[f * C + c]! -= m;
  }
  const bias = new Float32Array(C);
  for (let c = 0; c < C; c++) bias[c] = Math.log((prior[c]! + 1) / (X.n + C));
  return { C, buckets: X.buckets, W, bias };
}

/** Scores rows of a compact matrix (training space) with a head in the same space. */
export function scoreCompact(X: Compact, h: Head, out: Float32Array): void {
  const C = h.C;
  for (let i = 0; i < X.n; i++) {
    for (let c = 0; c < C; c++) out[i * C + c] = h.bias[c]!;
    for (let k = X.indptr[i]!; k < X.indptr[i + 1]!; k++) {
      const base = X.col[k]! * C;
      const v = X.x[k]!;
      for (let c = 0; c < C; c++) out[i * C + c]! += h.W[base + c]! * v;
    }
  }
}

/** Weighted sum of heads with possibly different bucket sets → one head. */
export function combineHeads(heads: readonly Head[], weights: readonly number[]): Head {
  const C = heads[0]!.C;
  const map = new Map<number, number>();
  const list: number[] = [];
  for (const h of heads)
    for (const b of h.buckets)
      if (!map.has(b)) {
        map.set(b, list.length);
        list.push(b);
      }
  const W = new Float32Array(list.length * C);
  const bias = new Float32Array(C);
  heads.forEach((h, hi) => {
    const a = weights[hi]!;
    for (let f = 0; f < h.buckets.length; f++) {
      const r = map.get(h.buckets[f]!)!;
      for (let c = 0; c < C; c++) W[r * C + c]! += a * h.W[f * C + c]!;
    }
    for (let c = 0; c < C; c++) bias[c]! += a * h.bias[c]!;
  });
  return { C, buckets: Int32Array.from(list), W, bias };
}

export function scaleHead(h: Head, s: number): Head {
  const W = new Float32Array(h.W.length);
  for (let i = 0; i < W.length; i++) W[i] = h.W[i]! * s;
  const bias = new Float32Array(h.C);
  for (let c = 0; c < h.C; c++) bias[c] = h.bias[c]! * s;
  return { C: h.C, buckets: h.buckets, W, bias };
}

export const DEFAULT_GROUP_WEIGHTS: readonly number[] = Object.freeze(new Array(N_GROUPS).fill(1));
