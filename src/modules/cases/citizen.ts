import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../platform/db/index.ts';
import { defineJob, type CronEntry, type JobDefinition } from '../../platform/jobs/index.ts';
import { queueReply } from '../channels/index.ts';
import { systemContext } from '../org/index.ts';
import { recordCitizenReply } from './service.ts';
import { issueTrackingSecret } from './public/intake.ts';

// The citizen loop: the citizen learns the tracking code and link on the channel they used, and
// every public step after (verified, passed on, answered, closed); their later messages in the same
// conversation are recorded on the case (which stops its silence clock). Messages go through the
// never-twice outbound path, keyed by the event, so nobody is told twice. Comments are answered
// publicly under the citizen's comment (a tracking code is public information); confidential cases
// are only told in private channels.

export interface CitizenLoopDeps {
  db: Db;
  publicUrl: string;
}

const PRIVATE_KINDS = new Set(['message']);

export function citizenText(code: string, publicUrl: string, kind: string, toStatus: string | null, publicText: string, secret: string | null = null): string {
  // In a private channel the first link carries the tracking key (in the fragment), so the citizen
  // can also follow a confidential case and rate the outcome.
  const link = `${publicUrl}/lacak/${code}${secret ? `#kunci=${secret}` : ''}`;
  if (kind === 'status' && toStatus === 'diterima') {
    return `Terima kasih, aduan Anda kami terima dengan kode ${code}. Pantau perkembangannya di ${link}`;
  }
  return `[${code}] ${publicText} Pantau: ${link}`;
}

export async function notifyCitizens(deps: CitizenLoopDeps, limit = 200): Promise<{ sent: number; skipped: number }> {
  const { rows } = await sql<{
    event_id: string; kind: string; to_status: string | null; public_text: string; case_id: string; code: string; confidential: boolean; org_id: string;
    interaction_id: string; i_kind: string; platform: string; account_id: string | null; external_id: string; post_external_id: string | null; contact_id: string | null; occurred_at: Date | null; received_at: Date;
  }>`
    select e.id as event_id, e.kind, e.to_status, e.public_text, c.id as case_id, c.code, c.confidential, c.org_id,
           i.id as interaction_id, i.kind as i_kind, i.platform, i.account_id, i.external_id, i.post_external_id, i.contact_id, i.occurred_at, i.received_at
      from case_event e
      join complaint_case c on c.id = e.case_id
      join interaction i on i.id = c.source_interaction_id
      left join case_citizen_notice n on n.event_id = e.id
     where e.public and e.public_text is not null and n.event_id is null and e.at > now() - interval '14 days'
     order by e.id
     limit ${limit}`.execute(deps.db);
  let sent = 0;
  let skipped = 0;
  for (const r of rows) {
    await deps.db.transaction().execute(async (tx) => {
      const isPrivate = PRIVATE_KINDS.has(r.i_kind);
      let skip: string | null = null;
      if (!r.account_id) skip = 'akun asal tidak terhubung';
      else if (!isPrivate && r.confidential) skip = 'aduan rahasia tidak diumumkan di kolom komentar';
      let outboundId: string | null = null;
      if (!skip) {
        const contact = r.contact_id ? await tx.selectFrom('contact').select('external_user_id').where('id', '=', r.contact_id).executeTakeFirst() : undefined;
        const last = await sql<{ at: Date | null }>`select max(coalesce(occurred_at, received_at)) as at from interaction where contact_id = ${r.contact_id} and account_id = ${r.account_id}`.execute(tx);
        const first = r.kind === 'status' && r.to_status === 'diterima';
        const secret = first && isPrivate ? await issueTrackingSecret(tx, r.case_id) : null;
        const q = await queueReply(tx, {
          purpose: isPrivate ? 'reply_private' : 'reply_public',
          orgId: r.org_id,
          accountId: r.account_id!,
          interactionId: r.interaction_id,
          idempotencyKey: `case-notice:${r.event_id}`,
          text: citizenText(r.code, deps.publicUrl, r.kind, r.to_status, r.public_text, secret),
          target: {
            externalId: r.external_id,
            userId: contact?.external_user_id,
            parentId: r.post_external_id ?? undefined,
            lastInboundAt: isPrivate ? (last.rows[0]?.at ? new Date(last.rows[0].at) : undefined) : new Date(r.occurred_at ?? r.received_at),
          },
          requestedBy: null,
        });
        outboundId = q.id;
        sent++;
      } else skipped++;
      await tx.insertInto('case_citizen_notice').values({ event_id: r.event_id, case_id: r.case_id, outbound_id: outboundId, skipped_reason: skip }).onConflict((oc) => oc.column('event_id').doNothing()).execute();
    });
  }
  return { sent, skipped };
}

/** The citizen wrote again in the conversation the case came from: record it on the case. */
export async function linkCitizenReplies(deps: CitizenLoopDeps, limit = 200): Promise<number> {
  const { rows } = await sql<{ interaction_id: string; case_id: string; text: string }>`
    select i.id as interaction_id, c.id as case_id, i.text
      from complaint_case c
      join interaction s on s.id = c.source_interaction_id
      join interaction i on i.platform = s.platform and i.thread_key = s.thread_key and i.contact_id = s.contact_id
                        and i.id <> s.id and i.received_at > s.received_at
      left join case_citizen_reply l on l.interaction_id = i.id
     where l.interaction_id is null and c.status not in ('selesai', 'diarsipkan', 'duplikat')
       and i.received_at > now() - interval '60 days'
     order by i.received_at
     limit ${limit}`.execute(deps.db);
  let linked = 0;
  for (const r of rows) {
    const claimed = await deps.db.insertInto('case_citizen_reply').values({ interaction_id: r.interaction_id, case_id: r.case_id }).onConflict((oc) => oc.column('interaction_id').doNothing()).returning('interaction_id').executeTakeFirst();
    if (!claimed) continue;
    try {
      await recordCitizenReply({ db: deps.db }, null, r.case_id, { text: r.text, interactionId: r.interaction_id }, systemContext());
      linked++;
    } catch {
      // A case that cannot take replies in its state keeps the message in the inbox only.
    }
  }
  return linked;
}

export function citizenLoopJobs(deps: CitizenLoopDeps): JobDefinition[] {
  return [
    defineJob({
      name: 'cases_citizen_loop',
      schema: z.object({}).passthrough(),
      async handler(_p, ctx) {
        const linked = await linkCitizenReplies(deps);
        const r = await notifyCitizens(deps);
        if (r.sent || r.skipped || linked) ctx.logger.info({ ...r, linked }, 'citizen loop');
      },
    }),
  ];
}

export const citizenLoopCron: CronEntry[] = [{ pattern: '* * * * *', job: 'cases_citizen_loop' }];
