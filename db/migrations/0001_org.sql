-- Organizations (province and OPDs), users, sessions, login throttling, tokens, audit log,
-- captured mail, and West Sumatra reference data. Owned by src/modules/org (mail: src/platform/mail).

create table org (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9_]{2,32}$'),
  name text not null check (length(name) between 2 and 200),
  kind text not null check (kind in ('province', 'dinas', 'badan', 'biro', 'rsud', 'lainnya')),
  parent_id uuid references org (id),
  org_group text,
  sipd_code text,
  website text,
  aliases text[] not null default '{}',
  responsibilities text[] not null default '{}',
  routing_note text,
  social_accounts jsonb not null default '[]',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Exactly one province row.
create unique index org_one_province on org ((kind)) where kind = 'province';

create table app_user (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references org (id),
  email text not null check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+$'),
  name text not null check (length(name) between 1 and 200),
  role text not null check (role in ('province_admin', 'province_supervisor', 'opd_head', 'opd_admin', 'responder', 'viewer')),
  status text not null default 'active' check (status in ('active', 'invited', 'deactivated')),
  password_hash text,
  must_change_password boolean not null default false,
  locale text not null default 'id' check (locale in ('id', 'en')),
  oidc_subject text unique,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (email),
  unique (org_id, id)
);
create index app_user_org on app_user (org_id);

-- Server-side sessions; the cookie carries a random token, only its SHA-256 is stored.
create table user_session (
  id text primary key,
  user_id uuid not null references app_user (id) on delete cascade,
  org_id uuid not null references org (id),
  csrf_token text not null,
  ip inet,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index user_session_user on user_session (user_id);
create index user_session_expires on user_session (expires_at);

-- Failed logins, counted per account and per IP inside a sliding window.
create table login_failure (
  id bigint generated always as identity primary key,
  email text not null,
  ip inet,
  at timestamptz not null default now()
);
create index login_failure_email on login_failure (email, at);
create index login_failure_ip on login_failure (ip, at);

-- One-time tokens sent by e-mail (invitation, password reset); only the hash is stored.
create table user_token (
  id text primary key,
  user_id uuid not null references app_user (id) on delete cascade,
  purpose text not null check (purpose in ('invite', 'reset')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index user_token_user on user_token (user_id);

-- Every state change: who, what, on which target, before/after, when, from which request.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_email text,
  actor_name text,
  org_id uuid,
  action text not null,
  target_type text not null,
  target_id text,
  before jsonb,
  after jsonb,
  request_id text,
  ip inet
);
create index audit_log_at on audit_log (at desc, id desc);
create index audit_log_org on audit_log (org_id, at desc);
create index audit_log_actor on audit_log (actor_id, at desc);
create index audit_log_action on audit_log (action, at desc);

-- Mail captured by the built-in SMTP server (demo and tests).
create table mail_outbox (
  id bigint generated always as identity primary key,
  message_id text,
  mail_from text not null,
  mail_to text[] not null,
  subject text not null default '',
  text_body text not null default '',
  received_at timestamptz not null default now()
);
create index mail_outbox_received on mail_outbox (received_at desc);

-- Kabupaten/kota of West Sumatra (Kemendagri codes), with the SMA cabang dinas that serves each.
create table ref_regency (
  code text primary key,
  name text not null,
  kind text not null check (kind in ('kabupaten', 'kota')),
  capital text,
  cabdin text
);

create table ref_district (
  code text primary key,
  regency_code text not null references ref_regency (code),
  name text not null
);
create index ref_district_regency on ref_district (regency_code);
