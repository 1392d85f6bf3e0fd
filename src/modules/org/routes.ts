import * as oidc from 'openid-client';
import { z } from 'zod';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import { newToken } from '../../platform/auth/tokens.ts';
import { parseWibBound } from '../../platform/time.ts';
import {
  clearSessionCookie,
  ensureCsrfCookie,
  requestMeta,
  requireActor,
  setSessionCookie,
} from './http-auth.ts';
import * as s from './schema.ts';
import * as service from './service.ts';
import { listNotices, markNoticeRead } from './notifications.ts';

// Thin HTTP layer of the org module: validate → authorize (in the service) → one service call → respond.

const tags = (t: string) => ({ tags: [t] });

export function registerOrgRoutes(app: App, deps: service.OrgDeps, config: Config): void {
  const secure = config.COOKIE_SECURE;

  // ── auth ───────────────────────────────────────────────────────────
  app.get('/api/auth/session', { schema: { ...tags('auth'), summary: 'Sesi saat ini dan token CSRF', response: { 200: s.SessionResponse } } }, async (req, reply) => {
    const csrfToken = ensureCsrfCookie(req, reply, secure);
    return {
      user: req.session?.user ?? null,
      csrfToken,
      oidc: { enabled: config.oidcEnabled, label: config.oidcEnabled ? config.OIDC_LABEL : null },
    };
  });

  app.post('/api/auth/login', { schema: { ...tags('auth'), summary: 'Masuk dengan email dan kata sandi', body: s.LoginBody, response: { 200: s.LoginResponse } } }, async (req, reply) => {
    const result = await service.login(deps, req.body, requestMeta(req));
    setSessionCookie(reply, result.token, secure, config.SESSION_TTL_HOURS);
    return { user: result.user, csrfToken: ensureCsrfCookie(req, reply, secure) };
  });

  app.post('/api/auth/logout', { schema: { ...tags('auth'), summary: 'Keluar', response: { 204: z.null() } } }, async (req, reply) => {
    if (req.session) await service.logout(deps, req.session.sessionId, req.session.actor, requestMeta(req));
    clearSessionCookie(reply, secure);
    return reply.code(204).send(null);
  });

  app.post('/api/auth/password-reset', { schema: { ...tags('auth'), summary: 'Minta tautan atur ulang kata sandi', body: s.ResetRequestBody, response: { 202: z.null() } } }, async (req, reply) => {
    await service.requestPasswordReset(deps, req.body.email, requestMeta(req));
    return reply.code(202).send(null);
  });

  app.post('/api/auth/password-reset/confirm', { schema: { ...tags('auth'), summary: 'Atur kata sandi baru dari tautan email (reset atau undangan)', body: s.ResetConfirmBody, response: { 204: z.null() } } }, async (req, reply) => {
    await service.confirmPasswordReset(deps, req.body, requestMeta(req));
    return reply.code(204).send(null);
  });

  app.post('/api/auth/change-password', { schema: { ...tags('auth'), summary: 'Ganti kata sandi', body: s.ChangePasswordBody, response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req, { allowPendingPasswordChange: true });
    await service.changePassword(deps, actor, req.session!.sessionId, req.body, requestMeta(req));
    return reply.code(204).send(null);
  });

  app.patch('/api/me', { schema: { ...tags('auth'), summary: 'Ubah profil sendiri', body: s.UpdateMeBody, response: { 200: z.object({ user: s.SessionUserSchema }) } } }, async (req) => {
    const actor = requireActor(req, { allowPendingPasswordChange: true });
    await service.updateMe(deps, actor, req.body, requestMeta(req));
    const fresh = await service.resolveSession(deps, req.cookies['dayung_session'] ?? '');
    if (!fresh) throw new AppError('unauthenticated');
    return { user: fresh.user };
  });

  registerOidcRoutes(app, deps, config);

  // ── orgs ───────────────────────────────────────────────────────────
  app.get('/api/orgs', { schema: { ...tags('org'), summary: 'Daftar OPD', querystring: s.OrgListQuery, response: { 200: z.object({ items: z.array(s.OrgSchema) }) } } }, async (req) => {
    return { items: await service.listOrgs(deps, requireActor(req), req.query) };
  });

  app.get('/api/orgs/:id', { schema: { ...tags('org'), summary: 'Detail OPD', params: s.IdParams, response: { 200: s.OrgDetailResponse } } }, async (req) => {
    return service.getOrg(deps, requireActor(req), req.params.id);
  });

  // ── users ──────────────────────────────────────────────────────────
  app.get('/api/users', { schema: { ...tags('users'), summary: 'Daftar pengguna', querystring: s.UserListQuery, response: { 200: z.object({ items: z.array(s.UserRowSchema) }) } } }, async (req) => {
    return { items: await service.listUsers(deps, requireActor(req), req.query) };
  });

  app.post('/api/users', { schema: { ...tags('users'), summary: 'Undang pengguna baru', body: s.InviteBody, response: { 201: z.object({ user: s.UserRowSchema }) } } }, async (req, reply) => {
    const user = await service.inviteUser(deps, requireActor(req), req.body, requestMeta(req));
    return reply.code(201).send({ user });
  });

  app.patch('/api/users/:id', { schema: { ...tags('users'), summary: 'Ubah peran, status atau nama pengguna', params: s.IdParams, body: s.UserPatchBody, response: { 200: z.object({ user: s.UserRowSchema }) } } }, async (req) => {
    return { user: await service.updateUser(deps, requireActor(req), req.params.id, req.body, requestMeta(req)) };
  });

  // ── audit log, captured mail ───────────────────────────────────────
  app.get('/api/audit', { schema: { ...tags('audit'), summary: 'Log audit', querystring: s.AuditQuery, response: { 200: z.object({ items: z.array(s.AuditItemSchema), nextCursor: z.string().nullable() }) } } }, async (req) => {
    const { from, to, ...rest } = req.query;
    return service.listAudit(deps, requireActor(req), {
      ...rest,
      from: from ? parseWibBound(from, false) : undefined,
      to: to ? parseWibBound(to, true) : undefined,
    });
  });

  app.get('/api/mail/outbox', { schema: { ...tags('mail'), summary: 'Kotak surat keluar yang ditangkap (demo dan uji)', response: { 200: z.object({ items: z.array(s.MailItemSchema) }) } } }, async (req) => {
    return { items: await service.listMail(deps, requireActor(req)) };
  });
}

