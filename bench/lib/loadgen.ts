// A small HTTP load generator, run as its own process so it has a core of its own:
// keep-alive connections, a fixed concurrency, a fixed duration; prints one JSON line.
// Usage: node bench/lib/loadgen.ts <module-with-makeRequest> <url> <concurrency> <seconds>
import http from 'node:http';

const [modulePath, target, concurrencyArg, secondsArg] = process.argv.slice(2);
const { makeRequest } = (await import(modulePath!)) as { makeRequest: (i: number) => { path: string; headers: Record<string, string>; body: string } };
const url = new URL(target!);
const concurrency = Number(concurrencyArg ?? 32);
const seconds = Number(secondsArg ?? 10);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let i = 0;
let errors = 0;
const start = performance.now();
const deadline = start + seconds * 1000;

function once(): Promise<void> {
  const req = makeRequest(i++);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const r = http.request(
      { host: url.hostname, port: url.port, path: req.path, method: 'POST', agent, headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) } },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
          resolve();
        });
      },
    );
    r.on('error', () => {
      errors++;
      resolve();
    });
    r.end(req.body);
  });
}

async function loop(): Promise<void> {
  while (performance.now() < deadline) await once();
}
await Promise.all(Array.from({ length: concurrency }, loop));
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, errors, statuses, seconds: elapsed, perSecond: latencies.length / elapsed, p50ms: pct(50), p90ms: pct(90), p99ms: pct(99), maxMs: latencies.at(-1) ?? 0 })}\n`,
);
agent.destroy();
