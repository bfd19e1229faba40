package dev.merchantry.platform.bus;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.testing.EmbeddedNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Python and Node bridge clients ({@code clients/}) against a real node started with a bridge: a recommendation
 * reply, an ingest reply, a {@code merchantry.price.changed} notice for the client's shop and none for another
 * shop's subscriber, and a refused cross-shop send. Each language runs its own check script as a user would.
 */
class BridgeClientsIT {

    private static final Path CLIENTS = Path.of("..", "clients");
    private static EmbeddedNode node;
    private static String key;
    private static String otherKey;

    @BeforeAll
    static void start() {
        node = EmbeddedNode.builder().plugins("baselines", "pricing").bridge().start();
        ApiClient api = node.api();
        key = node.createShop("acme");
        otherKey = node.createShop("rival");
        assertEquals(200, api.put("/api/v1/shops/acme/products", key,
                "[{\"product_id\":\"p1\",\"price\":20,\"cost\":10},{\"product_id\":\"p2\",\"price\":50,\"cost\":20}]")
                .status());
        JsonArray views = new JsonArray();
        for (int i = 0; i < 20; i++) {
            views.add(new JsonObject().put("event_id", "v" + i).put("type", "Product Viewed")
                    .put("timestamp", Instant.now().minusSeconds(600).toString()).put("customer_id", "c" + i)
                    .put("properties", new JsonObject().put("product_id", i % 3 == 0 ? "p2" : "p1")));
        }
        assertEquals(200, api.post("/api/v1/shops/acme/events", key, views.encode()).status());
        assertEquals(200, api.put("/api/v1/shops/acme/strategies/recommender", key, "{\"strategy\":\"popular\"}")
                .status());
        String job = api.post("/api/v1/shops/acme/strategies/recommender/train", key, null).json().getString("job_id");
        node.awaitJobSucceeded(job);
        assertEquals(200, api.put("/api/v1/shops/acme/strategies/pricing", key,
                "{\"strategy\":\"thompson-pricing\",\"config\":{\"mode\":\"auto\"}}").status());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void pythonClient() throws Exception {
        check(List.of("python3", "check_bridge.py"), CLIENTS.resolve("python"));
    }

    @Test
    void nodeClient() throws Exception {
        check(List.of("node", "check-bridge.mjs"), CLIENTS.resolve("node"));
    }

    private static void check(List<String> command, Path dir) throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>(command);
        args.addAll(List.of("127.0.0.1:" + node.node().bridgePort(), key, "acme", "p1", "c1", otherKey, "rival"));
        Path output = Files.createTempFile("bridge-check", ".out");
        Process process = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        System.out.println(String.join(" ", command) + ": " + out.strip());
        assertTrue(finished, "the check did not finish within 90 s: " + out);
        assertEquals(0, process.exitValue(), out);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
        JsonObject results = new JsonObject(last);
        assertTrue(results.getBoolean("ok"), out);
        assertEquals(403, results.getJsonObject("cross_shop").getInteger("code"), out);
        assertEquals(0, results.getInteger("other_shop_received"), out);
    }
}
