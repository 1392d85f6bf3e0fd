// Outgoing webhook deliveries: a bounded queue, per-platform retry schedules (scalable for tests),
// attempt timeouts, optional duplicates, an inspectable delivery log, and the verification
// handshakes the platforms initiate (Meta hub.challenge, X CRC).
import { createHmac, randomInt } from 'node:crypto';
import type { FakeState } from './state.ts';
import type { WebhookPlatform } from './types.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

function schedule(first: number[], every: number, maxAge: number): number[] {
  const out = first.slice();
  let total = out.reduce((a, b) => a + b, 0);
  while (total + every <= maxAge) {
    out.push(every);
    total += every;
  }
  return out;
}

/** Documented (or, where undocumented, plausible) retry delays after each failed attempt, in real time. */
export const DEFAULT_SCHEDULES: Record<WebhookPlatform, number[]> = {
  // Meta: "retried immediately, then less often over the next 36 hours", then dropped
  facebook: schedule([1 * S, 15 * S, M, 5 * M, 15 * M, 30 * M, H, 2 * H, 4 * H], 6 * H, 36 * H),
  instagram: schedule([1 * S, 15 * S, M, 5 * M, 15 * M, 30 * M, H, 2 * H, 4 * H], 6 * H, 36 * H),
  // WhatsApp: "retried with decreasing frequency for up to 7 days"
  whatsapp: schedule([1 * S, 15 * S, M, 5 * M, 15 * M, H, 2 * H, 4 * H, 8 * H], 12 * H, 7 * 24 * H),
  // X Account Activity: a few retries within minutes (not precisely documented for v2 webhooks)
  x: [10 * S, M, 4 * M],
  // Telegram: "give up after a reasonable amount of attempts"; updates are kept 24 h
  telegram: schedule([S, 2 * S, 4 * S, 8 * S, 16 * S, 32 * S, M, 2 * M, 5 * M, 10 * M, 30 * M], H, 24 * H),
  // TikTok: retried for up to 72 hours
  tiktok: schedule([10 * S, M, 5 * M, 30 * M, H, 2 * H, 4 * H, 8 * H], 12 * H, 72 * H),
};

/** Attempt timeouts (the platforms' documented answer deadlines). */
export const DEFAULT_TIMEOUTS: Record<WebhookPlatform, number> = {
  facebook: 20 * S,
  instagram: 20 * S,
  whatsapp: 20 * S,
  x: 10 * S,
  telegram: 60 * S,
  tiktok: 10 * S,
};

export type DeliveryStatus = 'queued' | 'in_flight' | 'retry_wait' | 'delivered' | 'abandoned' | 'dropped' | 'cancelled';

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
  ms: number;
  responseSnippet?: string;
}

export interface DeliveryRequest {
  platform: WebhookPlatform;
  url: string;
  body: string;
  headers: Record<string, string>;
  /** what the delivery carries: 'feed', 'messages', 'update', 'post.publish.complete'... */
  kind: string;
  accountId?: string;
  eventIds?: string[];
  /** free-form grouping key, e.g. "telegram:<botId>" (used by cancel) */
  group?: string;
  timeoutMs?: number;
  onDelivered?: () => void;
  onAbandoned?: () => void;
  onAttemptFailed?: (d: Delivery) => void;
}

export interface Delivery {
  id: string;
  platform: WebhookPlatform;
  url: string;
  kind: string;
  accountId?: string;
  eventIds: string[];
  group?: string;
  body: string;
  headers: Record<string, string>;
  status: DeliveryStatus;
  createdAt: string;
  attempts: DeliveryAttempt[];
  nextAttemptAt?: string;
  duplicateOf?: string;
  reason?: string;
}

export type DeliveryView = Omit<Delivery, 'body'> & { body?: string };

interface Internal {
  d: Delivery;
  req: DeliveryRequest;
  firstFailureAt?: number;
}

export function isLoopbackUrl(url: string): boolean {
  try {
    const u = new URL(url);
    const h = u.hostname.replace(/^\[|\]$/g, '');
    return h === '127.0.0.1' || h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
  } catch {
    return false;
  }
}

