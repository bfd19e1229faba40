package dev.merchantry.platform.http;

import dev.merchantry.platform.testing.EmbeddedNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A careless or hostile client against every write route of a real node, routes read from /openapi.json: malformed
 * bodies, wrong and missing content types, forms, multipart, oversized bodies with and without Content-Length, and
 * bodies sent without a token. Nothing may answer 5xx, nothing from a refused request may be stored, and the node
 * must be healthy afterwards. Unauthenticated bodies are answered from the headers alone.
 */
class HostileClientIT {

    private static final String ADMIN = "test-admin-token-0123456789";

    private static EmbeddedNode node;
    private static ApiClient api;
    private static String shopKey;

    @BeforeAll
    static void start() throws Exception {
        node = EmbeddedNode.builder().adminToken(ADMIN).start();
        api = node.api();
        shopKey = node.createShop("h", "H");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** Every operation with a request body, with its path parameters filled in for shop {@code h}. */
    private static List<String[]> writeRoutes() {
        JsonObject doc = api.get("/openapi.json", null).json();
        List<String[]> routes = new ArrayList<>();
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject ops = paths.getJsonObject(path);
            for (String method : ops.fieldNames()) {
                if (List.of("post", "put", "patch").contains(method)) {
                    String concrete = path.replace("{shop}", "h").replace("{kind}", "recommender")
                            .replaceAll("\\{[^}]+}", "x");
                    routes.add(new String[] {method.toUpperCase(), concrete});
                }
            }
        }
        return routes;
    }

