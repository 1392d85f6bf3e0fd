import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildContact, buildInteraction, buildUser, type BuiltUser } from '../../../test/helpers/factories.ts';
import type { Role } from '../../platform/db/schema.ts';

// Confidential (rahasia) cases are seen only by their owner and the province; anonymous (anonim)
// reporters are hidden from every OPD everywhere: detail, list, reveal, export, hand-off letter.

let app: TestApp;
const users: Record<string, BuiltUser> = {};

beforeAll(async () => {
  app = await startTestApp({ services: 'web' });
  const want: [string, Role, string][] = [
    ['admin', 'province_admin', 'SUMBAR'],
    ['head', 'opd_head', 'DINKES'],
    ['responder', 'responder', 'DINKES'],
    ['viewer', 'viewer', 'DINKES'],
    ['rsHead', 'opd_head', 'RSUDAM'],
    ['disdik', 'opd_head', 'DISDIK'],
  ];
  for (const [key, role, orgCode] of want) users[key] = await buildUser(app.db.db, { role, orgCode });
});
afterAll(async () => {
  await app?.close();
});

async function as(key: string): Promise<ApiClient> {
  const c = new ApiClient(app.url);
  expect((await c.login(users[key]!.email, users[key]!.password)).status).toBe(200);
  return c;
}

async function caseFromInbox(text: string, o: { anonymous?: boolean } = {}) {
  const contact = await buildContact(app.db.db, { name: 'Rina Marlina' });
  const it = await buildInteraction(app.db.db, { orgCode: 'DINKES', contactId: contact, text });
  const head = await as('head');
  const r = await head.post('/api/cases', { interactionId: it.id, ...(o.anonymous ? { anonymous: true } : {}) });
  expect(r.status, r.text).toBe(201);
  return { c: r.body, interactionId: it.id, head };
}

describe('confidential cases', () => {
  it('are hidden from the origin OPD once disposed elsewhere, and from every other OPD; the owner and the province see them', async () => {
    const { c, interactionId, head } = await caseFromInbox('Saya dianiaya petugas di RS, mohon dirahasiakan, rahasia-kasus');
    await head.post(`/api/cases/${c.id}/verify`, { confidential: true });
    const d = await head.post(`/api/cases/${c.id}/dispose`, { orgCode: 'RSUDAM', reason: 'Kejadian di RSAM' });
    // The head no longer sees it once it belongs to RSUDAM (confidential): the answer says only where it went.
    expect(d.status).toBe(200);
    expect(d.body).toEqual({ id: c.id, code: c.code, status: 'didisposisi', statusLabel: 'Didisposisi', org: { code: 'RSUDAM', name: expect.any(String) }, hidden: true });
    expect(d.text).not.toContain('rahasia-kasus');
    const row = await app.db.db.selectFrom('complaint_case').select(['org_id', 'status', 'confidential']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'didisposisi', confidential: true });

    for (const key of ['head', 'responder', 'viewer', 'disdik']) {
      const cl = await as(key);
      expect((await cl.get(`/api/cases/${c.id}`)).status, key).toBe(404);
      const list = await cl.get('/api/cases?limit=200');
      expect(list.text, key).not.toContain('rahasia-kasus');
      expect(list.text, key).not.toContain(c.id);
      expect((await cl.get(`/api/cases/${c.id}/lapor-export`)).status, key).toBe(404);
    }
    // The inbox message still tells the origin its tracking code, nothing else.
    expect((await head.get(`/api/cases/by-interaction/${interactionId}`)).body.case).toEqual({ code: c.code, id: null, status: null });
    const rs = await as('rsHead');
    expect((await rs.get(`/api/cases/${c.id}`)).body.confidential).toBe(true);
    expect((await (await as('admin')).get(`/api/cases/${c.id}`)).status).toBe(200);
  });

  it('a non-confidential case stays readable for its origin OPD after disposition', async () => {
    const { c, head } = await caseFromInbox('Lift gedung poli RSAM rusak');
    await head.post(`/api/cases/${c.id}/verify`, {});
    expect((await head.post(`/api/cases/${c.id}/dispose`, { orgCode: 'RSUDAM', reason: 'Gedung RSAM' })).status).toBe(200);
    expect((await (await as('viewer')).get(`/api/cases/${c.id}`)).status).toBe(200);
    expect((await (await as('disdik')).get(`/api/cases/${c.id}`)).status).toBe(404);
  });

  it('a category marked sensitive makes its cases confidential by default', async () => {
    const head = await as('head');
    const r = await head.post('/api/cases', { description: 'Ada pungutan liar oleh oknum pegawai', channel: 'phone', categoryCode: 'PUNGLI_KORUPSI' });
    expect(r.body.confidential).toBe(true);
  });
});

