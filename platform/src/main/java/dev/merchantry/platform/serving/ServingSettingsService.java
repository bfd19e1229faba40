package dev.merchantry.platform.serving;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.platform.service.RequestFields;
import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.SettingsRepository;
import dev.merchantry.platform.strategies.StrategyCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and changes a shop's {@link ServingSettings}. Serving reads them on every request, so each node caches them
 * for at most {@link #MAX_AGE_MS}; a change is visible on the node that made it at once and on the others within
 * that time.
 */
public final class ServingSettingsService {

    static final String NAME = "serving_settings";
    static final long MAX_AGE_MS = 2_000;
    static final int MAX_FALLBACKS = 5;

    private record Cached(ServingSettings settings, long loadedAt) {
    }

    private final Vertx vertx;
    private final SettingsRepository settings;
    private final StrategyCatalog catalog;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ServingSettingsService(Vertx vertx, SettingsRepository settings, StrategyCatalog catalog) {
        this.vertx = vertx;
        this.settings = settings;
        this.catalog = catalog;
    }

    /** Blocking read: stored keys over the defaults. */
    public ServingSettings get(String shop) {
        return settings.get(shop, NAME).map(json -> merge(ServingSettings.DEFAULTS, new JsonObject(json)))
                .orElse(ServingSettings.DEFAULTS);
    }

    public Future<ServingSettings> find(String shop) {
        Cached c = cache.get(shop);
        long now = System.currentTimeMillis();
        if (c != null && now - c.loadedAt < MAX_AGE_MS) {
            return Future.succeededFuture(c.settings);
        }
        return vertx.executeBlocking(() -> get(shop), false).andThen(ar -> {
            if (ar.succeeded()) {
                cache.put(shop, new Cached(ar.result(), now));
            }
        });
    }

    /** Applies the given keys after validating all of them; any bad key is a 400 listing each, nothing stored. */
    public Future<ServingSettings> update(String shop, JsonObject patch) {
        List<ServiceException.FieldError> errors = validate(patch);
        if (!errors.isEmpty()) {
            return Future.failedFuture(ServiceException.invalid(errors.size() + " invalid serving setting(s): "
                    + errors.get(0).key() + " " + errors.get(0).message(), errors));
        }
        return vertx.executeBlocking(() -> {
            ServingSettings updated = merge(get(shop), patch);
            settings.put(shop, NAME, updated.toJson().encode());
            cache.remove(shop);
            return updated;
        });
    }

    List<ServiceException.FieldError> validate(JsonObject patch) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        for (String key : patch.fieldNames()) {
            Object v = patch.getValue(key);
            switch (key) {
                case "recommendation_fallback" -> {
                    if (!(v instanceof JsonArray ids)) {
                        errors.add(new ServiceException.FieldError(key, "must be an array of recommender strategy ids"));
                        break;
                    }
                    if (ids.size() > MAX_FALLBACKS) {
                        errors.add(new ServiceException.FieldError(key, "at most " + MAX_FALLBACKS + " strategies"));
                    }
                    for (int i = 0; i < ids.size(); i++) {
                        String field = key + "[" + i + "]";
                        if (!(ids.getValue(i) instanceof String id)) {
                            errors.add(new ServiceException.FieldError(field, "must be a strategy id string"));
                        } else if (catalog.find(id).isEmpty()) {
                            errors.add(new ServiceException.FieldError(field, "no installed strategy '" + id + "'"));
                        } else if (catalog.find(id).get().descriptor().kind() != StrategyKind.RECOMMENDER) {
                            errors.add(new ServiceException.FieldError(field, "'" + id + "' is not a recommender"));
                        }
                    }
                }
                case "exclude_purchased" -> {
                    if (!(v instanceof Boolean)) {
                        errors.add(new ServiceException.FieldError(key, "must be true or false"));
                    }
                }
                // The ranges are the ones ServingSettings.SCHEMA declares (and /openapi.json documents).
                case "live_refresh_seconds", "retrain_every_hours" -> intCheck(errors, key, v,
                        ServingSettings.SCHEMA.property(key));
                default -> errors.add(new ServiceException.FieldError(key, "unknown setting; known: "
                        + String.join(", ", ServingSettings.SCHEMA.propertyNames())));
            }
        }
        return errors;
    }

    private static void intCheck(List<ServiceException.FieldError> errors, String key, Object v, Schema declared) {
        int min = RequestFields.bound(declared, "minimum", Integer.MIN_VALUE);
        int max = RequestFields.bound(declared, "maximum", Integer.MAX_VALUE);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < min || n.doubleValue() > max) {
            errors.add(new ServiceException.FieldError(key, "must be an integer from " + min + " to " + max));
        }
    }

    static ServingSettings merge(ServingSettings base, JsonObject patch) {
        List<String> fallback = base.recommendationFallback();
        if (patch.getValue("recommendation_fallback") instanceof JsonArray ids) {
            fallback = ids.stream().map(String::valueOf).distinct().toList();
        }
        return new ServingSettings(fallback, patch.getBoolean("exclude_purchased", base.excludePurchased()),
                patch.getValue("live_refresh_seconds") instanceof Number n ? n.intValue() : base.liveRefreshSeconds(),
                patch.getValue("retrain_every_hours") instanceof Number h ? h.intValue() : base.retrainEveryHours());
    }
}
