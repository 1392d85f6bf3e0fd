-- The unified inbox: every comment, mention and message as one interaction, with its contact and
-- the language analysis that routed it. Owned by src/modules/inbox.

create table contact (
  id uuid primary key default gen_random_uuid(),
  platform text not null,
  external_user_id text not null,
  display_name text,
  handle text,
  person_id uuid,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  unique (platform, external_user_id)
);
create index contact_person on contact (person_id) where person_id is not null;

create table interaction (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references org (id),
  addressed_org_id uuid references org (id),
  routed_from_org_id uuid references org (id),
  account_id uuid references channel_account (id),
  platform text not null,
  kind text not null check (kind in ('comment', 'reply', 'mention', 'message')),
  external_id text not null,
  thread_key text not null,
  parent_external_id text,
  post_external_id text,
  contact_id uuid references contact (id),
  text text not null default '',
  lang text,
  intent text,
  sentiment text,
  urgency text,
  route text,
  route_confidence real,
  triage boolean not null default false,
  triage_reason text,
  analysis jsonb,
  model_version text,
  status text not null default 'open' check (status in ('open', 'assigned', 'done', 'spam', 'hidden')),
  assignee_id uuid references app_user (id),
  occurred_at timestamptz,
  received_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  inbound_event_id bigint,
  search tsvector generated always as (to_tsvector('simple', text)) stored,
  unique (platform, external_id)
);
create index interaction_org_recent on interaction (org_id, received_at desc, id);
create index interaction_triage on interaction (received_at desc) where triage;
create index interaction_thread on interaction (platform, thread_key, occurred_at);
create index interaction_contact on interaction (contact_id, received_at desc);
create index interaction_search on interaction using gin (search);
