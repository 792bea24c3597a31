-- Fencing and crash accounting. Every start or resume of a job takes the next attempt number, and
-- every write a worker makes is conditional on it, so a node that stalled past the takeover
-- timeout and woke up cannot touch the run that replaced it. Checkpoint rows remember the attempt
-- that wrote them (their file names carry it too).
alter table job add column attempt integer not null default 0;
alter table job add column heartbeat_at timestamp with time zone;
-- How many times the node running the job died (or stalled past the takeover timeout), and which.
alter table job add column crashes integer not null default 0;
alter table job add column crash_nodes varchar(2000);
-- Consecutive transient failures (database or disk) retried from the checkpoint; reset by an epoch.
alter table job add column retries integer not null default 0;
alter table job_checkpoint add column attempt integer not null default 0;
