package dev.merchantry.platform.storage;

import java.util.Optional;

/** SQL credentials (hashes only). */
final class SqlCredentials implements CredentialRepository {
    private final Jdbc jdbc;

    SqlCredentials(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(Credential c) {
        jdbc.update("storing a credential", "INSERT INTO credentials (token_hash, role, shop_id, label, created_at) "
                + "VALUES (?, ?, ?, ?, ?)", c.tokenHash(), c.role(), c.shopId(), c.label(), c.createdAt());
    }

    @Override
    public Optional<Credential> findByHash(String tokenHash) {
        return jdbc.one("reading a credential", "SELECT * FROM credentials WHERE token_hash = ?",
                rs -> new Credential(rs.getString("token_hash"), Credential.Role.valueOf(rs.getString("role")),
                        rs.getString("shop_id"), rs.getString("label"), Jdbc.instant(rs, "created_at")), tokenHash);
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
