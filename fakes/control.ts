// The control API of the fakes (JSON under /_fake/...): configuration, fault switches, apps,
// accounts and tokens, citizen injections, records, request log, webhook delivery log, clock.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FakeState } from './core/state.ts';
import { deepMerge } from './core/config.ts';
import type { FakeConfig } from './core/config.ts';
import { parseIncoming, sendJson } from './core/http.ts';
import type { FaultConfig, Platform } from './core/types.ts';
import { isPlatform, PLATFORMS } from './core/types.ts';
import { metaVerifyCallback, xCrcCheck } from './core/webhooks.ts';
import type { CreateAccountInput } from './accounts.ts';
import { accountContent, createAccount, describe, listAccounts } from './accounts.ts';
import type { InjectInput } from './inject.ts';
import { inject } from './inject.ts';
import { createMetaApp } from './platforms/meta/setup.ts';
import { callbackUrl } from './platforms/meta/events.ts';
import { createXApp, disconnectXStreams, recheckXWebhooks } from './platforms/x.ts';
import { revokeBotToken } from './platforms/telegram.ts';
import { createYoutubeClient, quotaUsage } from './platforms/youtube.ts';
import { createTiktokApp } from './platforms/tiktok.ts';
import { setupDemoWorld } from './demo.ts';
import type { DemoInput } from './demo.ts';

export interface ControlHooks {
  reset(): void;
}

class ControlError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function appsView(state: FakeState): Record<string, unknown> {
  return {
    meta: [...state.meta.apps.values()].map((a) => ({
      id: a.id,
      secret: a.secret,
      name: a.name,
      kind: a.kind,
      requireProof: a.requireProof,
      humanAgent: a.humanAgent,
      redirectUris: a.redirectUris,
      default: a.id === state.meta.defaultAppId || a.id === state.meta.defaultIgAppId,
      subscriptions: Object.values(a.subscriptions).map((s) => ({
        object: s.object,
        callbackUrl: s.callbackUrl ?? callbackUrl(state, a, s.object, s.object === 'page' ? 'facebook' : s.object === 'instagram' ? 'instagram' : 'whatsapp'),
        verifyToken: s.verifyToken,
        fields: s.fields,
        active: s.active,
        lastVerification: s.lastVerification,
      })),
    })),
    x: [...state.x.apps.values()].map((a) => ({
      id: a.id,
      name: a.name,
      clientId: a.clientId,
      clientSecret: a.clientSecret,
      consumerKey: a.consumerKey,
      consumerSecret: a.consumerSecret,
      bearerToken: a.bearerToken,
      redirectUris: a.redirectUris,
      default: a.id === state.x.defaultAppId,
      webhooks: a.webhooks.map((w) => ({ id: w.id, url: w.url, valid: w.valid, subscriptions: [...w.subscriptions], lastCrc: w.lastCrc })),
      rules: a.rules,
    })),
    youtube: [...state.youtube.clients.values()].map((c) => ({ ...c, default: c.clientId === state.youtube.defaultClientId, quota: quotaUsage(state, c.clientId) })),
    tiktok: [...state.tiktok.apps.values()].map((a) => ({ ...a, default: a.clientKey === state.tiktok.defaultClientKey })),
  };
}

function body(inc: { json: unknown }): Record<string, unknown> {
  const j = inc.json;
  if (j === undefined) return {};
  if (!j || typeof j !== 'object' || Array.isArray(j)) throw new ControlError(400, 'JSON object body expected');
  return j as Record<string, unknown>;
}

function platformParam(v: unknown): Platform | undefined {
  if (v === undefined || v === '') return undefined;
  if (!isPlatform(v)) throw new ControlError(400, `unknown platform ${String(v)} (one of ${PLATFORMS.join(', ')})`);
  return v;
}

