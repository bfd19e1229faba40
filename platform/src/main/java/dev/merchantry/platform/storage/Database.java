package dev.merchantry.platform.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The single entry point to storage: opens the embedded SQLite database (default) or PostgreSQL, migrates the
 * schema, and hands out the repositories. All repository calls are blocking JDBC: callers run them on worker
 * threads, never on an event loop. Every write returns only once it is committed and durable.
 */
public final class Database implements AutoCloseable {

    /** The embedded database's file inside {@code --data-dir}. */
    public static final String EMBEDDED_FILE = "merchantry.db";
    /** The embedded database file of Merchantry 0.1 (H2), which {@code merchantry db migrate-h2} copies. */
    public static final String LEGACY_H2_FILE = "merchantry.mv.db";
    /** Read connections of the embedded database (WAL readers never block the writer nor each other). */
    private static final int EMBEDDED_READERS = 8;
    /** Page cache of the embedded writer connection, in KiB. */
    private static final int WRITER_CACHE_KIB = 128 * 1024;
    /** WAL pages (4 KiB) after which the writer checkpoints. */
    private static final int WAL_CHECKPOINT_PAGES = 16_384;
    /** How long an embedded connection waits for a lock held by another process before failing. */
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private final HikariDataSource readers;
    private final WriteChannel writes;
    private final boolean postgres;
    private final String description;
    private final Jdbc jdbc;
    private final ShopRepository shops;
    private final CredentialRepository credentials;
    private final BindingRepository bindings;
    private final ModelRepository models;
    private final JobRepository jobs;
    private final SettingsRepository settings;
    private final EventRepository events;
    private final CatalogRepository catalog;
    private final CommerceViews views;
    private final UserRepository users;
    private final LoginAttemptRepository loginAttempts;
    private final PricingRepository pricing;
    private final ExperimentRepository experiments;
    private final PerformanceRepository performance;
    private final ProfileRepository profiles;
    private final WebhookRepository webhooks;

    private Database(HikariDataSource readers, WriteChannel writes, boolean postgres, String description) {
        this.readers = readers;
        this.writes = writes;
        this.postgres = postgres;
        this.description = description;
        this.jdbc = new Jdbc(readers, writes);
        this.shops = new SqlShops(jdbc);
        this.credentials = new SqlCredentials(jdbc);
        this.bindings = new SqlBindings(jdbc);
        this.models = new SqlModels(jdbc);
        this.jobs = new SqlJobs(jdbc);
        this.settings = new SqlSettings(jdbc);
        this.events = new SqlEvents(jdbc, postgres);
        this.catalog = new SqlCatalog(jdbc);
        this.views = new SqlCommerceViews(jdbc);
        this.users = new SqlUsers(jdbc);
        this.loginAttempts = new SqlLoginAttempts(jdbc);
        this.pricing = new SqlPricing(jdbc);
        this.experiments = new SqlExperiments(jdbc);
        this.performance = new SqlPerformance(jdbc);
        this.profiles = new SqlProfiles(jdbc);
        this.webhooks = new SqlWebhooks(jdbc);
    }

    /**
     * Opens and migrates: PostgreSQL when {@code options.jdbcUrl()} is set, otherwise the embedded SQLite database
     * {@value #EMBEDDED_FILE} in {@code options.dataDir()} (created with its directory if needed).
     */
    public static Database open(DatabaseOptions options) {
        return options.jdbcUrl() != null ? openServer(options) : openEmbedded(options.dataDir());
    }

    private static Database openServer(DatabaseOptions options) {
        String url = options.jdbcUrl();
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StorageException("unsupported database URL " + redact(url)
                    + ": use a PostgreSQL URL (jdbc:postgresql://host:5432/db), or --data-dir for the embedded one", null);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(options.user());
        config.setPassword(options.password());
        config.setMaximumPoolSize(options.maxPoolSize());
        config.setPoolName("merchantry-db");
        config.setInitializationFailTimeout(10_000);
        HikariDataSource ds = pool(config, url);
        migrate(ds, "classpath:db/postgresql", url);
        return new Database(ds, new PooledWrites(ds), true, redact(url));
    }

