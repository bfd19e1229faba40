package dev.merchantry.platform.cluster;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.storage.SharedPostgres;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two clustered nodes sharing one PostgreSQL: a key revoked through node A is refused by node B, which had it cached,
 * within a second (merchantry.key.revoked), and login limits per account count attempts made on either node.
 */
class KeyRevocationClusterIT {

    private static final String ADMIN = "cluster-admin-token-keys-0123456";

    /** How long the test watches node B for the refusal; the requirement is within one second. */
    private static final Duration WATCH = Duration.ofSeconds(2);

    @TempDir
    Path tmp;

    private EmbeddedNode a;
    private EmbeddedNode b;

    private static EmbeddedNode start(Path plugins, String dbUrl, String cluster) {
        return EmbeddedNode.builder().adminToken(ADMIN).pluginsDir(plugins).postgresUrl(dbUrl).cluster(cluster).start();
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void aKeyRevokedOnOneNodeIsRefusedByTheOtherWithinASecond() throws Exception {
        System.setProperty("hazelcast.logging.type", "slf4j");
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        String cluster = "merchantry-keys-" + UUID.randomUUID();
        String db = SharedPostgres.newDatabase("keys_cluster");
        a = start(plugins, db, cluster);
        b = start(plugins, db, cluster);
        ApiClient onA = a.api();
        ApiClient onB = b.api();

        onA.post("/api/v1/shops", ADMIN, "{\"id\":\"s\",\"name\":\"S\"}");
        ApiClient.Response created = onA.post("/api/v1/shops/s/keys", ADMIN, "{\"name\":\"storefront\",\"scopes\":[\"read\"]}");
        assertEquals(201, created.status(), created.body());
        String key = created.json().getString("key");
        String id = created.json().getString("id");
        // B knows the key and keeps it in its cache, as a busy node would.
        for (int i = 0; i < 5; i++) {
            assertEquals(200, onB.get("/api/v1/shops/s/products", key).status());
        }

        assertEquals(204, onA.delete("/api/v1/shops/s/keys/" + id, ADMIN).status());
        long revoked = System.nanoTime();
        assertEquals(401, onA.get("/api/v1/shops/s/products", key).status(), "A refuses it at once");
        Eventually.await(WATCH, "B refuses the revoked key",
                () -> onB.get("/api/v1/shops/s/products", key).status() == 401);
        long refusedAfter = (System.nanoTime() - revoked) / 1_000_000;
        System.out.println("revoked on A, refused by B after " + refusedAfter + " ms");
        assertTrue(refusedAfter >= 0 && refusedAfter < 1000, "B refused the revoked key after " + refusedAfter + " ms");
        assertEquals(401, onB.get("/api/v1/shops/s/products", key).status(), "and keeps refusing it");
    }

    @Test
    void loginLimitsPerAccountCountAttemptsOnEveryNode() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        String cluster = "merchantry-logins-" + UUID.randomUUID();
        String db = SharedPostgres.newDatabase("logins_cluster");
        a = start(plugins, db, cluster);
        b = start(plugins, db, cluster);
        ApiClient onA = a.api();
        ApiClient onB = b.api();
        onA.post("/api/v1/shops", ADMIN, "{\"id\":\"s\",\"name\":\"S\"}");
        assertEquals(201, onA.post("/api/v1/users", ADMIN, "{\"email\":\"ann@s.example\",\"password\":\"ann's password\","
                + "\"shops\":[\"s\"]}").status());
        String wrong = "{\"email\":\"ann@s.example\",\"password\":\"not it\"}";
        for (int i = 0; i < 3; i++) {
            assertEquals(401, onA.post("/api/v1/sessions", null, wrong).status());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(401, onB.post("/api/v1/sessions", null, wrong).status());
        }
        assertEquals(429, onB.post("/api/v1/sessions", null, "{\"email\":\"ann@s.example\",\"password\":\"ann's password\"}")
                .status(), "3 failures on A and 2 on B make 5 for the account");
        assertEquals(429, onA.post("/api/v1/sessions", null, "{\"email\":\"ann@s.example\",\"password\":\"ann's password\"}")
                .status());
    }
}
