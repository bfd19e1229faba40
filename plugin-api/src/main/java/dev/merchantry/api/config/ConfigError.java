package dev.merchantry.api.config;

/**
 * One problem with one key of a submitted configuration.
 *
 * @param key the offending key as the user wrote it
 * @param message what is wrong, e.g. {@code must be at least 1, got 0}
 * @since 0.1.0
 */
public record ConfigError(String key, String message) {
}
