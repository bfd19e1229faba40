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
import dev.merchantry.platform.bus.Addresses;
import dev.merchantry.platform.http.ApiException;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.storage.Binding;
import dev.merchantry.platform.storage.BindingRepository;
import dev.merchantry.platform.storage.Job;
import dev.merchantry.platform.storage.JobRepository;
import dev.merchantry.platform.storage.JobState;
import dev.merchantry.platform.storage.ModelRepository;
import dev.merchantry.platform.storage.StoredModel;
import dev.merchantry.platform.strategies.BindingService;
import dev.merchantry.platform.strategies.ForecastBundle;
import dev.merchantry.platform.strategies.ShopDataSource;
import dev.merchantry.platform.strategies.StrategyCatalog;
import dev.merchantry.platform.strategies.StrategyContexts;
import dev.merchantry.platform.strategies.StrategyInvoker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Training jobs: a job is stored QUEUED, announced point-to-point on {@link Addresses#TRAIN} so whichever node
 * receives it claims it (atomically, in the database) and runs it on the training pool, reporting progress to the
 * job row. On success the model is stored and made active in one transaction, then {@link Addresses#MODEL_TRAINED}
 * tells every node to swap it in.
 */
public final class JobService {

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    private final Vertx vertx;
    private final String node;
    private final JobRepository jobs;
    private final BindingRepository bindings;
    private final ModelRepository models;
    private final StrategyCatalog catalog;
    private final ShopDataSource data;
    private final StrategyInvoker trainingPool;
    private final StrategyInvoker refreshPool;
    private final StrategyContexts contexts;
    private final Clock clock;
    private final Duration timeout;

    public JobService(Vertx vertx, String node, JobRepository jobs, BindingRepository bindings, ModelRepository models,
                      StrategyCatalog catalog, ShopDataSource data, StrategyInvoker trainingPool,
                      StrategyInvoker refreshPool, StrategyContexts contexts, Clock clock, Duration timeout) {
        this.refreshPool = refreshPool;
        this.vertx = vertx;
        this.node = node;
        this.jobs = jobs;
        this.bindings = bindings;
        this.models = models;
        this.catalog = catalog;
        this.data = data;
        this.trainingPool = trainingPool;
        this.contexts = contexts;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Registers this node as a training worker, fails jobs a previous run of this node left RUNNING, and re-announces
     * jobs still QUEUED.
     */
    public Future<Integer> start() {
        vertx.eventBus().<JsonObject>consumer(Addresses.TRAIN, msg -> {
            String jobId = msg.body().getString("job_id");
            run(jobId).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.error("training job {} could not run", jobId, ar.cause());
                }
            });
            msg.reply(new JsonObject().put("job_id", jobId).put("node", node));
        });
        return vertx.executeBlocking(() -> {
            int interrupted = jobs.failInterrupted(node);
            // A job queued on a node that died before any node claimed it would wait forever: announce it again.
            // Claiming is atomic, so a job announced twice still runs once.
            for (String jobId : jobs.queued(1000)) {
                vertx.eventBus().send(Addresses.TRAIN, new JsonObject().put("job_id", jobId));
            }
            return interrupted;
        });
    }

    /** Queues training of a shop's bound strategy of a kind; 409 if there is no enabled binding. */
    public Future<Job> submit(String shop, StrategyKind kind, String actor) {
        if (kind == StrategyKind.PRICING) {
            throw ApiException.conflict("pricing agents learn online from outcomes; there is no batch training");
        }
        return vertx.executeBlocking(() -> {
            Binding binding = bindings.find(shop, kind).orElseThrow(() -> ApiException.conflict(
                    "shop '" + shop + "' has no " + kind.wireName() + " strategy; PUT /api/v1/shops/" + shop
                            + "/strategies/" + kind.wireName() + " first"));
            if (!binding.enabled()) {
                throw ApiException.conflict("the " + kind.wireName() + " strategy of shop '" + shop + "' is disabled");
            }
            catalog.require(binding.strategyId());
            Job job = new Job(UUID.randomUUID().toString(), shop, kind, binding.strategyId(), JobState.QUEUED, 0,
                    "queued by " + actor, null, null, clock.instant(), null, null, null);
            jobs.insert(job);
            return job;
        }).andThen(ar -> {
            if (ar.succeeded()) {
                vertx.eventBus().send(Addresses.TRAIN, new JsonObject().put("job_id", ar.result().id()));
            }
        });
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
            Job job = new Job(UUID.randomUUID().toString(), shop, kind, strategyId, JobState.QUEUED, 0,
                    "queued by " + actor, null, null, clock.instant(), null, null, null);
            jobs.insert(job);
            return Optional.of(job);
        }, false).andThen(ar -> {
            if (ar.succeeded() && ar.result().isPresent()) {
                vertx.eventBus().send(Addresses.TRAIN, new JsonObject().put("job_id", ar.result().get().id()));
            }
        });
    }

    public Future<Job> find(String jobId) {
        return vertx.executeBlocking(() -> jobs.find(jobId))
                .map(found -> found.orElseThrow(() -> ApiException.notFound("unknown job '" + jobId + "'")));
    }

    public Future<List<Job>> list(String shop, int limit) {
        return vertx.executeBlocking(() -> jobs.list(shop, limit));
    }

    private record Claimed(Job job, boolean bound) {
    }

    private record ForecastRun(Map<String, ForecastBundle.Entry> entries, int failed) {
    }

    /**
     * Fits one model per product on all cores (series are independent; a shop of 10,000 products would otherwise
     * take one core's hours), with the plugin's class loader as context loader on every thread. Entries keep the
     * product order; a product whose fit throws is counted and logged, never fatal.
     */
    private ForecastRun fitAll(Forecaster forecaster, List<String> products, String shop, Instant asOf, Config config,
                               StrategyContext context, ProgressListener progress) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), products.size()));
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        ForecastBundle.Entry[] results = new ForecastBundle.Entry[products.size()];
        Thread caller = Thread.currentThread();
        Runnable worker = () -> {
            Thread.currentThread().setContextClassLoader(loader);
            int i;
            while (!caller.isInterrupted() && (i = next.getAndIncrement()) < products.size()) {
                String product = products.get(i);
                try {
                    TimeSeries series = data.demandSeries(shop, product, asOf);
                    ForecastModel model = forecaster.fit(series, config, context);
                    results[i] = new ForecastBundle.Entry(series.frequency(),
                            series.frequency().plus(series.start(), series.length()), model.serialize(), model);
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
        for (int i = 0; i < results.length; i++) {
            if (results[i] != null) {
                entries.put(products.get(i), results[i]);
            }
        }
        return new ForecastRun(entries, failed.get());
    }

    /** Claims and runs a job; completes when it finished (either way). */
    Future<Void> run(String jobId) {
        return vertx.executeBlocking(() -> {
            boolean claimed = jobs.claim(jobId, node, clock.instant());
            Job found = claimed ? jobs.find(jobId).orElse(null) : null;
            // Fallback strategies are cheap and must stay fresh: a long training of the bound strategy cannot hold
            // them up, so they run on their own pool.
            boolean bound = found == null || bindings.find(found.shopId(), found.kind())
                    .map(b -> b.strategyId().equals(found.strategyId())).orElse(true);
            return found == null ? null : new Claimed(found, bound);
        }).compose(claimed -> {
            if (claimed == null) {
                return Future.succeededFuture();
            }
            Job job = claimed.job();
            LoadedStrategy strategy = catalog.find(job.strategyId()).orElse(null);
            if (strategy == null) {
                return finishFailed(job, "strategy '" + job.strategyId() + "' is no longer installed");
            }
            StrategyInvoker pool = claimed.bound() ? trainingPool : refreshPool;
            return pool.call(strategy.classLoader(), timeout, "training job " + jobId, () -> train(job, strategy))
                    .compose(stored -> {
                        vertx.eventBus().publish(Addresses.MODEL_TRAINED, new JsonObject()
                                .put("shop", stored.shopId()).put("kind", stored.kind().wireName())
                                .put("strategy", stored.strategyId()).put("version", stored.version())
                                .put("job_id", jobId).put("metrics", new JsonObject(stored.metricsJson())));
                        return Future.<Void>succeededFuture();
                    }, failure -> finishFailed(job, describe(failure)));
        });
    }

    private Future<Void> finishFailed(Job job, String error) {
        LOG.warn("training job {} of shop {} failed: {}", job.id(), job.shopId(), error);
        return vertx.executeBlocking(() -> {
            jobs.finish(job.id(), JobState.FAILED, null, error, clock.instant());
            return null;
        });
    }

    /** Runs on a training thread with the plugin's class loader as context loader. */
    private StoredModel train(Job job, LoadedStrategy strategy) {
        Binding binding = bindings.find(job.shopId(), job.kind()).orElseThrow(() ->
                new IllegalStateException("the binding was deleted before training started"));
        Config config = strategy.descriptor().configSpec().parse(
                BindingService.toMap(new JsonObject(binding.strategyId().equals(strategy.descriptor().id())
                        ? binding.configJson() : "{}")));
        StrategyContext context = contexts.create(job.shopId(), strategy.descriptor().id());
        ProgressListener progress = new JobProgress(job.id());
        Instant asOf = clock.instant();
        int formatVersion;
        byte[] bytes;
        Map<String, Double> metrics = new LinkedHashMap<>();
        switch (job.kind()) {
            case RECOMMENDER -> {
                progress.progress(0, "reading interactions");
                var trainingData = data.recommenderData(job.shopId(), asOf);
                Model model = ((Recommender) strategy.strategy()).fit(trainingData, config, context, progress);
                SerializedModel serialized = model.serialize();
                formatVersion = serialized.formatVersion();
                bytes = serialized.bytes();
                metrics.put("interactions", (double) trainingData.interactions().size());
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
                ForecastRun run = fitAll(forecaster, products, job.shopId(), asOf, config, context, progress);
                Map<String, ForecastBundle.Entry> entries = run.entries();
                int failed = run.failed();
                formatVersion = ForecastBundle.FORMAT_VERSION;
                bytes = new ForecastBundle(entries).toBytes();
                metrics.put("series", (double) entries.size());
                metrics.put("failed_series", (double) failed);
            }
            default -> throw new IllegalStateException("kind " + job.kind() + " has no batch training");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("training was interrupted (timeout or shutdown); the model was not stored");
        }
        String metricsJson = new JsonObject(new LinkedHashMap<>(metrics)).encode();
        StoredModel stored = models.saveActive(job.shopId(), job.kind(), strategy.descriptor().id(), formatVersion,
                bytes, metricsJson, job.id());
        jobs.finish(job.id(), JobState.SUCCEEDED, metricsJson, null, clock.instant());
        return stored;
    }

    private static String describe(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        return t instanceof ApiException || t instanceof dev.merchantry.api.config.ConfigException
                || t instanceof dev.merchantry.api.StrategyException
                ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    public static JsonObject toJson(Job job) {
        return new JsonObject()
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
                .put("node", job.node());
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Writes progress to the job row at most twice a second, so a chatty plugin cannot flood the database. */
    private final class JobProgress implements ProgressListener {
        private final String jobId;
        private long lastWrite;

        JobProgress(String jobId) {
            this.jobId = jobId;
        }

        @Override
        public synchronized void progress(double fraction, String message) {
            long now = System.nanoTime();
            if (now - lastWrite < 500_000_000L && fraction < 1) {
                return;
            }
            lastWrite = now;
            double clamped = Double.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
            jobs.progress(jobId, clamped, message);
        }

        @Override
        public boolean cancelled() {
            return Thread.currentThread().isInterrupted();
        }
    }
}
