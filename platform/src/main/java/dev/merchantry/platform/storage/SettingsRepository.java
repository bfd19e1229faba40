package dev.merchantry.platform.storage;

import java.util.Optional;

/** Small key/value settings per scope ("global" or a shop id); values are JSON text. */
public interface SettingsRepository {
    Optional<String> get(String scope, String key);

    void put(String scope, String key, String valueJson);
}
