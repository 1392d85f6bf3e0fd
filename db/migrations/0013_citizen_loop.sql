-- The citizen loop: which public case events were told to the citizen on their channel (and by
-- which outbound message), and which of the citizen's later messages were recorded as replies on
-- the case. case_event itself is append-only, so the markers live here.
create table case_citizen_notice (
  event_id bigint primary key references case_event (id),
  case_id uuid not null references complaint_case (id),
  outbound_id uuid references outbound (id),
  skipped_reason text,
  created_at timestamptz not null default now()
);
create table case_citizen_reply (
  interaction_id uuid primary key references interaction (id),
  case_id uuid not null references complaint_case (id),
  created_at timestamptz not null default now()
);
