// The analysis of one message: language, intent, sentiment, urgency, OPD route (with "needs triage"), the
// features that drove each decision ("mengapa"), personal-data spans and the model version.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DirectoryMatcher } from './directory.ts';
import type { DirectoryData } from './directory.ts';
import { clearFeatureCaches, extractFeatures, FeatureVector, setDirectoryMatcher } from './features.ts';
import type { ContextInput } from './features.ts';
import { FusedModels, softmax, TaskModel } from './model.ts';
import { clearNormalizeCaches, normalize, rawScanOf } from './normalize.ts';
import type { Normalized, RawScan } from './normalize.ts';
import { detectPii, detectPiiCounted, MAX_PII_CHARS } from './pii.ts';
import type { PiiSpan } from './pii.ts';
import { loadMinangMapFile } from './resources.ts';

export const TASKS = ['lang', 'intent', 'sentiment', 'urgency', 'opd'] as const;
export type Task = (typeof TASKS)[number];

export const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'models');

export interface AnalysisContext {
  /** channel the message came from: instagram_comment, facebook_comment, x_mention, whatsapp, ... */
  channel?: string | null;
  /** OPD code whose account was addressed (the inbox it arrived in) */
  addressedOpd?: string | null;
  /** text of the post the comment was made on */
  postText?: string | null;
}

export interface Reason {
  /** the feature as shown to responders: a word, a phrase, "kw:DISDIK", "cue:question", "<emo:angry>"... */
  feature: string;
  /** its contribution to the chosen label over the runner-up */
  weight: number;
}

export interface Decision<L extends string = string> {
  label: L;
  /** calibrated probability of the label */
  confidence: number;
  /** true when confidence is below the model's triage threshold */
  needsTriage: boolean;
  /** top alternatives with probabilities */
  alternatives: { label: string; confidence: number }[];
  /** "mengapa": the features that drove the decision */
  mengapa: Reason[];
}

export interface RouteDecision extends Decision<string> {
  /** OPD code, OUTSIDE:<who>, or null when the message needs no routing (spam, abuse, chit-chat) */
  route: string | null;
  /** true for matters outside provincial authority */
  outside: boolean;
  /** human-readable owner */
  name: string | null;
  /** Indonesian explanation for the inbox */
  alasan: string;
}

export interface Analysis {
  modelVersion: string;
  language: Decision<'id' | 'min' | 'mixed' | 'en'>;
  intent: Decision<'complaint' | 'question' | 'aspiration' | 'praise' | 'spam' | 'abuse' | 'other'>;
  sentiment: Decision<'negative' | 'neutral' | 'positive'>;
  urgency: Decision<'high' | 'medium' | 'low'>;
  route: RouteDecision;
  pii: PiiSpan[];
  /** analysed length (the input is capped) and whether it was truncated */
  analyzedChars: number;
  truncated: boolean;
  /** input looked like junk (no words, binary, non-Latin script): decisions are low-confidence defaults */
  unreadable: boolean;
  /**
   * Only with the option `deferReasons`: every `mengapa` is empty, and this is the context to analyse the same text
   * with again for them (`withReasons` in index.ts does that when the reasons are shown).
   */
  reasonsDeferred?: { channel: string | null; addressedOpd: string | null; postText: string | null };
}

export interface Manifest {
  version: string;
  [k: string]: unknown;
}

/** All models of the module, loaded once per process. */
export class LanguageModels {
  readonly version: string;
  readonly models: Record<Task, TaskModel>;
  readonly directory: DirectoryMatcher | null;
  readonly loadMs: number;
  readonly manifest: Manifest;
  /** the five models fused for one-lookup-per-feature scoring, in TASKS order */
  readonly fused: FusedModels;
  /** the models in TASKS order */
  readonly list: readonly TaskModel[];

  constructor(models: Record<Task, TaskModel>, directory: DirectoryMatcher | null, manifest: Manifest, loadMs: number) {
    this.models = models;
    this.list = TASKS.map((t) => models[t]);
    this.fused = new FusedModels(this.list);
    this.directory = directory;
    this.manifest = manifest;
    this.version = manifest.version;
    this.loadMs = loadMs;
  }
}

/** Installs the shared resources (Minangkabau map, routing directory) of a models directory. */
export function loadResources(dir: string = MODELS_DIR): DirectoryMatcher | null {
  loadMinangMapFile(join(dir, 'min-id.tsv'));
  const dp = join(dir, 'directory.json');
  const matcher = existsSync(dp) ? new DirectoryMatcher(JSON.parse(readFileSync(dp, 'utf8')) as DirectoryData) : null;
  setDirectoryMatcher(matcher);
  return matcher;
}

