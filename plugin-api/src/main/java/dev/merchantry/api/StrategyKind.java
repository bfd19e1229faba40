package dev.merchantry.api;

import java.util.Arrays;
import java.util.Optional;

/** The four kinds of strategy, named as they appear in URLs, JSON and event-bus messages. */
public enum StrategyKind {
    PROFILER("profiler"),
    RECOMMENDER("recommender"),
    FORECASTER("forecaster"),
    PRICING("pricing");

    private final String wireName;

    StrategyKind(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in URLs, JSON and messages, e.g. {@code recommender}. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; empty for anything else. */
    public static Optional<StrategyKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
