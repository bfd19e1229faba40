package dev.merchantry.platform.jobs;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyClient;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyException;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Job;
import dev.merchantry.platform.storage.JobState;
import dev.merchantry.platform.storage.StoredModel;
import dev.merchantry.platform.strategies.ShopDataSource;
import dev.merchantry.platform.strategies.StrategyContexts;
import dev.merchantry.platform.strategies.StrategyInvoker;
import dev.merchantry.platform.testing.Eventually;
import dev.merchantry.platform.testing.Futures;
import dev.merchantry.platform.testing.InMemoryStorage;
import dev.merchantry.platform.testing.InMemoryStrategies;
import dev.merchantry.platform.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JobService} with in-memory fakes of storage and plugins (no node, no HTTP) and a clock that moves only when
 * the test moves it: a queued job is claimed, trained and its model stored and announced; a strategy runs one job at
 * a time and a request beyond the queue limit is a 409 naming the jobs in the way; a failing fit fails the job with
 * its reason; leases: a job whose node stopped renewing is taken over once its lease has passed on the clock, a run
 * whose lease was taken over is interrupted and its result discarded, a graceful stop hands the running job back.
 */
class JobServiceTest {

    private static final String NODE = "node-a";
    private static final String SHOP = "acme";
    private static final String TRAINER = "trainer";
    private static final Duration LEASE = Duration.ofMinutes(1);
    /** Real time between heartbeats (renewals and sweeps run on a Vert.x timer); leases are on the test's clock. */
    private static final Duration HEARTBEAT = Duration.ofMillis(20);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryStorage storage = new InMemoryStorage(clock);
    private final InMemoryStrategies strategies = new InMemoryStrategies();
    private final FakeTrainer trainer = new FakeTrainer(TRAINER);
    private Vertx vertx;
    private StrategyInvoker trainingPool;
    private StrategyInvoker refreshPool;
    private JobService jobs;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        trainingPool = new StrategyInvoker(vertx, "training", 2, 10);
        refreshPool = new StrategyInvoker(vertx, "refresh", 1, 10);
        strategies.add(trainer).add(new FakeTrainer("other"));
        jobs = new JobService(vertx, NODE, storage.jobs(), storage.bindings(), strategies.catalog(), new FakeShopData(),
                trainingPool, refreshPool, new StrategyContexts(clock, new SimpleMeterRegistry(),
                        shop -> StrategyClient.NONE), clock, Duration.ofMinutes(1),
                new JobOptions().setLease(LEASE).setHeartbeat(HEARTBEAT));
        assertEquals(0, Futures.result(jobs.start()));
        bind(SHOP, TRAINER, true);
    }

    @AfterEach
    void tearDown() {
        trainer.release();
        jobs.stop();
        trainingPool.close();
        refreshPool.close();
        Futures.result(vertx.close());
    }

    @Test
    void aQueuedJobIsClaimedTrainedAndItsModelStoredAndAnnounced() {
        List<JsonObject> trained = new CopyOnWriteArrayList<>();
        Futures.result(vertx.eventBus().<JsonObject>consumer(Addresses.MODEL_TRAINED, m -> trained.add(m.body()))
                .completion());

        Job queued = Futures.result(jobs.submit(SHOP, StrategyKind.RECOMMENDER, "ann"));
        assertEquals(JobState.QUEUED, queued.state());
        assertEquals(TRAINER, queued.strategyId());
        assertEquals("queued by ann", queued.message());
        assertEquals(clock.instant(), queued.createdAt(), "times come from the injected clock");

        Job done = awaitState(queued.id(), JobState.SUCCEEDED);
        assertEquals(NODE, done.node());
        assertEquals(1, done.attempts());
        assertEquals(1.0, done.progress());
        assertEquals(clock.instant(), done.startedAt());
        assertEquals(clock.instant(), done.finishedAt());
        JsonObject metrics = new JsonObject(done.metricsJson());
        assertEquals(3.0, metrics.getDouble("interactions"), "the platform's own metrics: rows,");
        assertEquals(2.0, metrics.getDouble("customers"), "distinct customers");
        assertEquals(2.0, metrics.getDouble("products"), "and distinct products");
        assertEquals(7.0, metrics.getDouble("fit_quality"), "the model's metrics");

        StoredModel model = storage.models().active(SHOP, StrategyKind.RECOMMENDER).orElseThrow();
        assertEquals(queued.id(), model.jobId());
        assertEquals(TRAINER, model.strategyId());
        assertEquals(TRAINER, new String(model.bytes(), StandardCharsets.UTF_8));
        Eventually.await(WAIT, "merchantry.model.trained is published", () -> !trained.isEmpty());
        JsonObject notice = trained.get(0);
        assertEquals(SHOP, notice.getString("shop"));
        assertEquals("recommender", notice.getString("kind"));
        assertEquals(TRAINER, notice.getString("strategy"));
        assertEquals(1L, notice.getLong("version"));
        assertEquals(queued.id(), notice.getString("job_id"));
    }

    @Test
    void aStrategyRunsOneJobAtATimeAndARequestBeyondTheQueueLimitIsRefusedNamingTheJobs() {
        trainer.gate();
        Job first = Futures.result(jobs.submit(SHOP, StrategyKind.RECOMMENDER, "ann"));
        Eventually.await(WAIT, "the first job is fitting", () -> trainer.fits.get() == 1);
        Job second = Futures.result(jobs.submit(SHOP, StrategyKind.RECOMMENDER, "ann"));

        ServiceException refused = apiFailure(() -> jobs.submit(SHOP, StrategyKind.RECOMMENDER, "bob"));

        assertEquals(409, refused.kind().code());
        String detail = refused.getMessage();
        assertTrue(detail.contains("job " + first.id() + " (running on node " + NODE + ")"), detail);
        assertTrue(detail.contains("job " + second.id() + " (queued)"), detail);
        assertTrue(detail.contains("at most 1 job(s) may wait per shop and kind"), detail);
        assertTrue(detail.contains("GET /api/v1/jobs/" + second.id()), "names the job to follow: " + detail);
        assertEquals(2, storage.jobs().all().size(), "the refused request stored nothing");
        assertEquals(JobState.QUEUED, job(second.id()).state(), "waits while the first runs under a live lease");

        trainer.release();
        awaitState(first.id(), JobState.SUCCEEDED);
        Job secondDone = awaitState(second.id(), JobState.SUCCEEDED);
        assertEquals(2, trainer.fits.get());
        assertEquals(2L, storage.models().active(SHOP, StrategyKind.RECOMMENDER).orElseThrow().version());
        assertEquals(secondDone.id(), storage.models().active(SHOP, StrategyKind.RECOMMENDER).orElseThrow().jobId());
        Futures.result(jobs.submit(SHOP, StrategyKind.RECOMMENDER, "bob")); // the queue has room again
    }

    @Test
    void trainingNeedsAnEnabledBindingOfATrainableKindWhoseStrategyIsInstalled() {
        ServiceException unbound = apiFailure(() -> jobs.submit("other-shop", StrategyKind.RECOMMENDER, "ann"));
        assertEquals(409, unbound.kind().code());
        assertTrue(unbound.getMessage().contains("has no recommender strategy; PUT /api/v1/shops/other-shop/strategies"
                + "/recommender first"), unbound.getMessage());

        bind(SHOP, TRAINER, false);
        ServiceException disabled = apiFailure(() -> jobs.submit(SHOP, StrategyKind.RECOMMENDER, "ann"));
        assertEquals(409, disabled.kind().code());
        assertEquals("the recommender strategy of shop 'acme' is disabled", disabled.getMessage());

        ServiceException pricing = apiFailure(() -> jobs.submit(SHOP, StrategyKind.PRICING, "ann"));
        assertEquals(409, pricing.kind().code());
        assertTrue(pricing.getMessage().contains("no batch training"), pricing.getMessage());

        bind(SHOP, "uninstalled", true);
        assertEquals(404, apiFailure(() -> jobs.submit(SHOP, StrategyKind.RECOMMENDER, "ann")).kind().code());
        assertEquals(List.of(), storage.jobs().all(), "nothing was queued");
    }

    @Test
    void aFitThatThrowsFailsTheJobWithItsReasonAndStoresNoModel() {
        trainer.failure = new IllegalArgumentException("not enough data");
        Job job = Futures.result(jobs.submit(SHOP, StrategyKind.RECOMMENDER, "ann"));
        Job failed = awaitState(job.id(), JobState.FAILED);
        assertEquals("IllegalArgumentException: not enough data", failed.error());
        assertEquals(clock.instant(), failed.finishedAt());
        assertTrue(storage.models().active(SHOP, StrategyKind.RECOMMENDER).isEmpty());

        // A strategy's own refusal is shown as it words it; and a failed job does not block the next one.
        trainer.failure = new StrategyException("needs at least 10 orders");
        Job again = Futures.result(jobs.submit(SHOP, StrategyKind.RECOMMENDER, "ann"));
        assertEquals("needs at least 10 orders", awaitState(again.id(), JobState.FAILED).error());
    }

    @Test
    void aJobWhoseNodeStoppedRenewingItsLeaseIsTakenOverOnceTheLeaseHasPassedOnTheClock() {
        Instant now = clock.instant();
        // What a node that died leaves behind: its job RUNNING under a lease it no longer renews.
        String orphan = UUID.randomUUID().toString();
        storage.jobs().insert(new Job(orphan, SHOP, StrategyKind.RECOMMENDER, TRAINER, JobState.RUNNING, 0.5,
                "fitting", null, null, now, now, null, "node-dead", now.plus(LEASE), 1));
        // ... and, in another shop, a job announced to it that nobody claimed by its deadline.
        bind("other-shop", TRAINER, true);
        String unclaimed = UUID.randomUUID().toString();
        storage.jobs().insert(Job.queued(unclaimed, "other-shop", StrategyKind.RECOMMENDER, TRAINER, "queued",
                now.minusSeconds(5), now.minusMillis(1)));

        Job claimedBySweep = awaitState(unclaimed, JobState.SUCCEEDED);
        assertEquals(NODE, claimedBySweep.node());
        Job stillThere = job(orphan);
        assertEquals(JobState.RUNNING, stillThere.state(), "the sweep ran, but the dead node's lease has not passed");
        assertEquals("node-dead", stillThere.node());

        clock.advance(LEASE.plusMillis(1));
        Job takenOver = awaitState(orphan, JobState.SUCCEEDED);
        assertEquals(NODE, takenOver.node());
        assertEquals(2, takenOver.attempts(), "the second attempt, fenced from the first");
    }

    @Test
    void aRunWhoseJobWasTakenOverIsInterruptedAndWritesNothing() {
        trainer.gate();
        Job job = Futures.result(jobs.submit(SHOP, StrategyKind.RECOMMENDER, "ann"));
        Eventually.await(WAIT, "the job is fitting", () -> trainer.fits.get() == 1);
        // Another node found the lease expired (this node was presumed dead), re-queued the job and claimed it.
        assertTrue(storage.jobs().release(job.id(), 1, "re-queued by node-b", clock.instant()));
        assertEquals(2, storage.jobs().claim(job.id(), "node-b", clock.instant(), clock.instant().plus(LEASE), 3)
                .orElseThrow());

        Eventually.await(WAIT, "this node's next heartbeat interrupts its run", () -> trainer.interrupted);
        Job after = job(job.id());
        assertEquals(JobState.RUNNING, after.state());
        assertEquals("node-b", after.node());
        assertEquals(2, after.attempts());
        assertNull(after.error(), "the lost run recorded no failure");
        assertTrue(storage.models().active(SHOP, StrategyKind.RECOMMENDER).isEmpty(), "nor a model");
    }

    @Test
    void aGracefulStopHandsTheRunningJobBackToTheQueue() {
        trainer.gate();
        Job job = Futures.result(jobs.submit(SHOP, StrategyKind.RECOMMENDER, "ann"));
        Eventually.await(WAIT, "the job is fitting", () -> trainer.fits.get() == 1);

        jobs.stop();

        Job handedBack = job(job.id());
        assertEquals(JobState.QUEUED, handedBack.state());
        assertEquals("re-queued: node " + NODE + " stopped", handedBack.message());
        assertNull(handedBack.node());
        assertEquals(clock.instant(), handedBack.leaseUntil(), "claimable by another node at once");
    }

    @Test
    void aRefreshIsSkippedWhileAJobOfTheStrategyIsPending() {
        trainer.gate();
        Futures.result(jobs.submit(SHOP, StrategyKind.RECOMMENDER, "ann"));

        assertEquals(Optional.empty(), Futures.result(jobs.refresh(SHOP, StrategyKind.RECOMMENDER, TRAINER,
                "scheduler")));
        Optional<Job> fallback = Futures.result(jobs.refresh(SHOP, StrategyKind.RECOMMENDER, "other", "scheduler"));
        assertTrue(fallback.isPresent(), "another strategy of the kind (a fallback) trains meanwhile");
        awaitState(fallback.get().id(), JobState.SUCCEEDED);
        assertEquals(Optional.empty(), Futures.result(jobs.refresh(SHOP, StrategyKind.RECOMMENDER, "uninstalled",
                "scheduler")), "nothing to refresh for a strategy that is not installed");
        assertFalse(Futures.result(jobs.refresh("unbound-shop", StrategyKind.RECOMMENDER, "other", "scheduler"))
                .isPresent(), "nor for a shop without a binding of the kind");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private void bind(String shop, String strategy, boolean enabled) {
        storage.bindings().put(shop, StrategyKind.RECOMMENDER, strategy, "{}", enabled, "test");
    }

    private Job job(String id) {
        return storage.jobs().find(id).orElseThrow();
    }

    private Job awaitState(String id, JobState state) {
        return Eventually.await(WAIT, "job " + id + " is " + state, () -> job(id), j -> j.state() == state);
    }

    private static ServiceException apiFailure(java.util.function.Supplier<io.vertx.core.Future<?>> call) {
        Throwable failure = Futures.failure(call);
        if (!(failure instanceof ServiceException api)) {
            throw new AssertionError("expected a refusal with a status, got " + failure, failure);
        }
        return api;
    }

    /** Two interactions for every shop. */
    private static final class FakeShopData implements ShopDataSource {
        @Override
        public RecommenderData recommenderData(String shop, Instant asOf) {
            return RecommenderData.of(Interactions.builder(false).add("c1", "p1", 1, 0).add("c2", "p2", 1, 0)
                    .add("c1", "p2", 1, 0).build());
        }

        @Override
        public List<String> forecastableProducts(String shop) {
            throw new UnsupportedOperationException("recommenders only");
        }

        @Override
        public TimeSeries demandSeries(String shop, String productId, Instant asOf) {
            throw new UnsupportedOperationException("recommenders only");
        }

        @Override
        public CustomerData customerData(String shop, Instant asOf) {
            throw new UnsupportedOperationException("recommenders only");
        }

        @Override
        public List<PriceObservation> priceHistory(String shop, String productId, Instant asOf) {
            throw new UnsupportedOperationException("recommenders only");
        }
    }

    /** A recommender whose fit the test controls: it may wait at a gate (interruptibly), or throw. */
    private static final class FakeTrainer implements Recommender {
        private final StrategyDescriptor descriptor;
        final AtomicInteger fits = new AtomicInteger();
        volatile CountDownLatch gate;
        volatile RuntimeException failure;
        volatile boolean interrupted;

        FakeTrainer(String id) {
            descriptor = new StrategyDescriptor(id, StrategyKind.RECOMMENDER, "1.0.0", id, "test double",
                    ConfigSpec.builder().build());
        }

        /** Fits wait until {@link #release()}. */
        void gate() {
            gate = new CountDownLatch(1);
        }

        void release() {
            CountDownLatch g = gate;
            if (g != null) {
                g.countDown();
            }
        }

        @Override
        public StrategyDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context,
                                    ProgressListener progress) {
            fits.incrementAndGet();
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    if (!g.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never released the gate");
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while fitting");
                }
            }
            if (failure != null) {
                throw failure;
            }
            SerializedModel bytes = new SerializedModel(descriptor.id(), 1,
                    descriptor.id().getBytes(StandardCharsets.UTF_8));
            return new RecommenderModel() {
                @Override
                public List<ScoredItem> recommend(RecommendationQuery query) {
                    return List.of();
                }

                @Override
                public SerializedModel serialize() {
                    return bytes;
                }

                @Override
                public Map<String, Double> metrics() {
                    return Map.of("fit_quality", 7.0);
                }
            };
        }

        @Override
        public RecommenderModel load(SerializedModel model) {
            throw new UnsupportedOperationException("jobs never load models");
        }
    }
}
