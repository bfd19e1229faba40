package dev.merchantry.platform.storage;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * V8 on a database written by V7: existing shop keys keep working with scope {@code manage}, get an id, and the admin
 * token stays an admin token. Both engines, since each has its own migration file.
 */
class KeyMigrationTest {

    private static final String SHOP_HASH = "ab".repeat(32);
    private static final String ADMIN_HASH = "cd".repeat(32);

    @TempDir
    Path dir;

    @Test
    void sqliteKeysBecomeManageKeys() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve(Database.EMBEDDED_FILE);
        seedV7(url, null, null, "classpath:db/sqlite");
        try (Database db = Database.open(DatabaseOptions.embedded(dir))) {
            check(db);
        }
    }

    @Test
    void postgresKeysBecomeManageKeys() throws Exception {
        String url = SharedPostgres.newDatabase("keys_v7");
        seedV7(url, SharedPostgres.USER, SharedPostgres.USER, "classpath:db/postgresql");
        try (Database db = Database.open(DatabaseOptions.url(url, SharedPostgres.USER, SharedPostgres.USER))) {
            check(db);
        }
    }

    private static void seedV7(String url, String user, String password, String location) throws Exception {
        Flyway.configure().dataSource(url, user, password).locations(location).target("7").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.createStatement().execute("INSERT INTO shops (id, name, created_at) VALUES ('old', 'Old shop', 1000)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO credentials (token_hash, role, shop_id, label,"
                    + " created_at) VALUES (?, ?, ?, ?, 1000)")) {
                ps.setString(1, SHOP_HASH);
                ps.setString(2, "SHOP");
                ps.setString(3, "old");
                ps.setString(4, "default key");
                ps.executeUpdate();
                ps.setString(1, ADMIN_HASH);
                ps.setString(2, "ADMIN");
                ps.setString(3, null);
                ps.setString(4, "generated");
                ps.executeUpdate();
            }
        }
    }

    private static void check(Database db) {
        Credential key = db.credentials().findByHash(SHOP_HASH).orElseThrow();
        assertEquals(Set.of(Credential.Scope.MANAGE), key.scopes());
        assertEquals("key_" + SHOP_HASH.substring(0, 16), key.id(), "the id derives from the stored hash");
        assertNull(key.lastUsedAt());
        assertEquals(java.util.List.of(key.id()), db.credentials().listShopKeys("old").stream().map(Credential::id).toList());
        Credential admin = db.credentials().findByHash(ADMIN_HASH).orElseThrow();
        assertEquals(Credential.Role.ADMIN, admin.role());
        assertEquals(Set.of(), admin.scopes(), "admin tokens are not scoped");
    }
}
