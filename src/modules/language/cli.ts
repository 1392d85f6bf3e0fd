// `dayung lang ...`: train, evaluate and analyse. stdout carries results (eval: last line is one JSON object);
// progress goes to stderr.
import { createWriteStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { analyzeWith, loadModels, loadResources, MODELS_DIR, TASKS } from './analyze.ts';
import type { Task } from './analyze.ts';
import { readExamples } from './data.ts';
import type { Example } from './data.ts';
import { extractFeatures, FeatureVector } from './features.ts';
import { evaluate } from './metrics.ts';
import type { EvalReport } from './metrics.ts';
import { softmax, TaskModel } from './model.ts';
import { normalize } from './normalize.ts';
import { DEFAULT_DATA_DIR, SEED, TASK_ALGO, THRESHOLD_TARGET, trainAll } from './recipes.ts';
import { trainTask } from './trainer.ts';

const progress = (msg: string): void => {
  process.stderr.write(`[lang] ${msg}\n`);
};

function parseTask(t: string): Task {
  if (!(TASKS as readonly string[]).includes(t)) throw new Error(`unknown task "${t}" (use ${TASKS.join(', ')})`);
  return t as Task;
}

function readFiles(list: string, task: Task): Example[] {
  return list
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f.length > 0)
    .flatMap((f) => {
      const ex = readExamples(f, { field: task });
      progress(`read ${ex.length} labelled rows from ${f}`);
      return ex;
    });
}

export interface EvalOptions {
  task: Task;
  examples: readonly Example[];
  model: TaskModel;
  predictions?: string;
}

