import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('gives working defaults: embedded database, demo mode, port 3000', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', embedded: true, DEMO: true, PUBLIC_URL: 'http://localhost:3000', COOKIE_SECURE: false });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('turns demo mode off for an external database or production, unless asked', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u:p@db/dayung' }).DEMO).toBe(false);
    expect(parseConfig({ NODE_ENV: 'production' }).DEMO).toBe(false);
    expect(parseConfig({ DATABASE_URL: 'postgres://u:p@db/dayung', DEMO: 'true' }).DEMO).toBe(true);
  });

  it('derives secure cookies from an https PUBLIC_URL and strips its trailing slash', () => {
    const c = parseConfig({ PUBLIC_URL: 'https://dayung.sumbarprov.go.id/' });
    expect(c.PUBLIC_URL).toBe('https://dayung.sumbarprov.go.id');
    expect(c.COOKIE_SECURE).toBe(true);
  });

  it('names every bad variable and what is wrong with it', () => {
    try {
      parseConfig({ PORT: 'tiga ribu', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'chatty' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT="tiga ribu"/m);
      expect(problems).toMatch(/^DATABASE_URL="mysql:\/\/x": must start with postgres/m);
      expect(problems).toMatch(/^LOG_LEVEL="chatty"/m);
      expect((err as Error).message).toContain('Konfigurasi tidak valid');
    }
  });

  it('requires the OIDC settings together', () => {
    expect(() => parseConfig({ OIDC_ISSUER: 'https://sso.sumbarprov.go.id' })).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    expect(parseConfig({ OIDC_ISSUER: 'https://sso.sumbarprov.go.id', OIDC_CLIENT_ID: 'dayung', OIDC_CLIENT_SECRET: 's' }).oidcEnabled).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });
});
