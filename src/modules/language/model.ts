// A task model: one linear head over the shared hashed features, calibrated (temperature folded into the
// weights), with labels, a triage threshold and its manifest. Stored as a compact binary file:
//   "DYLM" | u32 format | u32 header bytes | header JSON (padded to 4) | i32 buckets[F] | i8 weights[F×C] | f32 bias[C]
// Weights are quantised per class (symmetric int8, scale in the header).
import { readFileSync, writeFileSync } from 'node:fs';
import { FEATURE_BITS, G_CHAR, G_WORD, N_GROUPS, wordPool } from './features.ts';
import type { FeatureVector, WordInfo } from './features.ts';
import { createRowsKernel } from './simd.ts';
import type { RowsKernel } from './simd.ts';
import type { Head } from './linear.ts';

export const MODEL_FORMAT = 1;
const MAGIC = 0x4d4c5944; // "DYLM" little-endian

export interface ModelHeader {
  format: 'dayung-language-model';
  task: string;
  version: string;
  labels: string[];
  groupWeights: number[];
  featureBits: number;
  /** confidence below which the answer is "needs triage" */
  threshold: number;
  temperature: number;
  /** per-class dequantisation scales */
  scales: number[];
  rows: number;
  trainedAt: string;
  seed: number;
  data: string[];
  algorithm: string;
  metrics?: Record<string, unknown>;
  /** label priors added to scores for context (e.g. addressed OPD bonus) */
  contextBonus?: number;
}

export class TaskModel {
  readonly header: ModelHeader;
  readonly labels: string[];
  readonly C: number;
  readonly remap: Int32Array;
  readonly W: Float32Array;
  readonly bias: Float32Array;
  readonly gw: Float32Array;
  readonly threshold: number;
  private readonly labelIndex: Map<string, number>;

  constructor(header: ModelHeader, buckets: Int32Array, W: Float32Array, bias: Float32Array) {
    this.header = header;
    this.labels = header.labels;
    this.C = header.labels.length;
    this.W = W;
    this.bias = bias;
    this.threshold = header.threshold;
    this.gw = Float32Array.from(header.groupWeights.length === N_GROUPS ? header.groupWeights : new Array(N_GROUPS).fill(1));
    this.remap = new Int32Array(1 << FEATURE_BITS).fill(-1);
    for (let f = 0; f < buckets.length; f++) this.remap[buckets[f]!] = f;
    this.labelIndex = new Map(this.labels.map((l, i) => [l, i]));
  }

  indexOf(label: string): number {
    return this.labelIndex.get(label) ?? -1;
  }

  /** Raw (calibrated) scores into out[0..C). */
  scores(fv: FeatureVector, out: Float64Array): void {
    const C = this.C;
    const W = this.W;
    for (let c = 0; c < C; c++) out[c] = this.bias[c]!;
    const remap = this.remap;
    const gw = this.gw;
    const inv = fv.invNorm;
    for (let k = 0; k < fv.n; k++) {
      const r = remap[fv.idx[k]!]!;
      if (r < 0) continue;
      const g = fv.grp[k]!;
      const v = fv.val[k]! * inv[g]! * gw[g]!;
      if (v === 0) continue;
      const base = r * C;
      for (let c = 0; c < C; c++) out[c]! += W[base + c]! * v;
    }
  }

  /** Contribution of each feature to (label a) minus (label b); returns indices sorted by contribution. */
  contributions(fv: FeatureVector, a: number, b: number, out: Float64Array): void {
    const C = this.C;
    for (let k = 0; k < fv.n; k++) {
      const r = this.remap[fv.idx[k]!]!;
      if (r < 0) {
        out[k] = 0;
        continue;
      }
      const g = fv.grp[k]!;
      const v = fv.val[k]! * fv.invNorm[g]! * this.gw[g]!;
      out[k] = (this.W[r * C + a]! - (b >= 0 ? this.W[r * C + b]! : 0)) * v;
    }
  }

  static fromHead(header: Omit<ModelHeader, 'scales' | 'rows' | 'format' | 'featureBits'>, head: Head): TaskModel {
    const full: ModelHeader = {
      format: 'dayung-language-model',
      featureBits: FEATURE_BITS,
      scales: [],
      rows: head.buckets.length,
      ...header,
    };
    return new TaskModel(full, head.buckets, head.W, head.bias);
  }

