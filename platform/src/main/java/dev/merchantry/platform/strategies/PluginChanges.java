package dev.merchantry.platform.strategies;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.plugins.PluginInfo;
import dev.merchantry.platform.plugins.PluginTelemetry;
import dev.merchantry.platform.plugins.PluginUpgrade;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Binding;
import dev.merchantry.platform.storage.BindingRepository;
import dev.merchantry.platform.storage.ModelRepository;
import dev.merchantry.platform.storage.StoredModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Carries plugin changes through to the shops that use the plugin's strategies: refuses deleting a plugin shops are
 * bound to (unless forced), and after an in-place upgrade keeps every stored model the new version can still read and
 * queues retraining only for the shops whose model it cannot (the model format changed). Every change an operator
 * makes at runtime (install, upgrade, stop, start, delete) goes through here and is recorded with its actor
 * ({@link PluginTelemetry}).
 */
public final class PluginChanges {

    /** Queues training of a shop's strategy; the job id, or empty when one is already pending. */
    @FunctionalInterface
    public interface Retrainer {
        Future<Optional<String>> retrain(String shop, StrategyKind kind, String strategyId, String actor);
    }

    /** A binding that depends on a plugin. */
    public record BoundShop(String shop, StrategyKind kind, String strategy) {
        JsonObject toJson() {
            return new JsonObject().put("shop", shop).put("kind", kind.wireName()).put("strategy", strategy);
        }
    }

    /** A retrain queued by an upgrade, and why. */
    public record Retrain(String shop, StrategyKind kind, String strategy, String jobId, String reason) {
    }

    /**
     * What an upgrade did to the shops: the plugin as it now runs, the version it replaced, the bound shops whose
     * stored model the new version reads ({@code keptModels}) and those queued for retraining.
     */
    public record Upgraded(PluginInfo plugin, String previousVersion, int keptModels, List<Retrain> retrains) {
        public List<String> retrainedShops() {
            return List.copyOf(new LinkedHashSet<>(retrains.stream().map(Retrain::shop).toList()));
        }
    }

    private final Vertx vertx;
    private final PluginHost host;
    private final BindingRepository bindings;
    private final ModelRepository models;
    private final ActiveModels active;
    private final Retrainer retrainer;
    private final PluginTelemetry telemetry;

    /** {@code registry} counts the changes ({@code merchantry_plugin_changes_total{action}}). */
    public PluginChanges(Vertx vertx, PluginHost host, BindingRepository bindings, ModelRepository models,
                         ActiveModels active, Retrainer retrainer, MeterRegistry registry) {
        this.telemetry = new PluginTelemetry(registry);
        this.vertx = vertx;
        this.host = host;
        this.bindings = bindings;
        this.models = models;
        this.active = active;
        this.retrainer = retrainer;
    }

    /**
     * Deletes a plugin; 409 listing the bound shops and strategies when shops are bound to any of its strategies,
     * unless {@code force}.
     */
    public Future<Void> delete(String pluginId, boolean force, String actor) {
        Optional<PluginInfo> plugin = host.plugin(pluginId);
        Future<List<BoundShop>> bound = force || plugin.isEmpty() ? Future.succeededFuture(List.of())
                : boundTo(plugin.get().strategyIds());
        return bound.compose(shops -> {
            if (!shops.isEmpty()) {
                JsonArray list = new JsonArray();
                shops.forEach(s -> list.add(s.toJson()));
                throw ServiceException.conflict("plugin '" + pluginId + "' provides strategies shops are bound to: "
                        + describe(shops) + "; bind those shops to other strategies first, or delete with ?force=true"
                        + " (they then fall back until rebound)").with("bound", list);
            }
            return Future.fromCompletionStage(host.delete(pluginId), vertx.getOrCreateContext()).onSuccess(v ->
                    telemetry.deleted(pluginId, plugin.map(PluginInfo::version).orElse(null), force, actor));
        });
    }

    /** Installs and starts an uploaded plugin (see {@link PluginHost#install}). */
    public Future<PluginInfo> install(String fileName, byte[] archive, String actor) {
        return Future.fromCompletionStage(host.install(fileName, archive), vertx.getOrCreateContext())
                .onSuccess(p -> telemetry.installed(p, actor));
    }

