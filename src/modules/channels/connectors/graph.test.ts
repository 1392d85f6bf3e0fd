// The Graph client without a network: error mapping, usage headers, proof and paging rules.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hostsFor, type PlatformSettings } from '../settings.ts';
import { GraphApiError, GraphClient, graphErrorFrom, parseGraphTime, parseUsage, suggestedDelayMs, suggestedGraphDelayMs } from './graph.ts';
import type { HttpRequest, HttpResponse } from './types.ts';

const res = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: new Headers(headers),
  text: typeof body === 'string' ? body : JSON.stringify(body),
  json: typeof body === 'string' ? null : body,
});
const gerr = (code: number, extra: Record<string, unknown> = {}) => ({ error: { message: `(#${code}) boom`, type: 'OAuthException', code, fbtrace_id: 'Atrace', ...extra } });

const settings: PlatformSettings = {
  apps: {
    graphVersion: 'v27.0',
    meta: { appId: '1', appSecret: 'sekret', verifyToken: 'v', instagramAppSecret: null },
    x: { clientId: '', clientSecret: '', consumerKey: '', consumerSecret: '', bearerToken: null },
    google: { clientId: '', clientSecret: '' },
    tiktok: { clientKey: '', clientSecret: '' },
  },
  hosts: hostsFor('http://127.0.0.1:1'),
  fake: true,
};

describe('graphErrorFrom', () => {
  it.each([
    [gerr(190, { error_subcode: 463 }), 'auth', 'expired'],
    [gerr(190, { error_subcode: 460 }), 'auth', 'revoked'],
    [gerr(190, { error_subcode: 458 }), 'auth', 'revoked'],
    [gerr(190, { error_subcode: 467 }), 'auth', 'revoked'],
    [gerr(190, { error_subcode: 492 }), 'auth', 'revoked'],
    [gerr(190), 'auth', 'invalid'],
  ])('maps token errors to auth (%#)', (body, kind, reason) => {
    const e = graphErrorFrom('facebook', res(400, body));
    expect(e.kind).toBe(kind);
    expect(e.authReason).toBe(reason);
    expect(e.platformCode).toBe('190');
  });

  it('maps throttling to rate_limited with the wait the platform asks for', () => {
    const buc = { 'x-business-use-case-usage': JSON.stringify({ '123': [{ type: 'pages', call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: 7 }] }) };
    expect(graphErrorFrom('facebook', res(400, gerr(80001, { is_transient: true }), buc)).retryAfterMs).toBe(7 * 60_000);
    for (const code of [4, 17, 32, 613, 80001, 80002, 80006]) {
      const e = graphErrorFrom('facebook', res(400, gerr(code, { is_transient: true })));
      expect(e.kind).toBe('rate_limited');
      expect(e.retryAfterMs).toBe(60_000);
    }
    expect(graphErrorFrom('whatsapp', res(400, gerr(130429))).retryAfterMs).toBe(1_000);
    expect(graphErrorFrom('whatsapp', res(400, gerr(131056))).retryAfterMs).toBe(6_000);
    expect(graphErrorFrom('instagram', res(400, gerr(9007, { error_subcode: 2207027, is_transient: true })))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 5_000 });
    expect(graphErrorFrom('instagram', res(400, gerr(9, { error_subcode: 2207042 })))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3_600_000 });
  });

  it("tells the app's own limit (every account of the app waits) from one account's or Page's", () => {
    expect(graphErrorFrom('facebook', res(400, gerr(4, { is_transient: true }))).appWide).toBe(true);
    for (const code of [17, 32, 613, 80001]) expect(graphErrorFrom('facebook', res(400, gerr(code, { is_transient: true }))).appWide, String(code)).toBe(false);
    // a user or Page limit while the app's usage header says 100 %: the app is throttled as a whole
    expect(graphErrorFrom('facebook', res(400, gerr(17), { 'x-app-usage': '{"call_count":100,"total_time":20,"total_cputime":20}' })).appWide).toBe(true);
    expect(graphErrorFrom('facebook', res(400, gerr(17), { 'x-app-usage': '{"call_count":60,"total_time":20,"total_cputime":20}' })).appWide).toBe(false);
    expect(graphErrorFrom('facebook', res(429, 'slow down', { 'x-app-usage': '{"call_count":100}' })).appWide).toBe(true);
  });

  it('maps transient and permanent errors, keeping the platform message', () => {
    expect(graphErrorFrom('facebook', res(500, gerr(2, { is_transient: true }))).kind).toBe('transient');
    expect(graphErrorFrom('facebook', res(400, gerr(1))).kind).toBe('transient');
    expect(graphErrorFrom('facebook', res(502, '<html>bad gateway</html>')).kind).toBe('transient');
    expect(graphErrorFrom('facebook', res(400, gerr(42, { is_transient: true }))).kind).toBe('transient');
    for (const code of [10, 200, 299, 100, 368, 506]) {
      const e = graphErrorFrom('facebook', res(400, gerr(code)));
      expect(e.kind).toBe('permanent');
      expect(e.message).toBe(`(#${code}) boom`);
      expect(e.fbtraceId).toBe('Atrace');
    }
    const withUserMsg = graphErrorFrom('whatsapp', res(404, gerr(132001, { error_user_msg: 'template name (x) does not exist in id' })));
    expect(withUserMsg).toMatchObject({ kind: 'permanent', message: 'template name (x) does not exist in id', code: 132001 });
    expect(graphErrorFrom('facebook', res(404, { error: 'no fake platform serves GET /x' })).kind).toBe('permanent');
  });
});

