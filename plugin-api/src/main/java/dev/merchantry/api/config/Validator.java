package dev.merchantry.api.config;

import java.util.Map;
import java.util.Optional;

/**
 * Checks a value that already has the key's type. See {@link Validators} for ranges and enumerations.
 *
 * @since 0.1.0
 */
public interface Validator {

    /** Accepts everything. */
    Validator NONE = value -> Optional.empty();

    /**
     * @param value the parsed value (Integer, Long, Double, Boolean, String or List of String)
     * @return a message naming the problem, e.g. {@code must be at least 1, got 0}; empty when the value is fine
     * @since 0.1.0
     */
    Optional<String> check(Object value);

    /**
     * Machine-readable constraints for forms and docs, e.g. {@code {"min": 1, "max": 500}}.
     *
     * @since 0.1.0
     */
    default Map<String, Object> constraints() {
        return Map.of();
    }
}
