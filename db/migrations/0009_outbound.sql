-- Everything Dayung sends to a platform (replies now, publications later) goes through one table:
-- the row and its idempotency key are committed BEFORE the platform is called, the platform's id is
-- stored after; a row found mid-send after a crash is reconciled, never sent blindly again.
create table outbound (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references org (id),
  account_id uuid not null references channel_account (id),
  purpose text not null check (purpose in ('reply_public', 'reply_private', 'publish')),
  interaction_id uuid references interaction (id),
  idempotency_key text not null unique,
  payload jsonb not null,
  status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed', 'ambiguous')),
  attempts integer not null default 0,
  external_id text,
  permalink text,
  error text,
  error_kind text,
  requested_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  sending_at timestamptz,
  sent_at timestamptz,
  updated_at timestamptz not null default now()
);
create index outbound_interaction on outbound (interaction_id, created_at);
create index outbound_org on outbound (org_id, created_at desc);

-- Canned responses of an OPD, with variables such as {nama} and {kode_aduan}.
create table canned_response (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references org (id),
  title text not null check (length(title) between 1 and 120),
  body text not null check (length(body) between 1 and 4000),
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, title)
);