/** Scores the top label of every row; also reports coverage/accuracy above the model's triage threshold. */
export async function evaluateModel(o: EvalOptions): Promise<EvalReport> {
  const fv = new FeatureVector();
  const s = new Float64Array(o.model.C);
  const gold: string[] = [];
  const pred: string[] = [];
  const conf: number[] = [];
  const out = o.predictions ? createWriteStream(o.predictions) : null;
  const n = o.examples.length;
  const step = Math.max(1000, Math.floor(n / 10));
  for (let i = 0; i < n; i++) {
    const e = o.examples[i]!;
    extractFeatures(normalize(e.text), fv, e.context);
    o.model.scores(fv, s);
    const top = softmax(s, o.model.C);
    const label = o.model.labels[top]!;
    gold.push(e.label);
    pred.push(label);
    conf.push(s[top]!);
    if (out) {
      const row: Record<string, unknown> = {};
      if (e.id !== undefined) row.id = e.id;
      row.text = e.text;
      row.gold = e.label;
      row.predicted = label;
      row.confidence = Math.round(s[top]! * 10000) / 10000;
      if (!out.write(JSON.stringify(row) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    if (n >= 2000 && (i + 1) % step === 0) progress(`evaluated ${i + 1}/${n}`);
  }
  if (out) await new Promise<void>((r, j) => out.end((err?: Error | null) => (err ? j(err) : r())));
  return evaluate(o.task, gold, pred, conf, o.model.threshold);
}

function modelPathFor(task: Task, explicit?: string): string {
  return explicit ?? resolve(MODELS_DIR, `${task}.bin`);
}

export function registerLanguageCommands(lang: Command): void {
  lang
    .command('train')
    .description('train a model: --task <t> --data <files> [--valid <file>] --out <model-file>, or --all for the shipped models')
    .option('--task <task>', `one of ${TASKS.join(', ')}`)
    .option('--data <files>', 'comma-separated training files (.jsonl, .csv, .tsv)')
    .option('--valid <file>', 'validation file used for calibration and the triage threshold')
    .option('--out <file>', 'where to write the model')
    .option('--corrections <file>', 'responders\' corrections (.jsonl like the data), added with weight 2')
    .option('--all', 'train every shipped model from the shared data into src/modules/language/models')
    .option('--data-dir <dir>', 'shared data directory for --all', DEFAULT_DATA_DIR)
    .option('--out-dir <dir>', 'output directory for --all', MODELS_DIR)
    .option('--seed <n>', 'random seed', String(SEED))
    .action(
      (o: { task?: string; data?: string; valid?: string; out?: string; corrections?: string; all?: boolean; dataDir: string; outDir: string; seed: string }) => {
        if (o.all) {
          const t0 = Date.now();
          const { manifest } = trainAll(o.dataDir, o.outDir, progress);
          progress(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
          process.stdout.write(JSON.stringify({ version: manifest.version, outDir: o.outDir }) + '\n');
          return;
        }
        if (!o.task || !o.data || !o.out) throw new Error('train needs --task, --data and --out (or --all)');
        const task = parseTask(o.task);
        loadResources();
        const train = readFiles(o.data, task);
        if (o.corrections) {
          const corr = readExamples(o.corrections, { field: task }).map((e) => ({ ...e, weight: 2 * (e.weight ?? 1) }));
          progress(`adding ${corr.length} corrections (weight 2)`);
          train.push(...corr);
        }
        const valid = o.valid ? readFiles(o.valid, task) : undefined;
        const seed = Number(o.seed);
        const r = trainTask({
          task,
          train,
          ...(valid ? { valid } : {}),
          cfg: TASK_ALGO[task],
          seed,
          calibrationFolds: train.length >= 50 ? 5 : 0,
          thresholdTarget: THRESHOLD_TARGET[task],
          version: `custom-${task}-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`,
          data: [...o.data.split(','), ...(o.corrections ? [o.corrections] : [])],
          progress,
        });
        r.model.save(o.out);
        progress(`wrote ${o.out} (${r.model.labels.length} labels, threshold ${r.model.threshold})`);
        process.stdout.write(JSON.stringify({ task, out: o.out, labels: r.model.labels, n: train.length, threshold: r.model.threshold }) + '\n');
      },
    );

  lang
    .command('eval')
    .description('evaluate a model on a labelled file; the last stdout line is one JSON object')
    .requiredOption('--task <task>', `one of ${TASKS.join(', ')}`)
    .requiredOption('--file <file>', 'labelled file (.jsonl, .csv, .tsv)')
    .option('--model <file>', 'model file (default: the shipped model for the task)')
    .option('--predictions <file>', 'also write one JSON line per evaluated row')
    .action(async (o: { task: string; file: string; model?: string; predictions?: string }) => {
      const task = parseTask(o.task);
      loadResources();
      const mp = modelPathFor(task, o.model);
      if (!existsSync(mp)) throw new Error(`model file not found: ${mp}`);
      const model = TaskModel.load(mp);
      if (model.header.task !== task) progress(`warning: model was trained for task "${model.header.task}"`);
      const examples = readExamples(o.file, { field: task });
      progress(`evaluating ${examples.length} rows with ${mp} (version ${model.header.version})`);
      const opts: EvalOptions = { task, examples, model };
      if (o.predictions) opts.predictions = o.predictions;
      const report = await evaluateModel(opts);
      process.stdout.write(JSON.stringify(report) + '\n');
    });

  lang
    .command('analyze')
    .description('analyse one message and print the full analysis as JSON')
    .requiredOption('--text <text>', 'the message')
    .option('--channel <channel>', 'channel (instagram_comment, whatsapp, ...)')
    .option('--addressed-opd <code>', 'OPD whose account was addressed')
    .option('--post-text <text>', 'text of the post commented on')
    .option('--models <dir>', 'models directory', MODELS_DIR)
    .action((o: { text: string; channel?: string; addressedOpd?: string; postText?: string; models: string }) => {
      const models = loadModels(o.models);
      const a = analyzeWith(models, o.text, {
        ...(o.channel ? { channel: o.channel } : {}),
        ...(o.addressedOpd ? { addressedOpd: o.addressedOpd } : {}),
        ...(o.postText ? { postText: o.postText } : {}),
      });
      process.stdout.write(JSON.stringify(a, null, 2) + '\n');
    });

  lang
    .command('corrections-effect')
    .description('show the effect of responders\' corrections: evaluate a model trained without and with them')
    .requiredOption('--task <task>', `one of ${TASKS.join(', ')}`)
    .requiredOption('--data <files>', 'comma-separated training files')
    .requiredOption('--corrections <file>', 'corrections (.jsonl with text and the task field)')
    .requiredOption('--file <file>', 'labelled evaluation file (messages like the corrected ones)')
    .action(async (o: { task: string; data: string; corrections: string; file: string }) => {
      const task = parseTask(o.task);
      loadResources();
      const base = readFiles(o.data, task);
      const corr = readExamples(o.corrections, { field: task }).map((e) => ({ ...e, weight: 2 }));
      const evalSet = readExamples(o.file, { field: task });
      const common = { task, cfg: TASK_ALGO[task], seed: SEED, calibrationFolds: 0, thresholdTarget: THRESHOLD_TARGET[task], version: 'effect', data: [] };
      const before = trainTask({ ...common, train: base, progress });
      const after = trainTask({ ...common, train: [...base, ...corr], labels: [...new Set([...before.labels, ...corr.map((c) => c.label)])].sort(), progress });
      const rb = await evaluateModel({ task, examples: evalSet, model: before.model });
      const ra = await evaluateModel({ task, examples: evalSet, model: after.model });
      process.stdout.write(
        JSON.stringify({
          task,
          corrections: corr.length,
          before: { macro_f1: rb.macro_f1, accuracy: rb.accuracy },
          after: { macro_f1: ra.macro_f1, accuracy: ra.accuracy },
          delta: { macro_f1: Math.round((ra.macro_f1 - rb.macro_f1) * 10000) / 10000, accuracy: Math.round((ra.accuracy - rb.accuracy) * 10000) / 10000 },
        }) + '\n',
      );
    });
}
