// How each shipped model is trained (`dayung lang train --all`), and the NusaX / SmSA benchmark protocol.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadResources, TASKS } from './analyze.ts';
import type { Task } from './analyze.ts';
import { writeResources } from './build-resources.ts';
import { readExamples } from './data.ts';
import type { Example } from './data.ts';
import { evaluate } from './metrics.ts';
import type { EvalReport } from './metrics.ts';
import { argmaxRows, DEFAULT_ALGO, topConfidences, trainTask } from './trainer.ts';
import type { AlgoConfig, LabelledDoc, Progress } from './trainer.ts';

export const SEED = 20251127;
export const DEFAULT_DATA_DIR = '../shared/data';

/** Per-task learner settings (chosen by cross-validation on aduan-sumbar dev and NusaX valid). */
export const TASK_ALGO: Record<Task, AlgoConfig> = {
  intent: { ...DEFAULT_ALGO },
  opd: {
    ...DEFAULT_ALGO,
    gw: [1, 0.6, 0, 0.3, 0.2, 1.2],
    members: [{ kind: 'svm', weight: 1 }],
    svm: { cost: 2, epochs: 80, balance: 0.5, nbAlpha: 0.5 },
  },
  sentiment: { ...DEFAULT_ALGO },
  urgency: { ...DEFAULT_ALGO },
  lang: { ...DEFAULT_ALGO },
};

/** Accuracy that predictions above the triage threshold should reach (on cross-validated scores). */
export const THRESHOLD_TARGET: Record<Task, number> = { intent: 0.9, opd: 0.9, sentiment: 0.85, urgency: 0.9, lang: 0.9 };

export interface Source {
  path: string;
  /** jsonl field; csv/tsv use "label" */
  field: string;
  /** sample weight */
  weight?: number;
  /** constant label for every row (e.g. the language of a corpus) */
  label?: string;
}

export function recipeSources(task: Task): Source[] {
  const aduan: Source = { path: 'aduan-sumbar/dev.jsonl', field: task };
  switch (task) {
    case 'sentiment':
      return [
        aduan,
        { path: 'nusax-senti/indonesian/train.csv', field: 'label', weight: 0.7 },
        { path: 'nusax-senti/minangkabau/train.csv', field: 'label', weight: 0.7 },
        { path: 'nusax-senti/english/train.csv', field: 'label', weight: 0.5 },
      ];
    default:
      return [aduan];
  }
}

export function loadSources(dataDir: string, sources: readonly Source[]): Example[] {
  return sources.flatMap((s) =>
    readExamples(join(dataDir, s.path), { field: s.field }).map((e) => {
      const out: Example = { ...e, source: s.path };
      if (s.label !== undefined) out.label = s.label;
      if (s.weight !== undefined) out.weight = s.weight * (e.weight ?? 1);
      return out;
    }),
  );
}

export interface TrainAllResult {
  manifest: Record<string, unknown>;
}

function sha(buf: Buffer | string): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Cross-validated report from out-of-fold scores. */
function cvReport(task: string, docs: readonly LabelledDoc[], labels: string[], s: Float32Array, T: number, threshold: number): EvalReport {
  const C = labels.length;
  const { pred, conf } = topConfidences(s, C, T);
  void argmaxRows;
  return evaluate(
    task,
    docs.map((d) => d.label),
    Array.from(pred, (p) => labels[p]!),
    Array.from(conf),
    threshold,
  );
}

