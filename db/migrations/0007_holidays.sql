-- The working-day calendar's editable part. Owned by src/modules/cases (calendar.ts).
-- National holidays come from the npm package date-holidays; this table adds what the yearly
-- SKB 3 Menteri (and the province) fix on top: cuti bersama, local/provincial holidays,
-- national holidays the package lacks, and, rarely, extra working days (extra_working_day
-- makes a weekend or holiday a working day, or cancels a wrong date from the package).
-- Seeded from db/seed/holidays.json (rows with created_by null); province admins edit it.

create table holiday (
  date date primary key,
  name text not null,
  kind text not null check (kind in ('national', 'cuti_bersama', 'local', 'extra_working_day')),
  source text,
  created_by uuid references app_user (id),
  created_at timestamptz default now()
);