  /** Serialises (quantised). Rows whose quantised weights are all zero are dropped. */
  toBuffer(): Buffer {
    const C = this.C;
    const F = this.W.length / C;
    const scales = new Array<number>(C).fill(0);
    for (let f = 0; f < F; f++)
      for (let c = 0; c < C; c++) {
        const a = Math.abs(this.W[f * C + c]!);
        if (a > scales[c]!) scales[c] = a;
      }
    for (let c = 0; c < C; c++) scales[c] = scales[c]! > 0 ? scales[c]! / 127 : 1;
    const bucketsOf = new Int32Array(F);
    for (let b = 0; b < this.remap.length; b++) if (this.remap[b]! >= 0) bucketsOf[this.remap[b]!] = b;
    const keep: number[] = [];
    const q = new Int8Array(F * C);
    for (let f = 0; f < F; f++) {
      let any = false;
      for (let c = 0; c < C; c++) {
        const v = Math.max(-127, Math.min(127, Math.round(this.W[f * C + c]! / scales[c]!)));
        q[f * C + c] = v;
        if (v !== 0) any = true;
      }
      if (any) keep.push(f);
    }
    keep.sort((x, y) => bucketsOf[x]! - bucketsOf[y]!);
    const header: ModelHeader = { ...this.header, scales, rows: keep.length };
    const hjson = Buffer.from(JSON.stringify(header), 'utf8');
    const hpad = (4 - (hjson.length % 4)) % 4;
    const size = 12 + hjson.length + hpad + keep.length * 4 + keep.length * C + ((4 - ((keep.length * C) % 4)) % 4) + C * 4;
    const buf = Buffer.alloc(size);
    buf.writeUInt32LE(MAGIC, 0);
    buf.writeUInt32LE(MODEL_FORMAT, 4);
    buf.writeUInt32LE(hjson.length + hpad, 8);
    hjson.copy(buf, 12);
    buf.fill(32, 12 + hjson.length, 12 + hjson.length + hpad);
    let o = 12 + hjson.length + hpad;
    for (const f of keep) {
      buf.writeInt32LE(bucketsOf[f]!, o);
      o += 4;
    }
    for (const f of keep) for (let c = 0; c < C; c++) buf.writeInt8(q[f * C + c]!, o++);
    o += (4 - ((keep.length * C) % 4)) % 4;
    for (let c = 0; c < C; c++) {
      buf.writeFloatLE(this.bias[c]!, o);
      o += 4;
    }
    return buf;
  }

  save(path: string): void {
    writeFileSync(path, this.toBuffer());
  }

  static fromBuffer(buf: Buffer): TaskModel {
    if (buf.length < 12 || buf.readUInt32LE(0) !== MAGIC) throw new Error('not a Dayung language model file');
    const fmt = buf.readUInt32LE(4);
    if (fmt !== MODEL_FORMAT) throw new Error(`unsupported model format ${fmt}`);
    const hl = buf.readUInt32LE(8);
    const header = JSON.parse(buf.toString('utf8', 12, 12 + hl)) as ModelHeader;
    if (header.featureBits !== FEATURE_BITS) throw new Error(`model uses ${header.featureBits} feature bits, expected ${FEATURE_BITS}`);
    const C = header.labels.length;
    const F = header.rows;
    let o = 12 + hl;
    const buckets = new Int32Array(F);
    for (let f = 0; f < F; f++, o += 4) buckets[f] = buf.readInt32LE(o);
    const W = new Float32Array(F * C);
    const q = new Int8Array(buf.buffer, buf.byteOffset + o, F * C);
    for (let f = 0; f < F; f++) for (let c = 0; c < C; c++) W[f * C + c] = q[f * C + c]! * header.scales[c]!;
    o += F * C + ((4 - ((F * C) % 4)) % 4);
    const bias = new Float32Array(C);
    for (let c = 0; c < C; c++, o += 4) bias[c] = buf.readFloatLE(o);
    return new TaskModel(header, buckets, W, bias);
  }

  static load(path: string): TaskModel {
    return TaskModel.fromBuffer(readFileSync(path));
  }
}

/** Softmax in place over out[0..C); returns the arg-max. */
export function softmax(out: Float64Array, C: number): number {
  let mx = -Infinity;
  let arg = 0;
  for (let c = 0; c < C; c++)
    if (out[c]! > mx) {
      mx = out[c]!;
      arg = c;
    }
  let z = 0;
  for (let c = 0; c < C; c++) {
    const e = Math.exp(out[c]! - mx);
    out[c] = e;
    z += e;
  }
  for (let c = 0; c < C; c++) out[c]! /= z;
  return arg;
}

/** Most features of one message (FeatureVector's cap). */
const MAX_FEATURES_SCORED = 12288;
/** Most words whose sums the kernel adds in one call (longer messages add them in JavaScript). */
const MAX_WORDS_SCORED = 4096;
/** Words whose sums the SIMD arena holds before it starts over. */
const ARENA_WORDS = 32768;
/** Extra int32 accumulators per table for features whose tf is not 1 (one per group and occurrence count). */
const N_DYN = 16;
/** Highest occurrence count that gets such an accumulator (higher counts are summed in floating point). */
const DYN_MAX_COUNT = 31;

