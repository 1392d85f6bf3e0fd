import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient, type AccountInfo } from '../../../fakes/control-client.ts';
import { startFakes, type RunningFakes } from '../../../fakes/server.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser, eventually, orgId, type BuiltUser } from '../../../test/helpers/factories.ts';
import { jpegWithGps, postMultipart } from '../../../test/helpers/media.ts';
import { connectDemoAccount, generateApps, hostsFor, loadKeyring, type ChannelsDeps } from '../channels/index.ts';
import { PLATFORM_MODULES } from '../channels/connectors/registry.ts';

// A post with an image to five platforms: each platform receives the image prepared for it (its
// size and ratio, re-encoded as JPEG, the camera's EXIF and GPS gone) by a public URL it can fetch,
// with the alt text where the platform takes one, exactly once.

const PLATFORMS = ['facebook', 'instagram', 'x', 'telegram', 'tiktok'] as const;
let fakes: RunningFakes;
let app: TestApp;
let control: ControlClient;
let author: BuiltUser;
let head: BuiltUser;
const fakeAccounts = new Map<string, AccountInfo>();
const accountIds = new Map<string, string>();

beforeAll(async () => {
  const apps = generateApps();
  fakes = await startFakes({ port: 0, seed: 'publishing-media', apps: { meta: { id: apps.meta.appId, secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken } } });
  control = new ControlClient(fakes.url);
  app = await startTestApp({ fakesUrl: fakes.url, apps });
  const dinkes = await orgId(app.db.db, 'DINKES');
  const world = await control.demo({ opds: [{ code: 'DINKES', name: 'Dinas Kesehatan' }], platforms: [...PLATFORMS] });
  const deps: ChannelsDeps = { db: app.db.db, keyring: loadKeyring({ spec: app.config.TOKEN_KEYS, dataDir: '/nonexistent' }), settings: () => ({ apps, hosts: hostsFor(fakes.url), fake: true }), modules: () => PLATFORM_MODULES, publicUrl: app.url };
  for (const a of world.opds[0]!.accounts) {
    fakeAccounts.set(a.platform, a);
    await connectDemoAccount(deps, dinkes, { platform: a.platform, externalId: a.id, name: a.name, handle: null, credentials: { accessToken: a.credentials.accessToken, refreshToken: null, expiresAt: null }, scopes: a.credentials.scopes, extra: a.extra, telegramSecret: null });
  }
  for (const r of await app.db.db.selectFrom('channel_account').select(['id', 'platform']).where('org_id', '=', dinkes).execute()) accountIds.set(r.platform, r.id);
  author = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DINKES' });
  head = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DINKES' });
});
afterAll(async () => {
  await app?.close();
  await fakes?.close();
});

const as = (u: BuiltUser) => ApiClient.loggedIn(app.url, u);

describe('publishing with media', () => {
  it('sends each platform its own prepared image by URL, without GPS, once', async () => {
    const a = await as(author);
    const photo = await jpegWithGps(1600, 2400); // with camera EXIF (rotated: upright it is 2400 × 1600) and GPS
    const up = await postMultipart(a, '/api/media', { altText: 'Petugas puskesmas menyuntikkan vaksin kepada balita' }, [{ field: 'file', name: 'vaksin.jpg', type: 'image/jpeg', data: photo }]);
    expect(up.status, up.text).toBe(201);
    const alt = 'Petugas puskesmas menyuntikkan vaksin kepada balita di Padang';
    const text = 'Imunisasi dasar lengkap gratis di puskesmas se-Sumatera Barat setiap Senin. #SumbarSehat';
    const noAlt = await a.post('/api/publishing/posts', { content: { title: '', text, link: null, media: [{ mediaId: up.body.id, kind: 'image', altText: '' }], channels: PLATFORMS.map((p) => ({ accountId: accountIds.get(p)!, text: null, title: null })), catalog: null } });
    const refused = await a.post(`/api/publishing/posts/${noAlt.body.id}/submit`, { version: 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/teks alternatif/);
    const saved = await a.put(`/api/publishing/posts/${noAlt.body.id}`, { baseVersion: 1, content: { title: '', text, link: null, media: [{ mediaId: up.body.id, kind: 'image', altText: alt }], channels: PLATFORMS.map((p) => ({ accountId: accountIds.get(p)!, text: null, title: null })), catalog: null } });
    expect(saved.body.version).toBe(2);
    const id = noAlt.body.id as string;
    expect((await a.post(`/api/publishing/posts/${id}/submit`, { version: 2 })).status).toBe(200);
    const h = await as(head);
    await h.post(`/api/publishing/posts/${id}/approve`, { version: 2 });
    // approved: the image is prepared for each chosen platform now (once per platform), not at the due minute
    const derived = await eventually(async () => ((rows) => (rows.length === PLATFORMS.length ? rows : null))(await app.db.db.selectFrom('media_object').select(['profile', 'status']).where('source_id', '=', up.body.id).where('status', '=', 'ready').execute()), 20_000, 100);
    expect(derived.map((d) => d.profile).sort()).toEqual(['facebook', 'instagram_feed', 'telegram', 'tiktok', 'x']);
    await h.put(`/api/publishing/posts/${id}/schedule`, { scheduledAt: new Date().toISOString() });
    const done = await eventually(async () => ((r) => (['dipublikasikan', 'sebagian_gagal', 'gagal'].includes(r.status) ? r : null))(await app.db.db.selectFrom('post').selectAll().where('id', '=', id).executeTakeFirstOrThrow()), 30_000, 200);
    const pubs = await app.db.db.selectFrom('publication').selectAll().where('post_id', '=', id).execute();
    expect(done.status, JSON.stringify(pubs.map((p) => [p.platform, p.status, p.error]))).toBe('dipublikasikan');

    const urls = new Map<string, string>();
    for (const p of PLATFORMS) {
      const posts = (await control.records({ platform: p, accountId: fakeAccounts.get(p)!.id })).filter((r) => r.kind === 'post');
      expect(posts, p).toHaveLength(1);
      const found = JSON.stringify(posts[0]).match(/https?:\/\/127\.0\.0\.1:\d+\/media\/[0-9a-f-]{36}\/[\w-]{32}/);
      if (found) urls.set(p, found[0]);
    }
    // The URL-taking platforms fetched (or will fetch) a prepared image: JPEG, the platform's size, no EXIF/GPS.
    expect(urls.size).toBeGreaterThanOrEqual(3);
    for (const [p, url] of urls) {
      const res = await fetch(url);
      expect(res.status, p).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta.format, p).toBe('jpeg');
      expect(meta.exif, p).toBeUndefined();
      expect(bytes.includes('UjiKameraRahasia'), p).toBe(false);
      if (p === 'instagram') expect([meta.width, meta.height]).toEqual([1080, 720]); // 3:2 is inside 4:5 … 1.91:1
      if (p === 'tiktok') expect([meta.width, meta.height]).toEqual([1080, 1920]);
    }
  });
});
