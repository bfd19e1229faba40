package dev.merchantry.platform.serving;

import dev.merchantry.platform.service.Schema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How a shop's strategies are served and kept fresh. Stored per shop as JSON; defaults apply to every key a shop
 * never set.
 *
 * @param recommendationFallback recommender strategies asked, in order, when the bound one has nothing to say (a
 *        new shopper, a product without history) or fails; ids that are not installed are skipped
 * @param excludePurchased never recommend to a customer what they already bought
 * @param liveRefreshSeconds the fallback strategies are retrained at most this often after new events arrive
 *        (0: only on demand); they should be cheap (popularity, co-occurrence)
 * @param retrainEveryHours the bound recommender, forecaster and profiler retrain when their model is older than
 *        this (0: only on demand)
 */
public record ServingSettings(List<String> recommendationFallback, boolean excludePurchased, int liveRefreshSeconds,
                              int retrainEveryHours) {

    /** The settings as {@link #toJson} writes them; a PUT sends any of the fields. */
    public static final Schema SCHEMA = Schema.object("ServingSettings")
            .required("recommendation_fallback", Schema.array(Schema.string())
                    .doc("recommender ids asked in turn when the bound one gives too few items"))
            .required("exclude_purchased", Schema.bool())
            .required("live_refresh_seconds", Schema.integer().min(0).max(86_400))
            .required("retrain_every_hours", Schema.integer().min(0).max(24 * 365));

    public static final ServingSettings DEFAULTS =
            new ServingSettings(List.of("bought-together", "popular"), true, 10, 24);

    public ServingSettings {
        recommendationFallback = List.copyOf(recommendationFallback);
    }

    public JsonObject toJson() {
        return new JsonObject().put("recommendation_fallback", new JsonArray(recommendationFallback))
                .put("exclude_purchased", excludePurchased).put("live_refresh_seconds", liveRefreshSeconds)
                .put("retrain_every_hours", retrainEveryHours);
    }
}
