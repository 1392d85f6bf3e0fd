import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { ChannelPlatform, ChannelStatus } from '../../platform/db/schema.ts';

// SQL of the channels module. Scoping comes from the policy as a list of org ids, or 'all'.

export type OrgIds = 'all' | string[];
const NONE = ['00000000-0000-0000-0000-000000000000'];

const accountColumns = [
  'channel_account.id',
  'channel_account.org_id',
  'channel_account.platform',
  'channel_account.external_id',
  'channel_account.name',
  'channel_account.handle',
  'channel_account.status',
  'channel_account.token_expires_at',
  'channel_account.scopes',
  'channel_account.extra',
  'channel_account.last_checked_at',
  'channel_account.last_sync_at',
  'channel_account.last_error',
  'channel_account.last_error_at',
  'channel_account.connected_at',
  'org.code as org_code',
  'org.name as org_name',
] as const;

export function listAccounts(db: DbOrTx, orgIds: OrgIds, f: { orgId?: string | undefined; includeDisconnected?: boolean }) {
  let q = db
    .selectFrom('channel_account')
    .innerJoin('org', 'org.id', 'channel_account.org_id')
    .select(accountColumns)
    .select((eb) =>
      eb
        .selectFrom('inbound_event')
        .whereRef('inbound_event.account_id', '=', 'channel_account.id')
        .select(sql<Date | null>`max(received_at)`.as('m'))
        .as('last_event_at'),
    );
  if (orgIds !== 'all') q = q.where('channel_account.org_id', 'in', orgIds.length ? orgIds : NONE);
  if (f.orgId) q = q.where('channel_account.org_id', '=', f.orgId);
  if (!f.includeDisconnected) q = q.where('channel_account.status', '!=', 'disconnected');
  return q.orderBy('org.name').orderBy('channel_account.platform').orderBy('channel_account.name').execute();
}

export type AccountView = Awaited<ReturnType<typeof listAccounts>>[number];

export function findAccount(db: DbOrTx, id: string) {
  return db.selectFrom('channel_account').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLiveAccount(db: DbOrTx, platform: ChannelPlatform, externalId: string) {
  return db
    .selectFrom('channel_account')
    .selectAll()
    .where('platform', '=', platform)
    .where('external_id', '=', externalId)
    .where('status', '!=', 'disconnected')
    .executeTakeFirst();
}

export async function updateAccount(
  db: DbOrTx,
  id: string,
  patch: Partial<{
    status: ChannelStatus;
    access_token_sealed: string | null;
    refresh_token_sealed: string | null;
    token_expires_at: Date | null;
    scopes: string[];
    extra: string;
    webhook_secret_hash: string | null;
    last_checked_at: Date;
    last_sync_at: Date;
    last_error: string | null;
    last_error_at: Date | null;
    name: string;
    handle: string | null;
  }>,
) {
  return db
    .updateTable('channel_account')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function recentEvents(db: DbOrTx, orgIds: OrgIds, f: { orgId?: string | undefined; accountId?: string | undefined; limit: number }) {
  let q = db
    .selectFrom('inbound_event')
    .leftJoin('channel_account', 'channel_account.id', 'inbound_event.account_id')
    .select([
      'inbound_event.id',
      'inbound_event.platform',
      'inbound_event.kind',
      'inbound_event.account_id',
      'inbound_event.org_id',
      'inbound_event.received_at',
      'inbound_event.occurred_at',
      'inbound_event.status',
      'inbound_event.unknown',
      'inbound_event.payload',
      'channel_account.name as account_name',
    ]);
  if (orgIds !== 'all') q = q.where('inbound_event.org_id', 'in', orgIds.length ? orgIds : NONE);
  if (f.orgId) q = q.where('inbound_event.org_id', '=', f.orgId);
  if (f.accountId) q = q.where('inbound_event.account_id', '=', f.accountId);
  return q.orderBy('inbound_event.id', 'desc').limit(f.limit).execute();
}

/** Per-OPD channel health for the province view. */
export function healthByOrg(db: DbOrTx) {
  return db
    .selectFrom('org')
    .leftJoin('channel_account', (j) => j.onRef('channel_account.org_id', '=', 'org.id').on('channel_account.status', '!=', 'disconnected'))
    .select([
      'org.id as org_id',
      'org.code',
      'org.name',
      sql<number>`count(channel_account.id)::int`.as('accounts'),
      sql<number>`count(*) filter (where channel_account.status = 'active')::int`.as('active'),
      sql<number>`count(*) filter (where channel_account.status = 'expiring')::int`.as('expiring'),
      sql<number>`count(*) filter (where channel_account.status in ('expired', 'revoked', 'error'))::int`.as('failing'),
      sql<string[]>`coalesce(array_agg(distinct channel_account.platform) filter (where channel_account.id is not null), '{}')`.as('platforms'),
    ])
    .where('org.kind', '!=', 'province')
    .groupBy(['org.id', 'org.code', 'org.name'])
    .orderBy('org.name')
    .execute();
}

export function accountsForHealthCheck(db: DbOrTx) {
  return db.selectFrom('channel_account').selectAll().where('status', 'in', ['active', 'expiring', 'error']).orderBy('last_checked_at', 'asc').execute();
}
