import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, configureApi, errorMessage, setCsrfToken, withQuery } from './client.ts';

type Call = { url: string; init: RequestInit };

function stubFetch(responses: Response[]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = responses.shift();
    if (!next) throw new TypeError('network down');
    return next;
  });
  return calls;
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  configureApi({ locale: () => 'id', onUnauthorized: () => {}, refreshCsrf: async () => {} });
});

describe('withQuery', () => {
  it('drops empty values and encodes the rest', () => {
    expect(withQuery('/api/orgs', { q: 'dinas kesehatan', kind: '', x: undefined, n: 2 })).toBe('/api/orgs?q=dinas+kesehatan&n=2');
    expect(withQuery('/api/orgs', {})).toBe('/api/orgs');
  });
});

describe('api requests', () => {
  it('sends Accept-Language always and the CSRF token only on writes', async () => {
    configureApi({ locale: () => 'en' });
    setCsrfToken('tok');
    const calls = stubFetch([json(200, { items: [] }), json(200, { user: {} })]);
    await api.get('/api/orgs');
    await api.patch('/api/me', { locale: 'en' });
    const h0 = calls[0]!.init.headers as Record<string, string>;
    const h1 = calls[1]!.init.headers as Record<string, string>;
    expect(h0['Accept-Language']).toBe('en');
    expect(h0['x-csrf-token']).toBeUndefined();
    expect(h1['x-csrf-token']).toBe('tok');
    expect(calls[1]!.init.credentials).toBe('same-origin');
    expect(calls[1]!.init.body).toBe('{"locale":"en"}');
  });

  it('turns problem+json into ApiError with the server detail and field errors', async () => {
    stubFetch([
      json(400, { title: 'Bad', status: 400, detail: 'Email tidak valid', code: 'validation', errors: [{ path: 'body.email', message: 'format salah' }] }, 'application/problem+json'),
    ]);
    const err = await api.post('/api/users', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(errorMessage(err)).toBe('Email tidak valid');
    expect((err as ApiError).fieldErrors()).toEqual({ email: 'format salah' });
    expect((err as ApiError).code).toBe('validation');
  });

  it('reports a lost connection in the interface language', async () => {
    configureApi({ messages: () => ({ network: 'Server tak terjangkau', unexpected: '?' }) });
    stubFetch([]);
    await expect(api.get('/api/orgs')).rejects.toThrow('Server tak terjangkau');
  });

  it('tells the app when the session is gone, except on auth routes', async () => {
    const onUnauthorized = vi.fn();
    configureApi({ onUnauthorized });
    stubFetch([json(401, { detail: 'Silakan masuk' }), json(401, { detail: 'Email atau kata sandi salah' })]);
    await api.get('/api/users').catch(() => {});
    await api.post('/api/auth/login', {}).catch(() => {});
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('refreshes a stale CSRF token once and retries', async () => {
    setCsrfToken('old');
    const refreshCsrf = vi.fn(async () => setCsrfToken('new'));
    configureApi({ refreshCsrf });
    const calls = stubFetch([json(403, { code: 'csrf_invalid', detail: 'CSRF' }), new Response(null, { status: 204 })]);
    await api.post('/api/auth/logout');
    expect(refreshCsrf).toHaveBeenCalledTimes(1);
    expect((calls[1]!.init.headers as Record<string, string>)['x-csrf-token']).toBe('new');
  });

  it('does not retry other refusals', async () => {
    const refreshCsrf = vi.fn(async () => {});
    configureApi({ refreshCsrf });
    stubFetch([json(403, { code: 'forbidden', detail: 'Tidak boleh' })]);
    await expect(api.patch('/api/users/1', { role: 'viewer' })).rejects.toThrow('Tidak boleh');
    expect(refreshCsrf).not.toHaveBeenCalled();
  });
});
