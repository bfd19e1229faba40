package dev.merchantry.platform.webhooks;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.NodeProcess;
import dev.merchantry.platform.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
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
        int port = freePort();
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
        int port = freePort();
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
