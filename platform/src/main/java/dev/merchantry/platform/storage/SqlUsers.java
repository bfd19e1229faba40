package dev.merchantry.platform.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL console accounts and sessions (hashes only). */
final class SqlUsers implements UserRepository {

    private final Jdbc jdbc;

    SqlUsers(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void create(User user) {
        jdbc.transaction("storing user " + user.email(), c -> {
            Jdbc.update(c, "INSERT INTO users (email, password_hash, admin, created_at) VALUES (?, ?, ?, ?)",
                    user.email(), user.passwordHash(), user.admin(), user.createdAt());
            for (String shop : user.shops()) {
                Jdbc.update(c, "INSERT INTO user_shops (email, shop_id) VALUES (?, ?)", user.email(), shop);
            }
            return null;
        });
    }

    @Override
    public Optional<User> find(String email) {
        return jdbc.read("reading user " + email, c -> {
            List<User> users = read(c, "SELECT * FROM users WHERE email = ?", email);
            return users.isEmpty() ? Optional.<User>empty() : Optional.of(users.get(0));
        });
    }

    @Override
    public List<User> list() {
        return jdbc.read("listing users", c -> read(c, "SELECT * FROM users ORDER BY email"));
    }

    /** Users of a query with their shops (one extra query for all of them). */
    private static List<User> read(Connection c, String sql, Object... args) throws SQLException {
        record Row(String email, String hash, boolean admin, Instant created) {
        }
        List<Row> rows = Jdbc.query(c, sql, rs -> new Row(rs.getString("email"), rs.getString("password_hash"),
                rs.getBoolean("admin"), Jdbc.instant(rs, "created_at")), args);
        Map<String, List<String>> shops = new LinkedHashMap<>();
        rows.forEach(r -> shops.put(r.email(), new ArrayList<>()));
        if (!rows.isEmpty()) {
            String where = rows.size() == 1 ? " WHERE email = ?" : "";
            Object[] whereArgs = rows.size() == 1 ? new Object[] {rows.get(0).email()} : new Object[0];
            Jdbc.query(c, "SELECT email, shop_id FROM user_shops" + where + " ORDER BY shop_id", rs -> {
                List<String> list = shops.get(rs.getString(1));
                if (list != null) {
                    list.add(rs.getString(2));
                }
                return null;
            }, whereArgs);
        }
        return rows.stream().map(r -> new User(r.email(), r.hash(), r.admin(), shops.get(r.email()), r.created()))
                .toList();
    }

    @Override
    public boolean delete(String email) {
        return jdbc.transaction("deleting user " + email, c -> {
            Jdbc.update(c, "DELETE FROM sessions WHERE email = ?", email);
            Jdbc.update(c, "DELETE FROM user_shops WHERE email = ?", email);
            return Jdbc.update(c, "DELETE FROM users WHERE email = ?", email) > 0;
        });
    }

    @Override
    public void addSession(Session s) {
        jdbc.update("storing a session", "INSERT INTO sessions (token_hash, email, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?)", s.tokenHash(), s.email(), s.createdAt(), s.expiresAt());
    }

    @Override
    public Optional<SessionUser> findSession(String tokenHash, Instant now) {
        return jdbc.read("reading a session", c -> {
            List<Session> found = Jdbc.query(c, "SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?",
                    rs -> new Session(rs.getString("token_hash"), rs.getString("email"),
                            Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "expires_at")), tokenHash, now);
            if (found.isEmpty()) {
                return Optional.<SessionUser>empty();
            }
            List<User> user = read(c, "SELECT * FROM users WHERE email = ?", found.get(0).email());
            return user.isEmpty() ? Optional.<SessionUser>empty()
                    : Optional.of(new SessionUser(found.get(0), user.get(0)));
        });
    }

    @Override
    public void deleteSession(String tokenHash) {
        jdbc.update("deleting a session", "DELETE FROM sessions WHERE token_hash = ?", tokenHash);
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        return jdbc.update("deleting expired sessions", "DELETE FROM sessions WHERE expires_at <= ?", now);
    }
}
