package dev.merchantry.api.profile;

import java.time.Instant;
import java.util.List;

/**
 * One completed order of a customer.
 *
 * @param orderId the shop's order id
 * @param timestamp when it was placed
 * @param revenue total paid, net of refunds
 * @param discount total discount granted, 0 when none
 * @param lines line items; may be empty when only totals are known
 * @since 0.1.0
 */
public record Order(String orderId, Instant timestamp, double revenue, double discount, List<OrderLine> lines) {

    public Order {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
