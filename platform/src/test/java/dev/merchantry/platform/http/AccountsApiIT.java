package dev.merchantry.platform.http;

import dev.merchantry.platform.plugins.TestPluginBuilder;
import dev.merchantry.platform.testing.EmbeddedNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Console accounts through HTTP: users, login, sessions (bearer and cookie), shop isolation, rate limit, logout. */
class AccountsApiIT {

    private static final String ADMIN = "test-admin-token-accounts-0123";

    private EmbeddedNode node;
    private ApiClient api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        node = EmbeddedNode.builder().adminToken(ADMIN)
                .plugins(TestPluginBuilder.plugin("demo-recs").recommender("t.demo.TopRecommender", "top-items"))
                .start();
        api = node.api();
        api.post("/api/v1/shops", ADMIN, "{\"id\":\"north\",\"name\":\"North\"}");
        api.post("/api/v1/shops", ADMIN, "{\"id\":\"south\",\"name\":\"South\"}");
        api.post("/api/v1/shops", ADMIN, "{\"id\":\"east\",\"name\":\"East\"}");
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private ApiClient.Response createUser(String email, String password, List<String> shops, boolean admin) {
        return api.post("/api/v1/users", ADMIN, new JsonObject().put("email", email).put("password", password)
                .put("shops", new JsonArray(shops)).put("admin", admin).encode());
    }

    private ApiClient.Response login(String email, String password) {
        return api.post("/api/v1/sessions", null, new JsonObject().put("email", email).put("password", password).encode());
    }

    @Test
    void adminsCreateUsersAndEveryBadFieldIsNamed() {
        ApiClient.Response created = createUser("Ann@North.example", "correct horse", List.of("north", "east"), false);
        assertEquals(201, created.status(), created.body());
        assertEquals("ann@north.example", created.json().getString("email"), "emails are stored lower-cased");
        assertEquals(List.of("east", "north"), created.json().getJsonArray("shops").getList().stream().sorted().toList());
        assertFalse(created.body().contains("correct horse"), "the password is never echoed");

        ApiClient.Response bad = api.post("/api/v1/users", ADMIN,
                "{\"email\":\"not-an-email\",\"password\":\"short\",\"shops\":[\"nowhere\"]}");
        assertEquals(400, bad.status());
        Set<String> keys = new HashSet<>();
        bad.json().getJsonArray("errors").forEach(e -> keys.add(((JsonObject) e).getString("key")));
        assertEquals(Set.of("email", "password", "shops"), keys);
        assertEquals(400, createUser("nobody@x.example", "long enough", List.of(), false).status(),
                "a merchant without shops is refused");
        assertEquals(409, createUser("ANN@north.example", "another one", List.of("north"), false).status());

        String apiKey = api.post("/api/v1/shops", ADMIN, "{\"id\":\"west\",\"name\":\"West\"}").json().getString("api_key");
        assertEquals(403, api.post("/api/v1/users", apiKey, "{\"email\":\"k@x.example\",\"password\":\"12345678\","
                + "\"shops\":[\"west\"]}").status(), "only admins create users");
        JsonArray users = api.get("/api/v1/users", ADMIN).json().getJsonArray("users");
        assertEquals(1, users.size());
        assertFalse(users.encode().contains("pbkdf2"), "hashes are never listed");
    }

