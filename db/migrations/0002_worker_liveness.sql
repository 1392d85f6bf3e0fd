-- Liveness of job-worker processes. A process that dies (SIGKILL, power loss) leaves its jobs
-- locked in graphile_worker; a surviving or restarted process unlocks them once the dead one's
-- heartbeat is stale, or at once when it ran on the same host and its pid is gone.
create table worker_process (
  id text primary key,
  host text not null,
  pid integer not null,
  worker_ids text[] not null default '{}',
  started_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);

-- A mail job that runs twice (its worker died after sending) is stored once by the capture server.
create unique index mail_outbox_message_id on mail_outbox (message_id) where message_id is not null;
