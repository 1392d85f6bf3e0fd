import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser } from '../../../test/helpers/factories.ts';
import { linkToken, waitForMail } from '../../../test/helpers/mail.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('login and sessions', () => {
  it('logs in with the right password, sets an httpOnly session cookie and returns the session user', async () => {
    const u = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DINKES' });
    const c = new ApiClient(app.url);
    const res = await c.login(u.email.toUpperCase(), u.password);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: u.email, role: 'opd_admin', orgCode: 'DINKES', orgKind: 'opd' });
    expect(res.body.user.permissions).toContain('users.manage');
    const setCookie = res.headers.getSetCookie().find((l) => l.startsWith('dayung_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await c.get('/api/auth/session');
    expect(me.body.user.id).toBe(u.id);
    const audit = await app.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login').where('target_id', '=', u.id).execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a wrong password with a problem+json message in Indonesian, or English when asked', async () => {
    const u = await buildUser(app.db.db);
    const c = new ApiClient(app.url);
    const res = await c.login(u.email, 'salah-sekali-123');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'invalid_credentials', detail: 'Email atau kata sandi salah.' });
    const en = new ApiClient(app.url, { lang: 'en-US,en;q=0.9' });
    const r2 = await en.login(u.email, 'salah-sekali-123');
    expect(r2.body.detail).toBe('Wrong e-mail or password.');
    expect(await c.get('/api/orgs').then((r) => r.status)).toBe(401);
  });

  it('throttles an account after repeated failures, even with the right password afterwards', async () => {
    const u = await buildUser(app.db.db);
    const c = new ApiClient(app.url, { ip: '10.9.8.1' });
    for (let i = 0; i < app.config.LOGIN_MAX_PER_ACCOUNT; i++) {
      expect((await c.login(u.email, `salah-${i}-xxxxxxx`)).status).toBe(401);
    }
    const blocked = await c.login(u.email, u.password);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('too_many_login_attempts');
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(blocked.body.detail).toMatch(/Coba lagi dalam \d+ menit/);
  });

  it('throttles one IP that tries many accounts', async () => {
    const c = new ApiClient(app.url, { ip: '10.77.0.9' });
    for (let i = 0; i < app.config.LOGIN_MAX_PER_IP; i++) {
      await c.login(`tidak-ada-${i}@contoh.go.id`, 'apa-saja-123456');
    }
    const u = await buildUser(app.db.db);
    expect((await c.login(u.email, u.password)).status).toBe(429);
    // Another IP is not affected.
    const other = new ApiClient(app.url, { ip: '10.77.0.10' });
    expect((await other.login(u.email, u.password)).status).toBe(200);
  });

  it('requires the CSRF token on state-changing requests and changes nothing without it', async () => {
    const u = await buildUser(app.db.db, { role: 'opd_admin' });
    const c = new ApiClient(app.url);
    await c.login(u.email, u.password);
    const noToken = await c.request('PATCH', '/api/me', { name: 'Nama Baru' }, { 'x-csrf-token': 'palsu-palsu-palsu-palsu-palsu' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('csrf_invalid');
    const foreign = await c.request('PATCH', '/api/me', { name: 'Nama Baru' }, { origin: 'https://jahat.example' });
    expect(foreign.status).toBe(403);
    const row = await app.db.db.selectFrom('app_user').select('name').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.name).toBe('Uji opd_admin');
    const ok = await c.patch('/api/me', { name: 'Nama Baru', locale: 'en' });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ name: 'Nama Baru', locale: 'en' });
  });

  it('logs out: the session no longer works', async () => {
    const u = await buildUser(app.db.db);
    const c = new ApiClient(app.url);
    await c.login(u.email, u.password);
    const token = c.cookies.get('dayung_session')!;
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    const replay = new ApiClient(app.url);
    replay.cookies.set('dayung_session', token);
    expect((await replay.get('/api/auth/session')).body.user).toBeNull();
  });

  it('a deactivated account cannot log in', async () => {
    const u = await buildUser(app.db.db, { status: 'deactivated' });
    const res = await new ApiClient(app.url).login(u.email, u.password);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('account_inactive');
  });
});

describe('passwords', () => {
  it('resets a password through the e-mailed link, once', async () => {
    const u = await buildUser(app.db.db);
    const c = new ApiClient(app.url);
    await c.session();
    expect((await c.post('/api/auth/password-reset', { email: u.email })).status).toBe(202);
    // Unknown addresses get the same answer (no account enumeration).
    expect((await c.post('/api/auth/password-reset', { email: 'siapa@tidak.ada' })).status).toBe(202);
    const mail = await waitForMail(app.db.db, u.email, 'Atur ulang');
    const token = linkToken(mail.text_body);
    expect(mail.text_body).toContain(`${app.url}/atur-sandi?token=`);
    const weak = await c.post('/api/auth/password-reset/confirm', { token, password: 'pendek' });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('password_weak');
    // The failed attempt consumed nothing: the transaction rolled back.
    expect((await c.post('/api/auth/password-reset/confirm', { token, password: 'kata-sandi-baru-1' })).status).toBe(204);
    expect((await c.post('/api/auth/password-reset/confirm', { token, password: 'kata-sandi-baru-2' })).body.code).toBe('token_invalid');
    expect((await new ApiClient(app.url).login(u.email, 'kata-sandi-baru-1')).status).toBe(200);
    expect((await new ApiClient(app.url).login(u.email, u.password)).status).toBe(401);
  });

  it('forces a password change before anything else for accounts flagged so', async () => {
    const u = await buildUser(app.db.db, { mustChangePassword: true });
    const c = new ApiClient(app.url);
    const login = await c.login(u.email, u.password);
    expect(login.body.user.mustChangePassword).toBe(true);
    const blocked = await c.get('/api/orgs');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('password_change_required');
    const wrong = await c.post('/api/auth/change-password', { currentPassword: 'bukan-ini-123', newPassword: 'sandi-baru-yang-kuat' });
    expect(wrong.body.code).toBe('password_wrong');
    expect((await c.post('/api/auth/change-password', { currentPassword: u.password, newPassword: 'sandi-baru-yang-kuat' })).status).toBe(204);
    expect((await c.get('/api/orgs')).status).toBe(200);
  });
});