describe('usage headers', () => {
  it('parses the three headers and suggests slowing down above 90 %', () => {
    const u = parseUsage(new Headers({
      'x-app-usage': '{"call_count":28,"total_time":25,"total_cputime":25}',
      'x-page-usage': '{"call_count":91,"total_time":10,"total_cputime":5}',
      'x-business-use-case-usage': '{"55":[{"type":"pages","call_count":40,"total_cputime":2,"total_time":3,"estimated_time_to_regain_access":0}]}',
    }));
    expect(u).toMatchObject({ app: { callCount: 28 }, page: { callCount: 91 }, buc: [{ id: '55', type: 'pages', callCount: 40, estimatedTimeToRegainAccess: 0 }] });
    const d = suggestedDelayMs(u);
    expect(d).toBeGreaterThan(5_000);
    expect(d).toBeLessThan(60_000);
    expect(suggestedDelayMs(parseUsage(new Headers({ 'x-app-usage': '{"call_count":50}' })))).toBe(0);
    expect(suggestedDelayMs(parseUsage(new Headers({ 'x-app-usage': '{"call_count":100}' })))).toBe(60_000);
    expect(parseUsage(new Headers({ 'x-app-usage': 'not json' }))).toBeNull();
  });

  it('remembers the latest usage per account for the callers', async () => {
    const http = async (): Promise<HttpResponse> => res(200, { id: '9' }, { 'x-business-use-case-usage': '{"777":[{"type":"pages","call_count":95,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}' });
    const g = new GraphClient({ settings, http, now: () => new Date() }, { platform: 'facebook', token: 't', appSecret: 's', usageKey: '777' });
    await g.get('777');
    expect(g.lastUsage?.buc[0]?.callCount).toBe(95);
    expect(suggestedGraphDelayMs('777')).toBeGreaterThan(0);
    expect(suggestedGraphDelayMs('unknown-account')).toBe(0);
  });
});

describe('requests', () => {
  it('builds versioned URLs, sends the token as Bearer with appsecret_proof over token|time', async () => {
    const seen: HttpRequest[] = [];
    const http = async (r: HttpRequest): Promise<HttpResponse> => {
      seen.push(r);
      return res(200, { id: '1' });
    };
    const now = new Date('2026-11-04T10:00:00Z');
    const g = new GraphClient({ settings, http, now: () => now }, { platform: 'facebook', token: 'EAAtok', appSecret: 'sekret' });
    await g.post('/123/feed', { form: { message: 'hai' } });
    const r = seen[0]!;
    expect(r.url).toBe('http://127.0.0.1:1/graph/v27.0/123/feed');
    expect(r.headers?.authorization).toBe('Bearer EAAtok');
    const t = String(now.getTime() / 1000);
    expect(r.query).toMatchObject({ appsecret_time: t, appsecret_proof: createHmac('sha256', 'sekret').update(`EAAtok|${t}`).digest('hex') });
    expect(r.query?.access_token).toBeUndefined();
    await expect(g.get('https://evil.example/x')).rejects.toBeInstanceOf(GraphApiError);
    expect(seen).toHaveLength(1);
  });

  it('follows paging.next only on the configured host, else continues with cursors.after', async () => {
    const seen: HttpRequest[] = [];
    const bodies = [
      { data: [1, 2], paging: { cursors: { after: 'A1' }, next: 'http://127.0.0.1:1/graph/v27.0/5/feed?access_token=LEAK&after=A1&limit=2' } },
      { data: [3], paging: { cursors: { after: 'A2' }, next: 'https://elsewhere.example/v27.0/5/feed?after=A2' } },
      { data: [4], paging: { cursors: { after: 'A3' } } },
    ];
    const http = async (r: HttpRequest): Promise<HttpResponse> => {
      seen.push(r);
      return res(200, bodies[seen.length - 1]);
    };
    const g = new GraphClient({ settings, http, now: () => new Date() }, { platform: 'facebook', token: 'tok', appSecret: null });
    const items: number[] = [];
    for await (const page of g.pages<number>('5/feed', { query: { limit: 2 } })) items.push(...page);
    expect(items).toEqual([1, 2, 3, 4]);
    expect(seen[1]!.url).toBe('http://127.0.0.1:1/graph/v27.0/5/feed?after=A1&limit=2'); // token stripped, sent as header
    expect(seen[2]!.url).toBe('http://127.0.0.1:1/graph/v27.0/5/feed');
    expect(seen[2]!.query).toMatchObject({ limit: 2, after: 'A2' });
  });

  it('parses Graph times', () => {
    expect(parseGraphTime('2026-11-04T10:00:00+0000')?.toISOString()).toBe('2026-11-04T10:00:00.000Z');
    expect(parseGraphTime(1742667605)?.toISOString()).toBe('2025-03-22T18:20:05.000Z');
    expect(parseGraphTime('nope')).toBeNull();
  });
});
