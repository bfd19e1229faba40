package dev.merchantry.api.config;

/**
 * How much a key matters to a typical user; the console shows HIGH keys first and folds LOW ones away.
 *
 * @since 0.1.0
 */
public enum Importance {
    HIGH, MEDIUM, LOW
}
