import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { DbOrTx } from '../../../platform/db/index.ts';
import * as pq from './queries.ts';

// A @fastify/rate-limit store on PostgreSQL (fixed windows in public_rate_limit), so that every web
// process counts against the same limit. Each route (child) gets its own namespace.

type Callback = (err: Error | null, res: { current: number; ttl: number }) => void;
/** What the plugin passes to a store: the merged options, with the route for route limits. */
type StoreOptions = { routeInfo?: { method?: string | string[]; url?: string }; nameSpace?: string };

export function pgRateStore(db: DbOrTx): FastifyRateLimitStoreCtor {
  let calls = 0;
  const ttlOf = (resetAt: Date) => Math.max(0, resetAt.getTime() - Date.now());
  class PgRateStore implements FastifyRateLimitStore {
    readonly ns: string;
    constructor(options: unknown) {
      const o = (options ?? {}) as StoreOptions;
      const method = Array.isArray(o.routeInfo?.method) ? o.routeInfo.method.join('|') : (o.routeInfo?.method ?? '');
      this.ns = o.nameSpace ?? (o.routeInfo?.url ? `${method} ${o.routeInfo.url}` : 'global');
    }
    incr(key: string, cb: Callback, timeWindow?: number): void {
      if (++calls % 500 === 0) void pq.sweepRateLimits(db).catch(() => {});
      pq.hit(db, `${this.ns}|${key}`, timeWindow ?? 60_000).then(
        (r) => cb(null, { current: r.hits, ttl: ttlOf(r.resetAt) }),
        (err: Error) => cb(err, { current: 0, ttl: 0 }),
      );
    }
    read(key: string, cb: Callback): void {
      pq.peek(db, `${this.ns}|${key}`).then(
        (r) => cb(null, r ? { current: r.hits, ttl: ttlOf(r.resetAt) } : { current: 0, ttl: 0 }),
        (err: Error) => cb(err, { current: 0, ttl: 0 }),
      );
    }
    child(routeOptions: unknown): FastifyRateLimitStore {
      return new PgRateStore(routeOptions);
    }
  }
  return PgRateStore as unknown as FastifyRateLimitStoreCtor;
}
