package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

/** A training job row. */
public record Job(String id, String shopId, StrategyKind kind, String strategyId, JobState state, double progress,
                  String message, String metricsJson, String error, java.time.Instant createdAt,
                  java.time.Instant startedAt, java.time.Instant finishedAt, String node) {
}
