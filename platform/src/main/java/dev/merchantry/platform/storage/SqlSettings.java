package dev.merchantry.platform.storage;

import java.util.Optional;

/** SQL settings: upsert by delete + insert in one transaction (portable across SQLite and PostgreSQL). */
final class SqlSettings implements SettingsRepository {
    private final Jdbc jdbc;

    SqlSettings(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> get(String scope, String key) {
        return jdbc.one("reading setting " + key, "SELECT value_json FROM settings WHERE scope = ? AND name = ?",
                rs -> rs.getString(1), scope, key);
    }

    @Override
    public void put(String scope, String key, String valueJson) {
        jdbc.transaction("storing setting " + key, c -> {
            Jdbc.update(c, "DELETE FROM settings WHERE scope = ? AND name = ?", scope, key);
            return Jdbc.update(c, "INSERT INTO settings (scope, name, value_json) VALUES (?, ?, ?)", scope, key, valueJson);
        });
    }

    @Override
    public String putIfAbsent(String scope, String key, String valueJson) {
        jdbc.update("storing setting " + key, "INSERT INTO settings (scope, name, value_json) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", scope, key, valueJson);
        return get(scope, key).orElseThrow(() -> new StorageException("setting " + key + " vanished", null));
    }
}
