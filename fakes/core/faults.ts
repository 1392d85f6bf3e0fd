// Fault switches: latency, transient 5xx, rate-limit storms, timeouts and dropped connections,
// globally or per platform, random (seeded) or deterministic (failNext).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FakeState } from './state.ts';
import type { FaultKind, FaultSpec, Platform } from './types.ts';

export interface FaultShapes {
  serverError(reply: FastifyReply): FastifyReply;
  rateLimited(reply: FastifyReply, retryAfterSec: number): FastifyReply;
}

export interface FaultOutcome {
  consumed: boolean;
  fault?: string;
}

function matches(spec: FaultSpec | undefined, path: string): spec is FaultSpec {
  if (!spec) return false;
  if (!spec.pathPattern) return true;
  try {
    return new RegExp(spec.pathPattern).test(path);
  } catch {
    return false;
  }
}

function takeFailNext(spec: FaultSpec): FaultKind | null {
  if (!spec.failNext || spec.failNext.count <= 0) return null;
  const kind = spec.failNext.kind;
  spec.failNext.count -= 1;
  if (spec.failNext.count <= 0) delete spec.failNext;
  return kind;
}

export function decideFault(state: FakeState, platform: Platform, path: string): { latency: number; kind: FaultKind | null; retryAfterSec: number; holdMs: number } {
  const specs = [state.config.faults.platforms?.[platform], state.config.faults.global].filter((s) => matches(s, path));
  let latency = 0;
  let kind: FaultKind | null = null;
  let retryAfterSec = 0;
  let holdMs = 30_000;
  for (const spec of specs) {
    if (spec.latencyMs !== undefined && latency === 0) {
      latency = Array.isArray(spec.latencyMs) ? state.rng.int(spec.latencyMs[0], spec.latencyMs[1]) : spec.latencyMs;
    }
    if (spec.retryAfterSec !== undefined && retryAfterSec === 0) retryAfterSec = spec.retryAfterSec;
    if (spec.timeoutHoldMs !== undefined) holdMs = spec.timeoutHoldMs;
  }
  for (const spec of specs) {
    if (kind) break;
    kind = takeFailNext(spec);
    if (kind) break;
    if (spec.rateLimitUntil !== undefined && state.now() < spec.rateLimitUntil) {
      kind = '429';
      if (retryAfterSec === 0) retryAfterSec = Math.max(1, Math.ceil((spec.rateLimitUntil - state.now()) / 1000));
      break;
    }
    if (state.rng.chance(spec.dropRate ?? 0)) kind = 'drop';
    else if (state.rng.chance(spec.timeoutRate ?? 0)) kind = 'timeout';
    else if (state.rng.chance(spec.rateLimitRate ?? 0)) kind = '429';
    else if (state.rng.chance(spec.errorRate ?? 0)) kind = '5xx';
  }
  return { latency, kind, retryAfterSec: retryAfterSec || 5, holdMs };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Applies the switches to one request; returns consumed=true when the fault answered (or killed) it. */
export async function applyFaults(
  state: FakeState,
  platform: Platform,
  path: string,
  req: FastifyRequest,
  reply: FastifyReply,
  shapes: FaultShapes,
): Promise<FaultOutcome> {
  // switches match the full request path (e.g. /graph/v23.0/123/feed, /2/tweets, /youtube/v3/commentThreads)
  void path;
  const d = decideFault(state, platform, (req.raw.url ?? '/').split('?')[0] ?? '/');
  if (d.latency > 0) await sleep(d.latency);
  switch (d.kind) {
    case null:
      return { consumed: false };
    case '5xx':
      shapes.serverError(reply);
      return { consumed: true, fault: '5xx' };
    case '429':
      shapes.rateLimited(reply, d.retryAfterSec);
      return { consumed: true, fault: '429' };
    case 'drop':
      reply.hijack();
      req.raw.socket.destroy();
      return { consumed: true, fault: 'drop' };
    case 'timeout': {
      reply.hijack();
      const socket = req.raw.socket;
      state.later(d.holdMs, () => socket.destroy());
      return { consumed: true, fault: 'timeout' };
    }
  }
}