/** Number of set bits of a 32-bit integer. */
function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * All task models fused into one int8 table for the hot path (see docs/language.md, "hot path").
 *
 * - One lookup per feature: a rank/select bitmap over the 2^20 hashed buckets (256 KB: per 32 buckets the rank of
 *   the block and its 32 presence bits) gives the feature's row id among every bucket any model uses.
 * - One row per id, one cache line (64 bytes): the int8 weights of the labels of the models that use char n-grams
 *   ("table A": lang, intent, sentiment, urgency, 17 labels) at 0, then those of the models that give char n-grams
 *   no weight ("table B": OPD routing, 44 labels) at WA. A feature's weights for every label are one memory read.
 * - Scores are accumulated per feature group (word / bigram / char / special / context / directory) as plain
 *   Σ int8 × tf, and the group norm × the model's group weight × the dequantisation scale is applied once per
 *   label at the end, so the inner loop is one contiguous multiply-add over a row.
 * Quantisation is the files' own (same scale per label), so scores equal the per-model dequantised scores.
 */
export class FusedModels {
  readonly models: readonly TaskModel[];
  /** column offset of each model in the scores output */
  readonly offset: Int32Array;
  readonly width: number;
  /** per model: 0 = table A, 1 = table B; and its column offset inside that table */
  readonly table: Uint8Array;
  readonly tcol: Int32Array;
  /** widths of the two tables */
  readonly WA: number;
  readonly WB: number;
  /** rank/select lookup: [rank of block, presence bits] per 32 buckets */
  readonly lookup: Int32Array;
  readonly rows: number;
  /** bytes per row of Q (a multiple of 64): table-A lanes at 0, table-B lanes at WA */
  readonly stride: number;
  /** the fused int8 weights, rows × stride (zeros where a model lacks the bucket) */
  Q: Int8Array;
  /** per output column: dequantisation scale and bias */
  readonly scale: Float32Array;
  readonly bias: Float32Array;
  /** group weights per model [model × N_GROUPS] */
  readonly gw: Float32Array;
  /** whether a group feeds table A / table B at all */
  private readonly useA: Uint8Array;
  private readonly useB: Uint8Array;
  private readonly accA: Float64Array;
  private readonly accB: Float64Array;
  /** WebAssembly SIMD kernel and its memory layout (null: JavaScript loop) */
  readonly kernel: RowsKernel | null;
  /** SIMD accumulators: per slot one full row (stride lanes, table A then B), int32; slot g = group g, tf 1 */
  private offAcc = 0;
  private acc32: Int32Array = new Int32Array(0);
  /** and their floating-point counterpart for rows added in JavaScript (occurrence counts without a slot) */
  private accF: Float64Array = new Float64Array(0);
  /** the kernel's entry list: [row byte offset, accumulator byte offset, multiplier] */
  private offList = 0;
  private list: Int32Array = new Int32Array(0);
  /**
   * per-word sums arena (SIMD memory): ARENA_WORDS rows of rowLanes int32 lanes: [Σ table-A rows of the word's char
   * n-grams (lanes32) | Σ table-A rows of its unigram and canonical parts (lanes32) | their Σ table-B rows (lanesB32)]
   */
  private arena: Int32Array = new Int32Array(0);
  private offArena = 0;
  private lanes32 = 0;
  private lanesB32 = 0;
  private rowLanes = 0;
  private arenaNext = 0;
  private epoch = 1;
  private offWordRows = 0;
  private wordRows: Int32Array = new Int32Array(0);
  /** the kernel's sum of this message's per-word rows */
  private offWacc = 0;
  private wacc: Int32Array = new Int32Array(0);
  /** dynamic accumulators (slot N_GROUPS + j) per (group, count): slot map with message stamps, their tf values */
  private readonly dynSlotOf = new Int32Array(N_GROUPS * (DYN_MAX_COUNT + 1));
  private readonly dynStampOf = new Int32Array(N_GROUPS * (DYN_MAX_COUNT + 1));
  private readonly dynG = new Int32Array(N_DYN);
  private readonly dynV = new Float64Array(N_DYN);
  private dynStamp = 0;
  private nDyn = 0;
  /** groups some model weighs */
  private readonly useAny: Uint8Array;
  private dirtyWord = new Int32Array(1024);
  private dirtyRow = new Int32Array(1024);

