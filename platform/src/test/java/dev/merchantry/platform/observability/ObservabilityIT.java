package dev.merchantry.platform.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.NodeOptions;
import dev.merchantry.platform.testing.Eventually;
import dev.merchantry.platform.auth.LoginTelemetry;
import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.jobs.JobOptions;
import dev.merchantry.platform.plugins.TestPluginBuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees of a node through {@code /metrics} and the logs, driven through the public interface: a
 * training that succeeds and one that fails, plugin changes (upload, upgrade, stop, start, a quarantined upload,
 * delete), logins right, wrong and throttled, an API key created and revoked. Every event is one structured line with
 * the documented keys, the meters carry the documented labels and values, and no password, session token or key is
 * ever logged.
 */
class ObservabilityIT {

    private static final String ADMIN = "test-admin-token-0123456789";
    private static final String EMAIL = "Merchant@Example.com";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String WRONG_PASSWORD = "not-the-password-4711";
    /** Training metrics the quality test recommender reports; the headline of a recommender is ndcg_at_10. */
    private static final double NDCG = 0.3125;
    private static final double TRAIN_RMSE = 0.75;
    /** JVM-wide (plugin class loaders see JDK classes only): {calls, entered fit, release fit}. */
    private static final String GATE = "merchantry.test.observability-gate";
    private static final JobOptions SHORT = new JobOptions().setLease(Duration.ofMillis(1500))
            .setHeartbeat(Duration.ofMillis(250));

    @TempDir
    Path tmp;

    private Path plugins;
    private MerchantryNode node;
    private ApiClient api;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() throws Exception {
        logs.start();
        root.addAppender(logs); // every logger's events reach the root's appenders, whatever the root's level
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        TestPluginBuilder.plugin("quality").extension("t.quality.Rec", QUALITY_RECOMMENDER)
                .recommender("t.quality.Broken", "q-broken",
                        "if (d != null) throw new IllegalStateException(\"fit exploded: \\\"bad\\\" data\\nline two\");")
                .buildJar(Files.createDirectories(tmp.resolve("build")));
        Files.move(tmp.resolve("build/quality-1.0.0.jar"), plugins.resolve("quality-1.0.0.jar"));
        // With the gate set, the first fit in this JVM blocks until released; later fits return at once.
        TestPluginBuilder.plugin("gated").recommender("t.gated.Gated", "gated-recs", """
                Object[] gate = (Object[]) System.getProperties().get("%s");
                if (gate != null && ((java.util.concurrent.atomic.AtomicInteger) gate[0]).getAndIncrement() == 0) {
                    ((java.util.concurrent.CountDownLatch) gate[1]).countDown();
                    try {
                        ((java.util.concurrent.CountDownLatch) gate[2]).await(120, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while blocked in fit");
                    }
                }
                """.formatted(GATE)).buildJar(plugins);
        startNode();
    }

    private void startNode() {
        node = MerchantryNode.start(NodeOptions.builder().host("127.0.0.1").port(0).dataDir(tmp.resolve("data"))
                .pluginsDir(plugins).adminToken(ADMIN).jobs(SHORT).build());
        api = new ApiClient(node.port());
    }

