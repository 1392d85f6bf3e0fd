-- Pending connections: an OAuth round trip (state, PKCE verifier) and, when the platform offered
-- several accounts (a user's Pages), the sealed candidates waiting for the admin's choice.
create table channel_connect (
  id text primary key,
  org_id uuid not null references org (id),
  user_id uuid not null references app_user (id),
  platform text not null,
  code_verifier_sealed text,
  candidates_sealed text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index channel_connect_org on channel_connect (org_id);

-- In-app notices for an OPD (token expiring, account revoked, later: deadlines, escalations).
create table notification (
  id bigint generated always as identity primary key,
  org_id uuid not null references org (id),
  level text not null check (level in ('info', 'warning', 'critical')),
  code text not null,
  title text not null,
  body text not null default '',
  link text,
  dedupe_key text,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create unique index notification_dedupe on notification (org_id, dedupe_key) where dedupe_key is not null;
create index notification_org on notification (org_id, created_at desc);
