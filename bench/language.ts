// Language-module benchmark: prints one JSON object (speed, load time, memory, PII recall, NusaX / SmSA scores
// beside a fastText baseline trained and tuned on the same splits in the same run, aduan-sumbar CV from the manifest).
// Run: taskset -c 1 ./node_modules/.bin/node bench/language.ts [--quick] [--speed-only] [--vs=<dir>]
// --vs=<dir>: also compares, in this process, the language module in <dir> (e.g. a copy of an earlier commit's
// src/modules/language) with this one, the two alternately, round after round (same machine load for both).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeWith, clearLanguageCaches, loadModels, MODELS_DIR } from '../src/modules/language/analyze.ts';
import { readExamples } from '../src/modules/language/data.ts';
import type { Example } from '../src/modules/language/data.ts';
import { evaluate } from '../src/modules/language/metrics.ts';
import { detectPii } from '../src/modules/language/pii.ts';
import { DEFAULT_ALGO, argmaxRows, featurize, fitHead, scoreRows } from '../src/modules/language/trainer.ts';

const D = process.env.DAYUNG_SHARED_DATA ?? '../shared/data';
const quick = process.argv.includes('--quick');
/** --speed-only: speed, load time, memory and PII recall only (no training, no fastText) */
const speedOnly = process.argv.includes('--speed-only');
const log = (m: string): void => void process.stderr.write(`[bench] ${m}\n`);
const r1 = (x: number): number => Math.round(x * 10) / 10;

