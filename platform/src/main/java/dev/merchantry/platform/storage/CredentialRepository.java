package dev.merchantry.platform.storage;

import java.util.Optional;

/** Hashed bearer credentials. */
public interface CredentialRepository {
    void add(Credential credential);

    Optional<Credential> findByHash(String tokenHash);

    boolean anyAdmin();

    /** Used when MERCHANTRY_ADMIN_TOKEN replaces a generated admin token. */
    void removeAdmins();
}
