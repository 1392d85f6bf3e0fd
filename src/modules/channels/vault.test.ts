import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, loadKeyring, parseKeyring, sealedKeyId } from './vault.ts';

const k = () => randomBytes(32).toString('base64');

describe('token vault', () => {
  it('round-trips, and binds a secret to its associated data', () => {
    const ring = parseKeyring(`a:${k()}`);
    const sealed = encryptSecret(ring, 'EAAG-token-rahasia', 'account:1');
    expect(sealed).not.toContain('EAAG');
    expect(decryptSecret(ring, sealed, 'account:1')).toBe('EAAG-token-rahasia');
    expect(() => decryptSecret(ring, sealed, 'account:2')).toThrow(/failed authentication/);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => decryptSecret(ring, tampered, 'account:1')).toThrow();
  });

  it('rotates: the new first key encrypts, old keys still decrypt, a dropped key is named', () => {
    const oldKey = k();
    const before = parseKeyring(`old:${oldKey}`);
    const sealed = encryptSecret(before, 'x', 'ad');
    const rotated = parseKeyring(`new:${k()},old:${oldKey}`);
    expect(decryptSecret(rotated, sealed, 'ad')).toBe('x');
    expect(sealedKeyId(encryptSecret(rotated, 'x', 'ad'))).toBe('new');
    const dropped = parseKeyring(`new:${k()}`);
    expect(() => decryptSecret(dropped, sealed, 'ad')).toThrow(/no key "old"/);
  });

  it('rejects malformed keyrings with a clear message', () => {
    expect(() => parseKeyring('tanpa-titik-dua')).toThrow(/TOKEN_KEYS must look like/);
    expect(() => parseKeyring(`a:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => parseKeyring(`a:${k()},a:${k()}`)).toThrow(/appears twice/);
  });

  it('generates a private key file once when no keyring is configured', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vault-'));
    const r1 = loadKeyring({ dataDir: dir });
    const r2 = loadKeyring({ dataDir: dir });
    expect(r1.primaryId).toBe(r2.primaryId);
    expect(statSync(path.join(dir, 'token-keys')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, 'token-keys'), 'utf8')).toMatch(/^k\d{8}:/);
  });
});
