// Typed client for the control API of the fakes (/_fake/...). Used by tests, the simulator and
// the product's demo mode. Only depends on fetch.
import type { AccountInfo, CreateAccountInput } from './accounts.ts';
import type { FakeConfig, DeepPartial } from './core/config.ts';
import type { FaultConfig, Platform, RecordEntry, RecordKind, RequestLogEntry } from './core/types.ts';
import type { DeliveryView, HandshakeResult } from './core/webhooks.ts';
import type { DemoInput, DemoWorld } from './demo.ts';
import type { InjectInput, InjectResult } from './inject.ts';

export type { AccountInfo, CreateAccountInput, DemoInput, DemoWorld, InjectInput, InjectResult, FaultConfig, RecordEntry, DeliveryView };

export class ControlError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface WebhookStats {
  enqueued: number;
  delivered: number;
  abandoned: number;
  dropped: number;
  attempts: number;
  failedAttempts: number;
  duplicates: number;
  pending: number;
}

export interface TokenView {
  value: string;
  family: string;
  kind: string;
  appId: string;
  subjectId: string;
  scopes: string[];
  status: 'ok' | 'expired' | 'revoked' | 'unknown';
  issuedAt: string;
  expiresAt: string | null;
  revoked: null | { at: number; reason: string; subcode?: number };
}

export interface AppsView {
  meta: { id: string; secret: string; name: string; kind: 'facebook' | 'instagram'; requireProof: boolean; humanAgent: boolean; redirectUris: string[]; default: boolean; subscriptions: { object: string; callbackUrl: string; verifyToken: string; fields: string[]; active: boolean }[] }[];
  x: { id: string; name: string; clientId: string; clientSecret: string; consumerKey: string; consumerSecret: string; bearerToken: string; redirectUris: string[]; default: boolean; webhooks: { id: string; url: string; valid: boolean; subscriptions: string[] }[] }[];
  youtube: { clientId: string; clientSecret: string; apiKey: string; projectNumber: string; redirectUris: string[]; testing: boolean; default: boolean; quota: { day: string; units: number; uploads: number } }[];
  tiktok: { clientKey: string; clientSecret: string; name: string; audited: boolean; redirectUris: string[]; webhookUrl: string | null; default: boolean }[];
}

