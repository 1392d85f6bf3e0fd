-- The content coach's settings, tuned by province admins for the whole province: per-rule enable/disable and
-- severity, thresholds, extra abbreviations (with expansions), abbreviations readers know, extra bureaucratic
-- phrases. One row; the JSON is validated by the application (src/modules/publishing/coach/settings.ts) on
-- every read and write. `version` goes up by one on every change: web processes compare it to reload their
-- cached copy.
create table coach_settings (
  id smallint primary key default 1 check (id = 1),
  settings jsonb not null default '{}'::jsonb,
  version integer not null default 1,
  updated_by uuid references app_user (id),
  updated_at timestamptz not null default now()
);
insert into coach_settings (id) values (1);
