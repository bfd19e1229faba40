package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.Notices;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks through the REST API of real nodes, delivering to a receiver on loopback: retries until the receiver
 * accepts (issue 21, "a receiver that answers 500 twice then 200 gets the delivery three times with valid
 * signatures; the delivery log shows the three attempts"), redelivery, which notifications go where, the SSRF rule
 * (on a node without {@code --allow-private-webhooks}), per-field validation, scopes, deletion and erasure.
 */
class WebhooksIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Short waits between attempts, so retries take milliseconds instead of the default 30 s. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);

    /** Private targets allowed (the receiver is on loopback), short retries. */
    private static EmbeddedNode node;
    /** The defaults: private, loopback and link-local targets refused. */
    private static EmbeddedNode strict;

    @BeforeAll
    static void startNodes() {
        node = EmbeddedNode.builder().webhooks(new WebhookOptions().setAllowPrivateTargets(true)
                .setFirstRetryDelay(FIRST_RETRY).setMaxRetryDelay(FIRST_RETRY.multipliedBy(2)).setPollInterval(Duration.ofMillis(50))).start();
        strict = EmbeddedNode.builder().start();
    }

    @AfterAll
    static void stopNodes() {
        if (node != null) {
            node.close();
        }
        if (strict != null) {
            strict.close();
        }
    }

    private static JsonObject create(EmbeddedNode on, String shop, String key, JsonObject body) {
        ApiClient.Response r = on.api().post("/api/v1/shops/" + shop + "/webhooks", key, body.encode());
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private static JsonArray deliveries(String shop, String key, String webhook) {
        ApiClient.Response r = node.api().get("/api/v1/shops/" + shop + "/webhooks/" + webhook + "/deliveries", key);
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("deliveries");
    }

    private static void putProduct(String shop, String key, String product) {
        ApiClient.Response r = node.api().put("/api/v1/shops/" + shop + "/products", key,
                new JsonArray().add(new JsonObject().put("product_id", product).put("title", "Mug").put("price", 9.5))
                        .encode());
        assertEquals(200, r.status(), r.body());
    }

    @Test
    void aReceiverAnswering500TwiceThen200GetsTheDeliveryThreeTimesSignedAndTheLogShowsEachAttempt() {
        String key = node.createShop("retries");
        try (WebhookReceiver receiver = WebhookReceiver.start().answer(500, 500, 200)) {
            JsonObject webhook = create(node, "retries", key, new JsonObject().put("url", receiver.url("/hooks"))
                    .put("events", new JsonArray().add(Addresses.CATALOG_CHANGED)));
            String secret = webhook.getString("secret");
            assertTrue(secret.startsWith("whsec_") && secret.length() >= 40, secret);
            Instant before = Instant.now();

            putProduct("retries", key, "mug");

            List<WebhookReceiver.Received> got = Eventually.await(WAIT, "three attempts reach the receiver",
                    receiver::received, list -> list.size() >= 3);
            assertEquals(3, got.size());
            for (WebhookReceiver.Received r : got) {
                assertTrue(r.signedWith(secret), "signature of " + r.headers());
                assertEquals("/hooks", r.path());
                assertEquals("application/json", r.header("Content-Type"));
                assertEquals(Addresses.CATALOG_CHANGED, r.header("X-Merchantry-Event"));
                long timestamp = Long.parseLong(r.header("X-Merchantry-Timestamp"));
                assertTrue(Math.abs(timestamp - before.getEpochSecond()) < 60, "timestamp " + timestamp);
            }
            // One delivery, attempted three times: same delivery id and the same bytes each time.
            assertEquals(1, got.stream().map(r -> r.header("X-Merchantry-Delivery")).distinct().count());
            assertEquals(1, got.stream().map(WebhookReceiver.Received::body).distinct().count());
            JsonObject body = got.get(0).json();
            assertEquals(List.of("created_at", "data", "id", "shop", "type"),
                    body.fieldNames().stream().sorted().collect(Collectors.toList()));
            assertTrue(body.getString("id").startsWith("evt_"));
            assertEquals(Addresses.CATALOG_CHANGED, body.getString("type"));
            assertEquals("retries", body.getString("shop"));
            assertEquals(1L, body.getJsonObject("data").getLong("changed"));
            assertFalse(got.get(0).signedWith(secret + "x"), "the check must fail with another secret");

            JsonObject delivery = Eventually.await(WAIT, "the delivery log shows it delivered",
                    () -> deliveries("retries", key, webhook.getString("id")),
                    list -> list.size() == 1 && "delivered".equals(list.getJsonObject(0).getString("state")))
                    .getJsonObject(0);
            assertEquals(got.get(0).header("X-Merchantry-Delivery"), delivery.getString("id"));
            assertEquals(body.getString("id"), delivery.getString("event_id"));
            JsonArray attempts = delivery.getJsonArray("attempts");
            assertEquals(3, attempts.size(), attempts.encodePrettily());
            assertEquals(List.of(1, 2, 3), attempts.stream().map(a -> ((JsonObject) a).getInteger("attempt")).toList());
            assertEquals(List.of(500, 500, 200), attempts.stream()
                    .map(a -> ((JsonObject) a).getInteger("status_code")).toList());
            for (Object a : attempts) {
                JsonObject attempt = (JsonObject) a;
                assertTrue(attempt.getLong("duration_ms") >= 0, attempt.encode());
                assertNotNull(attempt.getString("started_at"));
            }
            assertEquals("HTTP 500", attempts.getJsonObject(0).getString("error"));
            assertEquals("receiver says no (500)", attempts.getJsonObject(0).getString("response_excerpt"));
            assertNull(attempts.getJsonObject(2).getString("error"));
            // The retries waited at least the jittered first delay (half of it at the least).
            Instant first = Instant.parse(attempts.getJsonObject(0).getString("started_at"));
            Instant second = Instant.parse(attempts.getJsonObject(1).getString("started_at"));
            assertTrue(Duration.between(first, second).compareTo(FIRST_RETRY.dividedBy(2)) >= 0,
                    first + " → " + second);
            assertNull(delivery.getString("next_attempt_at"));
            assertNotNull(delivery.getString("finished_at"));

            // Redelivery: the same delivery (id, body) once more, a fourth attempt in its log.
            ApiClient.Response redelivered = node.api().post("/api/v1/shops/retries/webhooks/" + webhook.getString("id")
                    + "/deliveries/" + delivery.getString("id") + "/redeliver", key, null);
            assertEquals(202, redelivered.status(), redelivered.body());
            assertEquals("pending", redelivered.json().getString("state"));
            List<WebhookReceiver.Received> again = Eventually.await(WAIT, "the redelivery arrives",
                    receiver::received, list -> list.size() >= 4);
            assertEquals(got.get(0).body(), again.get(3).body());
            assertEquals(delivery.getString("id"), again.get(3).header("X-Merchantry-Delivery"));
            assertTrue(again.get(3).signedWith(secret));
            Eventually.await(WAIT, "the log shows the fourth attempt", () -> deliveries("retries", key,
                    webhook.getString("id")).getJsonObject(0), d -> "delivered".equals(d.getString("state"))
                    && d.getJsonArray("attempts").size() == 4);
            ApiClient.Response unknown = node.api().post("/api/v1/shops/retries/webhooks/" + webhook.getString("id")
                    + "/deliveries/dlv_nope/redeliver", key, null);
            assertEquals(404, unknown.status(), unknown.body());

            // The attempts by outcome on /metrics (other tests of this class add to them; these ones at least).
            String metrics = node.api().get("/metrics", null).body();
            assertTrue(counter(metrics, "merchantry_webhook_attempts_total{event=\"merchantry.catalog.changed\","
                    + "outcome=\"retrying\"}") >= 2, metrics);
            assertTrue(counter(metrics, "merchantry_webhook_attempts_total{event=\"merchantry.catalog.changed\","
                    + "outcome=\"delivered\"}") >= 2, metrics);
            assertTrue(metrics.contains("merchantry_webhook_attempt_duration_seconds_count{outcome=\"delivered\"}"),
                    metrics);
        }
    }

    /** The value of one series of a Prometheus text exposition; 0 when absent. */
    private static double counter(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l ->
                Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst().orElse(0);
    }

    @Test
    void onlyTheSubscribedNotificationsOfTheWebhooksOwnShopAreDelivered() {
        String key = node.createShop("subscribed");
        String otherKey = node.createShop("other-shop");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            JsonObject webhook = create(node, "subscribed", key, new JsonObject().put("url", receiver.url("/ingested"))
                    .put("events", new JsonArray().add(Addresses.EVENTS_INGESTED)).put("secret", "my-own-secret-0123456"));
            assertEquals("my-own-secret-0123456", webhook.getString("secret"));

            putProduct("subscribed", key, "p1");                 // catalog.changed: not subscribed
            ingest("other-shop", otherKey, "o1");                 // another shop's events
            ingest("subscribed", key, "e1");                      // this one

            WebhookReceiver.Received r = Eventually.await(WAIT, "the ingest notice arrives", receiver::received,
                    list -> !list.isEmpty()).get(0);
            assertTrue(r.signedWith("my-own-secret-0123456"));
            JsonObject body = r.json();
            assertEquals(Addresses.EVENTS_INGESTED, body.getString("type"));
            assertEquals("subscribed", body.getString("shop"));
            assertEquals(1L, body.getJsonObject("data").getLong("accepted"));
            // Everything published before the ingest was looked at first; one more ingest flushes the pipeline.
            ingest("subscribed", key, "e2");
            Eventually.await(WAIT, "the second ingest notice arrives", receiver::received, list -> list.size() >= 2);
            assertEquals(List.of(Addresses.EVENTS_INGESTED, Addresses.EVENTS_INGESTED), receiver.received().stream()
                    .map(x -> x.json().getString("type")).toList());
            assertEquals(List.of("subscribed", "subscribed"), receiver.received().stream()
                    .map(x -> x.json().getString("shop")).toList());
        }
    }

    private static void ingest(String shop, String key, String eventId) {
        ApiClient.Response r = node.api().post("/api/v1/shops/" + shop + "/events", key, new JsonArray()
                .add(new JsonObject().put("event_id", eventId).put("type", "Product Viewed")
                        .put("timestamp", Instant.now().minusSeconds(60).toString()).put("customer_id", "c1")
                        .put("properties", new JsonObject().put("product_id", "p1"))).encode());
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().getInteger("accepted"), r.body());
    }

    @Test
    void loopbackPrivateAndLinkLocalTargetsAreRefusedWithA400NamingUrlWithoutTheFlag() {
        String key = strict.createShop("ssrf");
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook",
                "http://10.0.0.5/hook", "http://192.168.1.10:9000/", "http://172.16.3.4/",
                "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://0.0.0.0/",
                "http://[::ffff:127.0.0.1]/", "ftp://example.com/hook", "https://user:pw@example.com/")) {
            ApiClient.Response r = strict.api().post("/api/v1/shops/ssrf/webhooks", key, new JsonObject()
                    .put("url", url).put("events", new JsonArray().add(Addresses.PRICE_CHANGED)).encode());
            assertEquals(400, r.status(), url + ": " + r.body());
            JsonArray errors = r.json().getJsonArray("errors");
            assertEquals("url", errors.getJsonObject(0).getString("field", errors.getJsonObject(0).getString("key")),
                    url + ": " + r.body());
            assertTrue(r.json().getString("detail").startsWith("url: "), r.body());
        }
        ApiClient.Response loopback = strict.api().post("/api/v1/shops/ssrf/webhooks", key, new JsonObject()
                .put("url", "http://127.0.0.1:8080/hook").put("events", new JsonArray().add(Addresses.PRICE_CHANGED))
                .encode());
        assertTrue(loopback.json().getString("detail").contains("loopback")
                && loopback.json().getString("detail").contains("--allow-private-webhooks"), loopback.body());
        ApiClient.Response list = strict.api().get("/api/v1/shops/ssrf/webhooks", key);
        assertEquals(0, list.json().getJsonArray("webhooks").size(), "nothing was stored: " + list.body());
    }

    @Test
    void badFieldsAreEachNamedAndNothingIsStored() {
        String key = node.createShop("invalid");
        ApiClient.Response r = node.api().post("/api/v1/shops/invalid/webhooks", key, new JsonObject()
                .put("events", new JsonArray().add("merchantry.price.changed").add("merchantry.train").add(7))
                .put("secret", "short").put("colour", "blue").encode());
        assertEquals(400, r.status(), r.body());
        List<String> fields = r.json().getJsonArray("errors").stream().map(e -> fieldOf((JsonObject) e)).sorted()
                .toList();
        assertEquals(List.of("colour", "events[1]", "events[2]", "secret", "url"), fields, r.body());
        assertTrue(r.body().contains("unknown notification 'merchantry.train'"), r.body());
        ApiClient.Response empty = node.api().post("/api/v1/shops/invalid/webhooks", key, new JsonObject()
                .put("url", "http://127.0.0.1:9/x").put("events", new JsonArray()).encode());
        assertEquals(400, empty.status(), empty.body());
        assertEquals("events", fieldOf(empty.json().getJsonArray("errors").getJsonObject(0)));
        assertEquals(0, node.api().get("/api/v1/shops/invalid/webhooks", key).json().getJsonArray("webhooks").size());
    }

    private static String fieldOf(JsonObject error) {
        return error.getString("field", error.getString("key"));
    }

    @Test
    void theSecretIsShownOnceManagingNeedsTheManageScopeAndDeletingRemovesTheLog() {
        String key = node.createShop("managed");
        JsonObject created = create(node, "managed", key, new JsonObject().put("url", "http://127.0.0.1:9/hook")
                .put("events", new JsonArray().add(Addresses.MODEL_TRAINED).add(Addresses.PRICE_CHANGED)));
        String id = created.getString("id");
        ApiClient.Response one = node.api().get("/api/v1/shops/managed/webhooks/" + id, key);
        assertEquals(200, one.status(), one.body());
        assertNull(one.json().getString("secret"));
        assertEquals(List.of(Addresses.MODEL_TRAINED, Addresses.PRICE_CHANGED),
                one.json().getJsonArray("events").getList());
        ApiClient.Response list = node.api().get("/api/v1/shops/managed/webhooks", key);
        assertFalse(list.body().contains(created.getString("secret")), list.body());

        ApiClient.Response readKey = node.api().post("/api/v1/shops/managed/keys", key, new JsonObject()
                .put("name", "reader").put("scopes", new JsonArray().add("read").add("ingest")).encode());
        assertEquals(201, readKey.status(), readKey.body());
        String reader = readKey.json().getString("key");
        assertEquals(403, node.api().get("/api/v1/shops/managed/webhooks", reader).status());
        assertEquals(403, node.api().post("/api/v1/shops/managed/webhooks", reader, new JsonObject()
                .put("url", "http://127.0.0.1:9/x").put("events", new JsonArray().add(Addresses.MODEL_TRAINED))
                .encode()).status());
        String otherShopKey = node.createShop("managed-other");
        assertEquals(403, node.api().get("/api/v1/shops/managed/webhooks/" + id, otherShopKey).status());

        assertEquals(204, node.api().delete("/api/v1/shops/managed/webhooks/" + id, key).status());
        assertEquals(404, node.api().get("/api/v1/shops/managed/webhooks/" + id, key).status());
        assertEquals(404, node.api().get("/api/v1/shops/managed/webhooks/" + id + "/deliveries", key).status());
        assertEquals(404, node.api().delete("/api/v1/shops/managed/webhooks/" + id, key).status());
    }

    /** Profile-change requests the receiver got about this customer. */
    private static int carrying(WebhookReceiver receiver, String customer) {
        return (int) receiver.received().stream().map(WebhookReceiver.Received::json)
                .filter(b -> Addresses.PROFILE_CHANGED.equals(b.getString("type"))
                        && customer.equals(b.getJsonObject("data").getString("customer_id"))).count();
    }

    @Test
    void erasingACustomerRemovesTheDeliveriesAboutThemAndDeliversTheErasureNotice() {
        String key = node.createShop("erasure");
        try (WebhookReceiver receiver = WebhookReceiver.start().answer(java.util.Collections.nCopies(60, 503).toArray(Integer[]::new))) {
            JsonObject webhook = create(node, "erasure", key, new JsonObject().put("url", receiver.url("/gdpr"))
                    .put("events", new JsonArray().add(Addresses.PROFILE_CHANGED).add(Addresses.CUSTOMER_ERASED)));
            String id = webhook.getString("id");
            // A profile change as the profile service stores it with a new profile set (a training is not what this
            // test is about).
            record(node, new Notices.Notice(Addresses.PROFILE_CHANGED, "erasure", new JsonObject().put("shop", "erasure")
                    .put("customer_id", "alice").put("old_group", "new").put("new_group", "loyal").put("version", 3)
                    .put("updated_at", Instant.now().toString())));
            record(node, new Notices.Notice(Addresses.PROFILE_CHANGED, "erasure", new JsonObject().put("shop", "erasure")
                    .put("customer_id", "bob").put("old_group", "new").put("new_group", "loyal").put("version", 3)
                    .put("updated_at", Instant.now().toString())));
            Eventually.await(WAIT, "both profile changes are in the outbox", () -> deliveries("erasure", key, id),
                    list -> list.size() == 2);

            ApiClient.Response erased = node.api().delete("/api/v1/shops/erasure/customers/alice", key);
            assertEquals(200, erased.status(), erased.body());
            assertEquals(1L, erased.json().getJsonObject("erased").getLong("webhook_deliveries"), erased.body());

            JsonArray left = Eventually.await(WAIT, "bob's change and alice's erasure notice are in the log",
                    () -> deliveries("erasure", key, id), list -> list.size() == 2 && list.stream()
                            .anyMatch(d -> Addresses.CUSTOMER_ERASED.equals(((JsonObject) d).getString("type"))));
            List<String> types = left.stream().map(d -> ((JsonObject) d).getString("type")).sorted().toList();
            assertEquals(List.of(Addresses.CUSTOMER_ERASED, Addresses.PROFILE_CHANGED), types);
            // Once an attempt that might have been in flight during the erasure is surely over (bob was attempted twice
            // more), no attempt carries alice any more while bob's delivery goes on.
            int bobNow = carrying(receiver, "bob");
            Eventually.await(WAIT, "bob's delivery is attempted twice more", () -> carrying(receiver, "bob"),
                    n -> n >= bobNow + 2);
            int alice = carrying(receiver, "alice");
            int bobLater = carrying(receiver, "bob");
            Eventually.await(WAIT, "bob's delivery is attempted again", () -> carrying(receiver, "bob"),
                    n -> n > bobLater);
            assertEquals(alice, carrying(receiver, "alice"), "no attempt about alice after her erasure");
        }
    }

    /** Stores a notice as a change's transaction does, so the outbox turns it into deliveries. */
    private static void record(EmbeddedNode node, Notices.Notice notice) {
        node.database().recordNotices(List.of(notice));
    }
}
