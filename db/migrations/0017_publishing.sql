-- Publishing: posts with immutable versions, an approval chain bound to the exact version, schedules,
-- one publication per (post, connected account) sent through the never-twice `outbound` path,
-- campaigns (narasi tunggal) with a task per target OPD, and post metrics pulled after publishing.

-- Per-OPD approval chain. Absent row = one level, no province review.
create table publishing_settings (
  org_id uuid primary key references org (id),
  approval_levels integer not null default 1 check (approval_levels in (1, 2)),
  -- categories whose posts also need a province review after the OPD's own levels
  province_review_categories text[] not null default '{}',
  updated_by uuid references app_user (id),
  updated_at timestamptz not null default now()
);

create table campaign (
  id uuid primary key default gen_random_uuid(),
  title text not null check (length(title) between 3 and 200),
  key_message text not null check (length(key_message) between 10 and 4000),
  hashtags text[] not null default '{}',
  asset_media_ids uuid[] not null default '{}',
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null default 'active' check (status in ('active', 'closed', 'cancelled')),
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index campaign_window on campaign (ends_at desc);

create table post (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references org (id),
  campaign_id uuid references campaign (id),
  status text not null default 'draft' check (status in
    ('draft', 'diajukan', 'perlu_revisi', 'disetujui', 'terjadwal', 'menerbitkan', 'dipublikasikan', 'sebagian_gagal', 'gagal', 'kedaluwarsa', 'dibatalkan')),
  category text not null default 'informasi' check (category ~ '^[a-z_]{2,40}$'),
  current_version integer not null default 1,
  -- the version the whole chain approved; publishing sends exactly this version
  approved_version integer,
  -- approval levels needed for the current version (OPD levels + 1 when the province reviews it)
  levels_required integer not null default 1,
  scheduled_at timestamptz,
  published_at timestamptz,
  expired_at timestamptz,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index post_org_schedule on post (org_id, scheduled_at);
create index post_schedule on post (scheduled_at) where status in ('draft', 'diajukan', 'perlu_revisi', 'disetujui', 'terjadwal');
create index post_campaign on post (campaign_id) where campaign_id is not null;
create index post_org_updated on post (org_id, updated_at desc);

-- Immutable content snapshots: master text, media, per-channel variants, target accounts.
create table post_version (
  post_id uuid not null references post (id) on delete cascade,
  number integer not null,
  org_id uuid not null references org (id),
  content jsonb not null,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  primary key (post_id, number)
);

create table post_review (
  id uuid primary key default gen_random_uuid(),
  post_id uuid not null references post (id) on delete cascade,
  version integer not null,
  level integer not null,
  decision text not null check (decision in ('submitted', 'approved', 'changes_requested', 'withdrawn')),
  comment text check (length(comment) <= 4000),
  decided_by uuid references app_user (id),
  decided_at timestamptz not null default now()
);
create index post_review_post on post_review (post_id, decided_at);

-- One row per (post, account): the publication is created once; retries create new outbound rows.
create table publication (
  id uuid primary key default gen_random_uuid(),
  post_id uuid not null references post (id),
  org_id uuid not null references org (id),
  version integer not null,
  account_id uuid not null references channel_account (id),
  platform text not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'published', 'failed', 'ambiguous', 'cancelled')),
  outbound_id uuid references outbound (id),
  attempt integer not null default 1,
  external_id text,
  permalink text,
  error text,
  error_kind text,
  due_at timestamptz not null,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (post_id, account_id)
);
create index publication_post on publication (post_id);
create index publication_open on publication (due_at) where status in ('pending', 'sending');
create index publication_org_published on publication (org_id, published_at desc);

-- Metrics pulled from the platform at 1 h, 24 h and 7 d after publishing (read by analytics).
create table publication_metric (
  publication_id uuid not null references publication (id) on delete cascade,
  stage text not null check (stage in ('1h', '24h', '7d')),
  org_id uuid not null references org (id),
  account_id uuid not null references channel_account (id),
  reach integer,
  impressions integer,
  engagement integer,
  raw jsonb,
  fetched_at timestamptz not null default now(),
  primary key (publication_id, stage)
);
create index publication_metric_account on publication_metric (account_id, fetched_at);

-- A campaign's ask to one OPD.
create table campaign_task (
  campaign_id uuid not null references campaign (id) on delete cascade,
  org_id uuid not null references org (id),
  status text not null default 'open' check (status in ('open', 'drafting', 'published', 'declined')),
  post_id uuid references post (id),
  decline_reason text,
  reminded_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (campaign_id, org_id)
);
create index campaign_task_org on campaign_task (org_id, status);
