package dev.merchantry.platform.ingest;

import dev.merchantry.platform.service.Schema;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a shop's events become strategy inputs, and whether customer ids are pseudonymized. Stored per shop as JSON;
 * the defaults apply to every key a shop never set.
 *
 * @param interactionWeights implicit-feedback weight per canonical event type (a rating counts weight × value)
 * @param interactionSignal {@code auto}, {@code explicit} or {@code implicit}
 * @param pseudonymizeCustomerIds replace customer and visitor ids by a keyed hash at ingestion
 */
public record DataSettings(Map<String, Double> interactionWeights, String interactionSignal,
                           boolean pseudonymizeCustomerIds) {

    public static final List<String> SIGNALS = List.of("auto", "explicit", "implicit");

    /** The settings as {@link #toJson} writes them. */
    public static final Schema SCHEMA = Schema.object("DataSettings")
            .required("interaction_weights", Schema.map(Schema.number().min(0)).doc("weight per event type"))
            .required("interaction_signal", Schema.enumOf("auto", "explicit", "implicit"))
            .required("pseudonymize_customer_ids", Schema.bool());

    public static final DataSettings DEFAULTS = new DataSettings(defaultWeights(), "auto", false);

    public DataSettings {
        interactionWeights = Map.copyOf(interactionWeights);
    }

    private static Map<String, Double> defaultWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put(EventTypes.PRODUCT_VIEWED, 1.0);
        w.put(EventTypes.PRODUCT_CLICKED, 1.0);
        w.put(EventTypes.PRODUCT_ADDED, 3.0);
        w.put(EventTypes.ORDER_COMPLETED, 5.0);
        w.put(EventTypes.PRODUCT_REVIEWED, 1.0);
        return w;
    }

    public JsonObject toJson() {
        JsonObject weights = new JsonObject();
        EventTypes.CANONICAL.stream().filter(interactionWeights::containsKey)
                .forEach(t -> weights.put(t, interactionWeights.get(t)));
        return new JsonObject().put("interaction_weights", weights).put("interaction_signal", interactionSignal)
                .put("pseudonymize_customer_ids", pseudonymizeCustomerIds);
    }
}