    private static Database openEmbedded(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create data directory " + dir + ": " + e.getMessage(), e);
        }
        Path file = dir.resolve(EMBEDDED_FILE);
        if (Files.exists(dir.resolve(LEGACY_H2_FILE)) && !Files.exists(file)) {
            // Never start an old data dir empty: its data would look lost.
            throw new StorageException(dir + " holds an H2 database from Merchantry 0.1 (" + LEGACY_H2_FILE
                    + "); copy it into the new store first: merchantry db migrate-h2 --data-dir " + dataDir, null);
        }
        String url = "jdbc:sqlite:" + file;
        // WAL: readers see the last commit while the writer works. synchronous=FULL: a commit returns only after
        // the WAL is fsynced, which is what makes an acknowledged write survive kill -9 and power loss.
        SQLiteConfig base = new SQLiteConfig();
        base.setJournalMode(SQLiteConfig.JournalMode.WAL);
        base.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        base.enforceForeignKeys(true);
        base.setBusyTimeout(BUSY_TIMEOUT_MS);
        base.setTempStore(SQLiteConfig.TempStore.MEMORY);
        SQLiteDataSource migrations = new SQLiteDataSource(base);
        migrations.setUrl(url);
        migrate(migrations, "classpath:db/sqlite", url);
        // The writer gets a large page cache: index pages of a shop's events stay in memory across batches
        // (SQLite's 2 MB default made every random idempotency-key insert a read from the file).
        SQLiteConfig writing = new SQLiteConfig(base.toProperties());
        writing.setCacheSize(-WRITER_CACHE_KIB);
        Connection writer;
        try {
            writer = writing.createConnection(url);
            try (java.sql.Statement pragma = writer.createStatement()) {
                // Checkpoint (copy the WAL into the database file, with its own fsync) every 64 MiB of WAL instead
                // of every 4 MiB: bulk ingestion spent a large share of its time in checkpoints.
                pragma.execute("PRAGMA wal_autocheckpoint=" + WAL_CHECKPOINT_PAGES);
                pragma.execute("PRAGMA journal_size_limit=" + (WAL_CHECKPOINT_PAGES * 4096L));
            }
            writer.setAutoCommit(false);
        } catch (SQLException e) {
            throw new StorageException("cannot open " + file + ": " + e.getMessage(), e);
        }
        WriteChannel writes = null;
        HikariDataSource readers = null;
        try {
            writes = new GroupCommitWriter(writer, "merchantry-db-writer");
            SQLiteConfig read = new SQLiteConfig(base.toProperties());
            read.setReadOnly(true);
            SQLiteDataSource readSource = new SQLiteDataSource(read);
            readSource.setUrl(url);
            HikariConfig config = new HikariConfig();
            config.setDataSource(readSource);
            config.setMaximumPoolSize(EMBEDDED_READERS);
            config.setReadOnly(true);
            config.setPoolName("merchantry-db-readers");
            config.setInitializationFailTimeout(10_000);
            readers = pool(config, url);
            return new Database(readers, writes, false, file.toString());
        } catch (RuntimeException e) {
            if (writes != null) {
                writes.close();
            } else {
                try {
                    writer.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            if (readers != null) {
                readers.close();
            }
            throw e instanceof StorageException ? e
                    : new StorageException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(HikariConfig config, String url) {
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new StorageException("cannot connect to " + redact(url) + ": " + root.getMessage(), e);
        }
    }

    private static void migrate(DataSource ds, String location, String url) {
        try {
            Flyway.configure().dataSource(ds).locations(location).javaMigrations(new ImpressionRowsToBlocks())
                    .load().migrate();
        } catch (RuntimeException e) {
            if (ds instanceof HikariDataSource h) {
                h.close();
            }
            throw new StorageException("database migration failed on " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    /** The JDBC plumbing, for work inside this package that is not a repository's (the H2 copy). */
    Jdbc jdbc() {
        return jdbc;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** The database file (embedded) or the redacted URL (PostgreSQL), for logs and errors. */
    public String description() {
        return description;
    }

    /**
     * Whether the database can commit now: writes a probe row through the normal write path (so it waits behind,
     * and fails like, real writes) within {@code timeoutMillis}.
     */
    public DatabaseHealth checkHealth(String node, long timeoutMillis) {
        CompletableFuture<Void> probe = CompletableFuture.runAsync(() ->
                jdbc.update("probing the database", "INSERT INTO health_probe (node, at) VALUES (?, ?)"
                        + " ON CONFLICT (node) DO UPDATE SET at = excluded.at", node, System.currentTimeMillis()));
        try {
            probe.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return DatabaseHealth.UP;
        } catch (TimeoutException e) {
            String last = jdbc.lastWriteError();
            return DatabaseHealth.down("no commit within " + timeoutMillis + " ms" + (last == null ? "" : ": " + last));
        } catch (ExecutionException e) {
            return DatabaseHealth.down(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DatabaseHealth.down("interrupted");
        }
    }

    /** {@code PRAGMA integrity_check} (embedded) — the problems found, empty when the file is sound. */
    public List<String> integrityProblems() {
        if (postgres) {
            return List.of();
        }
        List<String> rows = jdbc.query("checking integrity", "PRAGMA integrity_check", rs -> rs.getString(1));
        return rows.equals(List.of("ok")) ? List.of() : rows;
    }

    public ShopRepository shops() {
        return shops;
    }

    public CredentialRepository credentials() {
        return credentials;
    }

    public BindingRepository bindings() {
        return bindings;
    }

    public ModelRepository models() {
        return models;
    }

    public JobRepository jobs() {
        return jobs;
    }

    public SettingsRepository settings() {
        return settings;
    }

    public EventRepository events() {
        return events;
    }

    public CatalogRepository catalog() {
        return catalog;
    }

    public CommerceViews views() {
        return views;
    }

    public UserRepository users() {
        return users;
    }

    public LoginAttemptRepository loginAttempts() {
        return loginAttempts;
    }

    public PricingRepository pricing() {
        return pricing;
    }

    public ExperimentRepository experiments() {
        return experiments;
    }

    public PerformanceRepository performance() {
        return performance;
    }

    public ProfileRepository profiles() {
        return profiles;
    }

    public WebhookRepository webhooks() {
        return webhooks;
    }

    /**
     * Stores the notices of changes ({@link Notices#withChange}) with {@code recorder} in the changes' transactions;
     * null stops storing them.
     */
    public void recordNoticesWith(Notices.Recorder recorder) {
        jdbc.recordNoticesWith(recorder);
    }

    /** Stores notices in a transaction of their own, for a change made in several transactions (an erasure). */
    public void recordNotices(List<Notices.Notice> notices) {
        if (!notices.isEmpty()) {
            Notices.withChange(none -> notices, () -> jdbc.transaction("storing " + notices.size() + " notices",
                    c -> null));
        }
    }

    @Override
    public void close() {
        writes.close();
        readers.close();
    }
}
