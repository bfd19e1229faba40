package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One repository suite, run against every supported database by the concrete subclasses. */
abstract class RepositoryContractTest {

    protected Database db;
    protected String shop;

    /** A fresh, migrated database for each test (or a shared one: tests use unique shop ids). */
    protected abstract Database openDatabase();

    @BeforeEach
    void setUp() {
        db = openDatabase();
        shop = "s-" + UUID.randomUUID().toString().substring(0, 8);
        db.shops().create(shop, "Test shop");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void shopsAreCreatedFoundAndUnique() {
        assertEquals("Test shop", db.shops().find(shop).orElseThrow().name());
        assertTrue(db.shops().list().stream().anyMatch(s -> s.id().equals(shop)));
        assertTrue(db.shops().find("no-such-shop").isEmpty());
        assertThrows(DuplicateKeyException.class, () -> db.shops().create(shop, "again"));
    }

    @Test
    void credentialsAreFoundByHashAndAdminsReplaceable() {
        String hash = "a".repeat(63) + shop.charAt(2);
        db.credentials().add(new Credential(hash + "", Credential.Role.SHOP, shop, "key", Instant.ofEpochMilli(1000)));
        Credential found = db.credentials().findByHash(hash).orElseThrow();
        assertEquals(Credential.Role.SHOP, found.role());
        assertEquals(shop, found.shopId());
        db.credentials().removeAdmins();
        assertFalse(db.credentials().anyAdmin());
        db.credentials().add(new Credential(UUID.randomUUID().toString().replace("-", "") + "0".repeat(32),
                Credential.Role.ADMIN, null, "admin", Instant.now()));
        assertTrue(db.credentials().anyAdmin());
        db.credentials().removeAdmins();
        assertFalse(db.credentials().anyAdmin());
        assertTrue(db.credentials().findByHash(hash).isPresent(), "shop keys survive removing admins");
    }

    @Test
    void shopKeysKeepTheirScopesAreListedTouchedAndRevokedPerShop() {
        Credential legacy = new Credential(hex('b'), Credential.Role.SHOP, shop, "default key", Instant.ofEpochMilli(1000));
        assertEquals(Set.of(Credential.Scope.MANAGE), legacy.scopes(), "a key made the old way has full power");
        db.credentials().add(legacy);
        Credential reader = new Credential(Credential.newId(), hex('c'), Credential.Role.SHOP, shop, "storefront",
                Set.of(Credential.Scope.READ, Credential.Scope.INGEST), Instant.ofEpochMilli(2000), null);
        assertTrue(db.credentials().addShopKey(reader, 3));
        assertFalse(db.credentials().addShopKey(new Credential(Credential.newId(), hex('d'), Credential.Role.SHOP, shop,
                "one too many", Set.of(Credential.Scope.READ), Instant.ofEpochMilli(3000), null), 2),
                "the shop already has 2 keys");

        List<Credential> keys = db.credentials().listShopKeys(shop);
        assertEquals(List.of(legacy.id(), reader.id()), keys.stream().map(Credential::id).toList(), "oldest first");
        assertEquals(Set.of(Credential.Scope.READ, Credential.Scope.INGEST), keys.get(1).scopes());
        assertEquals("storefront", keys.get(1).label());
        assertNull(keys.get(1).lastUsedAt());
        assertEquals(reader.id(), db.credentials().findByHash(hex('c')).orElseThrow().id());

        db.credentials().touch(reader.id(), Instant.ofEpochMilli(100_000), Instant.ofEpochMilli(40_000));
        db.credentials().touch(reader.id(), Instant.ofEpochMilli(130_000), Instant.ofEpochMilli(70_000));
        assertEquals(Instant.ofEpochMilli(100_000), db.credentials().findByHash(hex('c')).orElseThrow().lastUsedAt(),
                "a use within the minute after the recorded one writes nothing");
        db.credentials().touch(reader.id(), Instant.ofEpochMilli(170_000), Instant.ofEpochMilli(110_000));
        assertEquals(Instant.ofEpochMilli(170_000), db.credentials().findByHash(hex('c')).orElseThrow().lastUsedAt());

        assertFalse(db.credentials().deleteShopKey("other-shop", reader.id()), "a key is revoked only through its shop");
        assertTrue(db.credentials().deleteShopKey(shop, reader.id()));
        assertFalse(db.credentials().deleteShopKey(shop, reader.id()));
        assertTrue(db.credentials().findByHash(hex('c')).isEmpty());
        assertEquals(List.of(legacy.id()), db.credentials().listShopKeys(shop).stream().map(Credential::id).toList());
    }

    /** A token hash unique to this test's shop (tests may share one database). */
    private String hex(char c) {
        return (String.valueOf(c).repeat(32) + shop.substring(2).replaceAll("[^0-9a-f]", "0")).substring(0, 40)
                + "0".repeat(24);
    }

    @Test
    void parallelLoginAttemptsAreCountedOneByOne() throws Exception {
        String subject = "account:" + shop;
        Instant window = Instant.ofEpochMilli(60_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> counts = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                counts.add(pool.submit(() -> db.loginAttempts().increment(subject, window)));
            }
            Set<Integer> seen = new java.util.TreeSet<>();
            for (Future<Integer> f : counts) {
                seen.add(f.get());
            }
            assertEquals(java.util.stream.IntStream.rangeClosed(1, 40).boxed().collect(java.util.stream.Collectors.toSet()),
                    seen, "every one of 40 parallel attempts sees its own count: none is lost or shared");
        } finally {
            pool.shutdownNow();
        }
        db.loginAttempts().decrement(subject, window);
        assertEquals(40, db.loginAttempts().increment(subject, window));
        assertEquals(1, db.loginAttempts().increment(subject, Instant.ofEpochMilli(120_000)), "a new window starts at 1");
        assertTrue(db.loginAttempts().deleteBefore(Instant.ofEpochMilli(120_000)) >= 1);
        assertEquals(1, db.loginAttempts().increment(subject, window), "the old window's count is gone");
    }

