package dev.merchantry.platform.profiles;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.profile.Profiler;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.api.profile.Segment;
import dev.merchantry.platform.customers.CustomerIds;
import dev.merchantry.platform.ingest.DataSettingsService;
import dev.merchantry.platform.ingest.Pseudonymizer;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseOptions;
import dev.merchantry.platform.storage.Job;
import dev.merchantry.platform.storage.JobState;
import dev.merchantry.platform.strategies.ActiveModels;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyInvoker;
import dev.merchantry.platform.testing.Eventually;
import dev.merchantry.platform.testing.Futures;
import dev.merchantry.platform.testing.InMemoryStorage;
import dev.merchantry.platform.testing.InMemoryStrategies;
import dev.merchantry.platform.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ProfileService} with in-memory fakes of the models, jobs, settings and the profiler plugin (no node, no
 * HTTP): the active profiler model is materialized and served, a retrain publishes every group change, erasure and
 * pseudonymized ids are honoured, refusals are 409/404, and after a training only the node that ran the job
 * materializes. The profile store itself is SQL ({@code ProfileRepository}), so it runs on a throwaway embedded database.
 */
class ProfileServiceTest {

    private static final String NODE = "node-a";
    private static final String PROFILER = "fake-rfm";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Shops are unique per test: the SQL profile store is shared by the class. */
    private static final AtomicInteger SHOPS = new AtomicInteger();

    @TempDir
    static Path dir;
    private static Database database;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-01T10:00:00.000Z"));
    private final InMemoryStorage storage = new InMemoryStorage(clock);
    private final FakeProfiler profiler = new FakeProfiler();
    private final String shop = "shop-" + SHOPS.incrementAndGet();
    private Vertx vertx;
    private StrategyInvoker pool;
    private ProfileService profiles;

    @BeforeAll
    static void openStore() {
        database = Database.open(DatabaseOptions.embedded(dir));
    }

    @AfterAll
    static void closeStore() {
        database.close();
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        pool = new StrategyInvoker(vertx, "training", 1, 10);
        StrategyCatalog catalog = new InMemoryStrategies().add(profiler).catalog();
        profiles = new ProfileService(vertx, database.profiles(), storage.jobs(),
                new ActiveModels(vertx, storage.models(), catalog, pool), catalog, pool,
                new CustomerIds(vertx, new DataSettingsService(vertx, storage.settings()),
                        new Pseudonymizer(storage.settings())), NODE, clock);
    }

    @AfterEach
    void tearDown() {
        pool.close();
        Futures.result(vertx.close());
    }

    @Test
    void theActiveModelIsMaterializedAndServedWithItsSegmentsAndGroups() {
        trained("v1", customer("c1", "CHAMPIONS", 5, "s1", 310.0, 0.05),
                customer("c2", "CHAMPIONS", 4, "s1", 190.0, 0.10), customer("c3", "AT_RISK", 2, "s2", 20.0, 0.7));

        JsonObject refreshed = Futures.result(profiles.refresh(shop));
        assertEquals(new JsonObject().put("shop", shop).put("version", 1L).put("customers", 3L)
                .put("changed_groups", 0), refreshed, "the shop's first set changes no group");

        JsonObject c1 = Futures.result(profiles.profile(shop, "c1"));
        assertEquals("c1", c1.getString("customer_id"));
        assertEquals("CHAMPIONS", c1.getJsonObject("rfm").getString("group"));
        assertEquals(5, c1.getJsonObject("rfm").getInteger("m"));
        assertEquals("s1", c1.getString("segment"));
        assertEquals(310.0, c1.getJsonObject("clv").getDouble("value_365d"));
        assertEquals(0.05, c1.getDouble("churn_risk"));
        assertEquals("2026-11-20T00:00:00Z", c1.getString("last_seen"), "plugin fields beyond the contract pass");
        assertEquals(PROFILER, c1.getString("strategy"));
        assertEquals(clock.instant().toString(), c1.getString("updated_at"), "when the model was trained");

        JsonObject segments = Futures.result(profiles.segments(shop));
        assertEquals(PROFILER, segments.getString("strategy"));
        assertEquals(3L, segments.getLong("customers"));
        assertEquals(new JsonObject().put("CHAMPIONS", 2L).put("AT_RISK", 1L), segments.getJsonObject("groups"));
        JsonObject s1 = segments.getJsonArray("segments").getJsonObject(0);
        assertEquals("s1", s1.getString("id"));
        assertEquals(2L, s1.getLong("size"));
        assertEquals(0.6667, s1.getDouble("share"), 0.0, "2 of 3, to four decimals");
        assertEquals(250.0, s1.getJsonObject("averages").getDouble("value_365d"));
        assertEquals(3.0, segments.getJsonObject("metrics").getDouble("customers"));
        assertEquals(clock.instant().toString(), segments.getString("materialized_at"));
    }