export class WebhookEngine {
  private readonly state: FakeState;
  private readonly all = new Map<string, Internal>();
  private readonly order: string[] = [];
  private readonly ready: Internal[] = [];
  private inFlight = 0;
  private seq = 0;
  private waiters: (() => void)[] = [];
  private readonly batches = new Map<string, { items: unknown[]; flush: (items: unknown[]) => void }>();
  private readonly aborts = new Set<AbortController>();
  stats = { enqueued: 0, delivered: 0, abandoned: 0, dropped: 0, attempts: 0, failedAttempts: 0, duplicates: 0 };

  constructor(state: FakeState) {
    this.state = state;
  }

  private pending = 0;

  /** deliveries waiting, in flight or waiting for a retry */
  pendingCount(filter?: (d: Delivery) => boolean): number {
    if (!filter) return this.pending;
    let n = 0;
    for (const i of this.all.values()) {
      if ((i.d.status === 'queued' || i.d.status === 'in_flight' || i.d.status === 'retry_wait') && (!filter || filter(i.d))) n++;
    }
    return n;
  }

  enqueue(req: DeliveryRequest, duplicateOf?: string): Delivery {
    const id = `dlv_${++this.seq}`;
    const d: Delivery = {
      id,
      platform: req.platform,
      url: req.url,
      kind: req.kind,
      eventIds: req.eventIds ?? [],
      body: req.body,
      headers: req.headers,
      status: 'queued',
      createdAt: this.state.iso(),
      attempts: [],
      ...(req.accountId === undefined ? {} : { accountId: req.accountId }),
      ...(req.group === undefined ? {} : { group: req.group }),
      ...(duplicateOf === undefined ? {} : { duplicateOf }),
    };
    const internal: Internal = { d, req };
    this.pending++;
    this.all.set(id, internal);
    this.order.push(id);
    this.stats.enqueued++;
    if (!req.url) {
      this.finish(internal, 'dropped', 'no webhook target configured');
      return d;
    }
    if (!this.state.config.webhooks.allowNonLoopback && !isLoopbackUrl(req.url)) {
      this.finish(internal, 'dropped', 'target is not a loopback address (webhooks.allowNonLoopback is off)');
      return d;
    }
    if (this.pending > this.state.config.webhooks.maxQueue) {
      this.finish(internal, 'dropped', 'delivery queue full');
      return d;
    }
    this.ready.push(internal);
    this.pump();
    return d;
  }

  /**
   * Collects items under `key` for `windowMs` (or until `max` items), then calls flush once with all of them.
   * With windowMs <= 0 flush runs at once with the single item.
   */
  batch<T>(key: string, windowMs: number, max: number, item: T, flush: (items: T[]) => void): void {
    if (windowMs <= 0) {
      flush([item]);
      return;
    }
    let b = this.batches.get(key);
    if (!b) {
      b = { items: [], flush: flush as (items: unknown[]) => void };
      this.batches.set(key, b);
      this.state.later(windowMs, () => this.flushBatch(key));
    }
    b.items.push(item);
    if (b.items.length >= max) this.flushBatch(key);
  }

  private flushBatch(key: string): void {
    const b = this.batches.get(key);
    if (!b) return;
    this.batches.delete(key);
    if (b.items.length > 0) b.flush(b.items);
  }

  flushAllBatches(): void {
    for (const key of [...this.batches.keys()]) this.flushBatch(key);
  }

  cancel(pred: (d: Delivery) => boolean, reason = 'cancelled'): number {
    let n = 0;
    for (const i of this.all.values()) {
      if ((i.d.status === 'queued' || i.d.status === 'retry_wait') && pred(i.d)) {
        const idx = this.ready.indexOf(i);
        if (idx !== -1) this.ready.splice(idx, 1);
        this.finish(i, 'cancelled', reason);
        n++;
      }
    }
    return n;
  }

  /** Runs every delivery that is waiting for a retry now (like advancing time past the backoff). */
  retryNow(): number {
    let n = 0;
    for (const i of this.all.values()) {
      if (i.d.status === 'retry_wait') {
        i.d.status = 'queued';
        delete i.d.nextAttemptAt;
        this.ready.push(i);
        n++;
      }
    }
    this.pump();
    return n;
  }

