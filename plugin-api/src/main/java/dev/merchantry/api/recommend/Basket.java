package dev.merchantry.api.recommend;

import java.util.List;

/**
 * The distinct items of one completed order.
 *
 * @param basketId the order id
 * @param customerId the buyer, may be {@code null} for guest checkouts
 * @param timestamp epoch milliseconds of the order
 * @param itemIds distinct product ids in the order
 * @since 0.1.0
 */
public record Basket(String basketId, String customerId, long timestamp, List<String> itemIds) {

    public Basket {
        itemIds = List.copyOf(itemIds);
    }
}
