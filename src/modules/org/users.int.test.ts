import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser, orgId, type BuiltUser } from '../../../test/helpers/factories.ts';
import { linkToken, waitForMail } from '../../../test/helpers/mail.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function as(user: BuiltUser): Promise<ApiClient> {
  const c = new ApiClient(app.url);
  const r = await c.login(user.email, user.password);
  expect(r.status).toBe(200);
  return c;
}

describe('user management', () => {
  it('an OPD head invites a responder; the invitee sets a password from the e-mail and logs in', async () => {
    const head = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DISHUB' });
    const c = await as(head);
    const email = 'petugas.baru@dishub.sumbarprov.go.id';
    const res = await c.post('/api/users', { email, name: 'Petugas Baru', role: 'responder', orgId: head.orgId });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email, status: 'invited', role: 'responder', orgCode: 'DISHUB' });
    const again = await c.post('/api/users', { email, name: 'Dua Kali', role: 'responder', orgId: head.orgId });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('email_taken');

    const mail = await waitForMail(app.db.db, email, 'Undangan');
    expect(mail.text_body).toContain('Dinas Perhubungan');
    const invitee = new ApiClient(app.url);
    await invitee.session();
    expect((await invitee.post('/api/auth/password-reset/confirm', { token: linkToken(mail.text_body), password: 'sandi-petugas-baru' })).status).toBe(204);
    const login = await invitee.login(email, 'sandi-petugas-baru');
    expect(login.status).toBe(200);
    expect(login.body.user.permissions).not.toContain('users.manage');

    const audit = await app.db.db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', '=', res.body.user.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.invite', 'user.invite_accepted', 'auth.login']);
    expect(audit[0]!.actor_id).toBe(head.id);
  });

  it('refuses a role that does not fit the org, or that is above what the actor may grant', async () => {
    const admin = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DISHUB' });
    const c = await as(admin);
    const provinceRole = await c.post('/api/users', { email: 'x1@dishub.go.id', name: 'X', role: 'province_admin', orgId: admin.orgId });
    expect(provinceRole.status).toBe(400);
    expect(provinceRole.body.code).toBe('role_scope_mismatch');
    const head = await c.post('/api/users', { email: 'x2@dishub.go.id', name: 'X', role: 'opd_head', orgId: admin.orgId });
    expect(head.status).toBe(403);
    const count = await app.db.db.selectFrom('app_user').select('id').where('email', 'in', ['x1@dishub.go.id', 'x2@dishub.go.id']).execute();
    expect(count).toHaveLength(0);
  });

  it('rejects unknown fields and invalid values with field errors, changing nothing', async () => {
    const pa = await buildUser(app.db.db, { role: 'province_admin' });
    const c = await as(pa);
    const r = await c.post('/api/users', { email: 'bukan-email', name: '', role: 'raja', orgId: 'x', isAdmin: true });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
    expect(r.body.errors.length).toBeGreaterThanOrEqual(3);
    expect(r.body.detail).toMatch(/tidak valid/);
  });

  it('role change and deactivation end the target’s sessions; nobody changes their own role', async () => {
    const pa = await buildUser(app.db.db, { role: 'province_admin' });
    const target = await buildUser(app.db.db, { role: 'responder', orgCode: 'BAPENDA' });
    const admin = await as(pa);
    const victim = await as(target);
    expect((await victim.get('/api/orgs')).status).toBe(200);

    const promoted = await admin.patch(`/api/users/${target.id}`, { role: 'opd_admin' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.user.role).toBe('opd_admin');
    expect((await victim.get('/api/orgs')).status).toBe(401);

    const victim2 = await as(target);
    const off = await admin.patch(`/api/users/${target.id}`, { status: 'deactivated' });
    expect(off.body.user.status).toBe('deactivated');
    expect((await victim2.get('/api/orgs')).status).toBe(401);
    expect((await new ApiClient(app.url).login(target.email, target.password)).status).toBe(403);

    const self = await admin.patch(`/api/users/${pa.id}`, { role: 'province_supervisor' });
    expect(self.status).toBe(400);
    expect(self.body.code).toBe('cannot_change_self');

    const log = await admin.get(`/api/audit?targetId=${target.id}`);
    expect(log.body.items.map((i: { action: string }) => i.action)).toEqual(expect.arrayContaining(['user.role_change', 'user.deactivate']));
    const change = log.body.items.find((i: { action: string }) => i.action === 'user.role_change');
    expect(change.before).toMatchObject({ role: 'responder' });
    expect(change.after).toMatchObject({ role: 'opd_admin' });
    expect(change.requestId).toBeTruthy();
  });

  it('province admins see every OPD in the directory with user counts; OPD users only their own count', async () => {
    const pa = await buildUser(app.db.db, { role: 'province_admin' });
    const admin = await as(pa);
    const all = await admin.get('/api/orgs');
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(55);
    expect(all.body.items[0].kind).toBe('province');
    expect(all.body.items.every((o: { userCount: number | null }) => o.userCount !== null)).toBe(true);

    const opd = await buildUser(app.db.db, { role: 'opd_head', orgCode: 'DLH' });
    const head = await as(opd);
    const list = await head.get('/api/orgs?q=lingkungan');
    expect(list.body.items.map((o: { code: string }) => o.code)).toContain('DLH');
    for (const o of (await head.get('/api/orgs')).body.items as { code: string; userCount: number | null }[]) {
      if (o.code === 'DLH') expect(o.userCount).toBeGreaterThanOrEqual(1);
      else expect(o.userCount).toBeNull();
    }
    const rsud = await head.get('/api/orgs?kind=rsud');
    expect(rsud.body.items.length).toBeGreaterThanOrEqual(6);
    const detail = await head.get(`/api/orgs/${await orgId(app.db.db, 'RSMATA')}`);
    expect(detail.body.org).toMatchObject({ code: 'RSMATA', parentCode: 'DINKES', kind: 'rsud' });
    expect(detail.body.users).toBeNull();
  });

  it('captured mail is readable by province admins only', async () => {
    const pa = await buildUser(app.db.db, { role: 'province_admin' });
    const sup = await buildUser(app.db.db, { role: 'province_supervisor' });
    expect((await (await as(pa)).get('/api/mail/outbox')).status).toBe(200);
    expect((await (await as(sup)).get('/api/mail/outbox')).status).toBe(403);
  });
});