  /** Resolves when nothing is queued, in flight or waiting for a retry (or after timeoutMs). */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    this.flushAllBatches();
    const deadline = Date.now() + timeoutMs;
    while (this.pendingCount() > 0 || this.batches.size > 0) {
      if (Date.now() >= deadline) return false;
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.min(50, Math.max(1, deadline - Date.now()))).unref?.();
      });
    }
    return true;
  }

  list(filter: { platform?: string; status?: string; accountId?: string; kind?: string; limit?: number; since?: number; includeBody?: boolean } = {}): DeliveryView[] {
    const out: DeliveryView[] = [];
    const limit = filter.limit ?? 100;
    for (let k = this.order.length - 1; k >= 0 && out.length < limit; k--) {
      const id = this.order[k];
      if (id === undefined) continue;
      const i = this.all.get(id);
      if (!i) continue;
      const d = i.d;
      if (filter.since !== undefined && Number(d.id.slice(4)) <= filter.since) break;
      if (filter.platform && d.platform !== filter.platform) continue;
      if (filter.status && d.status !== filter.status) continue;
      if (filter.accountId && d.accountId !== filter.accountId) continue;
      if (filter.kind && d.kind !== filter.kind) continue;
      const { body, ...rest } = d;
      out.push(filter.includeBody === false ? rest : { ...rest, body });
    }
    return out.reverse();
  }

  get(id: string): Delivery | undefined {
    return this.all.get(id)?.d;
  }

  close(): void {
    for (const a of this.aborts) a.abort();
    this.aborts.clear();
    this.batches.clear();
    this.ready.length = 0;
    this.notify();
  }

  reset(): void {
    this.close();
    this.pending = 0;
    this.all.clear();
    this.order.length = 0;
    this.stats = { enqueued: 0, delivered: 0, abandoned: 0, dropped: 0, attempts: 0, failedAttempts: 0, duplicates: 0 };
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  private pump(): void {
    const max = Math.max(1, this.state.config.webhooks.concurrency);
    while (this.inFlight < max && this.ready.length > 0 && !this.state.closed) {
      const next = this.ready.shift();
      if (!next || next.d.status !== 'queued') continue;
      this.inFlight++;
      void this.attempt(next).finally(() => {
        this.inFlight--;
        this.pump();
        this.notify();
      });
    }
  }

  private schedules(platform: WebhookPlatform): { delays: number[]; scaled: boolean } {
    const explicit = this.state.config.webhooks.schedules[platform];
    if (explicit) return { delays: explicit, scaled: false };
    return { delays: DEFAULT_SCHEDULES[platform], scaled: true };
  }

  private async attempt(i: Internal): Promise<void> {
    const d = i.d;
    d.status = 'in_flight';
    const started = Date.now();
    const timeoutMs = i.req.timeoutMs ?? this.state.config.webhooks.timeoutMs ?? DEFAULT_TIMEOUTS[d.platform];
    const ac = new AbortController();
    this.aborts.add(ac);
    const timer = setTimeout(() => ac.abort(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    timer.unref?.();
    const attempt: DeliveryAttempt = { at: this.state.iso(), ms: 0 };
    let ok = false;
    this.stats.attempts++;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: d.headers,
        body: d.body,
        redirect: 'manual',
        signal: ac.signal,
      });
      const text = await res.text().catch(() => '');
      attempt.status = res.status;
      if (text) attempt.responseSnippet = text.slice(0, 200);
      ok = res.status >= 200 && res.status < 300;
    } catch (err) {
      const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
      attempt.error = ac.signal.aborted ? `timeout after ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err));
    } finally {
      clearTimeout(timer);
      this.aborts.delete(ac);
    }
    attempt.ms = Date.now() - started;
    d.attempts.push(attempt);
    if (this.state.closed) return;
    if (ok) {
      this.finish(i, 'delivered');
      if (!d.duplicateOf && this.state.rng.chance(this.state.config.webhooks.duplicateRate)) {
        this.stats.duplicates++;
        this.enqueue(i.req, d.id);
      }
      return;
    }
    this.stats.failedAttempts++;
    i.firstFailureAt ??= this.state.now();
    i.req.onAttemptFailed?.(d);
    if (d.status !== 'in_flight') return; // cancelled by the callback
    const { delays, scaled } = this.schedules(d.platform);
    const retryIndex = d.attempts.length - 1;
    const base = delays[retryIndex];
    if (base === undefined) {
      this.finish(i, 'abandoned', `gave up after ${d.attempts.length} attempts`);
      return;
    }
    const delay = scaled ? Math.round(base * this.state.config.webhooks.retryScale) : base;
    d.status = 'retry_wait';
    d.nextAttemptAt = new Date(Date.now() + delay).toISOString();
    this.state.later(delay, () => {
      if (d.status !== 'retry_wait') return;
      d.status = 'queued';
      delete d.nextAttemptAt;
      this.ready.push(i);
      this.pump();
    });
  }

  private finish(i: Internal, status: 'delivered' | 'abandoned' | 'dropped' | 'cancelled', reason?: string): void {
    const was = i.d.status;
    if (was === 'queued' || was === 'in_flight' || was === 'retry_wait') this.pending--;
    i.d.status = status;
    delete i.d.nextAttemptAt;
    if (reason) i.d.reason = reason;
    if (status === 'delivered') {
      this.stats.delivered++;
      i.req.onDelivered?.();
    } else if (status === 'abandoned') {
      this.stats.abandoned++;
      i.req.onAbandoned?.();
    } else if (status === 'dropped') {
      this.stats.dropped++;
      i.req.onAbandoned?.();
    }
    this.prune();
    this.notify();
  }

  private prune(): void {
    const max = this.state.config.webhooks.logSize;
    while (this.order.length > max) {
      const id = this.order[0];
      if (id === undefined) break;
      const i = this.all.get(id);
      if (i && (i.d.status === 'queued' || i.d.status === 'in_flight' || i.d.status === 'retry_wait')) break;
      this.order.shift();
      this.all.delete(id);
    }
  }
}

export interface HandshakeResult {
  ok: boolean;
  url: string;
  status?: number;
  error?: string;
  sent: string;
  received?: string;
}

/** Meta subscription verification: GET callback?hub.mode=subscribe&hub.challenge=N&hub.verify_token=T, expects 200 + challenge. */
export async function metaVerifyCallback(state: FakeState, callbackUrl: string, verifyToken: string): Promise<HandshakeResult> {
  const challenge = String(randomInt(100_000_000, 2_000_000_000));
  const u = new URL(callbackUrl);
  u.searchParams.set('hub.mode', 'subscribe');
  u.searchParams.set('hub.challenge', challenge);
  u.searchParams.set('hub.verify_token', verifyToken);
  return handshakeGet(state, u.toString(), challenge, (status, body) => status === 200 && body.trim() === challenge);
}

/** X CRC: GET url?crc_token=T, expects JSON {"response_token":"sha256=<base64 HMAC-SHA256(consumer_secret, T)>"} */
export async function xCrcCheck(state: FakeState, url: string, consumerSecret: string): Promise<HandshakeResult> {
  const crcToken = Buffer.from(state.ids.string(32)).toString('base64url');
  const expected = 'sha256=' + createHmac('sha256', consumerSecret).update(crcToken).digest('base64');
  const u = new URL(url);
  u.searchParams.set('crc_token', crcToken);
  return handshakeGet(state, u.toString(), crcToken, (status, body) => {
    if (status !== 200) return false;
    try {
      const parsed = JSON.parse(body) as { response_token?: unknown };
      return parsed.response_token === expected;
    } catch {
      return false;
    }
  });
}

async function handshakeGet(state: FakeState, url: string, sent: string, check: (status: number, body: string) => boolean): Promise<HandshakeResult> {
  if (!state.config.webhooks.allowNonLoopback && !isLoopbackUrl(url)) {
    return { ok: false, url, sent, error: 'target is not a loopback address' };
  }
  try {
    const res = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    const body = await res.text();
    return { ok: check(res.status, body), url, status: res.status, sent, received: body.slice(0, 500) };
  } catch (err) {
    return { ok: false, url, sent, error: err instanceof Error ? err.message : String(err) };
  }
}
