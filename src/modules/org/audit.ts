import type { DbOrTx } from '../../platform/db/index.ts';
import type { Actor } from './policy.ts';

// The audit log: every state change (and every look at personal data) with actor, action,
// target, before/after, time and request id. Written in the same transaction as the change.

export interface AuditContext {
  actor: Actor | null;
  requestId: string | null;
  ip: string | null;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  orgId: string | null;
  before?: unknown;
  after?: unknown;
}

/** A context for changes made by the system itself (CLI, seed, jobs). */
export function systemContext(requestId: string | null = null): AuditContext {
  return { actor: null, requestId, ip: null };
}

export async function recordAudit(db: DbOrTx, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await recordAudits(db, ctx, [entry]);
}

/** Several entries of one context in one statement (e.g. a batch of posts published by the system at once). */
export async function recordAudits(db: DbOrTx, ctx: AuditContext, entries: readonly AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        actor_id: ctx.actor?.userId ?? null,
        actor_email: ctx.actor?.email ?? null,
        actor_name: ctx.actor?.name ?? (ctx.actor ? null : 'sistem'),
        org_id: entry.orgId,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
        request_id: ctx.requestId,
        ip: ctx.ip,
      })),
    )
    .execute();
}
