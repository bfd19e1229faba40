package dev.merchantry.platform.http;

import dev.merchantry.platform.plugins.TestPluginBuilder;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scoped, revocable shop API keys through HTTP: create (shown once), list, revoke, and scopes enforced per route. */
class KeysApiIT {

    private static final String ADMIN = "test-admin-token-keys-0123456789";
    private static final String KEYS = "/api/v1/shops/north/keys";

    /** Last use of a key is recorded in the background. */
    private static final Duration LAST_USE_RECORDED = Duration.ofSeconds(5);

    private EmbeddedNode node;
    private ApiClient api;
    private String northKey;
    private String northKeyId;

    @BeforeEach
    void start() throws Exception {
        node = EmbeddedNode.builder().adminToken(ADMIN)
                .plugins(TestPluginBuilder.plugin("demo-recs").recommender("t.demo.TopRecommender", "top-items"))
                .start();
        api = node.api();
        JsonObject north = api.post("/api/v1/shops", ADMIN, "{\"id\":\"north\",\"name\":\"North\"}").json();
        northKey = north.getString("api_key");
        northKeyId = north.getString("api_key_id");
        api.post("/api/v1/shops", ADMIN, "{\"id\":\"south\",\"name\":\"South\"}");
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private JsonObject create(String token, String name, String... scopes) {
        ApiClient.Response r = api.post(KEYS, token, new JsonObject().put("name", name)
                .put("scopes", new JsonArray(List.of(scopes))).encode());
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private static String events(String id) {
        return new JsonArray().add(new JsonObject().put("event_id", id).put("type", "Product Viewed")
                .put("timestamp", Instant.now().minusSeconds(60).toString()).put("customer_id", "c1")
                .put("properties", new JsonObject().put("product_id", "p1"))).encode();
    }

    @Test
    void aKeyIsShownOnceListedWithoutSecretsAndRevoked() throws Exception {
        JsonObject created = create(ADMIN, "storefront", "read");
        String key = created.getString("key");
        assertTrue(key.startsWith("mrs_"), key);
        assertTrue(created.getString("id").startsWith("key_"));
        assertEquals("storefront", created.getString("name"));
        assertEquals(List.of("read"), created.getJsonArray("scopes").getList());
        assertNotNull(Instant.parse(created.getString("created_at")));

        assertEquals(200, api.get("/api/v1/shops/north/products", key).status(), "a read key reads");
        JsonArray keys = api.get(KEYS, ADMIN).json().getJsonArray("keys");
        assertEquals(2, keys.size());
        JsonObject first = keys.getJsonObject(0);
        assertEquals(northKeyId, first.getString("id"), "the key created with the shop comes first");
        assertEquals("default key", first.getString("name"));
        assertEquals(List.of("manage"), first.getJsonArray("scopes").getList(), "the shop's first key has manage");
        assertEquals(created.getString("id"), keys.getJsonObject(1).getString("id"));
        assertFalse(keys.encode().contains(key), "keys are never listed");
        keys.forEach(k -> assertEquals(Set.of("id", "name", "scopes", "created_at", "last_used_at"),
                ((JsonObject) k).fieldNames()));
        Eventually.await(LAST_USE_RECORDED, "last_used_at records the use", () -> api.get(KEYS, ADMIN).json()
                .getJsonArray("keys").getJsonObject(1).getString("last_used_at") != null);

        JsonObject me = api.get("/api/v1/me", key).json();
        assertEquals("api_key", me.getString("kind"));
        assertEquals(created.getString("id"), me.getString("key_id"));
        assertEquals(List.of("read"), me.getJsonArray("scopes").getList());

        assertEquals(204, api.delete(KEYS + "/" + created.getString("id"), ADMIN).status());
        ApiClient.Response revoked = api.get("/api/v1/shops/north/products", key);
        assertEquals(401, revoked.status(), "refused at once on the node that revoked it");
        assertEquals("unknown or revoked token", revoked.json().getString("detail"));
        assertEquals(404, api.delete(KEYS + "/" + created.getString("id"), ADMIN).status());
        assertEquals(1, api.get(KEYS, ADMIN).json().getJsonArray("keys").size());
    }

    @Test
    void aReadKeyCannotPostEventsAndAnIngestKeyCannotBind() {
        String read = create(northKey, "dashboards", "read").getString("key");
        ApiClient.Response posted = api.post("/api/v1/shops/north/events", read, events("e1"));
        assertEquals(403, posted.status(), posted.body());
        assertTrue(posted.contentType().startsWith("application/problem+json"));
        assertEquals("this API key lacks the 'ingest' scope that POST /api/v1/shops/{shop}/events needs (it has: read)",
                posted.json().getString("detail"));
        assertEquals(0L, api.get("/api/v1/shops/north/events/summary", ADMIN).json().getLong("total"),
                "nothing was stored");

        String ingest = create(northKey, "shop backend", "ingest").getString("key");
        assertEquals(200, api.post("/api/v1/shops/north/events", ingest, events("e2")).status());
        assertEquals(1L, api.get("/api/v1/shops/north/events/summary", ingest).json().getLong("total"));
        assertEquals(200, api.put("/api/v1/shops/north/products", ingest,
                "[{\"product_id\":\"p1\",\"title\":\"Tent\",\"price\":100}]").status());
        assertEquals(200, api.get("/api/v1/shops/north/products/p1", ingest).status(), "ingest includes read");
        ApiClient.Response bind = api.put("/api/v1/shops/north/strategies/recommender", ingest,
                "{\"strategy\":\"top-items\",\"config\":{}}");
        assertEquals(403, bind.status(), bind.body());
        assertTrue(bind.json().getString("detail").contains("lacks the 'manage' scope"), bind.body());
        assertEquals(403, api.post(KEYS, ingest, "{\"name\":\"x\",\"scopes\":[\"manage\"]}").status(),
                "an ingest key cannot make itself a manage key");
        assertEquals(403, api.get(KEYS, read).status(), "nor can a read key list keys");

        assertEquals(200, api.put("/api/v1/shops/north/strategies/recommender", northKey,
                "{\"strategy\":\"top-items\",\"config\":{}}").status(), "the manage key binds");
    }

    @Test
    void keysAreManagedByTheAdminTheShopsUsersAndManageKeysOnly() {
        api.post("/api/v1/users", ADMIN, "{\"email\":\"ann@north.example\",\"password\":\"ann's password\","
                + "\"shops\":[\"north\"]}");
        String ann = api.post("/api/v1/sessions", null, "{\"email\":\"ann@north.example\",\"password\":\"ann's password\"}")
                .json().getString("token");
        JsonObject byAnn = create(ann, "made by ann", "read", "ingest");
        assertEquals(List.of("read", "ingest"), byAnn.getJsonArray("scopes").getList());
        JsonObject byKey = create(northKey, "made by a manage key", "manage");
        assertEquals(204, api.delete(KEYS + "/" + byKey.getString("id"), ann).status());

        assertEquals(403, api.get("/api/v1/shops/south/keys", ann).status(), "ann has no access to south");
        assertEquals(403, api.get("/api/v1/shops/south/keys", northKey).status(), "north's key cannot reach south");
        assertEquals(404, api.delete("/api/v1/shops/south/keys/" + byAnn.getString("id"), ADMIN).status(),
                "a key is revoked only through its own shop");

        // A manage key may revoke itself; then it is refused.
        assertEquals(204, api.delete(KEYS + "/" + northKeyId, northKey).status());
        assertEquals(401, api.get(KEYS, northKey).status());
    }

    @Test
    void badKeyRequestsNameEveryField() {
        ApiClient.Response bad = api.post(KEYS, ADMIN, "{\"name\":\"\",\"scopes\":[\"read\",\"admin\"],\"ttl\":5}");
        assertEquals(400, bad.status());
        Set<String> fields = new java.util.HashSet<>();
        bad.json().getJsonArray("errors").forEach(e -> fields.add(((JsonObject) e).getString("key")));
        assertEquals(Set.of("name", "scopes", "ttl"), fields);
        assertTrue(bad.body().contains("unknown scope 'admin'"), bad.body());
        assertEquals(400, api.post(KEYS, ADMIN, "{\"name\":\"x\",\"scopes\":[]}").status());
        assertEquals(400, api.post(KEYS, ADMIN, "{\"name\":\"x\"}").status());
        assertEquals(400, api.post(KEYS, ADMIN, "{\"name\":\"" + "n".repeat(101) + "\",\"scopes\":[\"read\"]}").status());
        assertEquals(404, api.post("/api/v1/shops/nowhere/keys", ADMIN, "{\"name\":\"x\",\"scopes\":[\"read\"]}").status());
        assertEquals(1, api.get(KEYS, ADMIN).json().getJsonArray("keys").size(), "nothing was created");
    }

    @Test
    void theOpenApiDocumentStatesTheScopeOfEveryOperation() {
        JsonObject paths = api.get("/openapi.json", null).json().getJsonObject("paths");
        assertEquals("ingest", paths.getJsonObject("/api/v1/shops/{shop}/events").getJsonObject("post")
                .getString("x-merchantry-scope"));
        assertEquals("read", paths.getJsonObject("/api/v1/shops/{shop}/events").getJsonObject("get")
                .getString("x-merchantry-scope"));
        assertEquals("manage", paths.getJsonObject("/api/v1/shops/{shop}/keys").getJsonObject("get")
                .getString("x-merchantry-scope"));
        assertNull(paths.getJsonObject("/health").getJsonObject("get").getString("x-merchantry-scope"));
    }
}