export function loadModels(dir: string = MODELS_DIR): LanguageModels {
  const t0 = performance.now();
  const directory = loadResources(dir);
  const models = {} as Record<Task, TaskModel>;
  for (const t of TASKS) models[t] = TaskModel.load(join(dir, `${t}.bin`));
  const mp = join(dir, 'manifest.json');
  const manifest = existsSync(mp) ? (JSON.parse(readFileSync(mp, 'utf8')) as Manifest) : { version: models.intent.header.version };
  const lm = new LanguageModels(models, directory, manifest, 0);
  (lm as { loadMs: number }).loadMs = performance.now() - t0;
  return lm;
}

let shared: LanguageModels | null = null;
/** The process-wide models (loaded on first use). */
export function getModels(): LanguageModels {
  if (shared === null) shared = loadModels();
  return shared;
}
export function setModels(m: LanguageModels | null): void {
  shared = m;
}
/** Empties the token and word caches of the hot path (they are bounded and refill on use). */
export function clearLanguageCaches(): void {
  clearNormalizeCaches();
  clearFeatureCaches();
}

// ---- analysis -------------------------------------------------------------------------------------------------
// Hot path (see docs/language.md): one normalisation, one feature extraction, one pass of the fused int8 table for
// all five tasks, then "mengapa" only for each task's chosen label over its runner-up (one more pass over the
// features, reusing their row ids). All buffers are reused between calls.

const fv = new FeatureVector();
/** each task's confidence (calibrated probability of its label) during one analysis */
const confBuf = new Float64Array(5);
const postFv = new FeatureVector();
let allScores = new Float64Array(64);
let postScores = new Float64Array(64);
let scratch = new Float64Array(64);
const N_TASKS = TASKS.length;
const TI_LANG = 0;
const TI_INTENT = 1;
const TI_SENTIMENT = 2;
const TI_URGENCY = 3;
const TI_OPD = 4;
const POST_WEIGHT = 0.35;
const DEFAULT_CONTEXT_BONUS = 3.0;
const MAX_SLOTS = 32768;
const topA = new Int32Array(N_TASKS);
const topB = new Int32Array(N_TASKS);
let slotOf = new Int32Array(1024);
let agg = new Float64Array(N_TASKS * 1024);
let firstWord = new Int32Array(256);
let candSlot = new Int32Array(256);
let candW = new Float64Array(256);
let candAt = new Int32Array(256);
let candStamp = new Int32Array(256);
let candGen = 0;
const selIdx = new Int32Array(64);

/** JS \s (WhiteSpace + LineTerminator), by UTF-16 code unit. */
function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Input with no words, or mostly non-Latin / control characters (one pass over the first 2,000 code units, or the
 * counts of normalize()'s pass over them).
 */
function unreadable(raw: string, nz: Normalized, scan: RawScan | null): boolean {
  if (nz.words.length === 0) return true;
  if (scan !== null) {
    if (scan.nonSpace === 0) return true;
    return scan.latin / scan.nonSpace < 0.35 || scan.control / scan.nonSpace > 0.05;
  }
  const n = raw.length > 2000 ? 2000 : raw.length;
  let nonSpace = 0;
  let latin = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 128) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
        latin++;
        nonSpace++;
      } else if (c === 32 || (c >= 9 && c <= 13)) {
        // whitespace
      } else {
        nonSpace++;
        if (c <= 8 || (c >= 14 && c <= 31) || c === 127) control++;
      }
      continue;
    }
    if (isJsSpace(c)) continue;
    nonSpace++;
    if (c >= 0xc0 && c <= 0x24f) latin++;
    else if (c <= 0x9f || c === 0xfffd) control++;
  }
  if (nonSpace === 0) return true;
  return latin / nonSpace < 0.35 || control / nonSpace > 0.05;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** `Array.prototype.slice(0, k)` length for a list of `len` items. */
function sliceEnd(k: number, len: number): number {
  let r = Math.trunc(Number(k));
  if (Number.isNaN(r)) r = 0;
  if (r < 0) return Math.max(len + r, 0);
  return Math.min(r, len);
}

/** true when `slice(0, k)` is empty for a list of any length (then no reason needs computing) */
function noReasons(k: number): boolean {
  const r = Math.trunc(Number(k));
  return r === 0 || Number.isNaN(r) || r === -Infinity;
}

