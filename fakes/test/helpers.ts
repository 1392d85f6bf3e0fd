// Test helpers: start the fakes with fast timings, and a local webhook receiver that keeps the raw
// bodies and headers (and answers the Meta / X verification handshakes).
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { startFakes } from '../server.ts';
import type { FakesOptions, RunningFakes } from '../server.ts';
import { deepMerge } from '../core/config.ts';
import type { DeepPartial, FakeConfig } from '../core/config.ts';

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  json: unknown;
  at: number;
}

export type Responder = (r: Received, index: number) => number | { status: number; body?: string; delayMs?: number } | 'hang' | 'drop';

export interface Receiver {
  url: string;
  received: Received[];
  posts(platform?: string): Received[];
  respond: Responder;
  waitFor(pred: (all: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(opts: { respond?: Responder; verifyToken?: string; consumerSecret?: string } = {}): Promise<Receiver> {
  const received: Received[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const recv: Receiver = {
    url: '',
    received,
    respond: opts.respond ?? (() => 200),
    posts: (platform) => received.filter((r) => r.method === 'POST' && (!platform || r.path === `/webhooks/${platform}`)),
    async waitFor(pred, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(received)) {
        if (Date.now() > deadline) throw new Error(`receiver: condition not met in ${timeoutMs} ms (got ${received.length} requests)`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const raw = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        json = undefined;
      }
      const r: Received = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, raw, json, at: Date.now() };
      received.push(r);
      if (r.method === 'GET' && u.searchParams.get('hub.mode') === 'subscribe') {
        const ok = u.searchParams.get('hub.verify_token') === (opts.verifyToken ?? 'fake-meta-verify-token');
        res.writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' });
        res.end(ok ? (u.searchParams.get('hub.challenge') ?? '') : 'Forbidden');
        return;
      }
      if (r.method === 'GET' && u.searchParams.has('crc_token')) {
        const token = createHmac('sha256', opts.consumerSecret ?? 'fake-x-consumer-secret').update(u.searchParams.get('crc_token') ?? '').digest('base64');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ response_token: `sha256=${token}` }));
        return;
      }
      const answer = recv.respond(r, received.length - 1);
      if (answer === 'hang') return;
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      const a = typeof answer === 'number' ? { status: answer } : answer;
      const send = () => {
        res.writeHead(a.status, { 'content-type': 'text/plain' });
        res.end(a.body ?? (a.status < 300 ? 'EVENT_RECEIVED' : 'error'));
      };
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  recv.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return recv;
}

export const FAST: DeepPartial<FakeConfig> = {
  webhooks: {
    schedules: { facebook: [20, 40, 80], instagram: [20, 40, 80], whatsapp: [20, 40, 80], x: [20, 40, 80], telegram: [20, 40, 80], tiktok: [20, 40, 80] },
    timeoutMs: 1000,
  },
  processing: { igContainerMs: 60, fbVideoMs: 20, xMediaMs: 20, youtubeMs: 20, tiktokMs: 20, whatsappStatusMs: [10, 20, 30] },
  xStreamKeepAliveMs: 100,
  xCrcIntervalMs: 0,
};

export async function startTestFakes(opts: { webhookTarget?: string | null; config?: DeepPartial<FakeConfig> } & Omit<FakesOptions, 'config' | 'webhookTarget'> = {}): Promise<RunningFakes> {
  const config = structuredClone(FAST) as DeepPartial<FakeConfig>;
  if (opts.config) deepMerge(config as object, opts.config);
  return startFakes({ port: 0, seed: 'test', ...opts, config, webhookTarget: opts.webhookTarget ?? null });
}

export async function json(res: Response): Promise<any> {
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** Graph call with form-encoded body (POST) or query (GET/DELETE) */
export async function graph(base: string, method: string, path: string, params: Record<string, string> = {}, host = 'graph', version = 'v23.0'): Promise<{ status: number; body: any; headers: Headers }> {
  const url = new URL(`${base}/${host}/${version}${path}`);
  let body: URLSearchParams | undefined;
  if (method === 'GET' || method === 'DELETE') for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  else body = new URLSearchParams(params);
  const res = await fetch(url, { method, ...(body ? { body } : {}) });
  return { status: res.status, body: await json(res), headers: res.headers };
}
