import { describe, expect, it } from 'vitest';
import { AppError, ERRORS, formatMessage, pickLocale, toProblem } from './errors.ts';

describe('errors', () => {
  it('every error has an Indonesian and an English message with the same placeholders', () => {
    for (const [code, def] of Object.entries(ERRORS)) {
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ph(def.id), code).toEqual(ph(def.en));
      expect(def.id.length).toBeGreaterThan(5);
    }
  });

  it('renders RFC 9457 problem details in the asked language', () => {
    const err = new AppError('too_many_login_attempts', { minutes: 7 });
    const p = toProblem(err, 'id', 'req-1', '/api/auth/login');
    expect(p).toEqual({
      type: 'https://dayung.sumbarprov.go.id/problems/too-many-login-attempts',
      title: 'Terlalu banyak permintaan',
      status: 429,
      detail: 'Terlalu banyak percobaan masuk. Coba lagi dalam 7 menit.',
      code: 'too_many_login_attempts',
      instance: '/api/auth/login',
      requestId: 'req-1',
    });
    expect(formatMessage('internal', { requestId: 'abc' }, 'en')).toContain('abc');
  });

  it('picks Indonesian unless English is preferred', () => {
    expect(pickLocale(undefined)).toBe('id');
    expect(pickLocale('en-US,en;q=0.9')).toBe('en');
    expect(pickLocale('id-ID,id;q=0.9,en;q=0.8')).toBe('id');
    expect(pickLocale('en;q=0.5,id;q=0.9')).toBe('id');
    expect(pickLocale('fr-FR')).toBe('id');
    expect(pickLocale('de,en;q=0.7')).toBe('en');
  });
});
