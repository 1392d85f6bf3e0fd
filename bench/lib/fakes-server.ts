// The fake platforms in a process of their own for a benchmark (platforms are remote: their work
// must not run on the event loop being measured). Options as JSON in BENCH_FAKES; prints
// {"url": …} once listening; stops on SIGTERM or when the parent's end of stdin closes.
import { startFakes, type FakesOptions } from '../../fakes/server.ts';

const opts = JSON.parse(process.env['BENCH_FAKES'] ?? '{}') as Partial<FakesOptions>;
const fakes = await startFakes({ port: 0, host: '127.0.0.1', seed: 'bench', ...opts });
process.stdout.write(`${JSON.stringify({ url: fakes.url })}\n`);
const stop = () => void fakes.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
// the benchmark holds our stdin: when it ends (even killed), so do we
process.stdin.on('end', stop).resume();
