// Public face of the language module: load the models once per process, analyse messages, mask personal data.
import { analyzeWith, getModels } from './analyze.ts';
import type { AnalysisContext, Analysis, AnalyzeOptions } from './analyze.ts';

export { analyzeWith, getModels, loadModels, setModels, LanguageModels, MODELS_DIR, TASKS } from './analyze.ts';
export type { Analysis, AnalysisContext, AnalyzeOptions, Decision, Reason, RouteDecision, Task } from './analyze.ts';
export { detectPii, maskPersonalData, maskValue, nikPlausible, shortName } from './pii.ts';
export type { PiiSpan, PiiType } from './pii.ts';
export { normalize } from './normalize.ts';
export type { Normalized } from './normalize.ts';
export type { EvalReport } from './metrics.ts';

/**
 * Analyses one citizen message with the shipped models (loaded on first call): language, intent, sentiment, urgency,
 * OPD route ("needs triage" below the threshold), "mengapa" reasons, personal-data spans and the model version.
 * Never throws; any input (empty, huge, binary, broken UTF-16) yields a valid result in bounded time.
 */
export function analyze(text: unknown, context: AnalysisContext = {}, opts: AnalyzeOptions = {}): Analysis {
  return analyzeWith(getModels(), text, context, opts);
}

const TASK_KEYS = ['language', 'intent', 'sentiment', 'urgency', 'route'] as const;

/**
 * The "mengapa" reasons of an analysis stored without them (`analyze(text, context, { deferReasons: true })`): the
 * text is analysed again with the stored context, and each decision gets the reasons of the same decision. Analyses
 * with reasons, made by other models (another `modelVersion`), or not analyses at all come back as they are (the
 * reasons then stay empty rather than explain another model's decision).
 */
export function withReasons<T>(text: string, stored: T): T {
  if (typeof stored !== 'object' || stored === null || typeof text !== 'string') return stored;
  const s = stored as Record<string, unknown> & { modelVersion?: unknown; reasonsDeferred?: Analysis['reasonsDeferred'] };
  const d = s.reasonsDeferred;
  if (typeof d !== 'object' || d === null) return stored;
  const models = getModels();
  if (s.modelVersion !== models.version) return stored;
  const a = analyzeWith(models, text, { channel: d.channel, addressedOpd: d.addressedOpd, postText: d.postText }, { pii: false });
  const out: Record<string, unknown> = { ...s };
  delete out.reasonsDeferred;
  for (const key of TASK_KEYS) {
    const was = s[key] as { label?: unknown } | undefined;
    // the same model, text and context give the same decisions; a stored decision that differs keeps its own (none)
    if (typeof was === 'object' && was !== null && was.label === a[key].label) out[key] = { ...was, mengapa: a[key].mengapa };
  }
  return out as T;
}

/** The version string of the loaded models (store it with each analysed interaction). */
export function modelVersion(): string {
  return getModels().version;
}

/** A responder's correction of an analysis, as exported from the database for `dayung lang train --corrections`. */
export interface Correction {
  /** interaction id */
  id: string;
  text: string;
  channel?: string;
  /** which decision was corrected */
  task: 'intent' | 'opd' | 'sentiment' | 'urgency' | 'lang';
  /** the label the model gave, and the model version that gave it */
  predicted: string | null;
  modelVersion: string;
  /** the responder's label */
  corrected: string;
  correctedBy?: string;
  correctedAt?: string;
}

/** One JSONL line in the training-file format (`text` + a field named like the task). */
export function correctionToJsonl(c: Correction): string {
  const row: Record<string, unknown> = { id: c.id, text: c.text, [c.task]: c.corrected, source: 'correction', model_version: c.modelVersion };
  if (c.channel) row.channel = c.channel;
  return JSON.stringify(row);
}
