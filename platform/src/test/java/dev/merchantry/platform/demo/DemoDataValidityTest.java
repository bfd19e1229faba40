package dev.merchantry.platform.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Determinism, the sink contract and every object valid per docs/data.md. */
class DemoDataValidityTest {

    private static final DemoScale SMALL = new DemoScale(150, 40, 120);
    private static final Set<String> TYPES = Set.of("Product Viewed", "Product Clicked", "Product Added", "Product Removed",
            "Order Completed", "Order Refunded", "Product Reviewed");
    private static final Pattern MONEY = Pattern.compile("\\d+(\\.\\d{1,2})?");

    @Test
    void sameSeedGivesIdenticalOutputAndAnotherSeedDiffers() {
        Capture a = Capture.generate(SMALL, 1);
        Capture b = Capture.generate(SMALL, 1);
        Capture c = Capture.generate(SMALL, 2);
        assertEquals(a.products, b.products);
        assertEquals(a.events, b.events);
        assertEquals(a.inventory, b.inventory);
        assertEquals(a.impressions, b.impressions);
        assertEquals(a.calls, b.calls);
        assertNotEquals(a.products, c.products);
        assertNotEquals(a.events, c.events);
        // Generating twice with one generator repeats itself too.
        Capture again = new Capture();
        a.generator.generate(again);
        assertEquals(a.events, again.events);
        // The catalog depends on the seed and the number of products only.
        Capture moreCustomers = Capture.generate(new DemoScale(300, 40, 60), 1);
        assertEquals(a.products, moreCustomers.products);
    }

    @Test
    void theWidgetShowsListsInTheLastFourWeeksAndClicksAndCartsNameAListThatHeldTheProduct() {
        Capture c = Capture.generate(new DemoScale(400, 60, 120), 5);
        assertChronological(c.impressions, c);
        Map<String, JsonObject> lists = new HashMap<>();
        for (JsonObject list : c.impressions) {
            assertTrue(c.day(list.getString("timestamp")) >= 120 - DemoModel.REC_DAYS, list.encode());
            assertNull(lists.put(list.getString("recommendation_id"), list), "ids are unique");
            int size = list.getJsonArray("items").size();
            assertTrue(size >= 1 && size <= DemoModel.REC_LIST, list.encode());
        }
        int clicks = 0;
        int carts = 0;
        Set<String> clickedOrdered = new HashSet<>();
        Map<String, String> clickedBy = new HashMap<>();
        for (JsonObject e : c.events) {
            JsonObject p = e.getJsonObject("properties");
            String rec = p.getString("recommendation_id");
            if (rec == null) {
                if ("Order Completed".equals(e.getString("type"))) {
                    for (Object line : p.getJsonArray("products")) {
                        String key = e.getString("customer_id") + "/" + ((JsonObject) line).getString("product_id");
                        if (clickedBy.containsKey(key)) {
                            clickedOrdered.add(key);
                        }
                    }
                }
                continue;
            }
            JsonObject list = lists.get(rec);
            assertTrue(list != null, "names a list shown: " + e.encode());
            assertTrue(list.getJsonArray("items").contains(p.getString("product_id")), e.encode());
            String user = e.getString("customer_id", e.getString("anonymous_id"));
            assertEquals(list.getString("customer_id", list.getString("anonymous_id")), user, "shown to who clicked");
            assertFalse(Instant.parse(e.getString("timestamp")).isBefore(Instant.parse(list.getString("timestamp"))));
            if ("Product Clicked".equals(e.getString("type"))) {
                clicks++;
                clickedBy.put(user + "/" + p.getString("product_id"), rec);
            } else {
                assertEquals("Product Added", e.getString("type"));
                carts++;
            }
        }
        double ctr = clicks / (double) c.impressions.size();
        assertEquals(DemoModel.REC_CLICK_SHARE, ctr, 0.05, "clicks per list: " + clicks + " / " + c.impressions.size());
        assertTrue(carts > 0 && !clickedOrdered.isEmpty(), "carts " + carts + ", clicked then ordered "
                + clickedOrdered.size());
        assertTrue(c.impressions.stream().anyMatch(l -> l.containsKey("anonymous_id")
                && DemoModel.REC_VISITOR_STRATEGY.equals(l.getString("strategy"))));
    }

