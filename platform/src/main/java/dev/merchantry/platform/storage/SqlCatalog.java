package dev.merchantry.platform.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SQL catalog. Upserts read the affected rows with {@code FOR UPDATE} and then batch one UPDATE for known products
 * and one INSERT for new ones, so concurrent partial updates of the same product do not lose fields, and the SQL
 * stays portable between SQLite and PostgreSQL (no dialect-specific MERGE).
 */
final class SqlCatalog implements CatalogRepository {

    private static final String COLUMNS = "product_id, sku, title, category, price, cost, currency, hidden, on_hand,"
            + " on_hand_at, updated_at";

    private final Jdbc jdbc;

    SqlCatalog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Product> upsert(String shop, List<ProductPatch> patches) {
        Instant now = Instant.now();
        return jdbc.transaction("storing " + patches.size() + " products", c -> {
            Map<String, Product> existing = load(c, shop, patches.stream().map(ProductPatch::productId).toList(), true);
            // Later patches of the same id in one batch apply on top of earlier ones.
            Map<String, Product> merged = new LinkedHashMap<>();
            Set<String> created = new HashSet<>();
            for (ProductPatch patch : patches) {
                Product current = merged.getOrDefault(patch.productId(), existing.get(patch.productId()));
                if (current == null) {
                    created.add(patch.productId());
                }
                merged.put(patch.productId(), patch.applyTo(current, now));
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO products (shop_id, " + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement update = c.prepareStatement("UPDATE products SET sku = ?, title = ?, category = ?,"
                         + " price = ?, cost = ?, currency = ?, hidden = ?, updated_at = ?"
                         + " WHERE shop_id = ? AND product_id = ?")) {
                for (Product p : merged.values()) {
                    if (created.contains(p.productId())) {
                        insert.setString(1, shop);
                        insert.setString(2, p.productId());
                        bindFields(insert, 3, p);
                        insert.setNull(10, Types.BIGINT);
                        insert.setNull(11, Types.BIGINT);
                        insert.setLong(12, p.updatedAt().toEpochMilli());
                        insert.addBatch();
                    } else {
                        bindFields(update, 1, p);
                        update.setLong(8, p.updatedAt().toEpochMilli());
                        update.setString(9, shop);
                        update.setString(10, p.productId());
                        update.addBatch();
                    }
                }
                insert.executeBatch();
                update.executeBatch();
            }
            return List.copyOf(merged.values());
        });
    }

    /** Binds sku..hidden (7 parameters) starting at {@code first}. */
    private static void bindFields(PreparedStatement ps, int first, Product p) throws SQLException {
        ps.setString(first, p.sku());
        ps.setString(first + 1, p.title());
        ps.setString(first + 2, p.category());
        Jdbc.setDouble(ps, first + 3, p.price());
        Jdbc.setDouble(ps, first + 4, p.cost());
        ps.setString(first + 5, p.currency());
        ps.setBoolean(first + 6, p.hidden());
    }

