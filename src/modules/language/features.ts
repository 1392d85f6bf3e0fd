// Hashed features, computed once per message and reused by every linear model.
// Groups: 0 word unigrams (surface + canonical), 1 canonical word bigrams, 2 char 3-5 grams inside words (padded),
// 3 special tokens and cue categories, 4 context (channel, addressed OPD account), 5 routing-directory hits.
// Each group is L2-normalised separately (sublinear tf: 1 + ln count); a model scales groups by its own weights.
import { CUES, MINANG_MARKERS } from './lexicon.ts';
import type { DirectoryMatcher } from './directory.ts';
import { canonVersion, wordTokensOf } from './normalize.ts';
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
const DEDUP_MIN_BITS = 10;
/** longest texts (by a bound of their table entries) that get lean feature vectors */
const LEAN_MAX_ENTRIES = 8000;

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
if (CUE_NAMES.length > 31) throw new Error('cue categories must fit in a 31-bit mask');
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

const SQ = new Float64Array(N_GROUPS);

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
  /** How many char n-gram occurrences of the message's words went into each feature. */
  gramOcc = new Uint16Array(MAX_FEATURES);
  /** How many word unigram / canonical-part occurrences (the scorer's per-word sums hold them) went into each feature. */
  wordOcc = new Uint16Array(MAX_FEATURES);
  /** Occurrence count of each feature (finish() turns val into the sublinear tf; this keeps the count). */
  cnt = new Int32Array(MAX_FEATURES);
  /** Per word: its cached info (char n-gram buckets, and the scorer's per-word n-gram sums). */
  infos: WordInfo[] = [];
  /** true when n-gram occurrences were dropped (feature cap reached): per-word sums do not apply */
  overflow = false;
  /** true when a unigram / canonical-part occurrence was dropped (feature cap): per-word word sums do not apply */
  wordDropped = false;
  /**
   * Lean mode (analyze only): n-grams seen once are not materialised as features (the scorer's per-word sums
   * cover them); nClean counts them. A second occurrence of such an n-gram, or any other add of its bucket,
   * materialises it then (count 2, group char, origin = its first word).
   */
  lean = false;
  nClean = 0;
  /**
   * feature position of each char n-gram occurrence, word after word (word i's start: occStart[i]); -1 for an
   * n-gram seen once (lean). Lean vectors hold dedup-table slots until resolveOccurrences() (explanations only).
   */
  occFeat = new Int32Array(4096);
  private occResolved = true;

  /** Turns occFeat's table slots into feature positions (lean vectors; once, after finish()). */
  resolveOccurrences(): void {
    if (this.occResolved) return;
    const t = this.table;
    const occ = this.occFeat;
    for (let q = 0; q < this.nOcc; q++) {
      const p = t[2 * occ[q]! + 1]!;
      occ[q] = p >= 0 ? p : -1;
    }
    this.occResolved = true;
  }
  occStart = new Int32Array(1024);
  nOcc = 0;
  invNorm = new Float32Array(N_GROUPS);
  n = 0;
  names: string[] = [];
  words: string[] = [];
  canon: string[] = [];
  // Open-addressing table (bucket → feature position), two int32 per slot: [generation << 20 | bucket, position]
  // (position < 0: an n-gram seen once, -(its word + 1), lean vectors only). A new message takes a new generation
  // (12 bits; the table is cleared when they run out). It starts with 2^10 – 2^11 slots (8 – 16 KB) and doubles
  // when half full.
  private table = new Int32Array(2 << DEDUP_BITS);
  private bits = DEDUP_MIN_BITS;
  private gen = 0;
  /** old slot → new slot while the table grows (lean vectors re-point occFeat) */
  private moved = new Int32Array(0);

  reset(lean = false, bits = DEDUP_MIN_BITS + 1): void {
    this.n = 0;
    this.names = [];
    this.overflow = false;
    this.wordDropped = false;
    this.nOcc = 0;
    this.lean = lean;
    this.nClean = 0;
    this.bits = bits;
    this.nextGen();
  }

  /** Makes the unmaterialised n-gram in `slot` a feature (one n-gram occurrence so far); its position or -1. */
  private materialize(slot: number, bucket: number, word: number): number {
    const k = this.n;
    if (k >= MAX_FEATURES) {
      this.overflow = true;
      return -1;
    }
    this.table[2 * slot + 1] = k;
    this.idx[k] = bucket;
    this.val[k] = 1;
    this.grp[k] = G_CHAR;
    this.org[k] = word;
    this.isBigram[k] = 0;
    this.gramOcc[k] = 1;
    this.wordOcc[k] = 0;
    this.n = k + 1;
    this.nClean--;
    return k;
  }

  private nextGen(): void {
    this.gen++;
    if (this.gen > 0xfff) {
      this.table.fill(0);
      this.gen = 1;
    }
  }

  /** Entries in the table (features, and unmaterialised n-grams of lean vectors). */
  private entries(): number {
    return this.n + this.nClean;
  }

  /** Doubles the dedup table (up to 2^DEDUP_BITS slots) and re-inserts its entries under a new generation. */
  private grow(): void {
    const oldBits = this.bits;
    const oldGen = this.gen;
    const oldSlots = 1 << oldBits;
    // the entries move out first (the new table overlaps the old one)
    const keep = new Int32Array(2 * oldSlots);
    keep.set(this.table.subarray(0, 2 * oldSlots));
    this.bits = oldBits + 1;
    this.nextGen();
    const gen = this.gen;
    const t = this.table;
    const shift = 32 - this.bits;
    const mask = (1 << this.bits) - 1;
    if (this.moved.length < oldSlots) this.moved = new Int32Array(oldSlots);
    const moved = this.moved;
    for (let o = 0; o < oldSlots; o++) {
      const x = keep[2 * o]!;
      if (x >>> 20 !== oldGen) continue;
      const bucket = x & FEATURE_MASK;
      let slot = Math.imul(bucket, 0x9e3779b1) >>> shift;
      while (t[2 * slot]! >>> 20 === gen) slot = (slot + 1) & mask;
      t[2 * slot] = (gen << 20) | bucket;
      t[2 * slot + 1] = keep[2 * o + 1]!;
      moved[o] = slot;
    }
    // lean vectors keep table slots in occFeat until they are resolved
    if (this.lean) for (let q = 0; q < this.nOcc; q++) this.occFeat[q] = moved[this.occFeat[q]!]!;
  }

  /** Adds one occurrence of a bucket; returns the feature's position (-1 when the feature cap is reached). */
  add(bucket: number, group: number, origin: number, bigram: number): number {
    const t = this.table;
    const key = (this.gen << 20) | bucket;
    const gen = this.gen;
    const mask = (1 << this.bits) - 1;
    let slot = Math.imul(bucket, 0x9e3779b1) >>> (32 - this.bits);
    let x: number;
    while ((x = t[2 * slot]!) >>> 20 === gen) {
      if (x === key) {
        let p = t[2 * slot + 1]!;
        if (p < 0 && (p = this.materialize(slot, bucket, -p - 1)) < 0) return -1;
        this.val[p]! += 1;
        return p;
      }
      slot = (slot + 1) & mask;
    }
    const k = this.n;
    if (k >= MAX_FEATURES) return -1;
    t[2 * slot] = key;
    t[2 * slot + 1] = k;
    this.idx[k] = bucket;
    this.val[k] = 1;
    this.grp[k] = group;
    this.org[k] = origin;
    this.isBigram[k] = bigram;
    this.gramOcc[k] = 0;
    this.wordOcc[k] = 0;
    this.n = k + 1;
    if (2 * this.entries() > mask && this.bits < DEDUP_BITS) this.grow();
    return k;
  }

  /** Adds one unigram / canonical-part occurrence of word `origin` (counted in wordOcc). */
  addWord(bucket: number, origin: number): void {
    const p = this.add(bucket, G_WORD, origin, 0);
    if (p >= 0) this.wordOcc[p]!++;
    else this.wordDropped = true;
  }

  /** Adds one char n-gram occurrence of word `origin`. */
  addGram(bucket: number, origin: number): void {
    const p = this.add(bucket, G_CHAR, origin, 0);
    if (p >= 0) this.gramOcc[p]!++;
    else this.overflow = true;
    if (this.nOcc >= this.occFeat.length) {
      const o = new Int32Array(this.occFeat.length * 2);
      o.set(this.occFeat);
      this.occFeat = o;
    }
    this.occFeat[this.nOcc++] = p;
  }

  /** addGram for the n-grams grams[at .. at + m) of word `origin` (the same steps, with the table state in locals). */
  addGrams(grams: Int32Array, at: number, m: number, origin: number): void {
    if (this.nOcc + m > this.occFeat.length) {
      const o = new Int32Array(Math.max(this.occFeat.length * 2, this.nOcc + m));
      o.set(this.occFeat.subarray(0, this.nOcc));
      this.occFeat = o;
    }
    // room for every n-gram of the word being new (the table does not grow in the loops below)
    while (2 * (this.entries() + m) > 1 << this.bits && this.bits < DEDUP_BITS) this.grow();
    const occFeat = this.occFeat;
    const val = this.val;
    const gramOcc = this.gramOcc;
    const t = this.table;
    const gen = this.gen;
    const hi = gen << 20;
    const mask = (1 << this.bits) - 1;
    const shift = 32 - this.bits;
    let nOcc = this.nOcc;
    if (this.lean) {
      // lean: occFeat records the table slot; resolveOccurrences() turns it into the feature (or -1: clean)
      let clean = 0;
      for (let j = 0; j < m; j++) {
        const bucket = grams[at + j]!;
        const key = hi | bucket;
        let slot = Math.imul(bucket, 0x9e3779b1) >>> shift;
        let x: number;
        while ((x = t[2 * slot]!) >>> 20 === gen) {
          if (x === key) break;
          slot = (slot + 1) & mask;
        }
        if (x === key) {
          let p = t[2 * slot + 1]!;
          if (p < 0) {
            this.nClean += clean;
            clean = 0;
            p = this.materialize(slot, bucket, -p - 1);
          }
          if (p >= 0) {
            val[p]! += 1;
            gramOcc[p]!++;
          }
        } else {
          t[2 * slot] = key;
          t[2 * slot + 1] = -(origin + 1);
          clean++;
        }
        occFeat[nOcc++] = slot;
      }
      this.nClean += clean;
      this.nOcc = nOcc;
      return;
    }
    for (let j = 0; j < m; j++) {
      const bucket = grams[at + j]!;
      const key = hi | bucket;
      let slot = Math.imul(bucket, 0x9e3779b1) >>> shift;
      let p = -1;
      let x: number;
      while ((x = t[2 * slot]!) >>> 20 === gen) {
        if (x === key) {
          p = t[2 * slot + 1]!;
          val[p]! += 1;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (p < 0) {
        const k = this.n;
        if (k >= MAX_FEATURES) {
          this.overflow = true;
          occFeat[nOcc++] = -1;
          continue;
        }
        t[2 * slot] = key;
        t[2 * slot + 1] = k;
        this.idx[k] = bucket;
        val[k] = 1;
        this.grp[k] = G_CHAR;
        this.org[k] = origin;
        this.isBigram[k] = 0;
        gramOcc[k] = 0;
        this.wordOcc[k] = 0;
        this.n = k + 1;
        p = k;
      }
      gramOcc[p]!++;
      occFeat[nOcc++] = p;
    }
    this.nOcc = nOcc;
  }

  /** Adds a named feature whose bucket is already known. */
  addNamedHashed(name: string, bucket: number, group: number): void {
    const o = -(this.names.length + 1);
    this.names.push(name);
    this.add(bucket, group, o, 0);
  }

  addNamed(seed: number, name: string, group: number): void {
    const o = -(this.names.length + 1);
    this.names.push(name);
    this.add(hashString(seed, name), group, o, 0);
  }

  /** Sublinear tf, then per-group inverse L2 norms. */
  finish(): void {
    const sq = SQ;
    sq.fill(0);
    for (let i = 0; i < this.n; i++) {
      const c = this.val[i]!;
      this.cnt[i] = c;
      const v = c <= 1 ? 1 : 1 + Math.log(c);
      this.val[i] = v;
      sq[this.grp[i]!]! += v * v;
    }
    // clean n-grams: tf 1 each
    if (this.lean) sq[G_CHAR]! += this.nClean;
    this.occResolved = !this.lean;
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

/** Everything about one surface word that the features need (cached per word; depends on the canonical map). */
export interface WordInfo {
  /** id of the surface word (equal words, equal ids, within one generation) */
  wid: number;
  canon: string;
  /** (canon.length + 1) >>> 1: a bound of its canonical parts */
  canonHalf: number;
  /** bucket of the surface unigram */
  hw: number;
  /** canonical parts (multiword canonical forms are split); null when canon === word */
  parts: string[] | null;
  /** their buckets: wordPool()[partsAt .. partsAt + parts.length) */
  partsAt: number;
  /** cue categories as bits (bit k = CUE_NAMES[k]) */
  cueBits: number;
  /**
   * directory token id of each canonical part (or of the word, without parts; -1: in no phrase):
   * wordPool()[dirAt ..]; valid for the directory dirOwner
   */
  dirAt: number;
  dirOwner: unknown;
  minang: boolean;
  /** char 3-5-gram buckets of "<word>", in extraction order: wordPool()[gramsAt .. gramsAt + nGrams) */
  gramsAt: number;
  nGrams: number;
  /** the scorer's sum of the n-grams' weight rows: sums[sumsAt ..], valid for scorer sumsOwner in sumsEpoch */
  sums: Int32Array | null;
  sumsAt: number;
  sumsOwner: unknown;
  sumsEpoch: number;
  /** generation of the word infos it belongs to (see infoGen) */
  version: number;
}
const MAX_WORD_CACHE = 50_000;
let wordInfos = new Map<string, WordInfo>();
/** the canonical-map version the word infos were computed for */
let wordInfosVersion = -1;
/**
 * Generation of the word infos: changes with the canonical map and when the pool starts over; an info of another
 * generation is recomputed.
 */
let infoGen = 0;
// The n-gram and canonical-part buckets of every cached word live in one array (one cache miss per word instead of
// one per typed array); it grows up to MAX_POOL and then starts over with a new generation.
const MAX_POOL = 1 << 22;
let pool = new Int32Array(1 << 16);
let poolNext = 0;
/** keeps the reads of extractFeatures' first loop (they load the pool entries into the cache) */
export let poolTouch = 0;
/** The array that holds the words' n-gram and canonical-part buckets (WordInfo.gramsAt / partsAt). */
export function wordPool(): Int32Array {
  return pool;
}

/** Makes room in the pool for `need` more entries (extractFeatures starts a new generation when it is nearly full). */
function reservePool(need: number): void {
  if (poolNext + need <= pool.length) return;
  let n = pool.length;
  while (n < poolNext + need) n *= 2;
  const p = new Int32Array(n);
  p.set(pool.subarray(0, poolNext));
  pool = p;
}

function newInfoGeneration(): void {
  infoGen++;
  wordInfos = new Map();
  wordIds = new Map();
  poolNext = 0;
}
/** ids of the surface words of this generation (WordInfo.wid) */
let wordIds = new Map<string, number>();

function cueBitsOf(list: readonly number[] | undefined): number {
  let b = 0;
  if (list !== undefined) for (const k of list) b |= 1 << k;
  return b;
}

function computeWordInfo(w: string, c: string): WordInfo {
  let parts: string[] | null = null;
  const L = w.length;
  const np = c !== w ? (c.includes(' ') ? c.split(' ').length : 1) : 0;
  reservePool(np + 3 * (L + 2));
  const partsAt = poolNext;
  if (c !== w) {
    parts = c.includes(' ') ? c.split(' ') : [c];
    for (let j = 0; j < parts.length; j++) pool[partsAt + j] = hashString(NS_CANON, parts[j]!);
  }
  const gramsAt = partsAt + np;
  let ng = 0;
  const grams = pool;
  if (L > 0) {
    for (let s = -1; s <= L; s++) {
      let h = NS_CHAR;
      for (let n = 1; n <= CHAR_MAX && s + n - 1 <= L; n++) {
        const p = s + n - 1;
        const code = p < 0 ? 60 : p >= L ? 62 : w.charCodeAt(p);
        h = Math.imul(h ^ code, 16777619);
        if (n >= CHAR_MIN) grams[gramsAt + ng++] = fmix(h ^ n) & FEATURE_MASK;
      }
    }
  }
  poolNext = gramsAt + ng;
  let wid = wordIds.get(w);
  if (wid === undefined) {
    wid = wordIds.size;
    wordIds.set(w, wid);
  }
  return {
    wid,
    canon: c,
    canonHalf: (c.length + 1) >>> 1,
    hw: hashString(NS_WORD, w),
    parts,
    partsAt,
    cueBits: cueBitsOf(CUE_INDEX.get(w) ?? (c !== w ? CUE_INDEX.get(c) : undefined)),
    minang: MINANG_MARKERS.has(w),
    gramsAt,
    nGrams: ng,
    dirAt: 0,
    dirOwner: null,
    sums: null,
    sumsAt: 0,
    sumsOwner: null,
    sumsEpoch: 0,
    version: infoGen,
  };
}

/** Empties the per-word feature cache (benchmarks of cold start; it refills on use). */
export function clearFeatureCaches(): void {
  newInfoGeneration();
  namedCache.clear();
}

function wordInfo(w: string, c: string): WordInfo {
  const e = wordInfos.get(w);
  if (e !== undefined && e.canon === c) return e;
  const info = computeWordInfo(w, c);
  if (e === undefined) {
    if (wordInfos.size >= MAX_WORD_CACHE) wordInfos = new Map();
    wordInfos.set(w, info);
  }
  return info;
}

/** Named features with fixed names: the name string and its bucket. */
const CUE_BUCKETS = Int32Array.from(CUE_FEATURES, (n) => hashString(NS_SPECIAL, n));
const CUE_FEATURES2 = CUE_FEATURES.map((n) => n + '2');
const CUE_BUCKETS2 = Int32Array.from(CUE_FEATURES2, (n) => hashString(NS_SPECIAL, n));
const MINANG_NAMES = ['cue:minang', 'cue:minang-high', 'cue:minang-mid', 'cue:minang-low'];
const MINANG_BUCKETS = Int32Array.from(MINANG_NAMES, (n) => hashString(NS_SPECIAL, n));
const namedCache = new Map<string, number>();
/** Bucket of a special token / directory / context name (cached: these names repeat). */
function namedBucket(seed: number, name: string): number {
  const key = seed === NS_SPECIAL ? name : '\u0000' + name;
  let b = namedCache.get(key);
  if (b === undefined) {
    b = hashString(seed, name);
    if (namedCache.size >= MAX_WORD_CACHE) namedCache.clear();
    namedCache.set(key, b);
  }
  return b;
}
const kwNames = new Map<string, string>();
/** context feature names and buckets by value (a few channels and accounts, asked for with every message) */
const channelNames = new Map<string, { name: string; bucket: number }>();
const addressedNames = new Map<string, { name: string; bucket: number }>();
function addContext(fv: FeatureVector, cache: Map<string, { name: string; bucket: number }>, prefix: string, value: string): void {
  let e = cache.get(value);
  if (e === undefined) {
    const name = prefix + value;
    e = { name, bucket: hashString(NS_CONTEXT, name) };
    if (cache.size >= 4096) cache.clear();
    cache.set(value, e);
  }
  fv.addNamedHashed(e.name, e.bucket, G_CONTEXT);
}
const cueCounts = new Int32Array(CUE_NAMES.length);
/** directory token ids of the canonical sequence */
let seqIds = new Int32Array(1024);

/** Writes the directory token ids of a word's canonical parts (or of the word) to the pool. */
function setDirIds(info: WordInfo, w: string, dir: DirectoryMatcher): void {
  const parts = info.parts;
  const np = parts === null ? 1 : parts.length;
  reservePool(np);
  const at = poolNext;
  if (parts === null) pool[at] = dir.tokenId(w);
  else for (let j = 0; j < np; j++) pool[at + j] = dir.tokenId(parts[j]!);
  poolNext = at + np;
  info.dirAt = at;
  info.dirOwner = dir;
}
const dirHits: string[] = [];

/** Fills `fv` with the hashed features of a normalised message. */
export function extractFeatures(nz: Normalized, fv: FeatureVector, ctx?: ContextInput, lean = false): FeatureVector {
  const words = nz.words;
  // word infos of this message must all be of one generation: a new one starts only here, when the pool is nearly
  // full (the surface words are no longer than the text; a word has ≤ 3 (length + 2) n-grams; the pool grows past
  // its cap rather than start over in the middle of a message)
  if (wordInfosVersion !== canonVersion) {
    wordInfosVersion = canonVersion;
    newInfoGeneration();
  }
  if (poolNext + 3 * nz.text.length + 70 * words.length + 64 > MAX_POOL) newInfoGeneration();
  // the words' infos first (their cache misses overlap in this tight loop; the pool entries are touched too)
  const infos = fv.infos;
  infos.length = words.length;
  const tokens = wordTokensOf(nz);
  let parts = 0;
  let touch = 0;
  for (let i = 0; i < words.length; i++) {
    const c = nz.canon[i]!;
    // the word's token (same canonical map generation: token caches are emptied with it) holds its info
    const tok = tokens !== null ? tokens[i]! : null;
    let info = tok !== null ? (tok.info as WordInfo | null) : null;
    if (info === null || info.canon !== c || info.version !== infoGen) {
      info = wordInfo(words[i]!, c);
      if (tok !== null) tok.info = info;
    }
    infos[i] = info;
    parts += info.canonHalf;
    touch ^= pool[info.partsAt]!;
  }
  poolTouch = touch;
  // lean vectors only for short texts: a bound of the table entries (n-grams ≤ 3 per char + 1 per word; surface
  // unigrams; canonical parts (≤ (length+1)/2 each), their bigrams and directory hits; specials; cue, Minangkabau,
  // directory-label and context names)
  const bound = 3 * nz.text.length + 2 * nz.words.length + 3 * parts + nz.specials.length + 2 * CUE_NAMES.length + 128;
  if (lean && bound <= LEAN_MAX_ENTRIES) {
    // a table that (nearly always) need not grow: twice the bound of its entries
    let bits = DEDUP_MIN_BITS;
    while (1 << bits < 2 * bound) bits++;
    fv.reset(true, bits);
  } else fv.reset();
  fv.words = words;
  if (fv.occStart.length < words.length + 1) fv.occStart = new Int32Array(2 * words.length + 2);
  // Canonical sequence: multiword canonical forms are split so bigrams stay word pairs.
  const canonSeq: string[] = [];
  cueCounts.fill(0);
  let minang = 0;
  const dir = directory;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const info = infos[i]!;
    fv.addWord(info.hw, i);
    const parts = info.parts;
    if (dir !== null && info.dirOwner !== dir) setDirIds(info, w, dir);
    const np = parts === null ? 1 : parts.length;
    if (seqIds.length < canonSeq.length + np) {
      const a = new Int32Array(2 * (canonSeq.length + np));
      a.set(seqIds);
      seqIds = a;
    }
    if (parts !== null) {
      const hp = info.partsAt;
      for (let j = 0; j < parts.length; j++) {
        fv.addWord(pool[hp + j]!, i);
        if (dir !== null) seqIds[canonSeq.length] = pool[info.dirAt + j]!;
        canonSeq.push(parts[j]!);
      }
    } else {
      if (dir !== null) seqIds[canonSeq.length] = pool[info.dirAt]!;
      canonSeq.push(w);
    }
    let cb = info.cueBits;
    while (cb !== 0) {
      const k = 31 - Math.clz32(cb & -cb);
      cueCounts[k]!++;
      cb &= cb - 1;
    }
    if (info.minang) minang++;
    // char n-grams over "<word>"
    fv.occStart[i] = fv.nOcc;
    fv.addGrams(pool, info.gramsAt, info.nGrams, i);
  }
  fv.occStart[words.length] = fv.nOcc;
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
  for (const s of nz.specials) fv.addNamedHashed(s, namedBucket(NS_SPECIAL, s), G_SPECIAL);
  for (let k = 0; k < CUE_NAMES.length; k++) {
    const c = cueCounts[k]!;
    if (c > 0) {
      fv.addNamedHashed(CUE_FEATURES[k]!, CUE_BUCKETS[k]!, G_SPECIAL);
      if (c >= 2) fv.addNamedHashed(CUE_FEATURES2[k]!, CUE_BUCKETS2[k]!, G_SPECIAL);
    }
  }
  if (minang > 0) {
    fv.addNamedHashed(MINANG_NAMES[0]!, MINANG_BUCKETS[0]!, G_SPECIAL);
    const ratio = minang / words.length;
    const m = ratio >= 0.25 ? 1 : ratio >= 0.1 ? 2 : 3;
    fv.addNamedHashed(MINANG_NAMES[m]!, MINANG_BUCKETS[m]!, G_SPECIAL);
  }
  if (directory !== null) {
    dirHits.length = 0;
    directory.matchIds(seqIds, canonSeq.length, nz.specials, dirHits);
    for (const h of dirHits) {
      let name = kwNames.get(h);
      if (name === undefined) {
        name = 'kw:' + h;
        kwNames.set(h, name);
      }
      fv.addNamedHashed(name, namedBucket(NS_SPECIAL, name), G_DIR);
    }
  }
  if (ctx !== undefined) {
    if (ctx.channel) addContext(fv, channelNames, 'channel:', ctx.channel);
    if (ctx.addressedOpd) addContext(fv, addressedNames, 'addressed:', ctx.addressedOpd);
    if (ctx.extra) for (const e of ctx.extra) fv.addNamed(NS_SPECIAL, e, G_SPECIAL);
  }
  fv.finish();
  return fv;
}
