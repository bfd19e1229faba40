package dev.merchantry.platform.http;

import dev.merchantry.platform.testing.EmbeddedNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Text no database can hold — NUL, unpaired UTF-16 surrogates, control characters, malformed percent-encoding —
 * sent in every path parameter, query parameter and JSON body of every route the node registers (read from its
 * {@code /openapi.json}, so a new route is covered without touching this test). Each request must be answered
 * below 500; where the text reaches validation, with a 400 (or a per-record rejection in a batch) naming the field;
 * and nothing of a rejected request may be stored. One subclass per database: the rules must hold on each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TextRulesContractTest {

    static final String ADMIN = "test-admin-token-0123456789";
    static final String SHOP = "acme";

    /** One kind of bad text: how it travels in a URL (percent-encoded) and inside a JSON string literal. */
    record Bad(String label, String inUrl, String inJson) {
    }

    static final List<Bad> BAD = List.of(
            new Bad("NUL", "%00", "\\u0000"),
            new Bad("lone high surrogate", "%ED%A0%80", "\\ud800"),
            new Bad("lone low surrogate", "%ED%B0%80", "\\udc00"),
            new Bad("reversed surrogate pair", "%ED%B0%80%ED%A0%80", "\\udc00\\ud800"),
            new Bad("U+0001", "%01", "\\u0001"),
            new Bad("ESC", "%1B", "\\u001b"),
            new Bad("DEL", "%7F", "\\u007f"),
            new Bad("tab", "%09", "\\t"),
            new Bad("newline", "%0A", "\\n"),
            new Bad("carriage return", "%0D", "\\r"),
            new Bad("byte FF (not UTF-8)", "%FF", null),
            new Bad("truncated UTF-8", "%C3", null));

    /** Values with percent-encodings no URI class accepts; sent over a raw socket. */
    static final List<String> MALFORMED = List.of("a%zzb", "a%z", "a%4z", "a%%41", "a%G0", "a%");

    /** Values that reach the resource for each path parameter name (others get "x"). */
    static final Map<String, String> VALID = Map.of("shop", SHOP, "kind", "recommender", "product", "p1",
            "customer", "c1", "id", "popular", "email", "someone@example.com", "plugin", "baselines", "decision", "d1");

    /** GET routes whose answers are the node's whole visible state; compared before and after the battery. */
    static final List<String> STATE = List.of("/api/v1/shops", "/api/v1/users", "/api/v1/plugins",
            "/api/v1/shops/" + SHOP + "/strategies", "/api/v1/shops/" + SHOP + "/events/summary",
            "/api/v1/shops/" + SHOP + "/products", "/api/v1/shops/" + SHOP + "/data-settings",
            "/api/v1/shops/" + SHOP + "/serving-settings", "/api/v1/shops/" + SHOP + "/replenishment/settings",
            "/api/v1/shops/" + SHOP + "/jobs", "/api/v1/shops/" + SHOP + "/pricing/suggestions");

    private EmbeddedNode node;
    private ApiClient api;
    private String key;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** The node under test, given its database; {@code node} has the baselines plugin and the admin token. */
    protected abstract EmbeddedNode.Builder withDatabase(EmbeddedNode.Builder node);

    /** What the report lines call the database. */
    protected abstract String databaseName();

    @BeforeAll
    void start() {
        node = withDatabase(EmbeddedNode.builder().adminToken(ADMIN).plugins("baselines")).start();
        api = node.api();
        key = api.post("/api/v1/shops", ADMIN, "{\"id\":\"" + SHOP + "\",\"name\":\"Acme\"}").json().getString("api_key");
        assertEquals(200, api.put("/api/v1/shops/" + SHOP + "/products", ADMIN,
                "[{\"product_id\":\"p1\",\"title\":\"Trail Shoe\",\"price\":90}]").status());
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** Tally of the battery, printed at the end. */
    private static final class Tally {
        int tried;
        int serverErrors;
        int namedField;
        int rejectedRecord;
        int badRequestUnnamed;
        int otherClientError;
        final List<String> failures = new ArrayList<>();

        void fail(String request, ApiClient.Response r, String why) {
            if (failures.size() < 40) {
                failures.add(why + ": " + request + " -> " + r.status() + " " + r.body());
            } else if (failures.size() == 40) {
                failures.add("…");
            }
        }
    }

    @Test
    void everyRouteHoldsBadTextInEveryParameterAndBody() {
        Map<String, String> before = state();
        JsonObject paths = api.get("/openapi.json", null).json().getJsonObject("paths");
        Tally t = new Tally();
        int operations = 0;
        for (String template : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(template);
            for (String method : item.fieldNames()) {
                operations++;
                JsonObject op = item.getJsonObject(method);
                String verb = method.toUpperCase(Locale.ROOT);
                List<String> pathParams = new ArrayList<>();
                List<String> queryParams = new ArrayList<>();
                for (Object p : op.getJsonArray("parameters", new JsonArray())) {
                    JsonObject param = (JsonObject) p;
                    ("path".equals(param.getString("in")) ? pathParams : queryParams).add(param.getString("name"));
                }
                String valid = fill(template, Map.of());
                for (String p : pathParams) {
                    for (Bad bad : BAD) {
                        String target = fill(template, Map.of(p, "a" + bad.inUrl() + "b"));
                        for (String token : new String[] {ADMIN, null}) {
                            expectNamed(t, verb, target, token, "path." + p);
                        }
                    }
                    for (String malformed : MALFORMED) {
                        expectRaw(t, verb, fill(template, Map.of(p, malformed)), "path." + p);
                    }
                }
                List<String> names = new ArrayList<>(queryParams);
                names.add("undeclared");
                for (String q : names) {
                    for (Bad bad : BAD) {
                        expectNamed(t, verb, valid + "?" + q + "=a" + bad.inUrl() + "b", ADMIN, "query." + q);
                    }
                    for (String malformed : MALFORMED) {
                        expectRaw(t, verb, valid + "?" + q + "=" + malformed, "query." + q);
                    }
                }
                for (Bad bad : BAD) {
                    // A bad parameter name: the error names it with the bad character escaped.
                    expectNamedLike(t, verb, valid + "?x" + bad.inUrl() + "y=1", null,
                            k -> k.startsWith("query.x") && k.endsWith("y"));
                }
                JsonObject content = op.getJsonObject("requestBody") == null ? null
                        : op.getJsonObject("requestBody").getJsonObject("content");
                if (content != null && content.containsKey("application/json")) {
                    jsonBodies(t, verb, valid);
                } else if (content != null) {
                    // Files (CSV imports, plugin archives): never a 500, nothing stored.
                    for (Bad bad : BAD) {
                        if (bad.inJson() != null) {
                            String text = new JsonObject("{\"v\":\"a" + bad.inJson() + "b\"}").getString("v");
                            tally(t, verb + " " + valid, api.send(verb, valid, ADMIN, "product_id\n" + text + "\n",
                                    content.fieldNames().iterator().next()), null);
                        }
                    }
                }
            }
        }
        for (String other : List.of("/%00", "/index.html%00", "/webjars/%00", "/api/v1/nope%00", "/a%zzb")) {
            ApiClient.Response r = api.sendRaw("GET", other, null, null, null);
            t.tried++;
            if (r.status() >= 500) {
                t.serverErrors++;
                t.fail("GET " + other, r, "server error");
            }
        }
        ApiClient.Response health = api.get("/health", null);
        System.out.printf(Locale.ROOT, "text rules battery [%s]: %d operations, %d requests tried, %d answered >= 500,"
                        + " %d 400 naming the field, %d per-record rejections naming the field, %d other 400,"
                        + " %d other 4xx; health %d%n", databaseName(), operations, t.tried, t.serverErrors,
                t.namedField, t.rejectedRecord, t.badRequestUnnamed, t.otherClientError, health.status());
        if (!t.failures.isEmpty()) {
            fail(t.failures.size() + " requests were not held:\n" + String.join("\n", t.failures));
        }
        assertEquals(0, t.serverErrors);
        assertEquals(200, health.status(), health.body());
        assertEquals("up", health.json().getString("status"));
        assertEquals(before, state(), "a rejected request changed what the node stores");
    }

    /** JSON bodies with bad text in a value, a nested array value, an object key and an array body. */
    private void jsonBodies(Tally t, String verb, String target) {
        for (Bad bad : BAD) {
            if (bad.inJson() == null) {
                continue;
            }
            String s = "a" + bad.inJson() + "b";
            expectBody(t, verb, target, "{\"name\":\"" + s + "\"}", "name"::equals);
            expectBody(t, verb, target, "{\"config\":{\"list\":[\"ok\",\"" + s + "\"]}}", "config.list[1]"::equals);
            expectBody(t, verb, target, "{\"" + s + "\":1}", k -> k.startsWith("a") && k.endsWith("b"));
            expectBody(t, verb, target, "[{\"product_id\":\"" + s + "\"}]",
                    k -> k.equals("[0].product_id") || k.equals("product_id"));
        }
        // The UTF-8 bytes of U+D800 (not valid UTF-8): either unreadable JSON or a lone surrogate; never stored.
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes("{\"name\":\"a".getBytes(StandardCharsets.UTF_8));
        raw.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        raw.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
        String request = verb + " " + target + " (raw surrogate bytes)";
        ApiClient.Response r = api.sendBytes(verb, target, ADMIN, raw.toByteArray(), "application/json");
        t.tried++;
        if (r.status() >= 500) {
            t.serverErrors++;
            t.fail(request, r, "server error");
        } else if (r.status() == 400 && problemNames(r, "name"::equals)) {
            t.namedField++;
        } else if (r.status() == 400) {
            t.badRequestUnnamed++; // "request body is not valid JSON: Invalid UTF-8 …"
        } else if (r.status() < 300 && rejectionNames(r, "name"::equals)) {
            t.rejectedRecord++;
        } else {
            t.fail(request, r, "bad text accepted");
        }
    }

    private void expectNamed(Tally t, String verb, String target, String token, String field) {
        expectNamedLike(t, verb, target, token, field::equals);
    }

    private void expectNamedLike(Tally t, String verb, String target, String token, Predicate<String> field) {
        String request = verb + " " + target + (token == null ? " (no token)" : "");
        tally(t, request, api.send(verb, target, token, null, null), field);
    }

    private void expectRaw(Tally t, String verb, String target, String field) {
        tally(t, verb + " " + target, api.sendRaw(verb, target, ADMIN, null, null), field::equals);
    }

    private void expectBody(Tally t, String verb, String target, String json, Predicate<String> field) {
        String request = verb + " " + target + " " + json;
        ApiClient.Response r = api.send(verb, target, ADMIN, json, "application/json");
        t.tried++;
        if (r.status() >= 500) {
            t.serverErrors++;
            t.fail(request, r, "server error");
        } else if (r.status() == 400 && problemNames(r, field)) {
            t.namedField++;
        } else if (r.status() < 300 && rejectionNames(r, field)) {
            t.rejectedRecord++;
        } else {
            t.fail(request, r, "not a 400 (or per-record rejection) naming the field");
        }
    }

    /** A request whose bad text must be a 400 naming the field ({@code field} null: only "below 500"). */
    private static void tally(Tally t, String request, ApiClient.Response r, Predicate<String> field) {
        t.tried++;
        if (r.status() >= 500) {
            t.serverErrors++;
            t.fail(request, r, "server error");
        } else if (r.status() == 400 && problemNames(r, field == null ? k -> true : field)) {
            t.namedField++;
        } else if (field == null && r.status() >= 400) {
            if (r.status() == 400) {
                t.badRequestUnnamed++;
            } else {
                t.otherClientError++;
            }
        } else if (field == null && r.status() < 300 && rejectionNames(r, k -> true)) {
            t.rejectedRecord++;
        } else {
            t.fail(request, r, "not a 400 naming the field");
        }
    }

    private static boolean problemNames(ApiClient.Response r, Predicate<String> field) {
        if (!r.contentType().startsWith(Problems.CONTENT_TYPE)) {
            return false;
        }
        JsonArray errors = r.json().getJsonArray("errors");
        return errors != null && errors.stream().anyMatch(e -> field.test(((JsonObject) e).getString("key")));
    }

    private static boolean rejectionNames(ApiClient.Response r, Predicate<String> field) {
        if (!r.contentType().startsWith("application/json")) {
            return false;
        }
        JsonObject body = r.json();
        if (body.getValue("accepted") instanceof Number n && n.longValue() != 0) {
            return false;
        }
        JsonArray rejected = body.getJsonArray("rejected");
        if (rejected == null) {
            return false;
        }
        for (Object o : rejected) {
            JsonObject rejection = (JsonObject) o;
            if (field.test(rejection.getString("field", "")) || rejection.getJsonArray("errors", new JsonArray())
                    .stream().anyMatch(e -> field.test(((JsonObject) e).getString("field")))) {
                return true;
            }
        }
        return false;
    }

    private static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([A-Za-z_]+)}").matcher(template);
        while (m.find()) {
            String name = m.group(1);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
                    values.getOrDefault(name, VALID.getOrDefault(name, "x"))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Map<String, String> state() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : STATE) {
            ApiClient.Response r = api.get(path, ADMIN);
            out.put(path, r.status() + " " + r.body());
        }
        return out;
    }

    private String ts(int minutesAgo) {
        return now.minus(minutesAgo, ChronoUnit.MINUTES).toString();
    }

    private long eventTotal(String shop) {
        return api.get("/api/v1/shops/" + shop + "/events/summary", ADMIN).json().getLong("total");
    }

    private String newShop(String id) {
        ApiClient.Response r = api.post("/api/v1/shops", ADMIN, "{\"id\":\"" + id + "\",\"name\":\"" + id + "\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().getString("api_key");
    }

    private static List<String> fields(JsonObject rejection) {
        List<String> out = new ArrayList<>();
        rejection.getJsonArray("errors").forEach(e -> out.add(((JsonObject) e).getString("field")));
        return out;
    }

    @Test
    void oneBadEventNeverSinksTheValidEventsOfItsBatch() {
        String shopKey = newShop("batch-json");
        String body = """
                [{"event_id":"ok1","type":"Product Viewed","timestamp":"%1$s","customer_id":"c1","properties":{"product_id":"p1"}},
                 {"event_id":"bad1","type":"Product Viewed","timestamp":"%1$s","customer_id":"c\\u0000d","properties":{"product_id":"p1"}},
                 {"event_id":"ok2","type":"Product Reviewed","timestamp":"%1$s","customer_id":"c2",
                  "properties":{"product_id":"p1","rating":4,"review":"Great shoe.\\n\\tRuns small."}},
                 {"event_id":"bad2","type":"Order Completed","timestamp":"%1$s","customer_id":"c3",
                  "properties":{"order_id":"o1","currency":"EUR","products":[{"product_id":"p1","price":1},
                   {"product_id":"p2","price":2},{"product_id":"p\\ud800","price":3}]}},
                 {"event_id":"bad3","type":"Product Viewed","timestamp":"%1$s","customer_id":"c4",
                  "properties":{"product_id":"p1","note":"a\\u0000b","tags":["x","\\udc00"]}},
                 {"event_id":"bad4","type":"Product Viewed","timestamp":"%1$s","anonymous_id":"v\\u001b1","properties":{"product_id":"p1"}},
                 {"event_id":"ok3","type":"Product Viewed","timestamp":"%1$s","customer_id":"c5","properties":{"product_id":"p1"}}]
                """.formatted(ts(5));
        ApiClient.Response r = api.post("/api/v1/shops/batch-json/events", shopKey, body);
        assertEquals(200, r.status(), r.body());
        JsonObject reply = r.json();
        assertEquals(3, reply.getInteger("accepted"), r.body());
        JsonArray rejected = reply.getJsonArray("rejected");
        assertEquals(4, rejected.size(), r.body());
        assertEquals(1, rejected.getJsonObject(0).getInteger("index"));
        assertEquals("bad1", rejected.getJsonObject(0).getString("event_id"));
        assertEquals(List.of("customer_id"), fields(rejected.getJsonObject(0)));
        assertEquals(3, rejected.getJsonObject(1).getInteger("index"));
        assertEquals(List.of("properties.products[2].product_id"), fields(rejected.getJsonObject(1)));
        assertEquals(List.of("properties.note", "properties.tags[1]"), fields(rejected.getJsonObject(2)));
        assertEquals(List.of("anonymous_id"), fields(rejected.getJsonObject(3)));
        assertEquals(3, eventTotal("batch-json"));
        // Free text keeps its tabs and newlines, verbatim.
        JsonArray stored = api.get("/api/v1/shops/batch-json/events?type=Product%20Reviewed", shopKey).json()
                .getJsonArray("events");
        assertEquals("Great shoe.\n\tRuns small.", stored.getJsonObject(0).getJsonObject("properties")
                .getString("review"));
    }

    @Test
    void ndjsonBatchesRejectTheBadLinesOnly() {
        String shopKey = newShop("batch-ndjson");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String line = "{\"event_id\":\"%s\",\"type\":\"Product Viewed\",\"timestamp\":\"" + ts(3)
                + "\",\"customer_id\":\"%s\",\"properties\":{\"product_id\":\"p1\"}}\n";
        body.writeBytes(line.formatted("n1", "c1").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(line.formatted("n2", "c\\u0000").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(line.formatted("n3", "c\\ud83d").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(line.formatted("n4", "c\\ud83d\\ude00").getBytes(StandardCharsets.UTF_8)); // a real emoji
        byte[] rawSurrogate = line.formatted("n5", "c#").getBytes(StandardCharsets.UTF_8);
        int hash = new String(rawSurrogate, StandardCharsets.UTF_8).indexOf('#');
        body.writeBytes(java.util.Arrays.copyOfRange(rawSurrogate, 0, hash));
        body.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        body.writeBytes(java.util.Arrays.copyOfRange(rawSurrogate, hash + 1, rawSurrogate.length));
        ApiClient.Response r = api.sendBytes("POST", "/api/v1/shops/batch-ndjson/events", shopKey,
                body.toByteArray(), "application/x-ndjson");
        assertEquals(200, r.status(), r.body());
        assertEquals(2, r.json().getInteger("accepted"), r.body());
        JsonArray rejected = r.json().getJsonArray("rejected");
        assertEquals(3, rejected.size(), r.body());
        assertEquals(List.of("customer_id"), fields(rejected.getJsonObject(0)));
        assertEquals(List.of("customer_id"), fields(rejected.getJsonObject(1)));
        assertEquals(4, rejected.getJsonObject(2).getInteger("index"));
        assertEquals(2, eventTotal("batch-ndjson"));
    }

    @Test
    void productAndInventoryBatchesRejectPerRecord() {
        String shopKey = newShop("batch-catalog");
        ApiClient.Response products = api.put("/api/v1/shops/batch-catalog/products", shopKey, """
                [{"product_id":"p1","title":"Trail Shoe","category":"Shoes"},
                 {"product_id":"p2","title":"Bad\\u0000title"},
                 {"product_id":"p\\u0007"},
                 {"product_id":"p3","category":"Shoes\\n"},
                 {"product_id":"p4","sku":"\\udfff"}]
                """);
        assertEquals(200, products.status(), products.body());
        assertEquals(1, products.json().getInteger("accepted"), products.body());
        JsonArray rejected = products.json().getJsonArray("rejected");
        assertEquals(List.of("title"), fields(rejected.getJsonObject(0)));
        assertEquals(List.of("product_id"), fields(rejected.getJsonObject(1)));
        assertEquals(List.of("category"), fields(rejected.getJsonObject(2)));
        assertEquals(List.of("sku"), fields(rejected.getJsonObject(3)));
        assertEquals(1, api.get("/api/v1/shops/batch-catalog/products", shopKey).json().getJsonArray("products")
                .size());

        ApiClient.Response stock = api.post("/api/v1/shops/batch-catalog/inventory", shopKey, """
                [{"product_id":"p1","on_hand":3,"timestamp":"%1$s"},
                 {"product_id":"p1\\u0000","on_hand":1,"timestamp":"%1$s"},
                 {"product_id":"p1","on_hand":1,"timestamp":"%1$s\\u0000"}]
                """.formatted(ts(1)));
        assertEquals(200, stock.status(), stock.body());
        assertEquals(1, stock.json().getInteger("accepted"), stock.body());
        assertEquals(List.of("product_id"), fields(stock.json().getJsonArray("rejected").getJsonObject(0)));
        assertEquals(List.of("timestamp"), fields(stock.json().getJsonArray("rejected").getJsonObject(1)));
    }

    @Test
    void importedFilesRejectTheBadRowsOnly() {
        String shopKey = newShop("batch-import");
        ApiClient.Response r = api.send("POST", "/api/v1/shops/batch-import/imports?kind=products&file=p.csv", shopKey,
                "product_id,title\ni1,Fine\ni2,Bad\u0000title\ni3,Also fine\n", "text/csv");
        assertEquals(200, r.status(), r.body());
        assertEquals(2, r.json().getInteger("accepted"), r.body());
        JsonObject rejected = r.json().getJsonArray("rejected").getJsonObject(0);
        assertEquals("title", rejected.getString("field"), r.body());
        assertEquals("i2", rejected.getString("id"));
    }

    @Test
    void loginAndUnauthenticatedRequestsWithBadTextAre400NotServerErrors() {
        ApiClient.Response login = api.post("/api/v1/sessions", null,
                "{\"email\":\"a\\u0000@example.com\",\"password\":\"secret-password\"}");
        assertEquals(400, login.status(), login.body());
        assertTrue(problemNames(login, "email"::equals), login.body());
        ApiClient.Response path = api.get("/api/v1/shops/a%00b/events", null);
        assertEquals(400, path.status(), path.body());
        assertTrue(problemNames(path, "path.shop"::equals), path.body());
        ApiClient.Response query = api.get("/api/v1/shops/" + SHOP + "/recommendations?customer=c%ED%A0%80", null);
        assertEquals(400, query.status(), query.body());
        assertTrue(problemNames(query, "query.customer"::equals), query.body());
        // A password is free text, never stored as text: a tab in it is its owner's business.
        ApiClient.Response user = api.post("/api/v1/users", ADMIN,
                "{\"email\":\"tab@example.com\",\"password\":\"pass\\tword-123\",\"shops\":[\"" + SHOP + "\"]}");
        assertEquals(201, user.status(), user.body());
        assertEquals(201, api.post("/api/v1/sessions", null,
                "{\"email\":\"tab@example.com\",\"password\":\"pass\\tword-123\"}").status());
        assertEquals(204, api.delete("/api/v1/users/tab@example.com", ADMIN).status());
        ApiClient.Response shop = api.post("/api/v1/shops", ADMIN, "{\"name\":\"Tab\\tShop\"}");
        assertEquals(400, shop.status(), shop.body());
        assertTrue(problemNames(shop, "name"::equals), shop.body());
    }
}
