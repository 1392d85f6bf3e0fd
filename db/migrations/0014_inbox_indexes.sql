-- Inbox list and counts at scale (1,000,000 interactions; bench/inbox-list.ts):
-- the province's views across all OPDs walk the newest interactions;
-- an OPD's full-text search stays within the OPD (btree_gin combines org and words in one index);
-- the view counts are answered from an index alone.
create extension if not exists btree_gin;
create index interaction_recent on interaction (received_at desc, id);
create index interaction_org_search on interaction using gin (org_id, search);
create index interaction_org_status on interaction (org_id, status) include (intent, urgency, triage, deleted_at);
