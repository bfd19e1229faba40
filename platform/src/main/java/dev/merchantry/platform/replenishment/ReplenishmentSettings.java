package dev.merchantry.platform.replenishment;

import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A shop's replenishment policy and per-product overrides, stored as one JSON value:
 * {@code {lead_time_days, service_level, review_period_days, min_order_quantity, products: {id: {...some keys}}}}.
 */
public record ReplenishmentSettings(ReplenishmentPolicy shop, Map<String, JsonObject> products) {

    private static final Schema POLICY = Schema.object()
            .optional("lead_time_days", Schema.integer().min(0).max(365))
            .optional("service_level", Schema.number().min(0.5).max(0.9999))
            .optional("review_period_days", Schema.integer().min(1).max(365))
            .optional("min_order_quantity", Schema.integer().min(1).max(1_000_000_000));
    /** The policy and its product overrides, as {@link #toJson} writes them. */
    public static final Schema SCHEMA = Schema.object("ReplenishmentSettings")
            .required("lead_time_days", Schema.integer())
            .required("service_level", Schema.number())
            .required("review_period_days", Schema.integer())
            .required("min_order_quantity", Schema.integer())
            .required("products", Schema.map(POLICY).doc("overrides per product id"));
    /** A change of the policy: any policy key, and {@code products} (null removes a product's override). */
    public static final Schema PATCH = POLICY.named("ReplenishmentSettingsPatch")
            .optional("products", Schema.map(POLICY.nullable()));

    static final int MAX_PRODUCT_OVERRIDES = 50_000;
    /** As long as a product id may be in the catalog. */
    static final int MAX_PRODUCT_ID = 200;
    private static final List<String> POLICY_KEYS = List.copyOf(POLICY.propertyNames());

    public ReplenishmentSettings {
        products = Map.copyOf(products);
    }

    static ReplenishmentSettings defaults() {
        return new ReplenishmentSettings(ReplenishmentPolicy.DEFAULTS, Map.of());
    }

    /** The shop policy with the product's overrides applied. */
    public ReplenishmentPolicy policyOf(String productId) {
        JsonObject override = products.get(productId);
        return override == null ? shop : shop.with(override);
    }

    public JsonObject toJson() {
        JsonObject products = new JsonObject();
        this.products.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> products.put(e.getKey(), e.getValue().copy()));
        return shop.toJson().put("products", products);
    }

    static ReplenishmentSettings fromJson(JsonObject json) {
        Map<String, JsonObject> products = new LinkedHashMap<>();
        JsonObject p = json.getJsonObject("products", new JsonObject());
        p.forEach(e -> products.put(e.getKey(), (JsonObject) e.getValue()));
        return new ReplenishmentSettings(ReplenishmentPolicy.DEFAULTS.with(json), products);
    }

    /**
     * This with a patch applied: policy keys change the shop policy; {@code products: {id: {...}}} merges per product
     * ({@code id: null} removes a product's overrides). Every bad key is reported with its path; an override may
     * only be set for a product {@code inCatalog} knows (removing one never needs it, so a stale override can go).
     */
    ReplenishmentSettings apply(JsonObject patch, Predicate<String> inCatalog) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        for (String key : patch.fieldNames()) {
            if (key.equals("products")) {
                if (!(patch.getValue(key) instanceof JsonObject byProduct)) {
                    errors.add(new ServiceException.FieldError(key, "must be an object of product id → policy keys"));
                    continue;
                }
                for (String id : byProduct.fieldNames()) {
                    Object v = byProduct.getValue(id);
                    if (id.isEmpty() || id.length() > MAX_PRODUCT_ID) {
                        errors.add(new ServiceException.FieldError(key, "product id '" + shortened(id) + "' has "
                                + id.length() + " characters; a product id has 1 to " + MAX_PRODUCT_ID));
                    } else if (v != null && !(v instanceof JsonObject)) {
                        errors.add(new ServiceException.FieldError(key + "." + id, "must be an object of policy keys or null"));
                    } else if (v != null && !inCatalog.test(id)) {
                        errors.add(new ServiceException.FieldError(key + "." + id, "unknown product '" + id + "': only"
                                + " products of the shop's catalog can have their own policy; add it with PUT"
                                + " /api/v1/shops/{shop}/products first"));
                    } else if (v != null) {
                        checkPolicy((JsonObject) v, key + "." + id + ".", errors);
                    }
                }
            } else {
                checkPolicy(new JsonObject().put(key, patch.getValue(key)), "", errors);
            }
        }
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors.size() + " invalid replenishment setting(s): " + errors.get(0).key() + " "
                    + errors.get(0).message() + "; nothing was changed", errors);
        }
        Map<String, JsonObject> products = new LinkedHashMap<>(this.products);
        if (patch.getValue("products") instanceof JsonObject byProduct) {
            for (String id : byProduct.fieldNames()) {
                JsonObject v = byProduct.getJsonObject(id);
                if (v == null) {
                    products.remove(id);
                } else {
                    products.put(id, products.getOrDefault(id, new JsonObject()).copy().mergeIn(v));
                }
            }
        }
        if (products.size() > MAX_PRODUCT_OVERRIDES) {
            throw ServiceException.field("products", "at most " + MAX_PRODUCT_OVERRIDES + " products may have their own policy");
        }
        return new ReplenishmentSettings(shop.with(patch), products);
    }

    private static String shortened(String id) {
        return id.length() <= 40 ? id : id.substring(0, 40) + "…";
    }

    private static void checkPolicy(JsonObject policy, String prefix, List<ServiceException.FieldError> errors) {
        for (String key : policy.fieldNames()) {
            Object v = policy.getValue(key);
            String field = prefix + key;
            switch (key) {
                // The ranges are the ones POLICY declares (and /openapi.json documents).
                case "lead_time_days", "review_period_days", "min_order_quantity" -> integer(v, field,
                        bound(key, "minimum"), bound(key, "maximum"), errors);
                case "service_level" -> {
                    double min = bound(key, "minimum");
                    double max = bound(key, "maximum");
                    if (!(v instanceof Number n) || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
                        errors.add(new ServiceException.FieldError(field, "must be a probability from " + min + " to "
                                + max));
                    }
                }
                default -> errors.add(new ServiceException.FieldError(field, "unknown key; known: " + POLICY_KEYS
                        + (prefix.isEmpty() ? " and products" : "")));
            }
        }
    }

    private static double bound(String key, String keyword) {
        return ((Number) POLICY.property(key).keyword(keyword)).doubleValue();
    }

    private static void integer(Object v, String field, double min, double max, List<ServiceException.FieldError> errors) {
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min
                || n.doubleValue() > max) {
            errors.add(new ServiceException.FieldError(field, "must be an integer from " + (long) min + " to "
                    + (long) max));
        }
    }
}
