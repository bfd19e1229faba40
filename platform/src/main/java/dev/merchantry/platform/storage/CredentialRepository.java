package dev.merchantry.platform.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hashed bearer credentials: the admin token and the shops' API keys. */
public interface CredentialRepository {
    void add(Credential credential);

    /**
     * Stores a shop key unless the shop already has {@code maxPerShop} keys; returns whether it was stored. The count
     * and the insert share one transaction.
     */
    boolean addShopKey(Credential key, int maxPerShop);

    Optional<Credential> findByHash(String tokenHash);

    /** The shop's API keys, oldest first. */
    List<Credential> listShopKeys(String shopId);

    /** Deletes one of the shop's keys; false if the shop has no key with this id. */
    boolean deleteShopKey(String shopId, String id);

    /**
     * Records that key {@code id} was used at {@code at}, unless a use at or after {@code notBefore} is recorded
     * already (so nodes touching the same key within a minute write nothing).
     */
    void touch(String id, Instant at, Instant notBefore);

    boolean anyAdmin();

    /** Used when MERCHANTRY_ADMIN_TOKEN replaces a generated admin token. */
    void removeAdmins();
}