    @Test
    void aRetrainPublishesEveryGroupChangeAndServesOnlyTheNewSet() {
        List<JsonObject> changes = new CopyOnWriteArrayList<>();
        Futures.result(vertx.eventBus().<JsonObject>consumer(Addresses.PROFILE_CHANGED, m -> changes.add(m.body()))
                .completion());
        trained("v1", customer("c1", "CHAMPIONS", 5, "s1", 300.0, 0.05),
                customer("c2", "CHAMPIONS", 4, "s1", 200.0, 0.1), customer("c3", "AT_RISK", 2, "s2", 20.0, 0.7));
        Futures.result(profiles.refresh(shop));
        clock.advance(Duration.ofDays(1));
        trained("v2", customer("c1", "CHAMPIONS", 5, "s1", 320.0, 0.05),
                customer("c2", "AT_RISK", 3, "s2", 150.0, 0.6), customer("c4", "PROSPECTS", 0, "s2", 0.0, 0.9));

        JsonObject refreshed = Futures.result(profiles.refresh(shop));

        assertEquals(2L, refreshed.getLong("version"));
        assertEquals(2, refreshed.getInteger("changed_groups"), "c2 changed group; c4 is new");
        Eventually.await(WAIT, "both group changes are published", () -> changes.size() == 2);
        Map<String, JsonObject> byCustomer = new LinkedHashMap<>();
        changes.forEach(c -> byCustomer.put(c.getString("customer_id"), c));
        JsonObject c2 = byCustomer.get("c2");
        assertEquals(shop, c2.getString("shop"));
        assertEquals("CHAMPIONS", c2.getString("old_group"));
        assertEquals("AT_RISK", c2.getString("new_group"));
        assertEquals(2L, c2.getLong("version"));
        assertEquals(clock.instant().toString(), c2.getString("updated_at"));
        assertEquals(null, byCustomer.get("c4").getString("old_group"));
        assertEquals("PROSPECTS", byCustomer.get("c4").getString("new_group"));
        assertFalse(byCustomer.containsKey("c1"), "no change, no notice");

        assertEquals("AT_RISK", Futures.result(profiles.profile(shop, "c2")).getJsonObject("rfm").getString("group"));
        assertEquals(404, apiFailure(() -> profiles.profile(shop, "c3")).kind().code(), "c3 is not in the new set");
    }

    @Test
    void erasureRemovesTheCustomersProfile() {
        trained("v1", customer("c1", "CHAMPIONS", 5, "s1", 300.0, 0.05), customer("c2", "AT_RISK", 2, "s2", 20.0, 0.7));
        Futures.result(profiles.refresh(shop));

        assertEquals(Map.of("profiles", 1L), profiles.erase(shop, "c1"));

        ServiceException gone = apiFailure(() -> profiles.profile(shop, "c1"));
        assertEquals(404, gone.kind().code());
        assertTrue(gone.getMessage().contains("or erased"), gone.getMessage());
        assertEquals("c2", Futures.result(profiles.profile(shop, "c2")).getString("customer_id"));
    }

    @Test
    void aPseudonymizedShopIsAskedByTheRawIdAndAnsweredWithIt() {
        Futures.result(new DataSettingsService(vertx, storage.settings()).update(shop,
                new JsonObject().put("pseudonymize_customer_ids", true)));
        String stored = new Pseudonymizer(storage.settings()).pseudonym(shop, "alice@example.com");
        // Profiles are computed from the stored events, so they carry the pseudonym.
        trained("v1", customer(stored, "LOYAL", 4, "s1", 120.0, 0.2));
        Futures.result(profiles.refresh(shop));

        JsonObject alice = Futures.result(profiles.profile(shop, "alice@example.com"));

        assertEquals("alice@example.com", alice.getString("customer_id"));
        assertEquals("LOYAL", alice.getJsonObject("rfm").getString("group"));
        assertFalse(alice.encode().contains(stored), "the pseudonym is never shown");
    }

    @Test
    void withoutATrainedModelOrServedProfilesTheAnswersAreConflictsAndUnknownCustomersNotFound() {
        ServiceException noModel = apiFailure(() -> profiles.refresh(shop));
        assertEquals(409, noModel.kind().code());
        assertEquals("shop '" + shop + "' has no trained profiler model", noModel.getMessage());

        ServiceException noProfiles = apiFailure(() -> profiles.profile(shop, "c1"));
        assertEquals(409, noProfiles.kind().code());
        assertTrue(noProfiles.getMessage().contains("POST /api/v1/shops/" + shop + "/strategies/profiler/train"),
                noProfiles.getMessage());
        assertEquals(409, apiFailure(() -> profiles.segments(shop)).kind().code());

        trained("v1", customer("c1", "CHAMPIONS", 5, "s1", 300.0, 0.05));
        Futures.result(profiles.refresh(shop));
        assertEquals(404, apiFailure(() -> profiles.profile(shop, "nobody")).kind().code());
        assertEquals("customer_id", apiFailure(() -> profiles.profile(new JsonObject().put("shop", shop)))
                .errors().get(0).key(), "the bus request names the missing field");
    }

