package dev.merchantry.platform.strategies;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.storage.Binding;
import dev.merchantry.platform.storage.BindingRepository;
import dev.merchantry.platform.storage.ModelRepository;
import dev.merchantry.platform.storage.StoredModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exports how good each shop's active model is: the headline training metric of the newest model of the strategy the
 * shop is bound to, per kind, as the gauge {@value #NAME}{@code {shop,kind,strategy,metric}} — at most one series per
 * shop and kind, replaced when a newer model of the bound strategy is trained or the binding changes (on every node:
 * it follows {@link Addresses#MODEL_TRAINED} and {@link Addresses#BINDING_CHANGED}), and read from storage at start.
 *
 * <p>The headline is the first metric of {@link #HEADLINES} the model's training results carry: held-out measures
 * (which a strategy may report) before training fit. Models that report none of them (most do not: see
 * docs/operations.md) export nothing rather than a number that does not measure quality.
 */
public final class ModelQuality {

    /** Micrometer name ({@code merchantry_model_quality} in Prometheus). */
    public static final String NAME = "merchantry.model.quality";
    /** Per kind, the training metrics that may headline, best first. */
    public static final Map<StrategyKind, List<String>> HEADLINES = Map.of(
            StrategyKind.RECOMMENDER, List.of("ndcg_at_10", "rmse", "train_rmse"),
            StrategyKind.FORECASTER, List.of("mase", "smape"),
            StrategyKind.PROFILER, List.of("segments_silhouette"));
    /** How many of a shop's newest models of a kind are searched for the bound strategy's (fallbacks train too). */
    static final int MODELS_SEARCHED = 50;

    private static final Logger LOG = LoggerFactory.getLogger(ModelQuality.class);

    /** A headline metric of a model. */
    record Headline(String strategy, String metric, double value) {
    }

    /** An exported series and the value its gauge reads. */
    private static final class Series {
        final Headline headline;
        volatile double value;
        Meter.Id id;

        Series(Headline headline) {
            this.headline = headline;
            this.value = headline.value();
        }
    }

    private final Vertx vertx;
    private final BindingRepository bindings;
    private final ModelRepository models;
    private final MeterRegistry registry;
    /** shop \0 kind → its series; touched on {@link #context} only. */
    private final Map<String, Series> exported = new ConcurrentHashMap<>();
    private Context context;

    public ModelQuality(Vertx vertx, BindingRepository bindings, ModelRepository models, MeterRegistry registry) {
        this.vertx = vertx;
        this.bindings = bindings;
        this.models = models;
        this.registry = registry;
    }

    /**
     * Follows trainings and binding changes, and exports the active models' headlines already stored (in the
     * background: the returned future completes once the consumers are registered). Every refresh runs on one
     * context, one after another, so the last one applied read storage last.
     */
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        Promise<Void> registered = Promise.promise();
        context.runOnContext(v -> {
            vertx.eventBus().<JsonObject>consumer(Addresses.MODEL_TRAINED, msg -> refresh(msg.body()));
            vertx.eventBus().<JsonObject>consumer(Addresses.BINDING_CHANGED, msg -> refresh(msg.body()));
            vertx.executeBlocking(bindings::listAll).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.warn("could not read the bindings to export model quality: {}", ar.cause().toString());
                    return;
                }
                ar.result().forEach(b -> refresh(b.shopId(), b.kind()));
            });
            registered.complete();
        });
        return registered.future();
    }

    private void refresh(JsonObject notification) {
        if (notification.getValue("shop") instanceof String shop && notification.getValue("kind") instanceof String kind) {
            StrategyKind.fromWireName(kind).ifPresent(k -> refresh(shop, k));
        }
    }

    private void refresh(String shop, StrategyKind kind) {
        if (!HEADLINES.containsKey(kind)) {
            return;
        }
        vertx.executeBlocking(() -> bindings.find(shop, kind).flatMap(this::headline)).onComplete(ar -> {
            if (ar.succeeded()) {
                apply(shop, kind, ar.result());
            } else {
                LOG.debug("model quality of shop {} ({}) not refreshed: {}", shop, kind.wireName(), ar.cause().toString());
            }
        });
    }

    /** Blocking: the headline of the newest model the bound strategy trained for the shop. */
    private Optional<Headline> headline(Binding binding) {
        return models.list(binding.shopId(), binding.kind(), MODELS_SEARCHED).stream()
                .filter(m -> m.strategyId().equals(binding.strategyId()) && m.configKey().isEmpty()).findFirst()
                .flatMap(m -> headline(m, HEADLINES.get(binding.kind())));
    }

    static Optional<Headline> headline(StoredModel model, List<String> candidates) {
        if (model.metricsJson() == null) {
            return Optional.empty();
        }
        JsonObject metrics = new JsonObject(model.metricsJson());
        for (String metric : candidates) {
            if (metrics.getValue(metric) instanceof Number n && Double.isFinite(n.doubleValue())) {
                return Optional.of(new Headline(model.strategyId(), metric, n.doubleValue()));
            }
        }
        return Optional.empty();
    }

    private void apply(String shop, StrategyKind kind, Optional<Headline> headline) {
        String key = shop + '\u0000' + kind.wireName();
        Series current = exported.get(key);
        if (current != null && headline.isPresent() && current.headline.strategy().equals(headline.get().strategy())
                && current.headline.metric().equals(headline.get().metric())) {
            current.value = headline.get().value();
            return;
        }
        if (current != null) {
            registry.remove(current.id);
            exported.remove(key);
        }
        headline.ifPresent(h -> {
            Series series = new Series(h);
            series.id = Gauge.builder(NAME, series, s -> s.value).strongReference(true)
                    .description("Headline training metric of each shop's active model (see docs/operations.md)")
                    .tag("shop", shop).tag("kind", kind.wireName()).tag("strategy", h.strategy())
                    .tag("metric", h.metric()).register(registry).getId();
            exported.put(key, series);
        });
    }
}
