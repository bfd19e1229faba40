package dev.merchantry.platform.storage;

import java.time.Instant;

/**
 * One stored pricing decision and, once known, its outcome. Numbers are null when unknown.
 *
 * @param status pending, active, observed, rejected or expired (see V3__pricing.sql)
 * @param periodStart when the price took effect (null while pending)
 * @param periodEnd when it stops counting for automatic attribution
 * @param outcomeSource {@code api} (posted outcome) or {@code events} (attributed from Order Completed events)
 * @param configHash the hash of the deciding agent's config ({@code pricing_parked_states.config_hash}); null for a
 *                   list-price decision or one made before it was recorded
 */
public record PricingDecisionRecord(String id, String shopId, String productId, String strategyId, double price,
                                    Double previousPrice, boolean exploring, String explanation, Double expectedUnits,
                                    Double expectedRevenue, Double expectedProfit, String mode, String status,
                                    Instant decidedAt, Instant periodStart, Instant periodEnd, Double units,
                                    Double revenue, String outcomeSource, Instant outcomeAt, String configHash) {

    public static final String PENDING = "pending";
    public static final String ACTIVE = "active";
    public static final String OBSERVED = "observed";
    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";
}
