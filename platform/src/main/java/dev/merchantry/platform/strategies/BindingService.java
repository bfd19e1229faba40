package dev.merchantry.platform.strategies;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.ConfigError;
import dev.merchantry.platform.plugins.LoadedStrategy;
import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.Binding;
import dev.merchantry.platform.storage.BindingChange;
import dev.merchantry.platform.storage.BindingRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which strategy each shop uses for each kind. Validates a binding against the strategy's ConfigSpec before
 * storing anything, records the change history (in the repository's transaction), and announces every change on
 * {@link Addresses#BINDING_CHANGED} so each node of the cluster drops its cached copy.
 */
public final class BindingService {

    /** {@code PUT …/strategies/{kind}}'s body. */
    public static final Schema BIND_REQUEST = Schema.object("BindRequest")
            .required("strategy", Schema.string().doc("a strategy id of this kind"))
            .optional("config", Schema.map(Schema.any()).doc("checked against the strategy's config_spec"))
            .optional("enabled", Schema.bool().defaultValue(true));
    /** {@code merchantry.binding.changed}: published after a binding was stored or deleted. */
    public static final Schema BINDING_CHANGED = Schema.object()
            .required("shop", Schema.string())
            .required("kind", Schema.enumOf("profiler", "recommender", "forecaster", "pricing"))
            .required("strategy", Schema.string().nullable().doc("null when the binding was deleted"))
            .optional("version", Schema.integer().doc("absent when deleted"))
            .required("enabled", Schema.bool())
            .required("actor", Schema.string());
    /** A shop's binding of one kind. */
    public static final Schema BINDING = Schema.object("Binding")
            .required("shop", Schema.string())
            .required("kind", Schema.enumOf("profiler", "recommender", "forecaster", "pricing"))
            .required("strategy", Schema.string())
            .required("config", Schema.map(Schema.any()))
            .required("enabled", Schema.bool())
            .required("version", Schema.integer())
            .required("updated_at", Schema.dateTime())
            .required("updated_by", Schema.string());
    private static final Schema SIDE = Schema.object()
            .required("strategy", Schema.string())
            .required("config", Schema.map(Schema.any()))
            .required("enabled", Schema.bool().nullable());
    /** One change of a binding. */
    public static final Schema CHANGE = Schema.object("BindingChange")
            .required("id", Schema.integer())
            .required("action", Schema.string().doc("created, updated, deleted …"))
            .required("actor", Schema.string())
            .required("at", Schema.dateTime())
            .required("old", SIDE.nullable())
            .required("new", SIDE.nullable());

    private final Vertx vertx;
    private final BindingRepository repository;
    private final StrategyCatalog catalog;
    private final ConcurrentMap<String, Optional<Binding>> cache = new ConcurrentHashMap<>();
    /** Bumped on every invalidation so a read that raced with a change never caches the old value. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    public BindingService(Vertx vertx, BindingRepository repository, StrategyCatalog catalog) {
        this.vertx = vertx;
        this.repository = repository;
        this.catalog = catalog;
        vertx.eventBus().<JsonObject>consumer(Addresses.BINDING_CHANGED,
                msg -> forget(msg.body().getString("shop"), msg.body().getString("kind")));
    }

    /**
     * Drops the cached binding. A change made here does so before its future completes, so the caller's next read
     * (e.g. right after shipping an experiment's variant) sees it; the bus notice reaches the other nodes.
     */
    private void forget(String shop, String kind) {
        generation.incrementAndGet();
        cache.remove(key(shop, kind));
    }

    /** Every per-key problem of a config for a strategy (unknown keys, wrong types, failed validators). */
    public List<ServiceException.FieldError> validate(LoadedStrategy strategy, JsonObject config) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        for (ConfigError e : strategy.descriptor().configSpec().validate(toMap(config))) {
            errors.add(new ServiceException.FieldError(e.key(), e.message()));
        }
        return errors;
    }

    /** Validates {@code {strategy, config, enabled}} for a kind, stores it with history and announces it. */
    public Future<Binding> put(String shop, StrategyKind kind, JsonObject body, String actor) {
        Object strategyValue = body.getValue("strategy");
        if (!(strategyValue instanceof String strategyId) || strategyId.isBlank()) {
            throw ServiceException.field("strategy", strategyValue == null ? "is required" : "must be a strategy id string");
        }
        for (String field : body.fieldNames()) {
            if (!BIND_REQUEST.propertyNames().contains(field)) {
                throw ServiceException.field(field, "unknown field; a binding has strategy, config and enabled");
            }
        }
        Object configValue = body.getValue("config");
        if (configValue != null && !(configValue instanceof JsonObject)) {
            throw ServiceException.field("config", "must be a JSON object of config keys");
        }
        Object enabledValue = body.getValue("enabled");
        if (enabledValue != null && !(enabledValue instanceof Boolean)) {
            throw ServiceException.field("enabled", "must be true or false");
        }
        JsonObject config = configValue == null ? new JsonObject() : (JsonObject) configValue;
        boolean enabled = enabledValue == null || (Boolean) enabledValue;
        LoadedStrategy strategy = catalog.require(strategyId);
        if (strategy.descriptor().kind() != kind) {
            throw ServiceException.field("strategy", "'" + strategyId + "' is a " + strategy.descriptor().kind().wireName()
                    + ", not a " + kind.wireName());
        }
        List<ServiceException.FieldError> errors = validate(strategy, config);
        if (!errors.isEmpty()) {
            throw ServiceException.invalid("the config of '" + strategyId + "' has " + errors.size()
                    + (errors.size() == 1 ? " invalid key" : " invalid keys") + "; nothing was stored", errors);
        }
        return vertx.executeBlocking(() -> repository.put(shop, kind, strategyId, config.encode(), enabled, actor))
                .andThen(ar -> {
                    if (ar.succeeded()) {
                        forget(shop, kind.wireName());
                        announce(ar.result(), actor);
                    }
                });
    }

    public Future<Boolean> delete(String shop, StrategyKind kind, String actor) {
        return vertx.executeBlocking(() -> repository.delete(shop, kind, actor)).andThen(ar -> {
            if (ar.succeeded() && ar.result()) {
                forget(shop, kind.wireName());
                vertx.eventBus().publish(Addresses.BINDING_CHANGED, new JsonObject().put("shop", shop)
                        .put("kind", kind.wireName()).put("strategy", (String) null).put("enabled", false)
                        .put("actor", actor));
            }
        });
    }

    /** The binding of a shop and kind, from this node's cache when it has one. */
    public Future<Optional<Binding>> find(String shop, StrategyKind kind) {
        Optional<Binding> cached = cache.get(key(shop, kind.wireName()));
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        long gen = generation.get();
        return vertx.executeBlocking(() -> repository.find(shop, kind)).andThen(ar -> {
            if (ar.succeeded() && generation.get() == gen) {
                cache.put(key(shop, kind.wireName()), ar.result());
            }
        });
    }

    public Future<List<Binding>> list(String shop) {
        return vertx.executeBlocking(() -> repository.list(shop));
    }

    public Future<List<BindingChange>> history(String shop, StrategyKind kind, int limit) {
        return vertx.executeBlocking(() -> repository.history(shop, kind, limit));
    }

    /** Drops every cached binding (e.g. when a plugin's strategies disappear). */
    public void invalidateAll() {
        generation.incrementAndGet();
        cache.clear();
    }

    private void announce(Binding b, String actor) {
        vertx.eventBus().publish(Addresses.BINDING_CHANGED, new JsonObject()
                .put("shop", b.shopId()).put("kind", b.kind().wireName()).put("strategy", b.strategyId())
                .put("version", b.version()).put("enabled", b.enabled()).put("actor", actor));
    }

    private static String key(String shop, String kind) {
        return shop + '\u0000' + kind;
    }

    public static JsonObject toJson(Binding b) {
        return new JsonObject()
                .put("shop", b.shopId())
                .put("kind", b.kind().wireName())
                .put("strategy", b.strategyId())
                .put("config", new JsonObject(b.configJson()))
                .put("enabled", b.enabled())
                .put("version", b.version())
                .put("updated_at", b.updatedAt().toString())
                .put("updated_by", b.updatedBy());
    }

    public static JsonObject toJson(BindingChange c) {
        return new JsonObject()
                .put("id", c.id())
                .put("action", c.action())
                .put("actor", c.actor())
                .put("at", c.at().toString())
                .put("old", side(c.oldStrategyId(), c.oldConfigJson(), c.oldEnabled()))
                .put("new", side(c.newStrategyId(), c.newConfigJson(), c.newEnabled()));
    }

    private static JsonObject side(String strategy, String configJson, Boolean enabled) {
        if (strategy == null) {
            return null;
        }
        return new JsonObject().put("strategy", strategy)
                .put("config", configJson == null ? new JsonObject() : new JsonObject(configJson))
                .put("enabled", enabled);
    }

    /** JSON object → plain Java map (arrays become lists), the form ConfigSpec parses. */
    public static Map<String, Object> toMap(JsonObject config) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String k : config.fieldNames()) {
            map.put(k, plain(config.getValue(k)));
        }
        return map;
    }

    private static Object plain(Object v) {
        if (v instanceof JsonArray a) {
            List<Object> list = new ArrayList<>();
            a.forEach(x -> list.add(plain(x)));
            return list;
        }
        if (v instanceof JsonObject o) {
            return toMap(o);
        }
        return v;
    }
}
