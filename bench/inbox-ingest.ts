// Inbox ingest benchmark (issue: inbox and cases). Prints JSON.
// A burst of N realistic citizen comments is stored as pending inbound events (as the webhook
// intake would), then the inbox consumer drains them exactly as the inbound_process job does:
// extract, analyze (all language tasks), route, upsert contact and interaction, mark processed.
// Reported: events/s from inbound_event to routed interaction, time to drain the burst (lag back
// to zero), and the same database's raw-insert ceiling for the interaction rows as a ratio.
// Run: npm run bench -- inbox-ingest   (or node bench/inbox-ingest.ts [events])
import { randomUUID } from 'node:crypto';
import { createRng } from '../fakes/core/rng.ts';
import { generateMessage } from '../fakes/citizens/generate.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createInboxConsumer } from '../src/modules/inbox/index.ts';
import { loadModels } from '../src/modules/language/index.ts';
import { benchDatabase, machine } from './lib/env.ts';

const N = Number(process.argv[2] ?? 50_000);
const BATCH = 500;
const db = await benchDatabase();
const orgs = await db.handle.db.selectFrom('org').select(['id', 'code']).where('kind', '!=', 'province').execute();
const accounts: { id: string; org: string; ext: string }[] = [];
for (const o of orgs.slice(0, 20)) {
  const ext = `PAGE_${o.code}`;
  const a = await db.handle.db.insertInto('channel_account').values({ org_id: o.id, platform: 'facebook', external_id: ext, name: o.code }).returning('id').executeTakeFirstOrThrow();
  accounts.push({ id: a.id, org: o.id, ext });
}

// The burst, stored the way the intake stores it.
const rng = createRng('bench-inbox');
const t0 = performance.now();
for (let start = 0; start < N; start += 2000) {
  const n = Math.min(2000, N - start);
  const rows = Array.from({ length: n }, (_, k) => {
    const i = start + k;
    const acc = accounts[i % accounts.length]!;
    const msg = generateMessage(rng, { channel: 'facebook_comment' });
    return {
      platform: 'facebook',
      dedupe_key: `feed:comment:${acc.ext}_1_${i}:add`,
      account_id: acc.id,
      org_id: acc.org,
      external_account_id: acc.ext,
      kind: 'feed.comment.add',
      payload: JSON.stringify({ entryId: acc.ext, field: 'feed', value: { from: { id: `u${i % 7000}`, name: msg.author?.name ?? 'Warga' }, post_id: `${acc.ext}_1`, comment_id: `${acc.ext}_1_${i}`, message: msg.text, created_time: 1764280000, item: 'comment', verb: 'add' } }),
    };
  });
  await db.handle.db.insertInto('inbound_event').values(rows).execute();
}
const loadSeconds = (performance.now() - t0) / 1000;

const models = loadModels();
const consume = createInboxConsumer({ db: db.handle.db, logger: createLogger('silent', false) });
const start = performance.now();
let drained = 0;
for (;;) {
  const { rows } = await db.handle.pool.query(
    `select id, platform, kind, account_id, org_id, external_account_id, occurred_at, received_at, payload, unknown from inbound_event where status = 'pending' order by id limit $1`,
    [BATCH],
  );
  if (!rows.length) break;
  await consume(rows.map((r) => ({ id: r.id, platform: r.platform, kind: r.kind, accountId: r.account_id, orgId: r.org_id, externalAccountId: r.external_account_id, occurredAt: r.occurred_at, receivedAt: r.received_at, payload: r.payload, unknown: r.unknown })));
  drained += rows.length;
}
const drainSeconds = (performance.now() - start) / 1000;
const stats = (await db.handle.pool.query(`select count(*)::int as n, count(*) filter (where triage)::int as triage, count(distinct org_id)::int as orgs from interaction`)).rows[0];

// The database's own ceiling for the same interaction rows: batched INSERTs of 500.
const sample = (await db.handle.pool.query(`select * from interaction limit 500`)).rows;
const ceilStart = performance.now();
let ceilRows = 0;
while (performance.now() - ceilStart < 5000) {
  await db.handle.pool.query(
    `insert into interaction (org_id, addressed_org_id, account_id, platform, kind, external_id, thread_key, text, lang, intent, sentiment, urgency, route, route_confidence, triage, analysis, model_version, received_at)
     select org_id, addressed_org_id, account_id, platform, kind, external_id || '-' || $1, thread_key, text, lang, intent, sentiment, urgency, route, route_confidence, triage, analysis, model_version, received_at
       from interaction where id = any($2::uuid[])`,
    [randomUUID(), sample.map((r) => r.id)],
  );
  ceilRows += sample.length;
}
const ceiling = ceilRows / ((performance.now() - ceilStart) / 1000);
await db.close();

const perSecond = drained / drainSeconds;
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'inbox-ingest',
      machine: machine(),
      database: 'embedded PostgreSQL 18 (fsync on)',
      events: N,
      batch: BATCH,
      modelVersion: models.version,
      burstStoredSeconds: +loadSeconds.toFixed(1),
      drainSeconds: +drainSeconds.toFixed(1),
      eventsPerSecond: Math.round(perSecond),
      interactions: stats.n,
      triaged: stats.triage,
      owningOrgs: stats.orgs,
      rawInsertCeilingRowsPerSecond: Math.round(ceiling),
      ratioToCeiling: +(perSecond / ceiling).toFixed(3),
      target: { eventsPerSecond: 2000, lagBackToZeroSeconds: 60, burst: 50000 },
    },
    null,
    2,
  )}\n`,
);
process.exit(0);
