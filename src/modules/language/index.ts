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
