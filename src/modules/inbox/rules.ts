import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { analyze, normalize } from '../language/index.ts';
import { recordAudit, requirePermission, type Actor, type AuditContext } from '../org/index.ts';

// Routing rules: what Kominfotik knows better than the model ("everything mentioning 'Samsat'
// on any account goes to Bapenda", "WhatsApp of the hotline is assigned to Rina"). Evaluated in
// order before the classifier's route; the first match wins. Keywords match whole words of the
// normalized text (so slang and elongations like "samsaaat" still match).

export interface RoutingRule {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  match: { accountId: string | null; platform: string | null; keywords: string[]; intents: string[]; locations: string[] };
  action: { routeOrgId: string | null; routeOrgCode: string | null; assigneeId: string | null; label: string | null; urgency: 'high' | 'medium' | 'low' | null };
}

export interface RuleSubject {
  accountId: string | null;
  platform: string;
  text: string;
  intent: string;
}

/** Surface words, de-elongated, plus their canonical forms (slang and Minangkabau mapped). */
function words(text: string): Set<string> {
  const n = normalize(text);
  return new Set([...n.words, ...n.canon.flatMap((c) => c.split(' '))]);
}

function phraseIn(phrase: string, ws: Set<string>, lower: string): boolean {
  const parts = phrase.toLowerCase().split(/\s+/).filter(Boolean);
  if (parts.length === 1) return ws.has(parts[0]!);
  return lower.includes(parts.join(' '));
}

export function matchRule(rules: readonly RoutingRule[], s: RuleSubject): RoutingRule | null {
  const ws = words(s.text);
  const lower = s.text.toLowerCase();
  for (const r of rules) {
    if (!r.enabled) continue;
    const m = r.match;
    if (m.accountId && m.accountId !== s.accountId) continue;
    if (m.platform && m.platform !== s.platform) continue;
    if (m.intents.length && !m.intents.includes(s.intent)) continue;
    if (m.keywords.length && !m.keywords.some((k) => phraseIn(k, ws, lower))) continue;
    if (m.locations.length && !m.locations.some((k) => phraseIn(k, ws, lower))) continue;
    return r;
  }
  return null;
}

export async function loadRules(db: DbOrTx): Promise<RoutingRule[]> {
  const rows = await db
    .selectFrom('routing_rule as r')
    .leftJoin('org as o', 'o.id', 'r.action_route_org_id')
    .selectAll('r')
    .select('o.code as route_code')
    .orderBy('r.position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    name: r.name,
    enabled: r.enabled,
    match: { accountId: r.match_account_id, platform: r.match_platform, keywords: r.match_keywords, intents: r.match_intents, locations: r.match_locations },
    action: { routeOrgId: r.action_route_org_id, routeOrgCode: r.route_code, assigneeId: r.action_assignee_id, label: r.action_label, urgency: r.action_urgency },
  }));
}

export interface RuleInput {
  name: string;
  enabled?: boolean | undefined;
  position?: number | undefined;
  match: { accountId?: string | null | undefined; platform?: string | null | undefined; keywords?: string[] | undefined; intents?: string[] | undefined; locations?: string[] | undefined };
  action: { routeOrgCode?: string | null | undefined; assigneeId?: string | null | undefined; label?: string | null | undefined; urgency?: 'high' | 'medium' | 'low' | null | undefined };
}

function assertAdmin(actor: Actor) {
  requirePermission(actor, 'inbox.rules');
}

async function valuesOf(db: Db, input: RuleInput) {
  const m = input.match;
  const a = input.action;
  if (!(m.accountId || m.platform || m.keywords?.length || m.intents?.length || m.locations?.length)) throw new AppError('bad_request', { reason: 'aturan harus punya setidaknya satu syarat' });
  if (!(a.routeOrgCode || a.assigneeId || a.label || a.urgency)) throw new AppError('bad_request', { reason: 'aturan harus punya setidaknya satu tindakan' });
  let routeOrgId: string | null = null;
  if (a.routeOrgCode) {
    const o = await db.selectFrom('org').select(['id', 'kind']).where('code', '=', a.routeOrgCode).executeTakeFirst();
    if (!o || o.kind === 'province') throw new AppError('bad_request', { reason: `OPD ${a.routeOrgCode} tidak dikenal` });
    routeOrgId = o.id;
  }
  return {
    name: input.name,
    enabled: input.enabled ?? true,
    match_account_id: m.accountId ?? null,
    match_platform: m.platform ?? null,
    match_keywords: (m.keywords ?? []).map((k) => k.trim().toLowerCase()).filter(Boolean),
    match_intents: m.intents ?? [],
    match_locations: (m.locations ?? []).map((k) => k.trim().toLowerCase()).filter(Boolean),
    action_route_org_id: routeOrgId,
    action_assignee_id: a.assigneeId ?? null,
    action_label: a.label ?? null,
    action_urgency: a.urgency ?? null,
  };
}

export async function listRules(db: Db, actor: Actor) {
  requirePermission(actor, 'inbox.triage');
  return loadRules(db);
}

export async function saveRule(db: Db, actor: Actor, id: string | null, input: RuleInput, audit: AuditContext) {
  assertAdmin(actor);
  const values = await valuesOf(db, input);
  return db.transaction().execute(async (tx) => {
    let ruleId: string;
    if (id) {
      const r = await tx.updateTable('routing_rule').set({ ...values, ...(input.position !== undefined ? { position: input.position } : {}), updated_at: sql`now()` }).where('id', '=', id).returning('id').executeTakeFirst();
      if (!r) throw new AppError('not_found');
      ruleId = r.id;
    } else {
      const max = await tx.selectFrom('routing_rule').select(sql<number>`coalesce(max(position), 0)`.as('m')).executeTakeFirstOrThrow();
      const r = await tx.insertInto('routing_rule').values({ ...values, position: input.position ?? Number(max.m) + 10, created_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
      ruleId = r.id;
    }
    await recordAudit(tx, audit, { action: id ? 'routing_rule.update' : 'routing_rule.create', targetType: 'routing_rule', targetId: ruleId, orgId: null, after: { ...input } });
    return { id: ruleId };
  });
}

export async function deleteRule(db: Db, actor: Actor, id: string, audit: AuditContext) {
  assertAdmin(actor);
  const r = await db.deleteFrom('routing_rule').where('id', '=', id).returning(['id', 'name']).executeTakeFirst();
  if (!r) throw new AppError('not_found');
  await recordAudit(db, audit, { action: 'routing_rule.delete', targetType: 'routing_rule', targetId: id, orgId: null, before: { name: r.name } });
}

/** The test box: which rule fires for a sample text (and what the classifier alone would say). */
export async function testRules(db: Db, actor: Actor, sample: { text: string; accountId?: string | undefined; platform?: string | undefined }) {
  requirePermission(actor, 'inbox.triage');
  const rules = await loadRules(db);
  const analysis = analyze(sample.text);
  const rule = matchRule(rules, { accountId: sample.accountId ?? null, platform: sample.platform ?? 'facebook', text: sample.text, intent: analysis.intent.label });
  return {
    rule: rule ? { id: rule.id, name: rule.name, action: rule.action } : null,
    classifier: { intent: analysis.intent.label, route: analysis.route.route, confidence: analysis.route.confidence, needsTriage: analysis.route.needsTriage },
  };
}
