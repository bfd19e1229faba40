package dev.merchantry.platform.storage;

import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain-JDBC plumbing shared by the repositories: statements, transactions and error translation. */
final class Jdbc {

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface InTransaction<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Thrown inside a write transaction to undo its changes and still answer {@code result} (e.g. "the state had
     * changed"): a transaction may share its commit with others, so it must not call {@code rollback()} itself.
     */
    static final class Rollback extends RuntimeException {
        private final transient Object result;

        Rollback(Object result) {
            super(null, null, false, false);
            this.result = result;
        }

        Object result() {
            return result;
        }
    }

    private final DataSource readers;
    private final WriteChannel writes;
    /** Where the notices of a change go inside its transaction ({@link Notices}); null stores none. */
    private volatile Notices.Recorder recorder;

    Jdbc(DataSource readers, WriteChannel writes) {
        this.readers = readers;
        this.writes = writes;
    }

    /** A write transaction: when it returns, its changes are committed and on disk. */
    <T> T transaction(String what, InTransaction<T> work) {
        java.util.function.Function<Object, List<Notices.Notice>> notices = Notices.take();
        Notices.Recorder to = recorder;
        if (notices == null || to == null) {
            return writes.write(what, work);
        }
        int[] stored = {0};
        T result = writes.write(what, c -> {
            T value = work.run(c);
            List<Notices.Notice> made = notices.apply(value);
            stored[0] = made.isEmpty() ? 0
                    : SqlWebhooks.enqueue(c, to.deliveries(made, shop -> SqlWebhooks.list(c, shop)));
            return value;
        });
        if (stored[0] > 0) {
            to.stored(stored[0]);
        }
        return result;
    }

    void recordNoticesWith(Notices.Recorder recorder) {
        this.recorder = recorder;
    }

    /** A read-only transaction: its queries see one consistent state. */
    <T> T read(String what, InTransaction<T> work) {
        try (Connection c = readers.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw translate(what, e);
        }
    }

    /** Why the last commit failed, or null while commits succeed. */
    String lastWriteError() {
        return writes.lastError();
    }

    <T> List<T> query(String what, String sql, RowMapper<T> mapper, Object... args) {
        return read(what, c -> query(c, sql, mapper, args));
    }

    <T> Optional<T> one(String what, String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(what, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * Streams the rows of a query to {@code consumer} with a fetch size, so large results (a shop's whole history)
     * are never held in memory at once; PostgreSQL streams only inside a transaction, which this opens.
     */
    void forEach(String what, String sql, RowConsumer consumer, Object... args) {
        read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(2000);
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(rs);
                    }
                }
            }
            return null;
        });
    }

    int update(String what, String sql, Object... args) {
        return transaction(what, c -> update(c, sql, args));
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect(c, sql))) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    /**
     * Row locks ({@code FOR UPDATE}) exist only on PostgreSQL; on SQLite the single writer connection already runs
     * write transactions one after another, which is all the lock is for.
     */
    static String dialect(Connection c, String sql) {
        return c instanceof SQLiteConnection && sql.endsWith(" FOR UPDATE")
                ? sql.substring(0, sql.length() - " FOR UPDATE".length()) : sql;
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof Instant t) {
                ps.setLong(i + 1, t.toEpochMilli());
            } else if (a instanceof Enum<?> e) {
                ps.setString(i + 1, e.name());
            } else if (a instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }

    static StorageException translate(String what, SQLException e) {
        if ("23505".equals(e.getSQLState()) || e instanceof SQLiteException se
                && (se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                || se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
            return new DuplicateKeyException(what + ": already exists", e);
        }
        return new StorageException(what + " failed: " + e.getMessage(), e);
    }
}