// ---- speed, load, memory --------------------------------------------------------------------------------------
const rss0 = process.memoryUsage().rss;
const models = loadModels();
const rssModels = process.memoryUsage().rss - rss0;
const texts = readFileSync(join(D, 'aduan-sumbar/dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string; channel: string }).text);
// "typical 150-character messages": dev texts cut or padded to ~150 chars, cycled in a warm loop on one thread.
// Each rate is the median of several runs, by wall time and by this process's CPU time (the machine is shared;
// run the bench pinned to one core: `taskset -c 1 ./node_modules/.bin/node bench/language.ts`).
const typical = texts.map((t, i) => (t.length >= 150 ? t.slice(0, 150) : (t + ' ' + texts[(i + 1) % texts.length]!).slice(0, 150)));
const median = (a: number[]): number => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
// The three ways of calling analyze that are measured:
//   full      – all five tasks, alternatives, personal data and the "mengapa" reasons of every decision
//   deferred  – the same without computing the reasons ({ deferReasons: true }): what the inbox runs for every
//               incoming message; it computes the reasons (withReasons: one more analysis) only for a conversation
//               a responder opens
//   bare      – { explain: false }: no reasons and no alternatives (kept for comparison with earlier runs)
const MODES = { full: {}, deferred: { deferReasons: true }, bare: { explain: false } } as const;
type Mode = keyof typeof MODES;
function rate(mode: Mode, ms: number): { wall: number; cpu: number } {
  const opts = MODES[mode];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  while (performance.now() - t0 < ms) {
    for (const t of typical) analyzeWith(models, t, { channel: 'instagram_comment' }, opts);
    n += typical.length;
  }
  const c = process.cpuUsage(c0);
  return { wall: n / ((performance.now() - t0) / 1000), cpu: n / ((c.user + c.system) / 1e6) };
}
/** a pass over the texts (after JIT warm-up) with empty token/word caches: every word's features computed anew */
function coldRate(mode: Mode): number {
  clearLanguageCaches();
  const c0 = process.cpuUsage();
  for (const t of typical) analyzeWith(models, t, { channel: 'instagram_comment' }, MODES[mode]);
  const c = process.cpuUsage(c0);
  return typical.length / ((c.user + c.system) / 1e6);
}
log('speed');
for (let i = 0; i < 2; i++) for (const m of Object.keys(MODES) as Mode[]) rate(m, 300);
const coldFull = coldRate('full');
const coldDeferred = coldRate('deferred');
const runs = quick ? 3 : 7;
const measured: Record<Mode, { wall: number; cpu: number }[]> = { full: [], deferred: [], bare: [] };
for (let r = 0; r < runs; r++) for (const m of Object.keys(MODES) as Mode[]) measured[m].push(rate(m, quick ? 800 : 1500));
const med = (m: Mode, k: 'wall' | 'cpu'): number => Math.round(median(measured[m].map((r) => r[k])));
const speed = {
  messages_per_cpu_s_full: med('full', 'cpu'),
  messages_per_cpu_s_deferred_reasons: med('deferred', 'cpu'),
  messages_per_cpu_s_without_mengapa: med('bare', 'cpu'),
  messages_per_s_full: med('full', 'wall'),
  messages_per_s_deferred_reasons: med('deferred', 'wall'),
  messages_per_s_without_mengapa: med('bare', 'wall'),
  messages_per_cpu_s_full_cold_caches: Math.round(coldFull),
  messages_per_cpu_s_deferred_cold_caches: Math.round(coldDeferred),
  cpu_runs: Object.fromEntries((Object.keys(MODES) as Mode[]).map((m) => [m, measured[m].map((r) => Math.round(r.cpu))])),
  runs,
  simd: models.fused.kernel !== null,
  message_chars: 150,
  note: 'one thread; full = all five tasks + alternatives + PII + "mengapa" reasons; deferred_reasons = the same with the reasons left for later ({ deferReasons: true }, what the inbox stores per message); without_mengapa = { explain: false }; medians of runs over the 900 dev texts cycled (~150 chars); per-cpu-s = per second of this process\'s CPU time; cold = one pass with empty word caches; the machine is shared, numbers vary run to run',
};
const rssAfter = process.memoryUsage().rss - rss0;

// ---- the same against another version of the module, alternately --------------------------------------------------
const vsArg = process.argv.find((a) => a.startsWith('--vs='));
let versus: Record<string, unknown> | null = null;
if (vsArg) {
  const dir = vsArg.slice(5);
  log(`versus ${dir}`);
  const other = (await import(join(dir, 'analyze.ts'))) as typeof import('../src/modules/language/analyze.ts');
  const otherModels = other.loadModels(join(dir, 'models'));
  /** CPU µs per message of one run of ~300 ms */
  const us = (fn: typeof analyzeWith, m: typeof models, opts: object): number => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 300) {
      for (const t of typical) fn(m, t, { channel: 'instagram_comment' }, opts);
      n += typical.length;
    }
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / n;
  };
  const rounds = quick ? 6 : 16;
  versus = { module: dir, rounds, note: 'CPU µs per message, medians; each round runs the other module, then this one (order alternates); an option the other module does not know (deferReasons) makes it run its full analysis' };
  for (const mode of Object.keys(MODES) as Mode[]) {
    const opts = MODES[mode];
    for (let w = 0; w < 2; w++) {
      us(other.analyzeWith as typeof analyzeWith, otherModels as typeof models, opts);
      us(analyzeWith, models, opts);
    }
    const a: number[] = [];
    const b: number[] = [];
    const ratio: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let x: number;
      let y: number;
      if (r % 2 === 0) {
        x = us(other.analyzeWith as typeof analyzeWith, otherModels as typeof models, opts);
        y = us(analyzeWith, models, opts);
      } else {
        y = us(analyzeWith, models, opts);
        x = us(other.analyzeWith as typeof analyzeWith, otherModels as typeof models, opts);
      }
      a.push(x);
      b.push(y);
      ratio.push(x / y);
    }
    const r2 = (v: number): number => Math.round(v * 100) / 100;
    versus[mode] = { other_us: r2(median(a)), this_us: r2(median(b)), other_per_cpu_s: Math.round(1e6 / median(a)), this_per_cpu_s: Math.round(1e6 / median(b)), speedup: r2(median(ratio)) };
  }
}