  constructor(models: readonly TaskModel[]) {
    this.models = models;
    const M = models.length;
    if (M > 64) throw new Error('at most 64 models can be fused');
    this.labelSums = new Float64Array(Math.max(1, ...models.map((m) => m.C)));
    this.offset = new Int32Array(M + 1);
    for (let i = 0; i < M; i++) this.offset[i + 1] = this.offset[i]! + models[i]!.C;
    const width = this.offset[M]!;
    this.width = width;
    this.table = new Uint8Array(M);
    this.tcol = new Int32Array(M);
    let WA = 0;
    let WB = 0;
    for (let i = 0; i < M; i++) {
      const m = models[i]!;
      if (m.gw[G_CHAR] !== 0) {
        this.table[i] = 0;
        this.tcol[i] = WA;
        WA += m.C;
      } else {
        this.table[i] = 1;
        this.tcol[i] = WB;
        WB += m.C;
      }
    }
    this.WA = WA;
    this.WB = WB;
    this.gw = new Float32Array(M * N_GROUPS);
    this.useA = new Uint8Array(N_GROUPS);
    this.useB = new Uint8Array(N_GROUPS);
    this.useAny = new Uint8Array(N_GROUPS);
    for (let i = 0; i < M; i++)
      for (let g = 0; g < N_GROUPS; g++) {
        const w = models[i]!.gw[g]!;
        this.gw[i * N_GROUPS + g] = w;
        if (w !== 0) (this.table[i] === 0 ? this.useA : this.useB)[g] = 1;
        if (w !== 0) this.useAny[g] = 1;
      }
    // buckets used by any model
    const NB = 1 << FEATURE_BITS;
    const anyBits = new Int32Array(NB >>> 5);
    for (let i = 0; i < M; i++) {
      const remap = models[i]!.remap;
      for (let b = 0; b < NB; b++) if (remap[b]! >= 0) anyBits[b >>> 5]! |= 1 << (b & 31);
    }
    this.lookup = new Int32Array(NB >>> 4);
    let rows = 0;
    for (let k = 0; k < NB >>> 5; k++) {
      this.lookup[2 * k] = rows;
      this.lookup[2 * k + 1] = anyBits[k]!;
      rows += popcount(anyBits[k]!);
    }
    this.rows = rows;
    // dequantisation scales: the file's per-label scale (recovered from the dequantised weights, as before)
    this.scale = new Float32Array(width);
    this.bias = new Float32Array(width);
    models.forEach((m, i) => {
      const o = this.offset[i]!;
      for (let c = 0; c < m.C; c++) {
        let mx = 0;
        for (let f = c; f < m.W.length; f += m.C) mx = Math.max(mx, Math.abs(m.W[f]!));
        this.scale[o + c] = mx > 0 ? mx / 127 : 1;
        this.bias[o + c] = m.bias[c]!;
      }
    });
    const S = Math.max(64, Math.ceil((WA + WB) / 64) * 64);
    this.stride = S;
    // slack after the last row: the kernel reads whole 16-lane vectors
    const qBytes = rows * S + 128;
    this.Q = new Int8Array(qBytes);
    models.forEach((m, i) => {
      const o = this.offset[i]!;
      const col = (this.table[i] === 1 ? WA : 0) + this.tcol[i]!;
      for (let b = 0; b < NB; b++) {
        const fr = m.remap[b]!;
        if (fr < 0) continue;
        const row = this.rowId(b) * S + col;
        for (let c = 0; c < m.C; c++) this.Q[row + c] = Math.max(-127, Math.min(127, Math.round(m.W[fr * m.C + c]! / this.scale[o + c]!)));
      }
    });
    this.accA = new Float64Array(N_GROUPS * WA);
    this.accB = new Float64Array(N_GROUPS * WB);
    // WebAssembly memory: [Q | int32 accumulators A, B | entry lists A, B | word rows | word-sum accumulator |
    // arena], accumulators padded to 16 lanes
    const al = (x: number): number => (x + 63) & ~63;
    this.offAcc = al(qBytes + 64);
    this.offList = al(this.offAcc + (N_GROUPS + N_DYN) * S * 4);
    this.offWordRows = al(this.offList + 3 * MAX_FEATURES_SCORED * 12);
    this.lanes32 = Math.ceil(WA / 4) * 4;
    this.lanesB32 = Math.ceil(WB / 4) * 4;
    this.rowLanes = 2 * this.lanes32 + this.lanesB32;
    this.offWacc = al(this.offWordRows + MAX_WORDS_SCORED * 4);
    this.offArena = al(this.offWacc + this.rowLanes * 4);
    const end = this.offArena + ARENA_WORDS * this.rowLanes * 4 + 64;
    this.kernel = WA + WB > 0 ? createRowsKernel(end) : null;
    if (this.kernel !== null) {
      const buf = this.kernel.memory.buffer;
      const q = new Int8Array(buf, 0, qBytes);
      q.set(this.Q);
      this.Q = q;
      this.acc32 = new Int32Array(buf, this.offAcc, (N_GROUPS + N_DYN) * S);
      this.accF = new Float64Array(N_GROUPS * S);
      this.list = new Int32Array(buf, this.offList, 3 * MAX_FEATURES_SCORED * 3);
      this.wordRows = new Int32Array(buf, this.offWordRows, MAX_WORDS_SCORED);
      this.wacc = new Int32Array(buf, this.offWacc, this.rowLanes);
      this.arena = new Int32Array(buf, this.offArena, ARENA_WORDS * this.rowLanes);
    }
  }

  /** Row id of a bucket, or -1 when no model has it. */
  rowId(bucket: number): number {
    const k = (bucket >>> 5) << 1;
    const bits = this.lookup[k + 1]!;
    const bit = 1 << (bucket & 31);
    if ((bits & bit) === 0) return -1;
    return this.lookup[k]! + popcount(bits & (bit - 1));
  }