describe('anonymous reporters', () => {
  it('are hidden from OPDs in the detail, reveal, export and letter; the province sees the masked identity', async () => {
    const { c, head } = await caseFromInbox('Dokter jaga tidak ada di IGD malam hari, tolong dicek', { anonymous: true });
    expect(c.anonymous).toBe(true);
    expect(c.reporter).toBeNull();
    expect(c.source.interactionId).toBeNull();
    const rev = await head.post(`/api/cases/${c.id}/reveal`, { reason: 'verifikasi' });
    expect(rev.status).toBe(200);
    expect(rev.body.reporter).toBeNull();
    expect(rev.text).not.toContain('Rina');
    expect(rev.body.description).toContain('Dokter jaga');
    const exp = await head.get(`/api/cases/${c.id}/lapor-export?reveal=true&reason=uji`);
    expect(exp.body).toMatchObject({ anonymous: true, reporter: null });
    expect(exp.text).not.toContain('Rina');

    const adm = await as('admin');
    const seen = await adm.get(`/api/cases/${c.id}`);
    expect(seen.body.reporter.name).toBe('R••• M••••••');
    expect((await adm.post(`/api/cases/${c.id}/reveal`, { reason: 'permintaan Ombudsman' })).body.reporter.name).toBe('Rina Marlina');
    // Exports never name an anonymous reporter, whoever asks.
    const admExp = await adm.get(`/api/cases/${c.id}/lapor-export?reveal=true&reason=uji`);
    expect(admExp.body.reporter).toBeNull();
    expect(admExp.text).not.toContain('Rina');
    await head.post(`/api/cases/${c.id}/not-authority`, { reason: 'Perlu instansi lain' });
    const h = await adm.post(`/api/cases/${c.id}/handoff`, { authorityCode: 'KEMENKES' });
    expect(h.body.letter).toContain('Pelapor meminta identitasnya dirahasiakan (anonim).');
    expect(h.text).not.toContain('Rina');
    const actions = (await app.db.db.selectFrom('audit_log').select('action').where('target_id', '=', c.id).orderBy('id').execute()).map((r) => r.action);
    expect(actions.filter((a) => a === 'case.reveal' || a === 'case.export_reveal')).toHaveLength(4);
  });

  it('flags are set by the verifier (head/admin or province), not by viewers or responders; every change audited', async () => {
    const { c, head } = await caseFromInbox('Petugas loket kasar');
    expect((await (await as('viewer')).post(`/api/cases/${c.id}/flags`, { anonymous: true })).status).toBe(403);
    expect((await (await as('responder')).post(`/api/cases/${c.id}/flags`, { anonymous: true })).status).toBe(403);
    const r = await head.post(`/api/cases/${c.id}/flags`, { anonymous: true });
    expect(r.body.anonymous).toBe(true);
    expect(r.body.reporter).toBeNull();
    const audit = await app.db.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('target_id', '=', c.id).where('action', '=', 'case.flags').executeTakeFirstOrThrow();
    expect(audit.before).toEqual({ anonymous: false, confidential: false });
    expect(audit.after).toEqual({ anonymous: true });
  });
});
