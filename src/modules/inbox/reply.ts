import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { queueReply, sha16 } from '../channels/index.ts';
import { caseForInteraction } from '../cases/index.ts';
import { inScope, orgScope, recordAudit, type Actor, type AuditContext } from '../org/index.ts';
import * as q from './queries.ts';

// Answering citizens through the channel they used, and the OPD's canned responses.

const MESSAGE_PLATFORMS_PUBLIC_REPLY = new Set(['facebook', 'instagram', 'x', 'youtube', 'telegram']);

/** {nama} → the citizen's first name; {kode_aduan} → the case code (when there is one); unknown variables are refused. */
export function renderTemplate(body: string, vars: { nama: string | null; kode_aduan: string | null }): string {
  return body.replace(/\{(\w+)\}/g, (_m, key: string) => {
    if (key === 'nama') return vars.nama?.split(/\s+/)[0] || 'Bapak/Ibu';
    if (key === 'kode_aduan') {
      if (!vars.kode_aduan) throw new AppError('bad_request', { reason: 'pesan ini belum memiliki kode aduan' });
      return vars.kode_aduan;
    }
    throw new AppError('bad_request', { reason: `variabel {${key}} tidak dikenal; gunakan {nama} atau {kode_aduan}` });
  });
}

export async function reply(
  db: Db,
  actor: Actor,
  interactionId: string,
  input: { text?: string | undefined; cannedId?: string | undefined; mode: 'public' | 'private'; requestId?: string | undefined; template?: { name: string; language: string; parameters: string[] } | undefined },
  audit: AuditContext,
) {
  const row = await q.findInteraction(db, interactionId);
  if (!row || !inScope(orgScope(actor, 'inbox.work'), row.org_id)) throw new AppError('not_found');
  if (!row.account_id) throw new AppError('bad_request', { reason: 'pesan ini tidak datang dari akun yang terhubung' });
  if (row.deleted_at) throw new AppError('bad_request', { reason: 'pesan sudah dihapus oleh pengirimnya' });
  let body = input.text ?? '';
  if (input.cannedId) {
    const canned = await db.selectFrom('canned_response').selectAll().where('id', '=', input.cannedId).executeTakeFirst();
    if (!canned || !inScope(orgScope(actor, 'inbox.read'), canned.org_id)) throw new AppError('not_found');
    body = canned.body;
  }
  const linked = await caseForInteraction(db, row.id);
  const text = renderTemplate(body, { nama: row.contact_name, kode_aduan: linked?.code ?? null }).trim();
  if (!text && !input.template) throw new AppError('validation_failed', {}, { errors: [{ path: 'text', message: 'Balasan tidak boleh kosong' }] });
  const isMessage = row.kind === 'message';
  const mode = isMessage ? 'private' : input.mode;
  if (mode === 'public' && !MESSAGE_PLATFORMS_PUBLIC_REPLY.has(row.platform)) throw new AppError('bad_request', { reason: `${row.platform} tidak mendukung balasan publik` });
  // The citizen's last message in this conversation opens the platforms' 24-hour windows.
  const last = await db
    .selectFrom('interaction')
    .select(sql<Date | null>`max(coalesce(occurred_at, received_at))`.as('at'))
    .where('platform', '=', row.platform)
    .where('thread_key', '=', row.thread_key)
    .where('contact_id', row.contact_id ? '=' : 'is', row.contact_id)
    .executeTakeFirst();
  const contact = row.contact_id ? await db.selectFrom('contact').select('external_user_id').where('id', '=', row.contact_id).executeTakeFirst() : undefined;
  const target = {
    externalId: row.external_id,
    userId: contact?.external_user_id,
    parentId: row.post_external_id ?? undefined,
    lastInboundAt: isMessage ? (last?.at ? new Date(last.at) : undefined) : new Date(row.occurred_at ?? row.received_at),
  };
  const key = `reply:${row.id}:${input.requestId ?? sha16(`${mode}|${text}`)}`;
  const result = await db.transaction().execute(async (tx) => {
    const queued = await queueReply(tx, {
      purpose: mode === 'public' ? 'reply_public' : 'reply_private',
      orgId: row.org_id,
      accountId: row.account_id!,
      interactionId: row.id,
      idempotencyKey: key,
      text,
      target,
      template: input.template,
      requestedBy: actor.userId,
    });
    if (queued.created) {
      if (!row.assignee_id) await tx.updateTable('interaction').set({ assignee_id: actor.userId, status: row.status === 'open' ? 'assigned' : row.status }).where('id', '=', row.id).execute();
      await recordAudit(tx, audit, { action: 'interaction.reply', targetType: 'interaction', targetId: row.id, orgId: row.org_id, after: { outboundId: queued.id, mode, cannedId: input.cannedId ?? null } });
      await sql`select pg_notify('inbox', ${JSON.stringify({ type: 'changed', orgIds: [row.org_id], interactionId: row.id })})`.execute(tx);
    }
    return queued;
  });
  return { outboundId: result.id, duplicate: !result.created, mode, text };
}

