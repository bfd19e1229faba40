package dev.merchantry.platform.demo;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Receives the generated data in batches of at most {@value DemoDataGenerator#BATCH_SIZE} objects, in the REST API's
 * JSON shapes (docs/data.md). All products come first; then events and inventory snapshots, each stream in
 * chronological order (the two streams are interleaved in batches). The lists are not reused by the generator.
 */
public interface DemoSink {

    /** Catalog products: {@code product_id, sku, title, category, price, cost, currency, hidden}. */
    void products(List<JsonObject> batch);

    /** Events: {@code event_id, type, timestamp, customer_id | anonymous_id, properties}. */
    void events(List<JsonObject> batch);

    /** Inventory snapshots: {@code product_id, on_hand, timestamp}. */
    void inventory(List<JsonObject> batch);

    /**
     * Recommendation lists the simulated shop's widget showed, in chronological order:
     * {@code recommendation_id, timestamp, strategy, customer_id | anonymous_id, items: [product ids]}. They are not
     * part of the REST API's data (a node records the lists it serves itself); a sink that keeps only that data
     * ignores them.
     */
    default void impressions(List<JsonObject> batch) {
    }
}
