package dev.merchantry.platform.storage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Write transactions on a pooled connection of a server database (PostgreSQL), which handles concurrent writers
 * itself and makes a commit durable before it returns ({@code synchronous_commit} on, its default).
 */
final class PooledWrites implements WriteChannel {

    private final DataSource dataSource;
    private volatile String lastError;

    PooledWrites(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> T write(String what, Jdbc.InTransaction<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
            } catch (Jdbc.Rollback r) {
                c.rollback();
                @SuppressWarnings("unchecked")
                T value = (T) r.result();
                return value;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            try {
                c.commit();
                lastError = null;
            } catch (SQLException e) {
                lastError = "commit failed: " + e.getMessage();
                throw e;
            }
            return result;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                lastError = "connection failed: " + e.getMessage();
            }
            throw Jdbc.translate(what, e);
        }
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        // The pool belongs to the Database.
    }
}
