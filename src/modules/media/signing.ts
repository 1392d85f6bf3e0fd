import { createHmac, randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../platform/db/index.ts';
import { safeEqual } from '../../platform/auth/tokens.ts';
import * as q from './queries.ts';

// Public media URLs: /media/<id>/<token>, token = HMAC-SHA256(key, "media:v1:<id>") (192 bits,
// base64url), so the platforms (and the fake platforms) can fetch prepared media by URL while
// nobody can list or guess one. The key lives in media_secret (created on first use), so every web
// process makes and accepts the same URLs. A URL does not expire: it is a capability for one
// immutable object; deleting the object ends it.

const keys = new WeakMap<object, Promise<Buffer>>();

function keyOf(db: DbOrTx): Promise<Buffer> {
  let k = keys.get(db);
  if (!k) {
    k = q.signingKey(db, 'media-url-v1', randomBytes(32));
    k.catch(() => keys.delete(db));
    keys.set(db, k);
  }
  return k;
}

export async function mediaToken(db: DbOrTx, id: string): Promise<string> {
  const key = await keyOf(db);
  return createHmac('sha256', key).update(`media:v1:${id}`).digest().subarray(0, 24).toString('base64url');
}

export async function verifyMediaToken(db: DbOrTx, id: string, token: string): Promise<boolean> {
  if (!/^[\w-]{32}$/.test(token)) return false;
  return safeEqual(await mediaToken(db, id), token);
}

/** The public URL of an object (served only while it is ready). */
export async function publicUrl(deps: { db: DbOrTx; publicUrl: string }, id: string): Promise<string> {
  return `${deps.publicUrl}/media/${id}/${await mediaToken(deps.db, id)}`;
}
