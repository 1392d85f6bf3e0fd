import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient, type AccountInfo } from '../../../fakes/control-client.ts';
import { startFakes, type RunningFakes } from '../../../fakes/server.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { png, postMultipart } from '../../../test/helpers/media.ts';
import { buildUser, eventually, orgId, type BuiltUser } from '../../../test/helpers/factories.ts';
import { connectDemoAccount, generateApps, hostsFor, loadKeyring, type ChannelsDeps } from '../channels/index.ts';
import { PLATFORM_MODULES } from '../channels/connectors/registry.ts';

// Publishing end to end against the fake platforms: compose, the approval chain bound to the exact
// version, the scheduled minute, exactly one post per channel, expiry of what was not approved,
// per-channel failure and retry, campaigns and their board, tenant isolation.

let fakes: RunningFakes;
let app: TestApp;
let control: ControlClient;
let deps: ChannelsDeps;
let dinkes: string;
let disdik: string;
let author: BuiltUser;
let head: BuiltUser;
let admin2: BuiltUser;
let supervisor: BuiltUser;
let outsider: BuiltUser;
const fakeAccounts = new Map<string, AccountInfo>();
const accountIds = new Map<string, string>();
const PLATFORMS = ['facebook', 'x', 'telegram'] as const;

async function connect(a: AccountInfo, token = a.credentials.accessToken) {
  await connectDemoAccount(deps, dinkes, { platform: a.platform, externalId: a.id, name: a.name, handle: null, credentials: { accessToken: token, refreshToken: null, expiresAt: null }, scopes: a.credentials.scopes, extra: a.extra, telegramSecret: null });
}

beforeAll(async () => {
  const apps = generateApps();
  fakes = await startFakes({ port: 0, seed: 'publishing', apps: { meta: { id: apps.meta.appId, secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken } } });
  control = new ControlClient(fakes.url);
  app = await startTestApp({ fakesUrl: fakes.url, apps });
  dinkes = await orgId(app.db.db, 'DINKES');
  disdik = await orgId(app.db.db, 'DISDIK');
  const world = await control.demo({ opds: [{ code: 'DINKES', name: 'Dinas Kesehatan' }], platforms: [...PLATFORMS] });
  deps = { db: app.db.db, keyring: loadKeyring({ spec: app.config.TOKEN_KEYS, dataDir: '/nonexistent' }), settings: () => ({ apps, hosts: hostsFor(fakes.url), fake: true }), modules: () => PLATFORM_MODULES, publicUrl: app.url };
  for (const a of world.opds[0]!.accounts) {
    fakeAccounts.set(a.platform, a);
    await connect(a);
  }
  for (const r of await app.db.db.selectFrom('channel_account').select(['id', 'platform']).where('org_id', '=', dinkes).execute()) accountIds.set(r.platform, r.id);
  author = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DINKES' });
  admin2 = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DINKES' });
  head = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DINKES' });
  supervisor = await buildUser(app.db.db, { role: 'province_supervisor' });
  outsider = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DISDIK' });
});
afterAll(async () => {
  await app?.close();
  await fakes?.close();
});

const as = (u: BuiltUser) => ApiClient.loggedIn(app.url, u);

function content(text: string, extra: Record<string, unknown> = {}) {
  return { title: '', text, link: 'https://dinkes.sumbarprov.go.id/info', media: [], channels: PLATFORMS.map((p) => ({ accountId: accountIds.get(p)!, text: null, title: null })), catalog: null, ...extra };
}

async function postsOnFake(platform: (typeof PLATFORMS)[number], needle: string) {
  const records = await control.records({ platform, kind: 'post', accountId: fakeAccounts.get(platform)!.id });
  return records.filter((r) => JSON.stringify(r).includes(needle));
}

const postRow = (id: string) => app.db.db.selectFrom('post').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const settled = (id: string, statuses: string[]) => eventually(async () => ((r) => (statuses.includes(r.status) ? r : null))(await postRow(id)), 30_000, 200);

