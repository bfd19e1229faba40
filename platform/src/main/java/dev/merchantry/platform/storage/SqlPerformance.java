package dev.merchantry.platform.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** SQL impressions and daily outcomes, one dialect for SQLite and PostgreSQL. */
final class SqlPerformance implements PerformanceRepository {

    private final Jdbc jdbc;

    SqlPerformance(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** One block: its shop, time bounds, list count and the encoded lists. */
    static final String INSERT_BLOCK = "INSERT INTO recommendation_impression_blocks (shop_id, first_ts, last_ts,"
            + " lists, data) VALUES (?, ?, ?, ?, ?)";

    @Override
    public void insertImpressions(List<ImpressionRecord> impressions) {
        if (impressions.isEmpty()) {
            return;
        }
        // A block holds one shop's lists of one UTC day, so retention by day cuts between blocks.
        Map<String, List<ImpressionRecord>> byShop = new LinkedHashMap<>();
        for (ImpressionRecord i : impressions) {
            byShop.computeIfAbsent(i.shopId() + "\u0000" + Math.floorDiv(i.ts(), 86_400_000L),
                    k -> new ArrayList<>()).add(i);
        }
        jdbc.transaction("storing " + impressions.size() + " recommendation impressions", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_BLOCK)) {
                for (List<ImpressionRecord> lists : byShop.values()) {
                    insertBlock(ps, lists);
                }
            }
            return null;
        });
    }

    /** Writes one shop's lists as one block row. */
    static void insertBlock(PreparedStatement ps, List<ImpressionRecord> lists) throws SQLException {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ImpressionRecord i : lists) {
            first = Math.min(first, i.ts());
            last = Math.max(last, i.ts());
        }
        ps.setString(1, lists.get(0).shopId());
        ps.setLong(2, first);
        ps.setLong(3, last);
        ps.setInt(4, lists.size());
        ps.setBytes(5, ImpressionBlocks.encode(lists));
        ps.executeUpdate();
    }

    @Override
    public void impressions(String shop, Instant from, Instant to, Consumer<ImpressionRecord> consumer) {
        // Blocks of consecutive flushes may overlap by a few milliseconds, so the lists are put in order here.
        List<ImpressionRecord> found = new ArrayList<>();
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        jdbc.forEach("reading recommendation impressions", "SELECT data FROM recommendation_impression_blocks"
                + " WHERE shop_id = ? AND last_ts >= ? AND first_ts < ? ORDER BY first_ts, id", rs -> {
                    for (ImpressionRecord i : ImpressionBlocks.decode(shop, rs.getBytes(1))) {
                        if (i.ts() >= start && i.ts() < end) {
                            found.add(i);
                        }
                    }
                }, shop, from, to);
        found.sort(Comparator.comparingLong(ImpressionRecord::ts).thenComparing(ImpressionRecord::recommendationId));
        found.forEach(consumer);
    }

    @Override
    public void recommendedActions(String shop, List<String> types, Instant from, Instant to,
                                   Consumer<RecommendedAction> consumer) {
        // The item row is found through the (shop, user) index: events has the user, event_items the product.
        String in = String.join(", ", Collections.nCopies(types.size(), "?"));
        Object[] args = new Object[3 + types.size()];
        args[0] = shop;
        args[1] = from;
        args[2] = to;
        for (int i = 0; i < types.size(); i++) {
            args[3 + i] = types.get(i);
        }
        jdbc.forEach("reading events of recommendations", "SELECT e.recommendation_id, e.type, i.user_key,"
                + " i.product_id, e.ts FROM events e JOIN event_items i ON i.shop_id = e.shop_id"
                + " AND i.user_key = COALESCE(e.customer_id, e.anonymous_id) AND i.event_id = e.event_id"
                + " WHERE e.shop_id = ? AND e.ts >= ? AND e.ts < ? AND e.recommendation_id IS NOT NULL"
                + " AND e.type IN (" + in + ") ORDER BY e.ts, e.id", rs -> consumer.accept(new RecommendedAction(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5))), args);
    }

    @Override
    public void orderLines(String shop, Instant from, Instant to, Consumer<OrderLine> consumer) {
        jdbc.forEach("reading order lines", "SELECT e.event_id, i.user_key, i.product_id, i.price, i.quantity, e.ts"
                + " FROM events e JOIN event_items i ON i.shop_id = e.shop_id"
                + " AND i.user_key = COALESCE(e.customer_id, e.anonymous_id) AND i.event_id = e.event_id"
                + " WHERE e.shop_id = ? AND e.type = 'Order Completed' AND e.ts >= ? AND e.ts < ?"
                + " ORDER BY e.ts, e.id, i.line_no", rs -> {
                    double price = rs.getDouble(4);
                    double revenue = rs.wasNull() ? 0 : price * rs.getDouble(5);
                    consumer.accept(new OrderLine(rs.getString(1), rs.getString(2), rs.getString(3), revenue,
                            rs.getLong(6)));
                }, shop, from, to);
    }

    @Override
    public List<PricePeriod> pricePeriods(String shop, Instant from, Instant to) {
        return jdbc.read("reading pricing periods", c -> Jdbc.query(c, "SELECT product_id, strategy_id, price,"
                + " period_start, period_end FROM pricing_decisions WHERE shop_id = ? AND status IN ('active', 'observed')"
                + " AND period_start IS NOT NULL AND period_start < ? AND (period_end IS NULL OR period_end > ?)"
                + " ORDER BY product_id, period_start, id", rs -> new PricePeriod(rs.getString(1), rs.getString(2),
                rs.getDouble(3), rs.getLong(4), Jdbc.nullableLong(rs, "period_end")), shop, to, from));
    }

    @Override
    public void productDays(String shop, Instant from, Instant to, Consumer<ProductDay> consumer) {
        jdbc.forEach("reading daily product sales", "SELECT i.product_id, e.ts / 86400000 AS day, SUM(i.quantity),"
                + " SUM(COALESCE(i.price, 0) * i.quantity) FROM events e JOIN event_items i ON i.shop_id = e.shop_id"
                + " AND i.user_key = COALESCE(e.customer_id, e.anonymous_id) AND i.event_id = e.event_id"
                + " WHERE e.shop_id = ? AND e.type = 'Order Completed' AND e.ts >= ? AND e.ts < ?"
                + " GROUP BY i.product_id, e.ts / 86400000", rs -> consumer.accept(new ProductDay(rs.getString(1),
                        rs.getLong(2), rs.getDouble(3), rs.getDouble(4))), shop, from, to);
    }

    @Override
    public List<PricedProduct> pricedProducts(String shop) {
        return jdbc.read("reading priced products", c -> Jdbc.query(c, "SELECT d.product_id, MAX(p.cost) AS cost"
                + " FROM pricing_decisions d LEFT JOIN products p ON p.shop_id = d.shop_id AND p.product_id = d.product_id"
                + " WHERE d.shop_id = ? GROUP BY d.product_id ORDER BY d.product_id",
                rs -> new PricedProduct(rs.getString(1), Jdbc.nullableDouble(rs, "cost")), shop));
    }

    @Override
    public List<DailyRow> daily(String shop, String kind, long fromDay, long toDay) {
        return jdbc.read("reading daily performance", c -> Jdbc.query(c, "SELECT strategy_id, segment, day,"
                + " metrics_json FROM performance_daily WHERE shop_id = ? AND kind = ? AND day >= ? AND day <= ?"
                + " ORDER BY day, strategy_id, segment", rs -> new DailyRow(rs.getString(1), rs.getString(2),
                rs.getLong(3), rs.getString(4)), shop, kind, fromDay, toDay));
    }

    @Override
    public void storeDaily(String shop, String kind, List<Long> days, List<DailyRow> rows, Instant at) {
        jdbc.transaction("storing daily performance", c -> {
            for (long day : days) {
                Jdbc.update(c, "DELETE FROM performance_daily WHERE shop_id = ? AND kind = ? AND day = ?",
                        shop, kind, day);
            }
            for (DailyRow r : rows) {
                Jdbc.update(c, "INSERT INTO performance_daily (shop_id, kind, strategy_id, segment, day,"
                        + " metrics_json, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?)", shop, kind, r.strategyId(),
                        r.segment(), r.day(), r.metricsJson(), at);
            }
            return null;
        });
    }

    @Override
    public void insertForecastSnapshots(List<ForecastSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        jdbc.transaction("storing " + snapshots.size() + " forecast snapshots", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO forecast_snapshots (shop_id, strategy_id,"
                    + " model_version, product_id, category, made_at, first_day, means, lo80, hi80, scale)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (ForecastSnapshot f : snapshots) {
                    ps.setString(1, f.shopId());
                    ps.setString(2, f.strategyId());
                    ps.setLong(3, f.modelVersion());
                    ps.setString(4, f.productId());
                    ps.setString(5, f.category());
                    ps.setLong(6, f.madeAt());
                    ps.setLong(7, f.firstDay());
                    ps.setString(8, numbers(f.means()));
                    ps.setString(9, numbers(f.lo80()));
                    ps.setString(10, numbers(f.hi80()));
                    Jdbc.setDouble(ps, 11, f.scale());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static String numbers(double[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(values[i]);
        }
        return b.toString();
    }

    private static double[] numbers(String text) {
        if (text.isEmpty()) {
            return new double[0];
        }
        String[] parts = text.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }

    @Override
    public void forecastSnapshots(String shop, Instant from, Instant to, Consumer<ForecastSnapshot> consumer) {
        jdbc.forEach("reading forecast snapshots", "SELECT strategy_id, model_version, product_id, category, made_at,"
                + " first_day, means, lo80, hi80, scale FROM forecast_snapshots WHERE shop_id = ? AND made_at >= ?"
                + " AND made_at < ? ORDER BY made_at, model_version, product_id", rs -> consumer.accept(
                        new ForecastSnapshot(shop, rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getLong(5), rs.getLong(6), numbers(rs.getString(7)), numbers(rs.getString(8)),
                                numbers(rs.getString(9)), Jdbc.nullableDouble(rs, "scale"))), shop, from, to);
    }

    @Override
    public List<String> shopsWithForecastSnapshots() {
        return jdbc.read("listing shops with forecast snapshots", c -> Jdbc.query(c,
                "SELECT DISTINCT shop_id FROM forecast_snapshots ORDER BY shop_id", rs -> rs.getString(1)));
    }

    @Override
    public Instant oldestForecastSnapshot(String shop) {
        return jdbc.read("reading the oldest forecast snapshot", c -> Jdbc.query(c, "SELECT MIN(made_at) AS oldest FROM"
                + " forecast_snapshots WHERE shop_id = ?", rs -> Jdbc.instant(rs, "oldest"), shop).get(0));
    }

    @Override
    public int deleteForecastSnapshotsBefore(Instant before) {
        return jdbc.update("deleting old forecast snapshots", "DELETE FROM forecast_snapshots WHERE made_at < ?",
                before);
    }

    @Override
    public void insertChurnPredictions(List<ChurnPrediction> predictions) {
        if (predictions.isEmpty()) {
            return;
        }
        jdbc.transaction("storing " + predictions.size() + " churn predictions", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO churn_predictions (shop_id, strategy_id,"
                    + " model_version, made_at, customer_id, customer_group, churn_risk) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING")) {
                for (ChurnPrediction p : predictions) {
                    ps.setString(1, p.shopId());
                    ps.setString(2, p.strategyId());
                    ps.setLong(3, p.modelVersion());
                    ps.setLong(4, p.madeAt());
                    ps.setString(5, p.customerId());
                    ps.setString(6, p.group());
                    ps.setDouble(7, p.churnRisk());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public boolean hasChurnPredictionsSince(String shop, Instant since) {
        return !jdbc.read("checking churn predictions", c -> Jdbc.query(c, "SELECT 1 FROM churn_predictions"
                + " WHERE shop_id = ? AND made_at >= ? LIMIT 1", rs -> 1, shop, since)).isEmpty();
    }

    @Override
    public void churnPredictions(String shop, Instant from, Instant to, Consumer<ChurnPrediction> consumer) {
        jdbc.forEach("reading churn predictions", "SELECT strategy_id, model_version, made_at, customer_id,"
                + " customer_group, churn_risk FROM churn_predictions WHERE shop_id = ? AND made_at >= ? AND made_at < ?"
                + " ORDER BY made_at, customer_id", rs -> consumer.accept(new ChurnPrediction(shop, rs.getString(1),
                        rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getDouble(6))), shop, from, to);
    }

    @Override
    public java.util.Set<String> customersWhoOrdered(String shop, Instant after, Instant until) {
        java.util.Set<String> out = new java.util.HashSet<>();
        jdbc.forEach("reading who ordered", "SELECT DISTINCT customer_id FROM events WHERE shop_id = ?"
                + " AND ts > ? AND ts <= ? AND type = 'Order Completed' AND customer_id IS NOT NULL",
                rs -> out.add(rs.getString(1)), shop, after, until);
        return out;
    }

    @Override
    public List<String> shopsWithChurnPredictions() {
        return jdbc.read("listing shops with churn predictions", c -> Jdbc.query(c,
                "SELECT DISTINCT shop_id FROM churn_predictions ORDER BY shop_id", rs -> rs.getString(1)));
    }

    @Override
    public Instant oldestChurnPrediction(String shop) {
        return jdbc.read("reading the oldest churn prediction", c -> Jdbc.query(c, "SELECT MIN(made_at) AS oldest FROM"
                + " churn_predictions WHERE shop_id = ?", rs -> Jdbc.instant(rs, "oldest"), shop).get(0));
    }

    @Override
    public int deleteChurnPredictionsBefore(Instant before) {
        return jdbc.update("deleting old churn predictions", "DELETE FROM churn_predictions WHERE made_at < ?", before);
    }

    @Override
    public java.util.Map<String, Long> eraseCustomer(String shop, String customerKey) {
        return jdbc.transaction("erasing a customer's performance data", c -> {
            // A customer's lists sit inside blocks: every block of the shop is read, and those holding one rewritten.
            long lists = 0;
            record Rewrite(long id, List<ImpressionRecord> kept) {
            }
            List<Rewrite> rewrites = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, data FROM recommendation_impression_blocks"
                    + " WHERE shop_id = ?")) {
                ps.setString(1, shop);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<ImpressionRecord> all = ImpressionBlocks.decode(shop, rs.getBytes(2));
                        List<ImpressionRecord> kept = all.stream()
                                .filter(i -> !customerKey.equals(i.userKey())).toList();
                        if (kept.size() < all.size()) {
                            lists += all.size() - kept.size();
                            rewrites.add(new Rewrite(rs.getLong(1), kept));
                        }
                    }
                }
            }
            for (Rewrite r : rewrites) {
                Jdbc.update(c, "DELETE FROM recommendation_impression_blocks WHERE id = ?", r.id());
                if (!r.kept().isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(INSERT_BLOCK)) {
                        insertBlock(ps, r.kept());
                    }
                }
            }
            return java.util.Map.of("recommendation_impressions", lists,
                    "churn_predictions", (long) Jdbc.update(c, "DELETE FROM churn_predictions WHERE shop_id = ?"
                            + " AND customer_id = ?", shop, customerKey));
        });
    }

    @Override
    public Instant oldestImpression(String shop) {
        return jdbc.read("reading the oldest impression", c -> Jdbc.query(c, "SELECT MIN(first_ts) AS oldest FROM"
                + " recommendation_impression_blocks WHERE shop_id = ?", rs -> Jdbc.instant(rs, "oldest"), shop).get(0));
    }

    @Override
    public List<String> shopsWithImpressions() {
        return jdbc.read("listing shops with impressions", c -> Jdbc.query(c,
                "SELECT DISTINCT shop_id FROM recommendation_impression_blocks ORDER BY shop_id", rs -> rs.getString(1)));
    }

    @Override
    public int deleteImpressionsBefore(Instant before) {
        // Whole blocks go (a block is at most one day of one shop, usually a fraction of a second of serving).
        return jdbc.transaction("deleting old impressions", c -> {
            long lists = Jdbc.query(c, "SELECT COALESCE(SUM(lists), 0) FROM recommendation_impression_blocks"
                    + " WHERE last_ts < ?", rs -> rs.getLong(1), before).get(0);
            Jdbc.update(c, "DELETE FROM recommendation_impression_blocks WHERE last_ts < ?", before);
            return (int) lists;
        });
    }
}