// ---- PII recall on aduan-sumbar dev ------------------------------------------------------------------------------
const piiStats: Record<string, { found: number; total: number; recall: number }> = {};
for (const line of readFileSync(join(D, 'aduan-sumbar/dev.jsonl'), 'utf8').trim().split('\n')) {
  const r = JSON.parse(line) as { text: string; pii: { type: string; value: string }[] };
  const spans = detectPii(r.text);
  for (const g of r.pii) {
    const s = (piiStats[g.type] ??= { found: 0, total: 0, recall: 0 });
    s.total++;
    const at = r.text.indexOf(g.value);
    if (spans.some((p) => p.type === g.type && p.start < at + g.value.length && at < p.end)) s.found++;
  }
}
for (const s of Object.values(piiStats)) s.recall = Math.round((s.found / s.total) * 1000) / 1000;

// ---- sentiment benchmarks: our learner vs fastText on the same splits -------------------------------------------
function ours(train: Example[], valid: Example[]): { macro_f1: number; accuracy: number } {
  const labels = [...new Set(train.map((e) => e.label))].sort();
  const li = new Map(labels.map((l, i) => [l, i]));
  const h = fitHead(featurize(train), Int32Array.from(train, (e) => li.get(e.label)!), labels.length, DEFAULT_ALGO, 42);
  const p = argmaxRows(scoreRows(featurize(valid), h, DEFAULT_ALGO.gw), labels.length);
  const r = evaluate('s', valid.map((e) => e.label), Array.from(p, (i) => labels[i]!));
  return { macro_f1: r1(r.macro_f1 * 100), accuracy: r1(r.accuracy * 100) };
}

const ftBin = spawnSync('fasttext', [], { encoding: 'utf8' }).error ? null : 'fasttext';
const tmp = mkdtempSync(join(tmpdir(), 'bench-lang-'));
const ftLine = (e: Example): string => `__label__${e.label} ${e.text.replace(/\s+/g, ' ').toLowerCase()}`;
function fasttext(name: string, train: Example[], valid: Example[]): Record<string, unknown> {
  if (!ftBin) return { status: 'not installed (apt-get install fasttext)' };
  const tr = join(tmp, `${name}.train`);
  const va = join(tmp, `${name}.valid`);
  writeFileSync(tr, train.map(ftLine).join('\n') + '\n');
  writeFileSync(va, valid.map(ftLine).join('\n') + '\n');
  const model = join(tmp, name);
  const vt = join(tmp, `${name}.valid.txt`);
  writeFileSync(vt, valid.map((e) => e.text.replace(/\s+/g, ' ').toLowerCase()).join('\n') + '\n');
  // small grid tuned on valid (fastText's -autotune can run far past its duration on one thread)
  let best: { f1: number; acc: number; args: string } = { f1: -1, acc: 0, args: '' };
  const grid = quick ? [[25, 0.5, 2]] : [[5, 0.5, 1], [25, 0.1, 1], [25, 0.5, 1], [25, 0.5, 2], [50, 0.5, 2], [25, 1.0, 2]];
  for (const [epoch, lr, ng] of grid) {
    const args = ['supervised', '-input', tr, '-output', model, '-epoch', String(epoch), '-lr', String(lr), '-wordNgrams', String(ng), '-minn', '3', '-maxn', '5', '-dim', '50', '-bucket', '200000', '-thread', '1', '-verbose', '0'];
    execFileSync(ftBin, args, { stdio: 'ignore', timeout: 600_000 });
    const out = execFileSync(ftBin, ['predict', `${model}.bin`, vt], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n');
    const pred = out.map((l) => l.replace('__label__', '').trim());
    const r = evaluate('s', valid.map((e) => e.label), pred);
    if (r.macro_f1 > best.f1) best = { f1: r.macro_f1, acc: r.accuracy, args: `epoch ${epoch}, lr ${lr}, wordNgrams ${ng}, char 3-5, dim 50` };
  }
  const r = { macro_f1: best.f1, accuracy: best.acc };
  const duration = best.args;
  return { macro_f1: r1(r.macro_f1 * 100), accuracy: r1(r.accuracy * 100), tuned: `grid on valid, best: ${duration}` };
}

function ftSpeed(): Record<string, unknown> {
  if (!ftBin) return { status: 'not installed' };
  const tr = join(tmp, 'speed.train');
  const rows = readExamples(join(D, 'aduan-sumbar/dev.jsonl'), { field: 'intent' });
  writeFileSync(tr, rows.map(ftLine).join('\n') + '\n');
  const model = join(tmp, 'speed');
  execFileSync(ftBin, ['supervised', '-input', tr, '-output', model, '-wordNgrams', '2', '-minn', '3', '-maxn', '5', '-dim', '50', '-bucket', '200000', '-thread', '1', '-verbose', '0'], { stdio: 'ignore', timeout: 600_000 });
  const big = join(tmp, 'speed.txt');
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) for (const t of typical) lines.push(t.replace(/\s+/g, ' ').toLowerCase());
  writeFileSync(big, lines.join('\n') + '\n');
  const t0 = performance.now();
  execFileSync(ftBin, ['predict', `${model}.bin`, big], { stdio: ['ignore', 'ignore', 'ignore'] });
  const s = (performance.now() - t0) / 1000;
  const perTask = Math.round(lines.length / s);
  return { messages_per_s_one_task: perTask, messages_per_s_five_tasks: Math.round(perTask / 5), note: 'native fastText predict (word 1-2 grams, char 3-5 grams), includes process start and file I/O' };
}

