import type pg from 'pg';
import type { ParsedEvent, WebhookPlatform } from './webhooks/types.ts';

// Webhook intake: events from concurrent deliveries are committed together (group commit), each
// delivery's promise resolving only when its rows are durable, so the 2xx answer always follows
// the commit. One statement per batch inserts the rows, skips replays (unique platform +
// dedupe_key), resolves the owning account and OPD, and wakes the processing job.

export interface IntakeRow {
  platform: WebhookPlatform | 'youtube';
  event: ParsedEvent;
}

interface Pending {
  rows: IntakeRow[];
  resolve: (inserted: number) => void;
  reject: (err: unknown) => void;
}

export interface IntakeOptions {
  /** Largest number of rows in one INSERT. */
  maxBatchRows?: number;
  /** How many batches may be in flight at once (each on its own connection). */
  maxInFlight?: number;
}

const INSERT_SQL = `
  insert into inbound_event (platform, dedupe_key, external_account_id, kind, occurred_at, payload, unknown, account_id, org_id)
  select i.platform, i.dedupe_key, i.external_account_id, i.kind, i.occurred_at, i.payload, i.unknown, a.id, a.org_id
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[], $7::boolean[])
         as i(platform, dedupe_key, external_account_id, kind, occurred_at, payload, unknown)
    left join channel_account a
      on a.platform = i.platform and a.external_id = i.external_account_id and a.status <> 'disconnected'
  on conflict (platform, dedupe_key) do nothing`;

/** Wakes the processing job: coalesced (one pending job) and at most every WAKE_MS per process, so
 *  concurrent batches never queue on the same job row. A crash between commit and wake is covered
 *  by the minutely sweep (inbound_sweep) that enqueues processing whenever pending rows exist. */
const WAKE_SQL = `select graphile_worker.add_job('inbound_process', '{}'::json, job_key => 'inbound_process', job_key_mode => 'preserve_run_at')`;
const WAKE_MS = 200;

/** Strings PostgreSQL refuses (NUL in text and jsonb, lone surrogates in jsonb) become U+FFFD. */
function clean(v: unknown): unknown {
  if (typeof v === 'string') return v.toWellFormed().replaceAll('\u0000', '\uFFFD');
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [clean(k) as string, clean(x)]));
  return v;
}

const cleanText = (s: string) => s.replaceAll('\u0000', '\uFFFD');

export function toJsonb(payload: unknown): string {
  const s = JSON.stringify(payload ?? null);
  return /\\u0000|\\ud[89a-f]/i.test(s) ? JSON.stringify(clean(payload)) : s;
}

export class Intake {
  private readonly pool: pg.Pool;
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private readonly maxBatchRows: number;
  private readonly maxInFlight: number;

  constructor(pool: pg.Pool, opts: IntakeOptions = {}) {
    this.pool = pool;
    this.maxBatchRows = opts.maxBatchRows ?? 500;
    this.maxInFlight = opts.maxInFlight ?? 4;
  }

  /** Resolves with the number of rows that were new once they are committed. */
  submit(rows: IntakeRow[]): Promise<number> {
    if (!rows.length) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      const batch: Pending[] = [];
      let n = 0;
      while (this.queue.length && (n === 0 || n + this.queue[0]!.rows.length <= this.maxBatchRows)) {
        const p = this.queue.shift()!;
        batch.push(p);
        n += p.rows.length;
      }
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    // Within one statement a dedupe key may appear twice (a platform repeating itself in one
    // delivery, or two concurrent replays): keep the first, as the database would.
    const seen = new Set<string>();
    const cols: [string[], string[], (string | null)[], string[], (string | null)[], string[], boolean[]] = [[], [], [], [], [], [], []];
    for (const p of batch) {
      for (const { platform, event } of p.rows) {
        const key = `${platform}\u0000${event.dedupeKey}`;
        if (seen.has(key)) continue;
        seen.add(key);
        cols[0].push(platform);
        cols[1].push(cleanText(event.dedupeKey));
        cols[2].push(event.externalAccountId === null ? null : cleanText(event.externalAccountId));
        cols[3].push(cleanText(event.kind));
        cols[4].push(event.occurredAt ? event.occurredAt.toISOString() : null);
        cols[5].push(toJsonb(event.payload));
        cols[6].push(event.unknown);
      }
    }
    try {
      const result = await this.pool.query(INSERT_SQL, cols);
      const inserted = result.rowCount ?? 0;
      if (inserted > 0) this.wake();
      // Per-delivery counts are not needed by callers beyond "committed"; report the batch total.
      for (const p of batch) p.resolve(inserted);
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  private lastWake = 0;
  private wakeTimer: NodeJS.Timeout | null = null;

  private wake(): void {
    if (this.wakeTimer) return;
    const wait = Math.max(0, this.lastWake + WAKE_MS - Date.now());
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.lastWake = Date.now();
      this.pool.query(WAKE_SQL).catch(() => {
        /* the minutely sweep enqueues processing for anything left pending */
      });
    }, wait);
    this.wakeTimer.unref();
  }

  /** Waits for in-flight batches and a pending wake (graceful shutdown, tests). */
  async drain(): Promise<void> {
    while (this.inFlight > 0 || this.queue.length) await new Promise((r) => setTimeout(r, 5));
    if (this.wakeTimer) {
      clearTimeout(this.wakeTimer);
      this.wakeTimer = null;
      await this.pool.query(WAKE_SQL).catch(() => {});
    }
  }
}
