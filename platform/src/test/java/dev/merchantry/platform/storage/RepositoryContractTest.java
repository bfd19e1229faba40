package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
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
    void exactlyOneConcurrentClaimWinsAndInterruptedJobsFail() throws Exception {
        String id = UUID.randomUUID().toString();
        db.jobs().insert(new Job(id, shop, StrategyKind.RECOMMENDER, "popular", JobState.QUEUED, 0, "queued", null,
                null, Instant.ofEpochMilli(5000), null, null, null));
        assertTrue(db.jobs().queued(1000).contains(id));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> claims = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String node = "node-" + i;
                claims.add(pool.submit(() -> db.jobs().claim(id, node, Instant.now())));
            }
            int wins = 0;
            for (Future<Boolean> f : claims) {
                wins += f.get() ? 1 : 0;
            }
            assertEquals(1, wins);
        } finally {
            pool.shutdownNow();
        }
        assertFalse(db.jobs().queued(1000).contains(id), "a claimed job is no longer queued");
        Job running = db.jobs().find(id).orElseThrow();
        assertEquals(JobState.RUNNING, running.state());
        db.jobs().progress(id, 0.5, "half");
        assertEquals(0.5, db.jobs().find(id).orElseThrow().progress(), 1e-12);
        assertEquals(1, db.jobs().failInterrupted(running.node()));
        Job failed = db.jobs().find(id).orElseThrow();
        assertEquals(JobState.FAILED, failed.state());
        assertEquals("interrupted: node restarted", failed.error());

        String ok = UUID.randomUUID().toString();
        db.jobs().insert(new Job(ok, shop, StrategyKind.RECOMMENDER, "popular", JobState.QUEUED, 0, null, null, null,
                Instant.ofEpochMilli(6000), null, null, null));
        assertTrue(db.jobs().claim(ok, "n", Instant.now()));
        db.jobs().finish(ok, JobState.SUCCEEDED, "{\"rmse\":0.9}", null, Instant.now());
        Job done = db.jobs().find(ok).orElseThrow();
        assertEquals(1.0, done.progress(), 0);
        assertEquals("{\"rmse\":0.9}", done.metricsJson());
        assertEquals(List.of(ok, id), db.jobs().list(shop, 10).stream().map(Job::id).toList());
    }

    @Test
    void settingsUpsert() {
        assertTrue(db.settings().get(shop, "lead_time_days").isEmpty());
        db.settings().put(shop, "lead_time_days", "7");
        db.settings().put(shop, "lead_time_days", "9");
        assertEquals("9", db.settings().get(shop, "lead_time_days").orElseThrow());
    }
}
