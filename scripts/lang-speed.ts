// Speed of analyze() on the dev texts cut/padded to ~150 chars, warm loop, one thread; median of several runs.
// Run: taskset -c 1 ./node_modules/.bin/node scripts/lang-speed.ts [runs] [ms-per-run]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
const mod = (await import(process.env.LANG_MODULE ?? '../src/modules/language/analyze.ts')) as typeof import('../src/modules/language/analyze.ts');
const { analyzeWith, loadModels } = mod;

const D = process.env.DAYUNG_SHARED_DATA ?? '../shared/data';
const runs = Number(process.argv[2] ?? 5);
const ms = Number(process.argv[3] ?? 1500);
const rss0 = process.memoryUsage().rss;
const models = loadModels();
const rss = process.memoryUsage().rss - rss0;
const texts = readFileSync(join(D, 'aduan-sumbar/dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);
const typical = texts.map((t, i) => (t.length >= 150 ? t.slice(0, 150) : (t + ' ' + texts[(i + 1) % texts.length]!).slice(0, 150)));
/** messages per second of wall time, and per second of this process's CPU time (robust to a shared machine) */
const cpuRates: Record<string, number[]> = { true: [], false: [] };
function rate(explain: boolean): number {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  while (performance.now() - t0 < ms) {
    for (const t of typical) analyzeWith(models, t, { channel: 'instagram_comment' }, { explain });
    n += typical.length;
  }
  const cu = process.cpuUsage(c0);
  cpuRates[String(explain)]!.push(n / ((cu.user + cu.system) / 1e6));
  return n / ((performance.now() - t0) / 1000);
}
const med = (a: number[]): number => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
for (let i = 0; i < 3; i++) { rate(true); rate(false); }
cpuRates.true = [];
cpuRates.false = [];
const full: number[] = [];
const noex: number[] = [];
for (let r = 0; r < runs; r++) {
  full.push(rate(true));
  noex.push(rate(false));
}
console.log(
  JSON.stringify({
    load_ms: Math.round(models.loadMs),
    rss_mb: Math.round(rss / 1e6),
    full: Math.round(med(full)),
    no_explain: Math.round(med(noex)),
    full_cpu: Math.round(med(cpuRates.true!)),
    no_explain_cpu: Math.round(med(cpuRates.false!)),
    fullRuns: full.map(Math.round),
    noexRuns: noex.map(Math.round),
  }),
);
