import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { ApiClient } from '../../../../test/helpers/client.ts';
import { buildUser } from '../../../../test/helpers/factories.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
});
afterAll(async () => {
  await app?.close();
});

async function as(role: NonNullable<Parameters<typeof buildUser>[1]>['role'], orgCode?: string, lang?: string): Promise<ApiClient> {
  const u = await buildUser(app.db.db, { role, ...(orgCode ? { orgCode } : {}) });
  const c = new ApiClient(app.url, lang ? { lang } : {});
  expect((await c.login(u.email, u.password)).status).toBe(200);
  return c;
}

const DRAFT = {
  text: 'Dalam rangka HUT Sumbar, OPD menggelar Bimtek media sosial pada Senin, 1 Desember 2026 pukul 09.00 WIB di Aula Kantor Gubernur. Daftar di https://kominfotik.sumbarprov.go.id/bimtek #sumbarmadani',
  channels: ['facebook', 'instagram', 'x'],
  media: [{ kind: 'image', altText: null }],
};

describe('POST /api/publishing/coach', () => {
  it('an OPD admin gets a score and findings with spans, in both languages', async () => {
    const c = await as('opd_admin', 'DINKES');
    const r = await c.post('/api/publishing/coach', DRAFT);
    expect(r.status).toBe(200);
    expect(r.body.score).toBeGreaterThanOrEqual(0);
    expect(r.body.score).toBeLessThan(100);
    const rules = r.body.findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['abbreviation.unexplained', 'accessibility.alt_text_missing', 'readability.bureaucratic_phrase', 'accessibility.hashtag_camelcase']));
    const abbr = r.body.findings.find((f: { rule: string }) => f.rule === 'abbreviation.unexplained');
    expect(DRAFT.text.slice(abbr.span.start, abbr.span.end)).toBe('OPD');
    expect(abbr.message.id).toMatch(/OPD/);
    expect(abbr.message.en).toMatch(/OPD/);
    expect(r.body.stats.postType).toBe('event');
  });

  it('responders (who may write posts) may ask; viewers may not; anonymous callers get 401', async () => {
    expect((await (await as('responder', 'DISDIK')).post('/api/publishing/coach', DRAFT)).status).toBe(200);
    expect((await (await as('viewer', 'DISDIK')).post('/api/publishing/coach', DRAFT)).status).toBe(403);
    const anon = new ApiClient(app.url);
    await anon.session();
    expect((await anon.post('/api/publishing/coach', DRAFT)).status).toBe(401);
  });

  it('refuses malformed input with problem+json', async () => {
    const c = await as('opd_admin', 'DINKES');
    const r = await c.post('/api/publishing/coach', { text: 'x', channels: ['myspace'], media: [] });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await c.post('/api/publishing/coach', { ...DRAFT, extra: true })).status).toBe(400);
  });
});

describe('coach settings', () => {
  it('only province admins read and change them; the change takes effect at once and is audited', async () => {
    for (const role of ['province_supervisor', 'opd_head', 'opd_admin'] as const) {
      const c = await as(role, role.startsWith('province') ? undefined : 'DINKES');
      expect((await c.get('/api/publishing/coach/settings')).status, role).toBe(403);
      expect((await c.put('/api/publishing/coach/settings', { rules: {} })).status, role).toBe(403);
    }
    const admin = await as('province_admin');
    const view = await admin.get('/api/publishing/coach/settings');
    expect(view.status).toBe(200);
    expect(view.body.rules.length).toBeGreaterThan(30);
    expect(view.body.defaults.maxSentenceWords).toBe(25);
    const v0 = view.body.version;

    const writer = await as('opd_admin', 'DINKES');
    const before = await writer.post('/api/publishing/coach', DRAFT);
    expect(before.body.findings.some((f: { rule: string }) => f.rule === 'abbreviation.unexplained')).toBe(true);

    const put = await admin.put('/api/publishing/coach/settings', {
      rules: { 'abbreviation.unexplained': { enabled: false }, 'readability.bureaucratic_phrase': { severity: 'warning' } },
      thresholds: { maxSentenceWords: 15 },
      extraAbbreviations: [{ abbr: 'SiPadu', expansion: 'Sistem Informasi Pelayanan Terpadu' }],
      allowedAbbreviations: [],
      extraPhrases: [{ phrase: 'menggelar', suggestion: 'mengadakan' }],
    });
    expect(put.status).toBe(200);
    expect(put.body.version).toBe(v0 + 1);
    expect(put.body.updatedBy.name).toBeTruthy();

    const after = await writer.post('/api/publishing/coach', { ...DRAFT, text: `${DRAFT.text} Daftar juga lewat SiPadu.` });
    const rules = after.body.findings.map((f: { rule: string; severity: string; fix: { id: string } }) => f);
    expect(rules.some((f: { rule: string }) => f.rule === 'abbreviation.unexplained')).toBe(false);
    expect(rules.filter((f: { rule: string }) => f.rule === 'readability.bureaucratic_phrase').every((f: { severity: string }) => f.severity === 'warning')).toBe(true);
    expect(rules.some((f: { fix: { id: string } }) => f.fix.id === 'Ganti dengan "mengadakan".')).toBe(true);
    expect(rules.some((f: { rule: string }) => f.rule === 'readability.long_sentence')).toBe(true);

    const audit = await app.db.db.selectFrom('audit_log').select(['action', 'target_type', 'after']).where('action', '=', 'coach_settings.update').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.after)).toContain('SiPadu');
  });

  it('refuses unknown rules and thresholds out of range', async () => {
    const admin = await as('province_admin');
    expect((await admin.put('/api/publishing/coach/settings', { rules: { 'no.such': { enabled: false } } })).status).toBe(400);
    expect((await admin.put('/api/publishing/coach/settings', { thresholds: { maxSentenceWords: 2 } })).status).toBe(400);
    expect((await admin.put('/api/publishing/coach/settings', { extraAbbreviations: [{ abbr: 'a b c', expansion: 'x' }] })).status).toBe(400);
  });
});