/** Trains every shipped model from ../shared/data and writes models/*.bin, resources and manifest.json. */
export function trainAll(dataDir: string, outDir: string, progress: Progress): TrainAllResult {
  mkdirSync(outDir, { recursive: true });
  const startedAt = new Date().toISOString();
  const opdLabels = new Set(readExamples(join(dataDir, 'aduan-sumbar/dev.jsonl'), { field: 'opd' }).map((e) => e.label));
  // the Minangkabau map must be in place before the directory phrases are normalised
  progress('resources: Minangkabau map and routing directory');
  writeResources(dataDir, outDir, opdLabels, 'pending');
  loadResources(outDir);
  const res = writeResources(dataDir, outDir, opdLabels, 'pending');
  loadResources(outDir);
  const tasks: Record<string, unknown> = {};
  const files: Record<string, string> = {};
  for (const task of TASKS) {
    const sources = recipeSources(task);
    const docs = loadSources(dataDir, sources);
    const primary = docs.filter((d) => d.source === 'aduan-sumbar/dev.jsonl');
    const others = docs.filter((d) => d.source !== 'aduan-sumbar/dev.jsonl');
    const r = trainTask({
      task,
      train: primary,
      extra: others,
      cfg: TASK_ALGO[task],
      seed: SEED,
      calibrationFolds: 5,
      thresholdTarget: THRESHOLD_TARGET[task],
      version: 'pending',
      data: sources.map((s) => `${s.path}${s.weight ? ` (weight ${s.weight})` : ''}`),
      progress,
    });
    const m = r.model;
    const cv = r.cvScores ? cvReport(task, primary, r.labels, r.cvScores, m.header.temperature, m.threshold) : undefined;
    m.header.metrics = cv
      ? { cv_aduan_dev_5fold: { macro_f1: cv.macro_f1, accuracy: cv.accuracy, at_threshold: cv.at_threshold } }
      : {};
    tasks[task] = {
      file: `${task}.bin`,
      labels: m.labels,
      data: m.header.data,
      algorithm: m.header.algorithm,
      temperature: Math.round(m.header.temperature * 1000) / 1000,
      threshold: m.threshold,
      metrics: m.header.metrics,
    };
    progress(`${task}: 5-fold CV on aduan-sumbar dev macro-F1 ${cv?.macro_f1} accuracy ${cv?.accuracy}`);
    const buf = m.toBuffer();
    files[task] = sha(buf).slice(0, 12);
    (tasks[task] as Record<string, unknown>).bytes = buf.length;
    (tasks[task] as Record<string, unknown>).model = m;
  }
  // version = date + hash of all model contents (deterministic given data and seed, apart from the date)
  const h = sha(TASKS.map((t) => files[t]).join(':') + readFileSync(join(outDir, 'min-id.tsv'), 'utf8') + readFileSync(join(outDir, 'directory.json'), 'utf8')).slice(0, 8);
  const version = `lang-${startedAt.slice(0, 10).replace(/-/g, '')}-${h}`;
  // rewrite resources and models with the final version
  const dir = JSON.parse(readFileSync(join(outDir, 'directory.json'), 'utf8')) as Record<string, unknown>;
  dir.version = version;
  writeFileSync(join(outDir, 'directory.json'), JSON.stringify(dir, null, 1) + '\n');
  for (const task of TASKS) {
    const entry = tasks[task] as Record<string, unknown>;
    const m = entry.model as import('./model.ts').TaskModel;
    m.header.version = version;
    m.save(join(outDir, `${task}.bin`));
    delete entry.model;
  }
  const manifest = {
    name: 'Dayung language models',
    version,
    trainedAt: startedAt,
    seed: SEED,
    command: 'dayung lang train --all',
    features: 'hashed (2^20 buckets, FNV-1a + fmix32): word unigrams (surface + canonical), canonical bigrams, char 2-5 grams inside words, special tokens, cue categories, context, routing-directory hits',
    resources: {
      'min-id.tsv': `${res.minPairs} Minangkabau→Indonesian pairs from MinangNLP dictionary (MIT, Koto & Koto 2020) and NusaX-Lexicon (CC BY-SA 4.0, Winata et al. 2023)`,
      'directory.json': `${res.dirPhrases} routing phrases from shared/data/sumbar/opd.json, outside-authority.json and curated terms`,
    },
    data_licenses: {
      'aduan-sumbar': 'written for this project',
      'nusax-senti': 'CC BY-SA 4.0 (Winata et al. 2023, NusaX)',
    },
    tasks,
  };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { manifest };
}
