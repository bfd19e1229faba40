package dev.merchantry.api.model;

import java.util.Map;

/**
 * A trained, immutable, thread-safe model. The platform persists it with {@link #serialize()}, caches it and
 * shares it between concurrent queries; a newly trained model replaces the served one atomically.
 *
 * @since 0.1.0
 */
public interface Model {

    /**
     * The model as bytes with a format version; the producing strategy's {@code load} reads it back.
     *
     * @since 0.1.0
     */
    SerializedModel serialize();

    /**
     * Training metrics worth showing a merchant (e.g. {@code train_rmse}, {@code aicc}); may be empty.
     *
     * @since 0.1.0
     */
    default Map<String, Double> metrics() {
        return Map.of();
    }
}