  /**
   * Σ of the table-A rows of a word's char n-grams, cached on the word's info: info.sums[info.sumsAt ..]. With the
   * SIMD kernel the sums live in an arena in its memory (emptied, with a new epoch, when full), followed by the Σ of
   * the table-A and table-B rows of the word's unigram and canonical parts (see `arena`); returns sumsAt.
   */
  private wordSums(info: WordInfo): number {
    const P = wordPool();
    if (info.sumsOwner === this && info.sumsEpoch === this.epoch && info.sums !== null) return info.sumsAt;
    const WA = this.WA;
    const S = this.stride;
    const Q = this.Q;
    let sums: Int32Array;
    let at: number;
    if (this.kernel !== null) {
      if (this.arenaNext >= ARENA_WORDS) this.newEpoch();
      sums = this.arena;
      at = this.arenaNext * this.rowLanes;
      this.arenaNext++;
      sums.fill(0, at, at + this.rowLanes);
      // unigram and canonical parts (group "word"): table A at lanes32, table B at 2 × lanes32
      const wA = this.useA[G_WORD] === 1;
      const wB = this.useB[G_WORD] === 1;
      const WB = this.WB;
      const hp = info.partsAt;
      const np = info.parts === null ? 0 : info.parts.length;
      for (let j = -1; j < np; j++) {
        const id = this.rowId(j < 0 ? info.hw : P[hp + j]!);
        if (id < 0) continue;
        const row = id * S;
        if (wA) {
          const o = at + this.lanes32;
          for (let c = 0; c < WA; c++) sums[o + c]! += Q[row + c]!;
        }
        if (wB) {
          const o = at + 2 * this.lanes32;
          for (let c = 0; c < WB; c++) sums[o + c]! += Q[row + WA + c]!;
        }
      }
    } else {
      sums = new Int32Array(WA);
      at = 0;
    }
    const ga = info.gramsAt;
    for (let j = 0; j < info.nGrams; j++) {
      const id = this.rowId(P[ga + j]!);
      if (id < 0) continue;
      const row = id * S;
      for (let c = 0; c < WA; c++) sums[at + c]! += Q[row + c]!;
    }
    info.sums = sums;
    info.sumsAt = at;
    info.sumsOwner = this;
    info.sumsEpoch = this.epoch;
    return at;
  }

  private growDirty(): void {
    const w = new Int32Array(this.dirtyWord.length * 2);
    w.set(this.dirtyWord);
    this.dirtyWord = w;
    const r = new Int32Array(this.dirtyRow.length * 2);
    r.set(this.dirtyRow);
    this.dirtyRow = r;
  }

  private newEpoch(): void {
    this.epoch++;
    this.arenaNext = 0;
  }

  /** Accumulator slot (N_GROUPS + j) for features of group g with occurrence count c (tf v); -1 when none is left. */
  private dynSlot(g: number, c: number, v: number): number {
    const key = g * (DYN_MAX_COUNT + 1) + c;
    if (this.dynStampOf[key] === this.dynStamp) return this.dynSlotOf[key]!;
    const j = this.nDyn;
    if (j >= N_DYN) return -1;
    const S = this.stride;
    const s = N_GROUPS + j;
    this.acc32.fill(0, s * S, (s + 1) * S);
    this.dynG[j] = g;
    this.dynV[j] = v;
    this.nDyn = j + 1;
    this.dynStampOf[key] = this.dynStamp;
    this.dynSlotOf[key] = s;
    return s;
  }

