// Hashed features, computed once per message and reused by every linear model.
// Groups: 0 word unigrams (surface + canonical), 1 canonical word bigrams, 2 char 3-5 grams inside words (padded),
// 3 special tokens and cue categories, 4 context (channel, addressed OPD account), 5 routing-directory hits.
// Each group is L2-normalised separately (sublinear tf: 1 + ln count); a model scales groups by its own weights.
import { CUES, MINANG_MARKERS } from './lexicon.ts';
import type { DirectoryMatcher } from './directory.ts';
import type { Normalized } from './normalize.ts';

let directory: DirectoryMatcher | null = null;
/** Installs the routing directory whose phrase hits become "kw:<LABEL>" features. */
export function setDirectoryMatcher(m: DirectoryMatcher | null): void {
  directory = m;
}
export function getDirectoryMatcher(): DirectoryMatcher | null {
  return directory;
}

export const FEATURE_BITS = 20;
export const FEATURE_MASK = (1 << FEATURE_BITS) - 1;
export const N_GROUPS = 6;
export const G_WORD = 0;
export const G_BIGRAM = 1;
export const G_CHAR = 2;
export const G_SPECIAL = 3;
export const G_CONTEXT = 4;
export const G_DIR = 5;
export const CHAR_MIN = 3;
export const CHAR_MAX = 5;
const MAX_FEATURES = 12288;
const DEDUP_BITS = 15;
const DEDUP_SIZE = 1 << DEDUP_BITS;

const NS_WORD = 0x811c9dc5;
const NS_CANON = 0x01000193 ^ 0x9e3779b9;
const NS_BIGRAM = 0x85ebca6b;
const NS_CHAR = 0xc2b2ae35;
const NS_SPECIAL = 0x27d4eb2f;
const NS_CONTEXT = 0x165667b1;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(seed: number, s: string): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return fmix(h) & FEATURE_MASK;
}

/** Maps each cue word to the indices of its categories. */
const CUE_NAMES = Object.keys(CUES);
const CUE_INDEX = new Map<string, number[]>();
for (let c = 0; c < CUE_NAMES.length; c++) {
  for (const w of CUES[CUE_NAMES[c]!]!) {
    const list = CUE_INDEX.get(w);
    if (list === undefined) CUE_INDEX.set(w, [c]);
    else if (!list.includes(c)) list.push(c);
  }
}
const CUE_FEATURES = CUE_NAMES.map((n) => 'cue:' + n);
export { CUE_NAMES };

/** Sparse feature vector of one message; buffers are reused between calls. */
export class FeatureVector {
  idx = new Int32Array(MAX_FEATURES);
  val = new Float32Array(MAX_FEATURES);
  grp = new Uint8Array(MAX_FEATURES);
  /** Origin of each feature: ≥0 → word index (char n-grams and unigrams), ≤-1 → names[-o-1]. */
  org = new Int32Array(MAX_FEATURES);
  /** Bigram features keep their first word index here; the flag tells explanations to show two words. */
  isBigram = new Uint8Array(MAX_FEATURES);
  /** Row id of each feature in the fused model table (filled by FusedModels.scoresAll). */
  row = new Int32Array(MAX_FEATURES);
  invNorm = new Float32Array(N_GROUPS);
  n = 0;
  names: string[] = [];
  words: string[] = [];
  canon: string[] = [];
  // small open-addressing table (bucket → feature position) that stays in cache; reset by generation stamps
  private stamp = new Int32Array(DEDUP_SIZE);
  private key = new Int32Array(DEDUP_SIZE);
  private pos = new Int32Array(DEDUP_SIZE);
  private gen = 0;

