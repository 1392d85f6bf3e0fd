import type { FastifyReply, FastifyRequest } from 'fastify';
import { newToken, safeEqual } from '../../platform/auth/tokens.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import type { Actor } from './policy.ts';
import { resolveSession, type OrgDeps, type RequestMeta, type ResolvedSession } from './service.ts';

// Cookie sessions and CSRF protection for the JSON API. The session cookie is httpOnly;
// state-changing requests must echo the CSRF cookie's value in the x-csrf-token header
// (double submit) and, when the browser sends an Origin, come from our own origin.

export const SESSION_COOKIE = 'dayung_session';
export const CSRF_COOKIE = 'dayung_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    session: ResolvedSession | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requestMeta(req: FastifyRequest): RequestMeta {
  return { requestId: req.id, ip: req.ip, userAgent: req.ctx.userAgent };
}

export function registerSessionAuth(app: App, deps: OrgDeps, opts: { secureCookies: boolean; publicUrl: string }): void {
  const allowedOrigin = new URL(opts.publicUrl).origin;
  app.decorateRequest('session', null);
  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies[SESSION_COOKIE];
    req.session = token ? await resolveSession(deps, token) : null;
    if (req.session) req.ctx.locale = req.headers['accept-language'] ? req.ctx.locale : req.session.user.locale;
    if (SAFE_METHODS.has(req.method)) return;
    const origin = req.headers.origin;
    if (origin && origin !== allowedOrigin && origin !== `${req.protocol}://${req.host}`) throw new AppError('csrf_invalid');
    const header = req.headers['x-csrf-token'];
    const cookie = req.cookies[CSRF_COOKIE];
    if (typeof header !== 'string' || !cookie || !safeEqual(header, cookie)) throw new AppError('csrf_invalid');
  });
}

/** The CSRF token for this browser, issuing the cookie when it has none yet. */
export function ensureCsrfCookie(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = req.cookies[CSRF_COOKIE];
  if (existing && /^[\w-]{20,64}$/.test(existing)) return existing;
  const token = newToken(24);
  reply.setCookie(CSRF_COOKIE, token, { path: '/', sameSite: 'strict', secure, httpOnly: false });
  return token;
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, ttlHours: number): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: ttlHours * 3600 });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** The signed-in actor, or 401. Until a forced password change is done, only auth routes work. */
export function requireActor(req: FastifyRequest, opts: { allowPendingPasswordChange?: boolean } = {}): Actor {
  const s = req.session;
  if (!s) throw new AppError('unauthenticated');
  if (s.user.mustChangePassword && !opts.allowPendingPasswordChange) throw new AppError('password_change_required');
  return s.actor;
}