/** Softmax of one task's scores into scratch; picks top, runner-up and the alternatives (as a stable sort would). */
interface Picked {
  top: number;
  second: number;
  alternatives: { label: string; confidence: number }[];
}
function pick(labels: readonly string[], scores: Float64Array, C: number, explain: boolean): Picked {
  const top = softmax(scores, C);
  // runner-up and third in one pass, as two passes of "first index with the highest score" would pick them
  let second = -1;
  let third = -1;
  for (let c = 0; c < C; c++) {
    if (c === top) continue;
    if (second < 0 || scores[c]! > scores[second]!) {
      third = second;
      second = c;
    } else if (third < 0 || scores[c]! > scores[third]!) third = c;
  }
  const alternatives: { label: string; confidence: number }[] = [];
  if (explain && second >= 0) {
    alternatives.push({ label: labels[second]!, confidence: round3(scores[second]!) });
    if (third >= 0) alternatives.push({ label: labels[third]!, confidence: round3(scores[third]!) });
  }
  return { top, second, alternatives };
}

/** Index of the first word equal to each word (repeated surface words collapse into one reason), by word id. */
function computeFirstWords(f: FeatureVector): void {
  const infos = f.infos;
  const nw = infos.length;
  if (firstWord.length < nw) firstWord = new Int32Array(Math.max(nw, firstWord.length * 2));
  if (firstGen >= 0x7fffffff) {
    firstGen = 0;
    firstStamp.fill(0);
  }
  const gen = ++firstGen;
  anyRepeat = false;
  for (let i = 0; i < nw; i++) {
    const id = infos[i]!.wid;
    if (id >= firstAt.length) {
      const n = Math.max(id + 1, firstAt.length * 2);
      const a = new Int32Array(n);
      a.set(firstAt);
      firstAt = a;
      const st = new Int32Array(n);
      st.set(firstStamp);
      firstStamp = st;
    }
    if (firstStamp[id] === gen) {
      firstWord[i] = firstAt[id]!;
      anyRepeat = true;
    } else {
      firstStamp[id] = gen;
      firstAt[id] = i;
      firstWord[i] = i;
    }
  }
}
let firstAt = new Int32Array(4096);
let firstStamp = new Int32Array(4096);
let firstGen = 0;
/** whether the last computeFirstWords saw a word twice */
let anyRepeat = false;

/** Top reasons of one task from its aggregated contributions per origin slot (words, named features, bigrams). */
function reasonsOf(f: FeatureVector, base: number, size: number, nw: number, nNames: number, k: number): Reason[] {
  if (candSlot.length < size) {
    const n = Math.max(size, candSlot.length * 2);
    candSlot = new Int32Array(n);
    candW = new Float64Array(n);
  }
  if (candAt.length < nw) {
    const n = Math.max(nw, candAt.length * 2);
    candAt = new Int32Array(n);
    candStamp = new Int32Array(n);
    candGen = 0;
  }
  let nc = 0;
  if (anyRepeat) {
    // a repeated word is one candidate, at its first occurrence above the cut, with the weights of all of them
    if (candGen >= 0x7fffffff) {
      candGen = 0;
      candStamp.fill(0);
    }
    const gen = ++candGen;
    for (let s = 0; s < nw; s++) {
      const v = agg[base + s]!;
      if (v <= 0.01) continue;
      const fw = firstWord[s]!;
      if (candStamp[fw] === gen) {
        candW[candAt[fw]!]! += v;
        continue;
      }
      candStamp[fw] = gen;
      candAt[fw] = nc;
      candSlot[nc] = s;
      candW[nc] = v;
      nc++;
    }
  } else
    for (let s = 0; s < nw; s++) {
      const v = agg[base + s]!;
      if (v <= 0.01) continue;
      candSlot[nc] = s;
      candW[nc] = v;
      nc++;
    }
  for (let s = nw; s < size; s++) {
    const v = agg[base + s]!;
    if (v <= 0.01) continue;
    candSlot[nc] = s;
    candW[nc] = v;
    nc++;
  }
  const want = sliceEnd(k, nc);
  if (want === 0) return [];
  // stable top-`want` selection by weight (ties keep the earlier reason)
  const sel = want <= selIdx.length ? selIdx : new Int32Array(want);
  let ns = 0;
  for (let j = 0; j < nc; j++) {
    const w = candW[j]!;
    let p = ns;
    while (p > 0 && candW[sel[p - 1]!]! < w) p--;
    if (p >= want) continue;
    const end = ns < want ? ns : want - 1;
    for (let q = end; q > p; q--) sel[q] = sel[q - 1]!;
    sel[p] = j;
    if (ns < want) ns++;
  }
  const out: Reason[] = new Array(ns);
  for (let q = 0; q < ns; q++) {
    const j = sel[q]!;
    const s = candSlot[j]!;
    let name: string;
    if (s < nw) name = f.words[s]!;
    else if (s < nw + nNames) name = f.names[s - nw]!;
    else {
      const o = s - nw - nNames;
      name = `${f.canon[o] ?? ''} ${f.canon[o + 1] ?? ''}`;
    }
    out[q] = { feature: name, weight: Math.round(candW[j]! * 1000) / 1000 };
  }
  return out;
}

