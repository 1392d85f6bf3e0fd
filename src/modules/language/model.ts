// A task model: one linear head over the shared hashed features, calibrated (temperature folded into the
// weights), with labels, a triage threshold and its manifest. Stored as a compact binary file:
//   "DYLM" | u32 format | u32 header bytes | header JSON (padded to 4) | i32 buckets[F] | i8 weights[F×C] | f32 bias[C]
// Weights are quantised per class (symmetric int8, scale in the header).
import { readFileSync, writeFileSync } from 'node:fs';
import { FEATURE_BITS, G_CHAR, N_GROUPS } from './features.ts';
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
/** Words whose n-gram sums the SIMD arena holds before it starts over. */
const ARENA_WORDS = 65536;

/** Number of set bits of a 32-bit integer. */
function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * All task models fused into two int8 tables for the hot path (see docs/language.md, "hot path").
 *
 * - One lookup per feature: a rank/select bitmap over the 2^20 hashed buckets (256 KB: per 32 buckets the rank of
 *   the block and its 32 presence bits) gives the feature's row id among every bucket any model uses.
 * - Table A holds, per row, the int8 weights of every label of the models that use char n-grams (lang, intent,
 *   sentiment, urgency: 17 labels, ≈1.4 MB); table B holds the models that give char n-grams no weight (OPD routing,
 *   44 labels), only for rows that model has, and is read only for non-char features.
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
  QA: Int8Array;
  QB: Int8Array;
  /** row id → row of table B (NO_B_ROW when no table-B model has the bucket); 16-bit when the rows fit */
  readonly bRow: Uint16Array | Int32Array;
  /** bRow's "no row" value */
  readonly noB: number;
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
  private padA = 0;
  private padB = 0;
  private offAccA = 0;
  private offAccB = 0;
  private offListA = 0;
  private offListB = 0;
  private acc32A: Int32Array = new Int32Array(0);
  private acc32B: Int32Array = new Int32Array(0);
  private listA: Int32Array = new Int32Array(0);
  private listB: Int32Array = new Int32Array(0);
  /** per-word n-gram sums arena (SIMD memory): ARENA_WORDS slots of lanes32 int32 lanes */
  private arena: Int32Array = new Int32Array(0);
  private offArena = 0;
  private lanes32 = 0;
  private arenaNext = 0;
  private epoch = 1;
  private offWordRows = 0;
  private wordRows: Int32Array = new Int32Array(0);

  constructor(models: readonly TaskModel[]) {
    this.models = models;
    const M = models.length;
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
    for (let i = 0; i < M; i++)
      for (let g = 0; g < N_GROUPS; g++) {
        const w = models[i]!.gw[g]!;
        this.gw[i * N_GROUPS + g] = w;
        if (w !== 0) (this.table[i] === 0 ? this.useA : this.useB)[g] = 1;
      }
    // buckets used by any model, and by the table-B models
    const NB = 1 << FEATURE_BITS;
    const anyBits = new Int32Array(NB >>> 5);
    const bBits = new Int32Array(NB >>> 5);
    for (let i = 0; i < M; i++) {
      const remap = models[i]!.remap;
      const bits = this.table[i] === 1 ? bBits : null;
      for (let b = 0; b < NB; b++)
        if (remap[b]! >= 0) {
          anyBits[b >>> 5]! |= 1 << (b & 31);
          if (bits !== null) bits[b >>> 5]! |= 1 << (b & 31);
        }
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
    let nBRows = 0;
    for (let k = 0; k < NB >>> 5; k++) nBRows += popcount(bBits[k]! & anyBits[k]!);
    this.noB = nBRows < 0xffff ? 0xffff : -1;
    this.bRow = nBRows < 0xffff ? new Uint16Array(rows).fill(0xffff) : new Int32Array(rows).fill(-1);
    let nB = 0;
    let r = 0;
    for (let k = 0; k < NB >>> 5; k++) {
      const bits = anyBits[k]!;
      if (bits === 0) continue;
      for (let j = 0; j < 32; j++)
        if ((bits >>> j) & 1) {
          if ((bBits[k]! >>> j) & 1) this.bRow[r] = nB++;
          r++;
        }
    }
    this.QA = new Int8Array(rows * WA);
    this.QB = new Int8Array(nB * WB);
    models.forEach((m, i) => {
      const o = this.offset[i]!;
      const inB = this.table[i] === 1;
      const W = inB ? WB : WA;
      const Q = inB ? this.QB : this.QA;
      const tc = this.tcol[i]!;
      for (let b = 0; b < NB; b++) {
        const fr = m.remap[b]!;
        if (fr < 0) continue;
        const id = this.rowId(b);
        const row = (inB ? this.bRow[id]! : id) * W + tc;
        for (let c = 0; c < m.C; c++) Q[row + c] = Math.max(-127, Math.min(127, Math.round(m.W[fr * m.C + c]! / this.scale[o + c]!)));
      }
    });
    this.accA = new Float64Array(N_GROUPS * WA);
    this.accB = new Float64Array(N_GROUPS * WB);
    // WebAssembly memory: [table A | table B | int32 accumulators A, B | entry lists A, B], rows padded to 16 lanes
    const al = (x: number): number => (x + 63) & ~63;
    this.padA = Math.ceil(WA / 16) * 16;
    this.padB = Math.ceil(WB / 16) * 16;
    const offQB = al(this.QA.length + 64);
    this.offAccA = al(offQB + this.QB.length + 64);
    this.offAccB = al(this.offAccA + N_GROUPS * this.padA * 4);
    this.offListA = al(this.offAccB + N_GROUPS * this.padB * 4);
    this.offListB = al(this.offListA + 2 * MAX_FEATURES_SCORED * 12);
    this.offWordRows = al(this.offListB + MAX_FEATURES_SCORED * 12);
    this.lanes32 = Math.ceil(WA / 4) * 4;
    this.offArena = al(this.offWordRows + MAX_WORDS_SCORED * 4);
    const end = this.offArena + ARENA_WORDS * this.lanes32 * 4 + 64;
    this.kernel = WA + WB > 0 ? createRowsKernel(end) : null;
    if (this.kernel !== null) {
      const buf = this.kernel.memory.buffer;
      const qa = new Int8Array(buf, 0, this.QA.length);
      qa.set(this.QA);
      this.QA = qa;
      const qb = new Int8Array(buf, offQB, this.QB.length);
      qb.set(this.QB);
      this.QB = qb;
      this.acc32A = new Int32Array(buf, this.offAccA, N_GROUPS * this.padA);
      this.acc32B = new Int32Array(buf, this.offAccB, N_GROUPS * this.padB);
      this.listA = new Int32Array(buf, this.offListA, 2 * MAX_FEATURES_SCORED * 3);
      this.listB = new Int32Array(buf, this.offListB, MAX_FEATURES_SCORED * 3);
      this.wordRows = new Int32Array(buf, this.offWordRows, MAX_WORDS_SCORED);
      this.arena = new Int32Array(buf, this.offArena, ARENA_WORDS * this.lanes32);
      this.offQB = offQB;
    }
  }
  private offQB = 0;

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
   * SIMD kernel the sums live in an arena in its memory (emptied, with a new epoch, when full); returns sumsAt.
   */
  private wordSums(info: WordInfo): number {
    if (info.sumsOwner === this && info.sumsEpoch === this.epoch && info.sums !== null) return info.sumsAt;
    const WA = this.WA;
    let sums: Int32Array;
    let at: number;
    if (this.kernel !== null) {
      if (this.arenaNext >= ARENA_WORDS) this.newEpoch();
      sums = this.arena;
      at = this.arenaNext * this.lanes32;
      this.arenaNext++;
      sums.fill(0, at, at + this.lanes32);
    } else {
      sums = new Int32Array(WA);
      at = 0;
    }
    const g = info.grams;
    for (let j = 0; j < g.length; j++) {
      const id = this.rowId(g[j]!);
      if (id < 0) continue;
      const row = id * WA;
      for (let c = 0; c < WA; c++) sums[at + c]! += this.QA[row + c]!;
    }
    info.sums = sums;
    info.sumsAt = at;
    info.sumsOwner = this;
    info.sumsEpoch = this.epoch;
    return at;
  }

  private dirtyWord = new Int32Array(1024);
  private dirtyRow = new Int32Array(1024);
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

  /** scoresAll with the WebAssembly SIMD kernel: rows with tf 1 go to the kernel as int8 → int32 lane sums. */
  private scoresSimd(fv: FeatureVector, out: Float64Array): void {
    const n = fv.n;
    const rowOf = fv.row;
    const WA = this.WA;
    const WB = this.WB;
    const padA = this.padA;
    const padB = this.padB;
    const accA = this.accA;
    const accB = this.accB;
    const acc32A = this.acc32A;
    const acc32B = this.acc32B;
    accA.fill(0);
    accB.fill(0);
    acc32A.fill(0);
    acc32B.fill(0);
    const QA = this.QA;
    const QB = this.QB;
    const bRow = this.bRow;
    const noB = this.noB;
    const lookup = this.lookup;
    const useA = this.useA;
    const useB = this.useB;
    const idx = fv.idx;
    const grp = fv.grp;
    const val = fv.val;
    const gramOcc = fv.gramOcc;
    const sums = WA > 0 && !fv.overflow;
    const listA = this.listA;
    const listB = this.listB;
    const offAccA = this.offAccA;
    const offAccB = this.offAccB;
    const offQB = this.offQB;
    let nA = 0;
    let nB = 0;
    const infos = fv.infos;
    const nw = infos.length;
    const wordsViaKernel = sums && nw <= MAX_WORDS_SCORED;
    if (sums) {
      if (wordsViaKernel) {
        // all of this message's sums must stay in one arena epoch
        if (this.arenaNext + nw > ARENA_WORDS) this.newEpoch();
        const wordRows = this.wordRows;
        const base = this.offArena;
        for (let i = 0; i < nw; i++) wordRows[i] = base + this.wordSums(infos[i]!) * 4;
      } else {
        const cb = G_CHAR * padA;
        for (let i = 0; i < nw; i++) {
          const info = infos[i]!;
          const at = this.wordSums(info);
          const s = info.sums!;
          for (let c = 0; c < WA; c++) acc32A[cb + c]! += s[at + c]!;
        }
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
      if (occ > 0) {
        listA[3 * nA] = id * WA;
        listA[3 * nA + 1] = offAccA + G_CHAR * padA * 4;
        listA[3 * nA + 2] = -occ;
        nA++;
      }
      if (useA[g] === 1) {
        if (v === 1) {
          listA[3 * nA] = id * WA;
          listA[3 * nA + 1] = offAccA + g * padA * 4;
          listA[3 * nA + 2] = 1;
          nA++;
        } else {
          const row = id * WA;
          const a = g * WA;
          for (let c = 0; c < WA; c++) accA[a + c]! += QA[row + c]! * v;
        }
      }
      if (useB[g] === 1) {
        const rb = bRow[id]!;
        if (rb !== noB) {
          if (v === 1) {
            listB[3 * nB] = offQB + rb * WB;
            listB[3 * nB + 1] = offAccB + g * padB * 4;
            listB[3 * nB + 2] = 1;
            nB++;
          } else {
            const row = rb * WB;
            const a = g * WB;
            for (let c = 0; c < WB; c++) accB[a + c]! += QB[row + c]! * v;
          }
        }
      }
    }
    const kern = this.kernel!;
    if (wordsViaKernel && nw > 0) kern.rows32(this.offWordRows, nw, this.lanes32 >>> 2, offAccA + G_CHAR * padA * 4);
    if (nA > 0) kern.rows8(this.offListA, nA, padA >>> 4);
    if (nB > 0) kern.rows8(this.offListB, nB, padB >>> 4);
    const inv = fv.invNorm;
    const M = this.models.length;
    for (let i = 0; i < M; i++) {
      const o = this.offset[i]!;
      const C = this.offset[i + 1]! - o;
      const inB = this.table[i] === 1;
      const W = inB ? WB : WA;
      const P = inB ? padB : padA;
      const acc = inB ? accB : accA;
      const acc32 = inB ? acc32B : acc32A;
      const tc = this.tcol[i]!;
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let g = 0; g < N_GROUPS; g++) {
          const m = inv[g]! * this.gw[i * N_GROUPS + g]!;
          if (m !== 0) s += (acc32[g * P + tc + c]! + acc[g * W + tc + c]!) * m;
        }
        out[o + c] = s * this.scale[o + c]! + this.bias[o + c]!;
      }
    }
  }

  /**
   * Fills out[offset[i] .. offset[i+1]) with the raw (calibrated) scores of every model, and fv.row with each
   * feature's row id (-1 = no model has the bucket, -2 = not looked up) for explanations.
   *
   * Char n-grams go in per word: the cached Σ of the word's n-gram rows. That is exact for every n-gram feature
   * that occurred once (count 1, tf 1); the few others (repeated n-grams, bucket collisions) are corrected per
   * feature: their n-gram occurrences are taken out of the sums and the feature is added with its own tf and group.
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
    const accA = this.accA;
    const accB = this.accB;
    accA.fill(0);
    accB.fill(0);
    const QA = this.QA;
    const QB = this.QB;
    const bRow = this.bRow;
    const noB = this.noB;
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
      if (occ > 0) {
        const row = id * WA;
        for (let c = 0; c < WA; c++) accA[charBase + c]! -= QA[row + c]! * occ;
      }
      if (useA[g] === 1) {
        const row = id * WA;
        const a = g * WA;
        if (v === 1) for (let c = 0; c < WA; c++) accA[a + c]! += QA[row + c]!;
        else for (let c = 0; c < WA; c++) accA[a + c]! += QA[row + c]! * v;
      }
      if (useB[g] === 1) {
        const rb = bRow[id]!;
        if (rb !== noB) {
          const row = rb * WB;
          const a = g * WB;
          if (v === 1) for (let c = 0; c < WB; c++) accB[a + c]! += QB[row + c]!;
          else for (let c = 0; c < WB; c++) accB[a + c]! += QB[row + c]! * v;
        }
      }
    }
    const inv = fv.invNorm;
    const M = this.models.length;
    for (let i = 0; i < M; i++) {
      const o = this.offset[i]!;
      const C = this.offset[i + 1]! - o;
      const inB = this.table[i] === 1;
      const W = inB ? WB : WA;
      const acc = inB ? accB : accA;
      const tc = this.tcol[i]!;
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let g = 0; g < N_GROUPS; g++) {
          const m = inv[g]! * this.gw[i * N_GROUPS + g]!;
          if (m !== 0) s += acc[g * W + tc + c]! * m;
        }
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
    if (!sums) for (let k = 0; k < n; k++) if (rowOf[k] === -2) rowOf[k] = this.rowId(fv.idx[k]!);
    const inv = fv.invNorm;
    const val = fv.val;
    const grp = fv.grp;
    const gw = this.gw;
    const bRow = this.bRow;
    const noB = this.noB;
    // once per message: the n-gram occurrences (word, row) whose feature is not in the word sums alone
    let nDirty = 0;
    if (sums) {
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
    for (let i = 0; i < M; i++) {
      const ai = a[i]!;
      if (ai < 0) continue;
      const bi = b[i]!;
      const o = this.offset[i]!;
      const inB = this.table[i] === 1;
      const W = inB ? this.WB : this.WA;
      const Q = inB ? this.QB : this.QA;
      const tc = this.tcol[i]!;
      const sa = this.scale[o + ai]!;
      const sb = bi >= 0 ? this.scale[o + bi]! : 0;
      const gb = i * N_GROUPS;
      const base = i * stride;
      if (sums && !inB) {
        const vc = inv[G_CHAR]! * gw[gb + G_CHAR]!;
        const infos = fv.infos;
        for (let w = 0; w < infos.length; w++) {
          const info = infos[w]!;
          const at = this.wordSums(info) + tc;
          const S = info.sums!;
          const d = (S[at + ai]! * sa - (bi >= 0 ? S[at + bi]! * sb : 0)) * vc;
          if (d !== 0) agg[base + w]! += d;
        }
        // n-gram occurrences that are not single-occurrence features leave their word's sum (handled per feature)
        for (let j = 0; j < nDirty; j++) {
          const row = dirtyRow[j]! * W + tc;
          agg[base + dirtyWord[j]!]! -= (Q[row + ai]! * sa - (bi >= 0 ? Q[row + bi]! * sb : 0)) * vc;
        }
      }
      for (let k = 0; k < n; k++) {
        let id = rowOf[k]!;
        if (id < 0) continue;
        const s = slot[k]!;
        if (s < 0) continue;
        if (inB) {
          id = bRow[id]!;
          if (id === noB) continue;
        }
        const g = grp[k]!;
        const row = id * W + tc;
        const v = val[k]! * inv[g]! * gw[gb + g]!;
        const c = (Q[row + ai]! * sa - (bi >= 0 ? Q[row + bi]! * sb : 0)) * v;
        if (c !== 0) agg[base + s]! += c;
      }
    }
  }
}
