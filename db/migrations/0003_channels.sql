-- Connected social accounts of each OPD, raw inbound webhook events, and polling cursors.
-- Owned by src/modules/channels.

create table channel_account (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references org (id),
  platform text not null check (platform in ('facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok')),
  external_id text not null check (length(external_id) between 1 and 200),
  name text not null default '',
  handle text,
  status text not null default 'active' check (status in ('active', 'expiring', 'expired', 'revoked', 'error', 'disconnected')),
  access_token_sealed text,
  refresh_token_sealed text,
  token_expires_at timestamptz,
  refresh_expires_at timestamptz,
  scopes text[] not null default '{}',
  extra jsonb not null default '{}',
  webhook_secret_hash text,
  last_checked_at timestamptz,
  last_sync_at timestamptz,
  last_event_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  connected_by uuid references app_user (id),
  connected_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id)
);
-- A platform account belongs to at most one OPD at a time.
create unique index channel_account_live on channel_account (platform, external_id) where status <> 'disconnected';
create index channel_account_org on channel_account (org_id, platform);
create unique index channel_account_telegram_secret on channel_account (webhook_secret_hash) where webhook_secret_hash is not null and status <> 'disconnected';

-- Every webhook delivery, split into one row per platform object, stored before the 2xx answer.
create table inbound_event (
  id bigint generated always as identity primary key,
  platform text not null,
  dedupe_key text not null,
  account_id uuid references channel_account (id),
  org_id uuid references org (id),
  external_account_id text,
  kind text not null,
  occurred_at timestamptz,
  received_at timestamptz not null default now(),
  payload jsonb not null,
  unknown boolean not null default false,
  status text not null default 'pending' check (status in ('pending', 'processed', 'failed', 'ignored')),
  attempts integer not null default 0,
  processed_at timestamptz,
  error text,
  unique (platform, dedupe_key)
);
create index inbound_event_pending on inbound_event (id) where status = 'pending';
create index inbound_event_org on inbound_event (org_id, received_at desc);
create index inbound_event_account on inbound_event (account_id, received_at desc);

-- Where each poller (YouTube comments, X mentions without webhooks) left off.
create table poll_cursor (
  account_id uuid not null references channel_account (id) on delete cascade,
  kind text not null,
  cursor text,
  polled_at timestamptz,
  next_poll_at timestamptz not null default now(),
  primary key (account_id, kind)
);
