package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.NodeProcess;
import dev.merchantry.platform.testing.Eventually;
import dev.merchantry.platform.testing.FreePorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21, "a kill -9 between attempts loses nothing": a real {@code merchantry serve} process produces a
 * notification, its webhook's first attempt fails, the process gets SIGKILL before the retry, and the restarted
 * process delivers it (same delivery, same body, valid signature; the log shows both attempts). The second case kills
 * the node while an attempt is in flight (the receiver never answers): the restart releases the delivery at once and
 * delivers it. The data directories and node logs stay under {@code target/webhook-crash}.
 */
class WebhookCrashIT {

    private static final String ADMIN = "webhook-crash-admin-token-0123456789";
    private static final Path WORK = Path.of("target/webhook-crash");
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Long enough that the kill surely lands before the retry, short enough for a quick test. */
    private static final String FIRST_RETRY_MS = "4000";
    private static final List<String> FLAGS = List.of("--allow-private-webhooks", "--webhook-first-retry-ms",
            FIRST_RETRY_MS);

    @Test
    void aDeliveryWhoseNodeIsKilledBetweenAttemptsArrivesAfterTheRestart() throws Exception {
        Path dir = fresh(WORK.resolve("between"));
        int port = FreePorts.one();
        try (WebhookReceiver receiver = WebhookReceiver.start().answer(500)) {
            NodeProcess node = NodeProcess.start(dir.resolve("data"), plugins(dir), port, ADMIN,
                    dir.resolve("node-0.log"), FLAGS);
            String key;
            JsonObject webhook;
            try {
                key = createShop(node.api());
                webhook = createWebhook(node.api(), key, receiver.url("/crash"));
                putProduct(node.api(), key);
                JsonObject delivery = Eventually.await(WAIT, "the first attempt failed with 500",
                        () -> deliveries(node.api(), key, webhook.getString("id")),
                        list -> list.size() == 1 && list.getJsonObject(0).getJsonArray("attempts").size() == 1)
                        .getJsonObject(0);
                assertEquals("pending", delivery.getString("state"));
                node.kill();
            } finally {
                node.close();
            }
            assertEquals(1, receiver.received().size(), "the kill must land between the attempts");

            NodeProcess restarted = NodeProcess.start(dir.resolve("data"), plugins(dir), port, ADMIN,
                    dir.resolve("node-1.log"), FLAGS);
            try {
                List<WebhookReceiver.Received> got = Eventually.await(WAIT, "the retry arrives after the restart",
                        receiver::received, list -> list.size() >= 2);
                assertDelivery(got, webhook.getString("secret"));
                JsonObject logged = Eventually.await(WAIT, "the log shows it delivered",
                        () -> deliveries(restarted.api(), key, webhook.getString("id")).getJsonObject(0),
                        d -> "delivered".equals(d.getString("state")));
                assertEquals(List.of(500, 200), logged.getJsonArray("attempts").stream()
                        .map(a -> ((JsonObject) a).getInteger("status_code")).toList());
            } finally {
                restarted.close();
            }
        }
    }

    @Test
    void aDeliveryWhoseNodeIsKilledMidAttemptIsReleasedAndDeliveredByTheRestart() throws Exception {
        Path dir = fresh(WORK.resolve("mid-attempt"));
        // The same port: the node's name (host:port) is the same, so the restart knows the lease was its own.
        int port = FreePorts.one();
        try (WebhookReceiver receiver = WebhookReceiver.start().answer(WebhookReceiver.HANG)) {
            NodeProcess node = NodeProcess.start(dir.resolve("data"), plugins(dir), port, ADMIN,
                    dir.resolve("node-0.log"), FLAGS);
            String key;
            JsonObject webhook;
            try {
                key = createShop(node.api());
                webhook = createWebhook(node.api(), key, receiver.url("/crash"));
                putProduct(node.api(), key);
                Eventually.await(WAIT, "the first attempt reached the receiver", receiver::received,
                        list -> list.size() == 1);
                node.kill();
            } finally {
                node.close();
            }
            NodeProcess restarted = NodeProcess.start(dir.resolve("data"), plugins(dir), port, ADMIN,
                    dir.resolve("node-1.log"), FLAGS);
            try {
                List<WebhookReceiver.Received> got = Eventually.await(WAIT, "the delivery arrives after the restart",
                        receiver::received, list -> list.size() >= 2);
                assertDelivery(got, webhook.getString("secret"));
                JsonObject logged = Eventually.await(WAIT, "the log shows it delivered",
                        () -> deliveries(restarted.api(), key, webhook.getString("id")).getJsonObject(0),
                        d -> "delivered".equals(d.getString("state")));
                // The killed attempt left no result; the one after the restart is attempt 2.
                JsonArray attempts = logged.getJsonArray("attempts");
                assertEquals(1, attempts.size(), attempts.encode());
                assertEquals(2, attempts.getJsonObject(0).getInteger("attempt"));
                assertEquals(200, attempts.getJsonObject(0).getInteger("status_code"));
            } finally {
                restarted.close();
            }
        }
    }

