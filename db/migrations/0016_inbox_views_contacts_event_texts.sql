-- The rest of the inbox and cases issue (issue 5): saved inbox views on the server, finding a
-- person's contacts to link them across channels, and case event texts as codes + parameters so
-- that the web shows them in Indonesian or English. Owned by src/modules/inbox and src/modules/cases.

-- Saved views: a name for a view and filters, per user; shared ones are seen by the owner's org.
create table inbox_saved_view (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references org (id),
  owner_id uuid not null references app_user (id) on delete cascade,
  name text not null check (length(name) between 1 and 60),
  shared boolean not null default false,
  filters jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index inbox_saved_view_owner_name on inbox_saved_view (owner_id, lower(name));
create index inbox_saved_view_shared on inbox_saved_view (org_id) where shared;

-- Finding a contact by name, handle or platform id when linking a person's accounts.
create extension if not exists pg_trgm;
create index contact_search on contact using gin ((coalesce(display_name, '') || ' ' || coalesce(handle, '') || ' ' || external_user_id) gin_trgm_ops);

-- The view counts ("Ditugaskan ke saya" needs the assignee) stay index-only.
drop index if exists interaction_org_status;
create index interaction_org_status on interaction (org_id, status) include (intent, urgency, triage, deleted_at, assignee_id);

-- Case events: which text (a code the web translates) with which parameters. The Indonesian texts
-- stay in `text`/`public_text` (the citizen's channel, exports, events written before this).
alter table case_event add column text_code text;
alter table case_event add column public_code text;
alter table case_event add column params jsonb;
