-- The media store (src/modules/media, docs/media.md): uploaded files kept in PostgreSQL, so every web
-- process serves every file and a crash loses nothing that was acknowledged. The bytes are split
-- into fixed-size chunk rows (media_chunk); an object's metadata is one media_object row.
-- Also the attachments of complaint cases (owned by src/modules/cases), which point at stored media
-- or record a reference that was not fetched (an Open311 media_url, a WhatsApp/Telegram media id).

-- status: 'pending' while bytes arrive (swept by media_cleanup when abandoned), 'held' when complete
-- but waiting for the transaction that binds it (a citizen's photo until its case exists; swept
-- when never claimed), 'ready' when usable. Only 'ready' objects are ever served.
-- org_id: the OPD (or province) that owns a staff upload; null for citizen uploads, which are
-- reached only through the case they are attached to.
-- source_id + profile: a derived image prepared for a platform (cached: one per source and profile).
create table media_object (
  id uuid primary key default gen_random_uuid(),
  org_id uuid references org (id),
  kind text not null check (kind in ('image', 'video', 'document')),
  mime text not null check (length(mime) between 3 and 100),
  size_bytes bigint not null default 0 check (size_bytes >= 0),
  chunk_bytes integer not null check (chunk_bytes between 1024 and 16777216),
  sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  width integer check (width > 0),
  height integer check (height > 0),
  duration_ms bigint check (duration_ms >= 0),
  status text not null default 'pending' check (status in ('pending', 'held', 'ready')),
  origin text not null check (origin in ('staff', 'citizen', 'derived', 'system')),
  filename text check (length(filename) <= 200),
  alt_text text check (length(alt_text) <= 1000),
  source_id uuid references media_object (id) on delete cascade,
  profile text check (length(profile) <= 40),
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  ready_at timestamptz,
  check ((source_id is null) = (profile is null)),
  check (status <> 'ready' or (sha256 is not null and ready_at is not null))
);
create unique index media_object_derived on media_object (source_id, profile) where source_id is not null;
create index media_object_org on media_object (org_id, created_at desc) where org_id is not null;
create index media_object_unfinished on media_object (status, created_at) where status <> 'ready';

-- The bytes, chunk_bytes each (the last one shorter), seq from 0. Stored EXTERNAL: photos and
-- videos are already compressed, so TOAST compression would only cost CPU.
create table media_chunk (
  media_id uuid not null references media_object (id) on delete cascade,
  seq integer not null check (seq >= 0),
  data bytea not null,
  primary key (media_id, seq)
);
alter table media_chunk alter column data set storage external;

-- The HMAC key of public media URLs (/media/:id/:token), created on first use and shared by every
-- web process.
create table media_secret (
  name text primary key,
  secret bytea not null check (length(secret) >= 32),
  created_at timestamptz not null default now()
);

-- Attachments of complaint cases (owned by src/modules/cases). A stored photo (media_id), or a
-- reference that Dayung did not fetch: the media_url an Open311 client sent (external_url, kept as
-- given), the media id of a WhatsApp or Telegram message (external_ref, with the interaction it came
-- in). public: shown to the public (Open311 media_url) only after staff checked it for personal
-- data; never by default.
create table case_attachment (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references complaint_case (id),
  source text not null check (source in ('web', 'open311', 'channel', 'staff')),
  media_id uuid references media_object (id),
  external_url text check (length(external_url) <= 1000),
  external_ref text check (length(external_ref) <= 500),
  platform text check (length(platform) <= 40),
  interaction_id uuid references interaction (id),
  kind text not null check (kind in ('image', 'video', 'document', 'audio', 'other')),
  mime text check (length(mime) <= 100),
  caption text check (length(caption) <= 2000),
  alt_text text not null check (length(alt_text) between 1 and 1000),
  public boolean not null default false,
  published_by uuid references app_user (id),
  published_at timestamptz,
  created_at timestamptz not null default now(),
  check (media_id is not null or external_url is not null or external_ref is not null)
);
create index case_attachment_case on case_attachment (case_id, created_at, id);
create unique index case_attachment_media on case_attachment (media_id) where media_id is not null;
create unique index case_attachment_ref on case_attachment (case_id, interaction_id, coalesce(external_ref, external_url)) where interaction_id is not null;