    @Test
    void bindingsVersionAndRecordHistoryWithOldAndNewValues() {
        Binding first = db.bindings().put(shop, StrategyKind.RECOMMENDER, "popular", "{\"a\":1}", true, "admin");
        assertEquals(1, first.version());
        Binding second = db.bindings().put(shop, StrategyKind.RECOMMENDER, "svd", "{\"factors\":10}", false, "shop:x");
        assertEquals(2, second.version());
        assertEquals("svd", db.bindings().find(shop, StrategyKind.RECOMMENDER).orElseThrow().strategyId());
        assertEquals(1, db.bindings().list(shop).size());
        assertTrue(db.bindings().delete(shop, StrategyKind.RECOMMENDER, "admin"));
        assertFalse(db.bindings().delete(shop, StrategyKind.RECOMMENDER, "admin"));
        assertTrue(db.bindings().find(shop, StrategyKind.RECOMMENDER).isEmpty());

        List<BindingChange> history = db.bindings().history(shop, StrategyKind.RECOMMENDER, 10);
        assertEquals(List.of("deleted", "updated", "created"), history.stream().map(BindingChange::action).toList());
        BindingChange update = history.get(1);
        assertEquals("popular", update.oldStrategyId());
        assertEquals("{\"a\":1}", update.oldConfigJson());
        assertEquals(Boolean.TRUE, update.oldEnabled());
        assertEquals("svd", update.newStrategyId());
        assertEquals(Boolean.FALSE, update.newEnabled());
        assertEquals("shop:x", update.actor());
        assertNull(history.get(2).oldStrategyId());
        assertNull(history.get(0).newStrategyId());
        assertEquals(1, db.bindings().history(shop, StrategyKind.RECOMMENDER, 1).size());
    }

