import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import type { InteractionTable } from '../../platform/db/schema.ts';
import type { Logger } from '../../platform/logger.ts';
import type { PendingEvent } from '../channels/index.ts';
import { analyze, type Analysis } from '../language/index.ts';
import { extract } from './extract.ts';
import { decideRoute, resolveGroupRoute, type GroupMember } from './routing.ts';
import { loadRules, matchRule, type RoutingRule } from './rules.ts';

// The inbox's consumer of inbound events: normalize each into an interaction (idempotent on the
// platform's object id), analyze it, route it, and mark the event processed, in one transaction per
// batch so that a crash leaves the batch pending, never half-applied.

interface OrgIndex {
  provinceId: string;
  provinceCode: string;
  idByCode: Map<string, string>;
  codeById: Map<string, string>;
  /** route labels that stand for a group of OPDs (RSUD → the provincial hospitals) */
  groups: Map<string, GroupMember[]>;
}

async function orgIndex(db: Db): Promise<OrgIndex> {
  const rows = await db.selectFrom('org').select(['id', 'code', 'kind', 'name', 'aliases', 'org_group', 'parent_id']).execute();
  const province = rows.find((r) => r.kind === 'province');
  if (!province) throw new Error('province org missing: seed the reference data first');
  const codeById = new Map(rows.map((r) => [r.id, r.code]));
  const groups = new Map<string, GroupMember[]>();
  for (const r of rows) {
    if (!r.org_group) continue;
    const list = groups.get(r.org_group) ?? [];
    list.push({ code: r.code, name: r.name, aliases: r.aliases, parentCode: r.parent_id ? (codeById.get(r.parent_id) ?? null) : 'DINKES' });
    groups.set(r.org_group, list);
  }
  return { provinceId: province.id, provinceCode: province.code, idByCode: new Map(rows.map((r) => [r.code, r.id])), codeById, groups };
}

const CHANNEL: Record<string, string> = { comment: 'comment', reply: 'comment', mention: 'mention', message: 'message' };

