package dev.merchantry.platform.http;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Commerce data through the public contracts: REST (events, catalog, inventory, erasure, settings) and the bus. */
class CommerceDataApiIT {

    private static final String ADMIN = "test-admin-token-0123456789";
    private static final String SHOP = "acme";

    private static final Duration TRAINING = Duration.ofSeconds(10);
    /** merchantry.events.ingested is published after the reply. */
    private static final Duration NOTICE = Duration.ofSeconds(2);

    private EmbeddedNode node;
    private ApiClient api;
    private String key;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void start() throws Exception {
        // The bundled baselines plugin (popular recommender), built by this module before its tests.
        node = EmbeddedNode.builder().adminToken(ADMIN).plugins("baselines").start();
        api = node.api();
        key = node.createShop(SHOP, "Acme");
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private String ts(int minutesAgo) {
        return now.minus(minutesAgo, ChronoUnit.MINUTES).toString();
    }

    private ApiClient.Response postEvents(String body) {
        return api.post("/api/v1/shops/" + SHOP + "/events", key, body);
    }

    @Test
    void segmentAndGa4NamesLandAsTheSameEventType() {
        JsonObject r = postEvents("""
                [{"event_id":"s1","type":"Product Viewed","timestamp":"%s","customer_id":"c1","properties":{"product_id":"p1"}},
                 {"event_id":"g1","type":"view_item","timestamp":"%s","customer_id":"c1","properties":{"items":[{"item_id":"p1"}]}},
                 {"event_id":"s2","type":"Order Completed","timestamp":"%s","customer_id":"c1",
                  "properties":{"order_id":"o1","currency":"EUR","products":[{"product_id":"p1","price":10,"quantity":2}]}},
                 {"event_id":"g2","type":"purchase","timestamp":"%s","customer_id":"c1",
                  "properties":{"transaction_id":"o2","value":5,"currency":"EUR","items":[{"item_id":"p2","price":5}]}}]
                """.formatted(ts(4), ts(3), ts(2), ts(1))).json();
        assertEquals(4, r.getInteger("accepted"));
        JsonObject byType = api.get("/api/v1/shops/" + SHOP + "/events/summary", key).json().getJsonObject("by_type");
        assertEquals(2, byType.getInteger("Product Viewed"));
        assertEquals(2, byType.getInteger("Order Completed"));
        assertEquals(2, byType.size());
        JsonArray recent = api.get("/api/v1/shops/" + SHOP + "/events?type=purchase&limit=1", key).json()
                .getJsonArray("events");
        assertEquals("g2", recent.getJsonObject(0).getString("event_id"));
        assertEquals("Order Completed", recent.getJsonObject(0).getString("type"));
    }

    @Test
    void aMixedBatchStoresExactlyTheGoodEventsNamesEachBadFieldAndResendingIsANoOp() {
        String batch = """
                [{"event_id":"ok-1","type":"Product Added","timestamp":"%s","anonymous_id":"v9","properties":{"product_id":"p1","quantity":1}},
                 {"event_id":"bad-1","type":"Order Completed","timestamp":"%s","customer_id":"c1",
                  "properties":{"order_id":"o1","products":[{"product_id":"p1","price":3,"quantity":1},{"product_id":"p2","price":-1,"quantity":0}]}},
                 {"event_id":"bad-2","type":"Product Teleported","timestamp":"yesterday","properties":{}},
                 {"event_id":"ok-2","type":"Product Reviewed","timestamp":"%s","customer_id":"c2","properties":{"product_id":"p1","rating":4.5}},
                 "not an object"]
                """.formatted(ts(3), ts(2), ts(1));
        ApiClient.Response first = postEvents(batch);
        assertEquals(200, first.status());
        JsonObject r = first.json();
        assertEquals(2, r.getInteger("accepted"));
        assertEquals(0, r.getInteger("duplicates"));
        JsonArray rejected = r.getJsonArray("rejected");
        assertEquals(3, rejected.size());
        JsonObject bad1 = rejected.getJsonObject(0);
        assertEquals(1, bad1.getInteger("index"));
        assertEquals("bad-1", bad1.getString("event_id"));
        assertEquals(List.of("properties.products[1].price", "properties.products[1].quantity"), fields(bad1));
        JsonObject bad2 = rejected.getJsonObject(1);
        assertEquals(2, bad2.getInteger("index"));
        assertEquals(List.of("type", "timestamp", "customer_id"), fields(bad2));
        assertEquals(4, rejected.getJsonObject(2).getInteger("index"));
        assertEquals(2, api.get("/api/v1/shops/" + SHOP + "/events/summary", key).json().getLong("total"),
                "bad events change nothing");

        JsonObject again = postEvents(batch).json();
        assertEquals(0, again.getInteger("accepted"));
        assertEquals(2, again.getInteger("duplicates"));
        assertEquals(2, api.get("/api/v1/shops/" + SHOP + "/events/summary", key).json().getLong("total"));
    }

    @Test
    void anOrderWhoseLinesOverflowToAnInfiniteRevenueIsRejectedNamingTheField() {
        String batch = """
                [{"event_id":"inf-line","type":"Order Completed","timestamp":"%s","customer_id":"c1",
                  "properties":{"order_id":"o1","products":[{"product_id":"p1","price":1e308,"quantity":10}]}},
                 {"event_id":"inf-sum","type":"Order Completed","timestamp":"%s","customer_id":"c1",
                  "properties":{"order_id":"o2","revenue":10,"products":[{"product_id":"p1","price":1.5e308,"quantity":1},
                   {"product_id":"p2","price":1.5e308,"quantity":1}]}},
                 {"event_id":"fine","type":"Order Completed","timestamp":"%s","customer_id":"c1",
                  "properties":{"order_id":"o3","products":[{"product_id":"p1","price":1e300,"quantity":10}]}}]
                """.formatted(ts(3), ts(2), ts(1));
        JsonObject r = postEvents(batch).json();
        assertEquals(1, r.getInteger("accepted"), r.encode());
        JsonArray rejected = r.getJsonArray("rejected");
        assertEquals(List.of("properties.products[0]"), fields(rejected.getJsonObject(0)));
        assertTrue(rejected.getJsonObject(0).getJsonArray("errors").getJsonObject(0).getString("message")
                .contains("must be finite"), rejected.encode());
        assertEquals(List.of("properties.products"), fields(rejected.getJsonObject(1)));
        assertEquals(1, api.get("/api/v1/shops/" + SHOP + "/events/summary", key).json().getLong("total"),
                "only the finite order is stored");
    }

    private static List<String> fields(JsonObject rejection) {
        List<String> out = new ArrayList<>();
        rejection.getJsonArray("errors").forEach(e -> out.add(((JsonObject) e).getString("field")));
        return out;
    }

    @Test
    void ndjsonBodiesAreAcceptedLineByLine() {
        String body = "{\"event_id\":\"n1\",\"type\":\"add_to_cart\",\"timestamp\":\"" + ts(2)
                + "\",\"customer_id\":\"c1\",\"properties\":{\"product_id\":\"p1\"}}\n"
                + "{broken json\n\n"
                + "{\"event_id\":\"n2\",\"type\":\"view_cart\",\"timestamp\":\"" + ts(1) + "\",\"customer_id\":\"c1\"}\n";
        ApiClient.Response r = api.send("POST", "/api/v1/shops/" + SHOP + "/events", key, body, "application/x-ndjson");
        assertEquals(200, r.status());
        assertEquals(2, r.json().getInteger("accepted"));
        JsonObject bad = r.json().getJsonArray("rejected").getJsonObject(0);
        assertEquals(1, bad.getInteger("index"));
        assertTrue(bad.getJsonArray("errors").getJsonObject(0).getString("message").contains("not valid JSON"));

        // NDJSON sent as application/json is read line by line too (n1, n2 are duplicates now; n3 is new).
        String asJson = body.replace("\"n2\"", "\"n3\"");
        JsonObject again = api.post("/api/v1/shops/" + SHOP + "/events", key, asJson).json();
        assertEquals(1, again.getInteger("accepted"));
        assertEquals(1, again.getInteger("duplicates"));
    }

    @Test
    void oversizedBatchesAndBodiesAre413WithTheLimitAndMalformedBodiesAre400() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("{}");
        }
        ApiClient.Response tooMany = postEvents(many.append("]").toString());
        assertEquals(413, tooMany.status());
        assertTrue(tooMany.json().getString("detail").contains("at most 10000 events"), tooMany.body());

