package dev.merchantry.platform.ingest;

import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.SettingsRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and changes a shop's {@link DataSettings}. Reads go to the database every time: they are one small row,
 * and every node of a cluster must see a change (e.g. pseudonymization turned on) at once.
 */
public final class DataSettingsService {

    static final String NAME = "data_settings";

    private final Vertx vertx;
    private final SettingsRepository settings;

    public DataSettingsService(Vertx vertx, SettingsRepository settings) {
        this.vertx = vertx;
        this.settings = settings;
    }

    /** Blocking read: stored keys over the defaults. */
    public DataSettings get(String shop) {
        return settings.get(shop, NAME).map(json -> merge(DataSettings.DEFAULTS, new JsonObject(json)))
                .orElse(DataSettings.DEFAULTS);
    }

    public Future<DataSettings> find(String shop) {
        return vertx.executeBlocking(() -> get(shop));
    }

    /** Applies the given keys after validating all of them; any bad key is a 400 listing each, nothing stored. */
    public Future<DataSettings> update(String shop, JsonObject patch) {
        List<ServiceException.FieldError> errors = validate(patch);
        if (!errors.isEmpty()) {
            return Future.failedFuture(ServiceException.invalid(errors.size() + " invalid data setting(s): "
                    + errors.get(0).key() + " " + errors.get(0).message(), errors));
        }
        return vertx.executeBlocking(() -> {
            DataSettings updated = merge(get(shop), patch);
            settings.put(shop, NAME, updated.toJson().encode());
            return updated;
        });
    }

    static List<ServiceException.FieldError> validate(JsonObject patch) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        for (String key : patch.fieldNames()) {
            Object v = patch.getValue(key);
            switch (key) {
                case "interaction_weights" -> {
                    if (!(v instanceof JsonObject weights)) {
                        errors.add(new ServiceException.FieldError(key, "must be an object of event type → weight"));
                        break;
                    }
                    for (String type : weights.fieldNames()) {
                        String field = key + "." + type;
                        if (EventTypes.canonical(type).isEmpty()) {
                            errors.add(new ServiceException.FieldError(field, "unknown event type; use one of "
                                    + EventTypes.CANONICAL));
                        } else if (!(weights.getValue(type) instanceof Number n) || !Double.isFinite(n.doubleValue())
                                || n.doubleValue() < 0 || n.doubleValue() > 1000) {
                            errors.add(new ServiceException.FieldError(field, "must be a number from 0 to 1000"));
                        }
                    }
                }
                case "interaction_signal" -> {
                    if (!(v instanceof String s) || !DataSettings.SIGNALS.contains(s)) {
                        errors.add(new ServiceException.FieldError(key, "must be one of " + DataSettings.SIGNALS));
                    }
                }
                case "pseudonymize_customer_ids" -> {
                    if (!(v instanceof Boolean)) {
                        errors.add(new ServiceException.FieldError(key, "must be true or false"));
                    }
                }
                default -> errors.add(new ServiceException.FieldError(key,
                        "unknown setting; known: interaction_weights, interaction_signal, pseudonymize_customer_ids"));
            }
        }
        return errors;
    }

    /** {@code base} with the keys of {@code patch} (already valid) applied; weights replace the whole map. */
    static DataSettings merge(DataSettings base, JsonObject patch) {
        Map<String, Double> weights = base.interactionWeights();
        if (patch.getValue("interaction_weights") instanceof JsonObject w) {
            Map<String, Double> m = new LinkedHashMap<>();
            w.forEach(e -> m.put(EventTypes.canonical(e.getKey()).orElse(e.getKey()), ((Number) e.getValue()).doubleValue()));
            weights = m;
        }
        return new DataSettings(weights, patch.getString("interaction_signal", base.interactionSignal()),
                patch.getBoolean("pseudonymize_customer_ids", base.pseudonymizeCustomerIds()));
    }
}
