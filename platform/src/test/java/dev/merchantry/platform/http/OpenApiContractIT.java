package dev.merchantry.platform.http;

import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.plugins.TestPluginBuilder;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import dev.merchantry.platform.testing.ResponseContract;
import dev.merchantry.platform.webhooks.WebhookOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The typed OpenAPI document of a real node: it is a valid OpenAPI 3.1 document (checked against the specification's
 * own schema), every operation declares its request body, query parameters and answers with schemas, and a tour of
 * the API — every operation called at least once on a demo shop with trained models — gets answers that match the
 * schema of their operation and status (the {@link ApiClient} checks each one; this test also checks that it did).
 */
class OpenApiContractIT {

    private static final String ADMIN = EmbeddedNode.ADMIN_TOKEN;
    private static final String SHOP = "/api/v1/shops/demo";
    /** Operations the tour cannot reach with a success, and why. Empty: every operation is exercised. */
    private static final Map<String, String> NOT_TOURED = Map.of();

    private static EmbeddedNode node;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        // Private webhook targets allowed: the tour's webhook points at an unused port on loopback.
        node = EmbeddedNode.builder().pluginsDir(EmbeddedNode.BUNDLED_PLUGINS).demo(new DemoScale(200, 40, 240))
                .webhooks(new WebhookOptions().setAllowPrivateTargets(true)).start();
        api = node.api();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theDocumentIsValidOpenApi31AndEveryOperationIsTyped() throws java.io.IOException {
        JsonObject doc = api.get("/openapi.json", null).json();
        ResponseContract.of(doc); // throws when the document breaks the OpenAPI 3.1 schema
        // Kept with the build, e.g. to generate a client from it: target/openapi.json.
        java.nio.file.Files.writeString(Path.of("target", "openapi.json"), doc.encodePrettily());
        assertEquals("3.1.0", doc.getString("openapi"));
        assertFalse(doc.getJsonArray("servers", new JsonArray()).isEmpty(), "servers are declared");
        JsonObject problem = doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("Problem");
        assertEquals(Set.of("type", "title", "status", "detail", "instance", "errors"),
                problem.getJsonObject("properties").fieldNames(), "the problem schema is what Problems writes");

        List<String> untyped = new ArrayList<>();
        int operations = 0;
        int withBody = 0;
        int queryParameters = 0;
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                JsonObject op = paths.getJsonObject(path).getJsonObject(method);
                String id = op.getString("operationId");
                operations++;
                JsonObject responses = op.getJsonObject("responses");
                boolean success = false;
                for (String status : responses.fieldNames()) {
                    if (!status.startsWith("2")) {
                        continue;
                    }
                    success = true;
                    JsonObject content = responses.getJsonObject(status).getJsonObject("content");
                    if (!status.equals("204") && (content == null || content.isEmpty() || content.stream()
                            .anyMatch(e -> !((JsonObject) e.getValue()).containsKey("schema")))) {
                        untyped.add(id + ": answer " + status + " has no schema");
                    }
                }
                if (!success) {
                    untyped.add(id + ": no success answer");
                }
                for (String failure : List.of("default", "400")) {
                    if (responses.containsKey(failure) && !responses.getJsonObject(failure).getString("$ref", "")
                            .equals("#/components/responses/Problem")) {
                        untyped.add(id + ": answer " + failure + " is not the problem");
                    }
                }
                if (!responses.containsKey("default")) {
                    untyped.add(id + ": no default (problem) answer");
                }
                JsonObject body = op.getJsonObject("requestBody");
                if (body != null) {
                    withBody++;
                    if (body.getJsonObject("content").stream()
                            .anyMatch(e -> !((JsonObject) e.getValue()).containsKey("schema"))) {
                        untyped.add(id + ": request body has no schema");
                    }
                }
                for (Object p : op.getJsonArray("parameters")) {
                    JsonObject parameter = (JsonObject) p;
                    if (parameter.getString("in").equals("query")) {
                        queryParameters++;
                    }
                    JsonObject schema = parameter.getJsonObject("schema");
                    if (schema == null || !schema.containsKey("type")) {
                        untyped.add(id + ": parameter " + parameter.getString("name") + " has no type");
                    }
                }
            }
        }
        assertTrue(untyped.isEmpty(), "untyped: " + String.join("\n", untyped));
        assertTrue(operations >= 64, "every route is in the document: " + operations);
        System.out.printf("openapi.json: %d operations typed, %d with a request body, %d query parameters%n",
                operations, withBody, queryParameters);
    }

    @Test
    void aResponseThatBreaksItsSchemaFailsTheCheck() {
        ResponseContract contract = ResponseContract.of(api.get("/openapi.json", null).json());
        String shop = "{\"id\":\"x\",\"name\":\"X\",\"created_at\":\"2026-01-01T00:00:00Z\"}";
        assertTrue(contract.check("GET", "/api/v1/shops/x", 200, "application/json", shop));
        assertThrows(AssertionError.class, () -> contract.check("GET", "/api/v1/shops/x", 200, "application/json",
                "{\"id\":\"x\",\"name\":\"X\"}"), "a missing field");
        assertThrows(AssertionError.class, () -> contract.check("GET", "/api/v1/shops/x", 200, "application/json",
                shop.replace("}", ",\"colour\":\"red\"}")), "an undeclared field");
        assertThrows(AssertionError.class, () -> contract.check("GET", "/api/v1/shops/x", 404,
                Problems.CONTENT_TYPE, "{\"status\":\"404\"}"), "a problem of another shape");
        assertFalse(contract.check("GET", "/console/index.html", 200, "text/html", "<html>"),
                "no operation: not checked");
    }

    @Test
    void aTourOfTheApiGetsAnswersThatMatchTheirSchemas(@TempDir Path tmp) throws Exception {
        awaitDemoTraining();
        // System and accounts.
        ok(api.get("/health", null));
        ok(api.get("/metrics", null));
        ok(api.get("/openapi.json", null));
        ok(api.post("/api/v1/users", ADMIN, "{\"email\":\"tour@example.com\",\"password\":\"tour-password\","
                + "\"shops\":[\"demo\"]}"));
        ok(api.get("/api/v1/users", ADMIN));
        String session = ok(api.post("/api/v1/sessions", null, "{\"email\":\"tour@example.com\","
                + "\"password\":\"tour-password\"}")).getString("token");
        ok(api.get("/api/v1/me", session));
        ok(api.delete("/api/v1/sessions/current", session));
        ok(api.delete("/api/v1/users/tour@example.com", ADMIN));

        // Shops and keys.
        String key = ok(api.post("/api/v1/shops", ADMIN, "{\"id\":\"tour\",\"name\":\"Tour\"}")).getString("api_key");
        ok(api.get("/api/v1/shops", ADMIN));
        ok(api.get("/api/v1/shops/tour", key));
        String keyId = ok(api.post("/api/v1/shops/tour/keys", key, "{\"name\":\"reader\",\"scopes\":[\"read\"]}"))
                .getString("id");
        ok(api.get("/api/v1/shops/tour/keys", key));
        ok(api.delete("/api/v1/shops/tour/keys/" + keyId, key));

        // Data of a fresh shop.
        String yesterday = java.time.Instant.now().minus(Duration.ofDays(1)).toString();
        ok(api.put("/api/v1/shops/tour/products", key, "[{\"product_id\":\"p1\",\"title\":\"Tent\",\"price\":10},"
                + "{\"product_id\":\"p2\",\"price\":-1}]"));
        ok(api.post("/api/v1/shops/tour/events", key, "[{\"event_id\":\"e1\",\"type\":\"Order Completed\","
                + "\"timestamp\":\"" + yesterday + "\",\"customer_id\":\"c1\",\"properties\":{\"currency\":\"EUR\","
                + "\"products\":[{\"product_id\":\"p1\",\"price\":10,\"quantity\":1}]}},{\"event_id\":\"e2\"}]"));
        ok(api.get("/api/v1/shops/tour/events", key));
        ok(api.get("/api/v1/shops/tour/events/summary", key));
        ok(api.get("/api/v1/shops/tour/events/daily", key));
        ok(api.get("/api/v1/shops/tour/products?limit=1", key));
        ok(api.get("/api/v1/shops/tour/products/p1", key));
        ok(api.get("/api/v1/shops/tour/products/p1/demand?days=7", key));
        ok(api.post("/api/v1/shops/tour/inventory", key, "[{\"product_id\":\"p1\",\"on_hand\":5,\"timestamp\":\""
                + yesterday + "\"}]"));
        ok(api.send("POST", "/api/v1/shops/tour/imports?kind=products", key, "product_id,title,price\np3,Mug,4\n",
                "text/csv"));
        ok(api.get("/api/v1/shops/tour/data-settings", key));
        ok(api.put("/api/v1/shops/tour/data-settings", key, "{\"interaction_signal\":\"implicit\"}"));
        ok(api.delete("/api/v1/shops/tour/customers/c1", key));

        // Webhooks: one to a closed port on loopback gets a delivery (its attempts fail), which is redelivered.
        String hooks = "/api/v1/shops/tour/webhooks";
        String webhook = ok(api.post(hooks, key, new JsonObject().put("url", "http://127.0.0.1:" + unusedPort()
                + "/hooks").put("events", new JsonArray().add(Addresses.EVENTS_INGESTED)).encode())).getString("id");
        ok(api.get(hooks, key));
        ok(api.get(hooks + "/" + webhook, key));
        ok(api.post("/api/v1/shops/tour/events", key, "[{\"event_id\":\"e3\",\"type\":\"Product Viewed\","
                + "\"timestamp\":\"" + yesterday + "\",\"customer_id\":\"c2\","
                + "\"properties\":{\"product_id\":\"p1\"}}]"));
        String delivery = Eventually.await(Duration.ofSeconds(30), "the webhook's delivery is in its log",
                () -> ok(api.get(hooks + "/" + webhook + "/deliveries?limit=10", key)).getJsonArray("deliveries"),
                list -> !list.isEmpty()).getJsonObject(0).getString("id");
        // 409 while an attempt of it is in flight: asked again until none is
        ok(Eventually.await(Duration.ofSeconds(30), "the delivery is redelivered", () -> api.post(hooks + "/"
                + webhook + "/deliveries/" + delivery + "/redeliver", key, null), r -> r.status() != 409));
        ok(api.delete(hooks + "/" + webhook, key));

        // Strategies and jobs.
        ok(api.get("/api/v1/strategies", key));
        ok(api.get("/api/v1/strategies/popular", key));
        ok(api.post("/api/v1/strategies/popular/validate", key, "{\"config\":{}}"));
        ok(api.put("/api/v1/shops/tour/strategies/recommender", key, "{\"strategy\":\"popular\"}"));
        ok(api.get("/api/v1/shops/tour/strategies", key));
        ok(api.get("/api/v1/shops/tour/strategies/recommender", key));
        ok(api.get("/api/v1/shops/tour/strategies/recommender/history", key));
        String job = ok(api.post("/api/v1/shops/tour/strategies/recommender/train", key, null)).getString("job_id");
        node.awaitJobSucceeded(job);
        ok(api.get("/api/v1/jobs/" + job, key));
        ok(api.get("/api/v1/shops/tour/jobs", key));
        ok(api.delete("/api/v1/shops/tour/strategies/recommender", key));

        // Serving, profiles and replenishment on the demo shop's trained models.
        String product = ok(api.get(SHOP + "/replenishment?limit=5", ADMIN)).getJsonArray("products").getJsonObject(0)
                .getString("product_id");
        ok(api.get(SHOP + "/forecasts/" + product + "?horizon=3&quantiles=0.1,0.9", ADMIN));
        JsonObject audience = ok(api.post(SHOP + "/audiences/preview", ADMIN, "{\"limit\":3,\"products_per_customer\":2}"));
        String customer = audience.getJsonArray("customers").getJsonObject(0).getString("customer_id");
        ok(api.post(SHOP + "/audiences/export", ADMIN, "{\"limit\":3}"));
        ok(api.get(SHOP + "/customers/" + customer + "/profile", ADMIN));
        ok(api.get(SHOP + "/segments", ADMIN));
        ok(api.get(SHOP + "/recommendations?customer=" + customer + "&limit=3", ADMIN));
        ok(api.get(SHOP + "/serving-settings", ADMIN));
        ok(api.put(SHOP + "/serving-settings", ADMIN, "{\"exclude_purchased\":true}"));
        ok(api.get(SHOP + "/serving-stats", ADMIN));
        for (String kind : new String[] {"recommender", "pricing", "forecaster", "profiler"}) {
            ok(api.get(SHOP + "/performance?kind=" + kind, ADMIN));
        }
        ok(api.get(SHOP + "/replenishment/settings", ADMIN));
        ok(api.put(SHOP + "/replenishment/settings", ADMIN, "{\"service_level\":0.9,\"products\":{\"" + product
                + "\":{\"lead_time_days\":3}}}"));

        // Experiments between the demo's bound item-knn and the trained popular: results before the start and while
        // running (a tagged recommendation in between), then stopped and shipped (A: item-knn stays bound).
        String experiments = SHOP + "/experiments";
        String experiment = ok(api.post(experiments, ADMIN, "{\"name\":\"knn vs popular\","
                + "\"kind\":\"recommender\",\"unit\":\"customer\",\"primary_metric\":\"click\",\"mde\":0.2,\"variants\":["
                + "{\"id\":\"A\",\"strategy\":\"item-knn\",\"config\":{},\"weight\":3},"
                + "{\"id\":\"B\",\"strategy\":\"popular\",\"config\":{},\"weight\":2}]}")).getString("id");
        ok(api.get(experiments, ADMIN));
        ok(api.get(experiments + "/" + experiment, ADMIN));
        ok(api.get(experiments + "/" + experiment + "/results", ADMIN));
        ok(api.post(experiments + "/" + experiment + "/start", ADMIN, null));
        Eventually.await(Duration.ofSeconds(120), "the variants' own models are trained", () -> ok(api.get(
                experiments + "/" + experiment, ADMIN)).getBoolean("ready"));
        assertEquals(experiment, ok(api.get(SHOP + "/recommendations?customer=" + customer + "&limit=3", ADMIN))
                .getString("experiment_id"), "a running experiment tags the recommendation");
        ok(api.get(experiments + "/" + experiment + "/results", ADMIN));
        ok(api.post(experiments + "/" + experiment + "/stop", ADMIN, null));
        assertEquals("shipped", ok(api.post(experiments + "/" + experiment + "/ship", ADMIN, "{\"variant\":\"A\"}"))
                .getString("status"));

        // The settings' ranges are read from the schemas the document shows: the 400 names them.
        JsonObject refused = api.put(SHOP + "/replenishment/settings", ADMIN, "{\"lead_time_days\":400,"
                + "\"service_level\":0.2}").json();
        assertEquals(Set.of("lead_time_days: must be an integer from 0 to 365",
                "service_level: must be a probability from 0.5 to 0.9999"), refused.getJsonArray("errors").stream()
                .map(e -> ((JsonObject) e).getString("key") + ": " + ((JsonObject) e).getString("message"))
                .collect(java.util.stream.Collectors.toSet()));
        assertEquals("must be an integer from 0 to 86400", api.put(SHOP + "/serving-settings", ADMIN,
                "{\"live_refresh_seconds\":-1}").json().getJsonArray("errors").getJsonObject(0).getString("message"));

        // Pricing: a decision and its outcome, then suggestions approved and rejected.
        String decision = ok(api.post(SHOP + "/pricing/" + product + "/decide", ADMIN, null)).getString("decision_id");
        ok(api.post(SHOP + "/pricing/" + product + "/outcome", ADMIN, "{\"decision_id\":\"" + decision
                + "\",\"units\":3}"));
        ok(api.get(SHOP + "/pricing/" + product, ADMIN));
        ok(api.put(SHOP + "/strategies/pricing", ADMIN, "{\"strategy\":\"thompson-pricing\",\"config\":"
                + "{\"mode\":\"suggest\"}}"));
        String approve = ok(api.post(SHOP + "/pricing/" + product + "/decide", ADMIN, "{}")).getString("decision_id");
        ok(api.get(SHOP + "/pricing/suggestions", ADMIN));
        ok(api.post(SHOP + "/pricing/suggestions/" + approve + "/approve", ADMIN, null));
        String reject = ok(api.post(SHOP + "/pricing/" + product + "/decide", ADMIN, "{}")).getString("decision_id");
        ok(api.post(SHOP + "/pricing/suggestions/" + reject + "/reject", ADMIN, null));

        // A pricing experiment (unit product) between the list price and the agent: decisions tagged with the
        // product's variant, a list-price outcome (no agent state), results per product-day, stopped.
        String pricingExperiment = ok(api.post(experiments, ADMIN, "{\"name\":\"agent vs list price\","
                + "\"kind\":\"pricing\",\"unit\":\"product\",\"primary_metric\":\"profit\",\"variants\":["
                + "{\"id\":\"list\",\"strategy\":\"list-price\"},"
                + "{\"id\":\"agent\",\"strategy\":\"thompson-pricing\",\"config\":{\"mode\":\"auto\"}}]}"))
                .getString("id");
        ok(api.post(experiments + "/" + pricingExperiment + "/start", ADMIN, null));
        ok(api.get(experiments + "/" + pricingExperiment, ADMIN));
        JsonArray priced = ok(api.get(SHOP + "/products?limit=20", ADMIN)).getJsonArray("products");
        boolean listOutcome = false;
        for (int i = 0; i < priced.size() && !listOutcome; i++) {
            String p = priced.getJsonObject(i).getString("product_id");
            JsonObject decided = ok(api.post(SHOP + "/pricing/" + p + "/decide", ADMIN, null));
            assertEquals(pricingExperiment, decided.getString("experiment_id"), decided.encode());
            if ("list".equals(decided.getString("variant_id"))) {
                ok(api.post(SHOP + "/pricing/" + p + "/outcome", ADMIN, "{\"decision_id\":\""
                        + decided.getString("decision_id") + "\",\"units\":1}"));
                listOutcome = true;
            }
        }
        assertTrue(listOutcome, "a product of the list-price variant was decided");
        ok(api.get(experiments + "/" + pricingExperiment + "/results", ADMIN));
        ok(api.post(experiments + "/" + pricingExperiment + "/stop", ADMIN, null));

        // Plugins: upload, upgrade, stop, start, delete.
        ok(api.get("/api/v1/plugins", ADMIN));
        ok(api.sendBytes("POST", "/api/v1/plugins", ADMIN, TestPluginBuilder.plugin("tour").version("1.0.0")
                .recommender("t.tour.Rec", "tour-rec").jarBytes(tmp)));
        ok(api.get("/api/v1/plugins/tour", ADMIN));
        ok(api.sendBytes("PUT", "/api/v1/plugins/tour", ADMIN, TestPluginBuilder.plugin("tour").version("1.1.0")
                .recommender("t.tour.Rec", "tour-rec").jarBytes(tmp)));
        ok(api.post("/api/v1/plugins/tour/stop", ADMIN, null));
        ok(api.post("/api/v1/plugins/tour/start", ADMIN, null));
        ok(api.delete("/api/v1/plugins/tour?force=true", ADMIN));

        // Every operation answered a success that its schema accepted (the client checked each answer).
        ResponseContract contract = api.contract();
        Set<String> missing = new TreeSet<>();
        for (String id : contract.operationIds()) {
            boolean success = contract.seen().getOrDefault(id, Set.of()).stream().anyMatch(s -> s >= 200 && s < 300);
            if (!success && !NOT_TOURED.containsKey(id)) {
                missing.add(id);
            }
        }
        assertTrue(missing.isEmpty(), "operations the tour did not get a success from: " + missing);
        long validated = contract.seen().values().stream().mapToLong(Set::size).sum();
        System.out.printf("tour: %d operations, %d (operation, status) pairs validated, %d responses in this JVM%n",
                contract.operationIds().size(), validated, ResponseContract.count());
    }

    /** The body of a 2xx answer (already checked against its schema by the client), failing on any other status. */
    private static JsonObject ok(ApiClient.Response r) {
        if (r.status() < 200 || r.status() >= 300) {
            fail("expected a success, got " + r.status() + ": " + r.body());
        }
        return r.body().isEmpty() || !r.contentType().startsWith("application/json") ? new JsonObject()
                : r.body().startsWith("{") ? r.json() : new JsonObject();
    }

    /** A loopback port nothing listens on (bound, then released): connections to it are refused. */
    private static int unusedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * serve --demo trains every bound strategy at start, and then runs its own experiment; the tour needs the models,
     * and starts its experiment once the demo's has stopped (one experiment runs per shop and kind).
     */
    private static void awaitDemoTraining() {
        Eventually.await(Duration.ofSeconds(120), "the demo's training jobs end", () -> {
            JsonArray jobs = api.get(SHOP + "/jobs?limit=50", ADMIN).json().getJsonArray("jobs");
            return jobs.size() >= 3 && jobs.stream().map(j -> ((JsonObject) j).getString("state"))
                    .allMatch(state -> state.equals("succeeded") || state.equals("failed"));
        });
        Eventually.await(Duration.ofSeconds(120), "the demo's experiment has stopped", () -> api.get(SHOP
                + "/experiments", ADMIN).json().getJsonArray("experiments").stream()
                .anyMatch(e -> "stopped".equals(((JsonObject) e).getString("status"))));
    }
}
