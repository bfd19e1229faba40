package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.cli.Main;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data dir of Merchantry 0.1 (H2 file database with the V1–V6 schema, opened with the settings 0.1 used) is never
 * started empty, and {@code merchantry db migrate-h2} carries every row over with the same values.
 */
class H2MigrationTest {

    @TempDir
    Path dir;

    @Test
    void serveRefusesAnUnmigratedH2DataDirAndTheMigrationCopiesEveryRow() throws Exception {
        byte[] modelBytes = {1, 2, 3, 0, (byte) 255};
        try (Connection h2 = legacyDatabase()) {
            try (Statement s = h2.createStatement()) {
                s.execute("INSERT INTO shops VALUES ('old', 'Old shop', 1000)");
                s.execute("INSERT INTO bindings VALUES ('old', 'PROFILER', 'rfm', '{\"k\":1}', TRUE, 3, 2000, 'admin')");
                s.execute("INSERT INTO binding_changes (shop_id, kind, action, actor, at, new_strategy_id,"
                        + " new_config_json, new_enabled) VALUES ('old', 'PROFILER', 'created', 'admin', 2000, 'rfm',"
                        + " '{}', TRUE)");
                s.execute("INSERT INTO users VALUES ('m@example.com', 'pbkdf2$x', FALSE, 3000)");
                s.execute("INSERT INTO user_shops VALUES ('m@example.com', 'old')");
                for (int i = 0; i < 12_345; i++) {
                    s.addBatch("INSERT INTO events (shop_id, event_id, type, ts, customer_id, properties_json,"
                            + " received_at, revenue) VALUES ('old', 'e" + i + "', 'Order Completed', " + (5000 + i)
                            + ", 'c" + (i % 50) + "', '{}', 6000, " + (i % 7 == 0 ? "NULL" : i * 0.5) + ")");
                }
                s.executeBatch();
                s.execute("INSERT INTO products (shop_id, product_id, title, price, hidden, updated_at)"
                        + " VALUES ('old', 'p-1', 'Tent', 199.5, FALSE, 7000)");
            }
            try (PreparedStatement ps = h2.prepareStatement("INSERT INTO models (shop_id, kind, strategy_id, version,"
                    + " format_version, bytes, metrics_json, created_at) VALUES ('old', 'PROFILER', 'rfm', 1, 1, ?,"
                    + " '{}', 8000)")) {
                ps.setBytes(1, modelBytes);
                ps.executeUpdate();
            }
            try (Statement s = h2.createStatement()) {
                s.execute("INSERT INTO active_models SELECT shop_id, kind, id FROM models");
            }
        }

        StorageException refused = assertThrows(StorageException.class,
                () -> Database.open(DatabaseOptions.embedded(dir)));
        assertTrue(refused.getMessage().contains("merchantry db migrate-h2 --data-dir"), refused.getMessage());
        assertFalse(Files.exists(dir.resolve(Database.EMBEDDED_FILE)), "refusing creates nothing");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"db", "migrate-h2", "--data-dir", dir.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().matches("(?s).*events\\s+12345\\s+12345.*"), out.toString());
        assertTrue(Files.exists(dir.resolve("h2-backup").resolve(Database.LEGACY_H2_FILE)));
        assertFalse(Files.exists(dir.resolve(Database.LEGACY_H2_FILE)));

        try (Database db = Database.open(DatabaseOptions.embedded(dir))) {
            assertEquals("Old shop", db.shops().find("old").orElseThrow().name());
            Binding b = db.bindings().find("old", StrategyKind.PROFILER).orElseThrow();
            assertEquals("rfm", b.strategyId());
            assertEquals(3, b.version());
            assertTrue(b.enabled());
            assertEquals(1, db.bindings().history("old", StrategyKind.PROFILER, 10).size());
            assertEquals(12_345L, db.events().countsByType("old", null).get("Order Completed"));
            assertEquals(199.5, db.catalog().find("old", "p-1").orElseThrow().price());
            assertFalse(db.catalog().find("old", "p-1").orElseThrow().hidden());
            assertArrayEquals(modelBytes, db.models().active("old", StrategyKind.PROFILER).orElseThrow().bytes());
            assertEquals(java.util.List.of("old"), db.users().find("m@example.com").orElseThrow().shops());
            assertTrue(db.integrityProblems().isEmpty());
            // New rows continue after the copied ids.
            db.bindings().put("old", StrategyKind.PROFILER, "segments", "{}", true, "admin");
            assertEquals(2, db.bindings().history("old", StrategyKind.PROFILER, 10).size());
        }

        int again = Main.run(new String[] {"db", "migrate-h2", "--data-dir", dir.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
        assertEquals(1, again, "nothing left to migrate");
    }

    /** The schema Merchantry 0.1 created on H2 (V1–V6 of the PostgreSQL dialect, as it ran them). */
    private Connection legacyDatabase() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("merchantry") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                + ";DEFAULT_NULL_ORDERING=HIGH";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/postgresql").target("6").load().migrate();
        return DriverManager.getConnection(url, "sa", "");
    }
}
