import { createHmac, randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { safeEqual } from '../../../platform/auth/tokens.ts';
import * as pq from './queries.ts';

// Signed timestamp tokens for the public complaint form (no third-party captcha): the page fetches
// one when it opens; a submission must carry it, not sooner than MIN_FILL_MS after it was issued
// (bots post at once), not later than MAX_AGE_MS, and only once (the nonce is recorded). The HMAC
// key lives in the database (public_secret), so every web process accepts every other's tokens.

export const MIN_FILL_MS = 4_000;
export const MAX_AGE_MS = 6 * 3600_000;
const KEY_NAME = 'form_token_hmac';

export type TokenCheck = { ok: true; nonce: string; fillMs: number } | { ok: false; reason: 'invalid' | 'expired' | 'too_fast' };

const keys = new WeakMap<object, Promise<Buffer>>();

function keyOf(db: DbOrTx): Promise<Buffer> {
  let k = keys.get(db);
  if (!k) {
    k = pq.publicSecret(db, KEY_NAME, randomBytes(32));
    k.catch(() => keys.delete(db));
    keys.set(db, k);
  }
  return k;
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url').slice(0, 32);
}

/** Signs a token issued at `issuedAt` (tests sign back-dated tokens with it). */
export async function issueFormToken(db: DbOrTx, issuedAt: Date = new Date()): Promise<string> {
  const payload = `${issuedAt.getTime().toString(36)}.${randomBytes(12).toString('base64url')}`;
  return `${payload}.${sign(await keyOf(db), payload)}`;
}

/** Checks signature and age (does not consume it: see consumeFormToken). */
export async function checkFormToken(db: DbOrTx, token: string, now: Date = new Date()): Promise<TokenCheck> {
  const parts = token.split('.');
  if (parts.length !== 3 || !/^[0-9a-z]{6,12}$/.test(parts[0]!) || !/^[\w-]{16}$/.test(parts[1]!)) return { ok: false, reason: 'invalid' };
  const payload = `${parts[0]}.${parts[1]}`;
  if (!safeEqual(sign(await keyOf(db), payload), parts[2]!)) return { ok: false, reason: 'invalid' };
  const fillMs = now.getTime() - parseInt(parts[0]!, 36);
  if (fillMs < -60_000 || fillMs > MAX_AGE_MS) return { ok: false, reason: 'expired' };
  if (fillMs < MIN_FILL_MS) return { ok: false, reason: 'too_fast' };
  return { ok: true, nonce: parts[1]!, fillMs };
}

/** Marks the token used; false when it had been used already (a replayed submission). */
export async function consumeFormToken(db: DbOrTx, nonce: string): Promise<boolean> {
  if (Math.random() < 0.01) await pq.sweepNonces(db, Math.ceil(MAX_AGE_MS / 3600_000) + 1);
  return pq.useNonce(db, nonce);
}
