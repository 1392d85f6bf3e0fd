// The analysis of one message: language, intent, sentiment, urgency, OPD route (with "needs triage"), the
// features that drove each decision ("mengapa"), personal-data spans and the model version.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DirectoryMatcher } from './directory.ts';
import type { DirectoryData } from './directory.ts';
import { extractFeatures, FeatureVector, setDirectoryMatcher } from './features.ts';
import type { ContextInput } from './features.ts';
import { FusedModels, softmax, TaskModel } from './model.ts';
import { normalize } from './normalize.ts';
import type { Normalized } from './normalize.ts';
import { detectPii } from './pii.ts';
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

  constructor(models: Record<Task, TaskModel>, directory: DirectoryMatcher | null, manifest: Manifest, loadMs: number) {
    this.models = models;
    this.fused = new FusedModels(TASKS.map((t) => models[t]));
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

// ---- analysis -------------------------------------------------------------------------------------------------

const fv = new FeatureVector();
const postFv = new FeatureVector();
const scratch = new Float64Array(64);
const allScores = new Float64Array(256);
const postScores = new Float64Array(256);
const contrib = new Float64Array(16384);
const originAgg = new Float64Array(16384 * 2);
const LATIN = /[A-Za-z\u00C0-\u024F]/g;
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFFFD]/g;
const POST_WEIGHT = 0.35;
const DEFAULT_CONTEXT_BONUS = 3.0;

function unreadable(raw: string, nz: Normalized): boolean {
  if (nz.words.length === 0) return true;
  const sample = raw.length > 2000 ? raw.slice(0, 2000) : raw;
  const nonSpace = sample.replace(/\s+/g, '').length;
  if (nonSpace === 0) return true;
  const latin = (sample.match(LATIN) ?? []).length;
  const control = (sample.match(CONTROL) ?? []).length;
  return latin / nonSpace < 0.35 || control / nonSpace > 0.05;
}

function topReasons(fused: FusedModels, mi: number, f: FeatureVector, a: number, b: number, k: number): Reason[] {
  fused.contributions(mi, f, a, b, contrib);
  const nw = f.words.length;
  const nNames = f.names.length;
  const nc = f.canon.length;
  const size = nw + nNames + nc;
  if (size > originAgg.length) return [];
  originAgg.fill(0, 0, size);
  for (let i = 0; i < f.n; i++) {
    const c = contrib[i]!;
    if (c === 0) continue;
    const o = f.org[i]!;
    const slot = o < 0 ? nw + (-o - 1) : f.isBigram[i] === 1 ? nw + nNames + o : o;
    if (slot < size) originAgg[slot]! += c;
  }
  // collapse repeated surface words into one reason
  const best: Reason[] = [];
  const seen = new Map<string, number>();
  for (let s = 0; s < size; s++) {
    const v = originAgg[s]!;
    if (v <= 0.01) continue;
    const name = s < nw ? f.words[s]! : s < nw + nNames ? f.names[s - nw]! : `${f.canon[s - nw - nNames] ?? ''} ${f.canon[s - nw - nNames + 1] ?? ''}`;
    const prev = seen.get(name);
    if (prev !== undefined) {
      best[prev]!.weight += v;
      continue;
    }
    seen.set(name, best.length);
    best.push({ feature: name, weight: v });
  }
  best.sort((x, y) => y.weight - x.weight);
  const out = best.slice(0, k);
  for (const r of out) r.weight = Math.round(r.weight * 1000) / 1000;
  return out;
}

