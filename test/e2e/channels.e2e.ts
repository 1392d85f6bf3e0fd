import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildUser, eventually, orgId, type BuiltUser } from '../helpers/factories.ts';
import { hasHorizontalScroll, launchBrowser, seriousA11yViolations, loginThroughForm } from './browser.ts';

// The Saluran pages in a real browser: DINKES's accounts with their token health, the masked raw
// events, what a viewer may not do, the province table, the OAuth outcome banner and the bell.

let app: TestApp;
let browser: Browser;
let admin: BuiltUser;
let viewer: BuiltUser;
let supervisor: BuiltUser;

// A valid-looking NIK (DDMMYY = 66 07 89, a woman born 26 July 1989): the preview must mask it.
const NIK = '1305046607890003';

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  admin = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DINKES', name: 'Admin Dinkes' });
  viewer = await buildUser(app.db.db, { role: 'viewer', orgCode: 'DINKES', name: 'Pemantau Dinkes' });
  supervisor = await buildUser(app.db.db, { role: 'province_supervisor', name: 'Supervisor Provinsi' });
  const db = app.db.db;
  const dinkes = await orgId(db, 'DINKES');
  const now = Date.now();
  const accounts = await db
    .insertInto('channel_account')
    .values([
      { org_id: dinkes, platform: 'facebook', external_id: 'uji-fb-dinkes', name: 'Dinas Kesehatan Sumbar', handle: 'dinkes.sumbarprov', status: 'active', scopes: ['pages_show_list'], last_checked_at: new Date(now - 3_600_000) },
      {
        org_id: dinkes,
        platform: 'instagram',
        external_id: 'uji-ig-dinkes',
        name: 'Instagram Dinkes',
        handle: '@dinkes.sumbar',
        status: 'revoked',
        scopes: [],
        last_error: 'Error validating access token: the user has not authorized application (code 190, subcode 458)',
        last_error_at: new Date(now - 1_200_000),
      },
      { org_id: dinkes, platform: 'x', external_id: 'uji-x-dinkes', name: 'X Dinkes', handle: '@dinkes_sumbar', status: 'expiring', scopes: [], token_expires_at: new Date(now + 3 * 86_400_000) },
    ])
    .returning(['id', 'platform'])
    .execute();
  const fb = accounts.find((a) => a.platform === 'facebook')!.id;
  const event = (key: string, kind: string, payload: unknown, unknown = false) => ({
    platform: 'facebook',
    dedupe_key: key,
    account_id: fb,
    org_id: dinkes,
    external_account_id: 'uji-fb-dinkes',
    kind,
    occurred_at: new Date(now - 60_000),
    payload: JSON.stringify(payload),
    unknown,
  });
  await db
    .insertInto('inbound_event')
    .values([
      event('uji:1', 'feed.comment.add', { field: 'feed', value: { item: 'comment', verb: 'add', from: { id: '1', name: 'Rahmi Wulandari' }, message: `Mohon bantuan, NIK ${NIK} belum terdaftar BPJS` } }),
      event('uji:2', 'unknown', { field: 'something_new', value: { foo: 1 } }, true),
    ])
    .execute();
  await db
    .insertInto('notification')
    .values({ org_id: dinkes, level: 'critical', code: 'channel.revoked', title: 'Akses Dayung ke Instagram Dinkes dicabut', body: 'Hubungkan ulang akun ini di halaman Saluran.', link: '/saluran' })
    .execute();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function newPage(opts: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta', ...opts });
  return context.newPage();
}

const login = (page: Page, user: BuiltUser) => loginThroughForm(page, app.url, user);

const card = (page: Page, platform: string) => page.locator('.platform-card').filter({ has: page.getByRole('heading', { level: 3, name: platform, exact: true }) });

