package dev.merchantry.platform.storage;

/** A bearer credential, stored only as the SHA-256 hex of the token (tokens carry 256 random bits). */
public record Credential(String tokenHash, Role role, String shopId, String label, java.time.Instant createdAt) {
    /**
     * Admins reach everything; a shop key reaches only its shop. {@code USER} is never stored as a credential: it
     * is the role of a merchant's console session, which reaches the shops assigned to the user.
     */
    public enum Role { ADMIN, SHOP, USER }
}
