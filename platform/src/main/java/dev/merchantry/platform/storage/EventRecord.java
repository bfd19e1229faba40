package dev.merchantry.platform.storage;

import java.util.List;

/**
 * A validated commerce event as stored: the envelope, the columns views query, and the raw properties kept as JSON
 * so nothing the shop sent is lost.
 *
 * @param eventId the shop's idempotency key
 * @param type canonical (Segment v2) event name
 * @param timestamp epoch milliseconds
 * @param customerId logged-in customer (possibly pseudonymized), or null
 * @param anonymousId visitor id, or null
 * @param orderId order the event is about (orders, refunds, checkouts), or null
 * @param revenue order revenue or refunded amount, or null
 * @param discount order discount, or null
 * @param currency ISO 4217 code, or null
 * @param items the products the event is about, in line order
 */
public record EventRecord(String eventId, String type, long timestamp, String customerId, String anonymousId,
                          String orderId, Double revenue, Double discount, String currency, String recommendationId,
                          String strategyId, String variantId, String propertiesJson, List<EventItem> items) {

    public EventRecord {
        items = List.copyOf(items);
    }

    /** The user a product interaction is attributed to: the customer, else the anonymous visitor. */
    public String userKey() {
        return customerId != null ? customerId : anonymousId;
    }

    /** One product of an event (the product of a product event, or one line of an order). */
    public record EventItem(String productId, String category, Double price, double quantity, Double rating) {
    }
}
