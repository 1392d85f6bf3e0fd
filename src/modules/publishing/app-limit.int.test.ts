import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient } from '../../../fakes/control-client.ts';
import { startFakes, type RunningFakes } from '../../../fakes/server.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser, eventually, orgId, type BuiltUser } from '../../../test/helpers/factories.ts';
import { connectDemoAccount, generateApps, hostsFor, loadKeyring, type ChannelsDeps } from '../channels/index.ts';
import { PLATFORM_MODULES } from '../channels/connectors/registry.ts';

// Per-app rate limits: X caps the posts of a whole app per 24 hours. When one OPD's publication meets
// that cap, every other OPD's X publication waits without calling X (each call would only be refused),
// shows why, and goes out by itself once the cap resets. (An account's own limit holds only that
// account: the Graph classification is unit-tested in connectors/graph.test.ts.)

let fakes: RunningFakes;
let app: TestApp;
let control: ControlClient;
const accounts = new Map<string, string>(); // OPD code → channel_account id (X)
const users = new Map<string, { author: BuiltUser; head: BuiltUser }>();

beforeAll(async () => {
  const apps = generateApps();
  fakes = await startFakes({ port: 0, seed: 'app-limit', apps: { meta: { id: apps.meta.appId, secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken } } });
  control = new ControlClient(fakes.url);
  app = await startTestApp({ fakesUrl: fakes.url, apps });
  const deps: ChannelsDeps = { db: app.db.db, keyring: loadKeyring({ spec: app.config.TOKEN_KEYS, dataDir: '/nonexistent' }), settings: () => ({ apps, hosts: hostsFor(fakes.url), fake: true }), modules: () => PLATFORM_MODULES, publicUrl: app.url };
  const world = await control.demo({ opds: [{ code: 'DINKES', name: 'Dinas Kesehatan' }, { code: 'DISDIK', name: 'Dinas Pendidikan' }], platforms: ['x'] });
  for (const opd of world.opds) {
    const org = await orgId(app.db.db, opd.code);
    const a = opd.accounts[0]!;
    await connectDemoAccount(deps, org, { platform: 'x', externalId: a.id, name: a.name, handle: null, credentials: { accessToken: a.credentials.accessToken, refreshToken: a.credentials.refreshToken ?? null, expiresAt: null }, scopes: a.credentials.scopes, extra: a.extra, telegramSecret: null });
    accounts.set(opd.code, (await app.db.db.selectFrom('channel_account').select('id').where('org_id', '=', org).where('platform', '=', 'x').executeTakeFirstOrThrow()).id);
    users.set(opd.code, { author: await buildUser(app.db.db, { role: 'opd_admin', orgCode: opd.code }), head: await buildUser(app.db.db, { role: 'opd_head', orgCode: opd.code }) });
  }
  // the app may post once more in this 24 hours
  await control.patchConfig({ limits: { x: { tweetsCreateApp: { limit: 1, windowMs: 86_400_000 } } } });
});
afterAll(async () => {
  await app?.close();
  await fakes?.close();
});

const as = (u: BuiltUser) => ApiClient.loggedIn(app.url, u);

/** Writes, approves and publishes now one X post of the OPD; returns the post id. */
async function publishNow(code: string, text: string): Promise<string> {
  const { author, head } = users.get(code)!;
  const a = await as(author);
  const id = (await a.post('/api/publishing/posts', { content: { title: '', text, link: null, media: [], channels: [{ accountId: accounts.get(code)!, text: null, title: null }], catalog: null } })).body.id as string;
  expect((await a.post(`/api/publishing/posts/${id}/submit`, { version: 1 })).status).toBe(200);
  const h = await as(head);
  await h.post(`/api/publishing/posts/${id}/approve`, { version: 1 });
  expect((await h.put(`/api/publishing/posts/${id}/schedule`, { scheduledAt: new Date().toISOString() })).status).toBe(200);
  return id;
}

const outboundOf = (postId: string) =>
  eventually(
    async () =>
      (await app.db.db.selectFrom('publication as pb').innerJoin('outbound as ob', 'ob.id', 'pb.outbound_id').select(['ob.status', 'ob.error', 'ob.error_kind', 'ob.attempts', 'pb.status as publication_status', 'pb.error as publication_error']).where('pb.post_id', '=', postId).executeTakeFirst()) ?? null,
    10_000,
  );
const tweetCalls = async () => (await control.requests({ platform: 'x', limit: 1000 })).filter((r) => r.method === 'POST' && r.path === '/2/tweets');

describe('per-app rate limits', () => {
  it("an app-wide cap met by one OPD holds every OPD's X publications without calling X, with the reason shown", async () => {
    const first = await publishNow('DINKES', 'Jadwal vaksinasi HPV untuk siswi kelas 5 SD di Kota Padang, pekan depan.');
    expect((await eventually(async () => ((o) => (o.status === 'sent' ? o : null))(await outboundOf(first)), 15_000)).status).toBe('sent');

    // the next post meets the app's cap: X refuses it (429, app remaining 0); it waits for the reset
    const second = await publishNow('DINKES', 'Pendaftaran beasiswa tenaga kesehatan dibuka sampai 20 Desember 2026.');
    const held = await eventually(async () => ((o) => (o.error_kind === 'rate_limited' ? o : null))(await outboundOf(second)), 15_000);
    expect(held).toMatchObject({ status: 'queued', publication_status: 'pending' });
    expect(await tweetCalls()).toHaveLength(2);

    // another OPD's X post now waits without a call to X, and says why
    const other = await publishNow('DISDIK', 'Penerimaan peserta didik baru SMA/SMK negeri dibuka 5 Januari 2027.');
    const waiting = await eventually(async () => ((o) => (o.error_kind === 'rate_limited' ? o : null))(await outboundOf(other)), 15_000);
    expect(waiting).toMatchObject({ status: 'queued', publication_status: 'pending', error: expect.stringMatching(/Batas aplikasi X untuk semua akun/) });
    expect(waiting.publication_error).toMatch(/Batas aplikasi X/);
    expect(await tweetCalls()).toHaveLength(2);
    const detail = (await (await as(users.get('DISDIK')!.author)).get(`/api/publishing/posts/${other}`)).body;
    expect(detail.publications[0]).toMatchObject({ status: 'pending', error: expect.stringMatching(/Batas aplikasi X/) });
    // both wait for X's reset time (hours away), as jobs: nothing is lost and nothing is sent twice
    const jobs = await app.db.db.selectFrom('graphile_worker.jobs' as never).select(['task_identifier' as never, 'run_at' as never]).where('task_identifier' as never, '=', 'publication_send' as never).execute();
    const later = (jobs as { run_at: Date }[]).filter((j) => new Date(j.run_at).getTime() > Date.now() + 3_600_000);
    expect(later.length).toBeGreaterThanOrEqual(2);
  });
});
