package dev.merchantry.platform.bus;

import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The event-bus contract over real messages on a node with a trained demo shop: each request/reply address answers
 * a valid request with a reply its committed schema (docs/event-bus/) accepts, and fails with the code its schema
 * lists — the same status the REST API answers for the same failure.
 */
class BusContractIT {

    private static final String ADMIN = EmbeddedNode.ADMIN_TOKEN;
    private static final Path DOCS = Path.of("..", BusContract.DOCS_DIR);

    private static EmbeddedNode node;
    private static ApiClient api;
    private static final Map<String, Integer> failuresSeen = new HashMap<>();

    @BeforeAll
    static void start() {
        node = EmbeddedNode.builder().pluginsDir(EmbeddedNode.BUNDLED_PLUGINS).demo(new DemoScale(200, 40, 240))
                .start();
        api = node.api();
        assertEquals(201, api.post("/api/v1/shops", ADMIN, "{\"id\":\"bare\",\"name\":\"Nothing bound\"}").status());
        Eventually.await(Duration.ofSeconds(120), "the demo's training jobs end", () -> {
            JsonArray jobs = api.get("/api/v1/shops/demo/jobs?limit=50", ADMIN).json().getJsonArray("jobs");
            return jobs.size() >= 3 && jobs.stream().map(j -> ((JsonObject) j).getString("state"))
                    .allMatch(state -> state.equals("succeeded") || state.equals("failed"));
        });
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void everyAddressRepliesWhatItsSchemaDescribes() throws IOException {
        String product = api.get("/api/v1/shops/demo/replenishment?limit=1", ADMIN).json().getJsonArray("products")
                .getJsonObject(0).getString("product_id");
        String customer = api.post("/api/v1/shops/demo/audiences/preview", ADMIN, "{\"limit\":1}").json()
                .getJsonArray("customers").getJsonObject(0).getString("customer_id");
        Map<String, JsonObject> requests = Map.of(
                Addresses.RECOMMEND, new JsonObject().put("shop", "demo").put("customer_id", customer).put("limit", 3)
                        .put("exclude", new JsonArray().add(product)),
                Addresses.FORECAST, new JsonObject().put("shop", "demo").put("product_id", product).put("horizon", 5)
                        .put("quantiles", new JsonArray().add(0.1).add(0.9)),
                Addresses.PRICE, new JsonObject().put("shop", "demo").put("product_id", product).put("on_hand", 12),
                Addresses.PROFILE, new JsonObject().put("shop", "demo").put("customer_id", customer),
                Addresses.INGEST, new JsonObject().put("shop", "demo").put("events", new JsonArray()
                        .add(new JsonObject().put("event_id", "bus-contract-1").put("type", "Product Viewed")
                                .put("timestamp", Instant.now().minusSeconds(60).toString()).put("customer_id", customer)
                                .put("properties", new JsonObject().put("product_id", product)))));
        assertEquals(new TreeSet<>(requests.keySet()), new TreeSet<>(BusContract.ENDPOINTS.stream()
                .map(BusContract.Endpoint::address).toList()), "a request for every request/reply address");
        for (BusContract.Endpoint e : BusContract.ENDPOINTS) {
            JsonObject request = requests.get(e.address());
            assertValid(validator(e.requestFile()), request, e.address() + " request");
            if (e.address().equals(Addresses.INGEST)) {
                // A bad event is rejected on its own, with its errors in the reply (which the schema describes).
                request = request.copy();
                request.getJsonArray("events").add(new JsonObject().put("event_id", "bus-contract-2")
                        .put("type", "no such type"));
            }
            JsonObject reply = node.vertx().eventBus().<JsonObject>request(e.address(), request,
                    new DeliveryOptions().setSendTimeout(10_000)).await().body();
            assertValid(validator(e.replyFile()), reply, e.address() + " reply");
            if (e.address().equals(Addresses.INGEST)) {
                assertEquals(1, reply.getInteger("accepted"));
                assertEquals(1, reply.getJsonArray("rejected").size());
            }
        }
        // The schema check can fail: a reply missing a field it declares is refused.
        JsonObject broken = node.vertx().eventBus().<JsonObject>request(Addresses.PROFILE, requests.get(Addresses.PROFILE))
                .await().body();
        broken.remove("customer_id");
        assertFalse(validator(BusContract.endpoint(Addresses.PROFILE).replyFile()).validate(broken).getValid());
    }

    @Test
    void failuresAnswerTheCodesOfRestAndOfTheContract() {
        JsonObject unknownShop = new JsonObject().put("shop", "nope").put("customer_id", "c").put("product_id", "p")
                .put("events", new JsonArray());
        for (BusContract.Endpoint e : BusContract.ENDPOINTS) {
            // An unknown shop is 404 everywhere, as REST answers for /api/v1/shops/nope/...
            expect(e.address(), unknownShop, 404);
            expect(e.address(), new JsonObject().put("customer_id", "c"), 400);
        }
        assertEquals(404, api.get("/api/v1/shops/nope/recommendations?customer=c", ADMIN).status(), "REST: unknown shop");

        // Not bound: 409 on the bus and on REST.
        expect(Addresses.RECOMMEND, new JsonObject().put("shop", "bare").put("customer_id", "c"), 409);
        assertEquals(409, api.get("/api/v1/shops/bare/recommendations?customer=c", ADMIN).status());
        expect(Addresses.FORECAST, new JsonObject().put("shop", "bare").put("product_id", "p"), 409);
        assertEquals(409, api.get("/api/v1/shops/bare/forecasts/p", ADMIN).status());
        expect(Addresses.PRICE, new JsonObject().put("shop", "bare").put("product_id", "p"), 409);
        assertEquals(409, api.post("/api/v1/shops/bare/pricing/p/decide", ADMIN, null).status());
        expect(Addresses.PROFILE, new JsonObject().put("shop", "bare").put("customer_id", "c"), 409);
        assertEquals(409, api.get("/api/v1/shops/bare/customers/c/profile", ADMIN).status());

        // Bad fields: 400 on both.
        expect(Addresses.RECOMMEND, new JsonObject().put("shop", "demo").put("customer_id", "c").put("limit", 0), 400);
        assertEquals(400, api.get("/api/v1/shops/demo/recommendations?customer=c&limit=0", ADMIN).status());
        expect(Addresses.FORECAST, new JsonObject().put("shop", "demo").put("product_id", "p").put("horizon", 9999), 400);
        assertEquals(400, api.get("/api/v1/shops/demo/forecasts/p?horizon=9999", ADMIN).status());
        expect(Addresses.PRICE, new JsonObject().put("shop", "demo").put("product_id", "p").put("cost", -1), 400);
        assertEquals(400, api.post("/api/v1/shops/demo/pricing/p/decide", ADMIN, "{\"cost\":-1}").status());
        expect(Addresses.INGEST, new JsonObject().put("shop", "demo").put("events", "not an array"), 400);

        // Unknown things of a known shop: 404 on both.
        expect(Addresses.PROFILE, new JsonObject().put("shop", "demo").put("customer_id", "nobody"), 404);
        assertEquals(404, api.get("/api/v1/shops/demo/customers/nobody/profile", ADMIN).status());
        expect(Addresses.FORECAST, new JsonObject().put("shop", "demo").put("product_id", "no-such-product"), 404);
        assertEquals(404, api.get("/api/v1/shops/demo/forecasts/no-such-product", ADMIN).status());

        // Too large: 413 on both.
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i <= dev.merchantry.platform.ingest.IngestService.MAX_EVENTS; i++) {
            tooMany.add(new JsonObject().put("event_id", "x" + i));
        }
        expect(Addresses.INGEST, new JsonObject().put("shop", "demo").put("events", tooMany), 413);
        assertEquals(413, api.post("/api/v1/shops/demo/events", ADMIN, tooMany.encode()).status());

        // A body that is not a JSON object at all.
        try {
            node.vertx().eventBus().request(Addresses.RECOMMEND, "text").await();
            fail("a text body is refused");
        } catch (ReplyException e) {
            assertEquals(400, e.failureCode());
        }
        System.out.println("bus failures answered (address code → count): " + new java.util.TreeMap<>(failuresSeen));
    }