    @AfterEach
    void stop() {
        System.getProperties().remove(GATE);
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void trainingJobsAreLoggedAndMeasuredAndTheActiveModelsQualityIsExported() {
        String key = shop("acme");
        bind("acme", key, "q-rec");
        String job = train("acme", key, "succeeded");

        ILoggingEvent queued = line("job queued", "job_id", job);
        assertEquals(Level.INFO, queued.getLevel());
        assertPairs(queued, Map.of("shop", "acme", "kind", "recommender", "strategy", "q-rec"));
        assertPairs(line("job started", "job_id", job), Map.of("node", node.nodeName(), "attempt", "1"));
        ILoggingEvent finished = line("job finished", "job_id", job);
        assertEquals(Level.INFO, finished.getLevel());
        assertPairs(finished, Map.of("state", "succeeded", "attempts", "1", "model_version", "1",
                "node", node.nodeName()));
        assertTrue(Long.parseLong(pair(finished, "duration_ms")) >= 0);
        assertTrue(finished.getFormattedMessage().contains(" metrics=interactions:0,customers:0,products:0,ndcg_at_10:0.3125,train_rmse:0.75"),
                finished.getFormattedMessage());

        assertTrue(eventually(() -> sample("merchantry_model_quality", Map.of("shop", "acme", "kind", "recommender",
                "strategy", "q-rec", "metric", "ndcg_at_10")).isPresent()), "the active model's headline is exported");
        assertEquals(NDCG, sample("merchantry_model_quality", Map.of("shop", "acme", "strategy", "q-rec")).get());
        assertEquals(1, series("merchantry_model_quality").size(), "one series per shop and kind: "
                + series("merchantry_model_quality"));
        assertEquals(1.0, sample("merchantry_jobs_total", Map.of("kind", "recommender", "strategy", "q-rec",
                "outcome", "succeeded")).orElseThrow());
        assertEquals(1.0, sample("merchantry_job_duration_seconds_count", Map.of("kind", "recommender",
                "strategy", "q-rec")).orElseThrow());
        assertEquals(0.0, sample("merchantry_jobs_queued", Map.of()).orElseThrow());
        assertEquals(0.0, sample("merchantry_jobs_running", Map.of()).orElseThrow());

        // Switching to a strategy with no model yet drops the old series; its failed training exports nothing.
        bind("acme", key, "q-broken");
        assertTrue(eventually(() -> series("merchantry_model_quality").isEmpty()), "only the active model is exported");
        String failed = train("acme", key, "failed");
        ILoggingEvent failure = line("job finished", "job_id", failed);
        assertEquals(Level.WARN, failure.getLevel());
        assertPairs(failure, Map.of("state", "failed", "strategy", "q-broken"));
        assertEquals("IllegalStateException: fit exploded: \"bad\" data\nline two", pair(failure, "error"));
        assertTrue(failure.getFormattedMessage().endsWith(
                " error=\"IllegalStateException: fit exploded: \\\"bad\\\" data\\nline two\""),
                "the error is quoted and escaped on one line: " + failure.getFormattedMessage());
        assertEquals(1.0, sample("merchantry_jobs_total", Map.of("strategy", "q-broken", "outcome", "failed"))
                .orElseThrow());
        assertTrue(series("merchantry_model_quality").isEmpty());

        // Back to the trained strategy: its stored model is the active one again, read from storage.
        bind("acme", key, "q-rec");
        assertTrue(eventually(() -> sample("merchantry_model_quality", Map.of("shop", "acme", "strategy", "q-rec"))
                .isPresent()));
        assertNoSecretsLogged(key);
    }

    @Test
    void jobsOfThisNodeAreGaugedAndAGracefulStopRequeuesThem() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        System.getProperties().put(GATE, new Object[] {new AtomicInteger(), entered, release});
        try {
            Map<String, String> keys = new HashMap<>();
            for (String shop : List.of("blocked", "behind")) {
                keys.put(shop, shop(shop));
                bind(shop, keys.get(shop), "gated-recs");
            }
            String blocked = queue("blocked", keys.get("blocked"));
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            String behind = queue("behind", keys.get("behind"));
            // The one training thread of a 2-core node is busy; on more cores the second job trains too.
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
            assertTrue(eventually(() -> sample("merchantry_jobs_running", Map.of()).orElseThrow()
                    == Math.min(2, threads)), "running: " + series("merchantry_jobs_running"));
            assertEquals(threads == 1 ? 1.0 : 0.0, sample("merchantry_jobs_queued", Map.of()).orElseThrow());

            String stopped = node.nodeName();
            node.close();
            node = null;
            for (String job : List.of(blocked, behind)) {
                ILoggingEvent requeued = line("job requeued", "job_id", job);
                assertEquals(Level.WARN, requeued.getLevel());
                assertPairs(requeued, Map.of("reason", "node_stopping", "node", stopped, "kind", "recommender",
                        "strategy", "gated-recs", "attempts", "1"));
            }
            assertPairs(line("job abandoned", "job_id", blocked), Map.of("reason", "node_stopping", "node", stopped));

            startNode();
            for (String job : List.of(blocked, behind)) {
                assertTrue(eventually(() -> lines("job finished").stream().anyMatch(e -> job.equals(pair(e, "job_id")))),
                        job + " runs again after the restart");
                assertPairs(line("job finished", "job_id", job), Map.of("state", "succeeded", "attempts", "2",
                        "node", node.nodeName()));
                assertEquals(1, lines("job started").stream().filter(e -> job.equals(pair(e, "job_id"))
                        && "2".equals(pair(e, "attempt"))).count());
            }
            assertEquals(2.0, sample("merchantry_jobs_total", Map.of("strategy", "gated-recs", "outcome", "succeeded"))
                    .orElseThrow());
            assertEquals(0.0, sample("merchantry_jobs_running", Map.of()).orElseThrow());
        } finally {
            release.countDown();
        }
    }