// ── canned responses ─────────────────────────────────────────────────
export async function listCanned(db: Db, actor: Actor, orgId?: string) {
  const scope = orgScope(actor, 'inbox.read');
  let q2 = db.selectFrom('canned_response as c').innerJoin('org as o', 'o.id', 'c.org_id').select(['c.id', 'c.org_id', 'o.code as org_code', 'c.title', 'c.body', 'c.updated_at']);
  if (scope !== 'all') q2 = q2.where('c.org_id', 'in', scope);
  if (orgId) {
    if (!inScope(scope, orgId)) throw new AppError('not_found');
    q2 = q2.where('c.org_id', '=', orgId);
  }
  return (await q2.orderBy('c.title').execute()).map((c) => ({ id: c.id, orgId: c.org_id, orgCode: c.org_code, title: c.title, body: c.body, updatedAt: c.updated_at.toISOString() }));
}

export async function saveCanned(db: Db, actor: Actor, input: { id?: string | undefined; orgId: string; title: string; body: string }, audit: AuditContext) {
  if (!inScope(orgScope(actor, 'inbox.manage'), input.orgId)) throw new AppError('not_found');
  renderTemplate(input.body.replace(/\{kode_aduan\}/g, 'X'), { nama: 'X', kode_aduan: 'X' });
  const row = await db.transaction().execute(async (tx) => {
    const r = input.id
      ? await tx.updateTable('canned_response').set({ title: input.title, body: input.body, updated_at: sql`now()` }).where('id', '=', input.id).where('org_id', '=', input.orgId).returning('id').executeTakeFirst()
      : await tx
          .insertInto('canned_response')
          .values({ org_id: input.orgId, title: input.title, body: input.body, created_by: actor.userId })
          .returning('id')
          .executeTakeFirst()
          .catch((err: { code?: string }) => {
            if (err.code === '23505') throw new AppError('conflict', { reason: `judul "${input.title}" sudah dipakai` });
            throw err;
          });
    if (!r) throw new AppError('not_found');
    await recordAudit(tx, audit, { action: input.id ? 'canned.update' : 'canned.create', targetType: 'canned_response', targetId: r.id, orgId: input.orgId, after: { title: input.title } });
    return r;
  });
  return { id: row.id };
}

export async function deleteCanned(db: Db, actor: Actor, id: string, audit: AuditContext) {
  const scope = orgScope(actor, 'inbox.manage');
  const row = await db.selectFrom('canned_response').select(['id', 'org_id', 'title']).where('id', '=', id).executeTakeFirst();
  if (!row || !inScope(scope, row.org_id)) throw new AppError('not_found');
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('canned_response').where('id', '=', id).execute();
    await recordAudit(tx, audit, { action: 'canned.delete', targetType: 'canned_response', targetId: id, orgId: row.org_id, before: { title: row.title } });
  });
}
