package dev.merchantry.platform.strategies;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.ConfigException;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.platform.plugins.LoadedStrategy;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model line of a config: one per parsed config, whatever its spelling. */
class ConfigFingerprintTest {

    private static final ConfigSpec SPEC = ConfigSpec.builder()
            .define("half_life_days", ConfigType.DOUBLE, 30.0, Importance.HIGH, "decay")
            .define("exclude_seen", ConfigType.BOOLEAN, true, Importance.MEDIUM, "seen items")
            .build();
    private static final Strategy STRATEGY = () -> new StrategyDescriptor("popular", StrategyKind.RECOMMENDER,
            "1.0.0", "Popular", "", SPEC);
    private static final LoadedStrategy LOADED = new LoadedStrategy("p", STRATEGY, STRATEGY.descriptor(),
            ConfigFingerprintTest.class.getClassLoader());

    private static String key(String json) {
        return ConfigFingerprint.of(LOADED, new JsonObject(json));
    }

    @Test
    void oneConfigSpelledDifferentlyHasOneKey() {
        String defaults = key("{}");
        assertTrue(defaults.matches("cfg-[0-9a-f]{16}"), defaults);
        assertEquals(defaults, key("{\"half_life_days\":30}"), "a default written out");
        assertEquals(defaults, key("{\"exclude_seen\":true,\"half_life_days\":30.0}"), "keys in another order");
        assertEquals(key("{\"half_life_days\":1,\"exclude_seen\":false}"),
                key("{\"exclude_seen\":false,\"half_life_days\":1}"));
    }

    @Test
    void configsThatDifferInAnyKeyHaveDifferentKeys() {
        assertNotEquals(key("{}"), key("{\"half_life_days\":1}"));
        assertNotEquals(key("{}"), key("{\"exclude_seen\":false}"));
        assertNotEquals(key("{\"half_life_days\":1}"), key("{\"half_life_days\":1.5}"));
    }

    @Test
    void anInvalidConfigHasNoKey() {
        assertThrows(ConfigException.class, () -> key("{\"half_life_days\":\"soon\"}"));
    }
}