    @Test
    void aMerchantCannotOpenAnotherMerchantsShop() throws Exception {
        createUser("ann@north.example", "ann's password", List.of("north"), false);
        createUser("bob@south.example", "bob's password", List.of("south"), false);
        ApiClient.Response login = login("ann@north.example", "ann's password");
        assertEquals(201, login.status(), login.body());
        String ann = login.json().getString("token");
        assertTrue(ann.startsWith("mrc_"));
        assertNotNull(login.json().getString("expires_at"));

        JsonObject me = api.get("/api/v1/me", ann).json();
        assertEquals("user", me.getString("kind"));
        assertEquals(List.of("north"), me.getJsonArray("shops").getList());
        JsonArray shops = api.get("/api/v1/shops", ann).json().getJsonArray("shops");
        assertEquals(1, shops.size(), "GET /shops lists only the merchant's shops");
        assertEquals("north", shops.getJsonObject(0).getString("id"));

        assertEquals(200, api.get("/api/v1/shops/north", ann).status());
        assertEquals(200, api.get("/api/v1/shops/north/events/summary", ann).status());
        ApiClient.Response other = api.get("/api/v1/shops/south", ann);
        assertEquals(403, other.status());
        assertTrue(other.json().getString("detail").contains("no access to shop 'south'"), other.body());
        assertEquals(403, api.get("/api/v1/shops/south/strategies", ann).status());
        assertEquals(403, api.put("/api/v1/shops/south/strategies/recommender", ann,
                "{\"strategy\":\"top-items\",\"config\":{}}").status());
        assertEquals(403, api.get("/api/v1/plugins", ann).status(), "merchants are not admins");
        assertEquals(403, api.get("/api/v1/users", ann).status());

        // Bob's job ids are not visible to Ann either.
        String bob = login("bob@south.example", "bob's password").json().getString("token");
        api.put("/api/v1/shops/south/strategies/recommender", bob, "{\"strategy\":\"top-items\",\"config\":{}}");
        String job = api.post("/api/v1/shops/south/strategies/recommender/train", bob, null).json().getString("job_id");
        assertEquals(200, api.get("/api/v1/jobs/" + job, bob).status());
        assertEquals(404, api.get("/api/v1/jobs/" + job, ann).status());

        // Changes are recorded under the user's email.
        JsonObject change = api.get("/api/v1/shops/south/strategies/recommender/history", bob).json()
                .getJsonArray("history").getJsonObject(0);
        assertEquals("user:bob@south.example", change.getString("actor"));
    }

    @Test
    void adminUsersReachEveryShopAndAdminRoutes() {
        createUser("root@ops.example", "admin password", List.of(), true);
        String token = login("root@ops.example", "admin password").json().getString("token");
        assertEquals(3, api.get("/api/v1/shops", token).json().getJsonArray("shops").size());
        assertEquals(200, api.get("/api/v1/plugins", token).status());
        assertEquals(200, api.get("/api/v1/shops/south/strategies", token).status());
        assertTrue(api.get("/api/v1/me", token).json().getBoolean("admin"));
    }

    @Test
    void wrongCredentialsAreRefusedAlikeAndLoginIsRateLimited() {
        createUser("ann@north.example", "ann's password", List.of("north"), false);
        ApiClient.Response unknown = login("nobody@north.example", "whatever1");
        ApiClient.Response wrong = login("ann@north.example", "wrong password");
        assertEquals(401, unknown.status());
        assertEquals(401, wrong.status());
        assertEquals(unknown.json().getString("detail"), wrong.json().getString("detail"),
                "an unknown email and a wrong password get the same answer");
        for (int i = 0; i < 4; i++) {
            assertEquals(401, login("ann@north.example", "wrong password").status());
        }
        // Five failures for this email from this address: the sixth attempt, even with the right password, waits.
        ApiClient.Response limited = login("ann@north.example", "ann's password");
        assertEquals(429, limited.status(), limited.body());
        assertTrue(limited.contentType().startsWith("application/problem+json"));
        assertEquals(400, api.post("/api/v1/sessions", null, "{\"email\":\"ann@north.example\"}").status(),
                "a missing password is a 400 naming the field");
    }

    @Test
    void retryAfterTellsWhenToTryAgain() throws Exception {
        createUser("ann@north.example", "ann's password", List.of("north"), false);
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = http.send(HttpRequest.newBuilder(uri("/api/v1/sessions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"ann@north.example\",\"password\":\"nope-nope\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(429, last.statusCode());
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter + " s is within the 1-minute window");
    }

    @Test
    void fortyParallelWrongLoginsCheckAtMostFivePasswordsAndThenTheRightOneWaits() throws Exception {
        createUser("ann@north.example", "ann's password", List.of("north"), false);
        double before = passwordChecks();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(40);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<ApiClient.Response>> tries = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                String password = "wrong password " + i;
                tries.add(clients.submit(() -> {
                    go.await();
                    return login("ann@north.example", password);
                }));
            }
            go.countDown();
            int refused = 0;
            int limited = 0;
            for (var t : tries) {
                ApiClient.Response r = t.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(r.status() == 401 || r.status() == 429, r.status() + " " + r.body());
                refused += r.status() == 401 ? 1 : 0;
                limited += r.status() == 429 ? 1 : 0;
            }
            double checks = passwordChecks() - before;
            System.out.printf("40 parallel wrong logins: %d x 401, %d x 429, %.0f password checks%n", refused, limited,
                    checks);
            assertTrue(checks <= 5, checks + " password checks for 40 parallel tries with a limit of 5");
            assertEquals(refused, checks, 0, "every 401 is one password check, every 429 none");
        } finally {
            clients.shutdownNow();
        }
        double afterFlood = passwordChecks();
        ApiClient.Response right = login("ann@north.example", "ann's password");
        assertEquals(429, right.status(), "the right password within the window waits too: " + right.body());
        assertEquals(afterFlood, passwordChecks(), "and costs no password check");
    }

