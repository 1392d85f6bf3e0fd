import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildContact, buildInteraction, buildUser, type BuiltUser } from '../helpers/factories.ts';
import { hasHorizontalScroll, launchBrowser, seriousA11yViolations, loginThroughForm } from './browser.ts';

// The Kotak Masuk in a real browser: citizens' HTML shown as text (a script payload never runs),
// a responder working a conversation (reasons, assign, done), masked personal data and the reveal
// button only for those allowed, keyboard shortcuts, accessibility and a phone-sized screen.

let app: TestApp;
let browser: Browser;
let responder: BuiltUser;
let viewer: BuiltUser;
let xssId: string;
let nikId: string;
let workId: string;
let igId: string;

const XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>Jalan rusak';
// A valid-looking NIK (DDMMYY = 66 07 89): the server masks it everywhere except an audited reveal.
const NIK = '1305046607890003';

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  const db = app.db.db;
  responder = await buildUser(db, { role: 'responder', orgCode: 'DINKES', name: 'Ani Petugas' });
  viewer = await buildUser(db, { role: 'viewer', orgCode: 'DINKES', name: 'Pemantau Dinkes' });
  const rahmi = await buildContact(db, { name: 'Rahmi' });
  const budi = await buildContact(db, { name: 'Budi' });
  const now = Date.now();
  await buildInteraction(db, { text: 'Puskesmas tutup pagi tadi', contactId: rahmi, receivedAt: new Date(now - 3_600_000), status: 'done' });
  nikId = (await buildInteraction(db, { text: `Mohon bantuan, NIK ${NIK} belum terdaftar BPJS`, contactId: rahmi, kind: 'message', platform: 'whatsapp', receivedAt: new Date(now - 120_000) })).id;
  workId = (await buildInteraction(db, { text: 'Antrean obat di RSUD lama sekali, mohon ditambah loket', contactId: budi, urgency: 'high', receivedAt: new Date(now - 60_000) })).id;
  xssId = (await buildInteraction(db, { text: XSS, contactId: budi, receivedAt: new Date(now - 30_000) })).id;
  // Rahmi also wrote on Instagram, as another contact: a responder links the two
  const rahmiIg = await buildContact(db, { platform: 'instagram', name: 'Rahmi Yulia' });
  igId = (await buildInteraction(db, { platform: 'instagram', text: 'Sudah saya kirim juga lewat DM Instagram kemarin', contactId: rahmiIg, receivedAt: new Date(now - 7_200_000) })).id;
  // another OPD's message never shows in DINKES's inbox
  await buildInteraction(db, { orgCode: 'DISHUB', text: 'Lampu lalu lintas mati di Simpang Haru' });
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

const list = (page: Page) => page.getByRole('list', { name: 'Daftar pesan' });
const conversation = (page: Page) => page.getByRole('article');

