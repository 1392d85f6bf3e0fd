// Guards WCAG 2.1 AA contrast of the design tokens (1.4.3 text, 1.4.11 UI).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');
const tokens = Object.fromEntries([...css.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

const t = (name: string): string => {
  const v = tokens[name];
  if (!v) throw new Error(`missing token --${name}`);
  return v;
};

const TEXT_PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'surface-sunken'],
  ['text-muted', 'surface'],
  ['text-muted', 'bg'],
  ['text-muted', 'surface-sunken'],
  ['link', 'surface'],
  ['link', 'bg'],
  ['link', 'brand-50'],
  ['link', 'brand-100'],
  ['text-on-brand', 'brand-800'],
  ['text-on-brand', 'brand-900'],
  ['brand-900', 'brand-100'],
  ['brand-800', 'surface'],
  ['danger', 'surface'],
  ['danger', 'danger-bg'],
  ['success', 'success-bg'],
  ['warning-text', 'warning-bg'],
  ['info-text', 'info-bg'],
  ['brand-900', 'accent-400'],
  ['text-on-brand', 'platform-facebook'],
  ['text-on-brand', 'platform-instagram'],
  ['text-on-brand', 'platform-whatsapp'],
  ['text-on-brand', 'platform-x'],
  ['text-on-brand', 'platform-telegram'],
  ['text-on-brand', 'platform-youtube'],
  ['text-on-brand', 'platform-tiktok'],
];

const UI_PAIRS: [string, string][] = [
  ['border-strong', 'surface'],
  ['focus', 'surface'],
  ['focus', 'bg'],
  ['focus-on-dark', 'brand-800'],
];

describe('design token contrast', () => {
  it.each(TEXT_PAIRS)('%s on %s is at least 4.5:1', (fg, bg) => {
    expect(contrast(t(fg), t(bg))).toBeGreaterThanOrEqual(4.5);
  });
  it.each(UI_PAIRS)('%s against %s is at least 3:1', (fg, bg) => {
    expect(contrast(t(fg), t(bg))).toBeGreaterThanOrEqual(3);
  });
});