export function registerControlRoutes(app: FastifyInstance, state: FakeState, hooks: ControlHooks): void {
  const route = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, fn: (b: Record<string, unknown>, q: Record<string, string>, params: Record<string, string>) => unknown | Promise<unknown>) => {
    app.route({
      method,
      url: `/_fake${path}`,
      handler: async (req, reply: FastifyReply) => {
        try {
          const inc = await parseIncoming(req, '/_fake');
          if (inc.bodyError) throw new ControlError(400, `invalid JSON: ${inc.bodyError}`);
          const result = await fn(body(inc), inc.query, (req.params ?? {}) as Record<string, string>);
          return sendJson(reply, 200, result ?? { ok: true });
        } catch (err) {
          const status = err instanceof ControlError ? err.status : 400;
          return sendJson(reply, status, { error: err instanceof Error ? err.message : String(err) });
        }
      },
    });
  };

  route('GET', '/health', () => ({ ok: true, url: state.config.publicUrl, now: state.iso(), platforms: PLATFORMS }));

  route('GET', '/config', () => state.config);
  route('PATCH', '/config', (b) => {
    const allowed: (keyof FakeConfig)[] = ['webhookTarget', 'publicUrl', 'webhooks', 'limits', 'processing', 'oauthAutoApprove', 'telegramMaxLongPollSec', 'telegramRequireHttps', 'graphVersionPattern', 'metaUnsubscribeAfterMs', 'tokenTtl', 'xStreamKeepAliveMs', 'xCrcIntervalMs'];
    for (const k of Object.keys(b)) if (!allowed.includes(k as keyof FakeConfig)) throw new ControlError(400, `unknown config key ${k}`);
    deepMerge(state.config, b);
    return state.config;
  });

  route('GET', '/faults', () => state.config.faults);
  route('PUT', '/faults', (b) => {
    state.config.faults = b as FaultConfig;
    return state.config.faults;
  });
  route('PATCH', '/faults', (b) => {
    deepMerge(state.config.faults, b);
    return state.config.faults;
  });
  route('DELETE', '/faults', () => {
    state.config.faults = {};
    return state.config.faults;
  });

  route('POST', '/reset', () => {
    hooks.reset();
    return { ok: true };
  });

  route('GET', '/clock', () => ({ now: state.iso(), offsetMs: state.clock.offsetMs }));
  route('POST', '/clock', (b) => {
    if (typeof b.advanceMs === 'number') state.clock.advance(b.advanceMs);
    else if (b.set !== undefined) state.clock.set(typeof b.set === 'number' ? b.set : Date.parse(String(b.set)));
    else if (b.reset === true) state.clock.offsetMs = 0;
    else throw new ControlError(400, 'advanceMs, set or reset expected');
    return { now: state.iso(), offsetMs: state.clock.offsetMs };
  });

  route('GET', '/apps', () => appsView(state));
  route('POST', '/apps', (b) => {
    const platform = String(b.platform ?? '');
    const { platform: _p, ...rest } = b;
    void _p;
    switch (platform) {
      case 'meta':
      case 'facebook':
        return createMetaApp(state, { ...(rest as Record<string, never>), kind: 'facebook' });
      case 'instagram':
        return createMetaApp(state, { ...(rest as Record<string, never>), kind: 'instagram' });
      case 'x':
        return createXApp(state, rest as Record<string, never>);
      case 'youtube':
        return createYoutubeClient(state, rest as Record<string, never>);
      case 'tiktok':
        return createTiktokApp(state, rest as Record<string, never>);
      default:
        throw new ControlError(400, 'platform must be meta, instagram, x, youtube or tiktok');
    }
  });
  app.route({
    method: 'PATCH',
    url: '/_fake/apps/:platform/:id',
    handler: async (req, reply) => {
      try {
        const inc = await parseIncoming(req, '/_fake');
        const b = body(inc);
        const { platform, id } = req.params as { platform: string; id: string };
        const target: object | undefined =
          platform === 'meta' || platform === 'facebook' || platform === 'instagram' ? state.meta.apps.get(id)
          : platform === 'x' ? state.x.apps.get(id)
          : platform === 'youtube' ? state.youtube.clients.get(id)
          : platform === 'tiktok' ? state.tiktok.apps.get(id)
          : undefined;
        if (!target) throw new ControlError(404, `unknown ${platform} app ${id}`);
        const forbidden = ['id', 'clientId', 'clientKey', 'webhooks', 'rules'];
        for (const k of Object.keys(b)) if (forbidden.includes(k)) throw new ControlError(400, `${k} cannot be changed`);
        if (b.subscriptions && typeof b.subscriptions === 'object') {
          // Meta: patch subscriptions per object { page: { fields, callbackUrl, verifyToken, active } }
          const subs = (target as { subscriptions: Record<string, Record<string, unknown>> }).subscriptions;
          for (const [obj, patch] of Object.entries(b.subscriptions as Record<string, Record<string, unknown> | null>)) {
            if (patch === null) delete subs[obj];
            else subs[obj] = { object: obj, callbackUrl: null, verifyToken: 'fake-meta-verify-token', fields: [], active: true, includeValues: true, ...(subs[obj] ?? {}), ...patch };
          }
          delete b.subscriptions;
        }
        deepMerge(target, b);
        return sendJson(reply, 200, appsView(state));
      } catch (err) {
        return sendJson(reply, err instanceof ControlError ? err.status : 400, { error: err instanceof Error ? err.message : String(err) });
      }
    },
  });

  route('GET', '/accounts', (_b, q) => listAccounts(state, platformParam(q.platform)));
  route('POST', '/accounts', (b) => {
    platformParam(b.platform);
    return createAccount(state, b as unknown as CreateAccountInput);
  });
  route('GET', '/accounts/:platform/:id', (_b, _q, p) => {
    const a = describe(state, platformParam(p.platform) as Platform, p.id ?? '');
    if (!a) throw new ControlError(404, `unknown ${p.platform} account ${p.id}`);
    return a;
  });
  route('GET', '/accounts/:platform/:id/content', (_b, _q, p) => accountContent(state, platformParam(p.platform) as Platform, p.id ?? ''));

  route('POST', '/demo', (b) => setupDemoWorld(state, b as unknown as DemoInput));

  route('GET', '/tokens/:token', (_b, _q, p) => {
    const t = state.tokens.tokens.get(p.token ?? '');
    if (!t) throw new ControlError(404, 'unknown token');
    const check = state.tokens.check(t.value);
    return { ...t, status: check.status, expiresAt: t.expiresAt === null ? null : new Date(t.expiresAt).toISOString(), issuedAt: new Date(t.issuedAt).toISOString(), data: { ...t.data, oauth1Secret: undefined } };
  });
  route('POST', '/tokens', (b) => {
    const platform = platformParam(b.platform);
    const accountId = String(b.accountId ?? '');
    if (!platform) throw new ControlError(400, 'platform required');
    const a = describe(state, platform, accountId);
    if (!a) throw new ControlError(404, `unknown ${platform} account ${accountId}`);
    const existing = state.tokens.tokens.get(a.credentials.accessToken);
    if (!existing) throw new ControlError(400, 'account has no token to copy');
    if (existing.family === 'telegram') throw new ControlError(400, 'telegram bots have one token; use POST /_fake/telegram/:botId/revoke to rotate it');
    const ttl = b.ttlSec === null ? null : typeof b.ttlSec === 'number' ? b.ttlSec : existing.expiresAt === null ? null : Math.round((existing.expiresAt - state.now()) / 1000);
    const t = state.tokens.issue({ family: existing.family, kind: existing.kind, appId: existing.appId, subjectId: existing.subjectId, scopes: Array.isArray(b.scopes) ? b.scopes.map(String) : existing.scopes, ttlSec: ttl, data: { ...existing.data } });
    return { token: t.value, expiresAt: t.expiresAt === null ? null : new Date(t.expiresAt).toISOString(), scopes: t.scopes };
  });
  route('POST', '/tokens/revoke', (b) => {
    const t = state.tokens.revoke(String(b.token ?? ''), String(b.reason ?? 'revoked'), typeof b.subcode === 'number' ? b.subcode : undefined);
    if (!t) throw new ControlError(404, 'unknown token');
    if (b.includePaired !== false && t.pair) state.tokens.revoke(t.pair, String(b.reason ?? 'revoked'));
    return { ok: true };
  });
  route('POST', '/tokens/expire', (b) => {
    const t = state.tokens.expire(String(b.token ?? ''));
    if (!t) throw new ControlError(404, 'unknown token');
    return { ok: true, expiresAt: new Date(t.expiresAt ?? 0).toISOString() };
  });
  route('POST', '/oauth/next', (b) => {
    const platform = String(b.platform ?? '');
    const subjectId = String(b.subjectId ?? '');
    if (!platform || !subjectId) throw new ControlError(400, 'platform and subjectId required');
    state.oauthNext.set(platform, subjectId);
    return { ok: true };
  });

  route('POST', '/inject', (b) => {
    platformParam(b.platform);
    try {
      return inject(state, b as unknown as InjectInput);
    } catch (err) {
      throw new ControlError(404, err instanceof Error ? err.message : String(err));
    }
  });

  route('GET', '/records', (_b, q) => {
    const platform = platformParam(q.platform);
    const since = Number(q.sinceSeq ?? 0);
    const limit = Math.min(10_000, Number(q.limit ?? 1000));
    const out = state.records.filter((r) => r.seq > since && (!platform || r.platform === platform) && (!q.kind || r.kind === q.kind) && (!q.accountId || r.accountId === q.accountId));
    return out.slice(-limit);
  });
  route('GET', '/requests', (_b, q) => {
    const limit = Math.min(5000, Number(q.limit ?? 200));
    return state.requests.filter((r) => (!q.platform || r.platform === q.platform) && (!q.status || String(r.status) === q.status)).slice(-limit);
  });

  route('GET', '/webhooks/deliveries', (_b, q) =>
    state.webhooks.list({
      ...(q.platform ? { platform: q.platform } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.accountId ? { accountId: q.accountId } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.sinceId ? { since: Number(q.sinceId.replace(/^dlv_/, '')) } : {}),
      limit: Math.min(20_000, Number(q.limit ?? 100)),
      includeBody: q.body !== '0' && q.body !== 'false',
    }),
  );
  route('GET', '/webhooks/deliveries/:id', (_b, _q, p) => {
    const d = state.webhooks.get(p.id ?? '');
    if (!d) throw new ControlError(404, 'unknown delivery');
    return d;
  });
  route('GET', '/webhooks/stats', () => ({ ...state.webhooks.stats, pending: state.webhooks.pendingCount() }));
  route('POST', '/webhooks/drain', async (b) => {
    const drained = await state.webhooks.drain(typeof b.timeoutMs === 'number' ? b.timeoutMs : 10_000);
    return { drained, pending: state.webhooks.pendingCount() };
  });
  route('POST', '/webhooks/retry-now', () => ({ count: state.webhooks.retryNow() }));
  route('POST', '/webhooks/verify', async (b) => {
    const platform = String(b.platform ?? '');
    if (platform === 'x') return { results: await recheckXWebhooks(state) };
    if (platform === 'facebook' || platform === 'instagram' || platform === 'whatsapp') {
      const object = platform === 'facebook' ? 'page' : platform === 'instagram' ? 'instagram' : 'whatsapp_business_account';
      const results = [];
      for (const a of state.meta.apps.values()) {
        if (b.appId && a.id !== b.appId) continue;
        const sub = a.subscriptions[object];
        if (!sub) continue;
        const url = callbackUrl(state, a, object, platform);
        const r = await metaVerifyCallback(state, url, sub.verifyToken);
        sub.lastVerification = r;
        results.push({ appId: a.id, object, ...r });
      }
      return { results };
    }
    if (platform === 'x-crc' && typeof b.url === 'string') {
      const a = state.x.apps.get(state.x.defaultAppId);
      if (!a) throw new ControlError(400, 'no X app');
      return { results: [await xCrcCheck(state, b.url, a.consumerSecret)] };
    }
    throw new ControlError(400, 'platform must be facebook, instagram, whatsapp or x');
  });

  route('POST', '/x/streams/disconnect', () => ({ disconnected: disconnectXStreams(state) }));
  route('POST', '/telegram/:botId/revoke', (_b, _q, p) => ({ token: revokeBotToken(state, Number(p.botId)) }));
  route('POST', '/youtube/videos/:videoId', (b, _q, p) => {
    const v = state.youtube.videos.get(p.videoId ?? '');
    if (!v) throw new ControlError(404, 'unknown video');
    if (typeof b.commentsDisabled === 'boolean') v.commentsDisabled = b.commentsDisabled;
    return { id: v.id, commentsDisabled: v.commentsDisabled };
  });
  route('POST', '/whatsapp/:phoneId/contacts/:waId', (b, _q, p) => {
    const phone = state.meta.waPhones.get(p.phoneId ?? '');
    if (!phone) throw new ControlError(404, 'unknown phone number');
    const c = phone.contacts.get(p.waId ?? '');
    if (!c) throw new ControlError(404, 'unknown contact');
    if (typeof b.blocked === 'boolean') c.blocked = b.blocked;
    if (typeof b.lastInboundAt === 'string' || typeof b.lastInboundAt === 'number') c.lastInboundAt = typeof b.lastInboundAt === 'number' ? b.lastInboundAt : Date.parse(b.lastInboundAt);
    return { ...c };
  });
}
