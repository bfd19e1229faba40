package dev.merchantry.platform.storage;

import java.time.Instant;

/**
 * SQL login attempts. The count is one upsert with {@code RETURNING}, which both PostgreSQL and SQLite (3.35+) run
 * atomically: PostgreSQL locks the conflicting row, SQLite has a single writer.
 */
final class SqlLoginAttempts implements LoginAttemptRepository {

    private final Jdbc jdbc;

    SqlLoginAttempts(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public int increment(String subject, Instant window) {
        return jdbc.transaction("counting a login attempt", c -> Jdbc.query(c,
                "INSERT INTO login_attempts (subject, window_start, attempts) VALUES (?, ?, 1)"
                        + " ON CONFLICT (subject, window_start) DO UPDATE SET attempts = login_attempts.attempts + 1"
                        + " RETURNING attempts", rs -> rs.getInt(1), subject, window).get(0));
    }

    @Override
    public int incrementWithPrevious(String subject, Instant window, Instant previous) {
        return jdbc.transaction("counting a login attempt", c -> {
            int now = Jdbc.query(c, "INSERT INTO login_attempts (subject, window_start, attempts) VALUES (?, ?, 1)"
                    + " ON CONFLICT (subject, window_start) DO UPDATE SET attempts = login_attempts.attempts + 1"
                    + " RETURNING attempts", rs -> rs.getInt(1), subject, window).get(0);
            java.util.List<Integer> before = Jdbc.query(c, "SELECT attempts FROM login_attempts WHERE subject = ?"
                    + " AND window_start = ?", rs -> rs.getInt(1), subject, previous);
            return now + (before.isEmpty() ? 0 : before.get(0));
        });
    }

    @Override
    public void decrement(String subject, Instant window) {
        jdbc.update("taking back a login attempt", "UPDATE login_attempts SET attempts = attempts - 1"
                + " WHERE subject = ? AND window_start = ? AND attempts > 0", subject, window);
    }

    @Override
    public int deleteBefore(Instant before) {
        return jdbc.update("purging old login attempts", "DELETE FROM login_attempts WHERE window_start < ?", before);
    }
}
