package dev.merchantry.platform.storage;

import java.time.Instant;

/** A console login, stored as the SHA-256 hex of its bearer token; useless after {@code expiresAt}. */
public record Session(String tokenHash, String email, Instant createdAt, Instant expiresAt) {
}