    /** Stops a plugin; shops bound to its strategies fall back until it starts again. */
    public Future<PluginInfo> stop(String pluginId, String actor) {
        return Future.fromCompletionStage(host.stop(pluginId), vertx.getOrCreateContext())
                .onSuccess(p -> telemetry.stopped(p, actor));
    }

    /** Starts a stopped plugin; a failed start leaves it FAILED with the reason, and is recorded as such. */
    public Future<PluginInfo> start(String pluginId, String actor) {
        return Future.fromCompletionStage(host.start(pluginId), vertx.getOrCreateContext())
                .onSuccess(p -> telemetry.started(p, actor));
    }

    /**
     * Upgrades a plugin in place (see {@link PluginHost#upgrade}), then checks each bound shop's newest stored model
     * of the plugin's strategies against the new version: kept when it loads, retrained when it does not. Models are
     * probed once per strategy and format version, not once per shop.
     */
    public Future<Upgraded> upgrade(String pluginId, String fileName, byte[] archive, String actor) {
        return Future.fromCompletionStage(host.upgrade(pluginId, fileName, archive), vertx.getOrCreateContext())
                .compose(up -> boundTo(up.plugin().strategyIds()).compose(shops -> followUp(up, shops, actor)));
    }

    private Future<Upgraded> followUp(PluginUpgrade up, List<BoundShop> shops, String actor) {
        Map<String, Future<Void>> probes = new HashMap<>();
        List<Retrain> retrains = new ArrayList<>();
        int[] kept = {0};
        Future<Void> chain = Future.succeededFuture();
        for (BoundShop bound : shops) {
            if (bound.kind() == StrategyKind.PRICING) {
                continue; // pricing agents learn online; there is no stored batch model to keep or retrain
            }
            chain = chain.compose(v -> vertx.executeBlocking(() -> models.latest(bound.shop(), bound.kind(),
                    bound.strategy()), false)).compose(stored -> {
                if (stored.isEmpty()) {
                    return Future.<Void>succeededFuture(); // never trained: nothing to keep
                }
                StoredModel model = stored.get();
                Future<Void> probe = probes.computeIfAbsent(model.strategyId() + '\u0000' + model.formatVersion(),
                        k -> active.probe(model));
                return probe.transform(ar -> {
                    if (ar.succeeded()) {
                        kept[0]++;
                        return Future.<Void>succeededFuture();
                    }
                    String reason = "the new version cannot read its stored model (format "
                            + model.formatVersion() + "): " + ar.cause().getMessage();
                    return retrainer.retrain(bound.shop(), bound.kind(), bound.strategy(), actor)
                            .<Void>map(job -> {
                                retrains.add(new Retrain(bound.shop(), bound.kind(), bound.strategy(),
                                        job.orElse(null), job.isPresent() ? reason
                                                : reason + "; a training job of it was already queued"));
                                return null;
                            }).recover(e -> {
                                // e.g. a disabled binding: report it, the upgrade itself stands
                                retrains.add(new Retrain(bound.shop(), bound.kind(), bound.strategy(), null,
                                        reason + "; retraining could not be queued: " + e.getMessage()));
                                return Future.succeededFuture();
                            });
                });
            });
        }
        return chain.map(v -> {
            telemetry.upgraded(up.plugin(), up.previousVersion(), kept[0], retrains.size(), actor);
            return new Upgraded(up.plugin(), up.previousVersion(), kept[0], List.copyOf(retrains));
        });
    }

    /** Bindings (any shop, any kind) to one of these strategies. */
    private Future<List<BoundShop>> boundTo(List<String> strategyIds) {
        if (strategyIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Set<String> ids = Set.copyOf(strategyIds);
        return vertx.executeBlocking(() -> {
            List<BoundShop> out = new ArrayList<>();
            for (Binding b : bindings.listAll()) {
                if (ids.contains(b.strategyId())) {
                    out.add(new BoundShop(b.shopId(), b.kind(), b.strategyId()));
                }
            }
            return out;
        }, false);
    }

    private static String describe(List<BoundShop> shops) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (BoundShop s : shops) {
            if (shown == 20) {
                sb.append(", … (").append(shops.size() - shown).append(" more)");
                break;
            }
            sb.append(shown++ == 0 ? "" : ", ").append(s.shop()).append(" (").append(s.kind().wireName()).append(": ")
                    .append(s.strategy()).append(')');
        }
        return sb.toString();
    }
}