export interface AnalyzeOptions {
  /** compute "mengapa" reasons and alternatives (default true) */
  explain?: boolean;
  /** number of reasons per decision (default 5) */
  reasons?: number;
  /** detect personal data (default true) */
  pii?: boolean;
  /**
   * leave "mengapa" for later (default false): the same decisions, alternatives and personal data, empty reasons, and
   * `reasonsDeferred` set; for callers that store analyses and show the reasons of a few (the inbox)
   */
  deferReasons?: boolean;
}

function noRoute(label: string): boolean {
  return label === 'spam' || label === 'abuse' || label === 'other';
}

/** Analyses one message. Never throws for any input; time is bounded by the analysed-length cap. */
export function analyzeWith(models: LanguageModels, text: unknown, context: AnalysisContext = {}, opts: AnalyzeOptions = {}): Analysis {
  const raw = typeof text === 'string' ? text : '';
  const defer = opts.deferReasons === true;
  const explain = defer || (opts.explain ?? true);
  const k = defer ? 0 : (opts.reasons ?? 5);
  const nz = normalize(raw);
  // normalize's pass over the characters (null when the input was capped): the unreadable check and the
  // personal-data pre-checks use its counts
  const scan = rawScanOf(raw);
  const piiDigits = scan !== null ? scan.digits : 0;
  const piiUpper = scan !== null && scan.upper;
  const piiAt = scan !== null && scan.at;
  const ctx: ContextInput = {};
  if (typeof context.channel === 'string') ctx.channel = context.channel;
  if (typeof context.addressedOpd === 'string') ctx.addressedOpd = context.addressedOpd;
  extractFeatures(nz, fv, ctx, true);
  const junk = unreadable(raw, nz, scan);

  const fused = models.fused;
  if (allScores.length < fused.width) {
    allScores = new Float64Array(fused.width);
    postScores = new Float64Array(fused.width);
    scratch = new Float64Array(fused.width);
  }
  fused.scoresAll(fv, allScores);
  const ms = models.list;
  const picks: Picked[] = new Array(N_TASKS);
  const conf = confBuf;
  for (let t = 0; t < TI_OPD; t++) {
    const m = ms[t]!;
    const o = fused.offset[t]!;
    for (let c = 0; c < m.C; c++) scratch[c] = allScores[o + c]!;
    const p = pick(m.labels, scratch, m.C, explain);
    picks[t] = p;
    conf[t] = scratch[p.top]!;
  }

  // OPD route: learned scores + addressed-account bonus + the post commented on
  const om = models.models.opd;
  const oo = fused.offset[TI_OPD]!;
  for (let c = 0; c < om.C; c++) scratch[c] = allScores[oo + c]!;
  const bonus = om.header.contextBonus ?? DEFAULT_CONTEXT_BONUS;
  const ai = ctx.addressedOpd ? om.indexOf(ctx.addressedOpd) : -1;
  if (ai >= 0) scratch[ai]! += bonus;
  if (typeof context.postText === 'string' && context.postText.length > 0) {
    extractFeatures(normalize(context.postText), postFv, undefined, true);
    fused.scoresAll(postFv, postScores);
    for (let c = 0; c < om.C; c++) scratch[c]! += POST_WEIGHT * postScores[oo + c]!;
  }
  const od = pick(om.labels, scratch, om.C, explain);
  picks[TI_OPD] = od;
  conf[TI_OPD] = scratch[od.top]!;

  // "mengapa": contributions of each feature to the chosen label over the runner-up, summed per origin
  const mengapa: Reason[][] = [[], [], [], [], []];
  if (explain && !noReasons(k)) {
    const nw = fv.words.length;
    const nNames = fv.names.length;
    const size = nw + nNames + fv.canon.length;
    if (size <= MAX_SLOTS) {
      let any = false;
      for (let t = 0; t < N_TASKS; t++) {
        const p = picks[t]!;
        topA[t] = p.second >= 0 ? p.top : -1;
        topB[t] = p.second;
        if (p.second >= 0) any = true;
      }
      if (any) {
        const n = fv.n;
        if (slotOf.length < n) slotOf = new Int32Array(Math.max(n, slotOf.length * 2));
        for (let q = 0; q < n; q++) {
          const o = fv.org[q]!;
          const s = o < 0 ? nw + (-o - 1) : fv.isBigram[q] === 1 ? nw + nNames + o : o;
          slotOf[q] = s < size ? s : -1;
        }
        if (agg.length < N_TASKS * size) agg = new Float64Array(Math.max(N_TASKS * size, agg.length * 2));
        agg.fill(0, 0, N_TASKS * size);
        fused.explainInto(fv, topA, topB, slotOf, agg, size);
        computeFirstWords(fv);
        for (let t = 0; t < N_TASKS; t++) if (topA[t]! >= 0) mengapa[t] = reasonsOf(fv, t * size, size, nw, nNames, k);
      }
    }
  }

  const decision = (t: number): Decision => {
    const m = ms[t]!;
    const p = picks[t]!;
    return {
      label: m.labels[p.top]!,
      confidence: round3(conf[t]!),
      needsTriage: conf[t]! < m.threshold,
      alternatives: p.alternatives,
      mengapa: mengapa[t]!,
    };
  };
  const language = decision(TI_LANG) as Analysis['language'];
  const intent = decision(TI_INTENT) as Analysis['intent'];
  const sentiment = decision(TI_SENTIMENT) as Analysis['sentiment'];
  const urgency = decision(TI_URGENCY) as Analysis['urgency'];
  const opdMengapa = mengapa[TI_OPD]!;
  if (explain && !defer && ai >= 0 && ai === od.top) opdMengapa.unshift({ feature: `addressed:${ctx.addressedOpd}`, weight: round3(bonus) });

  if (junk) {
    for (const d of [language, intent, sentiment, urgency] as Decision[]) {
      d.confidence = Math.min(d.confidence, 0.3);
      d.needsTriage = true;
    }
    intent.label = 'other';
    urgency.label = 'low';
    sentiment.label = 'neutral';
  }
  const names = models.directory?.data.names ?? {};
  const odLabel = om.labels[od.top]!;
  let route: string | null = odLabel;
  let alasan: string;
  const routeConf = conf[TI_OPD]!;
  const needsTriage = routeConf < om.threshold;
  if (junk || noRoute(intent.label)) {
    route = null;
    alasan = junk ? 'Pesan tidak terbaca; tidak perlu diteruskan ke OPD.' : `Pesan berjenis "${intent.label}": tidak perlu diteruskan ke OPD.`;
  } else if (intent.label === 'praise' && needsTriage) {
    route = null;
    alasan = 'Apresiasi umum, tidak ditujukan ke OPD tertentu.';
  } else if (needsTriage) {
    alasan = `Keyakinan rendah (${Math.round(routeConf * 100)}%): perlu triase Kominfotik. Usulan: ${odLabel}.`;
  } else if (odLabel.startsWith('OUTSIDE:')) {
    alasan = `Di luar kewenangan provinsi: teruskan ke ${names[odLabel] ?? odLabel.slice(8)}.`;
  } else {
    alasan = `Diarahkan ke ${names[odLabel] ?? odLabel}.`;
  }
  const routeDecision: RouteDecision = {
    label: odLabel,
    confidence: round3(routeConf),
    needsTriage: route !== null && needsTriage,
    alternatives: od.alternatives,
    mengapa: opdMengapa,
    route,
    outside: route !== null && route.startsWith('OUTSIDE:'),
    name: route !== null ? (names[route] ?? null) : null,
    alasan,
  };
  const result: Analysis = {
    modelVersion: models.version,
    language,
    intent,
    sentiment,
    urgency,
    route: routeDecision,
    pii: opts.pii === false ? [] : scan !== null && raw.length <= MAX_PII_CHARS ? detectPiiCounted(raw, piiDigits, piiUpper, piiAt) : detectPii(raw),
    analyzedChars: nz.text.length,
    truncated: nz.truncated,
    unreadable: junk,
  };
  if (defer)
    result.reasonsDeferred = {
      channel: typeof context.channel === 'string' ? context.channel : null,
      addressedOpd: typeof context.addressedOpd === 'string' ? context.addressedOpd : null,
      postText: typeof context.postText === 'string' ? context.postText : null,
    };
  return result;
}