    @Test
    void onlyJsonLogsIn() throws Exception {
        createUser("ann@north.example", "ann's password", List.of("north"), false);
        String body = "{\"email\":\"ann@north.example\",\"password\":\"ann's password\"}";
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            ApiClient.Response r = api.send("POST", "/api/v1/sessions", null, body, type);
            assertEquals(415, r.status(), type);
            assertTrue(r.contentType().startsWith("application/problem+json"));
            assertTrue(r.json().getString("detail").contains("Content-Type: application/json"), r.body());
        }
        ApiClient.Response none = api.send("POST", "/api/v1/sessions", null, body, null);
        assertEquals(415, none.status(), "no Content-Type at all");
        assertEquals(201, api.send("POST", "/api/v1/sessions", null, body, "application/json; charset=utf-8").status());
    }

    /** The node's count of login password checks, read from its Prometheus scrape. */
    private double passwordChecks() {
        String metrics = api.get("/metrics", null).body();
        return metrics.lines().filter(l -> l.startsWith("merchantry_login_password_checks_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void theSessionCookieWorksWithCsrfHeaderAndLogoutEndsTheSession() throws Exception {
        createUser("ann@north.example", "ann's password", List.of("north"), false);
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/api/v1/sessions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"ann@north.example\",\"password\":\"ann's password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, login.statusCode());
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("merchantry_session=mrc_"), setCookie);
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Max-Age=43200"), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertEquals(200, withCookie("GET", "/api/v1/shops/north/strategies", cookie, null).statusCode());
        String bind = "{\"strategy\":\"top-items\",\"config\":{}}";
        HttpResponse<String> noHeader = withCookie("PUT", "/api/v1/shops/north/strategies/recommender", cookie, bind);
        assertEquals(403, noHeader.statusCode(), "cookie requests that change state need the CSRF header");
        assertTrue(noHeader.body().contains("X-Requested-With"));
        assertEquals(200, send(HttpRequest.newBuilder(uri("/api/v1/shops/north/strategies/recommender"))
                .header("Cookie", cookie).header("X-Requested-With", "merchantry-console")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(bind))).statusCode());

        HttpResponse<String> logout = send(HttpRequest.newBuilder(uri("/api/v1/sessions/current"))
                .header("Cookie", cookie).header("X-Requested-With", "merchantry-console").DELETE());
        assertEquals(204, logout.statusCode());
        assertTrue(logout.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(401, withCookie("GET", "/api/v1/shops/north/strategies", cookie, null).statusCode(),
                "the session is gone after logout");
        assertEquals(401, api.get("/api/v1/me", null).status());
    }

    @Test
    void deletingAUserEndsItsSessions() {
        createUser("ann@north.example", "ann's password", List.of("north"), false);
        String token = login("ann@north.example", "ann's password").json().getString("token");
        assertEquals(200, api.get("/api/v1/me", token).status());
        assertEquals(204, api.delete("/api/v1/users/ann@north.example", ADMIN).status());
        assertEquals(401, api.get("/api/v1/me", token).status());
        assertEquals(404, api.delete("/api/v1/users/ann@north.example", ADMIN).status());
    }

    @Test
    void sessionsSurviveARestart() {
        createUser("ann@north.example", "ann's password", List.of("north"), false);
        String token = login("ann@north.example", "ann's password").json().getString("token");
        node.restart();
        api = node.api();
        assertEquals("ann@north.example", api.get("/api/v1/me", token).json().getString("email"));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.port() + path);
    }

    private HttpResponse<String> withCookie(String method, String path, String cookie, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Cookie", cookie).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
