// Fixed-window counters used by every fake for its rate limits.
import type { RateLimitRule } from './types.ts';

export interface WindowState {
  count: number;
  windowStart: number;
}

export interface LimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  used: number;
  /** unix ms when the window resets */
  resetAt: number;
  /** percent of the window's budget used (0..100+) */
  percent: number;
}

export class Limiter {
  private readonly windows = new Map<string, WindowState>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  private current(key: string, rule: RateLimitRule): WindowState {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now >= w.windowStart + rule.windowMs) {
      w = { count: 0, windowStart: now };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Counts one call (cost units) when allowed; a refused call is not counted. */
  hit(key: string, rule: RateLimitRule, cost = 1): LimitResult {
    const w = this.current(key, rule);
    const allowed = w.count + cost <= rule.limit;
    if (allowed) w.count += cost;
    return this.result(w, rule, allowed);
  }

  peek(key: string, rule: RateLimitRule): LimitResult {
    const w = this.current(key, rule);
    return this.result(w, rule, w.count < rule.limit);
  }

  /** Marks a window as exhausted (used by 429 storms and tests). */
  exhaust(key: string, rule: RateLimitRule): void {
    const w = this.current(key, rule);
    w.count = rule.limit;
  }

  reset(): void {
    this.windows.clear();
  }

  private result(w: WindowState, rule: RateLimitRule, allowed: boolean): LimitResult {
    return {
      allowed,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - w.count),
      used: w.count,
      resetAt: w.windowStart + rule.windowMs,
      percent: rule.limit > 0 ? Math.min(100, Math.round((w.count / rule.limit) * 100)) : 100,
    };
  }
}
