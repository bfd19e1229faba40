package dev.merchantry.platform.storage;

import java.time.Instant;
import java.util.Map;

/**
 * An upsert of one product: only the fields present in {@code fields} change (a present key with a null value
 * clears the field); a new product starts from nothing. Keys are column names: sku, title, category, price, cost,
 * currency, hidden.
 */
public record ProductPatch(String productId, Map<String, Object> fields) {

    /** The product after applying this patch to {@code current} (null for a new product). */
    public Product applyTo(Product current, Instant now) {
        Product base = current != null ? current
                : new Product(productId, null, null, null, null, null, null, false, null, null, now);
        return new Product(productId,
                (String) pick("sku", base.sku()),
                (String) pick("title", base.title()),
                (String) pick("category", base.category()),
                (Double) pick("price", base.price()),
                (Double) pick("cost", base.cost()),
                (String) pick("currency", base.currency()),
                Boolean.TRUE.equals(pick("hidden", base.hidden())),
                base.onHand(), base.onHandAt(), now);
    }

    private Object pick(String key, Object current) {
        return fields.containsKey(key) ? fields.get(key) : current;
    }
}
