package dev.merchantry.platform.storage;

import java.time.Instant;

/**
 * The stored learning state of the pricing agent of one product.
 *
 * @param strategyId the strategy that wrote {@code bytes}
 * @param configJson the binding configuration the agent started with (a different one starts a new agent)
 * @param listPrice the reference price the agent's candidate grid was built from
 * @param version bumped by every replacement (compare-and-set)
 * @param observations outcomes learned so far
 */
public record PricingState(String shopId, String productId, String strategyId, String configJson, double listPrice,
                           int formatVersion, byte[] bytes, long version, long observations, Instant createdAt,
                           Instant updatedAt) {
}
