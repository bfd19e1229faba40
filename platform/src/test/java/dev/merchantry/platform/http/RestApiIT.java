package dev.merchantry.platform.http;

import dev.merchantry.platform.plugins.TestPluginBuilder;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST API end to end, through HTTP, on a real node with the embedded database and on-the-fly plugins. */
class RestApiIT {

    private static final String ADMIN = "test-admin-token-0123456789";

    private static final Duration TRAINING = Duration.ofSeconds(10);

    /** The node's own directory, holding its plugins (one of them junk) and its data. */
    @TempDir
    Path tmp;

    private Path plugins;
    private EmbeddedNode node;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.write(plugins.resolve("junk.jar"), new byte[] {1, 2, 3});
        node = EmbeddedNode.builder().dir(tmp).adminToken(ADMIN).plugins(
                TestPluginBuilder.plugin("demo-recs").recommender("t.demo.TopRecommender", "top-items"),
                TestPluginBuilder.plugin("boom").pluginClass("t.boom.Boom", """
                        package t.boom;
                        public class Boom extends org.pf4j.Plugin {
                            public void start() { throw new IllegalStateException("boom on start"); }
                        }
                        """)).start();
        api = node.api();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void pluginsStrategiesAndQuarantinedArchivesAreListed() {
        ApiClient.Response r = api.get("/api/v1/plugins", ADMIN);
        assertEquals(200, r.status());
        JsonArray list = r.json().getJsonArray("plugins");
        assertEquals(1, list.size(), list.encode());
        assertEquals("started", find(list, "demo-recs").getString("state"));
        // Refused archives left the load path with their reasons and stay out of it across restarts.
        for (int start = 0; start < 2; start++) {
            JsonArray quarantined = api.get("/api/v1/plugins", ADMIN).json().getJsonArray("quarantined");
            JsonObject junk = find(quarantined, "file", "junk.jar");
            assertTrue(junk.getString("reason").startsWith("not a jar or zip archive"), junk.encode());
            assertNotNull(junk.getString("at"));
            assertTrue(find(quarantined, "file", "boom-1.0.0.jar").getString("reason").contains("boom on start"));
            assertFalse(Files.exists(plugins.resolve("junk.jar")));
            node.restart();
            api = node.api();
        }
        assertEquals(1, api.get("/api/v1/plugins", ADMIN).json().getJsonArray("plugins").size());

        JsonObject strategy = find(api.get("/api/v1/strategies", ADMIN).json().getJsonArray("strategies"), "top-items");
        assertEquals("recommender", strategy.getString("kind"));
        JsonObject key = strategy.getJsonArray("config_spec").getJsonObject(0);
        assertEquals("size", key.getString("key"));
        assertEquals("int", key.getString("type"));
        assertEquals(3, key.getInteger("default"));
        assertEquals("how many", key.getString("doc"));
        assertEquals(1, key.getJsonObject("constraints").getInteger("min"));
    }

    @Test
    void bindingIsValidatedStoredSurvivesRestartAndHasHistory() {
        JsonObject shop = api.post("/api/v1/shops", ADMIN, "{\"name\":\"Acme Outdoor\"}").json();
        assertEquals("acme-outdoor", shop.getString("id"));
        assertTrue(shop.getString("api_key").startsWith("mrs_"));

        ApiClient.Response bad = api.put("/api/v1/shops/acme-outdoor/strategies/recommender", ADMIN,
                "{\"strategy\":\"top-items\",\"config\":{\"size\":0,\"colour\":\"red\"}}");
        assertEquals(400, bad.status());
        assertTrue(bad.contentType().startsWith("application/problem+json"));
        Set<String> keys = new HashSet<>();
        bad.json().getJsonArray("errors").forEach(e -> keys.add(((JsonObject) e).getString("key")));
        assertEquals(Set.of("size", "colour"), keys);
        assertEquals(404, api.get("/api/v1/shops/acme-outdoor/strategies/recommender", ADMIN).status(),
                "a rejected binding stores nothing");

        ApiClient.Response good = api.put("/api/v1/shops/acme-outdoor/strategies/recommender", ADMIN,
                "{\"strategy\":\"top-items\",\"config\":{\"size\":2},\"enabled\":true}");
        assertEquals(200, good.status());
        assertEquals(1, good.json().getLong("version"));

        node.restart();
        api = node.api();
        JsonObject stored = api.get("/api/v1/shops/acme-outdoor/strategies/recommender", ADMIN).json();
        assertEquals(2, stored.getJsonObject("config").getInteger("size"));
        JsonArray history = api.get("/api/v1/shops/acme-outdoor/strategies/recommender/history", ADMIN).json()
                .getJsonArray("history");
        assertEquals(1, history.size());
        assertEquals("created", history.getJsonObject(0).getString("action"));
        assertEquals(2, history.getJsonObject(0).getJsonObject("new").getJsonObject("config").getInteger("size"));
    }