    @Test
    void batchesAreBoundedProductsComeFirstAndStreamsAreChronological() {
        Capture c = Capture.generate(new DemoScale(400, 60, 365), 3);
        assertTrue(c.largestBatch <= DemoDataGenerator.BATCH_SIZE, "batch of " + c.largestBatch);
        assertEquals(DemoDataGenerator.BATCH_SIZE, c.largestBatch, "full batches are used");
        assertEquals(0, c.emptyBatches);
        int lastProductCall = c.calls.lastIndexOf("p");
        assertEquals(0, c.calls.indexOf("p"));
        assertTrue(lastProductCall < c.calls.indexOf("e") && lastProductCall < c.calls.indexOf("i"));
        assertChronological(c.events, c);
        assertChronological(c.inventory, c);
    }

    private static void assertChronological(List<JsonObject> stream, Capture c) {
        Instant previous = c.generator.start();
        for (JsonObject o : stream) {
            Instant t = Instant.parse(o.getString("timestamp"));
            assertFalse(t.isBefore(previous), "out of order: " + o);
            assertTrue(t.isBefore(c.generator.end()), "at or after the end: " + o);
            previous = t;
        }
    }

    @Test
    void everyProductIsValid() {
        Capture c = Capture.generate(SMALL, 4);
        assertEquals(SMALL.products(), c.products.size());
        Set<String> ids = new HashSet<>();
        Set<String> categories = new HashSet<>();
        int hidden = 0;
        for (JsonObject p : c.products) {
            assertEquals(Set.of("product_id", "sku", "title", "category", "price", "cost", "currency", "hidden"),
                    p.fieldNames(), p.encode());
            String id = p.getString("product_id");
            assertTrue(id.matches("p-\\d{4,}") && ids.add(id), id);
            assertTrue(p.getString("sku").length() <= 64 && p.getString("title").length() <= 500
                    && !p.getString("title").isBlank() && p.getString("category").length() <= 200, p.encode());
            categories.add(p.getString("category"));
            double price = p.getDouble("price");
            double cost = p.getDouble("cost");
            assertTrue(Double.isFinite(price) && price > 0 && MONEY.matcher(String.valueOf(price)).matches(), p.encode());
            assertTrue(Double.isFinite(cost) && cost > 0 && cost < price, p.encode());
            assertEquals("EUR", p.getString("currency"));
            hidden += p.getBoolean("hidden") ? 1 : 0;
        }
        assertEquals(8, categories.size(), "the eight outdoor categories");
        assertTrue(hidden >= 1 && hidden <= 0.05 * SMALL.products() + 1, "a few hidden products: " + hidden);
    }

    @Test
    void everyEventIsValidPerDocsData() {
        Capture c = Capture.generate(SMALL, 5);
        Set<String> productIds = c.productIndex().keySet();
        Map<String, Double> orderRevenue = new HashMap<>();
        Map<String, String> orderCustomer = new HashMap<>();
        Set<String> refunded = new HashSet<>();
        Set<String> types = new HashSet<>();
        long n = 0;
        for (JsonObject e : c.events) {
            n++;
            assertEquals("demo-" + n, e.getString("event_id"), "ids are demo-1, demo-2, ... in order");
            String type = e.getString("type");
            types.add(type);
            assertTrue(TYPES.contains(type), type);
            String ts = e.getString("timestamp");
            assertEquals(Instant.parse(ts).toString(), ts);
            boolean customer = e.containsKey("customer_id");
            assertTrue(customer ^ e.containsKey("anonymous_id"), e.encode());
            String who = customer ? e.getString("customer_id") : e.getString("anonymous_id");
            assertTrue(who.matches(customer ? "c-\\d{5,}" : "a-\\d{5,}"), who);
            assertTrue(customer || type.equals("Product Viewed") || type.equals("Product Added")
                    || type.equals("Product Clicked"), "visitors only browse: " + e.encode());
            JsonObject props = e.getJsonObject("properties");
            assertNotNull(props, e.encode());
            switch (type) {
                case "Product Viewed", "Product Clicked", "Product Added", "Product Removed" -> {
                    assertTrue(productIds.contains(props.getString("product_id")), e.encode());
                    assertMoney(props.getDouble("price"), e);
                    assertEquals("EUR", props.getString("currency"));
                    assertNotNull(props.getString("category"));
                    assertNotNull(props.getString("sku"));
                    if (!type.equals("Product Viewed") && !type.equals("Product Clicked")) {
                        assertTrue(props.getInteger("quantity") > 0, e.encode());
                    }
                }
                case "Order Completed" -> {
                    String orderId = props.getString("order_id");
                    assertTrue(orderId.matches("o-\\d{6,}") && !orderRevenue.containsKey(orderId), e.encode());
                    JsonArray items = props.getJsonArray("products");
                    assertFalse(items.isEmpty(), e.encode());
                    double sum = 0;
                    Set<String> distinct = new HashSet<>();
                    for (int k = 0; k < items.size(); k++) {
                        JsonObject item = items.getJsonObject(k);
                        assertEquals(Set.of("product_id", "price", "quantity"), item.fieldNames());
                        assertTrue(productIds.contains(item.getString("product_id")) && distinct.add(item.getString("product_id")));
                        assertMoney(item.getDouble("price"), e);
                        assertTrue(item.getInteger("quantity") > 0, e.encode());
                        sum += item.getDouble("price") * item.getInteger("quantity");
                    }
                    assertMoney(props.getDouble("revenue"), e);
                    assertEquals(sum, props.getDouble("revenue"), 0.005, e.encode());
                    assertEquals("EUR", props.getString("currency"));
                    orderRevenue.put(orderId, sum);
                    orderCustomer.put(orderId, e.getString("customer_id"));
                }
                case "Order Refunded" -> {
                    String orderId = props.getString("order_id");
                    assertTrue(orderRevenue.containsKey(orderId), "refund of an earlier order: " + e.encode());
                    assertEquals(orderCustomer.get(orderId), e.getString("customer_id"));
                    assertTrue(refunded.add(orderId), "one refund per order");
                    assertMoney(props.getDouble("revenue"), e);
                    assertTrue(props.getDouble("revenue") > 0 && props.getDouble("revenue") <= orderRevenue.get(orderId) + 0.005);
                    assertEquals("EUR", props.getString("currency"));
                }
                case "Product Reviewed" -> {
                    assertTrue(productIds.contains(props.getString("product_id")), e.encode());
                    double rating = props.getDouble("rating");
                    assertTrue(rating >= 1 && rating <= 5 && rating * 2 == Math.rint(rating * 2), e.encode());
                    assertNotNull(props.getString("category"));
                }
                default -> throw new AssertionError(type);
            }
        }
        assertEquals(TYPES, types, "every event type occurs");
    }

