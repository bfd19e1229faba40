package dev.merchantry.platform.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * SQL for materialized profiles. Writes go through the node's one write path (on the embedded database, the
 * group-committing writer); a new set's rows are inserted under their own version and served only once
 * {@link #flip} swapped them in.
 */
final class SqlProfiles implements ProfileRepository {

    private final Jdbc jdbc;

    SqlProfiles(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ProfileSet> currentSet(String shop) {
        return jdbc.read("reading the profile set of " + shop, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version, strategy_id, customers, trained_at,"
                    + " updated_at, segments_json, metrics_json FROM profile_sets WHERE shop_id = ?")) {
                ps.setString(1, shop);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new ProfileSet(rs.getLong(1), rs.getString(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getString(7))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public long deleteUnserved(String shop) {
        return jdbc.transaction("cleaning profiles of " + shop, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customer_profiles WHERE shop_id = ? AND version"
                    + " <> COALESCE((SELECT version FROM profile_sets WHERE shop_id = ?), -1)")) {
                ps.setString(1, shop);
                ps.setString(2, shop);
                return (long) ps.executeUpdate();
            }
        });
    }

    @Override
    public void insert(String shop, long version, List<ProfileRow> rows) {
        jdbc.transaction("writing profiles of " + shop, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer_profiles (shop_id, version,"
                    + " customer_id, rfm_group, m_score, segment, value_365d, churn_risk, sort_value, last_seen,"
                    + " profile_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ProfileRow r : rows) {
                    ps.setString(1, shop);
                    ps.setLong(2, version);
                    ps.setString(3, r.customerId());
                    ps.setString(4, r.group());
                    ps.setInt(5, r.mScore());
                    ps.setString(6, r.segment());
                    Jdbc.setDouble(ps, 7, r.value365());
                    Jdbc.setDouble(ps, 8, r.churnRisk());
                    ps.setDouble(9, r.sortValue());
                    ps.setLong(10, r.lastSeen());
                    ps.setString(11, r.json());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void flip(String shop, ProfileSet set, Consumer<GroupChange> changes) {
        jdbc.transaction("swapping the profiles of " + shop, c -> {
            Long old = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM profile_sets WHERE shop_id = ?")) {
                ps.setString(1, shop);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        old = rs.getLong(1);
                    }
                }
            }
            if (old != null && old != set.version()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT n.customer_id, o.rfm_group, n.rfm_group"
                        + " FROM customer_profiles n LEFT JOIN customer_profiles o ON o.shop_id = n.shop_id"
                        + " AND o.version = ? AND o.customer_id = n.customer_id WHERE n.shop_id = ? AND n.version = ?"
                        + " AND (o.rfm_group IS NULL OR o.rfm_group <> n.rfm_group) ORDER BY n.customer_id")) {
                    ps.setLong(1, old);
                    ps.setString(2, shop);
                    ps.setLong(3, set.version());
                    ps.setFetchSize(1000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            changes.accept(new GroupChange(rs.getString(1), rs.getString(2), rs.getString(3)));
                        }
                    }
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM profile_sets WHERE shop_id = ?")) {
                del.setString(1, shop);
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO profile_sets (shop_id, version, strategy_id,"
                    + " customers, trained_at, updated_at, segments_json, metrics_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ins.setString(1, shop);
                ins.setLong(2, set.version());
                ins.setString(3, set.strategyId());
                ins.setLong(4, set.customers());
                ins.setLong(5, set.trainedAt());
                ins.setLong(6, set.updatedAt());
                ins.setString(7, set.segmentsJson());
                ins.setString(8, set.metricsJson());
                ins.executeUpdate();
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM customer_profiles WHERE shop_id = ? AND version <> ?")) {
                del.setString(1, shop);
                del.setLong(2, set.version());
                del.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<String> profileJson(String shop, String customerKey) {
        return jdbc.read("reading a profile", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT p.profile_json FROM customer_profiles p JOIN"
                    + " profile_sets s ON s.shop_id = p.shop_id AND s.version = p.version WHERE p.shop_id = ?"
                    + " AND p.customer_id = ?")) {
                ps.setString(1, shop);
                ps.setString(2, customerKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<String, Long> groupCounts(String shop, long version) {
        return jdbc.read("counting RFM groups", c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT rfm_group, COUNT(*) FROM customer_profiles"
                    + " WHERE shop_id = ? AND version = ? GROUP BY rfm_group ORDER BY rfm_group")) {
                ps.setString(1, shop);
                ps.setLong(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<ProfileRow> audience(String shop, long version, AudienceFilter filter, int limit, Position after) {
        StringBuilder sql = new StringBuilder("SELECT customer_id, rfm_group, m_score, segment, value_365d, churn_risk,"
                + " last_seen, profile_json FROM customer_profiles WHERE shop_id = ? AND version = ?");
        List<Object> args = new ArrayList<>(List.of(shop, version));
        if (!filter.groups().isEmpty()) {
            sql.append(" AND rfm_group IN (").append("?,".repeat(filter.groups().size() - 1)).append("?)");
            args.addAll(filter.groups());
        }
        if (!filter.segments().isEmpty()) {
            sql.append(" AND segment IN (").append("?,".repeat(filter.segments().size() - 1)).append("?)");
            args.addAll(filter.segments());
        }
        range(sql, args, "value_365d", filter.minValue(), filter.maxValue());
        range(sql, args, "churn_risk", filter.minChurnRisk(), filter.maxChurnRisk());
        if (filter.lastSeenSince() != null) {
            sql.append(" AND last_seen >= ?");
            args.add(filter.lastSeenSince());
        }
        if (after != null) {
            sql.append(" AND (sort_value < ? OR (sort_value = ? AND customer_id < ?))");
            args.add(after.sortValue());
            args.add(after.sortValue());
            args.add(after.customerId());
        }
        sql.append(" ORDER BY sort_value DESC, customer_id DESC LIMIT ").append(limit);
        return jdbc.read("reading an audience", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    Object a = args.get(i);
                    if (a instanceof String s) {
                        ps.setString(i + 1, s);
                    } else if (a instanceof Long l) {
                        ps.setLong(i + 1, l);
                    } else {
                        ps.setDouble(i + 1, ((Number) a).doubleValue());
                    }
                }
                List<ProfileRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new ProfileRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                                nullableDouble(rs, 5), nullableDouble(rs, 6), rs.getLong(7), rs.getString(8)));
                    }
                }
                return rows;
            }
        });
    }

    private static void range(StringBuilder sql, List<Object> args, String column, Double min, Double max) {
        if (min != null) {
            sql.append(" AND ").append(column).append(" >= ?");
            args.add(min);
        }
        if (max != null) {
            sql.append(" AND ").append(column).append(" <= ?");
            args.add(max);
        }
    }

    @Override
    public long erase(String shop, String customerKey) {
        return jdbc.transaction("erasing profiles", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customer_profiles WHERE shop_id = ?"
                    + " AND customer_id = ?")) {
                ps.setString(1, shop);
                ps.setString(2, customerKey);
                return (long) ps.executeUpdate();
            }
        });
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
