package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

import java.time.Instant;

/**
 * A training job row.
 *
 * @param node the node running it (RUNNING) or that ran it (SUCCEEDED/FAILED); null while QUEUED
 * @param leaseUntil RUNNING: until when its node holds it (renewed by heartbeats); QUEUED: by when a node should
 *                   have claimed it after it was announced; null before the first announcement
 * @param attempts how many times a node claimed it; the current attempt is the fencing token of its holder
 * @param configKey the model line it trains: {@code ""} for the shop's own (config from the binding, or the
 *                  defaults for a fallback), {@code cfg-…} for an experiment variant's config
 * @param configJson the variant's config (a JSON object as text); null for the shop's line
 */
public record Job(String id, String shopId, StrategyKind kind, String strategyId, JobState state, double progress,
                  String message, String metricsJson, String error, Instant createdAt, Instant startedAt,
                  Instant finishedAt, String node, Instant leaseUntil, int attempts, String configKey,
                  String configJson) {

    /** A job of the shop's own line. */
    public Job(String id, String shopId, StrategyKind kind, String strategyId, JobState state, double progress,
               String message, String metricsJson, String error, Instant createdAt, Instant startedAt,
               Instant finishedAt, String node, Instant leaseUntil, int attempts) {
        this(id, shopId, kind, strategyId, state, progress, message, metricsJson, error, createdAt, startedAt,
                finishedAt, node, leaseUntil, attempts, "", null);
    }

    /** A new QUEUED job of the shop's own line, to be claimed by a node by {@code claimBy}. */
    public static Job queued(String id, String shopId, StrategyKind kind, String strategyId, String message,
                             Instant createdAt, Instant claimBy) {
        return new Job(id, shopId, kind, strategyId, JobState.QUEUED, 0, message, null, null, createdAt, null, null,
                null, claimBy, 0);
    }

    /** A new QUEUED job training {@code strategyId} with an experiment variant's config. */
    public static Job queuedVariant(String id, String shopId, StrategyKind kind, String strategyId, String configKey,
                                    String configJson, String message, Instant createdAt, Instant claimBy) {
        return new Job(id, shopId, kind, strategyId, JobState.QUEUED, 0, message, null, null, createdAt, null, null,
                null, claimBy, 0, configKey, configJson);
    }

    /** This job with another state and run fields, its line kept. */
    public Job with(JobState state, double progress, String message, String metricsJson, String error,
                    Instant startedAt, Instant finishedAt, String node, Instant leaseUntil, int attempts) {
        return new Job(id, shopId, kind, strategyId, state, progress, message, metricsJson, error, createdAt,
                startedAt, finishedAt, node, leaseUntil, attempts, configKey, configJson);
    }
}
