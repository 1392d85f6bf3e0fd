import type { ChannelPlatform } from '../../../platform/db/schema.ts';
import { ConnectorError, type HttpRequest, type HttpResponse } from './types.ts';

// The connectors' HTTP: fetch with a timeout, JSON or form bodies, and network failures mapped
// to error kinds. A request that may have reached the platform (timeout, reset after sending) is
// 'ambiguous' when it is not idempotent, so callers reconcile instead of sending it twice.

/** A Telegram bot token is part of its URLs: never shown in a message or a log. */
export function hideBotToken(text: string): string {
  return text.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<token>');
}

export function createHttp(platform: ChannelPlatform, opts: { defaultTimeoutMs?: number; fetchImpl?: typeof fetch } = {}) {
  const doFetch = opts.fetchImpl ?? fetch;
  return async function http(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: BodyInit | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.body !== undefined) {
      body = req.body as BodyInit;
    }
    const idempotent = req.method === 'GET' || req.method === 'PUT' || req.method === 'DELETE';
    const shownPath = hideBotToken(url.pathname);
    let res: Response;
    try {
      res = await doFetch(url, { method: req.method, headers, body, signal: AbortSignal.timeout(req.timeoutMs ?? opts.defaultTimeoutMs ?? 20_000), redirect: 'manual' });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const refusedBeforeSending = e.cause?.code === 'ECONNREFUSED' || e.cause?.code === 'ENOTFOUND' || e.cause?.code === 'EAI_AGAIN';
      const kind = idempotent || refusedBeforeSending ? 'transient' : 'ambiguous';
      throw new ConnectorError(kind, platform, `${req.method} ${shownPath}: ${e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message)}`);
    }
    if (req.binary && res.status >= 200 && res.status < 300) {
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > req.binary.maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        throw new ConnectorError('permanent', platform, `Berkas terlalu besar untuk diunduh (${declared} byte; maksimal ${req.binary.maxBytes}).`);
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      try {
        for await (const chunk of (res.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
          size += chunk.byteLength;
          if (size > req.binary.maxBytes) throw new ConnectorError('permanent', platform, `Berkas terlalu besar untuk diunduh (maksimal ${req.binary.maxBytes} byte).`);
          chunks.push(chunk);
        }
      } catch (err) {
        if (err instanceof ConnectorError) throw err;
        throw new ConnectorError('transient', platform, `${req.method} ${shownPath}: unduhan terputus`);
      }
      return { status: res.status, headers: res.headers, text: '', json: null, bytes: Buffer.concat(chunks) };
    }
    const text = await res.text().catch(() => '');
    let json: unknown = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest wait honoured in-process for a rate limit; longer ones are rethrown for the job to reschedule. */
  maxInlineWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 15_000, maxInlineWaitMs: 60_000 };

/** Exponential backoff with full jitter. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * cap);
}

/**
 * Runs a platform call, retrying transient failures with backoff and waiting out rate limits as the
 * platform asked. Auth, permanent, ambiguous and unsupported errors are never retried here.
 */
export async function withRetries<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ConnectorError)) throw err;
      const last = attempt + 1 >= policy.maxAttempts;
      if (err.kind === 'rate_limited') {
        const wait = err.retryAfterMs ?? backoffDelay(attempt, policy);
        if (last || wait > policy.maxInlineWaitMs) throw err;
        await sleep(wait);
        continue;
      }
      if (err.kind === 'transient' && !last) {
        await sleep(backoffDelay(attempt, policy));
        continue;
      }
      throw err;
    }
  }
}
