package dev.merchantry.platform.storage;

import java.nio.file.Path;

/** Exactly one of {@code dataDir} (embedded H2 file database) or {@code jdbcUrl} (PostgreSQL, or H2 in tests). */
public record DatabaseOptions(Path dataDir, String jdbcUrl, String user, String password, int maxPoolSize) {

    public static DatabaseOptions embedded(Path dataDir) {
        return new DatabaseOptions(dataDir, null, "sa", "", 10);
    }

    public static DatabaseOptions url(String jdbcUrl, String user, String password) {
        return new DatabaseOptions(null, jdbcUrl, user, password, 10);
    }
}
