package dev.merchantry.platform.ingest;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Acknowledged means durable": a real {@code merchantry serve} process on the embedded database is killed with
 * SIGKILL right after answering 200 to an event batch; every acknowledged event is in the database afterwards.
 */
class KillNineDurabilityTest {

    private static final String ADMIN = "kill-nine-admin-token-0123456789";
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)/");

    @TempDir
    Path tmp;

    @Test
    void eventsAcknowledgedBeforeKillNineSurvive() throws Exception {
        Path data = tmp.resolve("data");
        Process node = startNode(data);
        long acknowledged = 0;
        try {
            ApiClient api = new ApiClient(awaitPort(node));
            String key = api.post("/api/v1/shops", ADMIN, "{\"id\":\"k9\",\"name\":\"K9\"}").json().getString("api_key");
            String ts = Instant.now().minusSeconds(60).toString();
            for (int batch = 0; batch < 5; batch++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 2000; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"event_id\":\"b").append(batch).append('-').append(i)
                            .append("\",\"type\":\"Product Viewed\",\"timestamp\":\"").append(ts)
                            .append("\",\"customer_id\":\"c").append(i % 97).append("\",\"properties\":{\"product_id\":\"p")
                            .append(i % 13).append("\"}}");
                }
                ApiClient.Response r = api.post("/api/v1/shops/k9/events", key, body.append(']').toString());
                assertEquals(200, r.status(), r.body());
                acknowledged += r.json().getLong("accepted");
            }
        } finally {
            // SIGKILL: no shutdown hook, no orderly close of the database.
            node.destroyForcibly();
            assertTrue(node.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(10_000, acknowledged);
        try (Database db = Database.open(DatabaseOptions.embedded(data))) {
            assertEquals(acknowledged, db.events().countsByType("k9", null).get("Product Viewed"));
        }
    }

    private Process startNode(Path data) throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.merchantry.platform.cli.Main", "serve",
                "--host", "127.0.0.1", "--port", "0", "--data-dir", data.toString(), "--plugins-dir", plugins.toString())
                .redirectErrorStream(true);
        pb.environment().put("MERCHANTRY_ADMIN_TOKEN", ADMIN);
        return pb.start();
    }

    /** Reads the node's output (forever, so its pipe never fills) and returns the port it prints. */
    private static int awaitPort(Process node) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new IllegalStateException("node exited before listening"));
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(90, TimeUnit.SECONDS);
    }
}
