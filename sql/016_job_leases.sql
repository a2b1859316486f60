-- 016_job_leases.sql: a job is held by a lease, not by a hostname.
--
-- Each job runner process has an id of its own (host, pid and random bytes).  A job it claims
-- carries that id in locked_by and an expiry in lease_until, which the runner renews while it
-- works (an import with each batch, in the batch's own transaction).  Any runner may put a job
-- whose lease has expired back in the queue; nobody touches a job whose lease is live.  So a
-- reload (a new runner beside the old one) never takes the old one's job, and a host that died
-- leaves its job to the others once the lease runs out.
ALTER TABLE jobs
  ADD COLUMN lease_until DATETIME NULL AFTER locked_at,
  ADD KEY jobs_lease (state, lease_until);

-- Jobs left running by a runner of before: their claims carried no lease, so they count as
-- expired and are taken up again by the first runner that starts.
UPDATE jobs SET lease_until = UTC_TIMESTAMP() WHERE state = 'running';

-- The runners seen lately: each writes its row every few seconds, so the jobs page can say when
-- one last ran (and warn when none has for five minutes: a cron line missing, a host down).
CREATE TABLE job_runners (
  id         VARCHAR(128) NOT NULL PRIMARY KEY,
  host       VARCHAR(64) NOT NULL,
  pid        INT UNSIGNED NOT NULL,
  started_at DATETIME NOT NULL,
  seen_at    DATETIME NOT NULL,
  KEY job_runners_seen (seen_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
