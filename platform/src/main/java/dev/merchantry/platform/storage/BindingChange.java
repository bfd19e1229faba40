package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

/** One entry of a binding's history; old* are null on creation, new* are null on deletion. */
public record BindingChange(long id, String shopId, StrategyKind kind, String action, String actor,
                            java.time.Instant at, String oldStrategyId, String oldConfigJson, Boolean oldEnabled,
                            String newStrategyId, String newConfigJson, Boolean newEnabled) {
}
