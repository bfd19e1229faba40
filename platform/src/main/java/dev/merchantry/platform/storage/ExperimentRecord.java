package dev.merchantry.platform.storage;

import java.time.Instant;

/**
 * An A/B experiment as stored. {@code variantsJson}: {@code [{id, strategy, config, weight}]}, control first;
 * {@code status}: {@code draft}, {@code running}, {@code stopped} or {@code shipped}.
 */
public record ExperimentRecord(String shopId, String id, String name, String kind, String unit, String salt,
                               String primaryMetric, double mde, int maxDays, String variantsJson, String status,
                               Instant createdAt, Instant startedAt, Instant stoppedAt, String shippedVariant,
                               String actor) {

    public ExperimentRecord withStatus(String newStatus, Instant started, Instant stopped, String shipped) {
        return new ExperimentRecord(shopId, id, name, kind, unit, salt, primaryMetric, mde, maxDays, variantsJson,
                newStatus, createdAt, started, stopped, shipped, actor);
    }
}