    @Test
    void everyNotificationPublishedMatchesItsSchema() throws Exception {
        Map<String, Validator> validators = new HashMap<>();
        Map<String, java.util.List<JsonObject>> heard = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.List<io.vertx.core.eventbus.MessageConsumer<JsonObject>> consumers = new java.util.ArrayList<>();
        for (BusContract.Notification n : BusContract.NOTIFICATIONS) {
            validators.put(n.address(), validator(n.file()));
            consumers.add(node.vertx().eventBus().<JsonObject>consumer(n.address(), m -> heard
                    .computeIfAbsent(n.address(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(m.body())));
        }
        try {
            // A shop of its own: bind, upsert, ingest (orders of a customer the profiler has not seen), train the
            // profiler twice (the second set moves that customer's group), price in auto mode, erase, revoke.
            String key = api.post("/api/v1/shops", ADMIN, "{\"id\":\"notices\",\"name\":\"Notices\"}").json()
                    .getString("api_key");
            String shop = "/api/v1/shops/notices";
            assertEquals(200, api.put(shop + "/strategies/profiler", key, "{\"strategy\":\"rfm\"}").status());
            assertEquals(200, api.put(shop + "/strategies/pricing", key, "{\"strategy\":\"thompson-pricing\"}").status());
            assertEquals(200, api.put(shop + "/products", key, "[{\"product_id\":\"p1\",\"price\":10,\"cost\":4}]")
                    .status());
            StringBuilder events = new StringBuilder("[");
            Instant now = Instant.now();
            for (int c = 0; c < 10; c++) {
                for (int o = 0; o <= c; o++) {
                    events.append(events.length() > 1 ? "," : "").append(order("c" + c, "o" + c + "-" + o,
                            now.minus(Duration.ofDays(5L * (o + 1) + c))));
                }
            }
            assertEquals(55, api.post(shop + "/events", key, events.append("]").toString()).json().getInteger("accepted"));
            train(shop, key);
            // The newcomer: orders from a customer the first profile set did not have.
            StringBuilder more = new StringBuilder("[");
            for (int o = 0; o < 12; o++) {
                more.append(o > 0 ? "," : "").append(order("newcomer", "n-" + o, now.minus(Duration.ofDays(o + 1))));
            }
            assertEquals(200, api.post(shop + "/events", key, more.append("]").toString()).status());
            train(shop, key);
            assertEquals(200, api.post(shop + "/pricing/p1/decide", key, null).status());
            assertEquals(200, api.delete(shop + "/customers/c3", key).status());
            String other = api.post(shop + "/keys", key, "{\"name\":\"temp\",\"scopes\":[\"read\"]}").json()
                    .getString("id");
            assertEquals(204, api.delete(shop + "/keys/" + other, key).status());
            assertEquals(204, api.delete(shop + "/strategies/pricing", key).status());

            Eventually.await(Duration.ofSeconds(30), "every notification was heard for the shop", () ->
                    BusContract.NOTIFICATIONS.stream().allMatch(n -> heard.getOrDefault(n.address(), java.util.List.of())
                            .stream().anyMatch(b -> "notices".equals(b.getString("shop")))));
            int validated = 0;
            for (BusContract.Notification n : BusContract.NOTIFICATIONS) {
                for (JsonObject body : heard.get(n.address())) {
                    assertValid(validators.get(n.address()), body, n.address() + " notification");
                    validated++;
                }
            }
            System.out.println("bus notifications validated: " + validated + " (" + new java.util.TreeMap<>(
                    heard.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                            e -> e.getValue().size()))) + ")");
        } finally {
            consumers.forEach(c -> c.unregister().await());
        }
    }

