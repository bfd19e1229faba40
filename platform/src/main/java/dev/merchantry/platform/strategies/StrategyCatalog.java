package dev.merchantry.platform.strategies;

import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.ConfigKey;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.plugins.PluginHost;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The strategies of all started plugins, as the REST API and the binding service see them. */
public final class StrategyCatalog {

    /** A strategy with its descriptor and config spec. */
    public static final Schema STRATEGY = Schema.object("Strategy")
            .required("id", Schema.string())
            .required("kind", Schema.enumOf("profiler", "recommender", "forecaster", "pricing"))
            .required("version", Schema.string())
            .required("name", Schema.string())
            .required("doc", Schema.string())
            .required("plugin", Schema.string())
            .required("config_spec", Schema.array(Schema.object()
                    .required("key", Schema.string())
                    .required("type", Schema.string().doc("int, long, double, boolean, string, list …"))
                    .required("default", Schema.any())
                    .required("required", Schema.bool())
                    .required("importance", Schema.enumOf("high", "medium", "low"))
                    .required("doc", Schema.string())
                    .required("constraints", Schema.map(Schema.any()).doc("min, max, exclusive_min, one_of …"))));

    private final Supplier<List<LoadedStrategy>> strategies;
    private final Function<String, Optional<LoadedStrategy>> lookup;

    public StrategyCatalog(PluginHost host) {
        this(host::strategies, host::strategy);
    }

    /** Over any source of strategies: unit tests of the services hand it in-memory strategies, no plugin loaded. */
    public StrategyCatalog(Supplier<List<LoadedStrategy>> strategies, Function<String, Optional<LoadedStrategy>> lookup) {
        this.strategies = strategies;
        this.lookup = lookup;
    }

    public List<LoadedStrategy> all() {
        return strategies.get().stream()
                .sorted(Comparator.comparing((LoadedStrategy s) -> s.descriptor().kind())
                        .thenComparing(s -> s.descriptor().id()))
                .toList();
    }

    public Optional<LoadedStrategy> find(String id) {
        return lookup.apply(id);
    }

    /** The strategy with this id; 404 naming it if no started plugin provides it. */
    public LoadedStrategy require(String id) {
        return lookup.apply(id).orElseThrow(() ->
                ServiceException.notFound("unknown strategy '" + id + "'; GET /api/v1/strategies lists the installed ones"));
    }

    /** Parses a kind as written in URLs and JSON ({@code recommender}, …); 400 listing the valid names. */
    public static StrategyKind kind(String wireName, String field) {
        return StrategyKind.fromWireName(wireName).orElseThrow(() -> ServiceException.field(field,
                "unknown kind '" + wireName + "'; use one of profiler, recommender, forecaster, pricing"));
    }

    public static JsonObject toJson(LoadedStrategy strategy) {
        StrategyDescriptor d = strategy.descriptor();
        return new JsonObject()
                .put("id", d.id())
                .put("kind", d.kind().wireName())
                .put("version", d.version())
                .put("name", d.name())
                .put("doc", d.doc())
                .put("plugin", strategy.pluginId())
                .put("config_spec", configSpec(d));
    }

    static JsonArray configSpec(StrategyDescriptor d) {
        JsonArray keys = new JsonArray();
        for (ConfigKey key : d.configSpec().keys()) {
            keys.add(new JsonObject()
                    .put("key", key.name())
                    .put("type", key.type().name().toLowerCase(Locale.ROOT))
                    .put("default", jsonValue(key.defaultValue()))
                    .put("required", key.required())
                    .put("importance", key.importance().name().toLowerCase(Locale.ROOT))
                    .put("doc", key.doc())
                    .put("constraints", new JsonObject(new java.util.LinkedHashMap<>(key.validator().constraints()))));
        }
        return keys;
    }

    static Object jsonValue(Object value) {
        if (value instanceof List<?> list) {
            return new JsonArray(list.stream().map(StrategyCatalog::jsonValue).toList());
        }
        return value;
    }
}
