package dev.merchantry.platform.storage;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL events. One batched {@code INSERT … ON CONFLICT DO NOTHING} per table and transaction: the per-row update
 * counts tell new events from duplicates (also under concurrent re-sends), and only new events get their lines.
 */
final class SqlEvents implements EventRepository {

    private static final String INSERT_EVENT = "INSERT INTO events (shop_id, event_id, type, ts, customer_id,"
            + " anonymous_id, order_id, revenue, discount, currency, recommendation_id, strategy_id, variant_id,"
            + " properties_json, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String INSERT_ITEM = "INSERT INTO event_items (shop_id, event_id, line_no, type, ts,"
            + " user_key, product_id, category, price, quantity, rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Jdbc jdbc;

    SqlEvents(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean[] insert(String shop, List<EventRecord> events) {
        if (events.isEmpty()) {
            return new boolean[0];
        }
        long now = System.currentTimeMillis();
        return jdbc.transaction("storing " + events.size() + " events", c -> {
            boolean[] inserted = new boolean[events.size()];
            try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
                for (EventRecord e : events) {
                    ps.setString(1, shop);
                    ps.setString(2, e.eventId());
                    ps.setString(3, e.type());
                    ps.setLong(4, e.timestamp());
                    ps.setString(5, e.customerId());
                    ps.setString(6, e.anonymousId());
                    ps.setString(7, e.orderId());
                    Jdbc.setDouble(ps, 8, e.revenue());
                    Jdbc.setDouble(ps, 9, e.discount());
                    ps.setString(10, e.currency());
                    ps.setString(11, e.recommendationId());
                    ps.setString(12, e.strategyId());
                    ps.setString(13, e.variantId());
                    ps.setString(14, e.propertiesJson());
                    ps.setLong(15, now);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    // SUCCESS_NO_INFO cannot happen without reWriteBatchedInserts; treat it as written to be safe.
                    inserted[i] = counts[i] != 0;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_ITEM)) {
                int pending = 0;
                for (int i = 0; i < events.size(); i++) {
                    if (!inserted[i]) {
                        continue;
                    }
                    EventRecord e = events.get(i);
                    int line = 0;
                    for (EventRecord.EventItem item : e.items()) {
                        ps.setString(1, shop);
                        ps.setString(2, e.eventId());
                        ps.setInt(3, line++);
                        ps.setString(4, e.type());
                        ps.setLong(5, e.timestamp());
                        ps.setString(6, e.userKey());
                        ps.setString(7, item.productId());
                        ps.setString(8, item.category());
                        Jdbc.setDouble(ps, 9, item.price());
                        ps.setDouble(10, item.quantity());
                        Jdbc.setDouble(ps, 11, item.rating());
                        ps.addBatch();
                        pending++;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
            return inserted;
        });
    }

    @Override
    public Map<String, Long> countsByType(String shop, Instant since) {
        long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("counting events", "SELECT type, COUNT(*) AS n FROM events WHERE shop_id = ? AND ts >= ?"
                + " GROUP BY type ORDER BY type", rs -> counts.put(rs.getString("type"), rs.getLong("n")), shop, from);
        return counts;
    }

    @Override
    public List<EventRecord> recent(String shop, String type, int limit) {
        String sql = "SELECT event_id, type, ts, customer_id, anonymous_id, order_id, revenue, discount, currency,"
                + " recommendation_id, strategy_id, variant_id, properties_json FROM events WHERE shop_id = ?"
                + (type == null ? "" : " AND type = ?") + " ORDER BY ts DESC, event_id DESC LIMIT " + limit;
        Object[] args = type == null ? new Object[] {shop} : new Object[] {shop, type};
        return jdbc.query("reading recent events", sql, rs -> new EventRecord(rs.getString("event_id"),
                rs.getString("type"), rs.getLong("ts"), rs.getString("customer_id"), rs.getString("anonymous_id"),
                rs.getString("order_id"), Jdbc.nullableDouble(rs, "revenue"), Jdbc.nullableDouble(rs, "discount"),
                rs.getString("currency"), rs.getString("recommendation_id"), rs.getString("strategy_id"),
                rs.getString("variant_id"), rs.getString("properties_json"), List.of()), args);
    }

    @Override
    public Instant latestEventTime(String shop) {
        List<Instant> latest = jdbc.query("reading the latest event", "SELECT MAX(ts) AS t FROM events"
                + " WHERE shop_id = ?", rs -> Jdbc.instant(rs, "t"), shop);
        return latest.isEmpty() ? null : latest.get(0);
    }

    @Override
    public Map<String, Long> eraseCustomer(String shop, String customerKey) {
        return jdbc.transaction("erasing a customer", c -> {
            Map<String, Long> erased = new LinkedHashMap<>();
            erased.put("items", (long) Jdbc.update(c, "DELETE FROM event_items WHERE shop_id = ? AND (user_key = ?"
                    + " OR event_id IN (SELECT event_id FROM events WHERE shop_id = ? AND (customer_id = ?"
                    + " OR anonymous_id = ?)))", shop, customerKey, shop, customerKey, customerKey));
            erased.put("events", (long) Jdbc.update(c, "DELETE FROM events WHERE shop_id = ? AND (customer_id = ?"
                    + " OR anonymous_id = ?)", shop, customerKey, customerKey));
            return erased;
        });
    }
}
