package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

/** A trained model as stored: plugin bytes plus version and metrics. */
public record StoredModel(long id, String shopId, StrategyKind kind, String strategyId, long version,
                          int formatVersion, byte[] bytes, String metricsJson, String jobId,
                          java.time.Instant createdAt) {
}