// ── optional government SSO (OpenID Connect, authorization code + PKCE) ──
function registerOidcRoutes(app: App, deps: service.OrgDeps, config: Config): void {
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = () => {
    if (!config.oidcEnabled) throw new AppError('oidc_disabled');
    discovered ??= oidc
      .discovery(new URL(config.OIDC_ISSUER!), config.OIDC_CLIENT_ID!, config.OIDC_CLIENT_SECRET!, undefined, config.OIDC_ALLOW_INSECURE ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err: Error) => {
      discovered = null;
      throw new AppError('oidc_failed', { reason: err.message });
    });
    return discovered;
  };
  const redirectUri = `${config.PUBLIC_URL}/api/auth/oidc/callback`;
  const cookieOpts = { path: '/api/auth/oidc', httpOnly: true, sameSite: 'lax' as const, secure: config.COOKIE_SECURE, maxAge: 600 };

  // Only same-site paths may be returned to after sign-in.
  const safeReturn = (v: string | undefined) => (v && /^\/(?!\/)[\w\-./?=&%]*$/.test(v) && v.length <= 300 ? v : '/');

  app.get('/api/auth/oidc/start', { schema: { tags: ['auth'], summary: 'Mulai login SSO (OIDC)', querystring: z.object({ kembali: z.string().max(300).optional() }) } }, async (req, reply) => {
    const cfg = await configuration();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = newToken(16);
    reply.setCookie('dayung_oidc', `${state}.${verifier}.${Buffer.from(safeReturn(req.query.kembali)).toString('base64url')}`, cookieOpts);
    const url = oidc.buildAuthorizationUrl(cfg, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    return reply.redirect(url.href, 302);
  });

  // The browser arrives here by navigation: failures go back to the login page with their code
  // (shown there in the user's language) instead of a JSON document.
  app.get('/api/auth/oidc/callback', { schema: { tags: ['auth'], summary: 'Kembali dari penyedia SSO', querystring: z.record(z.string(), z.string()) } }, async (req, reply) => {
    try {
      return await oidcCallback(req, reply);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      req.log.warn({ code: err.code, reason: err.params['reason'] }, 'SSO login failed');
      return reply.redirect(`/masuk?galat=${err.code}`, 302);
    }
  });

  async function oidcCallback(req: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) {
    const cfg = await configuration();
    const [state, verifier, back] = (req.cookies['dayung_oidc'] ?? '').split('.');
    if (!state || !verifier) throw new AppError('oidc_failed', { reason: 'state' });
    reply.clearCookie('dayung_oidc', { path: cookieOpts.path });
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(cfg, new URL(req.url, config.PUBLIC_URL), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      claims = tokens.claims();
    } catch (err) {
      throw new AppError('oidc_failed', { reason: (err as Error).message });
    }
    if (!claims) throw new AppError('oidc_failed', { reason: 'no id_token' });
    const session = await service.loginWithOidc(
      deps,
      { sub: claims.sub, email: typeof claims['email'] === 'string' ? claims['email'] : undefined },
      requestMeta(req),
    );
    setSessionCookie(reply, session.token, config.COOKIE_SECURE, config.SESSION_TTL_HOURS);
    return reply.redirect(safeReturn(back ? Buffer.from(back, 'base64url').toString('utf8') : '/'), 302);
  }
}

export function registerNotificationRoutes(app: App, deps: service.OrgDeps): void {
  app.get('/api/notifications', { schema: { tags: ['org'], summary: 'Pemberitahuan untuk OPD Anda' } }, async (req) => {
    return { items: await listNotices(deps.db, requireActor(req)) };
  });
  app.post('/api/notifications/:id/read', { schema: { tags: ['org'], summary: 'Tandai pemberitahuan sudah dibaca', params: z.strictObject({ id: z.string().regex(/^\d{1,19}$/) }), response: { 204: z.null() } } }, async (req, reply) => {
    if (!(await markNoticeRead(deps.db, requireActor(req), req.params.id))) throw new AppError('not_found');
    return reply.code(204).send(null);
  });
}
