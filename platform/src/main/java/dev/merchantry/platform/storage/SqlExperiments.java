package dev.merchantry.platform.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL experiments and exposures, one dialect for SQLite and PostgreSQL. */
final class SqlExperiments implements ExperimentRepository {

    private final Jdbc jdbc;

    SqlExperiments(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static ExperimentRecord row(ResultSet rs) throws SQLException {
        return new ExperimentRecord(rs.getString("shop_id"), rs.getString("id"), rs.getString("name"),
                rs.getString("kind"), rs.getString("unit"), rs.getString("salt"), rs.getString("primary_metric"),
                rs.getDouble("mde"), rs.getInt("max_days"), rs.getString("variants_json"), rs.getString("status"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "stopped_at"),
                rs.getString("shipped_variant"), rs.getString("actor"));
    }

    @Override
    public void create(ExperimentRecord e) {
        jdbc.update("storing experiment", "INSERT INTO experiments (shop_id, id, name, kind, unit, salt, primary_metric,"
                + " mde, max_days, variants_json, status, created_at, started_at, stopped_at, shipped_variant, actor)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.shopId(), e.id(), e.name(), e.kind(),
                e.unit(), e.salt(), e.primaryMetric(), e.mde(), e.maxDays(), e.variantsJson(), e.status(),
                e.createdAt(), e.startedAt(), e.stoppedAt(), e.shippedVariant(), e.actor());
    }

    @Override
    public Optional<ExperimentRecord> find(String shop, String id) {
        return jdbc.one("reading experiment", "SELECT * FROM experiments WHERE shop_id = ? AND id = ?",
                SqlExperiments::row, shop, id);
    }

    @Override
    public List<ExperimentRecord> list(String shop) {
        return jdbc.query("listing experiments", "SELECT * FROM experiments WHERE shop_id = ?"
                + " ORDER BY created_at DESC, id DESC", SqlExperiments::row, shop);
    }

    @Override
    public List<ExperimentRecord> running(String shop, String kind) {
        return jdbc.query("reading running experiments", "SELECT * FROM experiments WHERE shop_id = ? AND kind = ?"
                + " AND status = 'running' ORDER BY started_at, id", SqlExperiments::row, shop, kind);
    }

    @Override
    public List<ExperimentRecord> runningOfKind(String kind) {
        return jdbc.query("reading running experiments", "SELECT * FROM experiments WHERE kind = ? AND status = 'running'"
                + " ORDER BY shop_id, started_at, id", SqlExperiments::row, kind);
    }

    @Override
    public boolean transition(ExperimentRecord e, String expectedStatus) {
        return jdbc.update("changing experiment status", "UPDATE experiments SET status = ?, started_at = ?,"
                + " stopped_at = ?, shipped_variant = ? WHERE shop_id = ? AND id = ? AND status = ?", e.status(),
                e.startedAt(), e.stoppedAt(), e.shippedVariant(), e.shopId(), e.id(), expectedStatus) == 1;
    }

    @Override
    public void expose(String shop, String experimentId, String unitId, String variantId, Instant at) {
        jdbc.update("recording exposure", "INSERT INTO experiment_exposures (shop_id, experiment_id, unit_id,"
                + " variant_id, first_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", shop, experimentId, unitId,
                variantId, at);
    }

    @Override
    public void outcomes(String shop, String experimentId, String eventType, boolean recommendedOnly, Instant until,
                         OutcomeConsumer consumer) {
        jdbc.forEach("reading experiment outcomes", "SELECT x.unit_id, x.variant_id, x.first_at, e.ts, e.revenue"
                + " FROM experiment_exposures x LEFT JOIN events e ON e.shop_id = x.shop_id"
                + " AND e.customer_id = x.unit_id AND e.type = ? AND e.ts >= x.first_at AND e.ts < ?"
                + (recommendedOnly ? " AND e.recommendation_id IS NOT NULL" : "")
                + " WHERE x.shop_id = ? AND x.experiment_id = ? ORDER BY x.unit_id, e.ts", rs -> {
                    long ts = rs.getLong("ts");
                    Instant at = rs.wasNull() ? null : Instant.ofEpochMilli(ts);
                    double revenue = rs.getDouble("revenue");
                    double value = rs.wasNull() ? 0 : revenue;
                    consumer.accept(new UnitOutcome(rs.getString("unit_id"), rs.getString("variant_id"),
                            Jdbc.instant(rs, "first_at"), at, value));
                }, eventType, until, shop, experimentId);
    }

    @Override
    public void productSales(String shop, String experimentId, Instant until, ProductSaleConsumer consumer) {
        jdbc.forEach("reading experiment sales", "SELECT x.unit_id, x.variant_id, x.first_at, p.cost, i.ts, i.quantity,"
                + " i.price FROM experiment_exposures x"
                + " LEFT JOIN products p ON p.shop_id = x.shop_id AND p.product_id = x.unit_id"
                + " LEFT JOIN event_items i ON i.shop_id = x.shop_id AND i.product_id = x.unit_id AND i.type = ?"
                + " AND i.ts >= x.first_at AND i.ts < ?"
                + " WHERE x.shop_id = ? AND x.experiment_id = ? ORDER BY x.unit_id, i.ts", rs -> {
                    double cost = rs.getDouble("cost");
                    Double costOrNull = rs.wasNull() ? null : cost;
                    long ts = rs.getLong("ts");
                    Instant at = rs.wasNull() ? null : Instant.ofEpochMilli(ts);
                    double quantity = rs.getDouble("quantity");
                    double price = rs.getDouble("price");
                    boolean priced = !rs.wasNull();
                    consumer.accept(new ProductSale(rs.getString("unit_id"), rs.getString("variant_id"),
                            Jdbc.instant(rs, "first_at"), costOrNull, at, at == null ? 0 : quantity,
                            at == null || !priced ? 0 : quantity * price));
                }, ORDER_COMPLETED, until, shop, experimentId);
    }

    private static final String ORDER_COMPLETED = "Order Completed";
}
