package dev.merchantry.platform.http;

import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.NodeOptions;
import dev.merchantry.platform.storage.Database;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /health} tells the truth about the database: when another process holds the embedded database's write
 * lock, nothing can commit, and /health says so (503, database down, with the reason) instead of "up"; writes
 * fail with a 5xx rather than being acknowledged; once the lock is gone, /health is 200 again and writes succeed.
 */
class HealthTest {

    private static final String ADMIN = "test-admin-token-0123456789";

    @TempDir
    Path tmp;

    private MerchantryNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void metricsHaveJvmGaugesAndPerRouteLatency() throws Exception {
        node = MerchantryNode.start(new NodeOptions("127.0.0.1", 0, tmp.resolve("data"), null, null, null,
                Files.createDirectories(tmp.resolve("plugins")), false, null, false, ADMIN, null, null));
        ApiClient api = new ApiClient(node.port());
        api.post("/api/v1/shops", ADMIN, "{\"id\":\"m\",\"name\":\"M\"}");
        api.get("/api/v1/shops/m/events/summary", ADMIN);
        String metrics = api.get("/metrics", null).body();
        for (String gauge : new String[] {"jvm_memory_used_bytes", "jvm_classes_loaded_classes", "jvm_threads_live_threads",
                "process_cpu_usage", "process_files_open_files"}) {
            assertTrue(metrics.contains(gauge), gauge + " missing from /metrics");
        }
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("vertx_http_server_response_time_seconds")
                && l.contains("route=\"/api/v1/shops/:shop/events/summary\"")), "per-route latency by route template");
    }

    @Test
    void healthIsDownWhileTheDatabaseCannotCommitAndUpAgainAfter() throws Exception {
        Path data = tmp.resolve("data");
        node = MerchantryNode.start(new NodeOptions("127.0.0.1", 0, data, null, null, null,
                Files.createDirectories(tmp.resolve("plugins")), false, null, false, ADMIN, null, null));
        ApiClient api = new ApiClient(node.port());
        ApiClient.Response up = api.get("/health", null);
        assertEquals(200, up.status(), up.body());
        assertEquals("up", up.json().getString("database"));

        // Another process takes the write lock of the database file and keeps it.
        try (Connection intruder = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.EMBEDDED_FILE));
             Statement s = intruder.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            ApiClient.Response down = api.get("/health", null);
            assertEquals(503, down.status(), down.body());
            JsonObject body = down.json();
            assertEquals("down", body.getString("status"));
            assertEquals("down", body.getString("database"));
            assertTrue(body.getString("reason") != null && !body.getString("reason").isBlank(), body.encode());

            ApiClient.Response write = api.post("/api/v1/shops", ADMIN, "{\"id\":\"locked\",\"name\":\"L\"}");
            assertEquals(503, write.status(), "a write that cannot commit is not acknowledged: " + write.body());
            s.execute("ROLLBACK");
        }

        ApiClient.Response again = api.get("/health", null);
        assertEquals(200, again.status(), again.body());
        assertEquals(201, api.post("/api/v1/shops", ADMIN, "{\"id\":\"unlocked\",\"name\":\"U\"}").status());
        assertEquals(404, api.get("/api/v1/shops/locked", ADMIN).status(), "the refused write left nothing");
    }
}
