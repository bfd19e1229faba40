package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

/**
 * A trained model as stored: plugin bytes plus version and metrics. {@code configKey} names its line: {@code ""} for
 * the shop's own model of the strategy, {@code cfg-…} for a model trained with an experiment variant's config.
 */
public record StoredModel(long id, String shopId, StrategyKind kind, String strategyId, long version,
                          int formatVersion, byte[] bytes, String metricsJson, String jobId,
                          java.time.Instant createdAt, String configKey) {

    /** A model of the shop's own line. */
    public StoredModel(long id, String shopId, StrategyKind kind, String strategyId, long version, int formatVersion,
                       byte[] bytes, String metricsJson, String jobId, java.time.Instant createdAt) {
        this(id, shopId, kind, strategyId, version, formatVersion, bytes, metricsJson, jobId, createdAt, "");
    }
}
