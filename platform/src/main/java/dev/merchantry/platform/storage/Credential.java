package dev.merchantry.platform.storage;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A bearer credential, stored only as the SHA-256 hex of the token (tokens carry 256 random bits): the admin token,
 * or one of a shop's API keys with its scopes.
 *
 * @param id         public id of the key (names it in {@code /api/v1/shops/{shop}/keys/{id}}); not a secret
 * @param scopes     what a shop key may do; empty for admin tokens, which are not scoped
 * @param lastUsedAt when the key last authenticated a request (updated at most about once a minute), or null
 */
public record Credential(String id, String tokenHash, Role role, String shopId, String label, Set<Scope> scopes,
                         Instant createdAt, Instant lastUsedAt) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Admins reach everything; a shop key reaches only its shop. {@code USER} is never stored as a credential: it
     * is the role of a merchant's console session, which reaches the shops assigned to the user.
     */
    public enum Role { ADMIN, SHOP, USER }

    /**
     * What a shop API key may do. Each scope includes the ones before it: {@code read} calls GET routes,
     * {@code ingest} also writes the shop's data (events, products, inventory, imports), {@code manage} does
     * everything the shop may do (bindings, training, settings, keys, …).
     */
    public enum Scope {
        READ, INGEST, MANAGE;

        /** The name used in JSON, URLs and the database. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether a key holding this scope may do what {@code needed} allows. */
        public boolean includes(Scope needed) {
            return compareTo(needed) >= 0;
        }

        public static Optional<Scope> parse(String value) {
            for (Scope s : values()) {
                if (s.wireName().equals(value)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        /** {@code "read,ingest"} → the set; unknown names are ignored (the API validates before storing). */
        public static Set<Scope> parseAll(String csv) {
            Set<Scope> out = EnumSet.noneOf(Scope.class);
            if (csv != null) {
                for (String part : csv.split(",")) {
                    parse(part.trim()).ifPresent(out::add);
                }
            }
            return out;
        }

        public static String format(Set<Scope> scopes) {
            return scopes.stream().sorted().map(Scope::wireName).collect(Collectors.joining(","));
        }
    }

    public Credential {
        scopes = scopes == null || scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** A new credential with a generated id; a shop key gets {@code manage} (full power), as before scopes existed. */
    public Credential(String tokenHash, Role role, String shopId, String label, Instant createdAt) {
        this(newId(), tokenHash, role, shopId, label, role == Role.SHOP ? Set.of(Scope.MANAGE) : Set.of(), createdAt,
                null);
    }

    /** A new public key id: {@code key_} and 16 random hex digits. */
    public static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "key_" + HexFormat.of().formatHex(bytes);
    }
}
