import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { ApiClient } from '../helpers/client.ts';
import { buildUser, type BuiltUser } from '../helpers/factories.ts';
import { png } from '../helpers/media.ts';
import { hasHorizontalScroll, launchBrowser, seriousA11yViolations, loginThroughForm } from './browser.ts';

// Aduan through the UI (issue 5): a citizen's complaint on the public /lapor form end to end (code,
// tracking page); a case handed off to the kabupaten/kota; a duplicate merged into its original; a
// tunda with its reason and the resume; the province admin screens (routing rules with the test box,
// Open311 keys); each checked with axe and at 360 px where it matters.

let app: TestApp;
let browser: Browser;
let head: BuiltUser;
let admin: BuiltUser;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  head = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DINKES', name: 'Kepala Dinkes' });
  admin = await buildUser(app.db.db, { role: 'province_admin', name: 'Admin Kominfotik' });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function newPage(opts: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta', ...opts });
  return context.newPage();
}

const login = (page: Page, user: BuiltUser) => loginThroughForm(page, app.url, user);

async function api(user: BuiltUser): Promise<ApiClient> {
  const c = new ApiClient(app.url);
  expect((await c.login(user.email, user.password)).status).toBe(200);
  return c;
}

/** Picks an option of a react-aria select or combo box by its label text. */
async function choose(page: Page, scope: Locator, label: RegExp, option: RegExp): Promise<void> {
  await scope.getByRole('button', { name: label }).first().click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Opens a case action's dialog, fills it, confirms, and waits for the dialog to close. */
async function act(page: Page, action: string, fill: (dialog: Locator) => Promise<void> = async () => {}): Promise<void> {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await dialog.waitFor();
  await fill(dialog);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

const status = (page: Page) => page.locator('.case-detail__status');

describe('Aduan through the UI', () => {
  it('a citizen submits /lapor, gets a tracking code, and the tracking page shows the complaint', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/lapor`);
    await page.getByRole('heading', { level: 1, name: 'Sampaikan aduan' }).waitFor();
    const opened = Date.now();
    await choose(page, page.locator('main'), /Kategori/, /Jalan/);
    await page.getByLabel('Uraian aduan').fill('Jalan provinsi di depan pasar Lubuk Alung berlubang besar sejak dua minggu, sudah dua motor jatuh.');
    await choose(page, page.locator('main'), /Kabupaten\/kota/, /Padang Pariaman/);
    await page.getByLabel('Nama', { exact: true }).fill('Rahmat Hidayat');
    // the form token wants a human's pace (at least 4 s after the form opened)
    await page.waitForTimeout(Math.max(0, 4_500 - (Date.now() - opened)));
    await page.getByRole('button', { name: 'Kirim aduan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aduan terkirim' }).waitFor();
    const code = (await page.locator('[data-tracking-code]').textContent())!.trim();
    expect(code).toMatch(/^SB-\d{4}-\d{6,}$/);
    expect((await page.locator('[data-tracking-secret]').textContent())!.length).toBeGreaterThan(10);
    expect(await seriousA11yViolations(page)).toEqual([]);
    const row = await app.db.db.selectFrom('complaint_case').select(['status', 'source_channel', 'reporter_name', 'regency_code']).where('code', '=', code).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'diterima', source_channel: 'web', reporter_name: 'Rahmat Hidayat', regency_code: '13.05' });

    await page.getByRole('link', { name: new RegExp(`/lacak/${code}`) }).click();
    await page.getByRole('heading', { level: 1, name: `Aduan ${code}` }).waitFor();
    const main = page.locator('main');
    await main.getByRole('list', { name: 'Riwayat' }).getByText(`Aduan diterima dengan kode pelacakan ${code}.`).waitFor();
    expect((await main.textContent()) ?? '').not.toContain('Rahmat');
    // the history follows the reader's language
    await page.getByRole('radio', { name: /^EN/ }).click({ force: true });
    await main.getByRole('list', { name: /History/ }).getByText(`Complaint received with tracking code ${code}.`).waitFor();
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('the OPD says "bukan wewenang" and Kominfotik hands the case off to the kabupaten/kota with a letter', async () => {
    const h = await api(head);
    const made = await h.post('/api/cases', { description: 'KTP elektronik saya belum jadi sejak tiga bulan di Disdukcapil Kota Padang, mohon dibantu.', channel: 'phone', regencyCode: '13.71' });
    expect(made.status).toBe(201);
    const { id, code } = made.body as { id: string; code: string };

    const page = await newPage();
    await login(page, head);
    await page.goto(`${app.url}/aduan`);
    // desktop: a table, its row header the link to the case
    const table = page.getByRole('table', { name: 'Daftar aduan' });
    await table.getByRole('link', { name: new RegExp(code) }).click();
    await page.getByRole('heading', { level: 1, name: `Aduan ${code}` }).waitFor();
    await act(page, 'Bukan wewenang', async (d) => {
      await choose(page, d, /Instansi tujuan/, /Kabupaten\/Kota/);
      await d.getByLabel('Alasan').fill('KTP-el adalah urusan Disdukcapil kabupaten/kota');
    });
    // back to the coordinator: the OPD no longer acts on it
    await status(page).getByText('Bukan wewenang').waitFor();
    await page.context().close();

    const p2 = await newPage();
    await login(p2, admin);
    await p2.goto(`${app.url}/aduan/${id}`);
    await p2.getByRole('heading', { level: 1, name: `Aduan ${code}` }).waitFor();
    await act(p2, 'Teruskan ke instansi luar', async (d) => {
      await choose(p2, d, /Instansi tujuan/, /Kabupaten\/Kota/);
      await d.getByLabel('Catatan').fill('Mohon dibantu percepatan');
    });
    const letter = p2.getByRole('region', { name: 'Surat pengantar penerusan' }).or(p2.locator('.letter'));
    await p2.locator('.letter').waitFor();
    expect(await p2.locator('.letter').textContent()).toContain(`${code}/DAYUNG/`);
    expect(await p2.locator('.letter').textContent()).toContain('Kota Padang');
    void letter;
    await p2.getByText(/Aduan diteruskan kepada .*Kabupaten\/Kota/).first().waitFor();
    const row = await app.db.db.selectFrom('complaint_case').select(['status', 'handed_off_to']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'bukan_wewenang', handed_off_to: 'KABKOTA' });
    expect(await seriousA11yViolations(p2)).toEqual([]);
    await p2.context().close();
  });

  it('a duplicate is merged into its original from the suggestions; the original counts both reporters', async () => {
    const h = await api(head);
    const text = 'Stok vaksin campak di Puskesmas Andalas kosong sejak awal bulan, anak kami belum bisa diimunisasi';
    const original = (await h.post('/api/cases', { description: text, channel: 'phone', categoryCode: 'KESEHATAN' })).body as { id: string; code: string };
    const second = (await h.post('/api/cases', { description: `${text}. Mohon segera.`, channel: 'walk_in', categoryCode: 'KESEHATAN' })).body as { id: string; code: string };

    const page = await newPage();
    await login(page, head);
    await page.goto(`${app.url}/aduan/${second.id}`);
    await page.getByRole('heading', { level: 1, name: `Aduan ${second.code}` }).waitFor();
    await act(page, 'Tandai duplikat', async (d) => {
      await d.getByRole('list', { name: 'Aduan serupa' }).or(d.locator('.similar-list')).first().waitFor();
      await d.getByRole('button', { name: `Pakai ${original.code}` }).click();
      expect(await d.getByLabel('Kode aduan asal').inputValue()).toBe(original.code);
    });
    await status(page).getByText('Duplikat').waitFor();
    await page.getByRole('link', { name: original.code }).first().click();
    await page.getByRole('heading', { level: 1, name: `Aduan ${original.code}` }).waitFor();
    await page.getByRole('heading', { name: /Pelapor \(2\)|2 pelapor/ }).waitFor();
    await page.getByText(new RegExp(`Aduan ${second.code} digabungkan ke aduan ini`)).waitFor();
    const rows = await app.db.db.selectFrom('complaint_case').select(['id', 'status', 'reporters_count', 'duplicate_of']).where('id', 'in', [original.id, second.id]).execute();
    expect(rows.find((r) => r.id === second.id)).toMatchObject({ status: 'duplikat', duplicate_of: original.id });
    expect(rows.find((r) => r.id === original.id)).toMatchObject({ reporters_count: 2 });
    await page.context().close();
  });

  it('tunda with a reason pauses the deadlines; the head resumes it; at 360 px the list is cards without sideways scrolling', async () => {
    const h = await api(head);
    const c = (await h.post('/api/cases', { description: 'Ambulans desa Koto Tangah rusak, mohon perbaikan; data pelapor menyusul', channel: 'phone' })).body as { id: string; code: string };
    const page = await newPage();
    await login(page, head);
    await page.goto(`${app.url}/aduan/${c.id}`);
    await page.getByRole('heading', { level: 1, name: `Aduan ${c.code}` }).waitFor();
    await act(page, 'Tunda', async (d) => {
      await d.getByLabel('Alasan').fill('Menunggu kelengkapan data dari pelapor');
    });
    await status(page).getByText('Ditunda').waitFor();
    await page.getByText('Alasan penundaan: Menunggu kelengkapan data dari pelapor').waitFor();
    await page.getByText('Aduan ditunda: semua batas waktu berhenti.').waitFor();
    const held = await app.db.db.selectFrom('complaint_case').select(['status', 'hold_reason', 'status_before_tunda']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(held).toEqual({ status: 'tunda', hold_reason: 'Menunggu kelengkapan data dari pelapor', status_before_tunda: 'diterima' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await act(page, 'Lanjutkan');
    await status(page).getByText('Diterima').waitFor();
    // the history shows both steps, in the reader's language
    await page.getByText('Untuk pelapor: Penanganan aduan ditunda sementara.').waitFor();
    await page.getByText('Untuk pelapor: Penanganan aduan dilanjutkan.').waitFor();
    // evidence of the follow-up: a photo the head attaches, described for screen-reader users
    await page.locator('input[type=file]').setInputFiles({ name: 'ambulans.png', mimeType: 'image/png', buffer: await png(200, 150) });
    await page.getByText('Dipilih: ambulans.png').waitFor();
    await page.getByLabel('Deskripsi isi berkas (teks alternatif)').fill('Ambulans desa di bengkel, ban depan sudah diganti');
    await page.getByRole('button', { name: 'Lampirkan' }).click();
    await page.getByRole('img', { name: 'Ambulans desa di bengkel, ban depan sudah diganti' }).waitFor();
    await page.getByText('Petugas menambahkan lampiran.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${app.url}/aduan`);
    await page.getByRole('list', { name: 'Daftar aduan' }).getByRole('link', { name: new RegExp(c.code) }).waitFor();
    expect(await page.getByRole('table', { name: 'Daftar aduan' }).count()).toBe(0);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('province admins find the routing rules (with the test box) and the Open311 keys in the navigation', async () => {
    const page = await newPage();
    await login(page, admin);
    const nav = page.getByRole('navigation', { name: 'Navigasi utama' });
    await nav.getByRole('link', { name: 'Aturan Penerusan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aturan penerusan' }).waitFor();
    await page.getByRole('button', { name: 'Tambah aturan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tambah aturan penerusan' });
    await dialog.getByLabel('Nama aturan').fill('Samsat ke Bapenda');
    await dialog.getByLabel('Kata kunci').fill('samsat, pajak kendaraan');
    // a combo box (enabled once the OPDs are loaded): type to filter, then pick
    const route = dialog.getByRole('combobox', { name: 'Teruskan ke OPD' });
    await route.click();
    await route.pressSequentially('BAPENDA');
    await page.getByRole('option', { name: /^BAPENDA/ }).first().click();
    expect(await route.inputValue()).toMatch(/^BAPENDA/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Daftar aturan' }).getByRole('rowheader', { name: 'Samsat ke Bapenda' }).waitFor();
    await page.getByLabel('Contoh pesan').fill('Antrean di samsat lama sekali, mau bayar pajak kendaraan');
    await page.getByRole('button', { name: 'Uji', exact: true }).click();
    await page.getByText('Berlaku: Samsat ke Bapenda.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.getByRole('list', { name: 'Daftar aturan' }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.setViewportSize({ width: 1280, height: 800 });

    await nav.getByRole('link', { name: 'Kunci Open311' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kunci API Open311' }).waitFor();
    await page.getByLabel('Nama aplikasi').fill('Aplikasi Pengaduan Kota Padang');
    await page.getByRole('button', { name: 'Buat kunci' }).click();
    const key = (await page.locator('.open311-new-key code').textContent())!.trim();
    expect(key).toMatch(/^d311_/);
    const stored = await app.db.db.selectFrom('open311_api_key').select(['key_hash', 'revoked_at']).where('name', '=', 'Aplikasi Pengaduan Kota Padang').executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key);
    await page.getByRole('table', { name: 'Daftar kunci' }).getByRole('rowheader', { name: /Aplikasi Pengaduan Kota Padang/ }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cabut kunci Aplikasi Pengaduan Kota Padang' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Cabut kunci API?' });
    await confirm.getByRole('button', { name: 'Cabut' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Daftar kunci' }).getByText('Dicabut').waitFor();
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();

    // an OPD head sees neither entry
    const p2 = await newPage();
    await login(p2, head);
    const nav2 = p2.getByRole('navigation', { name: 'Navigasi utama' });
    expect(await nav2.getByRole('link', { name: 'Aturan Penerusan' }).count()).toBe(0);
    expect(await nav2.getByRole('link', { name: 'Kunci Open311' }).count()).toBe(0);
    await p2.context().close();
  });
});
