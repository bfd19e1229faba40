package dev.merchantry.platform;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.demo.DemoDataGenerator;
import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.demo.DemoSink;
import dev.merchantry.platform.demo.DemoVisitors;
import dev.merchantry.platform.experiments.ExperimentService;
import dev.merchantry.platform.ingest.IngestService;
import dev.merchantry.platform.jobs.JobService;
import dev.merchantry.platform.performance.PerformanceService;
import dev.merchantry.platform.profiles.ChurnReplay;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.serving.ServingService;
import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.strategies.StrategyCatalog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.math3.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo shop's recent past, replayed once after its history is loaded, through the services a live shop goes
 * through, so that a fresh demo shows what weeks of operation would (docs/demo-data.md, "After the history"):
 * <ol>
 *   <li>one finished experiment, {@code popular} (control) against {@code item-knn}: once both are trained, each
 *       customer alive at the end of the history makes one visit, is served a list through serving (which assigns
 *       the variant and logs the list), clicks it when it holds the product the visit goes to
 *       ({@link DemoVisitors}), and the visit's events are ingested; then the experiment stops;</li>
 *   <li>the forecasts the bound forecaster would have served from the start of each of the last four weeks
 *       ({@link JobService#replayForecasts}), which the forecaster performance scores against what sold;</li>
 *   <li>the churn risks the bound profiler would have stated every four weeks over the last half year
 *       ({@link ChurnReplay}), which the profiler performance compares with who came back; then the report's closed
 *       days are aggregated once, as the node does every few minutes.</li>
 * </ol>
 * Runs on its own thread after the node is up. Done once per demo shop (a setting records it); a replay cut short is
 * done again on the next start (replayed forecasts and predictions already kept stay, a started experiment is not
 * repeated but stopped).
 */
final class DemoReplay {

    static final String REPLAYED = "demo_replayed";
    static final String EXPERIMENT_NAME = "Recommended for you: item-knn vs popular";
    /** The widget's list length in the history (DemoModel.REC_LIST). */
    static final int LIST = 4;
    /** The customers' visits of this many days are served at once (docs/demo-data.md). */
    static final int VISIT_DAYS = 28;
    /** The smallest lift the experiment is planned to detect: worth switching a shop's recommender for. */
    static final double MDE = 0.2;
    static final int FORECAST_ORIGINS = 4;
    static final int FORECAST_SPACING_DAYS = 7;
    static final int CHURN_ORIGINS = 6;
    static final int CHURN_SPACING_DAYS = 28;
    /** Days of history a replayed moment needs before it: a shop with less would not have trained its strategies. */
    static final int MIN_HISTORY_DAYS = 28;
    /** How long the experiment waits for item-knn and popular to be trained (their jobs queue behind the others). */
    static final Duration MODEL_WAIT = Duration.ofMinutes(10);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);
    private static final int SERVED_AT_ONCE = 64;
    private static final Logger LOG = LoggerFactory.getLogger(DemoReplay.class);

    /** The services the replay goes through. */
    record Services(Vertx vertx, Database db, StrategyCatalog catalog, JobService jobs, ChurnReplay churn,
                    ExperimentService experiments, ServingService serving, IngestService ingest,
                    PerformanceService performance, Clock clock) {
    }

    private final Services s;
    private final DemoScale scale;
    private final DemoDataGenerator generator;
    private final Thread thread;
    private volatile boolean stopping;

    private DemoReplay(Services services, DemoScale scale, DemoDataGenerator generator) {
        this.s = services;
        this.scale = scale == null ? DemoScale.DEFAULT : scale;
        this.generator = generator;
        this.thread = new Thread(this::run, "demo-replay");
        thread.setDaemon(true);
    }

    /**
     * Starts the replay unless it was done; {@code generator} is the one that generated the history in this start
     * (null: it is generated again, with the prices decided then, if the experiment still needs its customers).
     * Returns the replay to stop with the node, or null when there is nothing to do.
     */
    static DemoReplay start(Services services, DemoScale scale, DemoDataGenerator generator) {
        if (services.db().settings().get(DemoShop.ID, REPLAYED).isPresent()
                || DemoShop.seededEnd(services.db()) == null) {
            return null;
        }
        DemoReplay replay = new DemoReplay(services, scale, generator);
        replay.thread.start();
        return replay;
    }

    /** Stops the replay (before the services close): its current step fails, what it kept stays. */
    void stop() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long started = System.nanoTime();
        try {
            Instant end = DemoShop.seededEnd(s.db());
            JsonObject done = new JsonObject();
            long t = System.nanoTime();
            done.put("experiment", experiment(end)).put("experiment_ms", since(t));
            t = System.nanoTime();
            done.put("forecast_snapshots", forecasts(end)).put("forecasts_ms", since(t));
            t = System.nanoTime();
            done.put("churn_predictions", churn(end)).put("churn_ms", since(t));
            t = System.nanoTime();
            s.performance().compact();
            done.put("aggregation_ms", since(t));
            s.db().settings().put(DemoShop.ID, REPLAYED, done.put("at", s.clock().instant().toString()).encode());
            LOG.info("demo: replayed the demo shop's recent past in {} ms: {}", since(started), done.encode());
        } catch (RuntimeException e) {
            if (stopping) {
                LOG.info("demo: the replay of the demo shop's recent past stopped with the node; it resumes at the next"
                        + " start");
            } else {
                LOG.warn("demo: replaying the demo shop's recent past failed; it is tried again at the next start", e);
            }
        }
    }

    // ---- the experiment ---------------------------------------------------------------------------------------

    /** The finished experiment's id, or null when the shop cannot run it (item-knn or popular not installed). */
    private String experiment(Instant end) {
        for (JsonObject e : await(s.experiments().list(DemoShop.ID), STEP_TIMEOUT)) {
            if (!EXPERIMENT_NAME.equals(e.getString("name"))) {
                continue;
            }
            if (ExperimentService.RUNNING.equals(e.getString("status"))) {
                // cut short by a stop: what it collected is kept and stands as it is
                await(s.experiments().stop(DemoShop.ID, e.getString("id")), STEP_TIMEOUT);
            }
            return e.getString("id");
        }
        if (s.catalog().find("item-knn").isEmpty() || s.catalog().find("popular").isEmpty()) {
            LOG.info("demo: item-knn or popular is not installed; the demo shop gets no experiment");
            return null;
        }
        DemoVisitors visitors = DemoVisitors.after(history(end));
        awaitModels("item-knn", "popular");
        long started = System.nanoTime();
        JsonObject created = await(s.experiments().create(DemoShop.ID, new JsonObject().put("name", EXPERIMENT_NAME)
                .put("primary_metric", "click").put("mde", MDE).put("max_days", VISIT_DAYS)
                .put("variants", new JsonArray()
                        .add(new JsonObject().put("id", "popular").put("strategy", "popular"))
                        .add(new JsonObject().put("id", "item-knn").put("strategy", "item-knn"))), "demo"),
                STEP_TIMEOUT);
        String id = created.getString("id");
        await(s.experiments().start(DemoShop.ID, id), STEP_TIMEOUT);
        awaitReady(id);
        List<JsonObject> events = visits(visitors);
        for (int from = 0; from < events.size(); from += DemoDataGenerator.BATCH_SIZE) {
            JsonObject reply = s.ingest().ingestBlocking(DemoShop.ID, new ArrayList<>(
                    events.subList(from, Math.min(events.size(), from + DemoDataGenerator.BATCH_SIZE))));
            if (!reply.getJsonArray("rejected").isEmpty()) {
                throw new IllegalStateException("the demo experiment's visits were rejected: "
                        + reply.getJsonArray("rejected").getJsonObject(0).encode());
            }
        }
        await(s.experiments().stop(DemoShop.ID, id), STEP_TIMEOUT);
        JsonObject results = await(s.experiments().results(DemoShop.ID, id), STEP_TIMEOUT);
        LOG.info("demo: experiment {} ('{}') ran in {} ms once item-knn and popular were trained, {} events: {}", id,
                EXPERIMENT_NAME, since(started), events.size(), results.getJsonObject("verdict").getString("words"));
        return id;
    }

    /**
     * Every customer's visits of {@link #VISIT_DAYS} days, each served a list in parallel chunks (the customer's
     * variant), then the visit's events: a click naming the list when it holds the visit's product, and the view of
     * that product.
     */
    private List<JsonObject> visits(DemoVisitors visitors) {
        RandomGenerator random = visitors.random();
        List<String> visits = new ArrayList<>();
        for (String customer : visitors.customers()) {
            for (int v = visitors.visits(customer, VISIT_DAYS, random); v > 0; v--) {
                visits.add(customer);
            }
        }
        // in the order a shop sees them: customers interleaved (Fisher-Yates on the visits' own stream)
        for (int k = visits.size() - 1; k > 0; k--) {
            java.util.Collections.swap(visits, k, random.nextInt(k + 1));
        }
        List<JsonObject> events = new ArrayList<>();
        for (int from = 0; from < visits.size(); from += SERVED_AT_ONCE) {
            List<String> chunk = visits.subList(from, Math.min(visits.size(), from + SERVED_AT_ONCE));
            List<Future<JsonObject>> served = new ArrayList<>();
            for (String customer : chunk) {
                served.add(s.serving().recommend(new JsonObject().put("shop", DemoShop.ID)
                        .put("customer_id", customer).put("limit", LIST)));
            }
            await(Future.all(served), STEP_TIMEOUT);
            for (int k = 0; k < chunk.size(); k++) {
                String customer = chunk.get(k);
                JsonObject list = served.get(k).result();
                String product = visitors.visit(customer, random);
                if (product == null) {
                    continue;
                }
                String at = s.clock().instant().toString();
                boolean listed = list.getJsonArray("items").stream()
                        .anyMatch(i -> product.equals(((JsonObject) i).getString("product_id")));
                if (listed) {
                    events.add(event(events.size(), "Product Clicked", customer, at, new JsonObject()
                            .put("product_id", product).put("recommendation_id", list.getString("recommendation_id"))
                            .put("strategy_id", list.getString("strategy"))
                            .put("variant_id", list.getString("variant_id"))));
                }
                events.add(event(events.size(), "Product Viewed", customer, at,
                        new JsonObject().put("product_id", product)));
            }
        }
        LOG.info("demo: the experiment served {} visits of {} customers", visits.size(),
                visits.stream().distinct().count());
        return events;
    }

    private static JsonObject event(int n, String type, String customer, String at, JsonObject properties) {
        return new JsonObject().put("event_id", "demo-visit-" + (n + 1)).put("type", type).put("timestamp", at)
                .put("customer_id", customer).put("properties", properties);
    }

    /** The generator of the loaded history: this start's, or the same history generated again with its prices. */
    private DemoDataGenerator history(Instant end) {
        if (generator != null) {
            return generator;
        }
        DemoDataGenerator again = new DemoDataGenerator(scale, DemoShop.SEED, end);
        again.generate(new DemoSink() {
            @Override
            public void products(List<JsonObject> batch) {
            }

            @Override
            public void events(List<JsonObject> batch) {
            }

            @Override
            public void inventory(List<JsonObject> batch) {
            }
        }, DemoShop.agentPrices(s.db(), s.catalog(), null));
        return again;
    }

    /** Waits until each strategy has a trained model of the shop (checked at once and after every training). */
    /** Until the started experiment assigns visitors: each variant's own model line is trained first. */
    private void awaitReady(String id) {
        Promise<Void> ready = Promise.promise();
        Runnable check = () -> s.experiments().get(DemoShop.ID, id).onSuccess(e -> {
            if (e.getBoolean("ready", false)) {
                ready.tryComplete();
            }
        });
        MessageConsumer<JsonObject> consumer = s.vertx().eventBus().consumer(Addresses.MODEL_TRAINED, m -> check.run());
        // The experiment's memory of its variants' models is a few seconds old at most: look again every second too.
        long timer = s.vertx().setPeriodic(1_000, t -> check.run());
        try {
            await(consumer.completion(), STEP_TIMEOUT);
            check.run();
            await(ready.future(), MODEL_WAIT);
        } finally {
            s.vertx().cancelTimer(timer);
            consumer.unregister();
        }
    }

    private void awaitModels(String... strategies) {
        Promise<Void> trained = Promise.promise();
        Runnable check = () -> s.vertx().executeBlocking(() -> {
            for (String strategy : strategies) {
                if (s.db().models().latestTime(DemoShop.ID, StrategyKind.RECOMMENDER, strategy).isEmpty()) {
                    return false;
                }
            }
            return true;
        }, false).onSuccess(all -> {
            if (all) {
                trained.tryComplete();
            }
        });
        MessageConsumer<JsonObject> consumer = s.vertx().eventBus().consumer(Addresses.MODEL_TRAINED, m -> check.run());
        try {
            await(consumer.completion(), STEP_TIMEOUT);
            check.run();
            await(trained.future(), MODEL_WAIT);
        } finally {
            consumer.unregister();
        }
    }

    // ---- forecasts and churn risks of the past -------------------------------------------------------------------

    /** Forecast snapshots kept, from the start of each of the last weeks; 0 without a forecaster. */
    private int forecasts(Instant end) {
        if (!bound(StrategyKind.FORECASTER)) {
            return 0;
        }
        int kept = 0;
        for (int k = FORECAST_ORIGINS; k >= 1; k--) {
            Instant origin = end.minus(Duration.ofDays((long) k * FORECAST_SPACING_DAYS));
            kept += replay("forecasts", end, origin, () -> s.jobs().replayForecasts(DemoShop.ID, origin));
        }
        return kept;
    }

    /** Churn predictions kept, every four weeks over the last half year; 0 without a profiler. */
    private int churn(Instant end) {
        if (!bound(StrategyKind.PROFILER)) {
            return 0;
        }
        int kept = 0;
        for (int k = CHURN_ORIGINS; k >= 1; k--) {
            Instant origin = end.minus(Duration.ofDays((long) k * CHURN_SPACING_DAYS));
            kept += replay("churn risks", end, origin, () -> s.churn().at(DemoShop.ID, origin));
        }
        return kept;
    }

    /** Whether the demo shop has an enabled strategy of the kind that is installed. */
    private boolean bound(StrategyKind kind) {
        return s.db().bindings().find(DemoShop.ID, kind)
                .filter(b -> b.enabled() && s.catalog().find(b.strategyId()).isPresent()).isPresent();
    }

    /**
     * One replay at {@code origin}: skipped when the history then was shorter than {@link #MIN_HISTORY_DAYS} (a small
     * {@code --demo-days}), and when it fails (e.g. too little data for the strategy) it is logged and left out.
     */
    private int replay(String what, Instant end, Instant origin, java.util.function.Supplier<Future<Integer>> run) {
        if (origin.isBefore(end.minus(Duration.ofDays(scale.days() - MIN_HISTORY_DAYS)))) {
            return 0;
        }
        try {
            return await(run.get(), STEP_TIMEOUT);
        } catch (RuntimeException e) {
            if (stopping) {
                throw e;
            }
            LOG.info("demo: no {} replayed at {}: {}", what, origin, e.getMessage());
            return 0;
        }
    }

    private static long since(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout, e);
        }
    }
}
