package dev.merchantry.platform.storage;

import java.nio.file.Path;

/**
 * Exactly one of {@code dataDir} (the embedded SQLite database {@value Database#EMBEDDED_FILE} in that directory)
 * or {@code jdbcUrl} (PostgreSQL); {@code maxPoolSize} sizes the PostgreSQL pool.
 */
public record DatabaseOptions(Path dataDir, String jdbcUrl, String user, String password, int maxPoolSize) {

    public static DatabaseOptions embedded(Path dataDir) {
        return new DatabaseOptions(dataDir, null, null, null, 10);
    }

    public static DatabaseOptions url(String jdbcUrl, String user, String password) {
        return new DatabaseOptions(null, jdbcUrl, user, password, 10);
    }
}
