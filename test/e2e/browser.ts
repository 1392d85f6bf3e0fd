import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

// A real Chromium for browser tests, from the @sparticuz/chromium npm package (no downloads).

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  return playwright.launch({
    executablePath,
    headless: true,
    // --single-process would end the browser when its last page closes.
    args: [
      ...chromium.args.filter((a) => a !== '--single-process' && !a.startsWith('--headless')),
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** WCAG 2.1 A/AA violations (axe-core) of serious or critical impact on the current page. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`).slice(0, 3).join('; ')})`);
}

/**
 * Whether the page scrolls sideways once layout has settled (a resize or a closing toast can
 * overflow for a frame). When it does, the widest offending elements are printed to explain why.
 */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  const measure = () =>
    page.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth + 1) return [];
      return [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
        .slice(-5)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`);
    });
  let offenders = await measure();
  for (let i = 0; i < 10 && offenders.length; i++) {
    await page.waitForTimeout(100);
    offenders = await measure();
  }
  if (offenders.length) console.error(`horizontal scroll at ${page.url()}: ${offenders.join('; ')}`);
  return offenders.length > 0;
}

/** Logs a user in through the login page and waits for the first page behind it. */
export async function loginThroughForm(page: Page, baseUrl: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/masuk`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/masuk'));
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}