describe('publishing', () => {
  it('composes once, is approved by the head (not by its author), and publishes exactly once per channel at the scheduled time', async () => {
    const a = await as(author);
    const text = 'Vaksinasi campak gratis untuk anak usia 9 bulan sampai 5 tahun di seluruh puskesmas Kota Padang, Senin 7 Desember 2026 pukul 08.00 WIB. Bawa buku KIA.';
    const created = await a.post('/api/publishing/posts', { content: content(text) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    // The per-channel variants are derived (X fits in 280 weighted characters, with the link).
    const detail = await a.get(`/api/publishing/posts/${id}`);
    expect(detail.body.status).toBe('draft');
    const xVariant = detail.body.variants.find((v: { platform: string }) => v.platform === 'x');
    expect(xVariant.text).toContain('https://dinkes.sumbarprov.go.id/info');
    expect(detail.body.problems).toEqual([]);

    expect((await a.post(`/api/publishing/posts/${id}/submit`, { version: 1 })).status).toBe(200);
    // no self-approval
    const self = await a.post(`/api/publishing/posts/${id}/approve`, { version: 1 });
    expect(self.status).toBe(403);
    expect(self.body.detail).toMatch(/tidak dapat menyetujui postingan yang Anda tulis/);
    // an approver of another OPD cannot approve (the post does not exist for them)
    expect((await (await as(outsider)).post(`/api/publishing/posts/${id}/approve`, { version: 1 })).status).toBe(404);

    const h = await as(head);
    const at = new Date(Date.now() + 2500).toISOString();
    expect((await h.put(`/api/publishing/posts/${id}/schedule`, { scheduledAt: at })).status).toBe(200);
    const approved = await h.post(`/api/publishing/posts/${id}/approve`, { version: 1, comment: 'Lanjut' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('terjadwal');

    const done = await settled(id, ['dipublikasikan', 'sebagian_gagal', 'gagal']);
    expect(done.status).toBe('dipublikasikan');
    expect(new Date(done.published_at!).getTime()).toBeGreaterThanOrEqual(new Date(at).getTime() - 2000);
    for (const p of PLATFORMS) expect(await postsOnFake(p, 'Vaksinasi campak gratis')).toHaveLength(1);
    const pubs = await app.db.db.selectFrom('publication').selectAll().where('post_id', '=', id).execute();
    expect(pubs).toHaveLength(3);
    for (const p of pubs) {
      expect(p.status).toBe('published');
      expect(p.external_id).toBeTruthy();
    }
    // the X text is what X received
    const onX = (await postsOnFake('x', 'Vaksinasi campak gratis'))[0]!;
    expect(onX.text).toBe(xVariant.text);
    // metric pulls are scheduled at 1 h, 24 h and 7 d
    const jobs = await app.db.db.selectFrom('graphile_worker.jobs' as never).select('key' as never).where('task_identifier' as never, '=', 'publication_metrics' as never).execute();
    expect(jobs.length).toBeGreaterThanOrEqual(9);
    // everything is in the audit log
    const actions = (await app.db.db.selectFrom('audit_log').select('action').where('target_id', '=', id).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['post.create', 'post.submit', 'post.approve', 'post.schedule', 'post.publish_start', 'post.publish_done']));
  });

  it('an edit after approval blocks publishing until re-approved; an unapproved post at its time expires', async () => {
    const a = await as(author);
    const h = await as(head);
    const text = 'Pendaftaran Bimtek tenaga kesehatan dibuka sampai Jumat.';
    const id = (await a.post('/api/publishing/posts', { content: content(text) })).body.id as string;
    await a.post(`/api/publishing/posts/${id}/submit`, { version: 1 });
    await h.put(`/api/publishing/posts/${id}/schedule`, { scheduledAt: new Date(Date.now() + 3000).toISOString() });
    expect((await h.post(`/api/publishing/posts/${id}/approve`, { version: 1 })).body.status).toBe('terjadwal');
    // the author edits after approval: a new version, the approval is void
    const edited = await a.put(`/api/publishing/posts/${id}`, { baseVersion: 1, content: content(`${text} Kuota terbatas!`) });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, status: 'draft', changed: true });
    // approving the old version is refused: the version moved on
    const stale = await h.post(`/api/publishing/posts/${id}/approve`, { version: 1 });
    expect(stale.status).toBe(409);
    const expired = await settled(id, ['kedaluwarsa', 'dipublikasikan', 'menerbitkan']);
    expect(expired.status).toBe('kedaluwarsa');
    for (const p of PLATFORMS) expect(await postsOnFake(p, 'Pendaftaran Bimtek tenaga kesehatan')).toHaveLength(0);
    const notices = await app.db.db.selectFrom('notification').select('code').where('org_id', '=', dinkes).where('code', '=', 'post_expired').execute();
    expect(notices.length).toBeGreaterThanOrEqual(1);

    // rescheduled, resubmitted and approved in version 2: now it goes out, once
    expect((await a.put(`/api/publishing/posts/${id}/schedule`, { scheduledAt: new Date(Date.now() + 2000).toISOString() })).body.status).toBe('draft');
    await a.post(`/api/publishing/posts/${id}/submit`, { version: 2 });
    expect((await h.post(`/api/publishing/posts/${id}/approve`, { version: 2 })).body.status).toBe('terjadwal');
    expect((await settled(id, ['dipublikasikan', 'sebagian_gagal', 'gagal'])).status).toBe('dipublikasikan');
    for (const p of PLATFORMS) expect(await postsOnFake(p, 'Kuota terbatas')).toHaveLength(1);
    // the history keeps both versions with a word diff
    const diff = await a.get(`/api/publishing/posts/${id}/diff?from=1&to=2`);
    expect(diff.body.text).toContainEqual({ op: 'added', text: ' Kuota terbatas!' });
  });

  it('a two-level chain needs two different approvers, the head last; a published post cannot be edited', async () => {
    const h = await as(head);
    expect((await h.put(`/api/publishing/settings/${dinkes}`, { approvalLevels: 2, provinceReviewCategories: ['kebencanaan'] })).status).toBe(200);
    const a = await as(author);
    const id = (await a.post('/api/publishing/posts', { content: content('Jadwal posyandu lansia bulan Desember di Kabupaten Agam.'), category: 'kebencanaan' })).body.id as string;
    await a.post(`/api/publishing/posts/${id}/submit`, { version: 1 });
    const detail = (await a.get(`/api/publishing/posts/${id}`)).body;
    expect(detail.chain.map((c: { kind: string }) => c.kind)).toEqual(['opd', 'opd', 'province']);
    const a2 = await as(admin2);
    // level 1 by another admin
    expect((await a2.post(`/api/publishing/posts/${id}/approve`, { version: 1 })).body).toMatchObject({ level: 1, final: false, status: 'diajukan' });
    // level 2 needs the head: the same admin again is refused
    expect((await a2.post(`/api/publishing/posts/${id}/approve`, { version: 1 })).status).toBe(403);
    expect((await h.post(`/api/publishing/posts/${id}/approve`, { version: 1 })).body).toMatchObject({ level: 2, final: false });
    // level 3: the province reviews the sensitive category
    const s = await as(supervisor);
    expect((await s.post(`/api/publishing/posts/${id}/approve`, { version: 1 })).body).toMatchObject({ level: 3, final: true, status: 'disetujui' });
    await h.put(`/api/publishing/settings/${dinkes}`, { approvalLevels: 1, provinceReviewCategories: [] });
    // published now
    await h.put(`/api/publishing/posts/${id}/schedule`, { scheduledAt: new Date().toISOString() });
    expect((await settled(id, ['dipublikasikan', 'sebagian_gagal', 'gagal'])).status).toBe('dipublikasikan');
    const edit = await a.put(`/api/publishing/posts/${id}`, { baseVersion: 1, content: content('Ubah setelah terbit') });
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toMatch(/Dipublikasikan/);
  });

  it('shows a failed channel with the platform message and retries only that channel', async () => {
    const x = fakeAccounts.get('x')!;
    await control.revokeToken(x.credentials.accessToken, { reason: 'test' });
    const a = await as(author);
    const h = await as(head);
    const id = (await a.post('/api/publishing/posts', { content: content('Info layanan ambulans gratis 119 untuk warga Sumatera Barat.') })).body.id as string;
    await a.post(`/api/publishing/posts/${id}/submit`, { version: 1 });
    await h.post(`/api/publishing/posts/${id}/approve`, { version: 1 });
    await h.put(`/api/publishing/posts/${id}/schedule`, { scheduledAt: new Date().toISOString() });
    expect((await settled(id, ['dipublikasikan', 'sebagian_gagal', 'gagal'])).status).toBe('sebagian_gagal');
    const detail = (await a.get(`/api/publishing/posts/${id}`)).body;
    const failed = detail.publications.find((p: { platform: string }) => p.platform === 'x');
    expect(failed.status).toBe('failed');
    expect(failed.error).toBeTruthy();
    // reconnect X with a fresh token, then retry that one channel
    const fresh = await control.issueToken({ platform: 'x', accountId: x.id, scopes: x.credentials.scopes });
    await connect(x, fresh.token);
    const retried = await a.post(`/api/publishing/posts/${id}/publications/${failed.id}/retry`, {});
    expect(retried.status).toBe(200);
    expect((await settled(id, ['dipublikasikan', 'sebagian_gagal', 'gagal'])).status).toBe('dipublikasikan');
    for (const p of PLATFORMS) expect(await postsOnFake(p, 'ambulans gratis 119')).toHaveLength(1);
    // a published channel cannot be retried
    const again = await a.post(`/api/publishing/posts/${id}/publications/${failed.id}/retry`, {});
    expect(again.status).toBe(409);
  });

  it('campaigns: each target OPD gets a task; the board shows who amplified where; other OPDs see only their own', async () => {
    const s = await as(supervisor);
    const c = await s.post('/api/publishing/campaigns', { title: 'Gerakan Cuci Tangan', keyMessage: 'Cuci tangan pakai sabun mencegah diare dan ISPA pada anak.', hashtags: ['#CuciTanganSumbar'], targetOrgIds: [dinkes, disdik], startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 20 * 3_600_000).toISOString() });
    expect(c.status).toBe(201);
    const a = await as(author);
    expect((await a.get('/api/publishing/campaigns')).body.items[0]).toMatchObject({ title: 'Gerakan Cuci Tangan', myTask: { status: 'open' } });
    const id = (await a.post('/api/publishing/posts', { campaignId: c.body.id, content: content('Cuci tangan pakai sabun sebelum makan mencegah diare pada anak. #CuciTanganSumbar') })).body.id as string;
    await a.post(`/api/publishing/posts/${id}/submit`, { version: 1 });
    const h = await as(head);
    await h.post(`/api/publishing/posts/${id}/approve`, { version: 1 });
    await h.put(`/api/publishing/posts/${id}/schedule`, { scheduledAt: new Date().toISOString() });
    await settled(id, ['dipublikasikan']);
    const board = (await s.get(`/api/publishing/campaigns/${c.body.id}`)).body;
    expect(board.totals).toMatchObject({ targets: 2, amplified: 1, publications: 3 });
    const row = board.tasks.find((t: { orgId: string }) => t.orgId === dinkes);
    expect(row.channels.map((ch: { platform: string }) => ch.platform).sort()).toEqual(['facebook', 'telegram', 'x']);
    expect(row.firstPublishedAt).toBeTruthy();
    // DISDIK sees the campaign and only its own task; never DINKES's post
    const o = await as(outsider);
    const theirs = (await o.get(`/api/publishing/campaigns/${c.body.id}`)).body;
    expect(theirs.tasks.map((t: { orgId: string }) => t.orgId)).toEqual([disdik]);
    expect((await o.get(`/api/publishing/posts/${id}`)).status).toBe(404);
    expect((await o.get('/api/publishing/posts')).body.items.map((p: { id: string }) => p.id)).not.toContain(id);
    // reminders a day before the window closes, once
    const { remindCampaigns } = await import('./campaigns.ts');
    expect(await remindCampaigns({ db: app.db.db })).toBe(1);
    expect(await remindCampaigns({ db: app.db.db })).toBe(0);
  });

  it("province staff write on an OPD's behalf: the post and its media belong to the OPD, whose own chain approves it", async () => {
    const s = await as(supervisor);
    const up = await postMultipart(s, `/api/media?orgId=${dinkes}`, { altText: 'Petugas memeriksa jentik nyamuk di bak mandi warga.' }, [{ field: 'file', name: 'jentik.png', type: 'image/png', data: await png(600, 600) }]);
    expect(up.status, up.text).toBe(201);
    expect((await app.db.db.selectFrom('media_object').select('org_id').where('id', '=', up.body.id).executeTakeFirstOrThrow()).org_id).toBe(dinkes);
    // an OPD cannot upload into another OPD's library (refused before the file is read)
    const foreign = await postMultipart(await as(outsider), `/api/media?orgId=${dinkes}`, {}, [{ field: 'file', name: 'x.png', type: 'image/png', data: await png(10, 10) }]);
    expect(foreign.status).toBe(403);
    const created = await s.post('/api/publishing/posts', { orgId: dinkes, content: content('Pemeriksaan jentik serentak di Kota Padang, Jumat 11 Desember 2026 pukul 08.00 WIB.', { media: [{ mediaId: up.body.id, kind: 'image', altText: 'Petugas memeriksa jentik nyamuk di bak mandi warga.' }] }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect((await postRow(id)).org_id).toBe(dinkes);
    expect((await s.post(`/api/publishing/posts/${id}/submit`, { version: 1 })).status).toBe(200);
    // DINKES's chain: its head approves; the province writer cannot approve its own post
    expect((await s.post(`/api/publishing/posts/${id}/approve`, { version: 1 })).status).toBe(403);
    expect((await (await as(head)).post(`/api/publishing/posts/${id}/approve`, { version: 1 })).body.status).toBe('disetujui');
    // and DINKES's staff see it and its image
    const a = await as(author);
    expect((await a.get(`/api/publishing/posts/${id}`)).status).toBe(200);
    expect((await a.request('GET', `/api/media/${up.body.id}/content`)).status).toBe(200);
  });

  it('campaign assets: every image described, shared with the target OPDs only, usable in their posts', async () => {
    const s = await as(supervisor);
    const up = await postMultipart(s, '/api/media', {}, [{ field: 'file', name: 'poster.png', type: 'image/png', data: await png(800, 800) }]);
    expect(up.status, up.text).toBe(201);
    const mediaId = up.body.id as string;
    const body = { title: 'Sumbar Sehat Tanpa Asap Rokok', keyMessage: 'Kawasan tanpa rokok melindungi anak dari asap rokok di sekolah dan puskesmas.', hashtags: ['SumbarTanpaAsap'], targetOrgIds: [dinkes], startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 5 * 86_400_000).toISOString() };
    // an image without its description is refused, and nothing is created
    const before = await app.db.db.selectFrom('campaign').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const undescribed = await s.post('/api/publishing/campaigns', { ...body, assets: [{ mediaId, altText: '  ' }] });
    expect(undescribed.status).toBe(400);
    expect(undescribed.body.detail).toMatch(/teks alternatif/);
    expect(Number((await app.db.db.selectFrom('campaign').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(Number(before.n));
    const alt = 'Poster: anak-anak bermain di halaman sekolah dengan tanda dilarang merokok.';
    const c = await s.post('/api/publishing/campaigns', { ...body, assets: [{ mediaId, altText: alt }] });
    expect(c.status).toBe(201);
    const a = await as(author);
    const board = (await a.get(`/api/publishing/campaigns/${c.body.id}`)).body;
    expect(board.assets).toEqual([{ mediaId, kind: 'image', altText: alt }]);
    // the target OPD's staff see the province's image; another OPD's do not
    expect((await a.request('GET', `/api/media/${mediaId}/content`)).status).toBe(200);
    expect((await (await as(outsider)).request('GET', `/api/media/${mediaId}/content`)).status).toBe(404);
    // and may use it in the post they write from the campaign
    const id = (await a.post('/api/publishing/posts', { campaignId: c.body.id, content: content('Kawasan tanpa rokok melindungi anak dari asap rokok di sekolah. #SumbarTanpaAsap', { media: [{ mediaId, kind: 'image', altText: alt }] }) })).body.id as string;
    const submitted = await a.post(`/api/publishing/posts/${id}/submit`, { version: 1 });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    // a post outside the campaign cannot borrow it
    const other = (await a.post('/api/publishing/posts', { content: content('Kawasan tanpa rokok di puskesmas.', { media: [{ mediaId, kind: 'image', altText: alt }] }) })).body.id as string;
    expect((await a.post(`/api/publishing/posts/${other}/submit`, { version: 1 })).status).toBe(400);
  });

  it('posts due at the same instant go out in one due run: approved ones once per channel, an unapproved one expires, an unusable channel fails with its reason; a channel shows sending while the platform answers', async () => {
    const a = await as(author);
    const h = await as(head);
    const at = new Date(Math.ceil((Date.now() + 5000) / 1000) * 1000);
    const make = async (tag: string) => (await a.post('/api/publishing/posts', { content: content(`Posyandu balita serentak ${tag} di Kota Padang, Sabtu 12 Desember 2026 pukul 08.00 WIB.`), scheduledAt: at.toISOString() })).body.id as string;
    const [one, two, unapproved] = [await make('[serentak-1]'), await make('[serentak-2]'), await make('[serentak-3]')];
    for (const id of [one, two, unapproved]) expect((await a.post(`/api/publishing/posts/${id}/submit`, { version: 1 })).status).toBe(200);
    for (const id of [one, two]) expect((await h.post(`/api/publishing/posts/${id}/approve`, { version: 1 })).body.status).toBe('terjadwal');
    // one due job for the instant, shared by the three posts
    const dueJobs = await sql<{ key: string }>`select key from graphile_worker.jobs where task_identifier = 'publishing_due' and run_at = ${at}`.execute(app.db.db);
    expect(dueJobs.rows.map((r) => r.key)).toEqual([`publishing-due:${at.toISOString()}`]);
    // X's token expired before the due time (Dayung knows it): that channel fails, the others go out
    const xAccount = accountIds.get('x')!;
    await app.db.db.updateTable('channel_account').set({ status: 'expired' }).where('id', '=', xAccount).execute();
    await control.patchFaults({ platforms: { facebook: { latencyMs: 1500 } } });
    try {
      // while Facebook holds the request, its channel shows `sending`
      await eventually(async () => ((await a.get(`/api/publishing/posts/${one}`)).body.publications ?? []).some((p: { platform: string; status: string }) => p.platform === 'facebook' && p.status === 'sending') || null, 15_000, 50);
      const [p1, p2] = [await settled(one, ['dipublikasikan', 'sebagian_gagal', 'gagal']), await settled(two, ['dipublikasikan', 'sebagian_gagal', 'gagal'])];
      expect([p1.status, p2.status]).toEqual(['sebagian_gagal', 'sebagian_gagal']);
      expect((await settled(unapproved, ['kedaluwarsa', 'menerbitkan', 'dipublikasikan'])).status).toBe('kedaluwarsa');
    } finally {
      await control.clearFaults();
      await app.db.db.updateTable('channel_account').set({ status: 'active' }).where('id', '=', xAccount).execute();
    }
    for (const id of [one, two]) {
      const detail = (await a.get(`/api/publishing/posts/${id}`)).body;
      const by = Object.fromEntries(detail.publications.map((p: { platform: string; status: string; error: string | null }) => [p.platform, p]));
      expect(by.facebook.status).toBe('published');
      expect(by.telegram.status).toBe('published');
      expect(by.x).toMatchObject({ status: 'failed', error: expect.stringMatching(/tokennya tidak berlaku/) });
      expect(detail.publishedAt).toBeTruthy();
    }
    for (const tag of ['[serentak-1]', '[serentak-2]']) {
      for (const p of ['facebook', 'telegram'] as const) expect(await postsOnFake(p, tag), `${p} ${tag}`).toHaveLength(1);
      expect(await postsOnFake('x', tag)).toHaveLength(0);
    }
    for (const p of PLATFORMS) expect(await postsOnFake(p, '[serentak-3]')).toHaveLength(0);
    // the run was audited per post, and the failure told the OPD
    const audits = await app.db.db.selectFrom('audit_log').select(['target_id', 'action']).where('target_id', 'in', [one, two, unapproved]).where('action', 'in', ['post.publish_start', 'post.publish_done', 'post.expire']).execute();
    expect(audits.map((r) => `${r.target_id === one ? 1 : r.target_id === two ? 2 : 3}:${r.action}`).sort()).toEqual(['1:post.publish_done', '1:post.publish_start', '2:post.publish_done', '2:post.publish_start', '3:post.expire']);
    const failures = await app.db.db.selectFrom('notification').select('link').where('code', '=', 'post_failed').where('link', 'in', [`/publikasi/${one}`, `/publikasi/${two}`]).execute();
    expect(failures).toHaveLength(2);
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const a = await as(author);
    const before = await app.db.db.selectFrom('post').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const past = await a.post('/api/publishing/posts', { content: content('Teks'), scheduledAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.headers.get('content-type')).toMatch(/problem\+json/);
    expect(past.body.detail).toMatch(/Jadwal tidak valid: waktu sudah lewat/);
    const foreign = await a.post('/api/publishing/posts', { content: { ...content('Teks'), channels: [{ accountId: '00000000-0000-4000-8000-000000000000', text: null, title: null }] } });
    expect(foreign.status).toBe(400);
    const unknownField = await a.post('/api/publishing/posts', { content: content('Teks'), sneaky: true });
    expect(unknownField.status).toBe(400);
    const empty = (await a.post('/api/publishing/posts', { content: { ...content(''), channels: [] } })).body.id as string;
    const sub = await a.post(`/api/publishing/posts/${empty}/submit`, { version: 1 });
    expect(sub.status).toBe(400);
    expect(sub.body.detail).toMatch(/Teks postingan masih kosong/);
    const after = await app.db.db.selectFrom('post').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    // a viewer cannot write
    const v = await as(await buildUser(app.db.db, { role: 'viewer', orgCode: 'DINKES' }));
    expect((await v.post('/api/publishing/posts', { content: content('x') })).status).toBe(403);
  });
});
