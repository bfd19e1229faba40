package dev.merchantry.platform.auth;

import io.vertx.ext.auth.hashing.HashingStrategy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Hashes and checks console passwords with PBKDF2-HMAC-SHA512 from Vert.x auth's {@link HashingStrategy} (a
 * maintained implementation; the hash string records algorithm, iterations and salt, so the cost can be raised
 * later without invalidating stored hashes). Comparison is constant-time. Slow on purpose: call off event loops.
 */
public final class PasswordHasher {

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA512. */
    public static final int ITERATIONS = 210_000;
    private static final String ALGORITHM = "pbkdf2";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HashingStrategy strategy = HashingStrategy.load();
    private final int iterations;
    /** Checked against when the email is unknown, so a wrong email costs the same time as a wrong password. */
    private final String decoy;

    public PasswordHasher() {
        this(ITERATIONS);
    }

    PasswordHasher(int iterations) {
        this.iterations = iterations;
        this.decoy = hash("decoy password, never valid " + RANDOM.nextLong());
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return strategy.hash(ALGORITHM, Map.of("it", Integer.toString(iterations)),
                Base64.getEncoder().encodeToString(salt), password);
    }

    /** Whether {@code password} matches {@code stored}; a null {@code stored} (unknown user) costs the same and is false. */
    public boolean verify(String stored, String password) {
        if (stored == null) {
            strategy.verify(decoy, password);
            return false;
        }
        try {
            return strategy.verify(stored, password);
        } catch (RuntimeException e) {
            return false; // a malformed stored hash never matches
        }
    }
}
