package dev.merchantry.platform.storage;

import java.util.Optional;

/** Small key/value settings per scope ("global" or a shop id); values are JSON text. */
public interface SettingsRepository {
    Optional<String> get(String scope, String key);

    void put(String scope, String key, String valueJson);

    /** Stores the value unless the key already has one (also under concurrent callers); returns the stored value. */
    String putIfAbsent(String scope, String key, String valueJson);
}
