// `npm test`: type checking, then the three test tiers (unit, integration on a real PostgreSQL,
// e2e in a real browser), each in its own vitest run; ends with one closing line
// "tests: N passed, N failed". Pick tiers with `npm test -- unit integration`;
// DATABASE_URL points the integration and e2e tiers at an external PostgreSQL server.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TIERS = ['typecheck', 'unit', 'integration', 'e2e'] as const;
type Tier = (typeof TIERS)[number];

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const bad = asked.filter((a) => !(TIERS as readonly string[]).includes(a));
if (bad.length) {
  console.error(`unknown tier(s): ${bad.join(', ')}; choose from ${TIERS.join(', ')}`);
  process.exit(2);
}
const tiers: Tier[] = asked.length ? (asked as Tier[]) : [...TIERS];
const bin = (name: string) => path.resolve('node_modules/.bin', name);
const totalsFile = path.join(tmpdir(), `dayung-test-totals-${process.pid}.jsonl`);
const env = { ...process.env, DAYUNG_TEST_TOTALS: totalsFile, FORCE_COLOR: process.env['CI'] ? '0' : (process.env['FORCE_COLOR'] ?? '1') };
const failedSteps: string[] = [];
const started = Date.now();

function tierFailures(): number {
  if (!existsSync(totalsFile)) return -1;
  const lines = readFileSync(totalsFile, 'utf8').split('\n').filter(Boolean);
  return lines.length ? (JSON.parse(lines.at(-1)!) as { failed: number }).failed : -1;
}

function run(label: string, cmd: string, args: string[], opts: { countsTests?: boolean } = {}): boolean {
  const t0 = Date.now();
  console.log(`\n── ${label} ${'─'.repeat(Math.max(0, 60 - label.length))}`);
  const linesBefore = existsSync(totalsFile) ? readFileSync(totalsFile, 'utf8').split('\n').filter(Boolean).length : 0;
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  let ok = r.status === 0;
  if (opts.countsTests) {
    // Trust the test counts too, not only the exit code: a run without a summary, or with failures, fails.
    const linesAfter = existsSync(totalsFile) ? readFileSync(totalsFile, 'utf8').split('\n').filter(Boolean).length : 0;
    if (linesAfter === linesBefore || tierFailures() !== 0) ok = false;
  }
  console.log(`── ${label}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (!ok) failedSteps.push(label);
  return ok;
}

for (const tier of tiers) {
  if (tier === 'typecheck') {
    run('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
    continue;
  }
  run(tier, bin('vitest'), ['run', '--project', tier], { countsTests: true });
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(totalsFile)) {
  for (const line of readFileSync(totalsFile, 'utf8').split('\n').filter(Boolean)) {
    const t = JSON.parse(line) as { passed: number; failed: number; skipped: number };
    passed += t.passed;
    failed += t.failed;
    skipped += t.skipped;
  }
  rmSync(totalsFile, { force: true });
}
// A step that failed without failing a test (type errors, a crash before tests ran) still fails the run.
failed += failedSteps.filter((s) => s === 'typecheck').length;
console.log(`\n${failedSteps.length ? `failed steps: ${failedSteps.join(', ')}` : 'all steps passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failedSteps.length ? 1 : 0);
