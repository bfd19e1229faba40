package dev.merchantry.platform.pricing;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import dev.merchantry.platform.testing.MutableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pricing through the public contracts: REST decide/outcome/GET, suggest vs auto, attribution, restarts, the bus. */
class PricingApiIT {

    private static final String ADMIN = "test-admin-token-0123456789";
    private static final String SHOP = "acme";
    private static final String BASE = "/api/v1/shops/" + SHOP;

    /** Price changes and attributed outcomes are published after the reply. */
    private static final Duration PUBLISHED = Duration.ofSeconds(20);

    /** The node's directory: its data and plugins outlive a restart. */
    @TempDir
    Path tmp;

    private EmbeddedNode node;
    private ApiClient api;
    private String key;
    private final List<JsonObject> priceChanges = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        startNode(EmbeddedNode.builder().plugins("baselines", "pricing"));
        key = node.createShop(SHOP, "Acme");
        assertEquals(200, api.put(BASE + "/products", key,
                "[{\"product_id\":\"p1\",\"price\":20,\"cost\":10},{\"product_id\":\"p2\",\"price\":50,\"cost\":20}]")
                .status());
    }

    /** Starts a node on {@code tmp} (again, after a restart), listening for price changes. */
    private void startNode(EmbeddedNode.Builder builder) {
        node = builder.dir(tmp).adminToken(ADMIN).start();
        api = node.api();
        node.vertx().eventBus().<JsonObject>consumer(Addresses.PRICE_CHANGED, m -> priceChanges.add(m.body()));
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private void bind(String config) {
        ApiClient.Response r = api.put(BASE + "/strategies/pricing", key,
                "{\"strategy\":\"thompson-pricing\",\"config\":" + config + "}");
        assertEquals(200, r.status(), r.body());
    }

    private JsonObject decide(String product) {
        ApiClient.Response r = api.post(BASE + "/pricing/" + product + "/decide", key, null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private ApiClient.Response outcome(String product, String decision, double units, double revenue) {
        return api.post(BASE + "/pricing/" + product + "/outcome", key, new JsonObject().put("decision_id", decision)
                .put("units", units).put("revenue", revenue).encode());
    }

    private double catalogPrice(String product) {
        return api.get(BASE + "/products/" + product, key).json().getDouble("price");
    }

    @Test
    void autoDecisionsApplyTheirPriceLearnOutcomesOnceAndShowTheDemandCurve() throws Exception {
        bind("{}");
        JsonObject d = decide("p1");
        double price = d.getDouble("price");
        assertEquals("thompson-pricing", d.getString("strategy"));
        assertEquals("auto", d.getString("mode"));
        assertEquals("active", d.getString("status"));
        assertTrue(d.getString("explanation").startsWith("exploring: ") || d.getString("explanation").startsWith("exploiting: "));
        // Default guardrails: 15 % from the current price 20, never below cost 10 × 1.05.
        assertTrue(price >= 17 && price <= 23, "price " + price);
        assertEquals(price, catalogPrice("p1"), 1e-9, "auto mode writes the price to the catalog");
        waitFor("merchantry.price.changed for the decision",
                () -> priceChanges.stream().anyMatch(c -> d.getString("decision_id").equals(c.getString("decision_id"))));
        JsonObject change = priceChanges.get(0);
        assertEquals(SHOP, change.getString("shop"));
        assertEquals(20.0, change.getDouble("previous_price"));

        ApiClient.Response learned = outcome("p1", d.getString("decision_id"), 30, 30 * price);
        assertEquals(200, learned.status(), learned.body());
        assertEquals(1, learned.json().getInteger("observations"));
        ApiClient.Response again = outcome("p1", d.getString("decision_id"), 30, 30 * price);
        assertEquals(409, again.status(), "a second outcome for the same decision is refused: " + again.body());
        assertTrue(again.json().getString("detail").contains("already has an outcome"));
        assertEquals(404, outcome("p1", "no-such-decision", 1, 1).status());
        assertEquals(404, outcome("p2", d.getString("decision_id"), 1, 1).status(), "decision of another product");

        JsonObject agent = api.get(BASE + "/pricing/p1", key).json();
        assertEquals(1, agent.getInteger("observations"));
        assertEquals(price, agent.getDouble("current_price"), 1e-9);
        JsonArray curve = agent.getJsonArray("demand_curve");
        assertEquals(7, curve.size());
        JsonObject point = curve.stream().map(o -> (JsonObject) o).filter(o -> o.getDouble("price") == price)
                .findFirst().orElseThrow();
        // Jeffreys prior Gamma(0.5, 0) after one period with 30 units: mean 30.5.
        assertEquals(30.5, point.getDouble("mean_units"), 1e-9);
        assertEquals(1, agent.getJsonArray("history").size());
        assertEquals(30.0, agent.getJsonArray("history").getJsonObject(0).getJsonObject("outcome").getDouble("units"));
        assertEquals(404, api.get(BASE + "/pricing/p2", key).status(), "no agent before the first decision");
    }

    @Test
    void aNewAgentStartsFromTheProductsRecentDaysAtListPrice() {
        // Five days ago 1 unit at 18 (another price), four days ago 4 at the list price 20 (the first sale at list
        // price after it: the run starts the day after), then 0, 2, 0. History: 3 days, 2 units → at 20
        // Gamma(0.5 + 2, 3), mean 0.8333…, no observations of the agent's own; at 14 that estimate moved with unit
        // elasticity, worth one period: Gamma(2.5/3 · 20/14, 1). thompson-pricing warm-starts by default.
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        java.util.function.IntFunction<String> daysAgo = d -> today.minusDays(d).atTime(12, 0)
                .toInstant(java.time.ZoneOffset.UTC).toString();
        ApiClient.Response sent = api.post(BASE + "/events", key, new JsonArray()
                .add(order("h1", "ho1", daysAgo.apply(5), 18, 1)).add(order("h2", "ho2", daysAgo.apply(4), 20, 4))
                .add(order("h3", "ho3", daysAgo.apply(2), 20, 2)).encode());
        assertEquals(3, sent.json().getInteger("accepted"), sent.body());
        bind("{}");
        decide("p1");
        JsonArray curve = api.get(BASE + "/pricing/p1", key).json().getJsonArray("demand_curve");
        JsonObject atList = curve.getJsonObject(3);
        assertEquals(20.0, atList.getDouble("price"));
        assertEquals(2.5 / 3, atList.getDouble("mean_units"), 1e-9);
        assertEquals(0, atList.getInteger("observations"));
        assertEquals(2.5 / 3 * 20 / 14, curve.getJsonObject(0).getDouble("mean_units"), 1e-9);
        // history_prior_weight=0 starts cold (a binding change starts a new agent).
        bind("{\"history_prior_weight\":0}");
        decide("p1");
        assertNull(api.get(BASE + "/pricing/p1", key).json().getJsonArray("demand_curve").getJsonObject(3)
                .getValue("mean_units"));
    }

    @Test
    void aDecideWithANewListPriceStartsTheAgentAfreshAroundIt() {
        bind("{}");
        JsonObject d = decide("p1");
        assertEquals(200, outcome("p1", d.getString("decision_id"), 5, 5 * d.getDouble("price")).status());
        JsonObject before = api.get(BASE + "/pricing/p1", key).json();
        assertEquals(20.0, before.getDouble("list_price"));
        assertEquals(1, before.getInteger("observations"));

        // The same list price in the body keeps what the agent learned.
        assertEquals(200, api.post(BASE + "/pricing/p1/decide", key, "{\"list_price\":20.001}").status());
        assertEquals(1, api.get(BASE + "/pricing/p1", key).json().getInteger("observations"));

        // A new one starts the agent afresh, its candidate prices around the new list price.
        ApiClient.Response rebased = api.post(BASE + "/pricing/p1/decide", key, "{\"list_price\":30}");
        assertEquals(200, rebased.status(), rebased.body());
        JsonObject after = api.get(BASE + "/pricing/p1", key).json();
        assertEquals(30.0, after.getDouble("list_price"));
        assertEquals(0, after.getInteger("observations"));
        assertTrue(after.getLong("state_version") > before.getLong("state_version"));
        assertEquals(30.0, after.getJsonArray("demand_curve").getJsonObject(3).getDouble("price"));

        // Later decisions without a list price go on from it.
        decide("p1");
        assertEquals(30.0, api.get(BASE + "/pricing/p1", key).json().getDouble("list_price"));
    }

    @Test
    void badFieldsAre400sNamingEachField() {
        bind("{}");
        ApiClient.Response bad = api.post(BASE + "/pricing/p1/outcome", key,
                "{\"decision_id\":5,\"units\":-1,\"revenue\":\"lots\",\"extra\":true}");
        assertEquals(400, bad.status());
        List<String> keys = bad.json().getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("key")).toList();
        assertEquals(List.of("extra", "decision_id", "units", "revenue"), keys);
        ApiClient.Response missing = api.post(BASE + "/pricing/p1/outcome", key, "{}");
        assertEquals(400, missing.status());
        assertTrue(missing.json().getString("detail").contains("decision_id is required"), missing.body());
        ApiClient.Response decide = api.post(BASE + "/pricing/p1/decide", key, "{\"list_price\":-3,\"on_hand\":1.5}");
        assertEquals(400, decide.status());
        assertEquals(List.of("list_price", "on_hand"), decide.json().getJsonArray("errors").stream()
                .map(o -> ((JsonObject) o).getString("key")).toList());
        assertEquals(400, api.post(BASE + "/pricing/p1/decide", key, "[1]").status());
        assertEquals(404, api.post(BASE + "/pricing/unknown-product/decide", key, null).status());
        assertEquals(400, api.put(BASE + "/strategies/pricing", key,
                "{\"strategy\":\"thompson-pricing\",\"config\":{\"mode\":\"sometimes\"}}").status());
    }

    @Test
    void suggestModeDecisionsWaitForApproval() throws Exception {
        bind("{\"mode\":\"suggest\"}");
        JsonObject first = decide("p1");
        assertEquals("suggest", first.getString("mode"));
        assertEquals("pending", first.getString("status"));
        assertEquals(20.0, catalogPrice("p1"), "a suggestion changes nothing");
        assertEquals(409, outcome("p1", first.getString("decision_id"), 3, 60).status(), "never charged");
        JsonObject second = decide("p1");
        JsonArray waiting = api.get(BASE + "/pricing/suggestions", key).json().getJsonArray("suggestions");
        assertEquals(1, waiting.size(), "a newer suggestion replaces the older one");
        assertEquals(second.getString("decision_id"), waiting.getJsonObject(0).getString("decision_id"));
        assertEquals(409, api.post(BASE + "/pricing/suggestions/" + first.getString("decision_id") + "/approve", key,
                null).status(), "the replaced suggestion expired");

        ApiClient.Response approved = api.post(BASE + "/pricing/suggestions/" + second.getString("decision_id")
                + "/approve", key, null);
        assertEquals(200, approved.status(), approved.body());
        assertEquals("active", approved.json().getString("status"));
        assertEquals(second.getDouble("price"), catalogPrice("p1"), 1e-9);
        waitFor("merchantry.price.changed for the second decision",
                () -> priceChanges.stream().anyMatch(c -> second.getString("decision_id").equals(c.getString("decision_id"))));
        assertEquals(200, outcome("p1", second.getString("decision_id"), 3, 3 * second.getDouble("price")).status());
        assertEquals(409, api.post(BASE + "/pricing/suggestions/" + second.getString("decision_id") + "/approve", key,
                null).status());

        JsonObject third = decide("p1");
        assertEquals(200, api.post(BASE + "/pricing/suggestions/" + third.getString("decision_id") + "/reject", key,
                null).status());
        assertEquals(0, api.get(BASE + "/pricing/suggestions", key).json().getJsonArray("suggestions").size());
        assertEquals(second.getDouble("price"), catalogPrice("p1"), 1e-9, "a rejected price is never applied");
        assertEquals(404, api.post(BASE + "/pricing/suggestions/nope/approve", key, null).status());
    }

    @Test
    void stateSurvivesANodeRestart() {
        bind("{}");
        for (int t = 0; t < 3; t++) {
            JsonObject d = decide("p1");
            assertEquals(200, outcome("p1", d.getString("decision_id"), 10 + t, (10 + t) * d.getDouble("price")).status());
        }
        JsonObject before = api.get(BASE + "/pricing/p1", key).json();
        node.close();
        node = null;
        startNode(EmbeddedNode.builder());
        JsonObject after = api.get(BASE + "/pricing/p1", key).json();
        assertEquals(3, after.getInteger("observations"));
        assertEquals(before.getLong("state_version"), after.getLong("state_version"));
        assertEquals(before.getJsonArray("demand_curve"), after.getJsonArray("demand_curve"));
        JsonObject d = decide("p1");
        assertEquals(200, outcome("p1", d.getString("decision_id"), 5, 5 * d.getDouble("price")).status());
        assertEquals(4, api.get(BASE + "/pricing/p1", key).json().getInteger("observations"));
    }

    @Test
    void concurrentDecidesMakeOneStateAndConcurrentOutcomesAreAllLearned() throws Exception {
        bind("{}");
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ApiClient.Response>> decided = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                decided.add(pool.submit(() -> api.post(BASE + "/pricing/p2/decide", key, null)));
            }
            List<JsonObject> decisions = new ArrayList<>();
            for (Future<ApiClient.Response> f : decided) {
                ApiClient.Response r = f.get(60, TimeUnit.SECONDS);
                assertEquals(200, r.status(), r.body());
                decisions.add(r.json());
            }
            assertEquals(1, api.get(BASE + "/pricing/p2", key).json().getLong("state_version"),
                    "one state was created, whoever raced");
            List<Future<ApiClient.Response>> learned = new ArrayList<>();
            for (JsonObject d : decisions) {
                learned.add(pool.submit(() -> outcome("p2", d.getString("decision_id"), 7, 7 * d.getDouble("price"))));
            }
            for (Future<ApiClient.Response> f : learned) {
                ApiClient.Response r = f.get(60, TimeUnit.SECONDS);
                assertEquals(200, r.status(), r.body());
            }
        } finally {
            pool.shutdownNow();
        }
        JsonObject agent = api.get(BASE + "/pricing/p2", key).json();
        assertEquals(n, agent.getInteger("observations"), "no outcome lost to a race");
        assertEquals(1 + n, agent.getLong("state_version"));
        long periods = agent.getJsonArray("demand_curve").stream()
                .mapToLong(o -> ((JsonObject) o).getLong("observations")).sum();
        assertEquals(n, periods, "every outcome reached the agent's posterior");
    }

    @Test
    void orderCompletedLinesAtTheDecidedPriceBecomeTheOutcomeOnceThePeriodEnds() throws Exception {
        // Time moves only when this test says so: periods start and end at instants it controls.
        MutableClock clock = MutableClock.startingNow();
        node.close();
        startNode(EmbeddedNode.builder().clock(clock));
        bind("{}");
        JsonObject first = decide("p1");
        double price = first.getDouble("price");
        Instant start = Instant.parse(first.getString("period_start"));
        assertEquals(clock.instant(), start);
        String inPeriod = start.plusMillis(1).toString();
        clock.advance(Duration.ofMillis(30));
        // Two lines at the decided price (3 + 2 units) and one at another price, which does not count.
        ApiClient.Response sent = api.post(BASE + "/events", key, new JsonArray()
                .add(order("e1", "o1", inPeriod, price, 3)).add(order("e2", "o2", inPeriod, price, 2))
                .add(order("e3", "o3", inPeriod, price + 1, 4)).encode());
        assertEquals(3, sent.json().getInteger("accepted"), sent.body());
        clock.advance(Duration.ofMillis(30));
        JsonObject second = decide("p1"); // a new price: the first decision's period ends now
        assertEquals("active", status("p1", first.getString("decision_id")));
        // The shop's event stream passes the end of the first period: its outcome is attributed.
        clock.advance(Duration.ofMillis(30));
        api.post(BASE + "/events", key, new JsonArray().add(order("e4", "o4", clock.instant().toString(), 99, 1)).encode());
        waitFor("the first decision's outcome is attributed",
                () -> "observed".equals(status("p1", first.getString("decision_id"))));
        JsonObject learned = history("p1", first.getString("decision_id"));
        assertEquals(5.0, learned.getJsonObject("outcome").getDouble("units"));
        assertEquals(5 * price, learned.getJsonObject("outcome").getDouble("revenue"), 1e-9);
        assertEquals("events", learned.getJsonObject("outcome").getString("source"));
        assertEquals("active", status("p1", second.getString("decision_id")), "its period is still running");
        assertEquals(1, api.get(BASE + "/pricing/p1", key).json().getInteger("observations"));
    }

    @Test
    void theEventBusDecidesLikeRest() throws Exception {
        bind("{}");
        JsonObject reply = node.vertx().eventBus().<JsonObject>request(Addresses.PRICE,
                new JsonObject().put("shop", SHOP).put("product_id", "p1")).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS).body();
        assertNotNull(reply.getString("decision_id"));
        assertEquals("thompson-pricing", reply.getString("strategy"));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> node.vertx().eventBus()
                .<JsonObject>request(Addresses.PRICE, new JsonObject().put("shop", SHOP).put("product_id", "p1")
                        .put("cost", "free")).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("cost"), e.getCause().getMessage());
    }

    private static JsonObject order(String eventId, String orderId, String ts, double price, int quantity) {
        return new JsonObject().put("event_id", eventId).put("type", "Order Completed").put("timestamp", ts)
                .put("customer_id", "c1").put("properties", new JsonObject().put("order_id", orderId)
                        .put("currency", "EUR").put("products", new JsonArray().add(new JsonObject()
                                .put("product_id", "p1").put("price", price)
                                .put("quantity", quantity))));
    }

    private JsonObject history(String product, String decisionId) {
        return api.get(BASE + "/pricing/" + product, key).json().getJsonArray("history").stream()
                .map(o -> (JsonObject) o).filter(o -> decisionId.equals(o.getString("decision_id"))).findFirst()
                .orElseThrow();
    }

    private String status(String product, String decisionId) {
        return history(product, decisionId).getString("status");
    }

    private static void waitFor(String description, java.util.function.BooleanSupplier condition) {
        Eventually.await(PUBLISHED, description, condition);
    }
}
