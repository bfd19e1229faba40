package dev.merchantry.platform.storage;

import java.util.List;

/**
 * One recommendation list as served: what the shopper was shown, by which strategy and A/B variant.
 *
 * @param ts epoch milliseconds
 * @param strategyId the strategy that answered first (the reply's {@code strategy})
 * @param experimentId the running experiment the customer was in, or null
 * @param variantId the customer's variant in it, or null
 * @param userKey the customer as stored (a pseudonym when the shop pseudonymizes), or null (product page)
 * @param items the served product ids, in order
 */
public record ImpressionRecord(String shopId, String recommendationId, long ts, String strategyId,
                               String experimentId, String variantId, String userKey, List<String> items) {

    public ImpressionRecord {
        items = List.copyOf(items);
    }
}
