import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { ApiClient } from './helpers/client.ts';
import { buildUser } from './helpers/factories.ts';

// The HTTP frame: health, readiness, metrics, OpenAPI, problem+json for every kind of bad input.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
});
afterAll(async () => {
  await app?.close();
});

describe('operations endpoints', () => {
  it('/healthz and /readyz answer 200; /metrics is Prometheus text', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    await fetch(`${app.url}/healthz`);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('dayung_http_request_duration_seconds_bucket');
    expect(metrics).toContain('process_resident_memory_bytes');
  });

  it('/readyz says 503 when migrations are behind', async () => {
    await app.db.pool.query('update schema_migration set version = -version where version = (select max(version) from schema_migration)');
    try {
      const r = await fetch(`${app.url}/readyz`);
      expect(r.status).toBe(503);
      expect((await r.json()).code).toBe('service_unavailable');
    } finally {
      await app.db.pool.query('update schema_migration set version = -version where version < 0');
    }
  });

  it('/api/docs serves the UI and an OpenAPI 3.1 document listing every route', async () => {
    expect((await fetch(`${app.url}/api/docs`)).status).toBe(200);
    const doc = await (await fetch(`${app.url}/api/docs/json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set<string>();
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const m of Object.keys(ops)) documented.add(`${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    const product = /^\/(api|webhooks|open311)\/|^\/(healthz|readyz|metrics)$/;
    const routes = app.running.web!.routeTable.filter((r) => product.test(r.url) && !r.url.startsWith('/api/docs') && !r.url.includes('*'));
    const missing = routes.map((r) => `${r.method} ${r.url}`).filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
    expect(doc.paths['/api/users'].post.requestBody).toBeTruthy();
  });
});

describe('bad input', () => {
  it('unknown routes under /api are problem+json 404; other paths belong to the web app', async () => {
    const r = await new ApiClient(app.url).get('/api/tidak-ada');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/problem\+json/);
    expect(r.body.detail).toContain('/api/tidak-ada');
  });

  it('malformed JSON, wrong content type, oversize bodies and unknown fields are refused and change nothing', async () => {
    const u = await buildUser(app.db.db, { role: 'province_admin' });
    const c = new ApiClient(app.url);
    await c.login(u.email, u.password);
    const before = await app.db.db.selectFrom('app_user').select(app.db.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

    const bad = await c.request('POST', '/api/users', '{"email": ', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_json');

    const type = await c.request('POST', '/api/users', 'email=a@b.c', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(type.status).toBe(415);
    expect(type.body.detail).toMatch(/Jenis konten tidak didukung/);

    const huge = await c.request('POST', '/api/users', JSON.stringify({ email: 'a@b.co', name: 'x'.repeat(app.config.BODY_LIMIT_BYTES + 10), role: 'viewer', orgId: u.orgId }));
    expect(huge.status).toBe(413);
    expect(huge.body.detail).toMatch(/terlalu besar/);

    const unknown = await c.post('/api/users', { email: 'baru@uji.go.id', name: 'Baru', role: 'viewer', orgId: u.orgId, superuser: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.some((e: { message: string; path: string }) => /superuser|unrecognized|Unrecognized/i.test(e.message + e.path))).toBe(true);

    const unknownQuery = await c.get('/api/users?hack=1');
    expect(unknownQuery.status).toBe(400);

    const badUuid = await c.patch('/api/users/not-a-uuid', { name: 'x' });
    expect(badUuid.status).toBe(400);

    const empty = await c.patch(`/api/users/${u.id}`, {});
    expect(empty.status).toBe(400);

    const after = await app.db.db.selectFrom('app_user').select(app.db.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('answers in English when asked, in Indonesian otherwise', async () => {
    const en = await new ApiClient(app.url, { lang: 'en' }).get('/api/orgs');
    expect(en.body).toMatchObject({ title: 'Unauthenticated', detail: 'You must log in first.' });
    const id = await new ApiClient(app.url).get('/api/orgs');
    expect(id.body).toMatchObject({ title: 'Belum masuk', detail: 'Anda harus masuk terlebih dahulu.' });
  });

  it('sends security headers', async () => {
    const r = await fetch(`${app.url}/api/auth/session`);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-request-id')).toBeTruthy();
  });
});
