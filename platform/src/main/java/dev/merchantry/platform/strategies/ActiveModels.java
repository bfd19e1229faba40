package dev.merchantry.platform.strategies;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.profile.Profiler;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.platform.bus.Addresses;
import dev.merchantry.platform.http.ApiException;
import dev.merchantry.platform.plugins.LoadedStrategy;
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
    private final AtomicLong generation = new AtomicLong();

    public ActiveModels(Vertx vertx, ModelRepository repository, StrategyCatalog catalog, StrategyInvoker invoker) {
        this.vertx = vertx;
        this.repository = repository;
        this.catalog = catalog;
        this.invoker = invoker;
        vertx.eventBus().<JsonObject>consumer(Addresses.MODEL_TRAINED, msg ->
                invalidate(msg.body().getString("shop"), msg.body().getString("kind")));
    }

    /**
     * The active model for a binding; fails with 409 when the bound strategy has no trained model yet (including
     * after the binding switched to another strategy).
     */
    public Future<Active> require(Binding binding) {
        return find(binding.shopId(), binding.kind()).map(found -> {
            if (found.isEmpty() || !found.get().strategyId().equals(binding.strategyId())) {
                throw ApiException.conflict("no trained " + binding.kind().wireName() + " model of '"
                        + binding.strategyId() + "' for shop '" + binding.shopId() + "' yet; POST /api/v1/shops/"
                        + binding.shopId() + "/strategies/" + binding.kind().wireName() + "/train");
            }
            return found.get();
        });
    }

    public Future<Optional<Active>> find(String shop, StrategyKind kind) {
        String key = key(shop, kind.wireName());
        Optional<Active> cached = cache.get(key);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        long gen = generation.get();
        return vertx.executeBlocking(() -> repository.active(shop, kind)).compose(stored -> {
            if (stored.isEmpty()) {
                return Future.succeededFuture(Optional.<Active>empty());
            }
            Optional<LoadedStrategy> strategy = catalog.find(stored.get().strategyId());
            if (strategy.isEmpty()) {
                // The plugin that trained it is gone: nothing can serve this model until it returns.
                return Future.succeededFuture(Optional.<Active>empty());
            }
            return load(strategy.get(), stored.get()).map(Optional::of);
        }).andThen(ar -> {
            if (ar.succeeded() && generation.get() == gen) {
                cache.put(key, ar.result());
            }
        });
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

    public void invalidate(String shop, String kindWireName) {
        generation.incrementAndGet();
        cache.remove(key(shop, kindWireName));
    }

    /** Drops every model of a plugin's strategies; called before the plugin stops or unloads. */
    public void dropPlugin(String pluginId) {
        generation.incrementAndGet();
        cache.entrySet().removeIf(e -> e.getValue().map(a -> a.pluginId().equals(pluginId)).orElse(false));
    }

    private static String key(String shop, String kind) {
        return shop + '\u0000' + kind;
    }
}
