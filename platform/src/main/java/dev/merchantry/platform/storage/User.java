package dev.merchantry.platform.storage;

import java.time.Instant;
import java.util.List;

/**
 * A console account. {@code email} is the lower-cased login; {@code passwordHash} a self-describing PBKDF2 string
 * (never the password); a non-admin reaches only {@code shops}.
 */
public record User(String email, String passwordHash, boolean admin, List<String> shops, Instant createdAt) {
    public User {
        shops = List.copyOf(shops);
    }
}