export function createInboxConsumer(deps: { db: Db; logger: Logger }) {
  let orgs: { at: number; index: OrgIndex; rules: RoutingRule[] } | null = null;
  // Org directory and routing rules change rarely: re-read at most every 10 s.
  const index = async () => {
    if (!orgs || Date.now() - orgs.at > 10_000) orgs = { at: Date.now(), index: await orgIndex(deps.db), rules: await loadRules(deps.db) };
    return orgs;
  };

  return async function consume(events: PendingEvent[]): Promise<void> {
    const { index: idx, rules } = await index();
    const known = new Set([...idx.idByCode.keys()].filter((c) => c !== idx.provinceCode));
    // Analysis first (CPU), then a handful of set-based statements per batch (I/O).
    type Row = Insertable<InteractionTable> & { contactKey: string | null };
    const rows: Row[] = [];
    const contacts = new Map<string, { platform: string; external_user_id: string; display_name: string | null; handle: string | null }>();
    const edits: { platform: string; externalId: string; text: string; at: Date | null; id: string }[] = [];
    const deletes: { platform: string; externalId: string; at: Date | null; id: string }[] = [];
    const processed: string[] = [];
    const ignored: string[] = [];
    const touched = new Set<string>();
    for (const e of events) {
      const x = extract(e);
      if (x.op === 'ignore') {
        ignored.push(e.id);
        continue;
      }
      if (x.op === 'edit') {
        edits.push({ platform: e.platform, externalId: x.externalId, text: x.text, at: x.at, id: e.id });
        continue;
      }
      if (x.op === 'delete') {
        deletes.push({ platform: e.platform, externalId: x.externalId, at: x.at, id: e.id });
        continue;
      }
      const addressed = e.orgId ? (idx.codeById.get(e.orgId) ?? null) : null;
      // the "mengapa" reasons are computed when a responder opens the conversation (withReasons), not for every message
      const analysis: Analysis = analyze(x.text, { addressedOpd: addressed, channel: `${e.platform}_${CHANNEL[x.kind]}` }, { deferReasons: true });
      const group = analysis.route.route ? idx.groups.get(analysis.route.route) : undefined;
      const routed = group ? { ...analysis, route: { ...analysis.route, route: resolveGroupRoute(analysis.route.route!, x.text, group) } } : analysis;
      // Kominfotik's rules come before the classifier.
      const rule = rules.length ? matchRule(rules, { accountId: e.accountId, platform: e.platform, text: x.text, intent: analysis.intent.label }) : null;
      const route = rule?.action.routeOrgCode
        ? { orgCode: rule.action.routeOrgCode, routedFrom: addressed && addressed !== rule.action.routeOrgCode ? addressed : null, triage: false, triageReason: null }
        : decideRoute(routed, addressed, idx.provinceCode, known);
      const owner = idx.idByCode.get(route.orgCode) ?? idx.provinceId;
      touched.add(owner);
      if (route.triage) touched.add(idx.provinceId);
      let contactKey: string | null = null;
      if (x.author) {
        contactKey = `${e.platform}\u0000${x.author.id}`;
        const prev = contacts.get(contactKey);
        contacts.set(contactKey, { platform: e.platform, external_user_id: x.author.id, display_name: x.author.name ?? prev?.display_name ?? null, handle: x.author.handle ?? prev?.handle ?? null });
      }
      rows.push({
        contactKey,
        org_id: owner,
        addressed_org_id: e.orgId,
        routed_from_org_id: route.routedFrom ? (idx.idByCode.get(route.routedFrom) ?? null) : null,
        account_id: e.accountId,
        platform: e.platform,
        kind: x.kind,
        external_id: x.externalId,
        thread_key: x.threadKey,
        parent_external_id: x.parentExternalId,
        post_external_id: x.postExternalId,
        contact_id: null,
        text: x.text,
        lang: analysis.language.label,
        intent: analysis.intent.label,
        sentiment: analysis.sentiment.label,
        urgency: rule?.action.urgency ?? analysis.urgency.label,
        route: rule?.action.routeOrgCode ?? routed.route.route,
        route_confidence: analysis.route.confidence,
        triage: route.triage,
        triage_reason: route.triageReason,
        analysis: JSON.stringify(analysis),
        model_version: analysis.modelVersion,
        status: analysis.intent.label === 'spam' ? 'spam' : rule?.action.assigneeId ? 'assigned' : 'open',
        assignee_id: rule?.action.assigneeId ?? null,
        labels: rule?.action.label ? [rule.action.label] : [],
        rule_id: rule?.id ?? null,
        occurred_at: x.occurredAt,
        received_at: e.receivedAt,
        inbound_event_id: Number(e.id),
      });
      processed.push(e.id);
    }
    await deps.db.transaction().execute(async (tx) => {
      const contactIds = new Map<string, string>();
      if (contacts.size) {
        const saved = await tx
          .insertInto('contact')
          .values([...contacts.values()])
          .onConflict((oc) =>
            oc.columns(['platform', 'external_user_id']).doUpdateSet({
              display_name: sql`coalesce(excluded.display_name, contact.display_name)`,
              handle: sql`coalesce(excluded.handle, contact.handle)`,
              last_seen_at: sql`now()`,
            }),
          )
          .returning(['id', 'platform', 'external_user_id'])
          .execute();
        for (const c of saved) contactIds.set(`${c.platform}\u0000${c.external_user_id}`, c.id);
      }
      if (rows.length) {
        await tx
          .insertInto('interaction')
          .values(rows.map(({ contactKey, ...r }) => ({ ...r, contact_id: contactKey ? (contactIds.get(contactKey) ?? null) : null })))
          .onConflict((oc) => oc.columns(['platform', 'external_id']).doNothing())
          .execute();
      }
      for (const ed of edits) {
        const analysis = analyze(ed.text, {}, { deferReasons: true });
        await tx
          .updateTable('interaction')
          .set({ text: ed.text, edited_at: ed.at ?? new Date(), analysis: JSON.stringify(analysis), model_version: analysis.modelVersion })
          .where('platform', '=', ed.platform)
          .where('external_id', '=', ed.externalId)
          .execute();
        processed.push(ed.id);
      }
      for (const d of deletes) {
        await tx.updateTable('interaction').set({ deleted_at: d.at ?? new Date() }).where('platform', '=', d.platform).where('external_id', '=', d.externalId).execute();
        processed.push(d.id);
      }
      if (processed.length) await tx.updateTable('inbound_event').set({ status: 'processed', processed_at: sql`now()` }).where('id', 'in', processed).execute();
      if (ignored.length) await tx.updateTable('inbound_event').set({ status: 'ignored', processed_at: sql`now()` }).where('id', 'in', ignored).execute();
      if (touched.size) await sql`select pg_notify('inbox', ${JSON.stringify({ type: 'new', orgIds: [...touched] })})`.execute(tx);
    });
    deps.logger.debug({ events: events.length }, 'inbound events consumed');
  };
}
