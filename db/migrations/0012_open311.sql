-- The public, no-login side of complaint handling: Open311 GeoReport v2 and the public JSON APIs
-- behind the complaint form, the tracking page and the statistics (docs/open311.md). Owned by
-- src/modules/cases (open311/ and public/). Per-case tables are keyed by the case.

-- Open311 API keys, created and revoked by province admins. Only the SHA-256 of the key is stored;
-- the key itself is shown once, at creation. org_id: the province (the keys are the province's).
create table open311_api_key (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references org (id),
  name text not null check (length(name) between 2 and 200),
  contact text check (length(contact) <= 200),
  prefix text not null check (length(prefix) between 4 and 20),
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_by uuid references app_user (id),
  last_used_at timestamptz,
  requests_count bigint not null default 0
);

-- What a citizen (public form) or an Open311 client sent beyond the case itself: the location as
-- given, the service definition's attributes, the client's ids, the asynchronous-style token, and
-- the spam score at submission. Never shown publicly except what the GeoReport fields need.
create table case_submission (
  case_id uuid primary key references complaint_case (id),
  channel text not null check (channel in ('web', 'open311')),
  api_key_id uuid references open311_api_key (id),
  token text not null unique check (length(token) between 8 and 64),
  lat double precision check (lat between -90 and 90),
  long double precision check (long between -180 and 180),
  address_string text check (length(address_string) <= 500),
  address_id text check (length(address_id) <= 100),
  zipcode text check (length(zipcode) <= 20),
  media_url text check (length(media_url) <= 1000),
  attributes jsonb not null default '{}',
  device_id text check (length(device_id) <= 200),
  account_id text check (length(account_id) <= 200),
  spam jsonb,
  created_at timestamptz not null default now(),
  check ((lat is null) = (long is null)),
  check ((channel = 'open311') = (api_key_id is not null))
);
create index case_submission_key on case_submission (api_key_id, created_at desc) where api_key_id is not null;

-- The per-case secret that lets the reporter follow a confidential case and rate the outcome
-- (only its SHA-256 is stored). rated_at claims the one public rating.
create table case_tracking_secret (
  case_id uuid primary key references complaint_case (id),
  secret_hash text not null check (secret_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  rated_at timestamptz
);

-- Fixed-window counters for @fastify/rate-limit, shared by every web process.
create unlogged table public_rate_limit (
  bucket text primary key,
  hits integer not null,
  reset_at timestamptz not null
);
create index public_rate_limit_reset on public_rate_limit (reset_at);

-- Form tokens already used (a token is good for one submission).
create table public_form_nonce (
  nonce text primary key check (length(nonce) between 8 and 64),
  used_at timestamptz not null default now()
);
create index public_form_nonce_used on public_form_nonce (used_at);

-- Server-side secrets of the public side (the HMAC key of form tokens), created on first use.
create table public_secret (
  name text primary key,
  secret bytea not null,
  created_at timestamptz not null default now()
);
