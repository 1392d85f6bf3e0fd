import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/platform/db/index.ts';
import type { Role } from '../../src/platform/db/schema.ts';
import { hashPassword } from '../../src/platform/auth/password.ts';

// buildX(overrides) factories for integration tests.

export const TEST_PASSWORD = 'rahasia-uji-123';
let cachedHash: Promise<string> | null = null;

export async function orgId(db: Db, code: string): Promise<string> {
  const row = await db.selectFrom('org').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

export interface BuiltUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  orgId: string;
  orgCode: string;
}

export async function buildUser(
  db: Db,
  overrides: { role?: Role; orgCode?: string; email?: string; name?: string; status?: 'active' | 'invited' | 'deactivated'; mustChangePassword?: boolean } = {},
): Promise<BuiltUser> {
  const role = overrides.role ?? 'opd_admin';
  const orgCode = overrides.orgCode ?? (role.startsWith('province') ? 'SUMBAR' : 'DINKES');
  const oid = await orgId(db, orgCode);
  const email = overrides.email ?? `${role}.${orgCode.toLowerCase()}.${randomBytes(3).toString('hex')}@uji.sumbarprov.go.id`;
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const row = await db
    .insertInto('app_user')
    .values({
      org_id: oid,
      email,
      name: overrides.name ?? `Uji ${role}`,
      role,
      status: overrides.status ?? 'active',
      password_hash: await cachedHash,
      must_change_password: overrides.mustChangePassword ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, email, password: TEST_PASSWORD, role, orgId: oid, orgCode };
}

/** Waits until fn returns a truthy value (polling), or fails after timeoutMs. */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

let interactionSeq = 0;

/** An analysed, routed interaction as the inbox consumer would store it. */
export async function buildInteraction(
  db: Db,
  o: { orgCode?: string; text?: string; intent?: string; platform?: string; kind?: 'comment' | 'reply' | 'mention' | 'message'; threadKey?: string; contactId?: string | null; triage?: boolean; urgency?: string; receivedAt?: Date; status?: 'open' | 'assigned' | 'done' | 'spam' } = {},
): Promise<{ id: string; orgId: string }> {
  const oid = await orgId(db, o.orgCode ?? 'DINKES');
  interactionSeq++;
  const row = await db
    .insertInto('interaction')
    .values({
      org_id: oid,
      addressed_org_id: oid,
      platform: o.platform ?? 'facebook',
      kind: o.kind ?? 'comment',
      external_id: `ext-${interactionSeq}-${randomBytes(4).toString('hex')}`,
      thread_key: o.threadKey ?? `post:p-${interactionSeq}`,
      contact_id: o.contactId ?? null,
      text: o.text ?? `Keluhan nomor ${interactionSeq}`,
      intent: o.intent ?? 'complaint',
      sentiment: 'negative',
      urgency: o.urgency ?? 'medium',
      route: o.orgCode ?? 'DINKES',
      route_confidence: 0.9,
      triage: o.triage ?? false,
      analysis: JSON.stringify({ intent: { confidence: 0.9, mengapa: [{ feature: 'rusak', weight: 1.2 }] }, route: { confidence: 0.9, alasan: 'uji', mengapa: [] }, pii: [] }),
      model_version: 'lang-test',
      status: o.status ?? 'open',
      received_at: o.receivedAt ?? new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, orgId: oid };
}

export async function buildContact(db: Db, o: { platform?: string; name?: string } = {}): Promise<string> {
  const r = await db
    .insertInto('contact')
    .values({ platform: o.platform ?? 'facebook', external_user_id: `u-${randomBytes(5).toString('hex')}`, display_name: o.name ?? 'Warga Uji' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
