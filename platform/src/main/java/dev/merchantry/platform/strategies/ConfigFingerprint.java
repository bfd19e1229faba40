package dev.merchantry.platform.strategies;

import dev.merchantry.platform.plugins.LoadedStrategy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The key of the model line a strategy trains with a given config: {@code cfg-} and the first 16 hex digits of the
 * SHA-256 of the config as the strategy's ConfigSpec parses it (defaults filled in, keys sorted). Two spellings of
 * one config — a default left out or written out, keys in another order — get one key, so an A/A experiment of one
 * config trains one model, and two configs that differ in any key get two.
 */
public final class ConfigFingerprint {

    public static final String PREFIX = "cfg-";

    private ConfigFingerprint() {
    }

    /** The key of {@code config} (valid for the strategy's ConfigSpec; throws ConfigException otherwise). */
    public static String of(LoadedStrategy strategy, JsonObject config) {
        Map<String, Object> parsed = strategy.descriptor().configSpec().parse(BindingService.toMap(config)).asMap();
        String canonical = canonical(new TreeMap<>(parsed)).encode();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static JsonObject canonical(Map<String, Object> sorted) {
        JsonObject out = new JsonObject();
        sorted.forEach((k, v) -> out.put(k, v instanceof List<?> list ? new JsonArray(List.copyOf(list)) : v));
        return out;
    }
}
