-- Complaint cases (aduan) in SP4N-LAPOR! terms: categories with deadline overrides, the directory of
-- authorities outside the province's remit, the cases with their deadlines and markers, the
-- append-only history, and the reporters merged in by "ikut melapor". Owned by src/modules/cases
-- (docs/cases.md). org_id is the tenant key on every table.

create extension if not exists pg_trgm;

-- A category: its LAPOR! classification, the OPD that handles it by default (org_id; the province
-- org means "Kominfotik as Admin Koordinator decides"), and deadline overrides in working days
-- (null = the default of docs/deadlines.md). Seeded from db/seed/case-categories.json; a row edited
-- by an admin (edited_by set) is never overwritten by the seed.
create table case_category (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references org (id),
  code text not null unique check (code ~ '^[A-Z0-9_]{2,40}$'),
  name text not null check (length(name) between 2 and 200),
  classification text not null check (classification in ('pengaduan', 'aspirasi', 'permintaan_informasi')),
  keywords text[] not null default '{}',
  verify_working_days integer check (verify_working_days between 1 and 60),
  followup_working_days integer check (followup_working_days between 1 and 60),
  silence_working_days integer check (silence_working_days between 1 and 60),
  cap_calendar_days integer check (cap_calendar_days between 1 and 366),
  confidential_by_default boolean not null default false,
  active boolean not null default true,
  edited_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index case_category_org on case_category (org_id);

-- Bodies outside provincial authority a case can be handed to (kab/kota, vertical agencies, BUMN,
-- independent bodies). org_id: the province org (the directory is the province's). Seeded from
-- db/seed/outside-authority.json (built from ../shared/data/sumbar/outside-authority.json).
create table outside_authority (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references org (id),
  code text not null unique check (code ~ '^[A-Z0-9_]{2,40}$'),
  name text not null check (length(name) between 2 and 300),
  level text not null check (level in ('kabupaten_kota', 'bumd_kabkota', 'nasional_vertikal', 'bumn', 'lembaga_independen')),
  per_regency boolean not null default false,
  topics jsonb not null default '[]',
  contact jsonb not null default '{}',
  active boolean not null default true,
  edited_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Tracking codes SB-<yy><mm>-<sequence of at least 6 digits>, month of creation in WIB.
create sequence complaint_case_seq;
create function complaint_case_next_code() returns text
language sql volatile as $$
  select 'SB-' || to_char(now() at time zone 'Asia/Jakarta', 'YYMM') || '-' || lpad(s.n::text, greatest(6, length(s.n::text)), '0')
  from (select nextval('complaint_case_seq') as n) s
$$;

create table complaint_case (
  id uuid primary key default gen_random_uuid(),
  code text not null unique default complaint_case_next_code() check (code ~ '^SB-[0-9]{4}-[0-9]{6,}$'),
  -- Current owner: the OPD the case is disposed to; the province org while Kominfotik holds it.
  org_id uuid not null references org (id),
  -- The OPD whose inbox (or staff) brought the case in; it keeps read access to non-confidential cases.
  origin_org_id uuid references org (id),
  status text not null default 'diterima' check (status in ('diterima', 'terverifikasi', 'didisposisi', 'ditindaklanjuti', 'selesai', 'tunda', 'bukan_wewenang', 'duplikat', 'diarsipkan', 'dibuka_kembali')),
  status_before_tunda text check (status_before_tunda in ('diterima', 'terverifikasi', 'didisposisi', 'ditindaklanjuti', 'bukan_wewenang', 'dibuka_kembali')),
  hold_reason text,
  held_at timestamptz,
  classification text not null default 'pengaduan' check (classification in ('pengaduan', 'aspirasi', 'permintaan_informasi')),
  category_id uuid references case_category (id),
  title text not null check (length(title) between 1 and 200),
  description text not null check (length(description) between 1 and 8000),
  regency_code text references ref_regency (code),
  district_code text references ref_district (code),
  location_text text check (length(location_text) <= 500),
  source_channel text not null check (source_channel in ('facebook', 'instagram', 'whatsapp', 'x', 'telegram', 'youtube', 'tiktok', 'web', 'phone', 'walk_in', 'letter', 'email', 'lapor', 'open311', 'staff')),
  source_interaction_id uuid unique references interaction (id),
  -- Personal data: masked in every API response unless revealed (personal_data.read, audited).
  reporter_contact_id uuid references contact (id),
  reporter_name text check (length(reporter_name) <= 200),
  reporter_phone text check (length(reporter_phone) <= 40),
  reporter_email text check (length(reporter_email) <= 200),
  anonymous boolean not null default false,
  confidential boolean not null default false,
  duplicate_of uuid references complaint_case (id),
  reporters_count integer not null default 1 check (reporters_count >= 1),
  received_at timestamptz not null,
  verified_at timestamptz,
  disposed_at timestamptz,
  followed_up_at timestamptz,
  citizen_replied_at timestamptz,
  -- Deadlines (end of a WIB day, docs/deadlines.md); null when the clock does not run.
  verify_due_at timestamptz,
  followup_due_at timestamptz,
  close_due_at timestamptz,
  cap_due_at timestamptz not null,
  -- Markers: each warning and escalation is sent once per deadline (reset when the deadline moves).
  verify_warned_at timestamptz,
  verify_escalated_at timestamptz,
  followup_warned_at timestamptz,
  followup_escalated_at timestamptz,
  cap_warned_at timestamptz,
  cap_escalated_at timestamptz,
  public_answer text check (length(public_answer) <= 8000),
  rating smallint check (rating between 1 and 5),
  rating_comment text check (length(rating_comment) <= 2000),
  rated_at timestamptz,
  handed_off_to text references outside_authority (code),
  handed_off_at timestamptz,
  handoff_letter text,
  external_ref text check (length(external_ref) <= 100),
  external_ref_at timestamptz,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz,
  search tsvector generated always as (to_tsvector('simple', code || ' ' || title || ' ' || description)) stored,
  constraint complaint_case_duplicate check ((status = 'duplikat') = (duplicate_of is not null) and duplicate_of is distinct from id),
  constraint complaint_case_tunda check ((status = 'tunda') = (status_before_tunda is not null) and (status = 'tunda') = (held_at is not null))
);
create index complaint_case_org_recent on complaint_case (org_id, created_at desc, id desc);
create index complaint_case_origin_recent on complaint_case (origin_org_id, created_at desc, id desc);
create index complaint_case_recent on complaint_case (created_at desc, id desc);
create index complaint_case_search on complaint_case using gin (search);
create index complaint_case_trgm on complaint_case using gin (description gin_trgm_ops);
create index complaint_case_open on complaint_case (status) where status not in ('selesai', 'duplikat', 'diarsipkan');
create index complaint_case_closing on complaint_case (close_due_at) where status = 'ditindaklanjuti';
create index complaint_case_duplicate_of on complaint_case (duplicate_of) where duplicate_of is not null;

-- The history of a case, append-only: status changes, dispositions (each hop), hand-offs, merges,
-- notes, public answers, citizen replies, ratings, deadline warnings and escalations.
-- org_id: the case's owner when the event happened.
create table case_event (
  id bigint generated always as identity primary key,
  org_id uuid not null references org (id),
  case_id uuid not null references complaint_case (id),
  kind text not null check (kind in ('status', 'disposition', 'handoff', 'merge', 'note', 'public_answer', 'citizen_reply', 'rating', 'deadline_warning', 'escalation')),
  from_status text,
  to_status text,
  from_org_id uuid references org (id),
  to_org_id uuid references org (id),
  -- public: shown on the citizen's tracking page (public_text, never personal data).
  public boolean not null default false,
  text text check (length(text) <= 8000),
  public_text text check (length(public_text) <= 8000),
  data jsonb,
  actor_id uuid references app_user (id),
  actor_name text,
  at timestamptz not null default now()
);
create index case_event_case on case_event (case_id, id);

create function case_event_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'case_event is append-only';
end
$$;
create trigger case_event_append_only before update or delete on case_event
  for each row execute function case_event_append_only();

-- Further reporters of the same matter ("ikut melapor"): merged duplicates and joined messages.
-- Each is kept so that every reporter is informed of later changes.
create table case_reporter (
  id bigint generated always as identity primary key,
  org_id uuid not null references org (id),
  case_id uuid not null references complaint_case (id),
  contact_id uuid references contact (id),
  interaction_id uuid unique references interaction (id),
  merged_from_case_id uuid references complaint_case (id),
  channel text not null,
  name text check (length(name) <= 200),
  phone text check (length(phone) <= 40),
  email text check (length(email) <= 200),
  anonymous boolean not null default false,
  joined_at timestamptz not null default now()
);
create index case_reporter_case on case_reporter (case_id, id);