  /**
   * scoresAll with the WebAssembly SIMD kernel. Per word, one row of cached int32 sums (its char n-grams in table A,
   * its unigram and canonical parts in tables A and B) is added by the kernel; that covers every feature that
   * occurs once and comes from one word. The other features go to the kernel as whole rows (every label of every
   * model: 64 int8 lanes) with an integer multiplier: their occurrences come out of the word sums, and they go in
   * whole into an int32 accumulator per group and occurrence count (scaled by the count's sublinear tf at the end:
   * integer × float32 products and their sums are exact in float64, so the result does not depend on the order).
   * Lanes of a model that gives a group no weight collect numbers that are never read.
   */
  private scoresSimd(fv: FeatureVector, out: Float64Array): void {
    const n = fv.n;
    const rowOf = fv.row;
    const WA = this.WA;
    const WB = this.WB;
    const S = this.stride;
    const acc32 = this.acc32;
    const accF = this.accF;
    accF.fill(0);
    acc32.fill(0, 0, N_GROUPS * S);
    this.dynStamp++;
    this.nDyn = 0;
    const Q = this.Q;
    const lookup = this.lookup;
    const useAny = this.useAny;
    const idx = fv.idx;
    const grp = fv.grp;
    const val = fv.val;
    const cnt = fv.cnt;
    const gramOcc = fv.gramOcc;
    const wordOcc = fv.wordOcc;
    const sums = WA > 0 && !fv.overflow;
    const wsums = sums && !fv.wordDropped;
    const list = this.list;
    const offAcc = this.offAcc;
    const slotBytes = S * 4;
    let nl = 0;
    const infos = fv.infos;
    const nw = infos.length;
    const wacc = this.wacc;
    const RL = this.rowLanes;
    wacc.fill(0);
    if (sums) {
      if (nw <= MAX_WORDS_SCORED) {
        // all of this message's sums must stay in one arena epoch
        if (this.arenaNext + nw > ARENA_WORDS) this.newEpoch();
        const wordRows = this.wordRows;
        const base = this.offArena;
        for (let i = 0; i < nw; i++) wordRows[i] = base + this.wordSums(infos[i]!) * 4;
        if (nw > 0) this.kernel!.rows32(this.offWordRows, nw, RL >>> 2, this.offWacc);
      } else {
        for (let i = 0; i < nw; i++) {
          const info = infos[i]!;
          const at = this.wordSums(info);
          const s = info.sums!;
          for (let c = 0; c < RL; c++) wacc[c]! += s[at + c]!;
        }
      }
    }
    // row ids first, in a tight loop (the lookups are independent cache misses that overlap), then the list
    for (let k = 0; k < n; k++) {
      if (cnt[k] === 1 && (sums ? gramOcc[k]! : 0) + (wsums ? wordOcc[k]! : 0) === 1) {
        rowOf[k] = -2;
        continue;
      }
      const b = idx[k]!;
      const lk = (b >>> 5) << 1;
      const bits = lookup[lk + 1]!;
      const bit = 1 << (b & 31);
      if ((bits & bit) === 0) {
        rowOf[k] = -1;
        continue;
      }
      let x = bits & (bit - 1);
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      x = (x + (x >>> 4)) & 0x0f0f0f0f;
      rowOf[k] = lookup[lk]! + (Math.imul(x, 0x01010101) >>> 24);
    }
    for (let k = 0; k < n; k++) {
      const id = rowOf[k]!;
      if (id < 0) continue;
      const occ = sums ? gramOcc[k]! : 0;
      const wo = wsums ? wordOcc[k]! : 0;
      const c = cnt[k]!;
      const g = grp[k]!;
      const row = id * S;
      // occurrences already in the word sums come out
      if (occ > 0) {
        list[3 * nl] = row;
        list[3 * nl + 1] = offAcc + G_CHAR * slotBytes;
        list[3 * nl + 2] = -occ;
        nl++;
      }
      if (wo > 0) {
        list[3 * nl] = row;
        list[3 * nl + 1] = offAcc + G_WORD * slotBytes;
        list[3 * nl + 2] = -wo;
        nl++;
      }
      if (useAny[g] === 1) {
        const s = c === 1 ? g : c <= DYN_MAX_COUNT ? this.dynSlot(g, c, val[k]!) : -1;
        if (s >= 0) {
          list[3 * nl] = row;
          list[3 * nl + 1] = offAcc + s * slotBytes;
          list[3 * nl + 2] = 1;
          nl++;
        } else {
          const v = val[k]!;
          const a = g * S;
          for (let q = 0; q < WA + WB; q++) accF[a + q]! += Q[row + q]! * v;
        }
      }
    }
    if (nl > 0) this.kernel!.rows8(this.offList, nl, S >>> 4);
    // the word sums into their groups, the per-count accumulators × their tf (exact, see above)
    if (sums) {
      const L = this.lanes32;
      const cb = G_CHAR * S;
      for (let q = 0; q < WA; q++) acc32[cb + q]! += wacc[q]!;
      if (wsums) {
        const wa = G_WORD * S;
        for (let q = 0; q < WA; q++) acc32[wa + q]! += wacc[L + q]!;
        const wb = G_WORD * S + WA;
        for (let q = 0; q < WB; q++) acc32[wb + q]! += wacc[2 * L + q]!;
      }
    }
    for (let j = 0; j < this.nDyn; j++) {
      const a = this.dynG[j]! * S;
      const v = this.dynV[j]!;
      const s = (N_GROUPS + j) * S;
      for (let q = 0; q < WA + WB; q++) accF[a + q]! += acc32[s + q]! * v;
    }
    // out = Σ over groups of (int32 part + float part) × group norm × group weight, × scale + bias, per label
    const inv = fv.invNorm;
    const M = this.models.length;
    const gm = this.groupMult;
    const gs = this.groupSel;
    for (let i = 0; i < M; i++) {
      const o = this.offset[i]!;
      const C = this.offset[i + 1]! - o;
      const col = (this.table[i] === 1 ? WA : 0) + this.tcol[i]!;
      const ng = this.groupsOf(inv, i, gm, gs);
      // per label, the groups in order (group by group over the labels: the same additions in the same order)
      const sum = this.labelSums;
      sum.fill(0, 0, C);
      for (let j = 0; j < ng; j++) {
        const m = gm[j]!;
        const at = gs[j]! * S + col;
        for (let c = 0; c < C; c++) sum[c]! += (acc32[at + c]! + accF[at + c]!) * m;
      }
      for (let c = 0; c < C; c++) out[o + c] = sum[c]! * this.scale[o + c]! + this.bias[o + c]!;
    }
  }

