package dev.merchantry.platform.tools.importclient;

import java.util.List;
import java.util.Map;

/**
 * What a file holds. Each kind fixes where its items go (method and path under the shop), which field identifies an
 * item in the server's reply, the API's per-request limit and the CSV columns it needs, so the rest of the importer
 * stays kind-agnostic.
 */
public enum ImportKind {
    EVENTS("events", "POST", "events", "event_id", 10_000, "events",
            List.of("event_id", "type", "timestamp"), Map.of()),
    PRODUCTS("products", "PUT", "products", "product_id", 5_000, "products",
            List.of("product_id"), Map.of()),
    RATINGS("ratings", "POST", "events", "event_id", 10_000, "events",
            List.of("user", "item", "rating"), Map.of("user", List.of("userId", "user_id"),
                    "item", List.of("itemId", "item_id", "movieId", "productId", "product_id"))),
    ORDERS("orders", "POST", "events", "event_id", 10_000, "events",
            List.of("customer_id", "order_id", "timestamp", "product_id", "quantity", "price"), Map.of()),
    INVENTORY("inventory", "POST", "inventory", "product_id", 10_000, "snapshots",
            List.of("product_id", "on_hand", "timestamp"), Map.of());

    private final String flag;
    private final String method;
    private final String resource;
    private final String idField;
    private final int maxPerRequest;
    private final String unit;
    private final List<String> requiredColumns;
    private final Map<String, List<String>> aliases;

    ImportKind(String flag, String method, String resource, String idField, int maxPerRequest, String unit,
               List<String> requiredColumns, Map<String, List<String>> aliases) {
        this.flag = flag;
        this.method = method;
        this.resource = resource;
        this.idField = idField;
        this.maxPerRequest = maxPerRequest;
        this.unit = unit;
        this.requiredColumns = requiredColumns;
        this.aliases = aliases;
    }

    /** The command-line flag without dashes, e.g. {@code events}. */
    public String flag() {
        return flag;
    }

    public String method() {
        return method;
    }

    /** Last path segment of the endpoint: {@code /api/v1/shops/{shop}/<resource>}. */
    public String resource() {
        return resource;
    }

    /** The id field the server names in {@code rejected[]}. */
    public String idField() {
        return idField;
    }

    /** Most items the API takes in one request (more is a 413). */
    public int maxPerRequest() {
        return maxPerRequest;
    }

    /** What one sent item is called in progress and summary lines. */
    public String unit() {
        return unit;
    }

    /** CSV columns without which no row can be mapped (checked against the header before anything is sent). */
    public List<String> requiredColumns() {
        return requiredColumns;
    }

    /** Other header names accepted for a canonical column, e.g. {@code userId} for {@code user}. */
    public Map<String, List<String>> aliases() {
        return aliases;
    }
}
