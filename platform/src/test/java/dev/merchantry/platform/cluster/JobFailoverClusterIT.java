package dev.merchantry.platform.cluster;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.jobs.JobOptions;
import dev.merchantry.platform.plugins.TestPluginBuilder;
import dev.merchantry.platform.storage.SharedPostgres;
import dev.merchantry.platform.storage.StoredModel;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training job whose node dies is finished by the surviving node of a two-node cluster on a shared PostgreSQL, as
 * soon as the cluster drops the dead member — long before the job's (default, 30 s) lease expires.
 * <p>
 * How the death is simulated, in one JVM: the node holding the job has its Vert.x instance closed under it, without
 * {@link MerchantryNode#close()} — its timers stop (no more lease heartbeats), it leaves the Hazelcast cluster, its
 * HTTP server closes, and nothing hands the job back. The plugin's {@code fit} on that node blocks on a latch (the
 * training pool is the node's own, not Vert.x's), so its training thread lives on like a frozen process: it is
 * released after the survivor has finished, and its late result must be discarded (fencing). What this does not
 * reproduce: a crashed JVM's Hazelcast member lingers until the cluster drops it, so the survivor's announcement
 * can go to the dead member; that case is covered by the sweep that claims jobs left unclaimed past their deadline
 * (see {@code JobLeasesIT} and {@code JobServiceTest} and the repository contract tests).
 */
class JobFailoverClusterIT {

