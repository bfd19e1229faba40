package dev.merchantry.platform.ingest;

import dev.merchantry.platform.storage.SettingsRepository;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keyed pseudonyms for customer ids: HMAC-SHA-256 under a random per-shop key kept in the database, so the same id
 * always maps to the same pseudonym (strategies still work) while the raw id is never stored and cannot be
 * recovered by hashing guesses without the key. The key is created once, race-free across nodes.
 */
public final class Pseudonymizer {

    static final String KEY_NAME = "pseudonym_key";
    public static final String PREFIX = "ps_";

    private final SettingsRepository settings;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

    public Pseudonymizer(SettingsRepository settings) {
        this.settings = settings;
    }

    /** The pseudonym of {@code id} in {@code shop}. Blocking (may read or create the shop's key). */
    public String pseudonym(String shop, String id) {
        byte[] key = keys.computeIfAbsent(shop, this::loadOrCreateKey);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    private byte[] loadOrCreateKey(String shop) {
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        String stored = settings.putIfAbsent(shop, KEY_NAME, "\"" + HexFormat.of().formatHex(fresh) + "\"");
        return HexFormat.of().parseHex(stored.replace("\"", ""));
    }
}
