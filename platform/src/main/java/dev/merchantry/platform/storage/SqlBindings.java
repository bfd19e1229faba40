package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** SQL bindings; every change writes its history row in the same transaction. */
final class SqlBindings implements BindingRepository {
    private final Jdbc jdbc;

    SqlBindings(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static Binding binding(ResultSet rs) throws SQLException {
        return new Binding(rs.getString("shop_id"), StrategyKind.valueOf(rs.getString("kind")),
                rs.getString("strategy_id"), rs.getString("config_json"), rs.getBoolean("enabled"),
                rs.getLong("version"), Jdbc.instant(rs, "updated_at"), rs.getString("updated_by"));
    }

    @Override
    public Optional<Binding> find(String shopId, StrategyKind kind) {
        return jdbc.one("reading binding", "SELECT * FROM bindings WHERE shop_id = ? AND kind = ?",
                SqlBindings::binding, shopId, kind);
    }

    @Override
    public List<Binding> list(String shopId) {
        return jdbc.query("listing bindings", "SELECT * FROM bindings WHERE shop_id = ? ORDER BY kind",
                SqlBindings::binding, shopId);
    }

    @Override
    public List<Binding> listAll() {
        return jdbc.query("listing bindings", "SELECT * FROM bindings ORDER BY shop_id, kind", SqlBindings::binding);
    }

    @Override
    public Binding put(String shopId, StrategyKind kind, String strategyId, String configJson, boolean enabled,
                       String actor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return jdbc.transaction("storing binding", c -> {
            Optional<Binding> old = lockedFind(c, shopId, kind);
            long version = old.map(b -> b.version() + 1).orElse(1L);
            if (old.isPresent()) {
                Jdbc.update(c, "UPDATE bindings SET strategy_id = ?, config_json = ?, enabled = ?, version = ?, "
                        + "updated_at = ?, updated_by = ? WHERE shop_id = ? AND kind = ?",
                        strategyId, configJson, enabled, version, now, actor, shopId, kind);
            } else {
                Jdbc.update(c, "INSERT INTO bindings (shop_id, kind, strategy_id, config_json, enabled, version, "
                        + "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        shopId, kind, strategyId, configJson, enabled, version, now, actor);
            }
            Jdbc.update(c, "INSERT INTO binding_changes (shop_id, kind, action, actor, at, old_strategy_id, "
                    + "old_config_json, old_enabled, new_strategy_id, new_config_json, new_enabled) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    shopId, kind, old.isPresent() ? "updated" : "created", actor, now,
                    old.map(Binding::strategyId).orElse(null), old.map(Binding::configJson).orElse(null),
                    old.map(Binding::enabled).orElse(null), strategyId, configJson, enabled);
            return new Binding(shopId, kind, strategyId, configJson, enabled, version, now, actor);
        });
    }

    private static Optional<Binding> lockedFind(Connection c, String shopId, StrategyKind kind) throws SQLException {
        List<Binding> rows = Jdbc.query(c, "SELECT * FROM bindings WHERE shop_id = ? AND kind = ? FOR UPDATE",
                SqlBindings::binding, shopId, kind);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @Override
    public boolean delete(String shopId, StrategyKind kind, String actor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return jdbc.transaction("deleting binding", c -> {
            Optional<Binding> old = lockedFind(c, shopId, kind);
            if (old.isEmpty()) {
                return false;
            }
            Jdbc.update(c, "DELETE FROM bindings WHERE shop_id = ? AND kind = ?", shopId, kind);
            Jdbc.update(c, "INSERT INTO binding_changes (shop_id, kind, action, actor, at, old_strategy_id, "
                    + "old_config_json, old_enabled) VALUES (?, ?, 'deleted', ?, ?, ?, ?, ?)",
                    shopId, kind, actor, now, old.get().strategyId(), old.get().configJson(), old.get().enabled());
            return true;
        });
    }

    @Override
    public List<BindingChange> history(String shopId, StrategyKind kind, int limit) {
        return jdbc.query("reading binding history", "SELECT * FROM binding_changes WHERE shop_id = ? AND kind = ? "
                + "ORDER BY id DESC LIMIT ?", rs -> new BindingChange(rs.getLong("id"), rs.getString("shop_id"),
                StrategyKind.valueOf(rs.getString("kind")), rs.getString("action"), rs.getString("actor"),
                Jdbc.instant(rs, "at"), rs.getString("old_strategy_id"), rs.getString("old_config_json"),
                Jdbc.nullableBoolean(rs, "old_enabled"), rs.getString("new_strategy_id"),
                rs.getString("new_config_json"), Jdbc.nullableBoolean(rs, "new_enabled")), shopId, kind, limit);
    }
}