    private static Map<String, Product> load(Connection c, String shop, Collection<String> ids, boolean forUpdate)
            throws SQLException {
        Map<String, Product> found = new HashMap<>();
        List<String> distinct = List.copyOf(new HashSet<>(ids));
        // Chunks keep the statement far below PostgreSQL's 32767-parameter limit.
        for (int from = 0; from < distinct.size(); from += 1000) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + 1000));
            String sql = "SELECT " + COLUMNS + " FROM products WHERE shop_id = ? AND product_id IN ("
                    + "?,".repeat(chunk.size() - 1) + "?)" + (forUpdate ? " FOR UPDATE" : "");
            try (PreparedStatement ps = c.prepareStatement(Jdbc.dialect(c, sql))) {
                ps.setString(1, shop);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Product p = map(rs);
                        found.put(p.productId(), p);
                    }
                }
            }
        }
        return found;
    }

    static Product map(ResultSet rs) throws SQLException {
        return new Product(rs.getString("product_id"), rs.getString("sku"), rs.getString("title"),
                rs.getString("category"), Jdbc.nullableDouble(rs, "price"), Jdbc.nullableDouble(rs, "cost"),
                rs.getString("currency"), rs.getBoolean("hidden"), Jdbc.nullableLong(rs, "on_hand"),
                Jdbc.instant(rs, "on_hand_at"), Jdbc.instant(rs, "updated_at"));
    }


    @Override
    public Optional<Product> find(String shop, String productId) {
        return jdbc.one("reading product " + productId, "SELECT " + COLUMNS
                + " FROM products WHERE shop_id = ? AND product_id = ?", SqlCatalog::map, shop, productId);
    }

    @Override
    public List<Product> list(String shop, String category, String afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM products WHERE shop_id = ?");
        List<Object> args = new ArrayList<>(List.of(shop));
        if (category != null) {
            sql.append(" AND category = ?");
            args.add(category);
        }
        if (afterId != null) {
            sql.append(" AND product_id > ?");
            args.add(afterId);
        }
        sql.append(" ORDER BY product_id LIMIT ").append(limit);
        return jdbc.query("listing products", sql.toString(), SqlCatalog::map, args.toArray());
    }

    @Override
    public List<Product> all(String shop) {
        return jdbc.query("reading the catalog", "SELECT " + COLUMNS + " FROM products WHERE shop_id = ?"
                + " ORDER BY product_id", SqlCatalog::map, shop);
    }

    @Override
    public Set<String> unavailable(String shop) {
        return new HashSet<>(jdbc.query("reading unavailable products", "SELECT product_id FROM products"
                + " WHERE shop_id = ? AND (hidden OR on_hand = 0)", rs -> rs.getString(1), shop));
    }

    @Override
    public java.util.Map<String, String> categories(String shop) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        jdbc.forEach("reading categories", "SELECT product_id, category FROM products WHERE shop_id = ?"
                + " AND category IS NOT NULL", rs -> out.put(rs.getString(1), rs.getString(2)), shop);
        return out;
    }

    @Override
    public List<SnapshotResult> addSnapshots(String shop, List<InventorySnapshot> snapshots) {
        long now = System.currentTimeMillis();
        return jdbc.transaction("storing " + snapshots.size() + " inventory snapshots", c -> {
            Set<String> known = load(c, shop, snapshots.stream().map(InventorySnapshot::productId).toList(), true)
                    .keySet();
            List<SnapshotResult> results = new ArrayList<>(snapshots.size());
            Map<String, InventorySnapshot> latest = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO inventory_snapshots (shop_id, product_id, ts,"
                    + " on_hand, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                List<Integer> batchIndex = new ArrayList<>();
                for (int i = 0; i < snapshots.size(); i++) {
                    InventorySnapshot s = snapshots.get(i);
                    if (!known.contains(s.productId())) {
                        results.add(SnapshotResult.UNKNOWN_PRODUCT);
                        continue;
                    }
                    results.add(null);
                    batchIndex.add(i);
                    ps.setString(1, shop);
                    ps.setString(2, s.productId());
                    ps.setLong(3, s.timestamp());
                    ps.setLong(4, s.onHand());
                    ps.setLong(5, now);
                    ps.addBatch();
                }
                int[] counts = batchIndex.isEmpty() ? new int[0] : ps.executeBatch();
                for (int k = 0; k < counts.length; k++) {
                    int i = batchIndex.get(k);
                    boolean stored = counts[k] != 0;
                    results.set(i, stored ? SnapshotResult.STORED : SnapshotResult.DUPLICATE);
                    InventorySnapshot s = snapshots.get(i);
                    if (stored) {
                        latest.merge(s.productId(), s, (a, b) -> b.timestamp() >= a.timestamp() ? b : a);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE products SET on_hand = ?, on_hand_at = ?"
                    + " WHERE shop_id = ? AND product_id = ? AND (on_hand_at IS NULL OR on_hand_at <= ?)")) {
                for (InventorySnapshot s : latest.values()) {
                    ps.setLong(1, s.onHand());
                    ps.setLong(2, s.timestamp());
                    ps.setString(3, shop);
                    ps.setString(4, s.productId());
                    ps.setLong(5, s.timestamp());
                    ps.addBatch();
                }
                if (!latest.isEmpty()) {
                    ps.executeBatch();
                }
            }
            return results;
        });
    }

    @Override
    public long count(String shop) {
        return jdbc.one("counting products", "SELECT COUNT(*) FROM products WHERE shop_id = ?",
                rs -> rs.getLong(1), shop).orElse(0L);
    }
}
