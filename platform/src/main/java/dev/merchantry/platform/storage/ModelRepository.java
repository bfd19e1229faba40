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

    /** Metadata only (bytes empty), newest first. */
    List<StoredModel> list(String shopId, StrategyKind kind, int limit);
}
