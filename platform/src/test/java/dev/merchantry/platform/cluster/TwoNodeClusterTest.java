package dev.merchantry.platform.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.NodeOptions;
import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.storage.SharedPostgres;
import dev.merchantry.platform.plugins.TestPluginBuilder;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two clustered nodes in one JVM on loopback, sharing one database: a binding changed or a model trained through
 * node A takes effect on node B's answers within a second (via merchantry.binding.changed / model.trained).
 */
class TwoNodeClusterTest {

    private static final String ADMIN = "cluster-admin-token-0123456789";

    @TempDir
    Path tmp;

    private MerchantryNode a;
    private MerchantryNode b;

    /** Hazelcast on loopback with TCP-IP join, for a cluster of nodes in this JVM (FACTS.md, "Hazelcast on one machine"). */
    static Config hazelcast(String clusterName) {
        Config config = ConfigUtil.loadConfig(); // keeps the __vertx.* structures of the default configuration
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig().setPort(5901).setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        return config;
    }

    private MerchantryNode start(Path plugins, String dbUrl, Config hz) {
        return MerchantryNode.start(new NodeOptions("127.0.0.1", 0, null, dbUrl, "postgres", "postgres", plugins, true, null, false,
                ADMIN, hz, null));
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
        a = start(plugins, db, hazelcast(cluster));
        b = start(plugins, db, hazelcast(cluster));
        ApiClient onA = new ApiClient(a.port());
        ApiClient onB = new ApiClient(b.port());

        onA.post("/api/v1/shops", ADMIN, "{\"id\":\"s\",\"name\":\"S\"}");
        onA.put("/api/v1/shops/s/strategies/recommender", ADMIN, "{\"strategy\":\"top-items\",\"config\":{\"size\":4}}");
        train(onA);
        // Warm both nodes' caches: requests through B are spread over the cluster by the event bus.
        for (int i = 0; i < 4; i++) {
            assertEquals(4, recommendationCount(onB));
        }

        onA.put("/api/v1/shops/s/strategies/recommender", ADMIN,
                "{\"strategy\":\"top-items\",\"config\":{\"size\":4},\"enabled\":false}");
        assertTrue(eventually(() -> onB.get("/api/v1/shops/s/recommendations?customer=c", ADMIN).status() == 409),
                "disabling on A is seen by B within a second");

        onA.put("/api/v1/shops/s/strategies/recommender", ADMIN, "{\"strategy\":\"top-items\",\"config\":{\"size\":2}}");
        train(onA);
        assertTrue(eventually(() -> recommendationCount(onB) == 2), "the model trained on A serves on B within a second");
    }

    private static int recommendationCount(ApiClient api) {
        ApiClient.Response r = api.get("/api/v1/shops/s/recommendations?customer=c&limit=10", ADMIN);
        return r.status() == 200 ? r.json().getJsonArray("items").size() : -r.status();
    }

    /** True if the condition holds on two consecutive checks (so both nodes answered) within one second. */
    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean() && condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static void train(ApiClient api) throws InterruptedException {
        String job = api.post("/api/v1/shops/s/strategies/recommender/train", ADMIN, null).json().getString("job_id");
        for (int i = 0; i < 200; i++) {
            String state = api.get("/api/v1/jobs/" + job, ADMIN).json().getString("state");
            if (state.equals("succeeded")) {
                return;
            }
            assertTrue(!state.equals("failed"), "training failed");
            Thread.sleep(50);
        }
        throw new AssertionError("training did not finish");
    }
}
