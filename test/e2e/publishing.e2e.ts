import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient, type AccountInfo } from '../../fakes/control-client.ts';
import { startFakes, type RunningFakes } from '../../fakes/server.ts';
import { PLATFORM_MODULES } from '../../src/modules/channels/connectors/registry.ts';
import { connectDemoAccount, generateApps, hostsFor, loadKeyring, type ChannelsDeps } from '../../src/modules/channels/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { ApiClient } from '../helpers/client.ts';
import { buildUser, eventually, orgId, type BuiltUser } from '../helpers/factories.ts';
import { hasHorizontalScroll, launchBrowser, seriousA11yViolations, loginThroughForm } from './browser.ts';

// Publishing in a real browser (issue 6, "Done when"): an OPD admin composes a post with an image
// for five channels connected through the fakes; the content coach flags an unexplained
// abbreviation and the image's missing alt text; the admin fixes both, schedules it a few seconds
// ahead and submits; the OPD head approves; it goes out at its time, and every fake platform holds
// exactly one post with that channel's text and the image. Plus the calendar's "Pindahkan jadwal",
// the campaign board, axe and 360 px checks.

const PLATFORMS = ['facebook', 'instagram', 'x', 'telegram', 'tiktok'] as const;
type P = (typeof PLATFORMS)[number];
const NAMES: Record<P, string> = { facebook: 'Facebook', instagram: 'Instagram', x: 'X', telegram: 'Telegram', tiktok: 'TikTok' };

let fakes: RunningFakes;
let app: TestApp;
let control: ControlClient;
let browser: Browser;
let dinkes: string;
let admin: BuiltUser;
let head: BuiltUser;
let supervisor: BuiltUser;
const accounts = new Map<P, AccountInfo>();

const TEXT =
  'Waspada DBD di musim hujan! Dinas Kesehatan Provinsi Sumatera Barat mengadakan pengasapan (fogging) gratis di Kelurahan Lapai, Kota Padang, Sabtu 12 Desember 2026 pukul 08.00 WIB. Tutup dan kuras tempat penampungan air setiap minggu. Pertanyaan: hubungi Puskesmas Lapai.';
const FIXED_OPENING = 'Waspada demam berdarah dengue (DBD) di musim hujan!';
const ALT = 'Petugas puskesmas menyemprotkan asap fogging di halaman rumah warga Kelurahan Lapai.';

beforeAll(async () => {
  const apps = generateApps();
  fakes = await startFakes({ port: 0, seed: 'publishing-e2e', apps: { meta: { id: apps.meta.appId, secret: apps.meta.appSecret, verifyToken: apps.meta.verifyToken } } });
  control = new ControlClient(fakes.url);
  app = await startTestApp({ fakesUrl: fakes.url, apps });
  await control.patchConfig({ webhookTarget: app.url });
  dinkes = await orgId(app.db.db, 'DINKES');
  const world = await control.demo({ opds: [{ code: 'DINKES', name: 'Dinas Kesehatan' }], platforms: [...PLATFORMS] });
  const deps: ChannelsDeps = { db: app.db.db, keyring: loadKeyring({ spec: app.config.TOKEN_KEYS, dataDir: '/nonexistent' }), settings: () => ({ apps, hosts: hostsFor(fakes.url), fake: true }), modules: () => PLATFORM_MODULES, publicUrl: app.url };
  for (const a of world.opds[0]!.accounts) {
    accounts.set(a.platform as P, a);
    await connectDemoAccount(deps, dinkes, { platform: a.platform, externalId: a.id, name: a.name, handle: null, credentials: { accessToken: a.credentials.accessToken, refreshToken: null, expiresAt: null }, scopes: a.credentials.scopes, extra: a.extra, telegramSecret: null });
  }
  admin = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DINKES', name: 'Admin Medsos Dinkes' });
  head = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DINKES', name: 'Kepala Dinkes' });
  supervisor = await buildUser(app.db.db, { role: 'province_supervisor', name: 'Supervisor Kominfotik' });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await fakes?.close();
});

async function newPage(opts: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta', viewport: { width: 1280, height: 900 }, ...opts });
  return context.newPage();
}

const login = (page: Page, user: BuiltUser) => loginThroughForm(page, app.url, user);

