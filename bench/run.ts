// npm run bench -- [name ...]: runs the named benchmarks (all when none), each in its own process,
// each printing JSON. Names: the files in bench/ (without .ts) other than run.ts and *-request.ts.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('-request.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !all.includes(a));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`);
  process.exit(2);
}
let failed = false;
for (const name of asked.length ? asked : all) {
  console.error(`── bench ${name}`);
  const r = spawnSync(process.execPath, [path.join(dir, `${name}.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
