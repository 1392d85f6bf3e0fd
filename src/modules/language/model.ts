// A task model: one linear head over the shared hashed features, calibrated (temperature folded into the
// weights), with labels, a triage threshold and its manifest. Stored as a compact binary file:
//   "DYLM" | u32 format | u32 header bytes | header JSON (padded to 4) | i32 buckets[F] | i8 weights[F×C] | f32 bias[C]
// Weights are quantised per class (symmetric int8, scale in the header).
import { readFileSync, writeFileSync } from 'node:fs';
import { FEATURE_BITS, N_GROUPS } from './features.ts';
import type { FeatureVector } from './features.ts';
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

/**
 * All task models fused into one table for the hot path: one hash lookup per feature gives one contiguous row of
 * int8 weights for every label of every task (≈1 cache line), instead of one lookup per model.
 */
export class FusedModels {
  readonly models: readonly TaskModel[];
  /** column offset of each model */
  readonly offset: Int32Array;
  readonly width: number;
  readonly remap: Int32Array;
  readonly Q: Int8Array;
  readonly scale: Float32Array;
  readonly bias: Float32Array;
  /** group weights per model [model × N_GROUPS] */
  readonly gw: Float32Array;
  private readonly acc: Float64Array;
  private readonly colMul: Float64Array;
  private readonly endCol: Int32Array;

  constructor(models: readonly TaskModel[]) {
    this.models = models;
    this.offset = new Int32Array(models.length + 1);
    for (let i = 0; i < models.length; i++) this.offset[i + 1] = this.offset[i]! + models[i]!.C;
    const width = this.offset[models.length]!;
    this.width = width;
    this.remap = new Int32Array(1 << FEATURE_BITS).fill(-1);
    let rows = 0;
    for (const m of models) for (let b = 0; b < m.remap.length; b++) if (m.remap[b]! >= 0 && this.remap[b]! < 0) this.remap[b] = rows++;
    this.scale = new Float32Array(width);
    this.bias = new Float32Array(width);
    this.gw = new Float32Array(models.length * N_GROUPS);
    models.forEach((m, i) => {
      const o = this.offset[i]!;
      for (let c = 0; c < m.C; c++) {
        let mx = 0;
        for (let f = c; f < m.W.length; f += m.C) mx = Math.max(mx, Math.abs(m.W[f]!));
        this.scale[o + c] = mx > 0 ? mx / 127 : 1;
        this.bias[o + c] = m.bias[c]!;
      }
      for (let g = 0; g < N_GROUPS; g++) this.gw[i * N_GROUPS + g] = m.gw[g]!;
    });
    this.Q = new Int8Array(rows * width);
    models.forEach((m, i) => {
      const o = this.offset[i]!;
      for (let b = 0; b < m.remap.length; b++) {
        const r = m.remap[b]!;
        if (r < 0) continue;
        const fr = this.remap[b]! * width + o;
        for (let c = 0; c < m.C; c++) this.Q[fr + c] = Math.max(-127, Math.min(127, Math.round(m.W[r * m.C + c]! / this.scale[o + c]!)));
      }
    });
    this.acc = new Float64Array(width);
    this.colMul = new Float64Array(N_GROUPS * width);
    this.endCol = new Int32Array(N_GROUPS);
  }

  /** Fills out[offset[i] .. offset[i+1]) with the raw scores of every model. */
  scoresAll(fv: FeatureVector, out: Float64Array): void {
    const M = this.models.length;
    const width = this.width;
    const acc = this.acc;
    acc.fill(0);
    const Q = this.Q;
    const remap = this.remap;
    const inv = fv.invNorm;
    const off = this.offset;
    const vgm = this.colMul;
    // multiplier per (group, model): group norm × the model's group weight
    for (let g = 0; g < N_GROUPS; g++) for (let i = 0; i < M; i++) vgm[g * M + i] = inv[g]! * this.gw[i * N_GROUPS + g]!;
    const idx = fv.idx;
    const grp = fv.grp;
    const val = fv.val;
    for (let k = 0; k < fv.n; k++) {
      const r = remap[idx[k]!]!;
      if (r < 0) continue;
      const gm = grp[k]! * M;
      const base = val[k]!;
      const row = r * width;
      for (let i = 0; i < M; i++) {
        const v = base * vgm[gm + i]!;
        if (v === 0) continue;
        const a = off[i]!;
        const b = off[i + 1]!;
        for (let c = a; c < b; c++) acc[c] += Q[row + c]! * v;
      }
    }
    for (let c = 0; c < width; c++) out[c] = acc[c]! * this.scale[c]! + this.bias[c]!;
  }

  /** Contribution of each feature to (label a) minus (label b) of model i. */
  contributions(i: number, fv: FeatureVector, a: number, b: number, out: Float64Array): void {
    const o = this.offset[i]!;
    const width = this.width;
    for (let k = 0; k < fv.n; k++) {
      const r = this.remap[fv.idx[k]!]!;
      if (r < 0) {
        out[k] = 0;
        continue;
      }
      const g = fv.grp[k]!;
      const v = fv.val[k]! * fv.invNorm[g]! * this.gw[i * N_GROUPS + g]!;
      const row = r * width + o;
      out[k] = (this.Q[row + a]! * this.scale[o + a]! - (b >= 0 ? this.Q[row + b]! * this.scale[o + b]! : 0)) * v;
    }
  }
}