async function api(user: BuiltUser): Promise<ApiClient> {
  const c = new ApiClient(app.url);
  await c.login(user.email, user.password);
  return c;
}

/** "2026-12-07T08:00:05": an instant as the WIB value of a datetime-local field. */
function wibField(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 19);
}

async function poster(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .png()
    .toBuffer();
}

/** Screenshots for reviewing the pages by eye: PUB_SHOTS=/some/dir. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env['PUB_SHOTS'];
  if (dir) await page.screenshot({ path: `${dir}/${name}-${page.viewportSize()?.width}.png`, fullPage: true });
}

async function noSeriousViolations(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

describe('publishing', () => {
  let postId = '';
  let scheduledAt = new Date();

  it('an OPD admin composes a post with an image for five channels, fixes what the coach flags, schedules and submits it', async () => {
    const page = await newPage();
    await login(page, admin);
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Publikasi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Publikasi' }).waitFor();
    await page.getByText('Belum ada postingan yang cocok.').waitFor();
    await noSeriousViolations(page);
    await page.getByRole('link', { name: 'Tulis postingan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tulis postingan' }).waitFor();

    // The master text (with an unexplained abbreviation) and an image without alt text.
    await page.getByLabel('Teks utama').fill(TEXT);
    await page.locator('input[type=file]').setInputFiles({ name: 'fogging.png', mimeType: 'image/png', buffer: await poster() });
    await page.getByLabel('Teks alternatif Gambar 1').waitFor();
    // The draft is created by autosave; the URL becomes the post's.
    await page.waitForURL((u) => /\/publikasi\/[0-9a-f-]{36}$/.test(u.pathname));
    postId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('status').filter({ hasText: /Tersimpan .* \(versi \d+\)/ }).waitFor();

    // Five channels; per channel the derived text with a live counter.
    for (const p of PLATFORMS) await page.getByText(`${NAMES[p]} · ${accounts.get(p)!.name}`).click();
    const tabs = page.getByRole('tablist', { name: 'Teks per kanal' });
    for (const p of PLATFORMS) await tabs.getByRole('tab', { name: new RegExp(`^${NAMES[p]}`) }).waitFor();
    await tabs.getByRole('tab', { name: /^X/ }).click();
    await page.getByRole('tabpanel').getByText(/X: \d+ \/ 280 karakter/).first().waitFor();
    await page.getByRole('region', { name: 'Pratinjau X' }).waitFor();

    // The coach beside the editor flags the unexplained abbreviation and the image without alt text.
    const coach = page.getByRole('region', { name: 'Pelatih konten' });
    const abbreviation = coach.locator('[data-rule="abbreviation.unexplained"]').filter({ hasText: 'DBD' });
    const altMissing = coach.locator('[data-rule="accessibility.alt_text_missing"]');
    await abbreviation.waitFor();
    await altMissing.waitFor();
    // a finding shows where it is: the abbreviation is selected in the master text
    await abbreviation.getByRole('button').click();
    const text = page.getByLabel('Teks utama');
    expect(await text.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe('DBD');

    // Fix both: the abbreviation spelled out on first use, the image described.
    await text.fill(TEXT.replace('Waspada DBD di musim hujan!', FIXED_OPENING));
    await page.getByLabel('Teks alternatif Gambar 1').fill(ALT);
    await expect.poll(() => abbreviation.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => altMissing.count(), { timeout: 10_000 }).toBe(0);
    await coach.getByRole('meter').waitFor();

    await noSeriousViolations(page);
    await shot(page, 'composer');

    // Scheduled a few seconds ahead (WIB), then submitted.
    scheduledAt = new Date(Math.ceil((Date.now() + 30_000) / 1000) * 1000);
    await page.getByLabel('Tanggal dan jam terbit (WIB)').fill(wibField(scheduledAt));
    await page.getByRole('button', { name: 'Simpan jadwal' }).click();
    await page.getByText('Jadwal disimpan.').waitFor();
    await page.getByRole('status').filter({ hasText: /Tersimpan .* \(versi \d+\)/ }).waitFor();
    await page.getByRole('button', { name: 'Ajukan', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Ajukan' });
    await dialog.getByRole('button', { name: 'Ajukan', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.composer__status').getByText('Diajukan').waitFor();
    // the author cannot approve their own post
    expect(await page.getByRole('button', { name: 'Setujui', exact: true }).count()).toBe(0);
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, 'composer');
    await page.context().close();
  });

  it('the OPD head approves; it publishes at the scheduled time, exactly once per channel with its text and the image', async () => {
    const page = await newPage();
    await login(page, head);
    await page.goto(`${app.url}/publikasi/${postId}`);
    await page.getByRole('heading', { level: 1, name: 'Postingan' }).waitFor();
    await page.getByText(FIXED_OPENING, { exact: false }).first().waitFor();
    await page.getByRole('button', { name: 'Setujui', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Setujui' });
    await dialog.getByLabel('Komentar (opsional)').fill('Sudah sesuai, terbitkan.');
    await dialog.getByRole('button', { name: 'Setujui', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const status = page.locator('.composer__status');
    await status.getByText('Terjadwal').waitFor();
    await page.getByText('Disetujui oleh Kepala Dinkes').waitFor();
    expect(Date.now()).toBeLessThan(scheduledAt.getTime());

    await status.getByText('Dipublikasikan').waitFor({ timeout: 60_000 });
    const row = await app.db.db.selectFrom('post').select(['status', 'published_at']).where('id', '=', postId).executeTakeFirstOrThrow();
    expect(row.status).toBe('dipublikasikan');
    const publications = await app.db.db.selectFrom('publication').selectAll().where('post_id', '=', postId).execute();
    expect(publications).toHaveLength(5);
    for (const p of publications) {
      expect(p.status).toBe('published');
      // not before its time, and within the same minute
      expect(new Date(p.published_at!).getTime()).toBeGreaterThanOrEqual(scheduledAt.getTime() - 2000);
      expect(new Date(p.published_at!).getTime()).toBeLessThan(scheduledAt.getTime() + 60_000);
    }
    const pubs = page.getByRole('region', { name: 'Publikasi per kanal' });
    for (const p of PLATFORMS) await pubs.locator(`[data-publication="${p}"]`).getByText('Terbit', { exact: true }).waitFor();
    await pubs.getByRole('link', { name: 'Lihat di Facebook' }).waitFor();
    await shot(page, 'published');

    // Each fake platform holds exactly one post: that channel's text, and the image.
    const detail = (await (await api(admin)).get(`/api/publishing/posts/${postId}`)).body as { variants: { platform: P; text: string; title: string | null }[]; content: { media: { altText: string }[] } };
    expect(detail.content.media[0]!.altText).toBe(ALT);
    for (const p of PLATFORMS) {
      const records = (await control.records({ platform: p, kind: 'post', accountId: accounts.get(p)!.id })).filter((r) => JSON.stringify(r).includes('demam berdarah dengue'));
      expect(records, p).toHaveLength(1);
      const rec = records[0]!;
      const variant = detail.variants.find((v) => v.platform === p)!;
      const data = rec.data as Record<string, unknown>;
      if (p === 'tiktok') {
        // A TikTok photo post: its title, and the channel's text as its description.
        expect(data.title).toBe(variant.title);
        expect(rec.text).toBe(variant.text);
        expect(data.mediaType).toBe('PHOTO');
        expect(data.photoUrls).toHaveLength(1);
      } else {
        expect(rec.text, p).toBe(variant.text);
      }
      if (p === 'facebook') expect(data.type).toBe('photo');
      if (p === 'instagram') expect(String(data.imageUrl)).toContain('/media/');
      if (p === 'x') expect(data.mediaIds).toHaveLength(1);
      if (p === 'telegram') expect(data.media).toBe('photo');
    }
    // X got the short variant (within 280 weighted characters); Facebook the whole text.
    expect(detail.variants.find((v) => v.platform === 'x')!.text.length).toBeLessThan(detail.variants.find((v) => v.platform === 'facebook')!.text.length + 1);
    await noSeriousViolations(page);
    await page.context().close();
  });

  it('the calendar shows posts by status in words; a draft moves by dragging or with "Pindahkan jadwal"; an author moving an approved post is refused with the reason', async () => {
    const a = await api(admin);
    const fb = (await a.get('/api/publishing/accounts')).body.items.find((x: { platform: string }) => x.platform === 'facebook').id as string;
    // Three days ahead; the drop target is another day of the same week (Monday-first), still ahead.
    const due = new Date(Date.now() + 3 * 86_400_000);
    const day = wibField(due).slice(0, 10);
    const monday = new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
    const shift = monday ? 1 : -1;
    const target = wibField(new Date(due.getTime() + shift * 86_400_000)).slice(0, 10);
    const content = { title: 'Jadwal posyandu', text: 'Jadwal posyandu balita bulan ini di Kota Padang.', link: null, media: [], channels: [{ accountId: fb, text: null, title: null }], catalog: null };
    const draft = (await a.post('/api/publishing/posts', { content, scheduledAt: due.toISOString() })).body.id as string;
    const scheduled = async () => new Date((await app.db.db.selectFrom('post').select('scheduled_at').where('id', '=', draft).executeTakeFirstOrThrow()).scheduled_at!);

    const page = await newPage();
    await login(page, admin);
    await page.goto(`${app.url}/publikasi?tampilan=kalender&kal=minggu&tgl=${day}`);
    const item = page.locator(`[data-post-item="${draft}"]`);
    await item.getByText('Draf').waitFor();
    await noSeriousViolations(page);
    // drag to another day: same time of day
    await item.dragTo(page.locator(`[data-day="${target}"]`));
    await page.locator(`[data-day="${target}"] [data-post-item="${draft}"]`).waitFor();
    expect((await scheduled()).getTime()).toBe(due.getTime() + shift * 86_400_000);

    // the keyboard alternative: "Pindahkan jadwal" with a date and time (WIB)
    const later = new Date(due.getTime() + 2 * 86_400_000);
    await item.getByRole('button', { name: 'Pindahkan jadwal: Jadwal posyandu' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Pindahkan jadwal' });
    await dialog.getByLabel('Tanggal dan jam terbit (WIB)').fill(wibField(later).slice(0, 16));
    await dialog.getByRole('button', { name: 'Pindahkan', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(wibField(await scheduled()).slice(0, 16)).toBe(wibField(later).slice(0, 16));

    // approved by the head; the author's drag is refused with the server's reason
    expect((await a.post(`/api/publishing/posts/${draft}/submit`, { version: 1 })).status).toBe(200);
    expect((await (await api(head)).post(`/api/publishing/posts/${draft}/approve`, { version: 1 })).status).toBe(200);
    const laterDay = wibField(later).slice(0, 10);
    const other = wibField(new Date(later.getTime() + (new Date(`${laterDay}T00:00:00Z`).getUTCDay() === 1 ? 1 : -1) * 86_400_000)).slice(0, 10);
    await page.goto(`${app.url}/publikasi?tampilan=kalender&kal=minggu&tgl=${laterDay}`);
    await item.getByText('Terjadwal').waitFor();
    const before = await scheduled();
    await item.dragTo(page.locator(`[data-day="${other}"]`));
    await page.getByText(/penyetuju postingan/).first().waitFor();
    expect((await scheduled()).getTime()).toBe(before.getTime());

    // month view, then 360 px
    await page.goto(`${app.url}/publikasi?tampilan=kalender`);
    await page.getByRole('table', { name: /Kalender publikasi/ }).waitFor();
    await noSeriousViolations(page);
    await shot(page, 'calendar');
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.goto(`${app.url}/publikasi`);
    await page.getByRole('list', { name: 'Daftar postingan' }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, 'list');
    await page.context().close();
  });

  it('autosave meets a newer version saved elsewhere: a clear message and a reload, nothing overwritten', async () => {
    const a = await api(admin);
    const content = { title: '', text: 'Pengumuman jam layanan puskesmas selama libur akhir tahun.', link: null, media: [], channels: [], catalog: null };
    const id = (await a.post('/api/publishing/posts', { content })).body.id as string;
    const page = await newPage();
    await login(page, admin);
    await page.goto(`${app.url}/publikasi/${id}`);
    const text = page.getByLabel('Teks utama');
    await expect.poll(() => text.inputValue()).toBe(content.text);
    // a colleague saves version 2 meanwhile
    expect((await (await api(head)).put(`/api/publishing/posts/${id}`, { baseVersion: 1, content: { ...content, text: `${content.text} Versi kepala.` } })).status).toBe(200);
    await text.fill(`${content.text} Versi admin.`);
    const alert = page.getByRole('alert').filter({ hasText: 'Ada versi yang lebih baru' });
    await alert.waitFor();
    await page.getByRole('status').filter({ hasText: 'Tidak tersimpan: ada versi yang lebih baru' }).waitFor();
    expect((await a.get(`/api/publishing/posts/${id}`)).body.content.text).toContain('Versi kepala.');
    await alert.getByRole('button', { name: 'Muat ulang versi terbaru' }).click();
    await expect.poll(() => page.getByLabel('Teks utama').inputValue()).toContain('Versi kepala.');
    await alert.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it("Kominfotik writes a post on DINKES's behalf: DINKES's channels, the post and its image belong to DINKES", async () => {
    const page = await newPage();
    await login(page, supervisor);
    await page.goto(`${app.url}/publikasi/baru`);
    await page.getByRole('heading', { level: 1, name: 'Tulis postingan' }).waitFor();
    // chosen before writing: the OPD's own channels are offered
    await page.getByRole('button', { name: /Atas nama OPD/ }).click();
    await page.getByRole('option', { name: /^DINKES · / }).click();
    await page.getByText(`Facebook · ${accounts.get('facebook')!.name}`).click();
    await page.getByLabel('Teks utama').fill('Kominfotik atas nama Dinas Kesehatan: pemeriksaan kesehatan gratis di Taman Imam Bonjol, Minggu pukul 07.00 WIB.');
    await page.locator('input[type=file]').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: await poster() });
    await page.getByLabel('Teks alternatif Gambar 1').fill('Poster pemeriksaan kesehatan gratis di Taman Imam Bonjol');
    await page.waitForURL((u) => /\/publikasi\/[0-9a-f-]{36}$/.test(u.pathname));
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('status').filter({ hasText: /Tersimpan .* \(versi \d+\)/ }).waitFor();
    await noSeriousViolations(page);
    const saved = await eventually(async () => ((r) => (r && r.org_id === dinkes && (r.content as { media: unknown[] }).media.length === 1 ? r : null))(await app.db.db.selectFrom('post as p').innerJoin('post_version as v', (j) => j.onRef('v.post_id', '=', 'p.id').onRef('v.number', '=', 'p.current_version')).select(['p.org_id', 'v.content']).where('p.id', '=', id).executeTakeFirst()), 10_000);
    const mediaId = (saved.content as { media: { mediaId: string }[] }).media[0]!.mediaId;
    expect((await app.db.db.selectFrom('media_object').select('org_id').where('id', '=', mediaId).executeTakeFirstOrThrow()).org_id).toBe(dinkes);
    await page.context().close();
  });

  it('campaigns: Kominfotik creates one; the OPD sees its task on the board and opens the composer with the key message', async () => {
    const page = await newPage();
    await login(page, supervisor);
    await page.goto(`${app.url}/publikasi/kampanye`);
    await page.getByRole('heading', { level: 1, name: 'Kampanye' }).waitFor();
    await page.getByRole('button', { name: 'Buat kampanye' }).click();
    await page.getByLabel('Judul kampanye').fill('Gerakan 3M Plus');
    await page.getByLabel('Pesan kunci').fill('Cegah demam berdarah dengue (DBD) dengan menguras, menutup, dan mendaur ulang.');
    await page.getByLabel('Tagar (opsional)').fill('#SumbarBebasDBD');
    // an asset for the OPDs, described for screen-reader users
    const assetAlt = 'Poster 3M Plus: menguras, menutup dan mendaur ulang wadah air.';
    await page.locator('input[type=file]').setInputFiles({ name: '3m-plus.png', mimeType: 'image/png', buffer: await poster() });
    await page.getByLabel('Teks alternatif Gambar 1').fill(assetAlt);
    await page.getByLabel('Mulai (WIB)').fill(wibField(new Date(Date.now() - 60_000)).slice(0, 16));
    // the field reads the time back in words, whatever the device's date format
    await page.getByText(/^Terbaca: (Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} \p{L}+ \d{4} pukul \d{2}\.\d{2} WIB$/u).first().waitFor();
    await page.getByLabel('Selesai (WIB)').fill(wibField(new Date(Date.now() + 5 * 86_400_000)).slice(0, 16));
    await page.getByLabel('Saring OPD').fill('DINKES');
    await page.getByText(/^DINKES · /).click();
    await noSeriousViolations(page);
    await page.getByRole('button', { name: 'Buat kampanye', exact: true }).last().click();
    await page.getByRole('heading', { level: 1, name: 'Gerakan 3M Plus' }).waitFor();
    await page.context().close();

    const opd = await newPage();
    await login(opd, admin);
    await opd.goto(`${app.url}/publikasi/kampanye`);
    await opd.getByRole('link', { name: 'Gerakan 3M Plus' }).click();
    await opd.getByRole('heading', { level: 1, name: 'Gerakan 3M Plus' }).waitFor();
    await opd.getByRole('heading', { name: 'Tugas OPD Anda' }).waitFor();
    // the campaign's asset, shown to the target OPD with its description
    await opd.getByRole('img', { name: 'Poster 3M Plus: menguras, menutup dan mendaur ulang wadah air.' }).waitFor();
    await expect.poll(() => opd.getByRole('img', { name: 'Poster 3M Plus: menguras, menutup dan mendaur ulang wadah air.' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await noSeriousViolations(opd);
    await shot(opd, 'board');
    await opd.setViewportSize({ width: 360, height: 800 });
    expect(await hasHorizontalScroll(opd)).toBe(false);
    await opd.setViewportSize({ width: 1280, height: 900 });
    // the same board in English
    await opd.getByRole('radio', { name: /^EN, English$/ }).or(opd.getByRole('button', { name: /^EN, English$/ })).first().click();
    await opd.getByRole('heading', { name: "Your OPD's task" }).waitFor();
    await opd.getByRole('radio', { name: /^ID, Bahasa Indonesia$/ }).or(opd.getByRole('button', { name: /^ID, Bahasa Indonesia$/ })).first().click();
    await opd.getByRole('heading', { name: 'Tugas OPD Anda' }).waitFor();
    await opd.getByRole('link', { name: 'Buat postingan' }).click();
    await opd.getByRole('heading', { level: 1, name: 'Tulis postingan' }).waitFor();
    await opd.getByText('Bagian dari kampanye: Gerakan 3M Plus').waitFor();
    await expect.poll(() => opd.getByLabel('Teks utama').inputValue()).toContain('#SumbarBebasDBD');
    // the post starts with the campaign's asset and its description
    await expect.poll(() => opd.getByLabel('Teks alternatif Gambar 1').inputValue()).toBe('Poster 3M Plus: menguras, menutup dan mendaur ulang wadah air.');
    // an own photo added and moved in front (the first image is the cover), by buttons that work without dragging
    await opd.locator('input[type=file]').setInputFiles({ name: 'kader.png', mimeType: 'image/png', buffer: await poster() });
    await opd.getByLabel('Teks alternatif Gambar 2').fill('Kader jumantik memeriksa bak mandi warga.');
    await opd.getByRole('button', { name: 'Pindahkan Gambar 2 ke depan' }).click();
    await expect.poll(() => opd.getByLabel('Teks alternatif Gambar 1').inputValue()).toBe('Kader jumantik memeriksa bak mandi warga.');
    await expect.poll(() => opd.getByLabel('Teks alternatif Gambar 2').inputValue()).toBe('Poster 3M Plus: menguras, menutup dan mendaur ulang wadah air.');
    await opd.getByRole('status').filter({ hasText: 'Media dipindahkan ke urutan 1 dari 2.' }).waitFor({ state: 'attached' });
    await opd.waitForURL((u) => /\/publikasi\/[0-9a-f-]{36}$/.test(u.pathname));
    const id = new URL(opd.url()).pathname.split('/').pop()!;
    const post = await eventually(() => app.db.db.selectFrom('post').select(['campaign_id']).where('id', '=', id).executeTakeFirst(), 10_000);
    expect(post.campaign_id).toBeTruthy();
    await opd.context().close();
  });
});
