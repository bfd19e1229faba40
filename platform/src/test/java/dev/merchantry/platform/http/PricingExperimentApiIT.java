package dev.merchantry.platform.http;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.MutableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pricing experiment through REST on a node, between the list price and a pricing agent: 40 products (list price
 * 20, cost 10) assigned to a variant by their hash; price decisions through REST and the event bus; three days of
 * orders in which every product of the agent's variant sells 4–5 units a day at its decided price and every product
 * at list price 2–3 (a planted lift); then the per-variant results, checked against the same figures added up here.
 * The node's clock is set, so that the three days pass.
 */
class PricingExperimentApiIT {

    private static final String SHOP = "acme";
    private static final int PRODUCTS = 40;
    private static final int DAYS = 3;
    private static final double LIST = 20;
    /** The results are sums of a few hundred doubles; the hand figures here add the same terms in another order. */
    private static final double SUMS = 1e-9;

    private final Instant t0 = Instant.now().minus(Duration.ofDays(6)).truncatedTo(ChronoUnit.HOURS);
    private final MutableClock clock = MutableClock.at(t0);
    private EmbeddedNode node;
    private ApiClient api;
    private String key;

    @BeforeEach
    void start() {
        node = EmbeddedNode.builder().plugins("baselines", "pricing").clock(clock).start();
        api = node.api();
        key = node.createShop(SHOP, "Acme");
        JsonArray products = new JsonArray();
        for (int i = 0; i < PRODUCTS; i++) {
            products.add(new JsonObject().put("product_id", product(i)).put("title", "Item " + i).put("price", LIST)
                    .put("cost", 10));
        }
        assertEquals(200, api.put(path("/products"), key, products.encode()).status());
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static String path(String suffix) {
        return "/api/v1/shops/" + SHOP + suffix;
    }

    private static String product(int i) {
        return String.format("p%02d", i);
    }

    private JsonObject decide(String product) {
        ApiClient.Response r = api.post(path("/pricing/" + product + "/decide"), key, null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void theAgentIsComparedWithTheListPriceProductByProduct() throws Exception {
        ApiClient.Response created = api.post(path("/experiments"), key, """
                {"name":"agent vs list price","kind":"pricing","unit":"product","primary_metric":"revenue","mde":0.2,
                 "variants":[{"id":"list","strategy":"list-price"},
                             {"id":"agent","strategy":"thompson-pricing","config":{"price_points":5}}]}""");
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");
        ApiClient.Response started = api.post(path("/experiments/" + id + "/start"), key, null);
        assertEquals(200, started.status(), started.body());
        assertTrue(started.json().getBoolean("ready"), started.body());

        // Every product is priced by its variant; the shop has no pricing binding at all.
        Map<String, String> variantOf = new HashMap<>();
        Map<String, Double> priceOf = new HashMap<>();
        for (int i = 0; i < PRODUCTS; i++) {
            String p = product(i);
            JsonObject d = i == 0 ? bus(p) : decide(p);
            assertEquals(id, d.getString("experiment_id"), d.encode());
            String variant = d.getString("variant_id");
            variantOf.put(p, variant);
            priceOf.put(p, d.getDouble("price"));
            if (variant.equals("list")) {
                assertEquals("list-price", d.getString("strategy"), d.encode());
                assertEquals(LIST, d.getDouble("price"), 0, d.encode());
                assertTrue(!d.getBoolean("exploring"));
            } else {
                assertEquals("agent", variant);
                assertEquals("thompson-pricing", d.getString("strategy"), d.encode());
                // the agent's default guardrail: within 15 % of the current price 20
                assertTrue(d.getDouble("price") >= 17 && d.getDouble("price") <= 23, d.encode());
            }
            assertEquals("active", d.getString("status"));
            assertEquals(d.getDouble("price"), api.get(path("/products/" + p), key).json().getDouble("price"), 1e-9,
                    "the decided price is the product's price");
        }
        assertTrue(variantOf.containsValue("list") && variantOf.containsValue("agent"), variantOf.toString());
        // stable: a product decided again stays in its variant
        for (int i = 0; i < PRODUCTS; i += 3) {
            String p = product(i);
            JsonObject again = decide(p);
            assertEquals(variantOf.get(p), again.getString("variant_id"), p);
            priceOf.put(p, again.getDouble("price"));
        }
        // a list-price decision's outcome is kept with it; no agent learns from it
        String listed = variantOf.entrySet().stream().filter(e -> e.getValue().equals("list")).findFirst()
                .orElseThrow().getKey();
        JsonObject listDecision = decide(listed);
        ApiClient.Response outcome = api.post(path("/pricing/" + listed + "/outcome"), key, new JsonObject()
                .put("decision_id", listDecision.getString("decision_id")).put("units", 2).encode());
        assertEquals(200, outcome.status(), outcome.body());
        assertEquals(40.0, outcome.json().getDouble("revenue"), 1e-9);
        assertNull(outcome.json().getValue("state_version"));

        // Three days pass; the orders of those days arrive.
        clock.set(t0.plus(Duration.ofDays(DAYS)));
        Random random = new Random(23);
        Map<String, Double> revenueOf = new HashMap<>();
        JsonArray orders = new JsonArray();
        for (int day = 0; day < DAYS; day++) {
            Instant at = t0.plus(Duration.ofDays(day)).plus(Duration.ofHours(1));
            for (int i = 0; i < PRODUCTS; i++) {
                String p = product(i);
                int units = (variantOf.get(p).equals("agent") ? 4 : 2) + random.nextInt(2);
                double price = priceOf.get(p);
                revenueOf.merge(p, units * price, Double::sum);
                orders.add(new JsonObject().put("event_id", "o-" + day + "-" + p).put("type", "Order Completed")
                        .put("timestamp", at.toString()).put("customer_id", "c" + random.nextInt(500))
                        .put("properties", new JsonObject().put("order_id", "o-" + day + "-" + p)
                                .put("products", new JsonArray().add(new JsonObject().put("product_id", p)
                                        .put("price", price).put("quantity", units)))));
            }
        }
        ApiClient.Response ingested = api.post(path("/events"), key, orders.encode());
        assertEquals(200, ingested.status(), ingested.body());
        assertEquals(DAYS * PRODUCTS, ingested.json().getInteger("accepted"));

        // The hand figures: each product exposed since t0, 3 days at the last look; its revenue per day.
        Map<String, double[]> byVariant = new HashMap<>(); // units, sum, product-days
        for (int i = 0; i < PRODUCTS; i++) {
            String p = product(i);
            double[] v = byVariant.computeIfAbsent(variantOf.get(p), k -> new double[3]);
            v[0]++;
            v[1] += revenueOf.get(p) / DAYS;
            v[2] += DAYS;
        }
        JsonObject results = api.get(path("/experiments/" + id + "/results"), key).json();
        System.out.println("pricing experiment results: " + results.encode());
        assertEquals("revenue", results.getString("primary_metric"));
        assertEquals("revenue", results.getString("metric_kind"));
        assertEquals("product", results.getString("unit"));
        assertEquals(DAYS, results.getInteger("days"), results.encode());
        JsonArray variants = results.getJsonArray("variants");
        Map<String, Double> estimate = new HashMap<>();
        for (Object o : variants) {
            JsonObject v = (JsonObject) o;
            double[] hand = byVariant.get(v.getString("id"));
            assertEquals((long) hand[0], v.getLong("units"), v.encode());
            assertEquals(hand[1], v.getDouble("total"), SUMS, v.encode());
            assertEquals(hand[1] / hand[0], v.getDouble("estimate"), SUMS, v.encode());
            assertEquals(hand[2], v.getDouble("product_days"), SUMS, v.encode());
            estimate.put(v.getString("id"), v.getDouble("estimate"));
        }
        JsonObject comparison = results.getJsonArray("comparisons").getJsonObject(0);
        assertEquals("agent", comparison.getString("variant"));
        assertEquals("list", comparison.getString("control"));
        assertEquals(estimate.get("agent") / estimate.get("list") - 1, comparison.getDouble("lift"), SUMS);
        // every agent product takes at least 4 × 17 = 68 a day, every list-price one at most 3 × 20 = 60
        assertTrue(comparison.getBoolean("decided") && comparison.getDouble("lower") > 0, comparison.encode());
        JsonObject verdict = results.getJsonObject("verdict");
        assertEquals("winner", verdict.getString("code"), results.encode());
        assertEquals("agent", verdict.getString("winner"));
        assertTrue(verdict.getString("words").contains("revenue per product-day"), verdict.encode());

        // Stopped, the products go back to the shop's binding — it has none: 409.
        assertEquals(200, api.post(path("/experiments/" + id + "/stop"), key, null).status());
        ApiClient.Response unbound = api.post(path("/pricing/" + product(1) + "/decide"), key, null);
        assertEquals(409, unbound.status(), unbound.body());
        // Shipping the agent binds it with the variant's config.
        assertEquals(200, api.post(path("/experiments/" + id + "/ship"), key, "{\"variant\":\"agent\"}").status());
        JsonObject binding = api.get(path("/strategies/pricing"), key).json();
        assertEquals("thompson-pricing", binding.getString("strategy"));
        assertEquals(5, binding.getJsonObject("config").getInteger("price_points"));
        JsonObject after = decide(product(1));
        assertEquals("thompson-pricing", after.getString("strategy"));
        assertTrue(!after.containsKey("variant_id"), after.encode());
    }

    @Test
    void shippingTheListPriceGivesTheProductsStillAtAnAgentsPriceTheirListPriceBack() {
        ApiClient.Response created = api.post(path("/experiments"), key, """
                {"name":"agent vs list price","kind":"pricing","unit":"product","primary_metric":"revenue","mde":0.2,
                 "variants":[{"id":"list","strategy":"list-price"},
                             {"id":"agent","strategy":"thompson-pricing","config":{"price_points":5}}]}""");
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");
        assertEquals(200, api.post(path("/experiments/" + id + "/start"), key, null).status());
        List<String> agentPriced = new ArrayList<>();
        // A day's decisions and their sales, a few days running: the agent tries its other candidate prices.
        for (int day = 0; day < 4; day++) {
            clock.set(t0.plus(Duration.ofDays(day)));
            for (int i = 0; i < PRODUCTS; i++) {
                JsonObject d = decide(product(i));
                boolean moved = Math.abs(d.getDouble("price") - LIST) >= 0.005;
                agentPriced.remove(product(i));
                if (d.getString("variant_id").equals("agent") && moved) {
                    agentPriced.add(product(i));
                }
                // The period's sales, so that the agent tries another candidate price next.
                assertEquals(200, api.post(path("/pricing/" + product(i) + "/outcome"), key, new JsonObject()
                        .put("decision_id", d.getString("decision_id")).put("units", 3).encode()).status());
            }
        }
        assertTrue(agentPriced.size() >= 2, "the agent moved too few prices to test: " + agentPriced);
        // The merchant sets one of them by hand: that price is theirs, not the agent's, and stays.
        String byHand = agentPriced.remove(0);
        assertEquals(200, api.put(path("/products"), key, new JsonArray().add(new JsonObject()
                .put("product_id", byHand).put("price", 25)).encode()).status());

        clock.set(t0.plus(Duration.ofDays(4)));
        assertEquals(200, api.post(path("/experiments/" + id + "/ship"), key, "{\"variant\":\"list\"}").status());
        for (String p : agentPriced) {
            assertEquals(LIST, api.get(path("/products/" + p), key).json().getDouble("price"), 1e-9, p);
            JsonObject latest = api.get(path("/pricing/" + p), key).json().getJsonArray("history").getJsonObject(0);
            assertEquals("list-price", latest.getString("strategy"), latest.encode());
            assertEquals("active", latest.getString("status"));
            assertEquals("list price restored: shipped variant list of experiment " + id,
                    latest.getString("explanation"));
        }
        assertEquals(25.0, api.get(path("/products/" + byHand), key).json().getDouble("price"), 1e-9);
        for (int i = 0; i < PRODUCTS; i++) {
            if (!agentPriced.contains(product(i)) && !product(i).equals(byHand)) {
                assertEquals(LIST, api.get(path("/products/" + product(i)), key).json().getDouble("price"), 1e-9);
            }
        }
    }

    @Test
    void aProductBackFromAnExperimentVariantResumesWhatTheShopsAgentHadLearned() {
        assertEquals(200, api.put(path("/strategies/pricing"), key,
                "{\"strategy\":\"thompson-pricing\",\"config\":{\"price_points\":5}}").status());
        // Two days of decisions and sales under the shop's agent: two observations per product.
        for (int day = 0; day < 2; day++) {
            clock.set(t0.plus(Duration.ofDays(day)));
            for (int i = 0; i < PRODUCTS; i++) {
                JsonObject d = decide(product(i));
                assertEquals(200, api.post(path("/pricing/" + product(i) + "/outcome"), key, new JsonObject()
                        .put("decision_id", d.getString("decision_id")).put("units", 3).encode()).status());
            }
        }
        ApiClient.Response created = api.post(path("/experiments"), key, """
                {"name":"five or nine price points","kind":"pricing","unit":"product","primary_metric":"revenue",
                 "mde":0.2,"variants":[{"id":"five","strategy":"thompson-pricing","config":{"price_points":5}},
                                       {"id":"nine","strategy":"thompson-pricing","config":{"price_points":9}}]}""");
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");
        assertEquals(200, api.post(path("/experiments/" + id + "/start"), key, null).status());
        clock.set(t0.plus(Duration.ofDays(2)));
        List<String> nine = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            JsonObject d = decide(product(i));
            JsonObject state = api.get(path("/pricing/" + product(i)), key).json();
            if (d.getString("variant_id").equals("nine")) {
                nine.add(product(i));
                assertEquals(0, state.getInteger("observations"), "a new config starts afresh: " + state.encode());
                assertEquals(200, api.post(path("/pricing/" + product(i) + "/outcome"), key, new JsonObject()
                        .put("decision_id", d.getString("decision_id")).put("units", 2).encode()).status());
            } else {
                assertEquals(2, state.getInteger("observations"), "the same agent and config go on: " + state.encode());
            }
        }
        assertTrue(!nine.isEmpty(), "no product fell in variant nine");

        // A day later the variant decides again, and the experiment stops before those sales are known.
        clock.set(t0.plus(Duration.ofDays(3)));
        Map<String, String> open = new HashMap<>();
        for (String p : nine) {
            open.put(p, decide(p).getString("decision_id"));
        }
        assertEquals(200, api.post(path("/experiments/" + id + "/stop"), key, null).status());
        // The products go back to the shop's agent, which resumes where it was (the variant's state is parked) …
        clock.set(t0.plus(Duration.ofDays(4)));
        for (String p : nine) {
            JsonObject d = decide(p);
            assertTrue(!d.containsKey("variant_id"), d.encode());
            assertEquals(2, api.get(path("/pricing/" + p), key).json().getInteger("observations"), p);
            // … and the variant's last sales, arriving now, are learned by the variant's parked agent that priced
            // them (its second observation), not by the shop's agent.
            ApiClient.Response late = api.post(path("/pricing/" + p + "/outcome"), key, new JsonObject()
                    .put("decision_id", open.get(p)).put("units", 2).encode());
            assertEquals(200, late.status(), late.body());
            assertEquals(2, late.json().getInteger("observations"), late.body());
            assertEquals(2, api.get(path("/pricing/" + p), key).json().getInteger("observations"), p);
        }
    }

    @Test
    void profitIsMeasuredPerProductDayToo() {
        ApiClient.Response created = api.post(path("/experiments"), key, """
                {"name":"profit","kind":"pricing","primary_metric":"profit",
                 "variants":[{"id":"list","strategy":"list-price"},{"id":"agent","strategy":"thompson-pricing"}]}""");
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");
        assertEquals(200, api.post(path("/experiments/" + id + "/start"), key, null).status());
        Map<String, Double> priceOf = new HashMap<>();
        Map<String, String> variantOf = new HashMap<>();
        for (int i = 0; i < PRODUCTS; i++) {
            JsonObject d = decide(product(i));
            priceOf.put(product(i), d.getDouble("price"));
            variantOf.put(product(i), d.getString("variant_id"));
        }
        clock.set(t0.plus(Duration.ofDays(2)));
        JsonArray orders = new JsonArray();
        Map<String, double[]> hand = new HashMap<>(); // units, sum of profit per day
        for (int i = 0; i < PRODUCTS; i++) {
            String p = product(i);
            int units = 1 + i % 3;
            orders.add(new JsonObject().put("event_id", "o-" + p).put("type", "Order Completed")
                    .put("timestamp", t0.plus(Duration.ofHours(30)).toString()).put("customer_id", "c" + i)
                    .put("properties", new JsonObject().put("order_id", "o-" + p).put("products", new JsonArray()
                            .add(new JsonObject().put("product_id", p).put("price", priceOf.get(p))
                                    .put("quantity", units)))));
            double[] v = hand.computeIfAbsent(variantOf.get(p), k -> new double[2]);
            v[0]++;
            v[1] += units * (priceOf.get(p) - 10) / 2; // two days exposed
        }
        assertEquals(200, api.post(path("/events"), key, orders.encode()).status());
        JsonObject results = api.get(path("/experiments/" + id + "/results"), key).json();
        assertEquals("profit", results.getString("primary_metric"));
        assertEquals(2, results.getInteger("days"));
        for (Object o : results.getJsonArray("variants")) {
            JsonObject v = (JsonObject) o;
            double[] expected = hand.get(v.getString("id"));
            assertEquals((long) expected[0], v.getLong("units"), v.encode());
            assertEquals(expected[1] / expected[0], v.getDouble("estimate"), SUMS, v.encode());
        }
    }

    /** A decision through {@code merchantry.price}, as another service on the bus asks for it. */
    private JsonObject bus(String product) throws Exception {
        return node.vertx().eventBus().<JsonObject>request(Addresses.PRICE, new JsonObject().put("shop", SHOP)
                .put("product_id", product)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .body();
    }
}
