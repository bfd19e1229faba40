package dev.merchantry.platform.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (embedded binary) for every PostgreSQL test class of the JVM, started on first use and
 * stopped at exit: starting one takes seconds, and tests isolate themselves with unique shop ids (repository tests)
 * or a database of their own (tests of whole nodes, {@link #newDatabase}).
 */
public final class SharedPostgres {

    /** User and password of the embedded server. */
    public static final String USER = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private SharedPostgres() {
    }

    static synchronized Database open() {
        start();
        return Database.open(DatabaseOptions.url(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres"));
    }

    /**
     * Creates an empty database on the shared server and returns its JDBC URL (user and password {@link #USER}), for
     * a node under test whose assertions cover the whole database (e.g. "no shop was created").
     */
    public static synchronized String newDatabase(String prefix) {
        start();
        String name = prefix.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_"
                + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return postgres.getJdbcUrl(USER, name);
    }

    private static void start() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }, "embedded-postgres-stop"));
        }
    }
}
