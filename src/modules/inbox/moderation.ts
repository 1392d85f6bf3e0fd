import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { defineJob, enqueue, type JobDefinition } from '../../platform/jobs/index.ts';
import { accountForWork, ConnectorError, type ChannelsDeps } from '../channels/index.ts';
import { inScope, orgScope, recordAudit, type Actor, type AuditContext } from '../org/index.ts';

// Bulk moderation: judol spam floods comment threads; responders select many and hide them on the
// platform in one go (hidden, not deleted: the regulations allow hiding unlawful content, logged,
// never mere criticism). Each hide is its own idempotent job, so one platform error does not stop
// the rest; marking done or spam is local.

export async function bulkAction(db: Db, actor: Actor, input: { ids: string[]; action: 'done' | 'spam' | 'hide' }, audit: AuditContext) {
  const scope = orgScope(actor, 'inbox.work');
  const rows = await db.selectFrom('interaction').select(['id', 'org_id', 'kind', 'platform', 'status', 'account_id']).where('id', 'in', input.ids).execute();
  const results: { id: string; ok: boolean; reason?: string }[] = [];
  for (const id of input.ids) {
    const r = rows.find((x) => x.id === id);
    if (!r || !inScope(scope, r.org_id)) {
      results.push({ id, ok: false, reason: 'tidak ditemukan' });
      continue;
    }
    if (input.action === 'hide' && (r.kind === 'message' || !r.account_id)) {
      results.push({ id, ok: false, reason: 'pesan pribadi tidak dapat disembunyikan' });
      continue;
    }
    await db.transaction().execute(async (tx) => {
      if (input.action === 'hide') {
        await tx.updateTable('interaction').set({ status: 'spam' }).where('id', '=', id).execute();
        await enqueue(tx, 'inbox_hide', { interactionId: id }, { jobKey: `inbox_hide:${id}`, maxAttempts: 8 });
      } else {
        await tx.updateTable('interaction').set({ status: input.action }).where('id', '=', id).execute();
      }
      await recordAudit(tx, audit, { action: `interaction.bulk_${input.action}`, targetType: 'interaction', targetId: id, orgId: r.org_id, before: { status: r.status } });
    });
    results.push({ id, ok: true });
  }
  return { results };
}

export function moderationJobs(channels: ChannelsDeps): JobDefinition[] {
  return [
    defineJob({
      name: 'inbox_hide',
      schema: z.object({ interactionId: z.uuid() }),
      maxAttempts: 8,
      async handler({ interactionId }, ctx) {
        const i = await channels.db.selectFrom('interaction').select(['id', 'account_id', 'external_id', 'status']).where('id', '=', interactionId).executeTakeFirst();
        if (!i?.account_id || i.status === 'hidden') return;
        const { ctx: cctx, connector } = await accountForWork(channels, i.account_id);
        try {
          await connector.setHidden(cctx, i.external_id, true);
        } catch (err) {
          if (err instanceof ConnectorError && (err.kind === 'permanent' || err.kind === 'unsupported')) {
            ctx.logger.warn({ interactionId, err: err.message }, 'comment could not be hidden on the platform');
            return;
          }
          throw err;
        }
        await channels.db.updateTable('interaction').set({ status: 'hidden' }).where('id', '=', interactionId).execute();
        await sql`select pg_notify('inbox', ${JSON.stringify({ type: 'changed', orgIds: [], interactionId })})`.execute(channels.db);
      },
    }),
  ];
}
