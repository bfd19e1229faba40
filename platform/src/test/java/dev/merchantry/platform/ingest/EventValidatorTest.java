package dev.merchantry.platform.ingest;

import dev.merchantry.platform.storage.EventRecord;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One event at a time: what is stored, and every problem named by its field path. */
class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private static EventValidator.Result validate(String json) {
        return EventValidator.validate(0, new JsonObject(json), NOW, UnaryOperator.identity());
    }

    private static List<String> fields(EventValidator.Result r) {
        return r.rejection().errors().stream().map(FieldProblem::field).toList();
    }

    @Test
    void ga4PurchaseNormalizesToTheSegmentOrder() {
        EventRecord ga4 = validate("""
                {"event_id":"g","type":"purchase","timestamp":"2026-11-20T13:00:00+01:00","customer_id":"c",
                 "properties":{"transaction_id":"o1","currency":"EUR","value":25,
                               "items":[{"item_id":"p1","item_category":"tents","price":10,"quantity":2},{"item_id":"p2","price":5}]}}
                """).record();
        EventRecord segment = validate("""
                {"event_id":"s","type":"Order Completed","timestamp":"2026-11-20T12:00:00Z","customer_id":"c",
                 "properties":{"order_id":"o1","currency":"EUR","revenue":25,
                               "products":[{"product_id":"p1","category":"tents","price":10,"quantity":2},{"product_id":"p2","price":5}]}}
                """).record();
        assertEquals("Order Completed", ga4.type());
        assertEquals(segment.timestamp(), ga4.timestamp()); // 13:00+01:00 is 12:00Z
        assertEquals(segment.orderId(), ga4.orderId());
        assertEquals(segment.revenue(), ga4.revenue());
        assertEquals(segment.items(), ga4.items());
        assertEquals(1.0, ga4.items().get(1).quantity()); // quantity defaults to 1
    }

    @Test
    void orderRevenueDefaultsToTheSumOfItsLines() {
        EventRecord r = validate("""
                {"event_id":"e","type":"Order Completed","timestamp":"2026-11-20T10:00:00Z","customer_id":"c",
                 "properties":{"order_id":"o","products":[{"product_id":"a","price":2.5,"quantity":4},{"product_id":"b","price":1}]}}
                """).record();
        assertEquals(11.0, r.revenue(), 1e-12); // 2.5 × 4 + 1 × 1
        EventValidator.Result unpriced = validate("""
                {"event_id":"e","type":"Order Completed","timestamp":"2026-11-20T10:00:00Z","customer_id":"c",
                 "properties":{"order_id":"o","products":[{"product_id":"a"}]}}
                """);
        assertEquals(List.of("properties.revenue"), fields(unpriced));
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() {
        EventValidator.Result r = validate("""
                {"event_id":"","type":"Product Reviewed","timestamp":"2026-11-22T12:00:01Z","customerId":"c",
                 "properties":{"rating":11,"currency":"eur"}}
                """);
        assertNull(r.record());
        assertEquals(List.of("event_id", "timestamp", "customer_id", "customerId", "properties.currency",
                "properties.product_id", "properties.rating"), fields(r));
        assertTrue(r.rejection().errors().get(1).message().contains("24 hours in the future"));
    }

    @Test
    void timestampsNeedAnOffsetAndNumericIdsAreKeptAsDigits() {
        EventValidator.Result noOffset = validate("""
                {"event_id":"e","type":"view_item","timestamp":"2026-11-20T10:00:00","customer_id":"c","properties":{"product_id":"p"}}
                """);
        assertEquals(List.of("timestamp"), fields(noOffset));
        EventRecord numeric = validate("""
                {"event_id":"e","type":"view_item","timestamp":"2026-11-20T10:00:00Z","customer_id":1234,"properties":{"product_id":77}}
                """).record();
        assertEquals("1234", numeric.customerId());
        assertEquals("77", numeric.items().get(0).productId());
    }

    @Test
    void attributionAndPseudonymsAreApplied() {
        EventRecord r = EventValidator.validate(0, new JsonObject("""
                {"event_id":"e","type":"Product Clicked","timestamp":"2026-11-20T10:00:00Z","customer_id":"c","anonymous_id":"a",
                 "properties":{"product_id":"p","recommendation_id":"r1","strategy_id":"svd","variant_id":"B"}}
                """), NOW, id -> "ps_" + id).record();
        assertEquals("ps_c", r.customerId());
        assertEquals("ps_a", r.anonymousId());
        assertEquals("r1", r.recommendationId());
        assertEquals("svd", r.strategyId());
        assertEquals("B", r.variantId());
    }

    @Test
    void unstorableTextIsAProblemOfItsFieldAndPropertiesKeepTheirFreeText() {
        EventValidator.Result bad = validate("""
                {"event_id":"e\\u0000","type":"view_item","timestamp":"2026-11-20T10:00:00Z","customer_id":"c\\ud800",
                 "properties":{"items":[{"item_id":"p\\u0007","item_category":"Shoes\\n"}],"note":"\\udc00","a\\u0001":1}}
                """);
        assertEquals(List.of("event_id", "customer_id", "properties.items[0].item_id", "properties.items[0].item_category",
                "properties.note", "properties.a\\u0001"), fields(bad));
        assertNull(bad.rejection().id(), "an unstorable event id is not echoed");
        assertTrue(bad.rejection().errors().get(2).message().contains("ids and names hold no control characters"));

        EventRecord review = validate("""
                {"event_id":"r","type":"Product Reviewed","timestamp":"2026-11-20T10:00:00Z","customer_id":"c",
                 "properties":{"product_id":"p1","rating":5,"review":"Warm.\\r\\n\\tGood for winter \\ud83c\\udfd4"}}
                """).record();
        assertEquals("Warm.\r\n\tGood for winter \ud83c\udfd4",
                new JsonObject(review.propertiesJson()).getString("review"));
    }
}