    @Test
    void pluginChangesAreLoggedCountedAndPluginsCountedByState() throws Exception {
        assertPairs(line("plugin loaded", "plugin", "quality"), Map.of("version", "1.0.0", "state", "started",
                "strategies", "q-rec,q-broken"));
        assertEquals(2.0, sample("merchantry_plugins", Map.of("state", "started")).orElseThrow());

        assertEquals(201, upload("POST", "/api/v1/plugins", extra("1.0.0")).status());
        assertPairs(line("plugin installed", "plugin", "extra"), Map.of("version", "1.0.0", "strategies", "extra-rec",
                "file", "extra-1.0.0.jar", "actor", "admin (MERCHANTRY_ADMIN_TOKEN)"));
        ApiClient.Response upgraded = upload("PUT", "/api/v1/plugins/extra", extra("1.1.0"));
        assertEquals(200, upgraded.status(), upgraded.body());
        assertPairs(line("plugin upgraded", "plugin", "extra"), Map.of("previous_version", "1.0.0", "version", "1.1.0",
                "kept_models", "0", "retrained", "0"));
        assertEquals(200, api.post("/api/v1/plugins/extra/stop", ADMIN, null).status());
        assertPairs(line("plugin stopped", "plugin", "extra"), Map.of("version", "1.1.0"));
        assertEquals(1.0, sample("merchantry_plugins", Map.of("state", "stopped")).orElseThrow());
        assertEquals(200, api.post("/api/v1/plugins/extra/start", ADMIN, null).status());
        assertPairs(line("plugin started", "plugin", "extra"), Map.of("version", "1.1.0"));
        assertEquals(3.0, sample("merchantry_plugins", Map.of("state", "started")).orElseThrow());
        assertEquals(0.0, sample("merchantry_plugins", Map.of("state", "stopped")).orElseThrow());

        byte[] boom = TestPluginBuilder.plugin("boom").pluginClass("t.boom.Boom", """
                package t.boom;
                public class Boom extends org.pf4j.Plugin {
                    public void start() { throw new IllegalStateException("boom on start"); }
                }
                """).jarBytes(tmp);
        assertEquals(400, upload("POST", "/api/v1/plugins", boom).status());
        ILoggingEvent quarantined = line("plugin quarantined", "file", "boom-1.0.0.jar");
        assertEquals(Level.WARN, quarantined.getLevel());
        assertEquals("boom", pair(quarantined, "plugin"));
        assertTrue(pair(quarantined, "reason").contains("boom on start"), pair(quarantined, "reason"));
        assertEquals(1.0, sample("merchantry_plugins", Map.of("state", "quarantined")).orElseThrow());

        assertEquals(204, api.delete("/api/v1/plugins/extra", ADMIN).status());
        assertPairs(line("plugin deleted", "plugin", "extra"), Map.of("version", "1.1.0", "force", "false"));
        assertEquals(2.0, sample("merchantry_plugins", Map.of("state", "started")).orElseThrow());

        for (String action : List.of("installed", "upgraded", "stopped", "started", "quarantined", "deleted")) {
            assertEquals(1.0, sample("merchantry_plugin_changes_total", Map.of("action", action)).orElseThrow(), action);
        }
        assertNoSecretsLogged();
    }