describe('Kotak Masuk', () => {
  it('shows a comment carrying HTML and a script as text, in the list and the conversation; nothing runs', async () => {
    const page = await newPage();
    await login(page, responder);
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: /Kotak Masuk/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Kotak Masuk' }).waitFor();
    await list(page).getByText(XSS, { exact: true }).waitFor();
    expect(await list(page).getByText('Lampu lalu lintas').count()).toBe(0);
    expect(await page.locator('main img, main script').count()).toBe(0);

    await list(page).getByRole('link', { name: /Jalan rusak/ }).click();
    await page.waitForURL((u) => u.searchParams.get('pesan') === xssId);
    await conversation(page).locator('.message__text').getByText(XSS, { exact: true }).waitFor();
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.context().close();
  });

  it('a responder opens a conversation, reads why it was classified, assigns it to self and marks it done', async () => {
    const page = await newPage();
    await login(page, responder);
    await page.goto(`${app.url}/kotak-masuk?tampilan=mendesak`);
    await list(page).getByRole('link', { name: /Antrean obat di RSUD/ }).click();
    const conv = conversation(page);
    await conv.getByRole('heading', { level: 2, name: 'Komentar dari Budi' }).waitFor();
    await conv.getByText('Urgensi tinggi').first().waitFor();
    // the reasons behind the analysis, in a disclosure
    await conv.getByText('Mengapa?', { exact: true }).click();
    const reasons = conv.getByRole('table', { name: 'Alasan: Jenis pesan' });
    await reasons.getByRole('rowheader', { name: 'Kata "rusak"' }).waitFor();
    expect(await reasons.getByRole('cell', { name: '1,20' }).count()).toBe(1);
    // the contact card lists the citizen's other message
    await conv.getByRole('region', { name: 'Kontak' }).getByText(/Jalan rusak/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await conv.getByRole('button', { name: 'Tugaskan ke saya' }).click();
    await conv.getByText('Ditangani Ani Petugas').waitFor();
    await conv.getByRole('button', { name: 'Tandai selesai' }).click();
    await conv.getByRole('button', { name: 'Buka kembali' }).waitFor();
    await conv.locator('.conversation__state').getByText('Selesai').waitFor();
    const row = await app.db.db.selectFrom('interaction').select(['status', 'assignee_id']).where('id', '=', workId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'done', assignee_id: responder.id });
    // the views count it where it belongs now
    await page.getByRole('navigation', { name: 'Tampilan kotak masuk' }).getByRole('link', { name: 'Selesai 2' }).waitFor();
    await page.context().close();
  });

  it('masks a NIK in the list and the conversation; the reveal button is absent for a viewer and audited for a responder', async () => {
    const page = await newPage();
    await login(page, viewer);
    await page.goto(`${app.url}/kotak-masuk?pesan=${nikId}`);
    const conv = conversation(page);
    await conv.locator('.message__text').getByText('Mohon bantuan, NIK 1305', { exact: false }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(NIK);
    expect(text).toContain('1305••••••••••••');
    expect(await page.getByRole('button', { name: 'Tampilkan data pribadi' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Tugaskan ke saya' }).count()).toBe(0);
    expect(await page.getByText('Peran Anda hanya dapat membaca kotak masuk.').count()).toBe(1);
    await page.context().close();

    const page2 = await newPage();
    await login(page2, responder);
    await page2.goto(`${app.url}/kotak-masuk?pesan=${nikId}`);
    await page2.getByRole('button', { name: 'Tampilkan data pribadi' }).click();
    const dialog = page2.getByRole('dialog', { name: 'Tampilkan data pribadi' });
    await dialog.getByLabel('Alasan').fill('verifikasi kepesertaan BPJS');
    await dialog.getByRole('button', { name: 'Tampilkan', exact: true }).click();
    await page2.getByRole('region', { name: /Teks asli/ }).getByText(NIK, { exact: false }).waitFor();
    const audit = await app.db.db.selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', nikId).where('action', '=', 'interaction.reveal').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toEqual({ reason: 'verifikasi kepesertaan BPJS' });
    await page2.context().close();
  });

  it('keyboard shortcuts: ? explains them, j moves through the list, Enter opens, / goes to the search box', async () => {
    const page = await newPage();
    await login(page, responder);
    await page.goto(`${app.url}/kotak-masuk`);
    await list(page).getByRole('link').first().waitFor();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Pintasan keyboard' });
    await help.getByText('Pesan berikutnya', { exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('j');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-inbox-item'))).toBe(xssId);
    await page.keyboard.press('j');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-inbox-item'))).toBe(workId);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('pesan') === workId);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.closest('search') !== null && document.activeElement?.tagName)).toBe('INPUT');
    // typing in the field is typing, not a shortcut
    await page.keyboard.type('jalan');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.waitForURL((u) => u.searchParams.get('q') === 'jalan');
    await page.context().close();
  });

  it('saved views live on the server with their counts, shared with the OPD; a responder links the citizen’s other account', async () => {
    const page = await newPage();
    await login(page, responder);
    await page.goto(`${app.url}/kotak-masuk?tampilan=belum&kanal=whatsapp`);
    await list(page).getByRole('link').first().waitFor();
    await page.getByRole('button', { name: /^Tampilan tersimpan/ }).click();
    const saved = page.getByRole('dialog', { name: 'Tampilan tersimpan' });
    await saved.getByLabel('Nama tampilan').fill('WA belum ditangani');
    await saved.getByText('Bagikan ke rekan OPD').click();
    await saved.getByRole('button', { name: 'Simpan tampilan ini' }).click();
    // its count is the server's, equal to the list it opens (one open WhatsApp message)
    await saved.getByRole('link', { name: /WA belum ditangani\s*1/ }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    const row = await app.db.db.selectFrom('inbox_saved_view').select(['shared', 'filters']).where('name', '=', 'WA belum ditangani').executeTakeFirstOrThrow();
    expect(row).toEqual({ shared: true, filters: { view: 'open', platform: 'whatsapp' } });

    // link Rahmi's Instagram account to her WhatsApp contact
    await page.goto(`${app.url}/kotak-masuk?pesan=${nikId}`);
    const conv = conversation(page);
    await conv.getByRole('button', { name: 'Tautkan kontak lain' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tautkan kontak orang yang sama' });
    await dialog.getByLabel('Cari nama, akun, atau nomor').fill('Rahmi');
    await dialog.getByRole('button', { name: 'Tautkan Rahmi Y. (instagram)' }).click();
    await dialog.waitFor({ state: 'detached' });
    const card = conv.getByRole('region', { name: 'Kontak' });
    await card.getByRole('heading', { name: 'Riwayat warga ini di semua kanal' }).waitFor();
    await card.getByText('Sudah saya kirim juga lewat DM Instagram kemarin').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    const audit = await app.db.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'contact.link').execute();
    expect(audit).toEqual([{ actor_id: responder.id }]);
    void igId;
    await page.context().close();

    // a colleague sees the shared view (not changeable) and opens it
    const other = await newPage();
    await login(other, viewer);
    await other.goto(`${app.url}/kotak-masuk`);
    await list(other).getByRole('link').first().waitFor();
    await other.getByRole('button', { name: /^Tampilan tersimpan/ }).click();
    const theirs = other.getByRole('dialog', { name: 'Tampilan tersimpan' });
    await theirs.getByText('Dibagikan oleh Ani Petugas').waitFor();
    expect(await theirs.getByRole('button', { name: 'Hapus tampilan WA belum ditangani' }).count()).toBe(0);
    await theirs.getByRole('link', { name: /WA belum ditangani/ }).click();
    await other.waitForURL((u) => u.searchParams.get('tampilan') === 'belum' && u.searchParams.get('kanal') === 'whatsapp');
    await list(other).getByRole('link', { name: /Mohon bantuan, NIK/ }).waitFor();
    await other.context().close();
  });

  it('has no serious accessibility violations and no horizontal scroll at 360 px', async () => {
    const wide = await newPage({ viewport: { width: 1280, height: 900 } });
    await login(wide, responder);
    await wide.goto(`${app.url}/kotak-masuk?pesan=${xssId}`);
    await conversation(wide).getByRole('heading', { level: 2 }).waitFor();
    await wide.getByRole('button', { name: /^Filter/ }).click();
    await wide.getByLabel('Kanal').first().waitFor();
    expect(await seriousA11yViolations(wide)).toEqual([]);
    await wide.context().close();

    const phone = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await login(phone, responder);
    await phone.goto(`${app.url}/kotak-masuk`);
    await list(phone).getByRole('link').first().waitFor();
    expect(await hasHorizontalScroll(phone)).toBe(false);
    expect(await seriousA11yViolations(phone)).toEqual([]);
    await list(phone).getByRole('link', { name: /Jalan rusak/ }).click();
    await conversation(phone).getByRole('heading', { level: 2 }).waitFor();
    // on a phone the conversation replaces the list, with a way back
    expect(await list(phone).count()).toBe(0);
    await phone.getByRole('link', { name: 'Kembali ke daftar pesan' }).waitFor();
    expect(await hasHorizontalScroll(phone)).toBe(false);
    expect(await seriousA11yViolations(phone)).toEqual([]);
    await phone.context().close();
  });
});
