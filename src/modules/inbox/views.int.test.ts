import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildInteraction, buildUser, type BuiltUser } from '../../../test/helpers/factories.ts';
import { VIEW_KEYS } from './views.ts';

// Views and their counts (the number beside a view is what its list shows), and saved views on the
// server: per user, optionally shared with the OPD, with counts computed the same way.

let app: TestApp;
let responder: BuiltUser;
let colleague: BuiltUser;
let viewer: BuiltUser;
let outsider: BuiltUser;
let supervisor: BuiltUser;

const as = (u: BuiltUser) => ApiClient.loggedIn(app.url, u);

/** Every item of a list, through its cursor pages. */
async function listAll(c: ApiClient, query: string): Promise<{ id: string; status: string }[]> {
  const out: { id: string; status: string }[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const r: { status: number; text: string; body: any } = await c.get(`/api/inbox?limit=7&${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status, r.text).toBe(200);
    out.push(...r.body.items);
    cursor = r.body.nextCursor;
    if (!cursor) break;
  }
  return out;
}

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  responder = await buildUser(app.db.db, { role: 'responder', orgCode: 'DINKES', name: 'Rina Responder' });
  colleague = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DINKES', name: 'Kepala Dinkes' });
  viewer = await buildUser(app.db.db, { role: 'viewer', orgCode: 'DINKES' });
  outsider = await buildUser(app.db.db, { role: 'responder', orgCode: 'DISDIK' });
  supervisor = await buildUser(app.db.db, { role: 'province_supervisor' });
  // A mix over every field the views look at.
  const statuses = ['open', 'assigned', 'done', 'spam'] as const;
  const t0 = Date.now();
  for (let i = 0; i < 40; i++) {
    const it = await buildInteraction(app.db.db, {
      orgCode: i % 10 === 9 ? 'DISDIK' : 'DINKES',
      platform: i % 3 === 0 ? 'whatsapp' : 'facebook',
      kind: i % 3 === 0 ? 'message' : 'comment',
      intent: i % 4 === 0 ? 'question' : 'complaint',
      urgency: i % 5 === 0 ? 'high' : 'medium',
      triage: i % 6 === 0,
      status: statuses[i % 4],
      text: i % 2 ? `Jalan berlubang nomor ${i}` : `Antrean puskesmas nomor ${i}`,
      receivedAt: new Date(t0 - i * 60_000),
    });
    if (i % 4 === 1 || i % 8 === 2) await app.db.db.updateTable('interaction').set({ assignee_id: i % 8 === 2 ? responder.id : colleague.id }).where('id', '=', it.id).execute();
    if (i % 8 === 5) await app.db.db.updateTable('interaction').set({ assignee_id: responder.id }).where('id', '=', it.id).execute();
  }
});
afterAll(async () => {
  await app?.close();
});

describe('inbox views', () => {
  it('the count beside each view is what its list shows, whatever the filter panel says (also a single status)', async () => {
    for (const u of [responder, supervisor]) {
      const c = await as(u);
      for (const panel of ['', 'status=done', 'status=open', 'status=assigned', 'platform=whatsapp', 'urgency=high&status=spam', 'q=puskesmas', 'intent=question&status=open,assigned']) {
        const counts = await c.get(`/api/inbox/counts?${panel}`);
        expect(counts.status, counts.text).toBe(200);
        for (const view of VIEW_KEYS) {
          const items = await listAll(c, `${panel}&view=${view}`);
          expect(counts.body.views[view], `${u.role} ${panel} view=${view}`).toBe(items.length);
        }
      }
    }
  });

  it('views mean what they say: open, mine (assigned to me), done and spam replace the panel’s status; urgent, complaints and triage keep it or show what is not yet done', async () => {
    const c = await as(responder);
    const mine = await listAll(c, 'view=mine&status=done');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i.status === 'assigned')).toBe(true);
    const mineRows = await app.db.db.selectFrom('interaction').select('assignee_id').where('id', 'in', mine.map((i) => i.id)).execute();
    expect(mineRows.every((r) => r.assignee_id === responder.id)).toBe(true);
    expect((await listAll(c, 'view=open&status=done')).every((i) => i.status === 'open')).toBe(true);
    expect((await listAll(c, 'view=urgent')).every((i) => i.status === 'open' || i.status === 'assigned')).toBe(true);
    const urgentDone = await listAll(c, 'view=urgent&status=done');
    expect(urgentDone.length).toBeGreaterThan(0);
    expect(urgentDone.every((i) => i.status === 'done')).toBe(true);
    // Several statuses at once; unknown ones are refused.
    expect((await listAll(c, 'status=open,done')).every((i) => i.status === 'open' || i.status === 'done')).toBe(true);
    expect((await c.get('/api/inbox?status=open,lost')).status).toBe(400);
    expect((await c.get('/api/inbox?view=nothing')).status).toBe(400);
  });

  it('saved views: create, list with counts equal to the list, rename, share with the OPD, delete; owners only change them', async () => {
    const c = await as(responder);
    const created = await c.post('/api/inbox/saved-views', { name: 'WA mendesak', filters: { view: 'urgent', platform: 'whatsapp' } });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ name: 'WA mendesak', shared: false, mine: true, filters: { view: 'urgent', platform: 'whatsapp' } });
    expect(created.body.count).toBe((await listAll(c, 'view=urgent&platform=whatsapp')).length);
    const id = created.body.id as string;

    const second = await c.post('/api/inbox/saved-views', { name: 'Milik saya selesai', filters: { view: 'mine', status: 'done', q: 'jalan', from: '2020-01-01' } });
    expect(second.status).toBe(201);
    const list = await c.get('/api/inbox/saved-views');
    expect(list.status).toBe(200);
    for (const v of list.body.items as { filters: Record<string, string>; count: number }[]) {
      const { view, ...rest } = v.filters;
      const qs = new URLSearchParams({ ...rest, ...(view ? { view } : {}) }).toString();
      expect(v.count, JSON.stringify(v.filters)).toBe((await listAll(c, qs)).length);
    }

    // names are unique per owner (case-insensitive)
    expect((await c.post('/api/inbox/saved-views', { name: 'wa MENDESAK', filters: {} })).status).toBe(409);
    // bad filters are refused
    expect((await c.post('/api/inbox/saved-views', { name: 'x', filters: { status: 'lost' } })).status).toBe(400);
    expect((await c.post('/api/inbox/saved-views', { name: 'x', filters: { orgId: outsider.orgId } })).status).toBe(404);

    // colleagues do not see private views; a shared one they see (with their own count) but cannot change
    const head = await as(colleague);
    expect((await head.get('/api/inbox/saved-views')).body.items).toHaveLength(0);
    const renamed = await c.patch(`/api/inbox/saved-views/${id}`, { name: 'WhatsApp mendesak', shared: true });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'WhatsApp mendesak', shared: true });
    const seen = await head.get('/api/inbox/saved-views');
    expect(seen.body.items.map((v: { name: string; mine: boolean; owner: { name: string } }) => [v.name, v.mine, v.owner.name])).toEqual([['WhatsApp mendesak', false, 'Rina Responder']]);
    expect(seen.body.items[0].count).toBe(created.body.count);
    expect((await head.patch(`/api/inbox/saved-views/${id}`, { name: 'diambil' })).status).toBe(403);
    expect((await head.request('DELETE', `/api/inbox/saved-views/${id}`)).status).toBe(403);
    expect((await (await as(viewer)).get('/api/inbox/saved-views')).body.items).toHaveLength(1);
    // another OPD never sees it
    const other = await as(outsider);
    expect((await other.get('/api/inbox/saved-views')).body.items).toHaveLength(0);
    expect((await other.patch(`/api/inbox/saved-views/${id}`, { name: 'x' })).status).toBe(404);

    expect((await c.request('DELETE', `/api/inbox/saved-views/${id}`)).status).toBe(204);
    expect((await head.get('/api/inbox/saved-views')).body.items).toHaveLength(0);
    const audit = await app.db.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['inbox_view.create', 'inbox_view.update', 'inbox_view.delete']);
  });

  it('assignable colleagues: a responder lists the OPD’s active inbox workers (no viewers, no other OPD), without users.read', async () => {
    const c = await as(responder);
    const r = await c.get('/api/inbox/assignees');
    expect(r.status).toBe(200);
    const ids = r.body.items.map((u: { id: string }) => u.id);
    expect(ids).toEqual(expect.arrayContaining([responder.id, colleague.id]));
    expect(ids).not.toContain(viewer.id);
    expect(ids).not.toContain(outsider.id);
    expect(ids).not.toContain(supervisor.id);
    expect((await c.get(`/api/inbox/assignees?orgId=${outsider.orgId}`)).status).toBe(404);
    expect((await (await as(viewer)).get('/api/inbox/assignees')).status).toBe(403);
    // province staff choose any OPD and see themselves among the candidates
    const p = await (await as(supervisor)).get(`/api/inbox/assignees?orgId=${responder.orgId}`);
    expect(p.body.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([responder.id, supervisor.id]));
    // every listed colleague can really be assigned
    const it = await buildInteraction(app.db.db, {});
    for (const u of r.body.items as { id: string }[]) expect((await c.post(`/api/inbox/${it.id}/assign`, { assigneeId: u.id })).status).toBe(204);
    expect((await c.post(`/api/inbox/${it.id}/assign`, { assigneeId: viewer.id })).status).toBe(400);
  });
});
