-- Job leases (issue 20). A RUNNING job is held by its node until lease_until (epoch ms), which the node renews with
-- heartbeats; once it has passed, any node re-queues the job (or fails it after too many attempts) and a live node
-- runs it. For a QUEUED job, lease_until is the time by which some node should have claimed it after it was
-- announced; past it, any node claims it itself (the announcement was lost, e.g. sent to a node that had died).
-- NULL counts as passed: jobs left by a version without leases are re-queued after the upgrade.
-- attempts counts claims and is the fencing token: only the holder of the current attempt may renew the lease,
-- report progress or finish the job, so a node that lost its lease cannot overwrite the work of the next one.
ALTER TABLE jobs ADD COLUMN lease_until BIGINT;
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
-- The sweep for expired leases and unclaimed jobs, on every node every few seconds.
CREATE INDEX jobs_by_lease ON jobs (state, lease_until);