    @Test
    void savingAModelActivatesItAndNumbersVersionsPerShopAndKind() {
        assertTrue(db.models().active(shop, StrategyKind.FORECASTER).isEmpty());
        StoredModel v1 = db.models().saveActive(shop, StrategyKind.FORECASTER, "seasonal-naive", 1, new byte[] {1, 2},
                "{\"series\":2}", "job-1");
        StoredModel v2 = db.models().saveActive(shop, StrategyKind.FORECASTER, "seasonal-naive", 1, new byte[] {3},
                "{}", "job-2");
        assertEquals(1, v1.version());
        assertEquals(2, v2.version());
        StoredModel active = db.models().active(shop, StrategyKind.FORECASTER).orElseThrow();
        assertEquals(2, active.version());
        assertArrayEquals(new byte[] {3}, active.bytes());
        assertEquals(1, db.models().saveActive(shop, StrategyKind.RECOMMENDER, "popular", 1, new byte[0], null, null)
                .version(), "versions count per kind");
        List<StoredModel> listed = db.models().list(shop, StrategyKind.FORECASTER, 10);
        assertEquals(List.of(2L, 1L), listed.stream().map(StoredModel::version).toList());
        assertEquals(0, listed.get(0).bytes().length, "listing carries metadata only");
    }

    @Test
    void aVariantsModelLineIsKeptApartFromTheShopsOwnAndNeverBecomesActive() {
        StoredModel own = db.models().saveActive(shop, StrategyKind.RECOMMENDER, "popular", 1, new byte[] {1}, "{}",
                null);
        Job variant = Job.queuedVariant(UUID.randomUUID().toString(), shop, StrategyKind.RECOMMENDER, "popular",
                "cfg-0123456789abcdef", "{\"half_life_days\":1}", "queued by test", T0, T0.plusSeconds(10));
        db.jobs().insert(variant);
        Job stored = db.jobs().find(variant.id()).orElseThrow();
        assertEquals("cfg-0123456789abcdef", stored.configKey());
        assertEquals("{\"half_life_days\":1}", stored.configJson());
        assertTrue(db.jobs().pending(shop, StrategyKind.RECOMMENDER, "popular", "cfg-0123456789abcdef"));
        assertFalse(db.jobs().pending(shop, StrategyKind.RECOMMENDER, "popular"), "the shop's line has no job");
        assertEquals(1, db.jobs().claim(variant.id(), "node-a", T0, T0.plus(LEASE), 3).getAsInt());
        StoredModel line = db.jobs().succeed(variant.id(), 1, "popular", 1, new byte[] {2}, "{}", T0.plusSeconds(5))
                .orElseThrow();

        assertEquals("cfg-0123456789abcdef", line.configKey());
        assertEquals(own.version() + 1, line.version(), "one version sequence per shop and kind");
        assertEquals(own.id(), db.models().active(shop, StrategyKind.RECOMMENDER).orElseThrow().id(),
                "a variant's model never becomes the kind's active one");
        assertArrayEquals(new byte[] {1}, db.models().latest(shop, StrategyKind.RECOMMENDER, "popular").orElseThrow()
                .bytes(), "the shop's line serves its own newest model");
        StoredModel read = db.models().latest(shop, StrategyKind.RECOMMENDER, "popular", "cfg-0123456789abcdef")
                .orElseThrow();
        assertArrayEquals(new byte[] {2}, read.bytes());
        assertEquals("cfg-0123456789abcdef", read.configKey());
        assertTrue(db.models().latestTime(shop, StrategyKind.RECOMMENDER, "popular", "cfg-0123456789abcdef")
                .isPresent());
        assertTrue(db.models().latest(shop, StrategyKind.RECOMMENDER, "popular", "cfg-ffffffffffffffff").isEmpty());
        assertEquals("", db.models().list(shop, StrategyKind.RECOMMENDER, 10).get(1).configKey());
    }

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private Job queuedJob(String strategy, Instant createdAt) {
        return Job.queued(UUID.randomUUID().toString(), shop, StrategyKind.RECOMMENDER, strategy, "queued by test",
                createdAt, createdAt.plusSeconds(10));
    }

