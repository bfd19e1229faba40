package dev.merchantry.platform.storage;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Copies a Merchantry 0.1 data directory (embedded H2, {@value Database#LEGACY_H2_FILE}) into the embedded SQLite
 * store, table by table with the same columns and ids, then verifies the row count of every table. The copy is
 * written beside the old files and moved into place only once every count matches; the H2 files are then moved to
 * {@code h2-backup/} (kept, never deleted).
 *
 * <p>The H2 driver is not on the node's class path: it is loaded from the distribution's {@code lib/h2-migration}
 * directory only for this command.
 */
public final class H2Migration {

    /** Tables in dependency order (parents before the rows that reference them). */
    static final List<String> TABLES = List.of("shops", "credentials", "users", "user_shops", "sessions", "bindings",
            "binding_changes", "models", "active_models", "jobs", "settings", "events", "event_items", "products",
            "inventory_snapshots", "pricing_states", "pricing_decisions", "profile_sets", "customer_profiles");
    private static final int ROWS_PER_TRANSACTION = 5_000;

    /** One table's row counts in the old and the new store. */
    public record TableCount(String table, long h2Rows, long sqliteRows) {
        public boolean matches() {
            return h2Rows == sqliteRows;
        }
    }

    private H2Migration() {
    }

    /**
     * Migrates {@code dataDir}; {@code h2Jars} is where to find the H2 driver when it is not on the class path.
     * Returns the per-table counts; throws {@link StorageException} (changing nothing in place) on any failure.
     */
    public static List<TableCount> migrate(Path dataDir, Path h2Jars, Consumer<String> progress) {
        Path dir = dataDir.toAbsolutePath();
        Path h2File = dir.resolve(Database.LEGACY_H2_FILE);
        Path target = dir.resolve(Database.EMBEDDED_FILE);
        if (!Files.isRegularFile(h2File)) {
            throw new StorageException("no H2 database in " + dir + " (expected " + Database.LEGACY_H2_FILE + ")", null);
        }
        if (Files.exists(target)) {
            throw new StorageException(target + " already exists; move it away to migrate again", null);
        }
        Path staging = dir.resolve(".migrating-h2");
        deleteRecursively(staging);
        List<TableCount> counts;
        try (Connection h2 = openH2(dir, h2Jars)) {
            try (Database target0 = Database.open(DatabaseOptions.embedded(staging))) {
                counts = copy(h2, target0, progress);
            }
        } catch (SQLException e) {
            deleteRecursively(staging);
            throw new StorageException("reading the H2 database " + h2File + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteRecursively(staging);
            throw e;
        }
        List<String> mismatched = counts.stream().filter(c -> !c.matches())
                .map(c -> c.table() + " " + c.h2Rows() + " → " + c.sqliteRows()).toList();
        if (!mismatched.isEmpty()) {
            deleteRecursively(staging);
            throw new StorageException("row counts differ after the copy (" + String.join(", ", mismatched)
                    + "); nothing was changed in " + dir, null);
        }
        try {
            Path backup = Files.createDirectories(dir.resolve("h2-backup"));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("merchantry.")
                        && f.getFileName().toString().matches("merchantry\\.(mv|trace)\\.db.*")).toList()) {
                    Files.move(f, backup.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (Stream<Path> files = Files.list(staging)) {
                for (Path f : files.toList()) {
                    Files.move(f, dir.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.delete(staging);
        } catch (IOException e) {
            throw new StorageException("moving the migrated store into " + dir + " failed: " + e.getMessage()
                    + " (the copy is in " + staging + ", the H2 files in " + dir.resolve("h2-backup") + ")", e);
        }
        return counts;
    }

    private static List<TableCount> copy(Connection h2, Database target, Consumer<String> progress)
            throws SQLException {
        List<String> present = new ArrayList<>();
        try (ResultSet rs = h2.getMetaData().getTables(null, null, "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                present.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        List<TableCount> counts = new ArrayList<>();
        for (String table : TABLES) {
            if (!present.contains(table)) {
                continue;
            }
            long copied = copyTable(h2, target, table, progress);
            long h2Rows = count(h2, table);
            long sqliteRows = target.jdbc().read("counting " + table, c -> count(c, table));
            progress.accept(table + ": " + copied + " rows");
            counts.add(new TableCount(table, h2Rows, sqliteRows));
        }
        // 0.1 credentials predate key ids (V8): give them the ids the V8 migration gives existing keys.
        target.jdbc().transaction("naming copied API keys", c -> Jdbc.update(c,
                "UPDATE credentials SET id = 'key_' || substr(token_hash, 1, 16) WHERE id IS NULL"));
        return counts;
    }

    private static long copyTable(Connection h2, Database target, String table, Consumer<String> progress)
            throws SQLException {
        long copied = 0;
        try (Statement s = h2.createStatement()) {
            s.setFetchSize(ROWS_PER_TRANSACTION);
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    columns.add(md.getColumnLabel(i).toLowerCase());
                }
                String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                        + "?,".repeat(n - 1) + "?)";
                List<Object[]> batch = new ArrayList<>(ROWS_PER_TRANSACTION);
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 1; i <= n; i++) {
                        row[i - 1] = rs.getObject(i);
                    }
                    batch.add(row);
                    if (batch.size() == ROWS_PER_TRANSACTION) {
                        copied += write(target, table, insert, batch);
                        batch.clear();
                    }
                }
                copied += write(target, table, insert, batch);
            }
        }
        return copied;
    }

    private static long write(Database target, String table, String insert, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        return target.jdbc().transaction("copying " + rows.size() + " rows of " + table, c -> {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        Object v = row[i];
                        if (v instanceof java.sql.Blob b) {
                            v = b.getBytes(1, (int) b.length());
                        } else if (v instanceof java.sql.Clob cl) {
                            v = cl.getSubString(1, (int) cl.length());
                        }
                        ps.setObject(i + 1, v);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return (long) rows.size();
        });
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection openH2(Path dir, Path h2Jars) throws SQLException {
        Driver driver = h2Driver(h2Jars);
        Properties props = new Properties();
        props.setProperty("user", "sa");
        props.setProperty("password", "");
        // The settings the 0.1 node opened it with, so names and types read back the same.
        String url = "jdbc:h2:file:" + dir.resolve("merchantry") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                + ";DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE";
        Connection c = driver.connect(url, props);
        if (c == null) {
            throw new SQLException("the H2 driver refused " + url);
        }
        return c;
    }

    private static Driver h2Driver(Path h2Jars) {
        ClassLoader loader = H2Migration.class.getClassLoader();
        try {
            return (Driver) Class.forName("org.h2.Driver", true, loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError notOnClassPath) {
            // The usual case in a distribution: the driver lives apart from the node's libraries.
        }
        List<URL> jars = new ArrayList<>();
        if (h2Jars != null && Files.isDirectory(h2Jars)) {
            try (Stream<Path> files = Files.list(h2Jars)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                    jars.add(f.toUri().toURL());
                }
            } catch (IOException e) {
                throw new StorageException("cannot list " + h2Jars + ": " + e.getMessage(), e);
            }
        }
        if (jars.isEmpty()) {
            throw new StorageException("the H2 driver is missing: expected h2-*.jar in " + h2Jars, null);
        }
        try {
            URLClassLoader h2Loader = new URLClassLoader(jars.toArray(URL[]::new), loader);
            return (Driver) Class.forName("org.h2.Driver", true, h2Loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new StorageException("cannot load the H2 driver from " + h2Jars + ": " + e, e);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new StorageException("cannot remove " + path + ": " + e.getMessage(), e);
        }
    }
}
