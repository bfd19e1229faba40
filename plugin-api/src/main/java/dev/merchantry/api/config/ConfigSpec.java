package dev.merchantry.api.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The declaration of every key a strategy accepts, made once and used everywhere: the REST API validates with it,
 * the console renders forms from it and the docs are generated from it.
 *
 * <pre>{@code
 * ConfigSpec spec = ConfigSpec.builder()
 *     .define("factors", ConfigType.INT, 100, Validators.between(1, 1000), Importance.HIGH, "Latent factors.")
 *     .define("seed", ConfigType.LONG, 42L, Importance.LOW, "Random seed; equal seeds give equal models.")
 *     .build();
 * }</pre>
 *
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ConfigSpec {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final ConfigSpec EMPTY = new ConfigSpec(new LinkedHashMap<>());

    private final Map<String, ConfigKey> keys;

    private ConfigSpec(LinkedHashMap<String, ConfigKey> keys) {
        this.keys = java.util.Collections.unmodifiableMap(keys);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A spec with no keys: every non-empty configuration is invalid.
     *
     * @since 0.1.0
     */
    public static ConfigSpec empty() {
        return EMPTY;
    }

    /**
     * Keys in declaration order.
     *
     * @since 0.1.0
     */
    public Collection<ConfigKey> keys() {
        return keys.values();
    }

    public Optional<ConfigKey> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /**
     * Checks a raw configuration (e.g. a parsed JSON object) and returns every problem: unknown keys, missing
     * required keys, wrong types and values a validator rejects. Never throws; an empty list means valid.
     *
     * @since 0.1.0
     */
    public List<ConfigError> validate(Map<String, ?> raw) {
        List<ConfigError> errors = new ArrayList<>();
        parseInto(raw == null ? Map.of() : raw, new LinkedHashMap<>(), errors);
        return errors;
    }

    /**
     * Parses a raw configuration into typed values with defaults filled in.
     *
     * @throws ConfigException listing every problem, as {@link #validate} would
     * @since 0.1.0
     */
    public Config parse(Map<String, ?> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<ConfigError> errors = new ArrayList<>();
        parseInto(raw == null ? Map.of() : raw, values, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new Config(values);
    }

    /**
     * The configuration made of every default; fails if a key is required.
     *
     * @since 0.1.0
     */
    public Config defaults() {
        return parse(Map.of());
    }

    private void parseInto(Map<String, ?> raw, Map<String, Object> values, List<ConfigError> errors) {
        for (String k : raw.keySet()) {
            if (!keys.containsKey(k)) {
                errors.add(new ConfigError(k, keys.isEmpty() ? "unknown key: this strategy takes no configuration"
                        : "unknown key; known keys are " + String.join(", ", keys.keySet())));
            }
        }
        for (ConfigKey key : keys.values()) {
            Object rawValue = raw.get(key.name());
            if (rawValue == null) {
                if (key.required()) {
                    errors.add(new ConfigError(key.name(), "is required"));
                } else {
                    values.put(key.name(), key.defaultValue());
                }
                continue;
            }
            Object parsed;
            try {
                parsed = key.type().parse(rawValue);
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(key.name(), e.getMessage()));
                continue;
            }
            Optional<String> problem = key.validator().check(parsed);
            if (problem.isPresent()) {
                errors.add(new ConfigError(key.name(), problem.get()));
            } else {
                values.put(key.name(), parsed);
            }
        }
    }

    /**
     * Builds a {@link ConfigSpec}; rejects malformed declarations at build time, where the plugin author sees them.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final LinkedHashMap<String, ConfigKey> keys = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder define(String name, ConfigType type, Object defaultValue, Validator validator,
                              Importance importance, String doc) {
            if (!KEY.matcher(name).matches()) {
                throw new IllegalArgumentException("config key '" + name + "' must be snake_case");
            }
            if (keys.containsKey(name)) {
                throw new IllegalArgumentException("config key '" + name + "' is defined twice");
            }
            Object typedDefault = null;
            if (defaultValue != null) {
                typedDefault = type.parse(defaultValue);
                Validator v = validator == null ? Validator.NONE : validator;
                Optional<String> problem = v.check(typedDefault);
                if (problem.isPresent()) {
                    throw new IllegalArgumentException("default of config key '" + name + "' " + problem.get());
                }
            }
            keys.put(name, new ConfigKey(name, type, typedDefault, validator, importance, doc));
            return this;
        }

        public Builder define(String name, ConfigType type, Object defaultValue, Importance importance, String doc) {
            return define(name, type, defaultValue, Validator.NONE, importance, doc);
        }

        public ConfigSpec build() {
            return new ConfigSpec(new LinkedHashMap<>(keys));
        }
    }
}