describe('Saluran', () => {
  it('an OPD admin sees the accounts with their status in words, masked events, and manage buttons', async () => {
    const page = await newPage();
    await login(page, admin);
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Saluran' }).click();
    await page.getByRole('heading', { level: 1, name: 'Saluran' }).waitFor();

    const facebook = card(page, 'Facebook');
    await facebook.getByRole('heading', { name: 'Dinas Kesehatan Sumbar' }).waitFor();
    expect(await facebook.getByText('Aktif', { exact: true }).count()).toBe(1);
    expect(await facebook.getByText('@dinkes.sumbarprov').count()).toBe(1);
    expect(await facebook.getByRole('button', { name: 'Periksa sekarang: Facebook Dinas Kesehatan Sumbar' }).count()).toBe(1);
    expect(await facebook.getByRole('button', { name: 'Putuskan Facebook Dinas Kesehatan Sumbar' }).count()).toBe(1);
    // the last event time, relative
    await expect.poll(() => facebook.getByText(/menit yang lalu|baru saja/).count()).toBeGreaterThan(0);

    const instagram = card(page, 'Instagram');
    expect(await instagram.getByText('Dicabut', { exact: true }).count()).toBe(1);
    expect(await instagram.getByText(/code 190, subcode 458/).count()).toBeGreaterThan(0);
    expect(await card(page, 'X').getByText('Segera kedaluwarsa', { exact: true }).count()).toBe(1);
    expect(await card(page, 'X').getByText(/WIB \(dalam \d hari\)/).count()).toBeGreaterThan(0);
    // every platform has a card, connected or not
    for (const p of ['WhatsApp', 'Telegram', 'YouTube', 'TikTok']) expect(await card(page, p).count()).toBe(1);

    const events = page.getByRole('list', { name: 'Pesan masuk terbaru' });
    await events.getByText(/Mohon bantuan, NIK 1305/).waitFor();
    const text = (await events.textContent()) ?? '';
    expect(text).not.toContain(NIK);
    expect(text).toContain('Rahmi W.');
    expect(text).not.toContain('Wulandari');
    expect(await events.getByText('tidak dikenal', { exact: true }).count()).toBe(1);
    expect(await events.getByText('Komentar', { exact: true }).count()).toBe(1);

    expect(await seriousA11yViolations(page)).toEqual([]);

    // the disconnect confirmation is an alertdialog with focus on "Batal"
    await facebook.getByRole('button', { name: 'Putuskan Facebook Dinas Kesehatan Sumbar' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Putuskan Facebook Dinas Kesehatan Sumbar?' });
    await confirm.getByText('Token akan dihapus; pesan dari akun ini tidak akan masuk lagi', { exact: false }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Batal');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('the notification bell counts unread notices and marks them read', async () => {
    const page = await newPage();
    await login(page, admin);
    const bell = page.getByRole('button', { name: 'Pemberitahuan, 1 belum dibaca' });
    await bell.waitFor();
    await bell.click();
    const dialog = page.getByRole('dialog', { name: 'Pemberitahuan' });
    await dialog.getByText('Akses Dayung ke Instagram Dinkes dicabut', { exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Tandai sudah dibaca: Akses Dayung ke Instagram Dinkes dicabut' }).click();
    await page.getByRole('button', { name: 'Pemberitahuan, tidak ada yang belum dibaca' }).waitFor();
    // The bell updates optimistically; the server's write follows.
    const row = await eventually(async () => ((r) => (r.read_at ? r : null))(await app.db.db.selectFrom('notification').select('read_at').where('code', '=', 'channel.revoked').executeTakeFirstOrThrow()), 10_000);
    expect(row.read_at).not.toBeNull();
    await page.context().close();
  });

  it('shows the outcome of an OAuth round trip in words', async () => {
    const page = await newPage();
    await login(page, admin);
    await page.goto(`${app.url}/saluran?galat=channel_taken`);
    await page.getByRole('alert').filter({ hasText: 'Akun ini sudah terhubung ke OPD lain' }).waitFor();
    await page.getByRole('button', { name: 'Tutup pesan' }).click();
    await page.waitForURL((u) => !u.search.includes('galat'));
    await page.goto(`${app.url}/saluran?galat=%3Cscript%3E`);
    await page.getByText('Akun tidak dapat dihubungkan. Coba lagi.').waitFor();
    await page.goto(`${app.url}/saluran?terhubung=facebook`);
    await page.getByText('Akun Facebook berhasil dihubungkan.', { exact: false }).waitFor();
    await page.context().close();
  });

  it('after OAuth offers several accounts, the admin chooses which to connect', async () => {
    const page = await newPage();
    await login(page, admin);
    // The fakes give every demo Page its own admin, so the choice is served here, shaped as the API answers it.
    let posted: unknown = null;
    await page.route('**/api/channels/connect/uji-pilihan', async (route) => {
      if (route.request().method() === 'GET') {
        await route.fulfill({
          json: {
            choose: {
              connectId: 'uji-pilihan',
              orgId: admin.orgId,
              platform: 'facebook',
              options: [
                { externalId: '111', name: 'Dinas Kesehatan Sumbar', handle: 'dinkes.sumbarprov' },
                { externalId: '222', name: 'UPTD Laboratorium Kesehatan', handle: null },
              ],
            },
          },
        });
        return;
      }
      posted = route.request().postDataJSON();
      await route.fulfill({ json: { items: [] } });
    });
    await page.goto(`${app.url}/saluran?pilih=uji-pilihan`);
    const section = page.getByRole('region', { name: 'Pilih akun Facebook yang akan dihubungkan' });
    await section.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await section.getByRole('button', { name: 'Hubungkan yang dipilih' }).click();
    await section.getByRole('alert').getByText('Pilih minimal satu akun.').waitFor();
    await section.locator('label').filter({ hasText: 'UPTD Laboratorium Kesehatan' }).click();
    expect(await section.getByRole('checkbox', { name: /UPTD Laboratorium Kesehatan/ }).isChecked()).toBe(true);
    await section.getByRole('button', { name: 'Hubungkan yang dipilih' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('pilih')).toBeNull();
    expect(posted).toEqual({ externalIds: ['222'] });
    await page.context().close();
  });

  it('a viewer sees the same page without connect, check or disconnect buttons', async () => {
    const page = await newPage();
    await login(page, viewer);
    await page.goto(`${app.url}/saluran`);
    await card(page, 'Facebook').getByRole('heading', { name: 'Dinas Kesehatan Sumbar' }).waitFor();
    await page.getByRole('list', { name: 'Pesan masuk terbaru' }).getByText(/Mohon bantuan/).waitFor();
    expect(await page.getByRole('button', { name: /^Periksa sekarang/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Putuskan/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Hubungkan/ }).count()).toBe(0);
    expect(await page.getByText('Anda dapat melihat saluran ini.', { exact: false }).count()).toBe(1);
    await page.context().close();
  });

  it('a province supervisor sees every OPD in a table, filters problems, and opens DINKES read-only', async () => {
    const page = await newPage();
    await login(page, supervisor);
    await page.goto(`${app.url}/saluran`);
    const table = page.getByRole('table', { name: 'Kesehatan saluran per OPD' });
    await table.waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(50);
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Dinas Kesehatan/ }) }).first();
    expect((await row.getByRole('cell').allTextContents()).slice(0, 4)).toEqual(['3', '1', '1', '1']);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByText('Hanya OPD yang bermasalah').click();
    expect(await page.getByRole('checkbox', { name: 'Hanya OPD yang bermasalah' }).isChecked()).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('masalah')).toBe('ya');
    await page.getByLabel('Cari OPD').fill('DINKES');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);

    await table.getByRole('link', { name: 'Dinas Kesehatan', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Saluran Dinas Kesehatan' }).waitFor();
    await card(page, 'Instagram').getByText('Dicabut', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /^Putuskan/ }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Kembali ke semua OPD' }).click();
    await table.waitFor();
    await page.context().close();
  });

  it('works on a 360 px phone screen without horizontal scrolling', async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await login(page, admin);
    await page.goto(`${app.url}/saluran`);
    await card(page, 'Facebook').getByRole('heading', { name: 'Dinas Kesehatan Sumbar' }).waitFor();
    await page.getByRole('list', { name: 'Pesan masuk terbaru' }).getByText(/Mohon bantuan/).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();

    const province = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await login(province, supervisor);
    await province.goto(`${app.url}/saluran`);
    await province.getByRole('list', { name: 'Kesehatan saluran per OPD' }).waitFor();
    expect(await hasHorizontalScroll(province)).toBe(false);
    expect(await seriousA11yViolations(province)).toEqual([]);
    await province.context().close();
  });
});