    @Test
    void malformedBodiesAndContentTypesNeverAnswer5xxAndStoreNothing() {
        String before = state();
        String[][] bodies = {
                {"{", "application/json"}, {"[1,2", "application/json"}, {"\"just a string\"", "application/json"},
                {"null", "application/json"}, {"42", "application/json"}, {"", "application/json"},
                {"{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "application/json"},
                {"x=" + "y".repeat(20_000), "application/x-www-form-urlencoded"},
                {"{\"name\":42,\"id\":\"Bad Id!\"}", "application/x-www-form-urlencoded"},
                {"--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nbroken", "multipart/form-data; boundary=b"},
                {"not json at all", "text/plain"}, {"{}", null}, {"\u00ff\u00fe", "application/octet-stream"},
        };
        int tried = 0;
        List<String> failures = new ArrayList<>();
        for (String[] route : writeRoutes()) {
            for (String[] body : bodies) {
                for (String token : new String[] {ADMIN, shopKey, null}) {
                    ApiClient.Response r = api.send(route[0], route[1], token, body[0], body[1]);
                    tried++;
                    if (r.status() >= 500) {
                        failures.add(route[0] + " " + route[1] + " [" + body[1] + "] -> " + r.status() + " " + r.body());
                    }
                    if (token == null && r.status() != 401 && !route[1].equals("/api/v1/sessions")) {
                        failures.add(route[0] + " " + route[1] + " without a token -> " + r.status());
                    }
                    if (body[1] != null && body[1].startsWith("multipart/") && r.status() != 415 && ADMIN.equals(token)) {
                        failures.add(route[0] + " " + route[1] + " multipart -> " + r.status() + " (expected 415)");
                    }
                }
            }
        }
        System.out.printf("hostile bodies: %d requests over %d write routes, %d not held%n", tried,
                writeRoutes().size(), failures.size());
        assertTrue(failures.isEmpty(), failures.size() + " not held:\n" + String.join("\n", failures));
        assertEquals(before, state(), "nothing from a refused request is stored");
        assertEquals(200, api.get("/health", null).status());
    }

    @Test
    void overLongIdsAndOversizedChunkedBodiesAreRefusedWithoutServerErrors() throws Exception {
        String before = state();
        String longId = "x".repeat(1_000); // longer than any id may be, within the server's 4 KiB request line
        List<String> failures = new ArrayList<>();
        int tried = 0;
        JsonObject paths = api.get("/openapi.json", null).json().getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                String concrete = path.replace("{kind}", "recommender").replaceAll("\\{[^}]+}", longId);
                if (concrete.equals(path)) {
                    concrete = path + "?customer=" + longId + "&product=" + longId + "&limit=" + longId;
                }
                ApiClient.Response r = api.send(method.toUpperCase(), concrete, ADMIN,
                        List.of("get", "delete").contains(method) ? null : "{\"id\":\"" + longId + "\",\"name\":\""
                                + longId + "\"}", "application/json");
                tried++;
                if (r.status() >= 500) {
                    failures.add(method + " " + path + " with 1,000-character ids -> " + r.status() + " " + r.body());
                }
            }
        }
        // A request line beyond 4 KiB is refused by the HTTP codec itself.
        ApiClient.Response tooLong = api.sendRaw("GET", "/api/v1/shops/" + "x".repeat(10_000), ADMIN, null, null);
        tried++;
        if (tooLong.status() != 414) {
            failures.add("GET with a 10,000-character path -> " + tooLong.status());
        }
        // A body over the route's limit sent without Content-Length (chunked): read up to the limit, then 413.
        for (String[] route : writeRoutes()) {
            byte[] big = new byte[(17 << 20)];
            java.util.Arrays.fill(big, (byte) ' ');
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                            + node.port() + route[1])).header("Authorization", "Bearer " + ADMIN)
                    .header("Content-Type", "application/json")
                    .method(route[0], java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                            java.net.http.HttpRequest.BodyPublishers.ofByteArray(big))) // no length: chunked
                    .build();
            int status;
            try {
                status = java.net.http.HttpClient.newHttpClient().send(request,
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException closedAfterAnswer) {
                status = 413; // the node answered and closed while the client was still sending
            }
            tried++;
            // 413 where the route's limit is below 17 MiB; the admin-only plugin routes take up to 100 MB and
            // refuse the (non-archive) body as such.
            boolean pluginRoute = route[1].startsWith("/api/v1/plugins");
            if (pluginRoute ? status < 400 || status >= 500 : status != 413) {
                failures.add(route[0] + " " + route[1] + " with a 17 MiB chunked body -> " + status);
            }
        }
        System.out.printf("over-long ids and chunked bodies: %d requests, %d not held%n", tried, failures.size());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(before, state(), "nothing stored");
        assertEquals(200, api.get("/health", null).status());
    }

    @Test
    void curlStyleFormBodiesOfAnySizeAreReadAsJson() {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            events.append(i == 0 ? "" : ",").append("{\"event_id\":\"form-").append(i).append("\",\"type\":\"Product Viewed\","
                    + "\"timestamp\":\"2026-11-01T10:00:00Z\",\"customer_id\":\"c-1\",\"properties\":{\"product_id\":\"p-1\"}}");
        }
        String body = events.append("]").toString();
        assertTrue(body.length() > 8192, "larger than Vert.x's form field limit");
        ApiClient.Response r = api.send("POST", "/api/v1/shops/h/events", shopKey, body,
                "application/x-www-form-urlencoded");
        assertEquals(200, r.status(), r.body());
        assertEquals(200, r.json().getInteger("accepted"));
    }

    @Test
    void anUnauthenticatedBodyIsAnsweredFromTheHeadersWithoutBeingRead() throws Exception {
        long declared = 100L << 20;
        for (String path : new String[] {"/api/v1/plugins", "/api/v1/shops/h/events", "/api/v1/shops"}) {
            try (Socket s = new Socket("127.0.0.1", node.port())) {
                s.setSoTimeout(5_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[8192]); // a first chunk of the body, then nothing: the answer must not wait for it
                out.flush();
                long t0 = System.nanoTime();
                String head = readHead(s.getInputStream());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(head.startsWith("HTTP/1.1 401"), path + ": " + head);
                assertTrue(head.toLowerCase().contains("connection: close"), head);
                assertTrue(ms < 2_000, path + " answered after " + ms + " ms");
            }
        }
        // A valid key without the right to the route is refused the same way (plugin upload is admin-only).
        try (Socket s = new Socket("127.0.0.1", node.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("POST /api/v1/plugins HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + shopKey
                    + "\r\nContent-Type: application/java-archive\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 403"), head);
        }
        assertEquals(200, api.get("/health", null).status());
    }

    @Test
    void securityHeadersAreOnTheConsoleAndTheApi() {
        for (String path : new String[] {"/", "/health", "/api/v1/shops/h/events/summary"}) {
            java.net.http.HttpResponse<String> r = ApiClient.raw(node.port(), path, ADMIN);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self' 'sha256-"), csp);
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    /** What the refused requests could have changed. */
    private static String state() {
        JsonArray shops = api.get("/api/v1/shops", ADMIN).json().getJsonArray("shops");
        return shops.size() + "|" + api.get("/api/v1/shops/h/events/summary", ADMIN).json().getLong("total") + "|"
                + api.get("/api/v1/shops/h/products?limit=100", ADMIN).body().length() + "|"
                + api.get("/api/v1/users", ADMIN).body() + "|" + api.get("/api/v1/shops/h/strategies", ADMIN).body();
    }
}
