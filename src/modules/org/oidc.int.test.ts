import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { ApiClient } from '../../../test/helpers/client.ts';
import { buildUser } from '../../../test/helpers/factories.ts';

// Government SSO through a small OpenID Connect provider on loopback (authorization code + PKCE).

let idp: Server;
let issuer: string;
let app: TestApp;
let nextUser = { sub: 'sub-1', email: 'x@y.z' };
const codes = new Map<string, { challenge: string; user: typeof nextUser }>();

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  idp = createServer(async (req, res) => {
    const url = new URL(req.url!, issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      // The user signs in at the provider and consents; it redirects back with a code.
      const code = randomBytes(8).toString('hex');
      codes.set(code, { challenge: url.searchParams.get('code_challenge')!, user: nextUser });
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state')!);
      back.searchParams.set('iss', issuer);
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const entry = codes.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!entry || entry.challenge !== challenge) return json(400, { error: 'invalid_grant' });
      codes.delete(form.get('code')!);
      const idToken = await new SignJWT({ email: entry.user.email })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience('dayung')
        .setSubject(entry.user.sub)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      return json(200, { access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    json(404, {});
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  app = await startTestApp({
    services: 'web',
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'dayung', OIDC_CLIENT_SECRET: 'rahasia', OIDC_ALLOW_INSECURE: 'true', OIDC_LABEL: 'SSO Uji' },
  });
});
afterAll(async () => {
  await app?.close();
  await new Promise((r) => idp?.close(r));
});

async function ssoLogin(c: ApiClient, back?: string) {
  const start = await c.get(`/api/auth/oidc/start${back ? `?kembali=${encodeURIComponent(back)}` : ''}`);
  expect(start.status).toBe(302);
  const atIdp = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const callback = new URL(atIdp.headers.get('location')!);
  return c.get(callback.pathname + callback.search);
}

describe('OIDC single sign-on', () => {
  it('an invited account signs in through the identity provider and is bound to its subject', async () => {
    const invited = await buildUser(app.db.db, { role: 'opd_admin', orgCode: 'DISPAR', status: 'invited' });
    const c = new ApiClient(app.url);
    const session = await c.session();
    expect(session.body.oidc).toEqual({ enabled: true, label: 'SSO Uji' });
    nextUser = { sub: 'sso-dispar-1', email: invited.email };
    const cb = await ssoLogin(c, '/opd?jenis=rsud');
    expect(cb.status).toBe(302);
    expect(cb.headers.get('location')).toBe('/opd?jenis=rsud');
    const me = await c.get('/api/auth/session');
    expect(me.body.user).toMatchObject({ email: invited.email, orgCode: 'DISPAR' });
    const row = await app.db.db.selectFrom('app_user').select(['oidc_subject', 'status']).where('id', '=', invited.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ oidc_subject: 'sso-dispar-1', status: 'active' });
  });

  it('an unknown person is refused with a clear message, and a forged state is rejected', async () => {
    nextUser = { sub: 'orang-asing', email: 'orang.asing@contoh.id' };
    const c = new ApiClient(app.url);
    const cb = await ssoLogin(c);
    expect(cb.status).toBe(302);
    expect(cb.headers.get('location')).toBe('/masuk?galat=oidc_no_account');
    expect((await c.get('/api/auth/session')).body.user).toBeNull();

    const forged = new ApiClient(app.url);
    const r = await forged.get('/api/auth/oidc/callback?code=abc&state=xyz');
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/masuk?galat=oidc_failed');
  });
});
