-- Working the inbox: internal notes with @mentions on an interaction.
create table interaction_note (
  id bigint generated always as identity primary key,
  org_id uuid not null references org (id),
  interaction_id uuid not null references interaction (id) on delete cascade,
  author_id uuid not null references app_user (id),
  text text not null check (length(text) between 1 and 4000),
  mentions uuid[] not null default '{}',
  created_at timestamptz not null default now()
);
create index interaction_note_interaction on interaction_note (interaction_id, id);
