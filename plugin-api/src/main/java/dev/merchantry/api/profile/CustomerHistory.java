package dev.merchantry.api.profile;

import java.time.Instant;
import java.util.List;

/**
 * Everything a profiler knows about one customer.
 *
 * @param customerId the shop's customer id (possibly pseudonymized)
 * @param firstSeen first event of any kind
 * @param lastSeen latest event of any kind
 * @param orders completed orders, oldest first
 * @param productViews number of product views
 * @param cartAdds number of add-to-cart events
 * @since 0.1.0
 */
public record CustomerHistory(String customerId, Instant firstSeen, Instant lastSeen, List<Order> orders,
                              long productViews, long cartAdds) {

    public CustomerHistory {
        orders = orders == null ? List.of() : List.copyOf(orders);
    }
}
