package dev.merchantry.platform.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Owns the connection pool and migrates the schema on open; the single entry point to storage. All repository
 * calls are blocking JDBC: callers run them on worker threads, never on an event loop.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final boolean postgres;
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
    private final PricingRepository pricing;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.postgres = dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
        this.jdbc = new Jdbc(dataSource, dataSource.getJdbcUrl().startsWith("jdbc:h2:"));
        this.shops = new SqlShops(jdbc);
        this.credentials = new SqlCredentials(jdbc);
        this.bindings = new SqlBindings(jdbc);
        this.models = new SqlModels(jdbc);
        this.jobs = new SqlJobs(jdbc);
        this.settings = new SqlSettings(jdbc, postgres);
        this.events = new SqlEvents(jdbc, postgres);
        this.catalog = new SqlCatalog(jdbc);
        this.views = new SqlCommerceViews(jdbc);
        this.users = new SqlUsers(jdbc);
        this.pricing = new SqlPricing(jdbc);
    }

    /** Opens (creating the embedded database and its directory if needed) and migrates. */
    public static Database open(DatabaseOptions options) {
        String url;
        if (options.jdbcUrl() != null) {
            url = options.jdbcUrl();
        } else {
            Path dir = options.dataDir().toAbsolutePath();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StorageException("cannot create data directory " + dir + ": " + e.getMessage(), e);
            }
            // PostgreSQL mode keeps one SQL dialect for both databases. H2's background writer (WRITE_DELAY > 0) is
            // what compacts the file: with WRITE_DELAY=0 it never runs and bulk ingestion grew the file by ~12 KB
            // per event. Durability does not rest on it: every write transaction ends with CHECKPOINT SYNC (see
            // Jdbc). RETENTION_TIME stays at H2's default (45 s): a process killed while the background writer is
            // mid-chunk reopens from the previous complete chunk, and with a 1 s retention that chunk's space could
            // already be reused ("Chunk … not found" after kill -9, seen once in KillNineDurabilityTest).
            url = "jdbc:h2:file:" + dir.resolve("merchantry") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                    + ";DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=100";
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(options.user());
        config.setPassword(options.password());
        config.setMaximumPoolSize(options.maxPoolSize());
        config.setPoolName("merchantry-db");
        config.setInitializationFailTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new StorageException("cannot connect to " + redact(url) + ": " + root.getMessage(), e);
        }
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new StorageException("database migration failed on " + redact(url) + ": " + e.getMessage(), e);
        }
        return new Database(ds);
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return postgres;
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

    public PricingRepository pricing() {
        return pricing;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
