package dev.merchantry.platform.jobs;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.serving.ServingSettings;
import dev.merchantry.platform.serving.ServingSettingsService;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.storage.Binding;
import dev.merchantry.platform.storage.BindingRepository;
import dev.merchantry.platform.storage.ExperimentRecord;
import dev.merchantry.platform.storage.ExperimentRepository;
import dev.merchantry.platform.storage.JobRepository;
import dev.merchantry.platform.storage.JobState;
import dev.merchantry.platform.storage.ModelRepository;
import dev.merchantry.platform.strategies.ConfigFingerprint;
import dev.merchantry.platform.strategies.StrategyCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps models fresh without anyone pressing "train":
 * <ul>
 *   <li>after new events, the shop's fallback recommenders (popularity, co-occurrence) retrain within
 *       {@code live_refresh_seconds} — debounced per shop on the node that stored the events, so a burst of batches
 *       costs one retrain;</li>
 *   <li>after the bound recommender trains, its fallbacks train too, so a new shop's chain works at once;</li>
 *   <li>every minute, one node of the cluster (holding a cluster-wide lock) queues a retrain of each bound
 *       recommender, forecaster and profiler whose newest model is older than {@code retrain_every_hours}, and of
 *       each variant of a running recommender experiment whose own model ({@link ConfigFingerprint}) is that old —
 *       or missing, unless its last training failed within the hour (the experiment's start queued the first).</li>
 * </ul>
 * Jobs go through {@link JobService#refresh} and {@link JobService#trainVariant}, which skip a model line that
 * already has a job queued or running.
 */
public final class RefreshScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshScheduler.class);
    static final String LOCK = "merchantry.refresh-scheduler";
    static final long TICK_MS = 60_000;
    private static final List<StrategyKind> SCHEDULED = List.of(StrategyKind.RECOMMENDER, StrategyKind.FORECASTER,
            StrategyKind.PROFILER);

    private final Vertx vertx;
    private final JobService jobs;
    private final BindingRepository bindings;
    private final ModelRepository models;
    private final ExperimentRepository experiments;
    private final JobRepository jobRows;
    private final ServingSettingsService settings;
    private final StrategyCatalog catalog;
    private final Clock clock;
    /** Shops with a refresh timer pending on this node → when the last refresh was queued. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastRefresh = new ConcurrentHashMap<>();
    private long tickTimer = -1;

    public RefreshScheduler(Vertx vertx, JobService jobs, BindingRepository bindings, ModelRepository models,
                            ServingSettingsService settings, StrategyCatalog catalog, Clock clock) {
        this(vertx, jobs, bindings, models, null, null, settings, catalog, clock);
    }

    /** With {@code experiments} and {@code jobRows}: also keeps the models of running experiments' variants fresh. */
    public RefreshScheduler(Vertx vertx, JobService jobs, BindingRepository bindings, ModelRepository models,
                            ExperimentRepository experiments, JobRepository jobRows, ServingSettingsService settings,
                            StrategyCatalog catalog, Clock clock) {
        this.vertx = vertx;
        this.jobs = jobs;
        this.bindings = bindings;
        this.models = models;
        this.experiments = experiments;
        this.jobRows = jobRows;
        this.settings = settings;
        this.catalog = catalog;
        this.clock = clock;
    }

    public void start() {
        // Local consumers: only the node that stored the events (or trained the model) reacts, not every node.
        vertx.eventBus().<JsonObject>localConsumer(Addresses.EVENTS_INGESTED, msg -> {
            if (msg.body().getValue("shop") instanceof String shop && msg.body().getInteger("accepted", 0) > 0) {
                eventsArrived(shop);
            }
        });
        vertx.eventBus().<JsonObject>localConsumer(Addresses.MODEL_TRAINED, msg -> {
            JsonObject m = msg.body();
            // A variant's model (config_key) serves only its experiment: the shop's chain needs nothing new.
            if (StrategyKind.RECOMMENDER.wireName().equals(m.getString("kind")) && !m.containsKey("config_key")) {
                boundRecommenderTrained(m.getString("shop"), m.getString("strategy"));
            }
        });
        tickTimer = vertx.setPeriodic(TICK_MS, id -> tick());
    }

    public void stop() {
        if (tickTimer >= 0) {
            vertx.cancelTimer(tickTimer);
        }
    }

    private void eventsArrived(String shop) {
        if (!pending.add(shop)) {
            return; // a refresh is already scheduled and will see these events too
        }
        settings.find(shop).onComplete(ar -> {
            int seconds = ar.succeeded() ? ar.result().liveRefreshSeconds() : ServingSettings.DEFAULTS.liveRefreshSeconds();
            if (seconds == 0) {
                pending.remove(shop);
                return;
            }
            long now = clock.millis();
            long due = Math.max(now + 1_000, lastRefresh.getOrDefault(shop, 0L) + seconds * 1_000L);
            vertx.setTimer(due - now, t -> {
                pending.remove(shop);
                lastRefresh.put(shop, clock.millis());
                refreshFallbacks(shop, ar.succeeded() ? ar.result() : ServingSettings.DEFAULTS, "new events");
            });
        });
    }

    private void boundRecommenderTrained(String shop, String strategy) {
        settings.find(shop).onSuccess(s -> {
            if (!s.recommendationFallback().contains(strategy)) {
                refreshFallbacks(shop, s, "training of '" + strategy + "'");
            }
        });
    }

    private void refreshFallbacks(String shop, ServingSettings s, String why) {
        for (String id : s.recommendationFallback()) {
            if (catalog.find(id).map(l -> l.descriptor().kind() == StrategyKind.RECOMMENDER).orElse(false)) {
                jobs.refresh(shop, StrategyKind.RECOMMENDER, id, "refresh after " + why)
                        .onFailure(e -> LOG.warn("could not queue refresh of {} for shop {}: {}", id, shop, e.toString()));
            }
        }
    }

    /** One node per tick (cluster-wide lock, not waited for) queues the retrains that are due. */
    void tick() {
        vertx.sharedData().getLockWithTimeout(LOCK, 10).onSuccess(lock -> vertx.executeBlocking(this::dueRetrains, false)
                .compose(due -> Future.all(due.stream().map(d -> d.variantConfig() == null
                        ? jobs.refresh(d.shop(), d.kind(), d.strategy(), "schedule (model older than " + d.hours()
                                + " h)")
                        : jobs.trainVariant(d.shop(), d.kind(), d.strategy(), d.variantConfig(), "schedule (model of "
                                + "experiment " + d.experiment() + " missing or older than " + d.hours() + " h)"))
                        .toList()))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.warn("scheduled retraining failed: {}", ar.cause().toString());
                    }
                    // Held briefly past the work so another node's tick in the same minute finds it taken.
                    vertx.setTimer(5_000, t -> lock.release());
                }));
    }

    /** A model line to retrain: the shop's own ({@code variantConfig} null) or an experiment variant's. */
    record Due(String shop, StrategyKind kind, String strategy, int hours, String experiment, JsonObject variantConfig) {
        Due(String shop, StrategyKind kind, String strategy, int hours) {
            this(shop, kind, strategy, hours, null, null);
        }
    }

    /** How long a variant whose training failed waits before the schedule tries it again. */
    static final Duration FAILED_VARIANT_BACKOFF = Duration.ofHours(1);

    /** Blocking: bound strategies (and recommender fallbacks) whose newest model is older than the shop's limit. */
    List<Due> dueRetrains() {
        List<Due> due = new ArrayList<>();
        long now = clock.millis();
        for (Binding b : bindings.listAll()) {
            if (!b.enabled() || !SCHEDULED.contains(b.kind())) {
                continue;
            }
            ServingSettings s = settings.get(b.shopId());
            if (s.retrainEveryHours() == 0) {
                continue;
            }
            long maxAge = Duration.ofHours(s.retrainEveryHours()).toMillis();
            List<String> ids = new ArrayList<>(List.of(b.strategyId()));
            if (b.kind() == StrategyKind.RECOMMENDER) {
                s.recommendationFallback().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
            }
            for (String id : ids) {
                // Only strategies that trained once: the first training is the merchant's call (or the chain's).
                Optional<java.time.Instant> latest = models.latestTime(b.shopId(), b.kind(), id);
                if (latest.isPresent() && now - latest.get().toEpochMilli() > maxAge) {
                    due.add(new Due(b.shopId(), b.kind(), id, s.retrainEveryHours()));
                }
            }
        }
        if (experiments != null) {
            dueVariants(due, now);
        }
        return due;
    }

    /** Blocking: the variants of running recommender experiments whose own model is missing or too old. */
    private void dueVariants(List<Due> due, long now) {
        for (ExperimentRecord e : experiments.runningOfKind(StrategyKind.RECOMMENDER.wireName())) {
            ServingSettings s = settings.get(e.shopId());
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Object o : new JsonArray(e.variantsJson())) {
                JsonObject v = (JsonObject) o;
                String strategyId = v.getString("strategy");
                JsonObject config = v.getJsonObject("config", new JsonObject());
                Optional<LoadedStrategy> strategy = catalog.find(strategyId);
                if (strategy.isEmpty()) {
                    continue; // its plugin is gone: nothing can train it until it returns
                }
                String key;
                try {
                    key = ConfigFingerprint.of(strategy.get(), config);
                } catch (RuntimeException invalid) {
                    continue; // the plugin's new version no longer accepts the config: the variant cannot train
                }
                if (!seen.add(strategyId + '\u0000' + key)) {
                    continue;
                }
                Optional<java.time.Instant> latest = models.latestTime(e.shopId(), StrategyKind.RECOMMENDER,
                        strategyId, key);
                boolean stale = latest.isPresent() && s.retrainEveryHours() > 0
                        && now - latest.get().toEpochMilli() > Duration.ofHours(s.retrainEveryHours()).toMillis();
                if (stale || latest.isEmpty() && !failedRecently(e.shopId(), strategyId, key, now)) {
                    due.add(new Due(e.shopId(), StrategyKind.RECOMMENDER, strategyId, s.retrainEveryHours(), e.id(),
                            config));
                }
            }
        }
    }

    /** True when the line's newest job failed less than {@link #FAILED_VARIANT_BACKOFF} ago. */
    private boolean failedRecently(String shop, String strategyId, String key, long now) {
        if (jobRows == null) {
            return false;
        }
        return jobRows.list(shop, 200).stream()
                .filter(j -> j.strategyId().equals(strategyId) && j.configKey().equals(key)).findFirst()
                .map(j -> j.state() == JobState.FAILED && j.finishedAt() != null
                        && now - j.finishedAt().toEpochMilli() < FAILED_VARIANT_BACKOFF.toMillis())
                .orElse(false);
    }
}
