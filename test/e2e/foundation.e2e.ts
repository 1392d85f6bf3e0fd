import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildUser, type BuiltUser } from '../helpers/factories.ts';
import { hasHorizontalScroll, launchBrowser, seriousA11yViolations, loginThroughForm } from './browser.ts';

// The web shell in a real browser: log in, see the OPD directory, switch language,
// role-based access, accessibility and a phone-sized screen.

let app: TestApp;
let browser: Browser;
let admin: BuiltUser;
let viewer: BuiltUser;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  admin = await buildUser(app.db.db, { role: 'province_admin', name: 'Admin Provinsi' });
  viewer = await buildUser(app.db.db, { role: 'viewer', orgCode: 'DINKES', name: 'Pemantau Dinkes' });
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

describe('web shell', () => {
  it('a wrong password shows the server message; the province admin then logs in and sees every OPD', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/masuk/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Kata sandi', { exact: true }).fill('salah-sandi-123');
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await expect.poll(() => page.getByText('Email atau kata sandi salah.').count()).toBeGreaterThan(0);

    await login(page, admin);
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'OPD', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Direktori OPD' }).waitFor();
    const table = page.getByRole('table');
    await expect.poll(() => table.getByRole('row').count()).toBeGreaterThanOrEqual(55);
    await expect.poll(() => table.getByText('Dinas Kesehatan', { exact: true }).count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('switches the interface to English and back', async () => {
    const page = await newPage();
    await login(page, admin);
    await page.goto(`${app.url}/opd`);
    await page.getByRole('heading', { level: 1, name: 'Direktori OPD' }).waitFor();
    await page.getByRole('radio', { name: /^EN, English$/ }).or(page.getByRole('button', { name: /^EN, English$/ })).first().click();
    await page.getByRole('heading', { level: 1, name: 'Agency directory' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('radio', { name: /^ID, Bahasa Indonesia$/ }).or(page.getByRole('button', { name: /^ID, Bahasa Indonesia$/ })).first().click();
    await page.getByRole('heading', { level: 1, name: 'Direktori OPD' }).waitFor();
    await page.context().close();
  });

  it('a viewer has no user management: not in the menu, and the page itself refuses', async () => {
    const page = await newPage();
    await login(page, viewer);
    const nav = page.getByRole('navigation', { name: 'Navigasi utama' });
    expect(await nav.getByRole('link', { name: 'OPD', exact: true }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Pengguna' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Log Audit' }).count()).toBe(0);
    await page.goto(`${app.url}/pengguna`);
    await page.getByText('Tidak ada akses').first().waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    await page.context().close();
  });

  it('works on a 360 px phone screen without horizontal scrolling', async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const context = page.context();
    await login(page, admin);
    await page.goto(`${app.url}/opd`);
    await page.getByRole('heading', { level: 1, name: 'Direktori OPD' }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.getByRole('button', { name: 'Buka menu navigasi' }).click();
    await page.getByRole('link', { name: 'Pengguna' }).first().click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('renders user content as text, never as HTML', async () => {
    const evil = await buildUser(app.db.db, { role: 'responder', orgCode: 'DINKES', name: '<img src=x onerror="window.__pwned=1">Budi' });
    const page = await newPage();
    await login(page, admin);
    await page.goto(`${app.url}/pengguna`);
    await page.getByText(`<img src=x onerror="window.__pwned=1">Budi`).first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(evil.id).toBeTruthy();
    await page.context().close();
  });
});
