// Runs the fake platforms standalone:
//   ./node_modules/.bin/node fakes/main.ts --port 4010 [--webhook-target http://127.0.0.1:3000]
//     [--demo | --demo-file ../shared/data/sumbar/opd.json] [--simulate 6] [--seed s] [--retry-scale 0.01]
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { startFakes } from './server.ts';
import type { DemoOpd } from './demo.ts';
import { startSimulator } from './citizens/simulator.ts';
import { ControlClient } from './control-client.ts';

const DEFAULT_DEMO: DemoOpd[] = [
  { code: 'KOMINFOTIK', name: 'Dinas Komunikasi, Informatika dan Statistik', handle: 'diskominfotik' },
  { code: 'DISDIK', name: 'Dinas Pendidikan' },
  { code: 'DINKES', name: 'Dinas Kesehatan' },
  { code: 'BMCKTR', name: 'Dinas Bina Marga, Cipta Karya dan Tata Ruang', handle: 'binamarga' },
  { code: 'BAPENDA', name: 'Badan Pendapatan Daerah' },
];

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.FAKES_PORT ?? '4010' },
    host: { type: 'string', default: process.env.FAKES_HOST ?? '127.0.0.1' },
    'webhook-target': { type: 'string', default: process.env.FAKES_WEBHOOK_TARGET },
    'public-url': { type: 'string' },
    seed: { type: 'string', default: 'dayung-fakes' },
    demo: { type: 'boolean', default: false },
    'demo-file': { type: 'string' },
    simulate: { type: 'string' },
    'retry-scale': { type: 'string' },
    logger: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('usage: node fakes/main.ts [--port 4010] [--host 127.0.0.1] [--webhook-target URL] [--demo | --demo-file opd.json] [--simulate ACTIONS_PER_MINUTE] [--seed S] [--retry-scale 0.01] [--logger]');
  process.exit(0);
}

let opds: DemoOpd[] | null = null;
if (values['demo-file']) {
  const parsed = JSON.parse(readFileSync(values['demo-file'], 'utf8')) as { opds?: { code: string; name: string }[] };
  opds = (parsed.opds ?? []).map((o) => ({ code: o.code, name: o.name }));
} else if (values.demo || values.simulate) {
  opds = DEFAULT_DEMO;
}

const fakes = await startFakes({
  port: Number(values.port),
  host: values.host,
  webhookTarget: values['webhook-target'] ?? null,
  seed: values.seed,
  logger: values.logger,
  ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
  ...(values['retry-scale'] ? { config: { webhooks: { retryScale: Number(values['retry-scale']) } } } : {}),
  ...(opds ? { demo: { opds } } : {}),
});

console.log(`fake platforms listening on ${fakes.url}`);
console.log(`  control API: ${fakes.url}/_fake/health   webhook target: ${fakes.state.config.webhookTarget ?? '(none)'}`);
if (fakes.demo) {
  for (const o of fakes.demo.opds) console.log(`  ${o.code}: ${o.accounts.map((a) => `${a.platform}=${a.username ?? a.id}`).join(' ')}`);
}

let stopSim: (() => Promise<void>) | null = null;
if (values.simulate && fakes.demo) {
  const sim = startSimulator({
    control: new ControlClient(fakes.url),
    accounts: fakes.demo.opds.flatMap((o) => o.accounts.map((a) => ({ platform: a.platform, accountId: a.id, opdCode: o.code }))),
    actionsPerMinute: Number(values.simulate),
    seed: values.seed,
  });
  stopSim = () => sim.stop();
  console.log(`  simulator: ${values.simulate} citizen actions per minute`);
}

const shutdown = async () => {
  await stopSim?.();
  await fakes.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