    private static void assertMoney(Double value, JsonObject event) {
        assertNotNull(value, event.encode());
        assertTrue(Double.isFinite(value) && value >= 0 && Math.abs(value * 100 - Math.rint(value * 100)) < 1e-6,
                "money: " + event.encode());
    }

    @Test
    void inventorySnapshotsAreValidWeeklyAndUnique() {
        Capture c = Capture.generate(SMALL, 6);
        Set<String> seen = new HashSet<>();
        Map<String, Integer> perProduct = new HashMap<>();
        for (JsonObject s : c.inventory) {
            assertEquals(Set.of("product_id", "on_hand", "timestamp"), s.fieldNames());
            assertTrue(c.productIndex().containsKey(s.getString("product_id")));
            assertTrue(s.getInteger("on_hand") >= 0);
            assertTrue(seen.add(s.getString("product_id") + "@" + s.getString("timestamp")), "duplicate " + s.encode());
            perProduct.merge(s.getString("product_id"), 1, Integer::sum);
        }
        // 120 days = 17 Mondays plus the first day: every product launched at the start has at least 18 snapshots.
        long full = perProduct.values().stream().filter(k -> k >= 18).count();
        assertTrue(full >= 0.8 * SMALL.products(), "weekly snapshots for most products: " + full);
    }

    @Test
    void pricesChangeEveryFewWeeksWithinTwentyPercentOfList() {
        Capture c = Capture.generate(SMALL, 7);
        DemoDataGenerator.Truth truth = c.truth();
        Map<Integer, Set<Double>> prices = new HashMap<>();
        for (JsonObject e : c.events) {
            JsonObject props = e.getJsonObject("properties");
            if (e.getString("type").equals("Product Viewed")) {
                int j = c.productIndex().get(props.getString("product_id"));
                double ratio = props.getDouble("price") / truth.listPrice[j];
                assertTrue(ratio > 0.78 && ratio < 1.22, "price within ±20 % of list: " + e.encode());
                prices.computeIfAbsent(j, k -> new HashSet<>()).add(props.getDouble("price"));
            }
        }
        long changing = prices.values().stream().filter(s -> s.size() >= 2).count();
        assertTrue(changing >= 0.8 * prices.size(), "most products are seen at several prices: " + changing);
    }

    @Test
    void scaleIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new DemoScale(0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new DemoScale(10, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> new DemoScale(10, 10, DemoScale.MAX_DAYS + 1));
        // The smallest scale works.
        Capture tiny = Capture.generate(new DemoScale(1, 1, 1), 1);
        assertEquals(1, tiny.products.size());
        assertFalse(tiny.inventory.isEmpty());
    }
}