  reset(): void {
    this.n = 0;
    this.names = [];
    this.gen++;
    if (this.gen >= 0x7fffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
  }

  add(bucket: number, group: number, origin: number, bigram: number): void {
    let slot = Math.imul(bucket, 0x9e3779b1) >>> (32 - DEDUP_BITS);
    const gen = this.gen;
    while (this.stamp[slot] === gen) {
      if (this.key[slot] === bucket) {
        this.val[this.pos[slot]!]! += 1;
        return;
      }
      slot = (slot + 1) & (DEDUP_SIZE - 1);
    }
    const k = this.n;
    if (k >= MAX_FEATURES) return;
    this.stamp[slot] = gen;
    this.key[slot] = bucket;
    this.pos[slot] = k;
    this.idx[k] = bucket;
    this.val[k] = 1;
    this.grp[k] = group;
    this.org[k] = origin;
    this.isBigram[k] = bigram;
    this.n = k + 1;
  }

  addNamed(seed: number, name: string, group: number): void {
    const o = -(this.names.length + 1);
    this.names.push(name);
    this.add(hashString(seed, name), group, o, 0);
  }

  /** Sublinear tf, then per-group inverse L2 norms. */
  finish(): void {
    const sq = new Array<number>(N_GROUPS).fill(0);
    for (let i = 0; i < this.n; i++) {
      const c = this.val[i]!;
      const v = c <= 1 ? 1 : 1 + Math.log(c);
      this.val[i] = v;
      sq[this.grp[i]!]! += v * v;
    }
    for (let g = 0; g < N_GROUPS; g++) this.invNorm[g] = sq[g]! > 0 ? 1 / Math.sqrt(sq[g]!) : 0;
  }

  /** Human-readable name of feature i (for "mengapa" explanations). */
  featureName(i: number): string {
    const o = this.org[i]!;
    if (o < 0) return this.names[-o - 1] ?? '?';
    if (this.isBigram[i] === 1) return `${this.canon[o] ?? ''} ${this.canon[o + 1] ?? ''}`.trim();
    return this.words[o] ?? '?';
  }
}

export interface ContextInput {
  channel?: string | null;
  /** OPD code whose account the message was addressed to. */
  addressedOpd?: string | null;
  /** Extra named features (e.g. directory keyword hits). */
  extra?: readonly string[];
}

/** Fills `fv` with the hashed features of a normalised message. */
export function extractFeatures(nz: Normalized, fv: FeatureVector, ctx?: ContextInput): FeatureVector {
  fv.reset();
  const words = nz.words;
  fv.words = words;
  // Canonical sequence: multiword canonical forms are split so bigrams stay word pairs.
  const canonSeq: string[] = [];
  const canonOrigin: number[] = [];
  const cueCounts = new Int32Array(CUE_NAMES.length);
  let minang = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const c = nz.canon[i]!;
    fv.add(hashString(NS_WORD, w), G_WORD, i, 0);
    if (c !== w) {
      if (c.includes(' ')) {
        for (const part of c.split(' ')) {
          fv.add(hashString(NS_CANON, part), G_WORD, i, 0);
          canonSeq.push(part);
          canonOrigin.push(i);
        }
      } else {
        fv.add(hashString(NS_CANON, c), G_WORD, i, 0);
        canonSeq.push(c);
        canonOrigin.push(i);
      }
    } else {
      canonSeq.push(w);
      canonOrigin.push(i);
    }
    const cw = CUE_INDEX.get(w) ?? (c !== w ? CUE_INDEX.get(c) : undefined);
    if (cw !== undefined) for (const k of cw) cueCounts[k]!++;
    if (MINANG_MARKERS.has(w)) minang++;
    // char n-grams over "<word>"
    const L = w.length;
    if (L > 0) {
      for (let s = -1; s <= L; s++) {
        let h = NS_CHAR;
        for (let n = 1; n <= CHAR_MAX && s + n - 1 <= L; n++) {
          const p = s + n - 1;
          const code = p < 0 ? 60 : p >= L ? 62 : w.charCodeAt(p);
          h = Math.imul(h ^ code, 16777619);
          if (n >= CHAR_MIN) fv.add(fmix(h ^ n) & FEATURE_MASK, G_CHAR, i, 0);
        }
      }
    }
  }
  fv.canon = canonSeq;
  for (let j = 0; j + 1 < canonSeq.length; j++) {
    const a = canonSeq[j]!;
    const b = canonSeq[j + 1]!;
    let h = NS_BIGRAM;
    for (let q = 0; q < a.length; q++) h = Math.imul(h ^ a.charCodeAt(q), 16777619);
    h = Math.imul(h ^ 32, 16777619);
    for (let q = 0; q < b.length; q++) h = Math.imul(h ^ b.charCodeAt(q), 16777619);
    // the bigram's origin is its position in the canonical sequence (see featureName)
    fv.add(fmix(h) & FEATURE_MASK, G_BIGRAM, j, 1);
  }
  for (const s of nz.specials) fv.addNamed(NS_SPECIAL, s, G_SPECIAL);
  for (let k = 0; k < CUE_NAMES.length; k++) {
    const c = cueCounts[k]!;
    if (c > 0) {
      fv.addNamed(NS_SPECIAL, CUE_FEATURES[k]!, G_SPECIAL);
      if (c >= 2) fv.addNamed(NS_SPECIAL, CUE_FEATURES[k]! + '2', G_SPECIAL);
    }
  }
  if (minang > 0) {
    fv.addNamed(NS_SPECIAL, 'cue:minang', G_SPECIAL);
    const ratio = minang / words.length;
    fv.addNamed(NS_SPECIAL, ratio >= 0.25 ? 'cue:minang-high' : ratio >= 0.1 ? 'cue:minang-mid' : 'cue:minang-low', G_SPECIAL);
  }
  if (directory !== null) {
    const hits: string[] = [];
    directory.match(canonSeq, nz.specials, hits);
    for (const h of hits) fv.addNamed(NS_SPECIAL, 'kw:' + h, G_DIR);
  }
  if (ctx !== undefined) {
    if (ctx.channel) fv.addNamed(NS_CONTEXT, 'channel:' + ctx.channel, G_CONTEXT);
    if (ctx.addressedOpd) fv.addNamed(NS_CONTEXT, 'addressed:' + ctx.addressedOpd, G_CONTEXT);
    if (ctx.extra) for (const e of ctx.extra) fv.addNamed(NS_SPECIAL, e, G_SPECIAL);
  }
  fv.finish();
  return fv;
}
