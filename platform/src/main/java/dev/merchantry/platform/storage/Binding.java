package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

/** A shop's choice of strategy for one kind; {@code configJson} is a JSON object as text. */
public record Binding(String shopId, StrategyKind kind, String strategyId, String configJson, boolean enabled,
                      long version, java.time.Instant updatedAt, String updatedBy) {
}
