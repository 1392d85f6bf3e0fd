import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Platform tokens are encrypted at rest with AES-256-GCM. Keys live in a keyring: the first key
// encrypts, every key decrypts, so a key can be rotated (add a new first key, re-encrypt, drop the
// old one). The keyring comes from TOKEN_KEYS ("id:base64key,id2:base64key") or, when unset, from a
// key file generated once under DATA_DIR (mode 600).

export interface Keyring {
  primaryId: string;
  keys: Map<string, Buffer>;
}

export class VaultError extends Error {}

function parseKey(id: string, b64: string): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32) throw new VaultError(`TOKEN_KEYS: key "${id}" must be 32 bytes in base64 (got ${key.length})`);
  return key;
}

export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  let primaryId = '';
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const idx = part.indexOf(':');
    if (idx <= 0) throw new VaultError('TOKEN_KEYS must look like "k2:BASE64,k1:BASE64" (first key encrypts)');
    const id = part.slice(0, idx);
    if (!/^[\w-]{1,32}$/.test(id)) throw new VaultError(`TOKEN_KEYS: invalid key id "${id}"`);
    if (keys.has(id)) throw new VaultError(`TOKEN_KEYS: key id "${id}" appears twice`);
    keys.set(id, parseKey(id, part.slice(idx + 1)));
    primaryId ||= id;
  }
  if (!primaryId) throw new VaultError('TOKEN_KEYS is empty');
  return { primaryId, keys };
}

/** The keyring from TOKEN_KEYS, or from DATA_DIR/token-keys (created with a fresh key when missing). */
export function loadKeyring(opts: { spec?: string | undefined; dataDir: string }): Keyring {
  if (opts.spec) return parseKeyring(opts.spec);
  const file = path.join(opts.dataDir, 'token-keys');
  if (!existsSync(file)) {
    mkdirSync(opts.dataDir, { recursive: true });
    const id = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    writeFileSync(file, `${id}:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return parseKeyring(readFileSync(file, 'utf8').trim());
}

const VERSION = 'v1';

/** "v1.<keyId>.<iv>.<tag>.<ciphertext>" (base64url parts); the associated data binds it to its use. */
export function encryptSecret(ring: Keyring, plaintext: string, associatedData: string): string {
  const key = ring.keys.get(ring.primaryId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, ring.primaryId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export function decryptSecret(ring: Keyring, sealed: string, associatedData: string): string {
  const [version, keyId, iv, tag, ct] = sealed.split('.');
  if (version !== VERSION || !keyId || !iv || !tag || ct === undefined) throw new VaultError('sealed secret has an unknown format');
  const key = ring.keys.get(keyId);
  if (!key) throw new VaultError(`no key "${keyId}" in the keyring (was it removed before re-encryption?)`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new VaultError('sealed secret failed authentication (wrong key or tampered)');
  }
}

export function sealedKeyId(sealed: string): string | null {
  return sealed.split('.')[1] ?? null;
}
