package dev.merchantry.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The four kinds of strategy, named as they appear in URLs, JSON and event-bus messages.
 *
 * @since 0.1.0
 */
public enum StrategyKind {
    PROFILER("profiler"),
    RECOMMENDER("recommender"),
    FORECASTER("forecaster"),
    PRICING("pricing");

    private final String wireName;

    StrategyKind(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The lower-case name used in URLs, JSON and messages, e.g. {@code recommender}.
     *
     * @since 0.1.0
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name; empty for anything else.
     *
     * @since 0.1.0
     */
    public static Optional<StrategyKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