    private static String order(String customer, String id, Instant at) {
        return new JsonObject().put("event_id", id).put("type", "Order Completed").put("timestamp", at.toString())
                .put("customer_id", customer).put("properties", new JsonObject().put("order_id", id)
                        .put("currency", "EUR").put("products", new JsonArray().add(new JsonObject()
                                .put("product_id", "p1").put("price", 10).put("quantity", 1)))).encode();
    }

    private static void train(String shop, String key) {
        String job = api.post(shop + "/strategies/profiler/train", key, null).json().getString("job_id");
        node.awaitJobSucceeded(job);
    }

    /** Sends {@code body} and expects a failure with {@code code}, which the address's schema must list. */
    private static void expect(String address, JsonObject body, int code) {
        try {
            JsonObject reply = node.vertx().eventBus().<JsonObject>request(address, body,
                    new DeliveryOptions().setSendTimeout(10_000)).await().body();
            fail(address + " answered " + reply + " to " + body + "; expected failure " + code);
        } catch (ReplyException e) {
            assertEquals(code, e.failureCode(), address + " " + body + ": " + e.getMessage());
            assertTrue(BusContract.endpoint(address).failures().containsKey(code),
                    address + " fails with " + code + ", which its contract does not list");
            failuresSeen.merge(address + " " + code, 1, Integer::sum);
        }
    }

    private static Validator validator(String file) throws IOException {
        JsonObject schema = new JsonObject(Files.readString(DOCS.resolve(file)));
        return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://merchantry.dev/event-bus/v1/").setOutputFormat(OutputFormat.Basic));
    }

    private static void assertValid(Validator validator, JsonObject value, String what) {
        OutputUnit result = validator.validate(value);
        if (!result.getValid()) {
            StringBuilder why = new StringBuilder();
            for (OutputUnit e : result.getErrors() == null ? java.util.List.of(result) : result.getErrors()) {
                why.append("\n  ").append(e.getInstanceLocation()).append(": ").append(e.getError());
            }
            fail(what + " does not match its schema:" + why + "\n" + value.encodePrettily());
        }
    }
}
