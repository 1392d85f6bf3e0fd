import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildInteraction, buildUser, eventually, type BuiltUser } from '../../../test/helpers/factories.ts';

// Live updates: SSE streams fed by LISTEN/NOTIFY, scoped to what each user may see.

let app: TestApp;
let a: BuiltUser;
let b: BuiltUser;
let other: BuiltUser;

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  a = await buildUser(app.db.db, { role: 'responder', orgCode: 'DINKES', name: 'Ani Responder' });
  b = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DINKES', name: 'Budi Admin' });
  other = await buildUser(app.db.db, { role: 'responder', orgCode: 'DISDIK' });
});
afterAll(async () => {
  await app?.close();
});

async function stream(u: BuiltUser) {
  const c = new ApiClient(app.url);
  await c.login(u.email, u.password);
  const res = await fetch(`${app.url}/api/inbox/stream`, { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  let text = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      text += new TextDecoder().decode(value);
    }
  })();
  return { client: c, received: () => text, close: () => reader.cancel() };
}

describe('live inbox', () => {
  it('tells everyone else in the OPD who opened a conversation, and nobody in other OPDs', async () => {
    const { id } = await buildInteraction(app.db.db, {});
    const sa = await stream(a);
    const sb = await stream(b);
    const so = await stream(other);
    await new Promise((r) => setTimeout(r, 200));
    expect((await sa.client.post(`/api/inbox/${id}/viewing`)).status).toBe(204);
    await eventually(async () => sb.received().includes('event: presence'), 5000, 50);
    expect(sb.received()).toContain('Ani Responder');
    expect(sb.received()).toContain(id);
    await new Promise((r) => setTimeout(r, 300));
    expect(so.received()).not.toContain('presence');
    expect(sa.received()).not.toContain('event: presence');
    // A re-route is a change for both OPDs involved.
    expect((await sb.client.post(`/api/inbox/${id}/reroute`, { orgCode: 'DISDIK', reason: 'urusan sekolah' })).status).toBe(204);
    await eventually(async () => so.received().includes('event: changed'), 5000, 50);
    await Promise.all([sa.close(), sb.close(), so.close()]);
  });
});
