package dev.merchantry.platform.strategies;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.profile.Profiler;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Binding;
import dev.merchantry.platform.storage.ModelRepository;
import dev.merchantry.platform.storage.StoredModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model each shop is served from, per kind: loaded once from storage through the plugin's {@code load}, kept in
 * memory, and swapped atomically when {@link Addresses#MODEL_TRAINED} announces a newer version (on any node).
 * Entries referencing a plugin are dropped before that plugin unloads, so no cache pins its class loader.
 */
public final class ActiveModels {

    /** A live model with what it came from. {@code model} is a plugin model or a {@link ForecastBundle}. */
    public record Active(String strategyId, String pluginId, long version, Instant trainedAt, Object model) {
    }

    private final Vertx vertx;
    private final ModelRepository repository;
    private final StrategyCatalog catalog;
    private final StrategyInvoker invoker;
    private final ConcurrentMap<String, Optional<Active>> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, FailedLoad> failedLoads = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** How long a model that failed to load is reported failed before loading is tried again. */
    public static final Duration FAILED_LOAD_RETRY = Duration.ofSeconds(30);

    private record FailedLoad(ServiceException failure, long atNanos) {
    }

    public ActiveModels(Vertx vertx, ModelRepository repository, StrategyCatalog catalog, StrategyInvoker invoker) {
        this.vertx = vertx;
        this.repository = repository;
        this.catalog = catalog;
        this.invoker = invoker;
        vertx.eventBus().<JsonObject>consumer(Addresses.MODEL_TRAINED, msg ->
                invalidate(msg.body().getString("shop"), msg.body().getString("kind")));
    }

    /**
     * The model serving a binding: the newest one its strategy trained for the shop. Fails with 409 when the bound
     * strategy has no trained model yet (including right after the binding switched to another strategy).
     */
    public Future<Active> require(Binding binding) {
        return find(binding.shopId(), binding.kind(), binding.strategyId()).map(found -> found.orElseThrow(() ->
                ServiceException.conflict("no trained " + binding.kind().wireName() + " model of '"
                        + binding.strategyId() + "' for shop '" + binding.shopId() + "' yet; POST /api/v1/shops/"
                        + binding.shopId() + "/strategies/" + binding.kind().wireName() + "/train")));
    }

    /**
     * The kind's most recently trained model for the shop, whichever strategy trained it (for kinds with no fallback
     * chain, e.g. profiles materialized after training); empty if none or its plugin is gone.
     */
    public Future<Optional<Active>> find(String shop, StrategyKind kind) {
        return find(shop, kind, null);
    }

    /**
     * The newest model of {@code strategyId} for the shop; empty if it never trained or its plugin is gone. Fails
     * with a 503 naming the strategy when its plugin cannot load the stored model; that failure is remembered for
     * {@link #FAILED_LOAD_RETRY}, so a plugin whose {@code load} throws or hangs is not asked again on every request.
     */
    public Future<Optional<Active>> find(String shop, StrategyKind kind, String strategyId) {
        return find(shop, kind, strategyId, "");
    }

    /**
     * The newest model of a strategy's line {@code configKey} ({@code ""}: the shop's own, {@code cfg-…}: an
     * experiment variant's config, {@link ConfigFingerprint}), as {@link #find(String, StrategyKind, String)}.
     */
    public Future<Optional<Active>> find(String shop, StrategyKind kind, String strategyId, String configKey) {
        String key = key(shop, kind.wireName(),
                strategyId == null ? "\u0001latest" : strategyId + '\u0000' + configKey);
        Optional<Active> cached = cache.get(key);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        FailedLoad failed = failedLoads.get(key);
        if (failed != null && System.nanoTime() - failed.atNanos() < FAILED_LOAD_RETRY.toNanos()) {
            return Future.failedFuture(failed.failure());
        }
        long gen = generation.get();
        return vertx.executeBlocking(() -> strategyId == null ? repository.active(shop, kind)
                : repository.latest(shop, kind, strategyId, configKey)).compose(stored -> {
            if (stored.isEmpty()) {
                return Future.succeededFuture(Optional.<Active>empty());
            }
            Optional<LoadedStrategy> strategy = catalog.find(stored.get().strategyId());
            if (strategy.isEmpty()) {
                // The plugin that trained it is gone: nothing can serve this model until it returns.
                return Future.succeededFuture(Optional.<Active>empty());
            }
            return load(strategy.get(), stored.get()).map(Optional::of).recover(e -> {
                ServiceException problem = loadFailure(stored.get(), e);
                if (generation.get() == gen) {
                    failedLoads.put(key, new FailedLoad(problem, System.nanoTime()));
                }
                return Future.failedFuture(problem);
            });
        }).andThen(ar -> {
            if (ar.succeeded() && generation.get() == gen) {
                cache.put(key, ar.result());
            }
        });
    }

    /**
     * Loads a stored model with the strategy now installed and throws it away: succeeds when that strategy can still
     * read it (after a plugin upgrade, whether the model format changed), fails with the reason otherwise.
     */
    public Future<Void> probe(StoredModel stored) {
        Optional<LoadedStrategy> strategy = catalog.find(stored.strategyId());
        if (strategy.isEmpty()) {
            return Future.failedFuture(ServiceException.unavailable("strategy '" + stored.strategyId() + "' is not loaded"));
        }
        return load(strategy.get(), stored).<Void>mapEmpty().recover(e -> Future.failedFuture(loadFailure(stored, e)));
    }

    private static ServiceException loadFailure(StoredModel stored, Throwable e) {
        if (e instanceof ServiceException known) {
            return known;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return ServiceException.unavailable("the " + stored.kind().wireName() + " model of '" + stored.strategyId()
                + "' for shop '" + stored.shopId() + "' could not be loaded: " + message);
    }

    private Future<Active> load(LoadedStrategy strategy, StoredModel stored) {
        return invoker.call(strategy.classLoader(), Duration.ofMinutes(2), "loading model of " + stored.strategyId(), () -> {
            Object model;
            SerializedModel serialized = new SerializedModel(stored.strategyId(), stored.formatVersion(), stored.bytes());
            switch (stored.kind()) {
                case RECOMMENDER -> model = ((Recommender) strategy.strategy()).load(serialized);
                case PROFILER -> model = ((Profiler) strategy.strategy()).load(serialized);
                case FORECASTER -> {
                    Forecaster forecaster = (Forecaster) strategy.strategy();
                    model = ForecastBundle.fromBytes(stored.bytes(), forecaster::load);
                }
                default -> throw new IllegalStateException("kind " + stored.kind() + " has no shop-level model");
            }
            return new Active(stored.strategyId(), strategy.pluginId(), stored.version(), stored.createdAt(), model);
        });
    }

    /** Forgets the cached models of a shop's kind (all strategies), so the next query reads the newest. */
    public void invalidate(String shop, String kindWireName) {
        generation.incrementAndGet();
        String prefix = shop + '\u0000' + kindWireName + '\u0000';
        cache.keySet().removeIf(k -> k.startsWith(prefix));
        failedLoads.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /** Drops every model of a plugin's strategies; called before the plugin stops or unloads. */
    public void dropPlugin(String pluginId) {
        generation.incrementAndGet();
        cache.entrySet().removeIf(e -> e.getValue().map(a -> a.pluginId().equals(pluginId)).orElse(false));
        failedLoads.clear();
    }

    /**
     * Forgets what was cached while these strategies were missing ("no model" for a model whose plugin was stopped,
     * failed loads), so models stored before a plugin stopped serve again as soon as it is back, without a retrain.
     */
    public void strategiesAdded() {
        generation.incrementAndGet();
        cache.values().removeIf(Optional::isEmpty);
        failedLoads.clear();
    }

    private static String key(String shop, String kind, String strategyId) {
        return shop + '\u0000' + kind + '\u0000' + strategyId;
    }
}
