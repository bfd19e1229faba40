package dev.merchantry.platform.storage;

/** Whether the database could commit just now, and if not, why (for {@code /health}). */
public record DatabaseHealth(boolean up, String reason) {

    public static final DatabaseHealth UP = new DatabaseHealth(true, null);

    public static DatabaseHealth down(String reason) {
        return new DatabaseHealth(false, reason == null ? "unknown database error" : reason);
    }
}
