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
 */
public record Job(String id, String shopId, StrategyKind kind, String strategyId, JobState state, double progress,
                  String message, String metricsJson, String error, Instant createdAt, Instant startedAt,
                  Instant finishedAt, String node, Instant leaseUntil, int attempts) {

    /** A new QUEUED job, to be claimed by a node by {@code claimBy}. */
    public static Job queued(String id, String shopId, StrategyKind kind, String strategyId, String message,
                             Instant createdAt, Instant claimBy) {
        return new Job(id, shopId, kind, strategyId, JobState.QUEUED, 0, message, null, null, createdAt, null, null,
                null, claimBy, 0);
    }
}