        ApiClient.Response tooBig = postEvents("[\"" + "x".repeat(17 << 20) + "\"]");
        assertEquals(413, tooBig.status());
        assertTrue(tooBig.json().getString("detail").contains("16 MiB"), tooBig.body());

        ApiClient.Response malformed = postEvents("[{\"event_id\":");
        assertEquals(400, malformed.status());
        assertTrue(malformed.contentType().startsWith("application/problem+json"));
        assertEquals(0, api.get("/api/v1/shops/" + SHOP + "/events/summary", key).json().getLong("total"));
        assertEquals(404, api.post("/api/v1/shops/nope/events", ADMIN, "[]").status());
    }

    @Test
    void catalogUpsertsListWithCursorAndInventorySetsStock() {
        JsonObject up = api.put("/api/v1/shops/" + SHOP + "/products", key, """
                [{"product_id":"p1","title":"Tent","category":"tents","price":199.0,"cost":90,"currency":"EUR"},
                 {"product_id":"p2","title":"Stove","category":"stoves","price":49.5},
                 {"product_id":"p3","title":"Lamp","category":"tents","price":-2,"colour":"red"}]
                """).json();
        assertEquals(2, up.getInteger("accepted"));
        JsonObject bad = up.getJsonArray("rejected").getJsonObject(0);
        assertEquals("p3", bad.getString("product_id"));
        assertEquals(List.of("colour", "price"), fields(bad));

        api.put("/api/v1/shops/" + SHOP + "/products", key, "[{\"product_id\":\"p1\",\"price\":179.0}]");
        JsonObject p1 = api.get("/api/v1/shops/" + SHOP + "/products/p1", key).json();
        assertEquals("Tent", p1.getString("title"));
        assertEquals(179.0, p1.getDouble("price"));
        assertNull(p1.getValue("on_hand"));
        assertEquals(404, api.get("/api/v1/shops/" + SHOP + "/products/zzz", key).status());

        JsonObject page1 = api.get("/api/v1/shops/" + SHOP + "/products?limit=1", key).json();
        assertEquals("p1", page1.getJsonArray("products").getJsonObject(0).getString("product_id"));
        JsonObject page2 = api.get("/api/v1/shops/" + SHOP + "/products?limit=1&cursor="
                + page1.getString("next_cursor"), key).json();
        assertEquals("p2", page2.getJsonArray("products").getJsonObject(0).getString("product_id"));
        assertFalse(page2.containsKey("next_cursor"));
        assertEquals(1, api.get("/api/v1/shops/" + SHOP + "/products?category=stoves", key).json()
                .getJsonArray("products").size());

        JsonObject inv = api.post("/api/v1/shops/" + SHOP + "/inventory", key, """
                [{"product_id":"p1","on_hand":12,"timestamp":"%s"},
                 {"product_id":"ghost","on_hand":1,"timestamp":"%s"},
                 {"product_id":"p2","on_hand":1.5,"timestamp":"%s"}]
                """.formatted(ts(5), ts(5), ts(5))).json();
        assertEquals(1, inv.getInteger("accepted"));
        assertEquals(List.of(1, 2), inv.getJsonArray("rejected").stream()
                .map(o -> ((JsonObject) o).getInteger("index")).toList());
        assertEquals(12, api.get("/api/v1/shops/" + SHOP + "/products/p1", key).json().getInteger("on_hand"));
    }

    @Test
    void hiddenAndOutOfStockProductsAreNeverRecommendedAfterTheChange() throws Exception {
        api.put("/api/v1/shops/" + SHOP + "/products", key,
                "[{\"product_id\":\"p1\"},{\"product_id\":\"p2\"},{\"product_id\":\"p3\"},{\"product_id\":\"p4\"}]");
        StringBuilder events = new StringBuilder("[");
        int n = 0;
        // Popularity p1 > p2 > p3 > p4.
        for (int p = 1; p <= 4; p++) {
            for (int i = 0; i < 10 - 2 * p; i++) {
                events.append(n == 0 ? "" : ",").append("{\"event_id\":\"e").append(n++)
                        .append("\",\"type\":\"Order Completed\",\"timestamp\":\"").append(ts(60))
                        .append("\",\"customer_id\":\"c").append(i).append("\",\"properties\":{\"order_id\":\"o")
                        .append(n).append("\",\"products\":[{\"product_id\":\"p").append(p)
                        .append("\",\"price\":10}]}}");
            }
        }
        assertEquals(n, postEvents(events.append("]").toString()).json().getInteger("accepted"));
        assertEquals(200, api.put("/api/v1/shops/" + SHOP + "/strategies/recommender", key,
                "{\"strategy\":\"popular\",\"config\":{}}").status());
        String job = api.post("/api/v1/shops/" + SHOP + "/strategies/recommender/train", key, null).json()
                .getString("job_id");
        waitForJob(job);
        assertEquals(List.of("p1", "p2", "p3", "p4"), recommended());

        api.put("/api/v1/shops/" + SHOP + "/products", key, "[{\"product_id\":\"p1\",\"hidden\":true}]");
        api.post("/api/v1/shops/" + SHOP + "/inventory", key,
                "[{\"product_id\":\"p3\",\"on_hand\":0,\"timestamp\":\"" + ts(1) + "\"}]");
        assertEquals(List.of("p2", "p4"), recommended(), "no retraining needed: applied at serving time");

        api.post("/api/v1/shops/" + SHOP + "/inventory", key,
                "[{\"product_id\":\"p3\",\"on_hand\":5,\"timestamp\":\"" + ts(0) + "\"}]");
        assertEquals(List.of("p2", "p3", "p4"), recommended());
    }

    private List<String> recommended() {
        ApiClient.Response r = api.get("/api/v1/shops/" + SHOP + "/recommendations?customer=someone&limit=10", key);
        assertEquals(200, r.status(), r.body());
        List<String> ids = new ArrayList<>();
        r.json().getJsonArray("items").forEach(i -> ids.add(((JsonObject) i).getString("product_id")));
        return ids;
    }

    private void waitForJob(String jobId) {
        Eventually.await(TRAINING, "job " + jobId + " finishes", () -> {
            JsonObject job = api.get("/api/v1/jobs/" + jobId, key).json();
            assertNotEquals("failed", job.getString("state"), job.encode());
            return job.getString("state").equals("succeeded");
        });
    }

    @Test
    void erasingACustomerSaysWhatWentAndLeavesOthers() {
        postEvents("""
                [{"event_id":"a","type":"Product Viewed","timestamp":"%s","customer_id":"alice","properties":{"product_id":"p1"}},
                 {"event_id":"b","type":"Order Completed","timestamp":"%s","customer_id":"alice",
                  "properties":{"order_id":"o1","products":[{"product_id":"p1","price":3},{"product_id":"p2","price":4}]}},
                 {"event_id":"c","type":"Product Viewed","timestamp":"%s","customer_id":"bob","properties":{"product_id":"p1"}}]
                """.formatted(ts(3), ts(2), ts(1)));
        JsonObject r = api.delete("/api/v1/shops/" + SHOP + "/customers/alice", key).json();
        assertEquals("alice", r.getString("customer_id"));
        assertEquals(2, r.getJsonObject("erased").getInteger("events"));
        assertEquals(3, r.getJsonObject("erased").getInteger("items"));
        assertEquals(1, api.get("/api/v1/shops/" + SHOP + "/events/summary", key).json().getLong("total"));
    }

    @Test
    void pseudonymizedShopsNeverStoreRawCustomerIdsButStillErasThem() {
        ApiClient.Response bad = api.put("/api/v1/shops/" + SHOP + "/data-settings", key,
                "{\"pseudonymize_customer_ids\":\"yes\",\"interaction_weights\":{\"Product Viewed\":-1},\"colour\":1}");
        assertEquals(400, bad.status());
        assertEquals(3, bad.json().getJsonArray("errors").size());
        assertFalse(api.get("/api/v1/shops/" + SHOP + "/data-settings", key).json()
                .getBoolean("pseudonymize_customer_ids"), "a rejected change changes nothing");

        JsonObject on = api.put("/api/v1/shops/" + SHOP + "/data-settings", key,
                "{\"pseudonymize_customer_ids\":true}").json();
        assertTrue(on.getBoolean("pseudonymize_customer_ids"));
        assertEquals(5.0, on.getJsonObject("interaction_weights").getDouble("Order Completed"));
        postEvents("[{\"event_id\":\"x\",\"type\":\"Product Viewed\",\"timestamp\":\"" + ts(1)
                + "\",\"customer_id\":\"alice@example.com\",\"properties\":{\"product_id\":\"p1\"}}]");
        JsonObject stored = api.get("/api/v1/shops/" + SHOP + "/events", key).json().getJsonArray("events")
                .getJsonObject(0);
        String pseudonym = stored.getString("customer_id");
        assertTrue(pseudonym.startsWith("ps_") && pseudonym.length() == 67, pseudonym);
        assertFalse(stored.encode().contains("alice"));
        // The same raw id maps to the same pseudonym, so erasure by the raw id finds it.
        assertEquals(1, api.delete("/api/v1/shops/" + SHOP + "/customers/alice@example.com", key).json()
                .getJsonObject("erased").getInteger("events"));
    }

    @Test
    void theEventBusIngestsWithTheSameReplyAndAnnouncesStoredBatches() throws Exception {
        List<JsonObject> notices = new CopyOnWriteArrayList<>();
        node.vertx().eventBus().<JsonObject>consumer(Addresses.EVENTS_INGESTED, m -> notices.add(m.body()));
        JsonObject body = new JsonObject().put("shop", SHOP).put("events", new JsonArray()
                .add(new JsonObject("{\"event_id\":\"b1\",\"type\":\"select_item\",\"timestamp\":\"" + ts(1)
                        + "\",\"customer_id\":\"c1\",\"properties\":{\"product_id\":\"p1\"}}"))
                .add(new JsonObject("{\"event_id\":\"b2\",\"type\":\"Product Clicked\"}")));
        JsonObject reply = node.vertx().eventBus().<JsonObject>request(Addresses.INGEST, body)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
        assertEquals(1, reply.getInteger("accepted"));
        assertEquals(1, reply.getJsonArray("rejected").size());
        Eventually.await(NOTICE, "merchantry.events.ingested is published", () -> !notices.isEmpty());
        assertEquals(1, notices.size());
        assertEquals(SHOP, notices.get(0).getString("shop"));
        assertEquals(1, notices.get(0).getJsonObject("types").getInteger("Product Clicked"));

        Throwable unknownShop = node.vertx().eventBus().request(Addresses.INGEST,
                        new JsonObject().put("shop", "nope").put("events", new JsonArray()))
                .toCompletionStage().toCompletableFuture().handle((ok, err) -> err).get(10, TimeUnit.SECONDS);
        assertEquals(404, ((ReplyException) unknownShop).failureCode());
    }
}
