package dev.merchantry.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSpecTest {

    private final ConfigSpec spec = ConfigSpec.builder()
            .define("factors", ConfigType.INT, 100, Validators.between(1, 1000), Importance.HIGH, "Latent factors.")
            .define("learning_rate", ConfigType.DOUBLE, 0.005, Validators.greaterThan(0), Importance.HIGH, "Step.")
            .define("objective", ConfigType.STRING, "revenue", Validators.oneOf("revenue", "profit"), Importance.MEDIUM, "")
            .define("biased", ConfigType.BOOLEAN, true, Importance.LOW, "")
            .define("seed", ConfigType.LONG, 42, Importance.LOW, "")
            .define("events", ConfigType.LIST, List.of("view"), Importance.LOW, "")
            .build();

    @Test
    void defaultsAreTyped() {
        Config c = spec.defaults();
        assertEquals(100, c.getInt("factors"));
        assertEquals(42L, c.getLong("seed"));
        assertEquals(0.005, c.getDouble("learning_rate"));
        assertEquals(List.of("view"), c.getList("events"));
    }

    @Test
    void validateReturnsEveryProblemAtOnce() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("factors", 0);
        raw.put("learning_rate", "fast");
        raw.put("objective", "margin");
        raw.put("colour", "red");
        List<ConfigError> errors = spec.validate(raw);
        assertEquals(4, errors.size(), errors.toString());
        assertEquals("colour", errors.get(0).key());
        assertTrue(errors.get(0).message().contains("unknown key"));
        assertEquals("factors", errors.get(1).key());
        assertEquals("must be at least 1, got 0", errors.get(1).message());
        assertEquals("must be a number, got \"fast\"", errors.get(2).message());
        assertTrue(errors.get(3).message().startsWith("must be one of revenue, profit"));
    }

    @Test
    void parseAcceptsStringsFromTheCommandLine() {
        Config c = spec.parse(Map.of("factors", "50", "biased", "false", "learning_rate", "0.01", "events", "view,cart"));
        assertEquals(50, c.getInt("factors"));
        assertEquals(false, c.getBoolean("biased"));
        assertEquals(List.of("view", "cart"), c.getList("events"));
    }

    @Test
    void parseRejectsFractionalIntegersAndThrowsWithAllErrors() {
        ConfigException e = assertThrows(ConfigException.class, () -> spec.parse(Map.of("factors", 1.5, "seed", true)));
        assertEquals(2, e.errors().size());
    }

    @Test
    void requiredKeysMustBeGiven() {
        ConfigSpec s = ConfigSpec.builder().define("target", ConfigType.STRING, null, Importance.HIGH, "").build();
        assertEquals(List.of(new ConfigError("target", "is required")), s.validate(Map.of()));
    }

    @Test
    void badDeclarationsFailAtBuildTime() {
        assertThrows(IllegalArgumentException.class, () -> ConfigSpec.builder()
                .define("factors", ConfigType.INT, 0, Validators.atLeast(1), Importance.HIGH, ""));
        assertThrows(IllegalArgumentException.class, () -> ConfigSpec.builder()
                .define("camelCase", ConfigType.INT, 1, Importance.HIGH, ""));
    }
}