function decide(
  model: TaskModel,
  f: FeatureVector,
  scores: Float64Array,
  explain: boolean,
): { label: string; confidence: number; second: number; top: number; alternatives: { label: string; confidence: number }[] } {
  const C = model.C;
  const top = softmax(scores, C);
  let second = -1;
  for (let c = 0; c < C; c++) if (c !== top && (second < 0 || scores[c]! > scores[second]!)) second = c;
  const alternatives: { label: string; confidence: number }[] = [];
  if (explain) {
    const order = Array.from({ length: C }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
    for (const c of order.slice(1, 3)) alternatives.push({ label: model.labels[c]!, confidence: Math.round(scores[c]! * 1000) / 1000 });
  }
  void f;
  return { label: model.labels[top]!, confidence: scores[top]!, second, top, alternatives };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export interface AnalyzeOptions {
  /** compute "mengapa" reasons and alternatives (default true) */
  explain?: boolean;
  /** number of reasons per decision (default 5) */
  reasons?: number;
  /** detect personal data (default true) */
  pii?: boolean;
}

const INTENT_NO_ROUTE = new Set(['spam', 'abuse', 'other']);

/** Analyses one message. Never throws for any input; time is bounded by the analysed-length cap. */
export function analyzeWith(models: LanguageModels, text: unknown, context: AnalysisContext = {}, opts: AnalyzeOptions = {}): Analysis {
  const raw = typeof text === 'string' ? text : '';
  const explain = opts.explain ?? true;
  const k = opts.reasons ?? 5;
  const nz = normalize(raw);
  const ctx: ContextInput = {};
  if (typeof context.channel === 'string') ctx.channel = context.channel;
  if (typeof context.addressedOpd === 'string') ctx.addressedOpd = context.addressedOpd;
  extractFeatures(nz, fv, ctx);
  const junk = unreadable(raw, nz);

  const fused = models.fused;
  fused.scoresAll(fv, allScores);
  const run = (task: Task): Decision => {
    const mi = TASKS.indexOf(task);
    const m = models.models[task];
    const o = fused.offset[mi]!;
    for (let c = 0; c < m.C; c++) scratch[c] = allScores[o + c]!;
    const d = decide(m, fv, scratch, explain);
    const mengapa = explain && d.second >= 0 ? topReasons(fused, mi, fv, d.top, d.second, k) : [];
    return {
      label: d.label,
      confidence: round3(d.confidence),
      needsTriage: d.confidence < m.threshold,
      alternatives: d.alternatives,
      mengapa,
    };
  };

  const language = run('lang') as Analysis['language'];
  const intent = run('intent') as Analysis['intent'];
  const sentiment = run('sentiment') as Analysis['sentiment'];
  const urgency = run('urgency') as Analysis['urgency'];

  // OPD route: learned scores + addressed-account bonus + the post commented on
  const om = models.models.opd;
  const oi = TASKS.indexOf('opd');
  const oo = fused.offset[oi]!;
  for (let c = 0; c < om.C; c++) scratch[c] = allScores[oo + c]!;
  if (ctx.addressedOpd) {
    const ai = om.indexOf(ctx.addressedOpd);
    if (ai >= 0) scratch[ai]! += om.header.contextBonus ?? DEFAULT_CONTEXT_BONUS;
  }
  if (typeof context.postText === 'string' && context.postText.length > 0) {
    extractFeatures(normalize(context.postText), postFv);
    fused.scoresAll(postFv, postScores);
    for (let c = 0; c < om.C; c++) scratch[c]! += POST_WEIGHT * postScores[oo + c]!;
  }
  const od = decide(om, fv, scratch, explain);
  const opdMengapa = explain && od.second >= 0 ? topReasons(fused, oi, fv, od.top, od.second, k) : [];
  if (explain && ctx.addressedOpd && om.indexOf(ctx.addressedOpd) === od.top)
    opdMengapa.unshift({ feature: `addressed:${ctx.addressedOpd}`, weight: round3(om.header.contextBonus ?? DEFAULT_CONTEXT_BONUS) });

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
  let route: string | null = od.label;
  let alasan: string;
  const routeConf = od.confidence;
  const needsTriage = routeConf < om.threshold;
  if (junk || INTENT_NO_ROUTE.has(intent.label)) {
    route = null;
    alasan = junk ? 'Pesan tidak terbaca; tidak perlu diteruskan ke OPD.' : `Pesan berjenis "${intent.label}": tidak perlu diteruskan ke OPD.`;
  } else if (intent.label === 'praise' && needsTriage) {
    route = null;
    alasan = 'Apresiasi umum, tidak ditujukan ke OPD tertentu.';
  } else if (needsTriage) {
    alasan = `Keyakinan rendah (${Math.round(routeConf * 100)}%): perlu triase Kominfotik. Usulan: ${od.label}.`;
  } else if (od.label.startsWith('OUTSIDE:')) {
    alasan = `Di luar kewenangan provinsi: teruskan ke ${names[od.label] ?? od.label.slice(8)}.`;
  } else {
    alasan = `Diarahkan ke ${names[od.label] ?? od.label}.`;
  }
  const routeDecision: RouteDecision = {
    label: od.label,
    confidence: round3(routeConf),
    needsTriage: route !== null && needsTriage,
    alternatives: od.alternatives,
    mengapa: opdMengapa,
    route,
    outside: route !== null && route.startsWith('OUTSIDE:'),
    name: route !== null ? (names[route] ?? null) : null,
    alasan,
  };
  return {
    modelVersion: models.version,
    language,
    intent,
    sentiment,
    urgency,
    route: routeDecision,
    pii: opts.pii === false ? [] : detectPii(raw),
    analyzedChars: nz.text.length,
    truncated: nz.truncated,
    unreadable: junk,
  };
}