    @Test
    void afterATrainingOnlyTheNodeThatRanTheJobMaterializes() {
        profiles.start();
        String elsewhere = shop + "-elsewhere";
        trained("v1", customer("c1", "CHAMPIONS", 5, "s1", 300.0, 0.05));
        storage.models().saveActive(elsewhere, StrategyKind.PROFILER, PROFILER, 1,
                "v1".getBytes(StandardCharsets.UTF_8), "{}", "job-b");
        // The event bus delivers the notice to every node; the job row says which node trained.
        announce(elsewhere, "profiler", finishedJob(elsewhere, "node-b"));
        announce(shop, "recommender", finishedJob(shop, NODE));
        announce(shop, "profiler", finishedJob(shop, NODE));

        Eventually.await(WAIT, "the profiles this node trained are served",
                () -> profiles.store().currentSet(shop).isPresent());
        assertEquals("CHAMPIONS", Futures.result(profiles.profile(shop, "c1")).getJsonObject("rfm").getString("group"));
        // Notices are handled in order, so the other node's one was decided before this shop's was materialized.
        assertEquals(Optional.empty(), profiles.store().currentSet(elsewhere), "node-b materializes its own job");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Stores the next profiler model version for the shop; loading it yields these profiles. */
    private void trained(String key, CustomerProfile... customers) {
        profiler.models.put(key, List.of(customers));
        storage.models().saveActive(shop, StrategyKind.PROFILER, PROFILER, 1, key.getBytes(StandardCharsets.UTF_8),
                "{}", "job-" + key);
    }

    private String finishedJob(String forShop, String node) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        storage.jobs().insert(new Job(id, forShop, StrategyKind.PROFILER, PROFILER, JobState.SUCCEEDED, 1.0, "done",
                "{}", null, now, now, now, node, null, 1));
        return id;
    }

    private void announce(String forShop, String kind, String jobId) {
        vertx.eventBus().publish(Addresses.MODEL_TRAINED, new JsonObject().put("shop", forShop).put("kind", kind)
                .put("strategy", PROFILER).put("version", 1).put("job_id", jobId));
    }

    private static CustomerProfile customer(String id, String group, int m, String segment, double value,
                                            double churn) {
        return new CustomerProfile(id, Map.of(
                CustomerProfile.RFM, Map.of("group", group, "m", m, "r", 3, "f", 3),
                CustomerProfile.SEGMENT, segment,
                CustomerProfile.CLV, Map.of("value_365d", value, "p_alive", 1 - churn),
                CustomerProfile.CHURN_RISK, churn,
                "last_seen", "2026-11-20T00:00:00Z"));
    }

    private static ServiceException apiFailure(Supplier<? extends Future<?>> call) {
        Throwable failure = Futures.failure(call);
        if (!(failure instanceof ServiceException api)) {
            throw new AssertionError("expected a refusal with a status, got " + failure, failure);
        }
        return api;
    }

    /** A profiler whose stored models are keys of the profile lists the test registered. */
    private static final class FakeProfiler implements Profiler {
        final Map<String, List<CustomerProfile>> models = new ConcurrentHashMap<>();
        private final StrategyDescriptor descriptor = new StrategyDescriptor(PROFILER, StrategyKind.PROFILER, "1.0.0",
                "Fake RFM", "test double", ConfigSpec.builder().build());

        @Override
        public StrategyDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public ProfilerModel fit(CustomerData data, Config config, StrategyContext context, ProgressListener progress) {
            throw new UnsupportedOperationException("training is the job service's; see JobServiceTest");
        }

        @Override
        public ProfilerModel load(SerializedModel stored) {
            String key = new String(stored.bytes(), StandardCharsets.UTF_8);
            List<CustomerProfile> customers = models.get(key);
            if (customers == null) {
                throw new IllegalStateException("no profiles registered for " + key);
            }
            return new ProfilerModel() {
                @Override
                public Optional<CustomerProfile> profile(String customerId) {
                    return customers.stream().filter(c -> c.customerId().equals(customerId)).findFirst();
                }

                @Override
                public Stream<CustomerProfile> profiles() {
                    return customers.stream();
                }

                @Override
                public List<Segment> segments() {
                    return Stream.of("s1", "s2").map(id -> {
                        List<CustomerProfile> in = customers.stream()
                                .filter(c -> id.equals(c.fields().get(CustomerProfile.SEGMENT))).toList();
                        double value = in.stream().mapToDouble(c -> (Double) ((Map<?, ?>) c.fields()
                                .get(CustomerProfile.CLV)).get("value_365d")).average().orElse(0);
                        return new Segment(id, "Segment " + id, "customers of " + id, in.size(),
                                Map.of("value_365d", value));
                    }).filter(s -> s.size() > 0).toList();
                }

                @Override
                public Map<String, Double> metrics() {
                    return Map.of("customers", (double) customers.size());
                }

                @Override
                public SerializedModel serialize() {
                    return stored;
                }
            };
        }
    }
}
