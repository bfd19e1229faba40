package dev.merchantry.platform.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** SQL shops. */
final class SqlShops implements ShopRepository {
    private final Jdbc jdbc;

    SqlShops(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Shop create(String id, String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            jdbc.update("creating shop " + id, "INSERT INTO shops (id, name, created_at) VALUES (?, ?, ?)", id, name, now);
        } catch (DuplicateKeyException e) {
            throw new DuplicateKeyException("shop '" + id + "' already exists", e.getCause());
        }
        return new Shop(id, name, now);
    }

    @Override
    public Optional<Shop> find(String id) {
        return jdbc.one("reading shop " + id, "SELECT id, name, created_at FROM shops WHERE id = ?",
                rs -> new Shop(rs.getString("id"), rs.getString("name"), Jdbc.instant(rs, "created_at")), id);
    }

    @Override
    public List<Shop> list() {
        return jdbc.query("listing shops", "SELECT id, name, created_at FROM shops ORDER BY id",
                rs -> new Shop(rs.getString("id"), rs.getString("name"), Jdbc.instant(rs, "created_at")));
    }
}
