package dev.merchantry.platform.cluster;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.plugins.TestPluginBuilder;
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
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two clustered nodes in one JVM on loopback, sharing one database: a binding changed or a model trained through
 * node A takes effect on node B's answers within a second (via merchantry.binding.changed / model.trained).
 */
class TwoNodeClusterIT {

    private static final String ADMIN = "cluster-admin-token-0123456789";

    /** The bound within which node B must see what was changed through node A. */
    private static final Duration PROPAGATION = Duration.ofSeconds(1);

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
    void bindingChangesAndNewModelsPropagateToTheOtherNodeWithinASecond() throws Exception {
        System.setProperty("hazelcast.logging.type", "slf4j");
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        TestPluginBuilder.plugin("recs").recommender("t.recs.Rec", "top-items").buildJar(plugins);
        String cluster = "merchantry-test-" + UUID.randomUUID();
        // A cluster shares one PostgreSQL, as in production.
        String db = SharedPostgres.newDatabase("cluster");
        a = start(plugins, db, cluster);
        b = start(plugins, db, cluster);
        ApiClient onA = a.api();
        ApiClient onB = b.api();

        onA.post("/api/v1/shops", ADMIN, "{\"id\":\"s\",\"name\":\"S\"}");
        onA.put("/api/v1/shops/s/strategies/recommender", ADMIN, "{\"strategy\":\"top-items\",\"config\":{\"size\":4}}");
        train(a);
        // Warm both nodes' caches: requests through B are spread over the cluster by the event bus.
        for (int i = 0; i < 4; i++) {
            assertEquals(4, recommendationCount(onB));
        }

        onA.put("/api/v1/shops/s/strategies/recommender", ADMIN,
                "{\"strategy\":\"top-items\",\"config\":{\"size\":4},\"enabled\":false}");
        eventually("disabling on A is seen by B within a second",
                () -> onB.get("/api/v1/shops/s/recommendations?customer=c", ADMIN).status() == 409);

        onA.put("/api/v1/shops/s/strategies/recommender", ADMIN, "{\"strategy\":\"top-items\",\"config\":{\"size\":2}}");
        train(a);
        eventually("the model trained on A serves on B within a second", () -> recommendationCount(onB) == 2);
    }

    private static int recommendationCount(ApiClient api) {
        ApiClient.Response r = api.get("/api/v1/shops/s/recommendations?customer=c&limit=10", ADMIN);
        return r.status() == 200 ? r.json().getJsonArray("items").size() : -r.status();
    }

    /** Waits until the condition holds on two consecutive checks (so both nodes answered), within one second. */
    private static void eventually(String description, BooleanSupplier condition) {
        Eventually.await(PROPAGATION, description, () -> condition.getAsBoolean() && condition.getAsBoolean());
    }

    private static void train(EmbeddedNode node) {
        String job = node.api().post("/api/v1/shops/s/strategies/recommender/train", ADMIN, null).json()
                .getString("job_id");
        node.awaitJobSucceeded(job);
    }
}
