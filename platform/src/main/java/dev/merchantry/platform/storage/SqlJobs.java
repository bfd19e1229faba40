package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * SQL jobs. Claiming, re-queueing and every write of a run are conditional updates, so exactly one node wins a
 * claim and a node that lost its lease writes nothing. Decisions that involve several jobs of a strategy (the queue
 * limit, one running job per strategy) lock the shop's row first, so two nodes cannot both decide on a stale view
 * (on SQLite the single writer already serializes them).
 */
final class SqlJobs implements JobRepository {

    private static final String EXPIRED = "(lease_until IS NULL OR lease_until < ?)";

    private final Jdbc jdbc;

    SqlJobs(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getString("id"), rs.getString("shop_id"), StrategyKind.valueOf(rs.getString("kind")),
                rs.getString("strategy_id"), JobState.valueOf(rs.getString("state")), rs.getDouble("progress"),
                rs.getString("message"), rs.getString("metrics_json"), rs.getString("error"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "finished_at"),
                rs.getString("node"), Jdbc.instant(rs, "lease_until"), rs.getInt("attempts"),
                rs.getString("config_key"), rs.getString("config_json"));
    }

    @Override
    public void insert(Job j) {
        jdbc.transaction("storing job", c -> {
            insert(c, j);
            return null;
        });
    }

    private static void insert(Connection c, Job j) throws SQLException {
        Jdbc.update(c, "INSERT INTO jobs (id, shop_id, kind, strategy_id, state, progress, message, metrics_json, error,"
                + " created_at, started_at, finished_at, node, lease_until, attempts, config_key, config_json)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                j.id(), j.shopId(), j.kind(), j.strategyId(), j.state(), j.progress(), j.message(), j.metricsJson(),
                j.error(), j.createdAt(), j.startedAt(), j.finishedAt(), j.node(), j.leaseUntil(), j.attempts(),
                j.configKey(), j.configJson());
    }

    /**
     * A job waits while another job of its strategy runs under a live lease (one parameter: now); {@code outer} names
     * the job's row in the enclosing statement.
     */
    private static String noLiveRun(String outer) {
        return "NOT EXISTS (SELECT 1 FROM jobs r WHERE r.shop_id = " + outer + ".shop_id AND r.kind = " + outer
                + ".kind AND r.strategy_id = " + outer + ".strategy_id AND r.id <> " + outer + ".id"
                + " AND r.state = 'RUNNING' AND r.lease_until >= ?)";
    }

    /** Serializes decisions about one shop's jobs across nodes (a row lock; a no-op on SQLite's single writer). */
    private static void lockShop(Connection c, String shopId) throws SQLException {
        Jdbc.query(c, "SELECT id FROM shops WHERE id = ? FOR UPDATE", rs -> rs.getString(1), shopId);
    }

    @Override
    public List<Job> insertUnlessQueued(Job job, int maxQueued) {
        return jdbc.transaction("queueing job", c -> {
            lockShop(c, job.shopId());
            List<Job> unfinished = Jdbc.query(c, "SELECT * FROM jobs WHERE shop_id = ? AND kind = ? AND strategy_id = ?"
                    + " AND state IN ('QUEUED', 'RUNNING') ORDER BY created_at, id", SqlJobs::job,
                    job.shopId(), job.kind(), job.strategyId());
            if (unfinished.stream().filter(j -> j.state() == JobState.QUEUED).count() >= maxQueued) {
                return unfinished;
            }
            insert(c, job);
            return List.of();
        });
    }

    @Override
    public OptionalInt claim(String jobId, String node, Instant now, Instant leaseUntil, int maxAttempts) {
        return jdbc.transaction("claiming job", c -> {
            List<String> shop = Jdbc.query(c, "SELECT shop_id FROM jobs WHERE id = ?", rs -> rs.getString(1), jobId);
            if (shop.isEmpty()) {
                return OptionalInt.empty();
            }
            lockShop(c, shop.get(0));
            int claimed = Jdbc.update(c, "UPDATE jobs SET state = 'RUNNING', node = ?, started_at = ?, lease_until = ?,"
                    + " attempts = attempts + 1, progress = 0, error = NULL WHERE id = ? AND (state = 'QUEUED'"
                    + " OR (state = 'RUNNING' AND " + EXPIRED + " AND attempts < ?)) AND "
                    + noLiveRun("jobs"),
                    node, now, leaseUntil, jobId, now, maxAttempts, now);
            if (claimed == 0) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(Jdbc.query(c, "SELECT attempts FROM jobs WHERE id = ?", rs -> rs.getInt(1), jobId)
                    .get(0));
        });
    }

    @Override
    public boolean renew(String jobId, int attempt, Instant leaseUntil) {
        return jdbc.update("renewing job lease", "UPDATE jobs SET lease_until = ? WHERE id = ? AND attempts = ?"
                + " AND state = 'RUNNING'", leaseUntil, jobId, attempt) == 1;
    }

    @Override
    public void progress(String jobId, int attempt, double progress, String message) {
        jdbc.update("recording job progress", "UPDATE jobs SET progress = ?, message = ? WHERE id = ? AND attempts = ?"
                + " AND state = 'RUNNING'", progress, message, jobId, attempt);
    }

    @Override
    public boolean finish(String jobId, int attempt, JobState state, String metricsJson, String error,
                          Instant finishedAt) {
        return jdbc.update("finishing job", "UPDATE jobs SET state = ?, progress = CASE WHEN ? = 'SUCCEEDED' THEN 1.0"
                + " ELSE progress END, metrics_json = ?, error = ?, finished_at = ?, lease_until = NULL"
                + " WHERE id = ? AND attempts = ? AND state = 'RUNNING'",
                state, state.name(), metricsJson, error, finishedAt, jobId, attempt) == 1;
    }

    @Override
    public Optional<StoredModel> succeed(String jobId, int attempt, String strategyId, int formatVersion, byte[] bytes,
                                         String metricsJson, Instant finishedAt) {
        return jdbc.transaction("storing the model of job " + jobId, c -> {
            int held = Jdbc.update(c, "UPDATE jobs SET state = 'SUCCEEDED', progress = 1.0, metrics_json = ?,"
                    + " error = NULL, finished_at = ?, lease_until = NULL WHERE id = ? AND attempts = ?"
                    + " AND state = 'RUNNING'", metricsJson, finishedAt, jobId, attempt);
            if (held == 0) {
                return Optional.<StoredModel>empty();
            }
            Job job = Jdbc.query(c, "SELECT * FROM jobs WHERE id = ?", SqlJobs::job, jobId).get(0);
            return Optional.of(SqlModels.insertActive(c, job.shopId(), job.kind(), strategyId, job.configKey(),
                    formatVersion, bytes, metricsJson, jobId));
        });
    }

    @Override
    public boolean release(String jobId, int attempt, String message, Instant claimBy) {
        return jdbc.update("handing back job", "UPDATE jobs SET state = 'QUEUED', node = NULL, progress = 0,"
                + " message = ?, lease_until = ? WHERE id = ? AND attempts = ? AND state = 'RUNNING'",
                message, claimBy, jobId, attempt) == 1;
    }

    @Override
    public Requeued requeueExpired(Instant now, int maxAttempts, Instant claimBy) {
        return requeue(EXPIRED, now, now, maxAttempts, claimBy, "stopped renewing its lease");
    }

    @Override
    public Requeued requeueOfNode(String node, Instant now, int maxAttempts, Instant claimBy, String why) {
        return requeue("node = ?", node, now, maxAttempts, claimBy, why);
    }

    private record Orphan(String id, String node, int attempts) {
    }

    /**
     * RUNNING jobs matching {@code condition} (one parameter) back to QUEUED, or to FAILED after {@code maxAttempts}.
     * Found with a read first (the sweep runs every few seconds and usually finds nothing, which then costs no write);
     * each update re-checks the condition and the attempt, so a lease renewed in between is respected.
     */
    private Requeued requeue(String condition, Object arg, Instant now, int maxAttempts, Instant claimBy, String why) {
        List<Orphan> orphans = jdbc.query("finding orphaned jobs", "SELECT id, node, attempts FROM jobs"
                + " WHERE state = 'RUNNING' AND " + condition + " ORDER BY created_at, id",
                rs -> new Orphan(rs.getString(1), rs.getString(2), rs.getInt(3)), arg);
        if (orphans.isEmpty()) {
            return Requeued.NONE;
        }
        return jdbc.transaction("re-queueing orphaned jobs", c -> {
            List<String> requeued = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (Orphan o : orphans) {
                String guard = " WHERE id = ? AND attempts = ? AND state = 'RUNNING' AND " + condition;
                if (o.attempts() >= maxAttempts) {
                    if (Jdbc.update(c, "UPDATE jobs SET state = 'FAILED', error = ?, finished_at = ?, lease_until = NULL"
                            + guard, "given up: node " + o.node() + " " + why + " on attempt " + o.attempts() + " of "
                            + maxAttempts, now, o.id(), o.attempts(), arg) == 1) {
                        failed.add(o.id());
                    }
                } else if (Jdbc.update(c, "UPDATE jobs SET state = 'QUEUED', node = NULL, progress = 0, message = ?,"
                        + " lease_until = ?" + guard, "re-queued: node " + o.node() + " " + why + " (attempt "
                        + o.attempts() + " of " + maxAttempts + ")", claimBy, o.id(), o.attempts(), arg) == 1) {
                    requeued.add(o.id());
                }
            }
            return new Requeued(List.copyOf(requeued), List.copyOf(failed));
        });
    }

    @Override
    public List<String> unclaimed(Instant now, int limit) {
        return jdbc.query("listing unclaimed jobs", "SELECT id FROM jobs j WHERE state = 'QUEUED' AND "
                + EXPIRED + " AND " + noLiveRun("j") + " ORDER BY created_at, id LIMIT ?",
                rs -> rs.getString(1), now, now, limit);
    }

    @Override
    public Optional<String> nextQueued(String shopId, StrategyKind kind, String strategyId) {
        return jdbc.one("finding the next queued job", "SELECT id FROM jobs WHERE shop_id = ? AND kind = ?"
                + " AND strategy_id = ? AND state = 'QUEUED' ORDER BY created_at, id LIMIT 1",
                rs -> rs.getString(1), shopId, kind, strategyId);
    }

    @Override
    public Optional<Job> find(String jobId) {
        return jdbc.one("reading job", "SELECT * FROM jobs WHERE id = ?", SqlJobs::job, jobId);
    }

    @Override
    public List<Job> list(String shopId, int limit) {
        return jdbc.query("listing jobs", "SELECT * FROM jobs WHERE shop_id = ? ORDER BY created_at DESC, id LIMIT ?",
                SqlJobs::job, shopId, limit);
    }

    @Override
    public boolean pending(String shopId, StrategyKind kind, String strategyId, String configKey) {
        return !jdbc.query("checking pending jobs", "SELECT id FROM jobs WHERE shop_id = ? AND kind = ? AND strategy_id = ?"
                + " AND config_key = ? AND state IN ('QUEUED', 'RUNNING') LIMIT 1", rs -> rs.getString(1), shopId, kind,
                strategyId, configKey).isEmpty();
    }
}
