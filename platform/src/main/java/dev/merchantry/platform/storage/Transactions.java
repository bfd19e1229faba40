package dev.merchantry.platform.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Read and write transactions for SQL kept outside this package (the materialized profiles), so that it goes
 * through the same write path as the repositories: on the embedded database, the single group-committing writer.
 */
public final class Transactions {

    /** Work inside a transaction; it must not commit or roll back the connection itself. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Jdbc jdbc;

    Transactions(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs {@code work} as a write transaction; returns once it is committed and durable. */
    public <T> T write(String what, Work<T> work) {
        return jdbc.transaction(what, work::run);
    }

    /** Runs {@code work} in a read-only transaction that sees one consistent state. */
    public <T> T read(String what, Work<T> work) {
        return jdbc.read(what, work::run);
    }
}
