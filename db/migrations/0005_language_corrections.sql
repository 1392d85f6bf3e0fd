-- Responders' corrections of the language models' decisions (intent, OPD route, sentiment, urgency,
-- language), kept to retrain the models: `dayung lang export-corrections` → `dayung lang train --corrections`.
-- The text is stored with personal data masked (UU 27/2022 PDP): what the model learns from is the
-- wording, not the NIK or phone number.
create table lang_correction (
  id bigint generated always as identity primary key,
  org_id uuid references org (id),
  interaction_id text,
  task text not null check (task in ('intent', 'opd', 'sentiment', 'urgency', 'lang')),
  text_masked text not null,
  channel text,
  predicted text,
  corrected text not null,
  model_version text not null,
  corrected_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  unique (interaction_id, task)
);
create index lang_correction_task on lang_correction (task, created_at);