    @Test
    void exactlyOneConcurrentClaimWinsAndHoldsTheFirstAttempt() throws Exception {
        Job job = queuedJob("popular", T0);
        db.jobs().insert(job);
        String id = job.id();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<OptionalInt>> claims = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String node = "node-" + i;
                claims.add(pool.submit(() -> db.jobs().claim(id, node, T0, T0.plus(LEASE), 3)));
            }
            int wins = 0;
            for (Future<OptionalInt> f : claims) {
                OptionalInt attempt = f.get();
                if (attempt.isPresent()) {
                    wins++;
                    assertEquals(1, attempt.getAsInt());
                }
            }
            assertEquals(1, wins);
        } finally {
            pool.shutdownNow();
        }
        Job running = db.jobs().find(id).orElseThrow();
        assertEquals(JobState.RUNNING, running.state());
        assertEquals(1, running.attempts());
        assertEquals(T0.plus(LEASE), running.leaseUntil());
        assertFalse(db.jobs().unclaimed(T0.plusSeconds(60), 1000).contains(id), "a claimed job is not unclaimed");
        db.jobs().progress(id, 1, 0.5, "half");
        assertEquals(0.5, db.jobs().find(id).orElseThrow().progress(), 1e-12);
        assertTrue(db.jobs().finish(id, 1, JobState.SUCCEEDED, "{\"rmse\":0.9}", null, T0.plusSeconds(5)));
        Job done = db.jobs().find(id).orElseThrow();
        assertEquals(1.0, done.progress(), 0);
        assertEquals("{\"rmse\":0.9}", done.metricsJson());
        assertNull(done.leaseUntil());
        assertTrue(db.jobs().claim(id, "late", T0.plusSeconds(99), T0.plusSeconds(129), 3).isEmpty(),
                "a finished job is never claimed again");
    }

    @Test
    void aJobWhoseLeaseExpiredIsRequeuedAndTheOldHolderIsFencedOut() {
        Job job = queuedJob("svd", T0);
        db.jobs().insert(job);
        String id = job.id();
        assertEquals(1, db.jobs().claim(id, "node-a", T0, T0.plus(LEASE), 3).getAsInt());
        assertTrue(db.jobs().renew(id, 1, T0.plusSeconds(40)), "the holder renews its lease");
        assertFalse(db.jobs().requeueExpired(T0.plusSeconds(35), 3, T0.plusSeconds(45)).requeued().contains(id),
                "a renewed lease is respected");
        assertTrue(db.jobs().claim(id, "node-b", T0.plusSeconds(35), T0.plusSeconds(65), 3).isEmpty(),
                "nobody claims a job under a live lease");

        // node-a stops renewing: at 41 s its lease has expired.
        JobRepository.Requeued requeued = db.jobs().requeueExpired(T0.plusSeconds(41), 3, T0.plusSeconds(51));
        assertTrue(requeued.requeued().contains(id));
        Job queued = db.jobs().find(id).orElseThrow();
        assertEquals(JobState.QUEUED, queued.state());
        assertNull(queued.node());
        assertEquals(T0.plusSeconds(51), queued.leaseUntil());
        assertTrue(queued.message().contains("node-a stopped renewing its lease"), queued.message());
        assertFalse(db.jobs().requeueExpired(T0.plusSeconds(41), 3, T0.plusSeconds(51)).requeued().contains(id),
                "re-queued once, whoever sweeps");
        assertTrue(db.jobs().unclaimed(T0.plusSeconds(52), 1000).contains(id), "unclaimed past its deadline");
        assertEquals(2, db.jobs().claim(id, "node-b", T0.plusSeconds(42), T0.plusSeconds(72), 3).getAsInt());

        // node-a wakes up: every write of its attempt is refused and changes nothing.
        assertFalse(db.jobs().renew(id, 1, T0.plusSeconds(90)));
        db.jobs().progress(id, 1, 0.9, "stale");
        assertTrue(db.jobs().succeed(id, 1, "svd", 1, new byte[] {1}, "{}", T0.plusSeconds(43)).isEmpty());
        assertFalse(db.jobs().finish(id, 1, JobState.FAILED, null, "stale", T0.plusSeconds(43)));
        assertFalse(db.jobs().release(id, 1, "stale", T0.plusSeconds(43)));
        Job held = db.jobs().find(id).orElseThrow();
        assertEquals(JobState.RUNNING, held.state());
        assertEquals("node-b", held.node());
        assertEquals(0, held.progress(), 0);
        assertTrue(db.models().active(shop, StrategyKind.RECOMMENDER).isEmpty(), "the fenced attempt stored no model");

        StoredModel model = db.jobs().succeed(id, 2, "svd", 1, new byte[] {2}, "{\"rmse\":0.8}", T0.plusSeconds(50))
                .orElseThrow();
        assertEquals(id, model.jobId());
        assertArrayEquals(new byte[] {2}, db.models().active(shop, StrategyKind.RECOMMENDER).orElseThrow().bytes());
        Job done = db.jobs().find(id).orElseThrow();
        assertEquals(JobState.SUCCEEDED, done.state());
        assertEquals(2, done.attempts());
        assertEquals("{\"rmse\":0.8}", done.metricsJson());
    }

    @Test
    void aJobIsGivenUpAfterItsLastAttemptAndARestartedNodeRequeuesItsOwnJobs() {
        Job job = queuedJob("svd", T0);
        db.jobs().insert(job);
        String id = job.id();
        String node = "node-" + UUID.randomUUID();
        assertEquals(1, db.jobs().claim(id, node, T0, T0.plus(LEASE), 2).getAsInt());
        // The node restarts long before the lease would expire: its job is re-queued at once.
        JobRepository.Requeued restarted = db.jobs().requeueInterrupted(node, T0.plusSeconds(2), 2, T0.plusSeconds(12));
        assertEquals(List.of(id), restarted.requeued());
        assertTrue(db.jobs().find(id).orElseThrow().message().contains("restarted"));
        assertEquals(2, db.jobs().claim(id, node, T0.plusSeconds(3), T0.plusSeconds(33), 2).getAsInt());
        // It dies again on its last attempt: given up rather than passed on to the next node.
        assertTrue(db.jobs().claim(id, "other", T0.plusSeconds(40), T0.plusSeconds(70), 2).isEmpty(),
                "an expired lease on the last attempt is not claimed");
        JobRepository.Requeued expired = db.jobs().requeueExpired(T0.plusSeconds(40), 2, T0.plusSeconds(50));
        assertTrue(expired.failed().contains(id));
        Job failed = db.jobs().find(id).orElseThrow();
        assertEquals(JobState.FAILED, failed.state());
        assertTrue(failed.error().startsWith("given up: node " + node), failed.error());
        assertEquals(T0.plusSeconds(40), failed.finishedAt());
    }

    @Test
    void theJobsOfANodeThatLeftTheClusterAreRequeuedBeforeTheirLeaseExpiresAndOnlyThose() {
        Job left = queuedJob("svd", T0);
        Job other = queuedJob("popular", T0);
        db.jobs().insert(left);
        db.jobs().insert(other);
        String gone = "node-" + UUID.randomUUID();
        String alive = "node-" + UUID.randomUUID();
        assertEquals(1, db.jobs().claim(left.id(), gone, T0, T0.plus(LEASE), 3).getAsInt());
        assertEquals(1, db.jobs().claim(other.id(), alive, T0, T0.plus(LEASE), 3).getAsInt());

        JobRepository.Requeued requeued = db.jobs().requeueOfNode(gone, T0.plusSeconds(1), 3, T0.plusSeconds(11),
                "left the cluster while running it");
        assertEquals(List.of(left.id()), requeued.requeued());
        Job back = db.jobs().find(left.id()).orElseThrow();
        assertEquals(JobState.QUEUED, back.state());
        assertTrue(back.message().contains("node " + gone + " left the cluster"), back.message());
        assertEquals(JobState.RUNNING, db.jobs().find(other.id()).orElseThrow().state(), "another node's job stays");
        // The run that held it is fenced: its lease cannot be renewed any more.
        assertTrue(!db.jobs().renew(left.id(), 1, T0.plusSeconds(2).plus(LEASE)));
        assertEquals(JobRepository.Requeued.NONE.requeued(), db.jobs().requeueOfNode(gone, T0.plusSeconds(2), 3,
                T0.plusSeconds(12), "left the cluster while running it").requeued(), "a second sweep finds nothing");
    }

    @Test
    void aStrategyRunsOneJobAtATimeAndAtMostMaxQueuedWait() throws Exception {
        Job first = queuedJob("svd", T0);
        assertEquals(List.of(), db.jobs().insertUnlessQueued(first, 1));
        List<Job> refused = db.jobs().insertUnlessQueued(queuedJob("svd", T0.plusSeconds(1)), 1);
        assertEquals(List.of(first.id()), refused.stream().map(Job::id).toList(), "one may wait; it is named");
        assertEquals(List.of(), db.jobs().insertUnlessQueued(queuedJob("popular", T0.plusSeconds(1)), 1),
                "another strategy has its own queue");
        assertEquals(1, db.jobs().claim(first.id(), "n", T0.plusSeconds(2), T0.plusSeconds(32), 3).getAsInt());

        Job second = queuedJob("svd", T0.plusSeconds(3));
        assertEquals(List.of(), db.jobs().insertUnlessQueued(second, 1), "the first runs, so the second may wait");
        List<Job> full = db.jobs().insertUnlessQueued(queuedJob("svd", T0.plusSeconds(4)), 1);
        assertEquals(List.of(first.id(), second.id()), full.stream().map(Job::id).toList());
        assertEquals(List.of(JobState.RUNNING, JobState.QUEUED), full.stream().map(Job::state).toList());

        assertTrue(db.jobs().claim(second.id(), "m", T0.plusSeconds(20), T0.plusSeconds(50), 3).isEmpty(),
                "waits while the first runs under a live lease");
        assertFalse(db.jobs().unclaimed(T0.plusSeconds(20), 1000).contains(second.id()));
        assertEquals(second.id(), db.jobs().nextQueued(shop, StrategyKind.RECOMMENDER, "svd").orElseThrow());
        assertTrue(db.jobs().finish(first.id(), 1, JobState.SUCCEEDED, "{}", null, T0.plusSeconds(21)));
        assertTrue(db.jobs().unclaimed(T0.plusSeconds(21), 1000).contains(second.id()));
        assertEquals(1, db.jobs().claim(second.id(), "m", T0.plusSeconds(21), T0.plusSeconds(51), 3).getAsInt());

        // Concurrent requests from many nodes: the check and the insert are one step.
        String strategy = "knn-" + UUID.randomUUID().toString().substring(0, 6);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Job>>> tries = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Instant at = T0.plusSeconds(30 + i);
                tries.add(pool.submit(() -> db.jobs().insertUnlessQueued(queuedJob(strategy, at), 1)));
            }
            int stored = 0;
            for (Future<List<Job>> f : tries) {
                stored += f.get().isEmpty() ? 1 : 0;
            }
            assertEquals(1, stored);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void settingsUpsert() {
        assertTrue(db.settings().get(shop, "lead_time_days").isEmpty());
        db.settings().put(shop, "lead_time_days", "7");
        db.settings().put(shop, "lead_time_days", "9");
        assertEquals("9", db.settings().get(shop, "lead_time_days").orElseThrow());
    }
}