  /**
   * The groups of model i with a non-zero multiplier (group norm × group weight), in order, into gm/gs; returns
   * their number. Summing over them in this order is the same as over every group skipping zero multipliers.
   */
  private groupsOf(inv: Float32Array, i: number, gm: Float64Array, gs: Int32Array): number {
    let ng = 0;
    for (let g = 0; g < N_GROUPS; g++) {
      const m = inv[g]! * this.gw[i * N_GROUPS + g]!;
      if (m !== 0) {
        gm[ng] = m;
        gs[ng] = g;
        ng++;
      }
    }
    return ng;
  }
  private readonly groupMult = new Float64Array(N_GROUPS);
  /** per-label partial sums of one model (as many as its labels) */
  private readonly labelSums: Float64Array;
  private readonly groupSel = new Int32Array(N_GROUPS);

  /**
   * Fills out[offset[i] .. offset[i+1]) with the raw (calibrated) scores of every model, and fv.row with each
   * feature's row id (-1 = no model has the bucket, -2 = not looked up: left to the word sums) for explanations.
   *
   * Char n-grams go in per word: the cached Σ of the word's n-gram rows. That is exact for every n-gram feature
   * that occurred once (count 1, tf 1); the few others (repeated n-grams, bucket collisions) are corrected per
   * feature: their n-gram occurrences are taken out of the sums and the feature is added with its own tf and group.
   * With the SIMD kernel, unigrams and canonical parts go in per word the same way.
   */
  scoresAll(fv: FeatureVector, out: Float64Array): void {
    if (this.kernel !== null) {
      this.scoresSimd(fv, out);
      return;
    }
    const n = fv.n;
    const rowOf = fv.row;
    const WA = this.WA;
    const WB = this.WB;
    const S = this.stride;
    const accA = this.accA;
    const accB = this.accB;
    accA.fill(0);
    accB.fill(0);
    const Q = this.Q;
    const lookup = this.lookup;
    const useA = this.useA;
    const useB = this.useB;
    const idx = fv.idx;
    const grp = fv.grp;
    const val = fv.val;
    const gramOcc = fv.gramOcc;
    const sums = WA > 0 && !fv.overflow;
    const charBase = G_CHAR * WA;
    if (sums) {
      const infos = fv.infos;
      for (let i = 0; i < infos.length; i++) {
        const info = infos[i]!;
        const at = this.wordSums(info);
        const s = info.sums!;
        for (let c = 0; c < WA; c++) accA[charBase + c]! += s[at + c]!;
      }
    }
    for (let k = 0; k < n; k++) {
      const occ = sums ? gramOcc[k]! : 0;
      const v = val[k]!;
      if (occ === 1 && v === 1) {
        rowOf[k] = -2;
        continue;
      }
      const b = idx[k]!;
      const lk = (b >>> 5) << 1;
      const bits = lookup[lk + 1]!;
      const bit = 1 << (b & 31);
      if ((bits & bit) === 0) {
        rowOf[k] = -1;
        continue;
      }
      let x = bits & (bit - 1);
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      x = (x + (x >>> 4)) & 0x0f0f0f0f;
      const id = lookup[lk]! + (Math.imul(x, 0x01010101) >>> 24);
      rowOf[k] = id;
      const g = grp[k]!;
      const row = id * S;
      if (occ > 0) for (let c = 0; c < WA; c++) accA[charBase + c]! -= Q[row + c]! * occ;
      if (useA[g] === 1) {
        const a = g * WA;
        if (v === 1) for (let c = 0; c < WA; c++) accA[a + c]! += Q[row + c]!;
        else for (let c = 0; c < WA; c++) accA[a + c]! += Q[row + c]! * v;
      }
      if (useB[g] === 1) {
        const a = g * WB;
        const rb = row + WA;
        if (v === 1) for (let c = 0; c < WB; c++) accB[a + c]! += Q[rb + c]!;
        else for (let c = 0; c < WB; c++) accB[a + c]! += Q[rb + c]! * v;
      }
    }
    const inv = fv.invNorm;
    const M = this.models.length;
    const gm = this.groupMult;
    const gs = this.groupSel;
    for (let i = 0; i < M; i++) {
      const o = this.offset[i]!;
      const C = this.offset[i + 1]! - o;
      const inB = this.table[i] === 1;
      const W = inB ? WB : WA;
      const acc = inB ? accB : accA;
      const tc = this.tcol[i]!;
      const ng = this.groupsOf(inv, i, gm, gs);
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let j = 0; j < ng; j++) s += acc[gs[j]! * W + tc + c]! * gm[j]!;
        out[o + c] = s * this.scale[o + c]! + this.bias[o + c]!;
      }
    }
  }

  /**
   * "mengapa" for several models at once, from the row ids left by scoresAll(fv): adds each feature's contribution
   * to (label a) minus (label b) of model i into agg[i × stride + slot[k]]; a[i] < 0 skips model i. Word slots
   * take their n-grams through the same per-word sums as the scores; a repeated n-gram is credited, with its
   * sublinear tf, to the first word that has it (as a per-feature sum would) and taken out of the other words.
   */
  explainInto(fv: FeatureVector, a: Int32Array, b: Int32Array, slot: Int32Array, agg: Float64Array, stride: number): void {
    const M = this.models.length;
    const n = fv.n;
    const rowOf = fv.row;
    const sums = this.WA > 0 && !fv.overflow;
    // features left to the word sums by the scorer: n-grams stay there (per word, below); unigrams and canonical
    // parts are looked up now
    for (let k = 0; k < n; k++) if (rowOf[k] === -2 && (!sums || fv.gramOcc[k] === 0)) rowOf[k] = this.rowId(fv.idx[k]!);
    // their rows into the cache together (independent misses overlap here, not one by one in the loop below)
    let touch = 0;
    for (let k = 0; k < n; k++) {
      const id = rowOf[k]!;
      if (id >= 0) touch += this.Q[id * this.stride]!;
    }
    this.touched = touch;
    const inv = fv.invNorm;
    const val = fv.val;
    const grp = fv.grp;
    const gw = this.gw;
    const S = this.stride;
    const Q = this.Q;
    // once per message: the n-gram occurrences (word, row) whose feature is not in the word sums alone
    let nDirty = 0;
    if (sums) {
      fv.resolveOccurrences();
      const occFeat = fv.occFeat;
      const occStart = fv.occStart;
      const nw = fv.infos.length;
      for (let w = 0; w < nw; w++)
        for (let q = occStart[w]!; q < occStart[w + 1]!; q++) {
          const f = occFeat[q]!;
          if (f < 0) continue;
          const id = rowOf[f]!;
          if (id < 0) continue;
          if (nDirty >= this.dirtyWord.length) this.growDirty();
          this.dirtyWord[nDirty] = w;
          this.dirtyRow[nDirty] = id;
          nDirty++;
        }
    }
    const dirtyWord = this.dirtyWord;
    const dirtyRow = this.dirtyRow;
    // the models to explain, with their labels, scales and columns
    const act = this.explainAct;
    const eA = this.explainA;
    const eB = this.explainB;
    const eSA = this.explainSA;
    const eSB = this.explainSB;
    const eCol = this.explainCol;
    let na = 0;
    for (let i = 0; i < M; i++) {
      const ai = a[i]!;
      if (ai < 0) continue;
      const bi = b[i]!;
      const o = this.offset[i]!;
      act[na] = i;
      eA[na] = ai;
      // without a runner-up, label a against nothing: Q[a] × 0 takes the place of the runner-up's term
      eB[na] = bi >= 0 ? bi : ai;
      eSA[na] = this.scale[o + ai]!;
      eSB[na] = bi >= 0 ? this.scale[o + bi]! : 0;
      eCol[na] = (this.table[i] === 1 ? this.WA : 0) + this.tcol[i]!;
      na++;
    }
    // word sums (and the n-gram occurrences that leave them), per model
    if (sums)
      for (let e = 0; e < na; e++) {
        const i = act[e]!;
        if (this.table[i] === 1) continue;
        const ai = eA[e]!;
        const bi = eB[e]!;
        const sa = eSA[e]!;
        const sb = eSB[e]!;
        const col = eCol[e]!;
        const base = i * stride;
        const vc = inv[G_CHAR]! * gw[i * N_GROUPS + G_CHAR]!;
        const infos = fv.infos;
        for (let w = 0; w < infos.length; w++) {
          const info = infos[w]!;
          const at = this.wordSums(info) + col;
          const SS = info.sums!;
          const d = (SS[at + ai]! * sa - (bi >= 0 ? SS[at + bi]! * sb : 0)) * vc;
          if (d !== 0) agg[base + w]! += d;
        }
        // n-gram occurrences that are not single-occurrence features leave their word's sum (handled per feature)
        for (let j = 0; j < nDirty; j++) {
          const row = dirtyRow[j]! * S + col;
          agg[base + dirtyWord[j]!]! -= (Q[row + ai]! * sa - (bi >= 0 ? Q[row + bi]! * sb : 0)) * vc;
        }
      }
    // then every looked-up feature, all models at once (its row is one cache line); each aggregate receives the
    // same additions in the same order as model by model
    for (let k = 0; k < n; k++) {
      const id = rowOf[k]!;
      if (id < 0) continue;
      const s = slot[k]!;
      if (s < 0) continue;
      const g = grp[k]!;
      const r0 = id * S;
      const vk = val[k]! * inv[g]!;
      for (let e = 0; e < na; e++) {
        const i = act[e]!;
        const ai = eA[e]!;
        const bi = eB[e]!;
        const row = r0 + eCol[e]!;
        const v = vk * gw[i * N_GROUPS + g]!;
        // (a zero contribution leaves the sum as it is: it starts at +0 and so never becomes −0)
        agg[i * stride + s]! += (Q[row + ai]! * eSA[e]! - Q[row + bi]! * eSB[e]!) * v;
      }
    }
  }
  /** keeps the reads of explainInto's cache-warming loop */
  touched = 0;
  private readonly explainAct = new Int32Array(64);
  private readonly explainA = new Int32Array(64);
  private readonly explainB = new Int32Array(64);
  private readonly explainSA = new Float64Array(64);
  private readonly explainSB = new Float64Array(64);
  private readonly explainCol = new Int32Array(64);
}
