package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL jobs; claiming is a conditional update, so exactly one node wins. */
final class SqlJobs implements JobRepository {
    private final Jdbc jdbc;

    SqlJobs(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getString("id"), rs.getString("shop_id"), StrategyKind.valueOf(rs.getString("kind")),
                rs.getString("strategy_id"), JobState.valueOf(rs.getString("state")), rs.getDouble("progress"),
                rs.getString("message"), rs.getString("metrics_json"), rs.getString("error"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "finished_at"),
                rs.getString("node"));
    }

    @Override
    public void insert(Job j) {
        jdbc.update("storing job", "INSERT INTO jobs (id, shop_id, kind, strategy_id, state, progress, message, "
                + "metrics_json, error, created_at, started_at, finished_at, node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                j.id(), j.shopId(), j.kind(), j.strategyId(), j.state(), j.progress(), j.message(), j.metricsJson(),
                j.error(), j.createdAt(), j.startedAt(), j.finishedAt(), j.node());
    }

    @Override
    public boolean claim(String jobId, String node, Instant startedAt) {
        return jdbc.update("claiming job", "UPDATE jobs SET state = 'RUNNING', node = ?, started_at = ? "
                + "WHERE id = ? AND state = 'QUEUED'", node, startedAt, jobId) == 1;
    }

    @Override
    public void progress(String jobId, double progress, String message) {
        jdbc.update("recording job progress", "UPDATE jobs SET progress = ?, message = ? WHERE id = ? AND state = 'RUNNING'",
                progress, message, jobId);
    }

    @Override
    public void finish(String jobId, JobState state, String metricsJson, String error, Instant finishedAt) {
        jdbc.update("finishing job", "UPDATE jobs SET state = ?, progress = CASE WHEN ? = 'SUCCEEDED' THEN 1.0 "
                + "ELSE progress END, metrics_json = ?, error = ?, finished_at = ? WHERE id = ?",
                state, state.name(), metricsJson, error, finishedAt, jobId);
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
    public boolean pending(String shopId, StrategyKind kind, String strategyId) {
        return !jdbc.query("checking pending jobs", "SELECT id FROM jobs WHERE shop_id = ? AND kind = ? AND strategy_id = ?"
                + " AND state IN ('QUEUED', 'RUNNING') LIMIT 1", rs -> rs.getString(1), shopId, kind, strategyId).isEmpty();
    }

    @Override
    public List<String> queued(int limit) {
        return jdbc.query("listing queued jobs", "SELECT id FROM jobs WHERE state = 'QUEUED' ORDER BY created_at, id LIMIT ?",
                rs -> rs.getString(1), limit);
    }

    @Override
    public int failInterrupted(String node) {
        return jdbc.update("failing interrupted jobs", "UPDATE jobs SET state = 'FAILED', "
                + "error = 'interrupted: node restarted', finished_at = ? WHERE node = ? AND state = 'RUNNING'",
                Instant.now(), node);
    }
}