    @Test
    void shopKeysReachOnlyTheirShopAndNoAdminRoutes() {
        String keyA = api.post("/api/v1/shops", ADMIN, "{\"id\":\"shop-a\",\"name\":\"A\"}").json().getString("api_key");
        api.post("/api/v1/shops", ADMIN, "{\"id\":\"shop-b\",\"name\":\"B\"}");
        assertEquals(200, api.get("/api/v1/shops/shop-a/strategies", keyA).status());
        assertEquals(403, api.get("/api/v1/shops/shop-b/strategies", keyA).status());
        assertEquals(403, api.get("/api/v1/plugins", keyA).status());
        assertEquals(403, api.post("/api/v1/shops", keyA, "{\"name\":\"C\"}").status());
        assertEquals(401, api.get("/api/v1/shops", null).status());
        assertEquals(401, api.get("/api/v1/shops", "wrong").status());
        assertEquals(404, api.get("/api/v1/shops/nope/strategies", ADMIN).status());
    }

    @Test
    void trainingRunsAsAJobAndTheModelServes() throws Exception {
        String key = api.post("/api/v1/shops", ADMIN, "{\"id\":\"s1\",\"name\":\"S1\"}").json().getString("api_key");
        assertEquals(409, api.post("/api/v1/shops/s1/strategies/recommender/train", key, null).status());
        api.put("/api/v1/shops/s1/strategies/recommender", key, "{\"strategy\":\"top-items\",\"config\":{\"size\":4}}");
        ApiClient.Response queued = api.post("/api/v1/shops/s1/strategies/recommender/train", key, null);
        assertEquals(202, queued.status());
        String job = queued.json().getString("job_id");
        JsonObject state = Eventually.await(TRAINING, "job " + job + " ends", () -> api.get("/api/v1/jobs/" + job, key)
                .json(), j -> j.getString("state").equals("succeeded") || j.getString("state").equals("failed"));
        assertEquals("succeeded", state.getString("state"), state.encode());
        assertEquals(1.0, state.getDouble("progress"));
        JsonObject recs = api.get("/api/v1/shops/s1/recommendations?customer=c1&limit=3&exclude=p1", key).json();
        assertEquals("top-items", recs.getString("strategy"));
        assertNotNull(recs.getString("recommendation_id"));
        JsonArray items = recs.getJsonArray("items");
        assertEquals(3, items.size());
        items.forEach(i -> assertFalse(((JsonObject) i).getString("product_id").equals("p1")));
    }

    @Test
    void errorsAreProblemJsonAndOpenApiMatchesRoutes() {
        ApiClient.Response malformed = api.send("POST", "/api/v1/shops", ADMIN, "{not json", "application/json");
        assertEquals(400, malformed.status());
        assertTrue(malformed.contentType().startsWith("application/problem+json"));
        assertTrue(malformed.json().getString("detail").contains("JSON"));
        ApiClient.Response wrongType = api.post("/api/v1/shops", ADMIN, "{\"name\": 42}");
        assertEquals("name", wrongType.json().getJsonArray("errors").getJsonObject(0).getString("key"));
        ApiClient.Response unknown = api.get("/api/v1/nothing-here", ADMIN);
        assertEquals(404, unknown.status());
        assertTrue(unknown.contentType().startsWith("application/problem+json"));
        ApiClient.Response big = api.post("/api/v1/shops", ADMIN, "{\"name\":\"" + "x".repeat(2 << 20) + "\"}");
        assertEquals(413, big.status());
        assertTrue(big.contentType().startsWith("application/problem+json"));
        assertEquals(404, api.get("/api/v1/strategies/no-such", ADMIN).status());

        JsonObject openapi = api.get("/openapi.json", null).json();
        JsonObject paths = openapi.getJsonObject("paths");
        assertTrue(paths.containsKey("/api/v1/shops/{shop}/strategies/{kind}"));
        assertTrue(paths.getJsonObject("/api/v1/shops/{shop}/strategies/{kind}").containsKey("put"));
        assertTrue(paths.containsKey("/api/v1/plugins"));
        assertEquals(200, api.get("/health", null).status());
        ApiClient.Response metrics = api.get("/metrics", null);
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("vertx_http_server"), "Vert.x HTTP metrics are exported");
    }

    @Test
    void adminsUploadStopStartAndDeletePlugins() throws Exception {
        byte[] jar = TestPluginBuilder.plugin("extra").recommender("t.extra.Rec", "extra-rec").jarBytes(tmp);
        ApiClient.Response up = api.sendBytes("POST", "/api/v1/plugins?file=extra.jar", ADMIN, jar);
        assertEquals(201, up.status(), up.body());
        assertEquals("started", up.json().getString("state"));
        assertEquals(200, api.get("/api/v1/strategies/extra-rec", ADMIN).status());
        assertEquals("stopped", api.post("/api/v1/plugins/extra/stop", ADMIN, null).json().getString("state"));
        assertEquals(404, api.get("/api/v1/strategies/extra-rec", ADMIN).status());
        assertEquals("started", api.post("/api/v1/plugins/extra/start", ADMIN, null).json().getString("state"));
        assertEquals(204, api.delete("/api/v1/plugins/extra", ADMIN).status());
        assertEquals(404, api.get("/api/v1/plugins/extra", ADMIN).status());
        ApiClient.Response notPlugin = api.sendBytes("POST", "/api/v1/plugins?file=x.jar", ADMIN, new byte[] {1, 2});
        assertEquals(400, notPlugin.status());
        assertTrue(notPlugin.contentType().startsWith("application/problem+json"));
    }

    private static JsonObject find(JsonArray array, String id) {
        return find(array, "id", id);
    }

    private static JsonObject find(JsonArray array, String key, String value) {
        for (Object o : array) {
            if (value.equals(((JsonObject) o).getString(key))) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError(value + " not in " + array.encode());
    }
}
