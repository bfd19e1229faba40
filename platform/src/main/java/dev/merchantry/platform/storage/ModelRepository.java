package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

import java.util.List;
import java.util.Optional;

/** Trained models and which one is active per shop and kind. */
public interface ModelRepository {
    /** Stores a model and makes it the active one atomically; version = previous max + 1 per (shop, kind). */
    StoredModel saveActive(String shopId, StrategyKind kind, String strategyId, int formatVersion, byte[] bytes,
                           String metricsJson, String jobId);

    Optional<StoredModel> active(String shopId, StrategyKind kind);

    /**
     * The newest model a strategy trained for a shop, whether or not it is the kind's active one: fallback strategies
     * (e.g. {@code popular} behind {@code svd}) are served from their own newest model.
     */
    Optional<StoredModel> latest(String shopId, StrategyKind kind, String strategyId);

    /** When the newest model of a strategy for a shop was stored, without reading its bytes. */
    Optional<java.time.Instant> latestTime(String shopId, StrategyKind kind, String strategyId);

    /** Metadata only (bytes empty), newest first. */
    List<StoredModel> list(String shopId, StrategyKind kind, int limit);
}
