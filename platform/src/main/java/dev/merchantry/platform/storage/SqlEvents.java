package dev.merchantry.platform.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL events, one transaction per batch, idempotent through {@code ON CONFLICT DO NOTHING} on (shop, event_id) —
 * also under concurrent re-sends — and only new events get their lines. On H2, a JDBC batch whose per-row update
 * counts tell new events from duplicates. On PostgreSQL, one statement per table over {@code unnest} of column
 * arrays with {@code RETURNING event_id}: a JDBC batch costs PostgreSQL a bind/execute round per row, which made
 * it the bottleneck of ingestion.
 */
final class SqlEvents implements EventRepository {

    private static final String INSERT_EVENT = "INSERT INTO events (shop_id, event_id, type, ts, customer_id,"
            + " anonymous_id, order_id, revenue, discount, currency, recommendation_id, strategy_id, variant_id,"
            + " properties_json, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String INSERT_ITEM = "INSERT INTO event_items (shop_id, event_id, line_no, type, ts,"
            + " user_key, product_id, category, price, quantity, rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String INSERT_EVENTS_PG = "INSERT INTO events (shop_id, event_id, type, ts, customer_id,"
            + " anonymous_id, order_id, revenue, discount, currency, recommendation_id, strategy_id, variant_id,"
            + " properties_json, received_at) SELECT ?, t.*, ? FROM unnest(?::varchar[], ?::varchar[], ?::int8[],"
            + " ?::varchar[], ?::varchar[], ?::varchar[], ?::float8[], ?::float8[], ?::varchar[], ?::varchar[],"
            + " ?::varchar[], ?::varchar[], ?::varchar[]) AS t ON CONFLICT DO NOTHING RETURNING event_id";
    private static final String INSERT_ITEMS_PG = "INSERT INTO event_items (shop_id, event_id, line_no, type, ts,"
            + " user_key, product_id, category, price, quantity, rating) SELECT ?, t.* FROM unnest(?::varchar[],"
            + " ?::int4[], ?::varchar[], ?::int8[], ?::varchar[], ?::varchar[], ?::varchar[], ?::float8[],"
            + " ?::float8[], ?::float8[]) AS t";

    private final Jdbc jdbc;
    private final boolean postgres;

    SqlEvents(Jdbc jdbc, boolean postgres) {
        this.jdbc = jdbc;
        this.postgres = postgres;
    }

    @Override
    public boolean[] insert(String shop, List<EventRecord> events) {
        if (events.isEmpty()) {
            return new boolean[0];
        }
        long now = System.currentTimeMillis();
        if (postgres) {
            return jdbc.transaction("storing " + events.size() + " events", c -> insertPostgres(c, shop, events, now));
        }
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

    private static boolean[] insertPostgres(Connection c, String shop, List<EventRecord> events, long now)
            throws SQLException {
        int n = events.size();
        Object[][] cols = new Object[13][];
        cols[0] = new String[n];
        cols[1] = new String[n];
        cols[2] = new Long[n];
        cols[3] = new String[n];
        cols[4] = new String[n];
        cols[5] = new String[n];
        cols[6] = new Double[n];
        cols[7] = new Double[n];
        for (int k = 8; k < 13; k++) {
            cols[k] = new String[n];
        }
        for (int i = 0; i < n; i++) {
            EventRecord e = events.get(i);
            cols[0][i] = e.eventId();
            cols[1][i] = e.type();
            cols[2][i] = e.timestamp();
            cols[3][i] = e.customerId();
            cols[4][i] = e.anonymousId();
            cols[5][i] = e.orderId();
            cols[6][i] = e.revenue();
            cols[7][i] = e.discount();
            cols[8][i] = e.currency();
            cols[9][i] = e.recommendationId();
            cols[10][i] = e.strategyId();
            cols[11][i] = e.variantId();
            cols[12][i] = e.propertiesJson();
        }
        String[] types = {"varchar", "varchar", "int8", "varchar", "varchar", "varchar", "float8", "float8",
                "varchar", "varchar", "varchar", "varchar", "varchar"};
        Map<String, Integer> returned = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENTS_PG)) {
            ps.setString(1, shop);
            ps.setLong(2, now);
            for (int k = 0; k < 13; k++) {
                ps.setArray(k + 3, c.createArrayOf(types[k], cols[k]));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    returned.merge(rs.getString(1), 1, Integer::sum);
                }
            }
        }
        // An id repeated inside the batch is stored once: its first occurrence counts as the new one.
        boolean[] inserted = new boolean[n];
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Integer left = returned.get(events.get(i).eventId());
            if (left != null && left > 0) {
                returned.put(events.get(i).eventId(), left - 1);
                inserted[i] = true;
                lines.add(i);
            }
        }
        int m = 0;
        for (int i : lines) {
            m += events.get(i).items().size();
        }
        if (m == 0) {
            return inserted;
        }
        String[] eventIds = new String[m];
        Integer[] lineNos = new Integer[m];
        String[] itemTypes = new String[m];
        Long[] times = new Long[m];
        String[] users = new String[m];
        String[] products = new String[m];
        String[] categories = new String[m];
        Double[] prices = new Double[m];
        Double[] quantities = new Double[m];
        Double[] ratings = new Double[m];
        int j = 0;
        for (int i : lines) {
            EventRecord e = events.get(i);
            int line = 0;
            for (EventRecord.EventItem item : e.items()) {
                eventIds[j] = e.eventId();
                lineNos[j] = line++;
                itemTypes[j] = e.type();
                times[j] = e.timestamp();
                users[j] = e.userKey();
                products[j] = item.productId();
                categories[j] = item.category();
                prices[j] = item.price();
                quantities[j] = item.quantity();
                ratings[j] = item.rating();
                j++;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_ITEMS_PG)) {
            ps.setString(1, shop);
            ps.setArray(2, c.createArrayOf("varchar", eventIds));
            ps.setArray(3, c.createArrayOf("int4", lineNos));
            ps.setArray(4, c.createArrayOf("varchar", itemTypes));
            ps.setArray(5, c.createArrayOf("int8", times));
            ps.setArray(6, c.createArrayOf("varchar", users));
            ps.setArray(7, c.createArrayOf("varchar", products));
            ps.setArray(8, c.createArrayOf("varchar", categories));
            ps.setArray(9, c.createArrayOf("float8", prices));
            ps.setArray(10, c.createArrayOf("float8", quantities));
            ps.setArray(11, c.createArrayOf("float8", ratings));
            ps.executeUpdate();
        }
        return inserted;
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
    public Map<Long, Map<String, Long>> dailyCountsByType(String shop, Instant since) {
        Map<Long, Map<String, Long>> days = new java.util.TreeMap<>();
        jdbc.query("counting events per day", "SELECT ts / 86400000 AS d, type, COUNT(*) AS n FROM events"
                + " WHERE shop_id = ? AND ts >= ? GROUP BY ts / 86400000, type", rs -> days
                        .computeIfAbsent(rs.getLong("d"), d -> new java.util.TreeMap<>())
                        .put(rs.getString("type"), rs.getLong("n")), shop, since.toEpochMilli());
        return days;
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
