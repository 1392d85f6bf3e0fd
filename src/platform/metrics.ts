import type { App } from './http/server.ts';
import client from 'prom-client';

// Prometheus metrics for the process: Node defaults plus HTTP request durations by route.
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

const httpDuration = new client.Histogram({
  name: 'dayung_http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const jobsProcessed = new client.Counter({
  name: 'dayung_jobs_total',
  help: 'Background jobs finished, by task and outcome',
  labelNames: ['task', 'outcome'] as const,
  registers: [registry],
});

export function httpMetrics(app: App): void {
  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}
