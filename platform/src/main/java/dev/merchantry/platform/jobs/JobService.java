package dev.merchantry.platform.jobs;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.model.Model;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.profile.Profiler;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Binding;
import dev.merchantry.platform.storage.ForecastSnapshot;
import dev.merchantry.platform.storage.BindingRepository;
import dev.merchantry.platform.storage.Job;
import dev.merchantry.platform.storage.JobRepository;
import dev.merchantry.platform.storage.JobState;
import dev.merchantry.platform.storage.Notices;
import dev.merchantry.platform.storage.StoredModel;
import dev.merchantry.platform.strategies.BindingService;
import dev.merchantry.platform.strategies.ConfigFingerprint;
import dev.merchantry.platform.strategies.ForecastBundle;
import dev.merchantry.platform.strategies.ShopDataSource;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyContexts;
import dev.merchantry.platform.strategies.StrategyInvoker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Training jobs: a job is stored QUEUED, announced point-to-point on {@link Addresses#TRAIN} so whichever node
 * receives it claims it (atomically, in the database) and runs it on the training pool, reporting progress to the
 * job row. The claiming node holds the job under a lease it renews by heartbeats ({@link JobLeases}); if the node
 * dies, another re-queues and runs the job once the lease expired. On success the job's end, the model and its
 * activation commit in one transaction — only if this node still holds the job — then {@link Addresses#MODEL_TRAINED}
 * tells every node to swap the model in. Jobs of one shop's strategy run one after another, and at most
 * {@link JobOptions#maxQueued()} may wait behind the running one (a further request is a 409 naming them).
 */
public final class JobService {

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    /** {@code merchantry.model.trained}: published after a trained model became the active one. */
    public static final Schema MODEL_TRAINED = Schema.object()
            .required("shop", Schema.string())
            .required("kind", Schema.enumOf("profiler", "recommender", "forecaster", "pricing"))
            .required("strategy", Schema.string())
            .required("version", Schema.integer().doc("the model's version"))
            .required("job_id", Schema.string())
            .required("metrics", Schema.map(Schema.number().nullable()))
            .optional("config_key", Schema.string().doc("present for a model trained with an experiment variant's"
                    + " config (cfg-…); such a model serves only that variant and is not the kind's active one"));
    /** A training job, as every job route answers it. */
    public static final Schema JOB = Schema.object("Job")
            .required("job_id", Schema.string())
            .required("shop", Schema.string())
            .required("kind", Schema.enumOf("profiler", "recommender", "forecaster", "pricing"))
            .required("strategy", Schema.string())
            .required("state", Schema.enumOf("queued", "running", "succeeded", "failed"))
            .required("progress", Schema.number().min(0).max(1))
            .required("message", Schema.string().nullable())
            .required("metrics", Schema.map(Schema.number().nullable()).nullable().doc("the trainer's figures"))
            .required("error", Schema.string().nullable())
            .required("created_at", Schema.dateTime())
            .required("started_at", Schema.dateTime().nullable())
            .required("finished_at", Schema.dateTime().nullable())
            .required("node", Schema.string().nullable().doc("the node that runs or ran it"))
            .required("attempts", Schema.integer().doc("runs started"))
            .required("lease_until", Schema.dateTime().nullable().doc("while running"))
            .optional("config_key", Schema.string().doc("present when the job trains an experiment variant's config"
                    + " (cfg-…) rather than the shop's binding"));

    private final Vertx vertx;
    private final String node;
    private final JobRepository jobs;
    private final BindingRepository bindings;
    private final StrategyCatalog catalog;
    private final ShopDataSource data;
    private final StrategyInvoker trainingPool;
    private final StrategyInvoker refreshPool;
    private final StrategyContexts contexts;
    private final Clock clock;
    private final Duration timeout;
    private final JobOptions options;
    private final JobLeases leases;
    private final JobTelemetry telemetry;
    private MessageConsumer<JsonObject> consumer;

    /** Where the forecasts of each new forecaster model go to be scored later (nowhere by default). */
    private volatile java.util.function.Consumer<List<ForecastSnapshot>> forecastLog = snapshots -> {
    };

    public JobService(Vertx vertx, String node, JobRepository jobs, BindingRepository bindings,
                      StrategyCatalog catalog, ShopDataSource data, StrategyInvoker trainingPool,
                      StrategyInvoker refreshPool, StrategyContexts contexts, Clock clock, Duration timeout,
                      JobOptions options) {
        this(vertx, node, jobs, bindings, catalog, data, trainingPool, refreshPool, contexts, clock, timeout, options,
                new SimpleMeterRegistry());
    }

    /**
     * With {@code registry}: the job meters of this node ({@code merchantry_jobs_total},
     * {@code merchantry_job_duration_seconds}, {@code merchantry_jobs_queued}, {@code merchantry_jobs_running}).
     */
    public JobService(Vertx vertx, String node, JobRepository jobs, BindingRepository bindings,
                      StrategyCatalog catalog, ShopDataSource data, StrategyInvoker trainingPool,
                      StrategyInvoker refreshPool, StrategyContexts contexts, Clock clock, Duration timeout,
                      JobOptions options, MeterRegistry registry) {
        this.options = options.validate();
        this.telemetry = new JobTelemetry(node, registry, clock);
        this.leases = new JobLeases(vertx, node, jobs, clock, options, jobId -> run(jobId).onFailure(e ->
                LOG.error("training job {} could not run", jobId, e)), telemetry);
        Gauge.builder(JobTelemetry.QUEUED, leases, JobLeases::waiting)
                .description("Training jobs this node has claimed that wait for one of its training threads")
                .register(registry);
        Gauge.builder(JobTelemetry.RUNNING, leases, JobLeases::training)
                .description("Training jobs running on this node's training threads").register(registry);
        this.refreshPool = refreshPool;
        this.vertx = vertx;
        this.node = node;
        this.jobs = jobs;
        this.bindings = bindings;
        this.catalog = catalog;
        this.data = data;
        this.trainingPool = trainingPool;
        this.contexts = contexts;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Registers this node as a training worker, re-queues the jobs a previous run of this node left RUNNING (it was
     * killed, so nobody runs them) and starts the lease heartbeat. Completes with the number re-queued.
     */
    public Future<Integer> start() {
        consumer = vertx.eventBus().<JsonObject>consumer(Addresses.TRAIN, msg -> {
            String jobId = msg.body().getString("job_id");
            run(jobId).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.error("training job {} could not run", jobId, ar.cause());
                }
            });
            msg.reply(new JsonObject().put("job_id", jobId).put("node", node));
        });
        return leases.start().map(r -> r.requeued().size());
    }

    /**
     * The cluster dropped node {@code other} (by its node name): the jobs it was running go back to the queue now,
     * not when their leases expire.
     */
    public void nodeLeft(String other) {
        leases.nodeLeft(other);
    }

    /**
     * Blocking (the shutdown path, never an event loop): stops taking jobs and hands the ones this node runs back to
     * the queue for the other nodes. Call before closing the training pools.
     */
    public void stop() {
        if (consumer != null) {
            try {
                consumer.unregister().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("unregistering the training consumer: {}", e.toString());
            }
        }
        leases.stop();
    }

    /**
     * Queues training of a shop's bound strategy of a kind; 409 if there is no enabled binding, or if
     * {@link JobOptions#maxQueued()} jobs of that strategy already wait (the message names them and the running one).
     */
    public Future<Job> submit(String shop, StrategyKind kind, String actor) {
        if (kind == StrategyKind.PRICING) {
            throw ServiceException.conflict("pricing agents learn online from outcomes; there is no batch training");
        }
        return vertx.executeBlocking(() -> {
            Binding binding = bindings.find(shop, kind).orElseThrow(() -> ServiceException.conflict(
                    "shop '" + shop + "' has no " + kind.wireName() + " strategy; PUT /api/v1/shops/" + shop
                            + "/strategies/" + kind.wireName() + " first"));
            if (!binding.enabled()) {
                throw ServiceException.conflict("the " + kind.wireName() + " strategy of shop '" + shop + "' is disabled");
            }
            catalog.require(binding.strategyId());
            Job job = Job.queued(UUID.randomUUID().toString(), shop, kind, binding.strategyId(), "queued by " + actor,
                    clock.instant(), leases.claimBy());
            List<Job> waiting = jobs.insertUnlessQueued(job, options.maxQueued());
            if (!waiting.isEmpty()) {
                throw ServiceException.conflict(busy(shop, kind, waiting));
            }
            return job;
        }).andThen(ar -> {
            if (ar.succeeded()) {
                telemetry.queued(ar.result());
                leases.announce(ar.result().id());
            }
        });
    }

    /** The 409 of a full queue: names every unfinished job of the strategy, so the caller can follow them. */
    private String busy(String shop, StrategyKind kind, List<Job> unfinished) {
        StringBuilder jobsText = new StringBuilder();
        for (Job j : unfinished) {
            jobsText.append(jobsText.length() == 0 ? "" : ", ").append("job ").append(j.id()).append(" (")
                    .append(j.state().name().toLowerCase(Locale.ROOT))
                    .append(j.state() == JobState.RUNNING ? " on node " + j.node() : "").append(')');
        }
        String waiting = unfinished.stream().filter(j -> j.state() == JobState.QUEUED).map(Job::id).findFirst()
                .orElse(unfinished.get(0).id());
        return "shop '" + shop + "' already has " + kind.wireName() + " training of '" + unfinished.get(0).strategyId()
                + "' waiting: " + jobsText + "; at most " + options.maxQueued() + " job(s) may wait per shop and kind"
                + " while one runs. Follow it at GET /api/v1/jobs/" + waiting + " and train again once it has started";
    }

    /**
     * Queues training of {@code strategyId} for a shop — a fallback of the bound recommender, or a scheduled retrain —
     * unless a job of that strategy is already queued or running. The shop must have an enabled binding of the kind
     * (a fallback trains with its defaults, the bound strategy with the binding's config). Empty when skipped.
     */
    public Future<Optional<Job>> refresh(String shop, StrategyKind kind, String strategyId, String actor) {
        return vertx.executeBlocking(() -> {
            Optional<Binding> binding = bindings.find(shop, kind);
            if (binding.isEmpty() || !binding.get().enabled() || catalog.find(strategyId).isEmpty()
                    || jobs.pending(shop, kind, strategyId)) {
                return Optional.<Job>empty();
            }
            Job job = Job.queued(UUID.randomUUID().toString(), shop, kind, strategyId, "queued by " + actor,
                    clock.instant(), leases.claimBy());
            jobs.insert(job);
            return Optional.of(job);
        }, false).andThen(this::announceQueued);
    }

    /**
     * Queues training of {@code strategyId} with an experiment variant's {@code config} into the model line
     * {@link ConfigFingerprint#of its key}, unless a job of that line is already queued or running; needs no
     * binding (a variant may use any installed strategy of the kind). Empty when skipped.
     */
    public Future<Optional<Job>> trainVariant(String shop, StrategyKind kind, String strategyId, JsonObject config,
                                              String actor) {
        if (kind == StrategyKind.PRICING) {
            throw ServiceException.conflict("pricing agents learn online from outcomes; there is no batch training");
        }
        return vertx.executeBlocking(() -> {
            LoadedStrategy strategy = catalog.require(strategyId);
            String configKey = ConfigFingerprint.of(strategy, config);
            if (jobs.pending(shop, kind, strategyId, configKey)) {
                return Optional.<Job>empty();
            }
            Job job = Job.queuedVariant(UUID.randomUUID().toString(), shop, kind, strategyId, configKey,
                    config.encode(), "queued by " + actor, clock.instant(), leases.claimBy());
            jobs.insert(job);
            return Optional.of(job);
        }, false).andThen(this::announceQueued);
    }

    /** A job just queued: logged, and announced so a node with free capacity claims it at once. */
    private void announceQueued(io.vertx.core.AsyncResult<Optional<Job>> queued) {
        if (queued.succeeded() && queued.result().isPresent()) {
            telemetry.queued(queued.result().get());
            leases.announce(queued.result().get().id());
        }
    }

    public Future<Job> find(String jobId) {
        return vertx.executeBlocking(() -> jobs.find(jobId))
                .map(found -> found.orElseThrow(() -> ServiceException.notFound("unknown job '" + jobId + "'")));
    }

    public Future<List<Job>> list(String shop, int limit) {
        return vertx.executeBlocking(() -> jobs.list(shop, limit));
    }

    private record Claimed(Job job, JobLeases.Held held, boolean bound) {
    }

    private record ForecastRun(Map<String, ForecastBundle.Entry> entries, int failed, List<Served> served) {
    }

    /** What a product's new model serves for the days after training (daily series only), and its MASE scale. */
    private record Served(String product, String category, LocalDate first, double[] mean, double[] lo80, double[] hi80,
                          Double scale) {
    }

    /** Days of each new forecaster model's forecast kept to score it against what sold (docs/rest-api.md). */
    public static final int SNAPSHOT_DAYS = 28;

    /**
     * Fits one model per product on all cores (series are independent; a shop of 10,000 products would otherwise
     * take one core's hours), each with its category's summed demand as its group ({@link CategoryDemand}), with the
     * plugin's class loader as context loader on every thread. Entries keep the product order; a product whose fit
     * throws is counted and logged, never fatal.
     */
    private ForecastRun fitAll(Forecaster forecaster, List<String> products, String shop, Instant asOf, Config config,
                               StrategyContext context, ProgressListener progress, boolean skipEmpty) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), products.size()));
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        ForecastBundle.Entry[] results = new ForecastBundle.Entry[products.size()];
        Served[] served = new Served[products.size()];
        Thread caller = Thread.currentThread();
        // Each product is fitted with its category's summed demand as its group (top-down seasonality): one read of
        // every categorized series first, summed as it goes, so memory stays one series per thread.
        Map<String, String> categories = data.productCategories(shop);
        CategoryDemand groups = new CategoryDemand();
        if (!categories.isEmpty()) {
            progress.progress(0, "summing category demand");
            for (String product : products) {
                if (caller.isInterrupted()) {
                    throw new IllegalStateException("training was interrupted");
                }
                if (categories.containsKey(product)) {
                    groups.add(categories.get(product), data.demandSeries(shop, product, asOf));
                }
            }
        }
        Runnable worker = () -> {
            Thread.currentThread().setContextClassLoader(loader);
            int i;
            while (!caller.isInterrupted() && (i = next.getAndIncrement()) < products.size()) {
                String product = products.get(i);
                try {
                    TimeSeries series = data.demandSeries(shop, product, asOf);
                    if (skipEmpty && series.length() == 0) {
                        // replaying a past moment: the product had not sold yet
                        progress.progress((double) done.incrementAndGet() / products.size(), "skipping " + product);
                        continue;
                    }
                    ForecastModel model = forecaster.fit(series, groups.of(categories.get(product)), config,
                            context);
                    results[i] = new ForecastBundle.Entry(series.frequency(),
                            series.frequency().plus(series.start(), series.length()), model.serialize(), model);
                    served[i] = served(product, categories.get(product), results[i], series, context);
                } catch (RuntimeException e) {
                    // One bad series must not sink the shop's other forecasts; it is counted and logged.
                    failed.incrementAndGet();
                    context.logger().warn("forecaster failed on product {}: {}", product, e.toString());
                }
                progress.progress((double) done.incrementAndGet() / products.size(), "forecasting " + product);
            }
        };
        List<Thread> helpers = new java.util.ArrayList<>();
        for (int t = 1; t < threads; t++) {
            Thread helper = new Thread(worker, "forecast-fit-" + t);
            helper.setDaemon(true);
            helper.start();
            helpers.add(helper);
        }
        worker.run();
        for (Thread helper : helpers) {
            try {
                helper.join();
            } catch (InterruptedException e) {
                caller.interrupt();
                throw new IllegalStateException("training was interrupted", e);
            }
        }
        if (caller.isInterrupted()) {
            throw new IllegalStateException("training was interrupted");
        }
        Map<String, ForecastBundle.Entry> entries = new LinkedHashMap<>();
        List<Served> snapshots = new java.util.ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            if (results[i] != null) {
                entries.put(products.get(i), results[i]);
            }
            if (served[i] != null) {
                snapshots.add(served[i]);
            }
        }
        return new ForecastRun(entries, failed.get(), snapshots);
    }

    /**
     * The first {@link #SNAPSHOT_DAYS} days the new model serves for a daily series, with the series' mean absolute
     * seasonal-naive error (lag 7, the MASE scale); null when the series is not daily or the forecast is unusable
     * (the model is still stored: scoring is a report, not a gate).
     */
    private static Served served(String product, String category, ForecastBundle.Entry entry, TimeSeries series,
                                 StrategyContext context) {
        if (entry.frequency() != dev.merchantry.api.forecast.Frequency.DAILY) {
            return null;
        }
        try {
            var forecast = entry.model().forecast(SNAPSHOT_DAYS, new double[] {80});
            var interval = forecast.interval(80).orElse(null);
            double[] mean = forecast.mean();
            if (interval == null || mean.length != SNAPSHOT_DAYS || !finite(mean) || !finite(interval.lower())
                    || !finite(interval.upper())) {
                return null;
            }
            double[] y = series.values();
            double sum = 0;
            int n = 0;
            for (int t = 7; t < y.length; t++) {
                if (Double.isFinite(y[t]) && Double.isFinite(y[t - 7])) {
                    sum += Math.abs(y[t] - y[t - 7]);
                    n++;
                }
            }
            return new Served(product, category, entry.firstForecastDate(), mean, interval.lower(), interval.upper(),
                    n == 0 ? null : sum / n);
        } catch (RuntimeException e) {
            context.logger().warn("forecast of product {} could not be kept for scoring: {}", product, e.toString());
            return null;
        }
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Keeps the first {@link #SNAPSHOT_DAYS} days each new forecaster model serves, per daily product, once the model
     * is stored (on the training node only), e.g. {@code PerformanceRepository::insertForecastSnapshots}.
     */
    public JobService keepForecastsWith(java.util.function.Consumer<List<ForecastSnapshot>> log) {
        this.forecastLog = log;
        return this;
    }

    /**
     * Replays the shop's bound forecaster at a past moment: fits it on the data up to {@code asOf} on the training
     * pool, as a training then would have (products that had not sold by then are left out), and keeps the first
     * {@link #SNAPSHOT_DAYS} days of what it would have served from there as forecast snapshots made at {@code asOf},
     * which the performance report scores against what sold. No model is stored or served, so the snapshots carry
     * minus the epoch day of {@code asOf} as their model version. For a shop whose history arrived at once (the demo
     * shop), whose forecast accuracy would otherwise stay empty for weeks. Completes with the number of products kept.
     */
    public Future<Integer> replayForecasts(String shop, Instant asOf) {
        return boundStrategy(shop, StrategyKind.FORECASTER).compose(found -> trainingPool.call(
                found.strategy().classLoader(), timeout, "replaying the forecasts of shop " + shop + " at " + asOf,
                () -> {
                    LoadedStrategy strategy = found.strategy();
                    StrategyContext context = contexts.create(shop, strategy.descriptor().id());
                    ForecastRun run = fitAll((Forecaster) strategy.strategy(), data.forecastableProducts(shop), shop,
                            asOf, config(found), context, ProgressListener.NONE, true);
                    long version = -Math.floorDiv(asOf.toEpochMilli(), Duration.ofDays(1).toMillis());
                    List<ForecastSnapshot> snapshots = new java.util.ArrayList<>(run.served().size());
                    for (Served f : run.served()) {
                        snapshots.add(new ForecastSnapshot(shop, strategy.descriptor().id(), version, f.product(),
                                f.category(), asOf.toEpochMilli(), f.first().toEpochDay(), f.mean(), f.lo80(),
                                f.hi80(), f.scale()));
                    }
                    forecastLog.accept(snapshots);
                    return snapshots.size();
                }));
    }

    /**
     * What the shop's bound profiler would have learned at a past moment: fits it on the customers' data up to
     * {@code asOf} on the training pool, as a training then would have, and hands the strategy id and the model to
     * {@code use} there (with the plugin's class loader as context loader). The model is neither stored nor served.
     * For replaying the past of a shop whose history arrived at once (the demo shop's churn calibration).
     */
    public <T> Future<T> fitProfilerAsOf(String shop, Instant asOf,
                                         java.util.function.BiFunction<String, Model, T> use) {
        return boundStrategy(shop, StrategyKind.PROFILER).compose(found -> trainingPool.call(
                found.strategy().classLoader(), timeout, "fitting the profiler of shop " + shop + " as of " + asOf,
                () -> {
                    LoadedStrategy strategy = found.strategy();
                    String id = strategy.descriptor().id();
                    Model model = ((Profiler) strategy.strategy()).fit(data.customerData(shop, asOf), config(found),
                            contexts.create(shop, id), ProgressListener.NONE);
                    return use.apply(id, model);
                }));
    }

    private record Bound(Binding binding, LoadedStrategy strategy) {
    }

    /** The shop's enabled binding of a kind and its loaded strategy; 409 without one. */
    private Future<Bound> boundStrategy(String shop, StrategyKind kind) {
        return vertx.executeBlocking(() -> {
            Binding binding = bindings.find(shop, kind).filter(Binding::enabled).orElseThrow(() ->
                    ServiceException.conflict("shop '" + shop + "' has no enabled " + kind.wireName() + " strategy"));
            return new Bound(binding, catalog.require(binding.strategyId()));
        }, false);
    }

    private static Config config(Bound found) {
        return found.strategy().descriptor().configSpec().parse(BindingService.toMap(
                new JsonObject(found.binding().configJson())));
    }

    /** Claims and runs a job; completes when it finished (either way), or at once if another node has it. */
    Future<Void> run(String jobId) {
        if (leases.stopped()) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            OptionalInt attempt = jobs.claim(jobId, node, clock.instant(), leases.leaseUntil(), options.maxAttempts());
            if (attempt.isEmpty()) {
                return null;
            }
            // Held from here on, so the heartbeat renews the lease while the job waits for a training thread.
            JobLeases.Held held = leases.hold(jobId, attempt.getAsInt());
            if (held == null) {
                leases.handBack(jobId, attempt.getAsInt()); // claimed while this node began to stop
                return null;
            }
            Job found = jobs.find(jobId).orElseThrow();
            // Fallback strategies are cheap and must stay fresh: a long training of the bound strategy cannot hold
            // them up, so they run on their own pool. An experiment variant's training is as long as the bound one's.
            boolean bound = !found.configKey().isEmpty() || bindings.find(found.shopId(), found.kind())
                    .map(b -> b.strategyId().equals(found.strategyId())).orElse(true);
            return new Claimed(found, held, bound);
        }).compose(claimed -> {
            if (claimed == null) {
                return Future.succeededFuture();
            }
            Job job = claimed.job();
            JobLeases.Held held = claimed.held();
            LoadedStrategy strategy = catalog.find(job.strategyId()).orElse(null);
            Future<Void> done;
            if (strategy == null) {
                done = finishFailed(job, held, "strategy '" + job.strategyId() + "' is no longer installed");
            } else {
                StrategyInvoker pool = claimed.bound() ? trainingPool : refreshPool;
                done = pool.call(strategy.classLoader(), timeout, "training job " + jobId, () -> train(job, held, strategy))
                        .compose(stored -> {
                            if (stored.isEmpty()) {
                                return Future.<Void>succeededFuture();
                            }
                            StoredModel model = stored.get();
                            telemetry.succeeded(job, held.attempt, held.trained(), model.version(),
                                    metricsOf(model));
                            vertx.eventBus().publish(Addresses.MODEL_TRAINED, trainedNotice(model, jobId).body());
                            return Future.<Void>succeededFuture();
                        }, failure -> finishFailed(job, held, describe(failure)));
            }
            return done.eventually(() -> {
                leases.drop(held);
                return startNext(job);
            });
        });
    }

    /** The {@code merchantry.model.trained} notice of a model that became the active one. */
    private static Notices.Notice trainedNotice(StoredModel model, String jobId) {
        JsonObject trained = new JsonObject()
                .put("shop", model.shopId()).put("kind", model.kind().wireName())
                .put("strategy", model.strategyId()).put("version", model.version())
                .put("job_id", jobId).put("metrics", new JsonObject(model.metricsJson()));
        if (!model.configKey().isEmpty()) {
            trained.put("config_key", model.configKey());
        }
        return new Notices.Notice(Addresses.MODEL_TRAINED, model.shopId(), trained);
    }

    /** Jobs of one strategy run one after another: when one ends, its node starts the next waiting one. */
    private Future<Void> startNext(Job ended) {
        if (leases.stopped()) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> jobs.nextQueued(ended.shopId(), ended.kind(), ended.strategyId()), false)
                .onSuccess(next -> next.ifPresent(id -> run(id).onFailure(e ->
                        LOG.error("training job {} could not run", id, e))))
                .mapEmpty();
    }

    private Future<Void> finishFailed(Job job, JobLeases.Held held, String error) {
        if (held.lost()) {
            telemetry.abandoned(job, held.attempt, held.trained(), lostReason(held));
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            if (jobs.finish(job.id(), held.attempt, JobState.FAILED, null, error, clock.instant())) {
                telemetry.failed(job, held.attempt, held.trained(), error);
            } else {
                telemetry.abandoned(job, held.attempt, held.trained(), lostReason(held));
            }
            return null;
        });
    }

    /**
     * Why a run ended without its result: as marked when the lease was lost or handed back; a write refused before
     * that mark was made (the node is stopping and handed the job back first, or another node took it over).
     */
    private String lostReason(JobLeases.Held held) {
        return held.lostReason() != null ? held.lostReason() : leases.stopped() ? "node_stopping" : "lease_lost";
    }

    /** The metrics stored with a model, in their stored order; empty if they cannot be read. */
    private static Map<String, Double> metricsOf(StoredModel model) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (model.metricsJson() != null) {
            new JsonObject(model.metricsJson()).forEach(e -> {
                if (e.getValue() instanceof Number n) {
                    metrics.put(e.getKey(), n.doubleValue());
                }
            });
        }
        return metrics;
    }

    /**
     * Runs on a training thread with the plugin's class loader as context loader. Empty when the lease was lost
     * before the model could be stored (nothing was written).
     */
    private Optional<StoredModel> train(Job job, JobLeases.Held held, LoadedStrategy strategy) {
        held.worker(Thread.currentThread());
        telemetry.started(job, held.attempt);
        try {
            return fitAndStore(job, held, strategy);
        } finally {
            held.worker(null);
        }
    }

    private Optional<StoredModel> fitAndStore(Job job, JobLeases.Held held, LoadedStrategy strategy) {
        Config config;
        if (!job.configKey().isEmpty()) {
            // An experiment variant's line: its own config, whatever the binding says now.
            config = strategy.descriptor().configSpec().parse(BindingService.toMap(new JsonObject(job.configJson())));
        } else {
            Binding binding = bindings.find(job.shopId(), job.kind()).orElseThrow(() ->
                    new IllegalStateException("the binding was deleted before training started"));
            config = strategy.descriptor().configSpec().parse(
                    BindingService.toMap(new JsonObject(binding.strategyId().equals(strategy.descriptor().id())
                            ? binding.configJson() : "{}")));
        }
        StrategyContext context = contexts.create(job.shopId(), strategy.descriptor().id());
        ProgressListener progress = new JobProgress(job.id(), held);
        Instant asOf = clock.instant();
        int formatVersion;
        byte[] bytes;
        List<Served> forecastsServed = List.of();
        Map<String, Double> metrics = new LinkedHashMap<>();
        switch (job.kind()) {
            case RECOMMENDER -> {
                progress.progress(0, "reading interactions");
                var trainingData = data.recommenderData(job.shopId(), asOf);
                Model model = ((Recommender) strategy.strategy()).fit(trainingData, config, context, progress);
                SerializedModel serialized = model.serialize();
                formatVersion = serialized.formatVersion();
                bytes = serialized.bytes();
                // What the model learned from, in the console's summary ("… of 900 customers with 300 products").
                metrics.put("interactions", (double) trainingData.interactions().size());
                metrics.put("customers", (double) trainingData.interactions().userCount());
                metrics.put("products", (double) trainingData.interactions().itemCount());
                metrics.putAll(model.metrics());
            }
            case PROFILER -> {
                progress.progress(0, "reading customers");
                var customers = data.customerData(job.shopId(), asOf);
                Model model = ((Profiler) strategy.strategy()).fit(customers, config, context, progress);
                SerializedModel serialized = model.serialize();
                formatVersion = serialized.formatVersion();
                bytes = serialized.bytes();
                metrics.put("customers", (double) customers.customerCount());
                metrics.putAll(model.metrics());
            }
            case FORECASTER -> {
                Forecaster forecaster = (Forecaster) strategy.strategy();
                List<String> products = data.forecastableProducts(job.shopId());
                ForecastRun run = fitAll(forecaster, products, job.shopId(), asOf, config, context, progress, false);
                forecastsServed = run.served();
                Map<String, ForecastBundle.Entry> entries = run.entries();
                int failed = run.failed();
                formatVersion = ForecastBundle.FORMAT_VERSION;
                bytes = new ForecastBundle(entries).toBytes();
                metrics.put("series", (double) entries.size());
                metrics.put("failed_series", (double) failed);
            }
            default -> throw new IllegalStateException("kind " + job.kind() + " has no batch training");
        }
        if (held.lost()) {
            telemetry.abandoned(job, held.attempt, held.trained(), lostReason(held));
            return Optional.empty();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("training was interrupted (timeout or shutdown); the model was not stored");
        }
        String metricsJson = new JsonObject(new LinkedHashMap<>(metrics)).encode();
        Instant finished = clock.instant();
        Optional<StoredModel> stored = Notices.withChange(
                made -> made.map(m -> List.of(trainedNotice(m, job.id()))).orElse(List.of()),
                () -> jobs.succeed(job.id(), held.attempt, strategy.descriptor().id(), formatVersion, bytes,
                        metricsJson, finished));
        if (stored.isPresent() && !forecastsServed.isEmpty()) {
            StoredModel model = stored.get();
            List<ForecastSnapshot> snapshots = new java.util.ArrayList<>(forecastsServed.size());
            for (Served f : forecastsServed) {
                snapshots.add(new ForecastSnapshot(job.shopId(), model.strategyId(), model.version(), f.product(),
                        f.category(), finished.toEpochMilli(), f.first().toEpochDay(), f.mean(), f.lo80(),
                        f.hi80(), f.scale()));
            }
            try {
                forecastLog.accept(snapshots);
            } catch (RuntimeException e) {
                LOG.warn("the forecasts of job {} could not be kept for scoring: {}", job.id(), e.toString());
            }
        }
        if (stored.isEmpty()) {
            // Another node took the job over while this one trained: its result is refused (fenced) and dropped.
            telemetry.abandoned(job, held.attempt, held.trained(), lostReason(held));
        }
        return stored;
    }

    private static String describe(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        return t instanceof ServiceException || t instanceof dev.merchantry.api.config.ConfigException
                || t instanceof dev.merchantry.api.StrategyException
                ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    public static JsonObject toJson(Job job) {
        JsonObject out = new JsonObject()
                .put("job_id", job.id())
                .put("shop", job.shopId())
                .put("kind", job.kind().wireName())
                .put("strategy", job.strategyId())
                .put("state", job.state().name().toLowerCase(Locale.ROOT))
                .put("progress", job.progress())
                .put("message", job.message())
                .put("metrics", job.metricsJson() == null ? null : new JsonObject(job.metricsJson()))
                .put("error", job.error())
                .put("created_at", str(job.createdAt()))
                .put("started_at", str(job.startedAt()))
                .put("finished_at", str(job.finishedAt()))
                .put("node", job.node())
                .put("attempts", job.attempts())
                .put("lease_until", job.state() == JobState.RUNNING ? str(job.leaseUntil()) : null);
        if (!job.configKey().isEmpty()) {
            out.put("config_key", job.configKey());
        }
        return out;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Writes progress to the job row at most twice a second, so a chatty plugin cannot flood the database. */
    private final class JobProgress implements ProgressListener {
        private final String jobId;
        private final JobLeases.Held held;
        private long lastWrite;

        JobProgress(String jobId, JobLeases.Held held) {
            this.jobId = jobId;
            this.held = held;
        }

        @Override
        public synchronized void progress(double fraction, String message) {
            long now = System.nanoTime();
            if (now - lastWrite < 500_000_000L && fraction < 1) {
                return;
            }
            lastWrite = now;
            double clamped = Double.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
            jobs.progress(jobId, held.attempt, clamped, message);
        }

        @Override
        public boolean cancelled() {
            return held.lost() || Thread.currentThread().isInterrupted();
        }
    }
}
