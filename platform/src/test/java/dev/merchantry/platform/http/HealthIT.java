package dev.merchantry.platform.http;

import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.testing.EmbeddedNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
class HealthIT {

    private EmbeddedNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void metricsHaveJvmGaugesAndPerRouteLatency() throws Exception {
        node = EmbeddedNode.builder().start();
        ApiClient api = node.api();
        String admin = node.adminToken();
        api.post("/api/v1/shops", admin, "{\"id\":\"m\",\"name\":\"M\"}");
        api.get("/api/v1/shops/m/events/summary", admin);
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
        node = EmbeddedNode.builder().start();
        Path data = node.dataDir();
        ApiClient api = node.api();
        String admin = node.adminToken();
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

            ApiClient.Response write = api.post("/api/v1/shops", admin, "{\"id\":\"locked\",\"name\":\"L\"}");
            assertEquals(503, write.status(), "a write that cannot commit is not acknowledged: " + write.body());
            s.execute("ROLLBACK");
        }

        ApiClient.Response again = api.get("/health", null);
        assertEquals(200, again.status(), again.body());
        assertEquals(201, api.post("/api/v1/shops", admin, "{\"id\":\"unlocked\",\"name\":\"U\"}").status());
        assertEquals(404, api.get("/api/v1/shops/locked", admin).status(), "the refused write left nothing");
    }
}