export class ControlClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, opts: { timeoutMs?: number } = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  private async call<T>(method: string, path: string, body?: unknown, query?: Record<string, string | number | boolean | undefined>): Promise<T> {
    const u = new URL(`${this.baseUrl}/_fake${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    const res = await fetch(u, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new ControlError(res.status, (parsed as { error?: string } | undefined)?.error ?? `HTTP ${res.status}`);
    return parsed as T;
  }

  health(): Promise<{ ok: boolean; url: string; now: string; platforms: Platform[] }> {
    return this.call('GET', '/health');
  }
  config(): Promise<FakeConfig> {
    return this.call('GET', '/config');
  }
  patchConfig(patch: DeepPartial<FakeConfig>): Promise<FakeConfig> {
    return this.call('PATCH', '/config', patch);
  }
  setWebhookTarget(url: string | null): Promise<FakeConfig> {
    return this.call('PATCH', '/config', { webhookTarget: url });
  }
  faults(): Promise<FaultConfig> {
    return this.call('GET', '/faults');
  }
  setFaults(faults: FaultConfig): Promise<FaultConfig> {
    return this.call('PUT', '/faults', faults);
  }
  patchFaults(faults: FaultConfig): Promise<FaultConfig> {
    return this.call('PATCH', '/faults', faults);
  }
  clearFaults(): Promise<FaultConfig> {
    return this.call('DELETE', '/faults');
  }
  reset(): Promise<{ ok: true }> {
    return this.call('POST', '/reset', {});
  }
  clock(): Promise<{ now: string; offsetMs: number }> {
    return this.call('GET', '/clock');
  }
  advanceClock(ms: number): Promise<{ now: string; offsetMs: number }> {
    return this.call('POST', '/clock', { advanceMs: ms });
  }
  setClock(at: string | number): Promise<{ now: string; offsetMs: number }> {
    return this.call('POST', '/clock', { set: at });
  }
  apps(): Promise<AppsView> {
    return this.call('GET', '/apps');
  }
  createApp(input: { platform: 'meta' | 'instagram' | 'x' | 'youtube' | 'tiktok' } & Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.call('POST', '/apps', input);
  }
  patchApp(platform: 'meta' | 'instagram' | 'x' | 'youtube' | 'tiktok', id: string, patch: Record<string, unknown>): Promise<AppsView> {
    return this.call('PATCH', `/apps/${platform}/${encodeURIComponent(id)}`, patch);
  }
  accounts(platform?: Platform): Promise<AccountInfo[]> {
    return this.call('GET', '/accounts', undefined, { platform });
  }
  account(platform: Platform, id: string): Promise<AccountInfo> {
    return this.call('GET', `/accounts/${platform}/${encodeURIComponent(id)}`);
  }
  accountContent(platform: Platform, id: string): Promise<{ id: string; text: string; createdAt: string }[]> {
    return this.call('GET', `/accounts/${platform}/${encodeURIComponent(id)}/content`);
  }
  createAccount(input: CreateAccountInput): Promise<AccountInfo> {
    return this.call('POST', '/accounts', input);
  }
  demo(input: DemoInput): Promise<DemoWorld> {
    return this.call('POST', '/demo', input);
  }
  token(token: string): Promise<TokenView> {
    return this.call('GET', `/tokens/${encodeURIComponent(token)}`);
  }
  issueToken(input: { platform: Platform; accountId: string; scopes?: string[]; ttlSec?: number | null }): Promise<{ token: string; expiresAt: string | null; scopes: string[] }> {
    return this.call('POST', '/tokens', input);
  }
  revokeToken(token: string, opts: { reason?: string; subcode?: number; includePaired?: boolean } = {}): Promise<{ ok: true }> {
    return this.call('POST', '/tokens/revoke', { token, ...opts });
  }
  expireToken(token: string): Promise<{ ok: true; expiresAt: string }> {
    return this.call('POST', '/tokens/expire', { token });
  }
  /** The next OAuth authorize request of the platform logs in as this subject (FB user id, IG user id, X user id, channel id, open_id). */
  nextOAuthLogin(platform: 'facebook' | 'instagram' | 'x' | 'youtube' | 'tiktok', subjectId: string): Promise<{ ok: true }> {
    return this.call('POST', '/oauth/next', { platform, subjectId });
  }
  inject(input: InjectInput): Promise<InjectResult> {
    return this.call('POST', '/inject', input);
  }
  records(filter: { platform?: Platform; kind?: RecordKind; accountId?: string; sinceSeq?: number; limit?: number } = {}): Promise<RecordEntry[]> {
    return this.call('GET', '/records', undefined, filter);
  }
  requests(filter: { platform?: string; status?: number; limit?: number } = {}): Promise<RequestLogEntry[]> {
    return this.call('GET', '/requests', undefined, filter);
  }
  deliveries(filter: { platform?: string; status?: string; accountId?: string; kind?: string; sinceId?: string; limit?: number; body?: boolean } = {}): Promise<DeliveryView[]> {
    return this.call('GET', '/webhooks/deliveries', undefined, { ...filter, body: filter.body === undefined ? undefined : filter.body ? '1' : '0' });
  }
  delivery(id: string): Promise<DeliveryView> {
    return this.call('GET', `/webhooks/deliveries/${encodeURIComponent(id)}`);
  }
  webhookStats(): Promise<WebhookStats> {
    return this.call('GET', '/webhooks/stats');
  }
  drainWebhooks(timeoutMs = 10_000): Promise<{ drained: boolean; pending: number }> {
    return this.call('POST', '/webhooks/drain', { timeoutMs });
  }
  retryWebhooksNow(): Promise<{ count: number }> {
    return this.call('POST', '/webhooks/retry-now', {});
  }
  /** Runs the verification handshake the platform initiates (Meta hub.challenge GET, X CRC GET). */
  verifyWebhooks(platform: 'facebook' | 'instagram' | 'whatsapp' | 'x', appId?: string): Promise<{ results: (HandshakeResult & { appId?: string })[] }> {
    return this.call('POST', '/webhooks/verify', { platform, ...(appId ? { appId } : {}) });
  }
  disconnectXStreams(): Promise<{ disconnected: number }> {
    return this.call('POST', '/x/streams/disconnect', {});
  }
  revokeTelegramBotToken(botId: string | number): Promise<{ token: string }> {
    return this.call('POST', `/telegram/${botId}/revoke`, {});
  }
  setYoutubeVideo(videoId: string, patch: { commentsDisabled?: boolean }): Promise<{ id: string; commentsDisabled: boolean }> {
    return this.call('POST', `/youtube/videos/${encodeURIComponent(videoId)}`, patch);
  }
  setWhatsappContact(phoneId: string, waId: string, patch: { blocked?: boolean; lastInboundAt?: string | number }): Promise<Record<string, unknown>> {
    return this.call('POST', `/whatsapp/${encodeURIComponent(phoneId)}/contacts/${encodeURIComponent(waId)}`, patch);
  }
}