    private static final String ADMIN = "cluster-admin-token-0123456789";
    /** JVM-wide (plugin class loaders see JDK classes only): {calls, entered fit, release fit, thread in fit}. */
    private static final String GATE = "merchantry.test.failover-gate";
    /**
     * The default lease: the survivor must not wait for it, since the dead node left the cluster. The lease path (a
     * node that stops renewing but stays a member) is {@code JobLeasesIT}'s and {@code JobServiceTest}'s.
     */
    private static final Duration LEASE = Duration.ofMillis(Long.getLong("merchantry.test.failover-lease-ms", 30_000));
    /** A sixth of the lease, as {@code serve --job-lease-seconds} sets it. */
    private static final Duration HEARTBEAT = LEASE.dividedBy(6);
    /** The bound: a job whose node died is run by a live node within 60 s. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private EmbeddedNode a;
    private EmbeddedNode b;

    @AfterEach
    void stop() {
        System.getProperties().remove(GATE);
        for (EmbeddedNode n : new EmbeddedNode[] {b, a}) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Test
    void aJobOnANodeThatDiesIsFinishedByTheSurvivorAndTheDeadNodesLateResultIsDiscarded() throws Exception {
        System.setProperty("hazelcast.logging.type", "slf4j");
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        // The first fit in this JVM blocks until released; later fits (the survivor's) return at once.
        TestPluginBuilder.plugin("gated").recommender("t.gated.GatedRecommender", "gated-recs", """
                Object[] gate = (Object[]) System.getProperties().get("%s");
                if (gate != null && ((java.util.concurrent.atomic.AtomicInteger) gate[0]).getAndIncrement() == 0) {
                    ((java.util.concurrent.atomic.AtomicReference<Thread>) gate[3]).set(Thread.currentThread());
                    ((java.util.concurrent.CountDownLatch) gate[1]).countDown();
                    try {
                        ((java.util.concurrent.CountDownLatch) gate[2]).await(120, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while blocked in fit");
                    }
                }
                """.formatted(GATE)).buildJar(plugins);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> fitThread = new AtomicReference<>();
        System.getProperties().put(GATE, new Object[] {new AtomicInteger(), entered, release, fitThread});

        String cluster = "merchantry-failover-" + UUID.randomUUID();
        String db = SharedPostgres.newDatabase("failover");
        JobOptions jobs = new JobOptions().setLease(LEASE).setHeartbeat(HEARTBEAT);
        a = start(plugins, db, cluster, jobs);
        b = start(plugins, db, cluster, jobs);
        ApiClient onA = a.api();
        onA.post("/api/v1/shops", ADMIN, "{\"id\":\"s\",\"name\":\"S\"}");
        assertEquals(200, onA.put("/api/v1/shops/s/strategies/recommender", ADMIN,
                "{\"strategy\":\"gated-recs\",\"config\":{\"size\":3}}").status());
        ApiClient.Response queued = onA.post("/api/v1/shops/s/strategies/recommender/train", ADMIN, null);
        assertEquals(202, queued.status(), queued.body());
        String jobId = queued.json().getString("job_id");

        // Whichever node the event bus handed the job to is the one that dies.
        assertTrue(entered.await(30, TimeUnit.SECONDS), "training started on some node");
        JobObservation running = job(onA, jobId);
        assertEquals("running", running.state());
        assertEquals(1, running.attempts());
        EmbeddedNode holder = running.node().equals(a.nodeName()) ? a : b;
        EmbeddedNode survivor = holder == a ? b : a;
        assertEquals(running.node(), holder.nodeName());
        ApiClient onSurvivor = survivor.api();

        long died = System.nanoTime();
        holder.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        JobObservation finished = awaitJob(onSurvivor, jobId, "succeeded",
                FAILOVER_BOUND.minusNanos(System.nanoTime() - died));
        double seconds = (System.nanoTime() - died) / 1e9;
        System.out.printf("failover: job %s finished on the survivor %.2f s after its node died (lease %d ms,"
                + " heartbeat %d ms)%n", jobId, seconds, LEASE.toMillis(), HEARTBEAT.toMillis());
        assertTrue(seconds < LEASE.toSeconds() / 2.0, "the job was taken over " + seconds + " s after its node left"
                + " the cluster: it waited for its " + LEASE.toSeconds() + " s lease instead");
        assertEquals(survivor.nodeName(), finished.node());
        assertEquals(2, finished.attempts(), "the survivor ran the second attempt");
        List<StoredModel> models = survivor.database().models().list("s", StrategyKind.RECOMMENDER, 10);
        assertEquals(1, models.size());
        assertEquals(jobId, models.get(0).jobId());

        // The dead node's training thread wakes up and finishes its fit: its result must change nothing.
        release.countDown();
        Thread zombie = fitThread.get();
        Eventually.await(Duration.ofSeconds(30), "the dead node's training thread finished",
                () -> Arrays.stream(zombie.getStackTrace())
                        .noneMatch(f -> f.getClassName().startsWith("dev.merchantry.platform.jobs")));
        JobObservation after = job(onSurvivor, jobId);
        assertEquals("succeeded", after.state());
        assertEquals(survivor.nodeName(), after.node());
        assertEquals(2, after.attempts());
        assertEquals(1, survivor.database().models().list("s", StrategyKind.RECOMMENDER, 10).size(),
                "the fenced attempt stored no model");
        assertEquals(3, survivor.api().get("/api/v1/shops/s/recommendations?customer=c&limit=10",
                ADMIN).json().getJsonArray("items").size(), "the survivor's model serves");
    }

    private static EmbeddedNode start(Path plugins, String dbUrl, String cluster, JobOptions jobs) {
        return EmbeddedNode.builder().adminToken(ADMIN).pluginsDir(plugins).postgresUrl(dbUrl).cluster(cluster)
                .jobs(jobs).start();
    }

    private record JobObservation(String state, String node, int attempts, String message) {
    }

    private static JobObservation job(ApiClient api, String id) {
        JsonObject j = api.get("/api/v1/jobs/" + id, ADMIN).json();
        return new JobObservation(j.getString("state"), j.getString("node"), j.getInteger("attempts"),
                j.getString("message"));
    }

    private static JobObservation awaitJob(ApiClient api, String id, String state, Duration within) {
        return Eventually.await(within, "job " + id + " is " + state, () -> {
            JobObservation last = job(api, id);
            assertTrue(!last.state().equals("failed"), "the job failed: " + last);
            return last;
        }, last -> last.state().equals(state));
    }
}