    /**
     * A change acknowledged right before SIGKILL is delivered after the restart: the notification is stored in the
     * change's own transaction. Each round changes the catalog, kills the node the moment the answer arrives, and
     * restarts it on the same data; every round's notification must arrive (once or, when the kill cut an attempt
     * short, again with the same id).
     */
    @Test
    void everyChangeAcknowledgedJustBeforeAKillIsDeliveredAfterTheRestart() throws Exception {
        Path dir = fresh(WORK.resolve("acknowledged"));
        int port = FreePorts.one();
        int rounds = 5;
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            NodeProcess node = NodeProcess.start(dir.resolve("data"), plugins(dir), port, ADMIN,
                    dir.resolve("node-0.log"), FLAGS);
            String key;
            JsonObject webhook;
            try {
                key = createShop(node.api());
                webhook = createWebhook(node.api(), key, receiver.url("/crash"));
            } catch (RuntimeException | Error e) {
                node.close();
                throw e;
            }
            for (int round = 1; round <= rounds; round++) {
                try {
                    ApiClient.Response r = node.api().put("/api/v1/shops/crash/products", key, new JsonArray()
                            .add(new JsonObject().put("product_id", "p" + round).put("price", round)).encode());
                    assertEquals(200, r.status(), r.body());
                    node.kill();
                } finally {
                    node.close();
                }
                node = NodeProcess.start(dir.resolve("data"), plugins(dir), port, ADMIN,
                        dir.resolve("node-" + round + ".log"), FLAGS);
            }
            NodeProcess last = node;
            try {
                Eventually.await(WAIT, rounds + " notifications arrive", () -> receiver.received().stream()
                        .map(r -> r.json().getString("id")).distinct().count(), n -> n >= rounds);
                JsonArray logged = Eventually.await(WAIT, "the log shows " + rounds + " deliveries delivered",
                        () -> deliveries(last.api(), key, webhook.getString("id")), list -> list.size() == rounds
                                && list.stream().allMatch(d -> "delivered".equals(((JsonObject) d).getString("state"))));
                assertEquals(rounds, logged.size());
                for (WebhookReceiver.Received r : receiver.received()) {
                    assertTrue(r.signedWith(webhook.getString("secret")), "signature of " + r.headers());
                    assertEquals(Addresses.CATALOG_CHANGED, r.json().getString("type"));
                }
            } finally {
                last.close();
            }
        }
    }

    /**
     * Under load, SIGKILL lands while batches are being stored and acknowledged: every batch that was acknowledged
     * with a 200 must have its {@code merchantry.events.ingested} notification delivered after the restart. Four
     * clients post batches of 200 events for 1.5 s, then the node is killed; three rounds. Each batch's events start
     * at their own second, so a notification's {@code from} names its batch.
     */
    @Test
    void everyBatchAcknowledgedUnderLoadIsNotifiedAcrossKills() throws Exception {
        Path dir = fresh(WORK.resolve("under-load"));
        int port = FreePorts.one();
        Instant base = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger nextBatch = new AtomicInteger();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            NodeProcess node = NodeProcess.start(dir.resolve("data"), plugins(dir), port, ADMIN,
                    dir.resolve("node-0.log"), FLAGS);
            String key;
            JsonObject webhook;
            try {
                key = createShop(node.api());
                ApiClient.Response r = node.api().post("/api/v1/shops/crash/webhooks", key, new JsonObject()
                        .put("url", receiver.url("/ingested"))
                        .put("events", new JsonArray().add(Addresses.EVENTS_INGESTED)).encode());
                assertEquals(201, r.status(), r.body());
                webhook = r.json();
            } catch (RuntimeException | Error e) {
                node.close();
                throw e;
            }
            for (int round = 1; round <= 3; round++) {
                ApiClient api = node.api();
                AtomicBoolean go = new AtomicBoolean(true);
                List<Thread> clients = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    Thread client = new Thread(() -> {
                        while (go.get()) {
                            int k = nextBatch.getAndIncrement();
                            JsonArray batch = new JsonArray();
                            for (int i = 0; i < 200; i++) {
                                batch.add(new JsonObject().put("event_id", "b" + k + "-" + i).put("type", "Product Viewed")
                                        .put("timestamp", base.plusSeconds(k).plusMillis(i).toString())
                                        .put("customer_id", "c" + (i % 50))
                                        .put("properties", new JsonObject().put("product_id", "p" + (i % 7))));
                            }
                            try {
                                if (api.post("/api/v1/shops/crash/events", key, batch.encode()).status() == 200) {
                                    acknowledged.add(k);
                                }
                            } catch (RuntimeException e) {
                                return; // the node is gone
                            }
                        }
                    });
                    client.start();
                    clients.add(client);
                }
                Thread.sleep(1500);
                try {
                    node.kill();
                } finally {
                    go.set(false);
                    node.close();
                }
                for (Thread client : clients) {
                    client.join(30_000);
                }
                node = NodeProcess.start(dir.resolve("data"), plugins(dir), port, ADMIN,
                        dir.resolve("node-" + round + ".log"), FLAGS);
            }
            NodeProcess last = node;
            try {
                assertTrue(acknowledged.size() > 30, "too little load to test anything: " + acknowledged.size());
                Supplier<Set<Integer>> notified = () -> {
                    Set<Integer> batches = new HashSet<>();
                    for (WebhookReceiver.Received r : receiver.received()) {
                        Instant from = Instant.parse(r.json().getJsonObject("data").getString("from"));
                        batches.add((int) Duration.between(base, from).getSeconds());
                    }
                    return batches;
                };
                Set<Integer> seen = Eventually.await(WAIT, "every one of the " + acknowledged.size()
                                + " acknowledged batches is notified; the missing ones",
                        () -> {
                            Set<Integer> missing = new TreeSet<>(acknowledged);
                            missing.removeAll(notified.get());
                            return missing;
                        }, Set::isEmpty);
                assertEquals(Set.of(), seen);
                System.out.println("under-load kills: " + acknowledged.size() + " batches acknowledged, "
                        + notified.get().size() + " notified");
            } finally {
                last.close();
            }
        }
    }

    /** Both requests carry the same delivery and body, each validly signed. */
    private static void assertDelivery(List<WebhookReceiver.Received> got, String secret) {
        assertEquals(2, got.size());
        for (WebhookReceiver.Received r : got) {
            assertTrue(r.signedWith(secret), "signature of " + r.headers());
        }
        assertEquals(got.get(0).header("X-Merchantry-Delivery"), got.get(1).header("X-Merchantry-Delivery"));
        assertEquals(got.get(0).body(), got.get(1).body());
        JsonObject body = got.get(1).json();
        assertEquals(Addresses.CATALOG_CHANGED, body.getString("type"));
        assertEquals("crash", body.getString("shop"));
    }

    private static String createShop(ApiClient api) {
        ApiClient.Response r = api.post("/api/v1/shops", ADMIN, new JsonObject().put("id", "crash").put("name", "Crash")
                .encode());
        assertEquals(201, r.status(), r.body());
        return r.json().getString("api_key");
    }

    private static JsonObject createWebhook(ApiClient api, String key, String url) {
        ApiClient.Response r = api.post("/api/v1/shops/crash/webhooks", key, new JsonObject().put("url", url)
                .put("events", new JsonArray().add(Addresses.CATALOG_CHANGED)).encode());
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private static void putProduct(ApiClient api, String key) {
        ApiClient.Response r = api.put("/api/v1/shops/crash/products", key, new JsonArray()
                .add(new JsonObject().put("product_id", "p1").put("title", "Kettle").put("price", 30)).encode());
        assertEquals(200, r.status(), r.body());
    }

    private static JsonArray deliveries(ApiClient api, String key, String webhook) {
        ApiClient.Response r = api.get("/api/v1/shops/crash/webhooks/" + webhook + "/deliveries", key);
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("deliveries");
    }

    /** No plugins are needed: webhooks and the catalog work without strategies (and the node starts faster). */
    private static Path plugins(Path dir) throws IOException {
        return Files.createDirectories(dir.resolve("plugins"));
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
