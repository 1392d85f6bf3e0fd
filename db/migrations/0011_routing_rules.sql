-- Routing rules set by province admins, evaluated before the classifier's route: when an
-- interaction matches (account, platform, keywords, intent, kabupaten/kota words), route it to an
-- OPD, assign it, label it, or raise its priority. First matching rule by position wins.
create table routing_rule (
  id uuid primary key default gen_random_uuid(),
  position integer not null,
  name text not null check (length(name) between 1 and 120),
  enabled boolean not null default true,
  match_account_id uuid references channel_account (id) on delete cascade,
  match_platform text,
  match_keywords text[] not null default '{}',
  match_intents text[] not null default '{}',
  match_locations text[] not null default '{}',
  action_route_org_id uuid references org (id),
  action_assignee_id uuid references app_user (id),
  action_label text,
  action_urgency text check (action_urgency in ('high', 'medium', 'low')),
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index routing_rule_position on routing_rule (position) where enabled;
alter table interaction add column labels text[] not null default '{}';
alter table interaction add column rule_id uuid references routing_rule (id) on delete set null;
