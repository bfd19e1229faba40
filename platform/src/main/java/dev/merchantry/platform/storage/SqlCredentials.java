package dev.merchantry.platform.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL credentials (hashes only). */
final class SqlCredentials implements CredentialRepository {
    private static final String INSERT = "INSERT INTO credentials (id, token_hash, role, shop_id, label, scopes,"
            + " created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final Jdbc jdbc;

    SqlCredentials(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(Credential c) {
        jdbc.update("storing a credential", INSERT, args(c));
    }

    @Override
    public boolean addShopKey(Credential key, int maxPerShop) {
        return jdbc.transaction("storing an API key of shop " + key.shopId(), c -> {
            int count = Jdbc.query(c, "SELECT COUNT(*) FROM credentials WHERE shop_id = ? AND role = 'SHOP'",
                    rs -> rs.getInt(1), key.shopId()).get(0);
            if (count >= maxPerShop) {
                return false;
            }
            Jdbc.update(c, INSERT, args(key));
            return true;
        });
    }

    private static Object[] args(Credential c) {
        return new Object[] {c.id(), c.tokenHash(), c.role(), c.shopId(), c.label(), Credential.Scope.format(c.scopes()),
                c.createdAt(), c.lastUsedAt()};
    }

    @Override
    public Optional<Credential> findByHash(String tokenHash) {
        return jdbc.one("reading a credential", "SELECT * FROM credentials WHERE token_hash = ?",
                SqlCredentials::read, tokenHash);
    }

    @Override
    public List<Credential> listShopKeys(String shopId) {
        return jdbc.query("listing the API keys of shop " + shopId, "SELECT * FROM credentials"
                + " WHERE shop_id = ? AND role = 'SHOP' ORDER BY created_at, id", SqlCredentials::read, shopId);
    }

    @Override
    public boolean deleteShopKey(String shopId, String id) {
        return jdbc.update("revoking API key " + id, "DELETE FROM credentials WHERE shop_id = ? AND id = ?"
                + " AND role = 'SHOP'", shopId, id) > 0;
    }

    @Override
    public void touch(String id, Instant at, Instant notBefore) {
        jdbc.update("recording the use of API key " + id, "UPDATE credentials SET last_used_at = ? WHERE id = ?"
                + " AND (last_used_at IS NULL OR last_used_at < ?)", at, id, notBefore);
    }

    private static Credential read(ResultSet rs) throws SQLException {
        Credential.Role role = Credential.Role.valueOf(rs.getString("role"));
        return new Credential(rs.getString("id"), rs.getString("token_hash"), role, rs.getString("shop_id"),
                rs.getString("label"), role == Credential.Role.SHOP ? Credential.Scope.parseAll(rs.getString("scopes"))
                : java.util.Set.of(), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "last_used_at"));
    }

    @Override
    public boolean anyAdmin() {
        return !jdbc.query("checking for an admin", "SELECT 1 FROM credentials WHERE role = 'ADMIN'",
                rs -> 1).isEmpty();
    }

    @Override
    public void removeAdmins() {
        jdbc.update("removing admin credentials", "DELETE FROM credentials WHERE role = 'ADMIN'");
    }
}