const nusax: Record<string, unknown> = {};
let smsa: Record<string, unknown> = { status: 'skipped (--speed-only)' };
let ftPredict: Record<string, unknown> = { status: 'skipped (--speed-only)' };
if (!speedOnly) {
  for (const [lang, code] of [['indonesian', 'ind'], ['minangkabau', 'min']] as const) {
    log(`NusaX ${lang}`);
    const train = readExamples(join(D, `nusax-senti/${lang}/train.csv`), { field: 'label' });
    const valid = readExamples(join(D, `nusax-senti/${lang}/valid.csv`), { field: 'label' });
    nusax[code] = { split: 'valid (100)', dayung: ours(train, valid), fasttext: fasttext(`nusax-${code}`, train, valid) };
  }
  log('SmSA');
  const smsaTrain = readExamples(join(D, 'indonlu-smsa/train.tsv'), { field: 'label' });
  const smsaValid = readExamples(join(D, 'indonlu-smsa/valid.tsv'), { field: 'label' });
  smsa = { split: 'valid (1260)', dayung: ours(smsaTrain, smsaValid), fasttext: quick ? { status: 'skipped (--quick)' } : fasttext('smsa', smsaTrain, smsaValid) };
  log('fastText speed');
  ftPredict = ftSpeed();
}

const manifest = JSON.parse(readFileSync(join(MODELS_DIR, 'manifest.json'), 'utf8')) as { version: string; tasks: Record<string, { metrics?: unknown; bytes?: number }> };
const cv: Record<string, unknown> = {};
let bytes = 0;
for (const [t, v] of Object.entries(manifest.tasks)) {
  cv[t] = v.metrics;
  bytes += v.bytes ?? 0;
}

const result = {
  benchmark: 'language',
  modelVersion: models.version,
  load_ms: Math.round(models.loadMs),
  models_resident_mb: Math.round(rssModels / 1e6),
  models_and_caches_resident_mb_after_speed_runs: Math.round(rssAfter / 1e6),
  model_files_mb: Math.round(bytes / 1e5) / 10,
  speed,
  versus,
  fasttext_predict: ftPredict,
  pii_recall_aduan_dev: piiStats,
  sentiment_nusax: nusax,
  sentiment_smsa: smsa,
  aduan_dev_cv: cv,
};
process.stdout.write(JSON.stringify(result) + '\n');
