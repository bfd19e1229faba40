package dev.merchantry.platform.jobs;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.plugins.TestPluginBuilder;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseOptions;
import dev.merchantry.platform.storage.Job;
import dev.merchantry.platform.storage.JobState;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import dev.merchantry.platform.testing.FreePorts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Job leases and the queue limit on one node with the embedded database, through the REST API: a job whose
 * announcement was lost is claimed by the sweep; a node killed while running a job re-queues it when it starts
 * again (before its lease would have expired); a graceful stop hands the running job back; a shop's strategy runs one
 * job at a time and a request beyond the queue limit is a 409 naming the jobs in the way.
 */
class JobLeasesIT {

    private static final String ADMIN = "jobs-admin-token-0123456789";
    /** JVM-wide (plugin class loaders see JDK classes only): {calls, entered fit, release fit}. */
    private static final String GATE = "merchantry.test.jobs-gate";
    private static final JobOptions SHORT = new JobOptions().setLease(Duration.ofMillis(1500))
            .setHeartbeat(Duration.ofMillis(250));
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Path plugins;
    private EmbeddedNode node;
    private CountDownLatch entered;
    private CountDownLatch release;

    @BeforeEach
    void setUp() throws IOException {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        // The first fit in this JVM blocks until released; later fits return at once.
        TestPluginBuilder.plugin("gated").recommender("t.gated.GatedRecommender", "gated-recs", """
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
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
        System.getProperties().put(GATE, new Object[] {new AtomicInteger(), entered, release});
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        System.getProperties().remove(GATE);
        if (node != null) {
            node.close();
        }
    }

    /** A node on {@code tmp} (its {@code data/} and the gated plugin in {@code plugins/}) with these job options. */
    private EmbeddedNode start(int port, JobOptions jobs) {
        node = EmbeddedNode.builder().dir(tmp).adminToken(ADMIN).port(port).jobs(jobs).start();
        return node;
    }

    private static ApiClient shopWithGatedRecommender(EmbeddedNode n) {
        ApiClient api = n.api();
        assertEquals(201, api.post("/api/v1/shops", ADMIN, "{\"id\":\"s\",\"name\":\"S\"}").status());
        assertEquals(200, api.put("/api/v1/shops/s/strategies/recommender", ADMIN,
                "{\"strategy\":\"gated-recs\",\"config\":{\"size\":3}}").status());
        return api;
    }

    @Test
    void aShopStrategyRunsOneJobAtATimeAndARequestBeyondTheQueueLimitIsRefusedNamingTheJobs() throws Exception {
        ApiClient api = shopWithGatedRecommender(start(0, SHORT));
        String first = train(api, 202).getString("job_id");
        assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        JsonObject second = train(api, 202);
        assertEquals("queued", second.getString("state"));
        assertEquals(0, second.getInteger("attempts"));

        ApiClient.Response refused = api.post("/api/v1/shops/s/strategies/recommender/train", ADMIN, null);
        assertEquals(409, refused.status());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        String detail = refused.json().getString("detail");
        assertTrue(detail.contains("job " + first + " (running on node " + node.nodeName() + ")"), detail);
        assertTrue(detail.contains("job " + second.getString("job_id") + " (queued)"), detail);
        assertTrue(detail.contains("at most 1 job(s) may wait"), detail);
        assertEquals(2, api.get("/api/v1/shops/s/jobs", ADMIN).json().getJsonArray("jobs").size(),
                "the refused request stored nothing");

        JsonObject running = job(api, first);
        assertEquals("running", running.getString("state"));
        assertNotNull(running.getString("lease_until"));
        assertEquals("queued", job(api, second.getString("job_id")).getString("state"),
                "waits while the first one runs (its lease is renewed every heartbeat)");

        release.countDown();
        JsonObject firstDone = awaitState(api, first, "succeeded");
        JsonObject secondDone = awaitState(api, second.getString("job_id"), "succeeded");
        assertTrue(!Instant.parse(secondDone.getString("started_at")).isBefore(
                Instant.parse(firstDone.getString("finished_at"))), "one after the other");
        assertEquals(202, api.post("/api/v1/shops/s/strategies/recommender/train", ADMIN, null).status(),
                "the queue has room again");
    }

    @Test
    void aQueuedJobWhoseAnnouncementWasLostIsClaimedByTheSweep() throws Exception {
        ApiClient api = shopWithGatedRecommender(start(0, SHORT));
        release.countDown();
        // As if announced to a node that died before claiming it: stored, never delivered.
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        node.database().jobs().insert(Job.queued(id, "s", StrategyKind.RECOMMENDER, "gated-recs", "queued by test",
                now, now.plusMillis(200)));
        JsonObject done = awaitState(api, id, "succeeded");
        assertEquals(node.nodeName(), done.getString("node"));
        assertEquals(1, done.getInteger("attempts"));
    }

    @Test
    void aNodeKilledWhileRunningAJobReQueuesItWhenItStartsAgain() throws Exception {
        int port = FreePorts.one();
        // A long lease: only the restart itself, not an expiry, can explain the job running again in time.
        JobOptions longLease = new JobOptions().setLease(Duration.ofMinutes(5)).setHeartbeat(Duration.ofMillis(250));
        shopWithGatedRecommender(start(port, longLease));
        String name = node.nodeName();
        node.stop();
        // What a node killed with SIGKILL leaves behind: its job RUNNING under a lease that has not expired.
        String id = UUID.randomUUID().toString();
        try (Database db = Database.open(DatabaseOptions.embedded(tmp.resolve("data")))) {
            Instant now = Instant.now();
            db.jobs().insert(new Job(id, "s", StrategyKind.RECOMMENDER, "gated-recs", JobState.RUNNING, 0.4,
                    "fitting", null, null, now, now, null, name, now.plus(Duration.ofMinutes(5)), 1));
        }
        release.countDown();
        ApiClient api = node.restart().api();
        assertEquals(name, node.nodeName());
        JsonObject done = awaitState(api, id, "succeeded");
        assertEquals(2, done.getInteger("attempts"));
    }

    @Test
    void aGracefulStopHandsTheRunningJobBackAndItRunsAfterTheRestart() throws Exception {
        ApiClient api = shopWithGatedRecommender(start(0, SHORT));
        String id = train(api, 202).getString("job_id");
        assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        String stopped = node.nodeName();
        node.stop();
        try (Database db = Database.open(DatabaseOptions.embedded(tmp.resolve("data")))) {
            Job handedBack = db.jobs().find(id).orElseThrow();
            assertEquals(JobState.QUEUED, handedBack.state());
            assertEquals("re-queued: node " + stopped + " stopped", handedBack.message());
        }
        api = node.restart().api();
        JsonObject done = awaitState(api, id, "succeeded");
        assertEquals(2, done.getInteger("attempts"));
        assertEquals(node.nodeName(), done.getString("node"));
    }

    private static JsonObject train(ApiClient api, int status) {
        ApiClient.Response r = api.post("/api/v1/shops/s/strategies/recommender/train", ADMIN, null);
        assertEquals(status, r.status(), r.body());
        return r.json();
    }

    private static JsonObject job(ApiClient api, String id) {
        ApiClient.Response r = api.get("/api/v1/jobs/" + id, ADMIN);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static JsonObject awaitState(ApiClient api, String id, String state) {
        return Eventually.await(WAIT, "job " + id + " is " + state, () -> {
            JsonObject last = job(api, id);
            assertTrue(!"failed".equals(last.getString("state")), "job failed: " + last.encode());
            return last;
        }, last -> state.equals(last.getString("state")));
    }
}
