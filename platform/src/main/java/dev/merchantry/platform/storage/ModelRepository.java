package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

import java.util.List;
import java.util.Optional;

/**
 * Trained models and which one is active per shop and kind. Each strategy's models come in lines by config key:
 * {@code ""} is the shop's own line (the methods without a key), {@code cfg-…} the line of an experiment variant's
 * config, which never becomes the kind's active model.
 */
public interface ModelRepository {
    /** Stores a model and makes it the active one atomically; version = previous max + 1 per (shop, kind). */
    StoredModel saveActive(String shopId, StrategyKind kind, String strategyId, int formatVersion, byte[] bytes,
                           String metricsJson, String jobId);

    Optional<StoredModel> active(String shopId, StrategyKind kind);

    /**
     * The newest model a strategy trained for a shop, whether or not it is the kind's active one: fallback strategies
     * (e.g. {@code popular} behind {@code svd}) are served from their own newest model.
     */
    default Optional<StoredModel> latest(String shopId, StrategyKind kind, String strategyId) {
        return latest(shopId, kind, strategyId, "");
    }

    /** The newest model of a strategy's line {@code configKey} for a shop. */
    Optional<StoredModel> latest(String shopId, StrategyKind kind, String strategyId, String configKey);

    /** When the newest model of a strategy for a shop was stored, without reading its bytes. */
    default Optional<java.time.Instant> latestTime(String shopId, StrategyKind kind, String strategyId) {
        return latestTime(shopId, kind, strategyId, "");
    }

    /** When the newest model of a strategy's line {@code configKey} for a shop was stored. */
    Optional<java.time.Instant> latestTime(String shopId, StrategyKind kind, String strategyId, String configKey);

    /** Metadata only (bytes empty), newest first, every line. */
    List<StoredModel> list(String shopId, StrategyKind kind, int limit);
}
