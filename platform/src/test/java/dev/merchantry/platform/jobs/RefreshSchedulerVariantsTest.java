package dev.merchantry.platform.jobs;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.platform.serving.ServingSettingsService;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseOptions;
import dev.merchantry.platform.storage.ExperimentRecord;
import dev.merchantry.platform.storage.Job;
import dev.merchantry.platform.storage.JobState;
import dev.merchantry.platform.strategies.ConfigFingerprint;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.testing.Futures;
import dev.merchantry.platform.testing.InMemoryStrategies;
import dev.merchantry.platform.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The retrain schedule of a running recommender experiment's variants: a variant whose own model is missing is
 * trained (unless its last training failed within the hour), one whose model is older than the shop's
 * {@code retrain_every_hours} (24 by default) is retrained, and a fresh one is left alone.
 */
class RefreshSchedulerVariantsTest {

    private static final String SHOP = "acme";
    private static final JsonObject TREND = new JsonObject().put("half_life_days", 1.0);
    private static final JsonObject CLASSIC = new JsonObject().put("half_life_days", 3650.0);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingNow();
    private Vertx vertx;
    private Database db;
    private StrategyCatalog catalog;
    private RefreshScheduler scheduler;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        db = Database.open(DatabaseOptions.embedded(dir));
        db.shops().create(SHOP, "Acme");
        ConfigSpec spec = ConfigSpec.builder()
                .define("half_life_days", ConfigType.DOUBLE, 30.0, Importance.HIGH, "decay").build();
        Strategy popular = () -> new StrategyDescriptor("popular", StrategyKind.RECOMMENDER, "1.0.0", "Popular", "",
                spec);
        catalog = new InMemoryStrategies().add(popular).catalog();
        scheduler = new RefreshScheduler(vertx, null, db.bindings(), db.models(), db.experiments(), db.jobs(),
                new ServingSettingsService(vertx, db.settings(), catalog), catalog, clock);
        db.experiments().create(new ExperimentRecord(SHOP, "exp_1", "trend vs classic", "recommender", "customer",
                "salt", "click", 0.05, 28, new JsonArray()
                        .add(new JsonObject().put("id", "trend").put("strategy", "popular").put("config", TREND)
                                .put("weight", 1.0))
                        .add(new JsonObject().put("id", "classic").put("strategy", "popular").put("config", CLASSIC)
                                .put("weight", 1.0)).encode(),
                "running", clock.instant(), clock.instant(), null, null, "test"));
    }

    @AfterEach
    void tearDown() {
        Futures.result(vertx.close());
        db.close();
    }

    private String key(JsonObject config) {
        return ConfigFingerprint.of(catalog.find("popular").orElseThrow(), config);
    }

    /** Runs a training job of the variant's line to its end: succeeded (a model is stored) or failed. */
    private void trained(JsonObject config, boolean succeeds) {
        Instant now = clock.instant();
        Job job = Job.queuedVariant(UUID.randomUUID().toString(), SHOP, StrategyKind.RECOMMENDER, "popular",
                key(config), config.encode(), "test", now, now.plusSeconds(10));
        db.jobs().insert(job);
        int attempt = db.jobs().claim(job.id(), "node", now, now.plusSeconds(30), 3).getAsInt();
        if (succeeds) {
            db.jobs().succeed(job.id(), attempt, "popular", 1, new byte[] {1}, "{}", now).orElseThrow();
        } else {
            db.jobs().finish(job.id(), attempt, JobState.FAILED, null, "boom", now);
        }
    }

    private List<JsonObject> due() {
        return scheduler.dueRetrains().stream().peek(d -> assertEquals("exp_1", d.experiment()))
                .map(RefreshScheduler.Due::variantConfig).toList();
    }

    @Test
    void missingStaleAndRecentlyFailedVariantModels() {
        assertEquals(List.of(TREND, CLASSIC), due(), "no model yet: both are trained");

        trained(TREND, true);
        trained(CLASSIC, false);
        assertEquals(List.of(), due(), "trend is fresh; classic failed a moment ago and waits an hour");

        clock.advance(Duration.ofMinutes(61));
        assertEquals(List.of(CLASSIC), due(), "an hour after its failure, classic is tried again");

        // Model times are stored by the database's own clock (now): 25 hours on, trend's model is a day old.
        clock.advance(Duration.ofHours(24));
        assertEquals(List.of(TREND, CLASSIC), due());
    }
}
