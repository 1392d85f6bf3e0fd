// The in-memory world of the fakes: clock, ids, tokens, limits, records and per-platform stores.
import { createRng, type Rng } from './rng.ts';
import { TokenStore } from './tokens.ts';
import { Limiter } from './limits.ts';
import { defaultConfig, type FakeConfig } from './config.ts';
import type { Platform, RecordEntry, RecordKind, RequestLogEntry } from './types.ts';
import type { MetaStore } from '../platforms/meta/store.ts';
import type { XStore } from '../platforms/x.ts';
import type { TelegramStore } from '../platforms/telegram.ts';
import type { YoutubeStore } from '../platforms/youtube.ts';
import type { TiktokStore } from '../platforms/tiktok.ts';
import type { WebhookEngine } from './webhooks.ts';

export class Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): number {
    this.offsetMs += ms;
    return this.now();
  }
  set(epochMs: number): number {
    this.offsetMs = epochMs - Date.now();
    return this.now();
  }
}

export class IdGen {
  private readonly counters = new Map<string, number>();
  private readonly rng: Rng;
  private readonly clock: Clock;
  private lastSnowflakeMs = 0;
  private snowflakeSeq = 0;

  constructor(rng: Rng, clock: Clock) {
    this.rng = rng;
    this.clock = clock;
  }

  counter(kind: string, start = 1): number {
    const n = this.counters.get(kind) ?? start;
    this.counters.set(kind, n + 1);
    return n;
  }

  /** numeric string id of `length` digits starting with `prefix`, unique per kind */
  numeric(kind: string, prefix: string, length: number): string {
    const n = String(this.counter(kind));
    const randomLen = Math.max(0, length - prefix.length - n.length - 1);
    return prefix + this.rng.digits(randomLen) + '0'.repeat(Math.max(0, length - prefix.length - randomLen - n.length)) + n;
  }

  /** X-style snowflake: increasing with time, 19 digits */
  snowflake(): string {
    const ms = Math.max(this.clock.now(), this.lastSnowflakeMs);
    if (ms === this.lastSnowflakeMs) this.snowflakeSeq++;
    else this.snowflakeSeq = 0;
    this.lastSnowflakeMs = ms;
    const twEpoch = 1288834974657n;
    const id = ((BigInt(ms) - twEpoch) << 22n) | (BigInt(this.rng.int(0, 31)) << 17n) | BigInt(this.snowflakeSeq & 0xfff);
    return id.toString();
  }

  string(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.rng.next() * alphabet.length)];
    return out;
  }

  hex(n: number): string {
    return this.string(n, '0123456789abcdef');
  }
}

export interface Timers {
  later(ms: number, fn: () => void): void;
  clearAll(): void;
}

export class FakeState {
  readonly config: FakeConfig;
  readonly clock = new Clock();
  rng: Rng;
  ids: IdGen;
  tokens: TokenStore;
  limiter: Limiter;
  records: RecordEntry[] = [];
  requests: RequestLogEntry[] = [];
  requestLogSize = 5000;
  private recordSeq = 0;
  private requestSeq = 0;
  private readonly timerHandles = new Set<ReturnType<typeof setTimeout>>();
  readonly seed: string;
  closed = false;
  /** OAuth: pre-selected subject for the next authorize request per platform */
  oauthNext = new Map<string, string>();

  // Filled in by server.ts once the platform modules are created.
  meta!: MetaStore;
  x!: XStore;
  telegram!: TelegramStore;
  youtube!: YoutubeStore;
  tiktok!: TiktokStore;
  webhooks!: WebhookEngine;

  constructor(seed: string, config?: FakeConfig) {
    this.seed = seed;
    this.config = config ?? defaultConfig();
    this.rng = createRng(seed);
    this.ids = new IdGen(this.rng.fork('ids'), this.clock);
    this.tokens = new TokenStore(this.rng.fork('tokens'), () => this.now());
    this.limiter = new Limiter(() => this.now());
  }

  now(): number {
    return this.clock.now();
  }

  nowSec(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  iso(ms: number = this.now()): string {
    return new Date(ms).toISOString();
  }

  /** Graph-style time: 2026-11-28T10:00:00+0000 */
  graphTime(ms: number = this.now()): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
  }

  record(entry: {
    platform: Platform;
    kind: RecordKind;
    accountId: string;
    objectId?: string;
    targetId?: string;
    text?: string;
    data?: Record<string, unknown>;
  }): RecordEntry {
    const rec: RecordEntry = {
      seq: ++this.recordSeq,
      at: this.iso(),
      platform: entry.platform,
      kind: entry.kind,
      accountId: entry.accountId,
      ...(entry.objectId === undefined ? {} : { objectId: entry.objectId }),
      ...(entry.targetId === undefined ? {} : { targetId: entry.targetId }),
      ...(entry.text === undefined ? {} : { text: entry.text }),
      data: entry.data ?? {},
    };
    this.records.push(rec);
    if (this.records.length > 100_000) this.records.splice(0, this.records.length - 100_000);
    return rec;
  }

  logRequest(entry: Omit<RequestLogEntry, 'seq' | 'at'>): void {
    this.requests.push({ seq: ++this.requestSeq, at: this.iso(), ...entry });
    if (this.requests.length > this.requestLogSize) this.requests.splice(0, this.requests.length - this.requestLogSize);
  }

  later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const h = setTimeout(() => {
      this.timerHandles.delete(h);
      if (!this.closed) fn();
    }, Math.max(0, ms));
    h.unref?.();
    this.timerHandles.add(h);
  }

  clearTimers(): void {
    for (const h of this.timerHandles) clearTimeout(h);
    this.timerHandles.clear();
  }

  /** Resets the world (not the configuration): fresh ids, tokens, records. Platform stores are recreated by server.ts. */
  resetCore(): void {
    this.clearTimers();
    this.rng = createRng(this.seed);
    this.ids = new IdGen(this.rng.fork('ids'), this.clock);
    this.tokens = new TokenStore(this.rng.fork('tokens'), () => this.now());
    this.limiter = new Limiter(() => this.now());
    this.records = [];
    this.requests = [];
    this.recordSeq = 0;
    this.requestSeq = 0;
    this.clock.offsetMs = 0;
  }
}
