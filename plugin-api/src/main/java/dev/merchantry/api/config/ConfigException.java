package dev.merchantry.api.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@link ConfigSpec#parse} when a configuration is invalid; carries every per-key error.
 *
 * @since 0.1.0
 */
public class ConfigException extends IllegalArgumentException {

    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(e -> e.key() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
