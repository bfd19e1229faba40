package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** SQL models: a new model and the switch of the active pointer commit together. */
final class SqlModels implements ModelRepository {
    /** Models kept per (shop, kind, strategy), newest first; older ones are deleted when a new one is stored. */
    static final int KEPT_VERSIONS = 5;

    private final Jdbc jdbc;

    SqlModels(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static StoredModel model(ResultSet rs, boolean withBytes) throws SQLException {
        return new StoredModel(rs.getLong("id"), rs.getString("shop_id"), StrategyKind.valueOf(rs.getString("kind")),
                rs.getString("strategy_id"), rs.getLong("version"), rs.getInt("format_version"),
                withBytes ? rs.getBytes("bytes") : new byte[0], rs.getString("metrics_json"), rs.getString("job_id"),
                Jdbc.instant(rs, "created_at"), rs.getString("config_key"));
    }

    @Override
    public StoredModel saveActive(String shopId, StrategyKind kind, String strategyId, int formatVersion, byte[] bytes,
                                  String metricsJson, String jobId) {
        return jdbc.transaction("storing model", c -> insertActive(c, shopId, kind, strategyId, "", formatVersion,
                bytes, metricsJson, jobId));
    }

    /**
     * Inside a write transaction: stores a model as the next version of the (shop, kind) and, on the shop's line
     * ({@code configKey} empty), makes it the active one (also used by {@link SqlJobs#succeed}, which commits it
     * together with the job's success).
     */
    static StoredModel insertActive(Connection c, String shopId, StrategyKind kind, String strategyId, String configKey,
                                    int formatVersion, byte[] bytes, String metricsJson, String jobId)
            throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String metrics = metricsJson == null ? "{}" : metricsJson;
        // Lock the (shop, kind) pointer row first so concurrent saves get distinct versions.
        Jdbc.query(c, "SELECT model_id FROM active_models WHERE shop_id = ? AND kind = ? FOR UPDATE",
                rs -> rs.getLong(1), shopId, kind);
        long version = Jdbc.query(c, "SELECT COALESCE(MAX(version), 0) FROM models WHERE shop_id = ? AND kind = ?",
                rs -> rs.getLong(1), shopId, kind).get(0) + 1;
        Jdbc.update(c, "INSERT INTO models (shop_id, kind, strategy_id, version, format_version, bytes, "
                + "metrics_json, job_id, created_at, config_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                shopId, kind, strategyId, version, formatVersion, bytes, metrics, jobId, now, configKey);
        long id = Jdbc.query(c, "SELECT id FROM models WHERE shop_id = ? AND kind = ? AND version = ?",
                rs -> rs.getLong(1), shopId, kind, version).get(0);
        if (configKey.isEmpty()) {
            int updated = Jdbc.update(c, "UPDATE active_models SET model_id = ? WHERE shop_id = ? AND kind = ?",
                    id, shopId, kind);
            if (updated == 0) {
                Jdbc.update(c, "INSERT INTO active_models (shop_id, kind, model_id) VALUES (?, ?, ?)", shopId, kind, id);
            }
        }
        // Keep a short history per strategy and line: live-refreshed fallbacks retrain every few seconds under ingestion.
        Jdbc.update(c, "DELETE FROM models WHERE shop_id = ? AND kind = ? AND strategy_id = ? AND config_key = ?"
                + " AND version <= ? AND id NOT IN (SELECT model_id FROM active_models WHERE shop_id = ? AND kind = ?)",
                shopId, kind, strategyId, configKey, version - KEPT_VERSIONS, shopId, kind);
        return new StoredModel(id, shopId, kind, strategyId, version, formatVersion, bytes, metrics, jobId, now,
                configKey);
    }

    @Override
    public Optional<StoredModel> active(String shopId, StrategyKind kind) {
        return jdbc.one("reading active model", "SELECT m.* FROM active_models a JOIN models m ON m.id = a.model_id "
                + "WHERE a.shop_id = ? AND a.kind = ?", rs -> model(rs, true), shopId, kind);
    }

    @Override
    public Optional<StoredModel> latest(String shopId, StrategyKind kind, String strategyId, String configKey) {
        return jdbc.one("reading latest model", "SELECT * FROM models WHERE shop_id = ? AND kind = ? AND strategy_id = ?"
                + " AND config_key = ? ORDER BY version DESC LIMIT 1", rs -> model(rs, true), shopId, kind, strategyId,
                configKey);
    }

    @Override
    public Optional<Instant> latestTime(String shopId, StrategyKind kind, String strategyId, String configKey) {
        return jdbc.one("reading latest model time", "SELECT MAX(created_at) FROM models WHERE shop_id = ? AND kind = ?"
                + " AND strategy_id = ? AND config_key = ? HAVING COUNT(*) > 0", rs -> Instant.ofEpochMilli(rs.getLong(1)),
                shopId, kind, strategyId, configKey);
    }

    @Override
    public List<StoredModel> list(String shopId, StrategyKind kind, int limit) {
        return jdbc.query("listing models", "SELECT id, shop_id, kind, strategy_id, version, format_version, "
                + "metrics_json, job_id, created_at, config_key FROM models WHERE shop_id = ? AND kind = ? ORDER BY version DESC "
                + "LIMIT ?", rs -> model(rs, false), shopId, kind, limit);
    }
}
