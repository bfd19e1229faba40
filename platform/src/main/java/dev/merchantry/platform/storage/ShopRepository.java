package dev.merchantry.platform.storage;

import java.util.List;
import java.util.Optional;

/** Shops. */
public interface ShopRepository {
    /** @throws DuplicateKeyException if the id exists */
    Shop create(String id, String name);

    Optional<Shop> find(String id);

    List<Shop> list();
}