    @Test
    void loginsAreLoggedWithTheEmailsHashAndNeverThePasswordOrToken() {
        String key = shop("acme");
        ApiClient.Response user = api.post("/api/v1/users", ADMIN, new JsonObject().put("email", EMAIL)
                .put("password", PASSWORD).put("shops", new JsonArray().add("acme")).encode());
        assertEquals(201, user.status(), user.body());

        ApiClient.Response ok = login(EMAIL, PASSWORD);
        assertEquals(201, ok.status(), ok.body());
        String session = ok.json().getString("token");
        assertEquals(401, login("nobody@example.com", WRONG_PASSWORD).status());
        // The account's limit is 5 failures a minute: the sixth attempt is refused before any check.
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login(EMAIL, WRONG_PASSWORD).status());
        }
        ApiClient.Response throttled = login(EMAIL, PASSWORD);
        assertEquals(429, throttled.status(), throttled.body());

        String hash = LoginTelemetry.emailHash(EMAIL);
        assertEquals(16, hash.length());
        ILoggingEvent succeeded = line("login succeeded", "email_hash", hash);
        assertEquals(Level.INFO, succeeded.getLevel());
        assertPairs(succeeded, Map.of("address", "127.0.0.1", "admin", "false"));
        assertPairs(line("login failed", "email_hash", LoginTelemetry.emailHash("nobody@example.com")),
                Map.of("reason", "unknown_email", "address", "127.0.0.1"));
        assertEquals(5, lines("login failed").stream().filter(e -> hash.equals(pair(e, "email_hash"))
                && "wrong_password".equals(pair(e, "reason"))).count());
        ILoggingEvent refused = line("login throttled", "email_hash", hash);
        assertEquals(Level.WARN, refused.getLevel());
        assertPairs(refused, Map.of("reason", "rate_limit", "address", "127.0.0.1"));

        assertEquals(1.0, sample("merchantry_logins_total", Map.of("outcome", "succeeded")).orElseThrow());
        assertEquals(6.0, sample("merchantry_logins_total", Map.of("outcome", "failed")).orElseThrow());
        assertEquals(1.0, sample("merchantry_logins_total", Map.of("outcome", "throttled")).orElseThrow());

        // API keys: created and revoked by id, with the actor; the key itself is never written.
        ApiClient.Response created = api.post("/api/v1/shops/acme/keys", session,
                "{\"name\":\"warehouse \\\"sync\\\"\",\"scopes\":[\"ingest\",\"read\"]}");
        assertEquals(201, created.status(), created.body());
        String keyId = created.json().getString("id");
        assertPairs(line("key created", "key_id", keyId), Map.of("shop", "acme", "name", "warehouse \"sync\"",
                "scopes", "read,ingest", "actor", "user:" + EMAIL.toLowerCase()));
        assertEquals(204, api.delete("/api/v1/shops/acme/keys/" + keyId, ADMIN).status());
        assertPairs(line("key revoked", "key_id", keyId), Map.of("shop", "acme"));
        assertNotNull(line("shop created", "shop", "acme"));

        for (ILoggingEvent e : lines("login")) {
            assertFalse(text(e).toLowerCase().contains(EMAIL.toLowerCase()), "no email in " + text(e));
        }
        assertNoSecretsLogged(key, session, created.json().getString("key"));
    }

    // ------------------------------------------------------------------ helpers

    /** A recommender whose models report fixed training metrics (ndcg_at_10 and train_rmse). */
    private static final String QUALITY_RECOMMENDER = """
            package t.quality;
            import dev.merchantry.api.*;
            import dev.merchantry.api.config.*;
            import dev.merchantry.api.model.*;
            import dev.merchantry.api.recommend.*;
            import java.util.List;
            import java.util.Map;
            public class Rec implements Recommender {
                public StrategyDescriptor descriptor() {
                    return new StrategyDescriptor("q-rec", StrategyKind.RECOMMENDER, "1.0.0", "Quality",
                        "reports fixed metrics", ConfigSpec.builder().build());
                }
                public RecommenderModel fit(RecommenderData d, Config c, StrategyContext ctx, ProgressListener p) {
                    return load(new SerializedModel("q-rec", 1, new byte[1]));
                }
                public RecommenderModel load(SerializedModel m) {
                    return new RecommenderModel() {
                        public List<ScoredItem> recommend(RecommendationQuery q) { return List.of(); }
                        public SerializedModel serialize() { return m; }
                        public Map<String, Double> metrics() {
                            return new java.util.TreeMap<>(Map.of("ndcg_at_10", %s, "train_rmse", %s));
                        }
                    };
                }
            }
            """.formatted(NDCG, TRAIN_RMSE);

    private byte[] extra(String version) throws Exception {
        return TestPluginBuilder.plugin("extra").version(version).recommender("t.extra.Rec", "extra-rec").jarBytes(tmp);
    }

    private ApiClient.Response upload(String method, String path, byte[] archive) {
        return api.sendBytes(method, path, ADMIN, archive);
    }

    private String shop(String id) {
        ApiClient.Response r = api.post("/api/v1/shops", ADMIN, "{\"id\":\"" + id + "\",\"name\":\"" + id + "\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().getString("api_key");
    }

    private void bind(String shop, String key, String strategy) {
        ApiClient.Response r = api.put("/api/v1/shops/" + shop + "/strategies/recommender", key,
                "{\"strategy\":\"" + strategy + "\"}");
        assertEquals(200, r.status(), r.body());
    }

    private String queue(String shop, String key) {
        ApiClient.Response queued = api.post("/api/v1/shops/" + shop + "/strategies/recommender/train", key, null);
        assertEquals(202, queued.status(), queued.body());
        return queued.json().getString("job_id");
    }

    /** Trains the shop's recommender and waits for the job to reach {@code state}; returns the job id. */
    private String train(String shop, String key, String state) {
        String job = queue(shop, key);
        assertTrue(eventually(() -> state.equals(api.get("/api/v1/jobs/" + job, key).json().getString("state"))),
                "job " + job + " ends " + state);
        assertTrue(eventually(() -> lines("job finished").stream().anyMatch(e -> job.equals(pair(e, "job_id")))));
        return job;
    }

    private ApiClient.Response login(String email, String password) {
        return api.post("/api/v1/sessions", null, new JsonObject().put("email", email).put("password", password)
                .encode());
    }

    /** Captured events whose message starts with {@code event} followed by its pairs. */
    private List<ILoggingEvent> lines(String event) {
        synchronized (logs) {
            return new ArrayList<>(logs.list).stream()
                    .filter(e -> e.getFormattedMessage() != null && e.getFormattedMessage().startsWith(event + " "))
                    .toList();
        }
    }

    /** The one line of {@code event} whose {@code key} is {@code value}. */
    private ILoggingEvent line(String event, String key, String value) {
        List<ILoggingEvent> found = lines(event).stream().filter(e -> value.equals(pair(e, key))).toList();
        assertEquals(1, found.size(), "one '" + event + "' line with " + key + "=" + value + " in " + captured());
        return found.get(0);
    }

    /** A pair of a line, as text, from the structured pairs; and the same pair must be in the message. */
    private static String pair(ILoggingEvent e, String key) {
        if (e.getKeyValuePairs() == null) {
            return null;
        }
        for (KeyValuePair p : e.getKeyValuePairs()) {
            if (p.key.equals(key)) {
                return String.valueOf(p.value);
            }
        }
        return null;
    }

    private static void assertPairs(ILoggingEvent e, Map<String, String> expected) {
        expected.forEach((k, v) -> {
            assertEquals(v, pair(e, k), k + " of " + e.getFormattedMessage());
            assertTrue(e.getFormattedMessage().contains(" " + k + "="), k + " in " + e.getFormattedMessage());
        });
    }

    private static String text(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getFormattedMessage()));
        if (e.getKeyValuePairs() != null) {
            e.getKeyValuePairs().forEach(p -> sb.append(' ').append(p.key).append('=').append(p.value));
        }
        for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            sb.append(' ').append(t.getMessage());
        }
        return sb.toString();
    }

    private String captured() {
        synchronized (logs) {
            return String.join("\n", logs.list.stream().map(ObservabilityIT::text).toList());
        }
    }

    /** No captured line holds a password, the admin token, a session token or an API key. */
    private void assertNoSecretsLogged(String... more) {
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, WRONG_PASSWORD, ADMIN));
        for (String s : more) {
            if (s != null) {
                secrets.add(s);
            }
        }
        synchronized (logs) {
            assertFalse(logs.list.isEmpty());
            for (ILoggingEvent e : logs.list) {
                String line = text(e);
                for (String secret : secrets) {
                    assertFalse(line.contains(secret), "a secret in the log: " + line);
                }
            }
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The value of the one sample of {@code name} whose labels include {@code labels}; empty if there is none. */
    private Optional<Double> sample(String name, Map<String, String> labels) {
        List<Map.Entry<Map<String, String>, Double>> found = series(name).stream()
                .filter(s -> s.getKey().entrySet().containsAll(labels.entrySet())).toList();
        assertTrue(found.size() <= 1, "several samples of " + name + " match " + labels + ": " + found);
        return found.stream().findFirst().map(Map.Entry::getValue);
    }

    /** Every sample of {@code name} on /metrics: its labels and value. */
    private List<Map.Entry<Map<String, String>, Double>> series(String name) {
        ApiClient.Response r = api.get("/metrics", null);
        assertEquals(200, r.status());
        List<Map.Entry<Map<String, String>, Double>> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.add(Map.entry(labels, Double.parseDouble(m.group(3))));
        }
        return out;
    }

    /** True once {@code condition} holds within 20 s (through the suite's one wait helper), false if it never does. */
    private static boolean eventually(BooleanSupplier condition) {
        try {
            Eventually.await(java.time.Duration.ofSeconds(20), "condition", condition);
            return true;
        } catch (AssertionError timedOut) {
            return false;
        }
    }
}
