package dev.merchantry.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Creates bearer tokens and the hashes stored in their place. Tokens carry 256 random bits, so a plain SHA-256
 * (not a slow password hash) is enough: there is nothing to brute-force, and lookups stay O(1) by hash.
 */
public final class Tokens {

    /** Prefix of generated admin tokens; makes a leaked token recognizable in logs and secret scanners. */
    public static final String ADMIN_PREFIX = "mra_";
    /** Prefix of shop API keys. */
    public static final String SHOP_PREFIX = "mrs_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
