package dev.merchantry.platform.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL pricing states (compare-and-set on version) and decisions, one dialect for SQLite and PostgreSQL. */
final class SqlPricing implements PricingRepository {

    private static final String ORDER_COMPLETED = "Order Completed";
    private final Jdbc jdbc;

    SqlPricing(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static PricingState state(ResultSet rs) throws SQLException {
        return new PricingState(rs.getString("shop_id"), rs.getString("product_id"), rs.getString("strategy_id"),
                rs.getString("config_json"), rs.getDouble("list_price"), rs.getInt("format_version"),
                rs.getBytes("bytes"), rs.getLong("version"), rs.getLong("observations"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
    }

    private static PricingDecisionRecord decision(ResultSet rs) throws SQLException {
        return new PricingDecisionRecord(rs.getString("id"), rs.getString("shop_id"), rs.getString("product_id"),
                rs.getString("strategy_id"), rs.getDouble("price"), Jdbc.nullableDouble(rs, "previous_price"),
                rs.getBoolean("exploring"), rs.getString("explanation"), Jdbc.nullableDouble(rs, "expected_units"),
                Jdbc.nullableDouble(rs, "expected_revenue"), Jdbc.nullableDouble(rs, "expected_profit"),
                rs.getString("mode"), rs.getString("status"), Jdbc.instant(rs, "decided_at"),
                Jdbc.instant(rs, "period_start"), Jdbc.instant(rs, "period_end"), Jdbc.nullableDouble(rs, "units"),
                Jdbc.nullableDouble(rs, "revenue"), rs.getString("outcome_source"), Jdbc.instant(rs, "outcome_at"),
                rs.getString("config_hash"));
    }

    @Override
    public Optional<PricingState> state(String shop, String productId) {
        return jdbc.one("reading pricing state", "SELECT * FROM pricing_states WHERE shop_id = ? AND product_id = ?",
                SqlPricing::state, shop, productId);
    }

    @Override
    public boolean createState(PricingState s) {
        return jdbc.update("creating pricing state", "INSERT INTO pricing_states (shop_id, product_id, strategy_id,"
                + " config_json, list_price, format_version, bytes, version, observations, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", s.shopId(), s.productId(),
                s.strategyId(), s.configJson(), s.listPrice(), s.formatVersion(), s.bytes(), s.version(),
                s.observations(), s.createdAt(), s.updatedAt()) == 1;
    }

    @Override
    public boolean replaceState(PricingState s, long expectedVersion) {
        return jdbc.transaction("replacing pricing state", c -> replace(c, s, expectedVersion));
    }

    @Override
    public Optional<PricingState> parkedState(String shop, String productId, String strategyId, String configHash) {
        return jdbc.one("reading a parked pricing state", "SELECT * FROM pricing_parked_states WHERE shop_id = ?"
                + " AND product_id = ? AND strategy_id = ? AND config_hash = ?", SqlPricing::state, shop, productId,
                strategyId, configHash);
    }

    @Override
    public boolean switchState(PricingState next, String nextHash, long expectedVersion, PricingState parked,
                               String parkedHash) {
        return jdbc.transaction("switching the pricing agent of " + next.productId(), c -> {
            if (!replace(c, next, expectedVersion)) {
                return false;
            }
            String delete = "DELETE FROM pricing_parked_states WHERE shop_id = ? AND product_id = ? AND strategy_id = ?"
                    + " AND config_hash = ?";
            Jdbc.update(c, delete, next.shopId(), next.productId(), next.strategyId(), nextHash);
            Jdbc.update(c, delete, parked.shopId(), parked.productId(), parked.strategyId(), parkedHash);
            Jdbc.update(c, "INSERT INTO pricing_parked_states (shop_id, product_id, strategy_id, config_hash,"
                    + " config_json, list_price, format_version, bytes, version, observations, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", parked.shopId(), parked.productId(),
                    parked.strategyId(), parkedHash, parked.configJson(), parked.listPrice(), parked.formatVersion(),
                    parked.bytes(), parked.version(), parked.observations(), parked.createdAt(), parked.updatedAt());
            return true;
        });
    }

    private static boolean replace(Connection c, PricingState s, long expectedVersion) throws SQLException {
        return Jdbc.update(c, "UPDATE pricing_states SET strategy_id = ?, config_json = ?, list_price = ?,"
                + " format_version = ?, bytes = ?, version = ?, observations = ?, created_at = ?, updated_at = ?"
                + " WHERE shop_id = ? AND product_id = ? AND version = ?", s.strategyId(), s.configJson(),
                s.listPrice(), s.formatVersion(), s.bytes(), s.version(), s.observations(), s.createdAt(),
                s.updatedAt(), s.shopId(), s.productId(), expectedVersion) == 1;
    }

    @Override
    public void addDecision(PricingDecisionRecord d) {
        jdbc.transaction("storing pricing decision", c -> {
            if (PricingDecisionRecord.ACTIVE.equals(d.status())) {
                // The new price ends the periods of the prices before it.
                Jdbc.update(c, "UPDATE pricing_decisions SET period_end = ? WHERE shop_id = ? AND product_id = ?"
                        + " AND status = ? AND period_end > ?", d.periodStart(), d.shopId(), d.productId(),
                        PricingDecisionRecord.ACTIVE, d.periodStart());
            } else if (PricingDecisionRecord.PENDING.equals(d.status())) {
                Jdbc.update(c, "UPDATE pricing_decisions SET status = ? WHERE shop_id = ? AND product_id = ?"
                        + " AND status = ?", PricingDecisionRecord.EXPIRED, d.shopId(), d.productId(),
                        PricingDecisionRecord.PENDING);
            }
            return Jdbc.update(c, "INSERT INTO pricing_decisions (id, shop_id, product_id, strategy_id, price,"
                    + " previous_price, exploring, explanation, expected_units, expected_revenue, expected_profit, mode,"
                    + " status, decided_at, period_start, period_end, config_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?, ?, ?, ?)", d.id(), d.shopId(), d.productId(), d.strategyId(), d.price(),
                    d.previousPrice(), d.exploring(), d.explanation(), d.expectedUnits(), d.expectedRevenue(),
                    d.expectedProfit(), d.mode(), d.status(), d.decidedAt(), d.periodStart(), d.periodEnd(),
                    d.configHash());
        });
    }

    @Override
    public Optional<PricingDecisionRecord> decision(String shop, String decisionId) {
        return jdbc.one("reading pricing decision", "SELECT * FROM pricing_decisions WHERE shop_id = ? AND id = ?",
                SqlPricing::decision, shop, decisionId);
    }

    @Override
    public List<PricingDecisionRecord> decisions(String shop, String productId, int limit) {
        return jdbc.query("reading pricing decisions", "SELECT * FROM pricing_decisions WHERE shop_id = ?"
                + " AND product_id = ? ORDER BY decided_at DESC, id DESC LIMIT ?", SqlPricing::decision, shop,
                productId, limit);
    }

    @Override
    public List<PricingDecisionRecord> pending(String shop, int limit) {
        return jdbc.query("reading pending pricing decisions", "SELECT * FROM pricing_decisions WHERE shop_id = ?"
                + " AND status = ? ORDER BY decided_at, id LIMIT ?", SqlPricing::decision, shop,
                PricingDecisionRecord.PENDING, limit);
    }

    @Override
    public boolean activate(String shop, String decisionId, Instant start, Instant end) {
        return jdbc.transaction("approving pricing decision", c -> {
            List<String> product = Jdbc.query(c, "SELECT product_id FROM pricing_decisions WHERE shop_id = ? AND id = ?"
                    + " AND status = ?", rs -> rs.getString(1), shop, decisionId, PricingDecisionRecord.PENDING);
            if (product.isEmpty()) {
                return false;
            }
            int changed = Jdbc.update(c, "UPDATE pricing_decisions SET status = ?, period_start = ?, period_end = ?"
                    + " WHERE shop_id = ? AND id = ? AND status = ?", PricingDecisionRecord.ACTIVE, start, end, shop,
                    decisionId, PricingDecisionRecord.PENDING);
            if (changed == 1) {
                Jdbc.update(c, "UPDATE pricing_decisions SET period_end = ? WHERE shop_id = ? AND product_id = ?"
                        + " AND status = ? AND id <> ? AND period_end > ?", start, shop, product.get(0),
                        PricingDecisionRecord.ACTIVE, decisionId, start);
            }
            return changed == 1;
        });
    }

    @Override
    public boolean reject(String shop, String decisionId) {
        return jdbc.update("rejecting pricing decision", "UPDATE pricing_decisions SET status = ? WHERE shop_id = ?"
                + " AND id = ? AND status = ?", PricingDecisionRecord.REJECTED, shop, decisionId,
                PricingDecisionRecord.PENDING) == 1;
    }

    @Override
    public OutcomeResult recordOutcome(String shop, String decisionId, double units, double revenue, String source,
                                       Instant at, PricingState next, long expectedVersion) {
        return jdbc.transaction("recording pricing outcome", c -> {
            if (!markObserved(c, shop, decisionId, units, revenue, source, at)) {
                throw new Jdbc.Rollback(OutcomeResult.DECISION_NOT_ACTIVE);
            }
            if (!replace(c, next, expectedVersion)) {
                throw new Jdbc.Rollback(OutcomeResult.STATE_CHANGED);
            }
            return OutcomeResult.STORED;
        });
    }

    @Override
    public OutcomeResult recordParkedOutcome(String shop, String decisionId, double units, double revenue,
                                             String source, Instant at, PricingState next, String configHash,
                                             long expectedVersion) {
        return jdbc.transaction("recording pricing outcome", c -> {
            if (!markObserved(c, shop, decisionId, units, revenue, source, at)) {
                throw new Jdbc.Rollback(OutcomeResult.DECISION_NOT_ACTIVE);
            }
            int replaced = Jdbc.update(c, "UPDATE pricing_parked_states SET format_version = ?, bytes = ?, version = ?,"
                    + " observations = ?, updated_at = ? WHERE shop_id = ? AND product_id = ? AND strategy_id = ?"
                    + " AND config_hash = ? AND version = ?", next.formatVersion(), next.bytes(), next.version(),
                    next.observations(), next.updatedAt(), shop, next.productId(), next.strategyId(), configHash,
                    expectedVersion);
            if (replaced != 1) {
                throw new Jdbc.Rollback(OutcomeResult.STATE_CHANGED);
            }
            return OutcomeResult.STORED;
        });
    }

    @Override
    public boolean observe(String shop, String decisionId, double units, double revenue, String source, Instant at) {
        return jdbc.transaction("recording pricing outcome",
                c -> markObserved(c, shop, decisionId, units, revenue, source, at));
    }

    /** Marks an active decision observed with its outcome; false if it is not active (any more). */
    private static boolean markObserved(Connection c, String shop, String decisionId, double units, double revenue,
                                        String source, Instant at) throws SQLException {
        return Jdbc.update(c, "UPDATE pricing_decisions SET status = ?, units = ?, revenue = ?, outcome_source = ?,"
                + " outcome_at = ? WHERE shop_id = ? AND id = ? AND status = ?", PricingDecisionRecord.OBSERVED,
                units, revenue, source, at, shop, decisionId, PricingDecisionRecord.ACTIVE) == 1;
    }

    @Override
    public List<PricingDecisionRecord> endedActive(String shop, Instant asOf, int limit) {
        return jdbc.query("reading ended pricing periods", "SELECT * FROM pricing_decisions WHERE shop_id = ?"
                + " AND status = ? AND period_end <= ? ORDER BY period_end, id LIMIT ?", SqlPricing::decision, shop,
                PricingDecisionRecord.ACTIVE, asOf, limit);
    }

    @Override
    public double[] salesAt(String shop, String productId, Instant from, Instant to, double price) {
        return jdbc.query("attributing sales", "SELECT COALESCE(SUM(quantity), 0), COALESCE(SUM(quantity * price), 0)"
                + " FROM event_items WHERE shop_id = ? AND product_id = ? AND type = ? AND ts >= ? AND ts < ?"
                + " AND price >= ? AND price < ?", rs -> new double[] {rs.getDouble(1), rs.getDouble(2)}, shop,
                productId, ORDER_COMPLETED, from, to, price - 0.005, price + 0.005).get(0);
    }
}
