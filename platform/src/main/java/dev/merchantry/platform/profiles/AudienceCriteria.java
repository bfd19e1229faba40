package dev.merchantry.platform.profiles;

import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.storage.AudienceFilter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is in an audience, validated: every field is optional; every problem with every field is reported at once
 * (400 naming the field), and unknown fields are refused rather than silently ignored.
 *
 * @param groups RFM groups (any of)
 * @param segments segment ids of the shop's profiler (any of)
 * @param minValue lower bound of value_365d
 * @param maxValue upper bound of value_365d
 * @param minChurnRisk lower bound of churn_risk (0..1)
 * @param maxChurnRisk upper bound of churn_risk (0..1)
 * @param lastSeenWithinDays only customers with an event in the last N days
 * @param limit page size
 * @param cursor where the previous page ended
 * @param productsPerCustomer recommended products per customer (0 = none)
 */
public record AudienceCriteria(List<String> groups, List<String> segments, Double minValue, Double maxValue,
                               Double minChurnRisk, Double maxChurnRisk, Integer lastSeenWithinDays, int limit,
                               AudienceCursor cursor, int productsPerCustomer) {

    /** The RFM groups a profile may have (docs/algorithms/profiling.md). */
    public static final Set<String> GROUPS = new LinkedHashSet<>(List.of("CHAMPIONS", "LOYAL", "ACTIVE", "NEW",
            "PROMISING", "NEEDS_ATTENTION", "AT_RISK", "PREVIOUSLY_LOYAL", "ALMOST_LOST", "DORMANT", "PROSPECTS"));

    public static final int MAX_PREVIEW = 500;
    public static final int MAX_EXPORT = 10_000_000;
    public static final int MAX_PRODUCTS = 20;
    /** The body of {@code POST …/audiences/preview} and {@code …/export}; empty means everyone. */
    public static final Schema SCHEMA = Schema.object("AudienceCriteria")
            .optional("groups", Schema.array(Schema.enumOf(GROUPS.toArray(String[]::new))).doc("RFM groups"))
            .optional("segments", Schema.array(Schema.string()).doc("segment ids"))
            .optional("min_value", Schema.number().min(0).doc("value_365d at least"))
            .optional("max_value", Schema.number().min(0))
            .optional("min_churn_risk", Schema.number().min(0).max(1))
            .optional("max_churn_risk", Schema.number().min(0).max(1))
            .optional("last_seen_within_days", Schema.integer().min(1).max(36_500))
            .optional("limit", Schema.integer().min(1).doc("preview: 1-" + MAX_PREVIEW + ", default 50; export:"
                    + " default everyone"))
            .optional("cursor", Schema.string().doc("next_cursor of the previous page"))
            .optional("products_per_customer", Schema.integer().min(0).max(MAX_PRODUCTS));
    static final Set<String> FIELDS = SCHEMA.propertyNames();

    /**
     * Parses criteria; {@code maxLimit} and {@code defaultLimit} differ between preview and export.
     *
     * @throws ServiceException 400 listing every bad field
     */
    public static AudienceCriteria parse(JsonObject body, int defaultLimit, int maxLimit, int defaultProducts) {
        List<ServiceException.FieldError> errors = new ArrayList<>();
        for (String key : body.fieldNames()) {
            if (!FIELDS.contains(key)) {
                errors.add(new ServiceException.FieldError(key, "unknown criterion; known: " + String.join(", ", FIELDS)));
            }
        }
        List<String> groups = strings(body, "groups", errors);
        for (String g : groups) {
            if (!GROUPS.contains(g)) {
                errors.add(new ServiceException.FieldError("groups", "unknown RFM group \"" + g + "\"; groups are "
                        + String.join(", ", GROUPS)));
                break;
            }
        }
        List<String> segments = strings(body, "segments", errors);
        Double minValue = number(body, "min_value", 0, Double.MAX_VALUE, errors);
        Double maxValue = number(body, "max_value", 0, Double.MAX_VALUE, errors);
        if (minValue != null && maxValue != null && minValue > maxValue) {
            errors.add(new ServiceException.FieldError("max_value", "must be at least min_value (" + minValue + "), got " + maxValue));
        }
        Double minRisk = number(body, "min_churn_risk", 0, 1, errors);
        Double maxRisk = number(body, "max_churn_risk", 0, 1, errors);
        if (minRisk != null && maxRisk != null && minRisk > maxRisk) {
            errors.add(new ServiceException.FieldError("max_churn_risk", "must be at least min_churn_risk (" + minRisk
                    + "), got " + maxRisk));
        }
        Integer lastSeen = integer(body, "last_seen_within_days", 1, 36_500, errors);
        Integer limit = integer(body, "limit", 1, maxLimit, errors);
        Integer products = integer(body, "products_per_customer", 0, MAX_PRODUCTS, errors);
        AudienceCursor cursor = null;
        Object rawCursor = body.getValue("cursor");
        if (rawCursor != null) {
            if (!(rawCursor instanceof String s) || AudienceCursor.decode(s).isEmpty()) {
                errors.add(new ServiceException.FieldError("cursor", "is not a cursor this API returned (use next_cursor"
                        + " of the previous page)"));
            } else {
                cursor = AudienceCursor.decode(s).get();
            }
        }
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors.get(0).key() + ": " + errors.get(0).message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
        }
        return new AudienceCriteria(groups, segments, minValue, maxValue, minRisk, maxRisk, lastSeen,
                limit == null ? defaultLimit : limit, cursor, products == null ? defaultProducts : products);
    }

    /** The stored profiles these criteria select, at {@code nowMs} (for the last-seen window). */
    AudienceFilter filter(long nowMs) {
        return new AudienceFilter(groups, segments, minValue, maxValue, minChurnRisk, maxChurnRisk,
                lastSeenWithinDays == null ? null : nowMs - lastSeenWithinDays * 86_400_000L);
    }

    private static List<String> strings(JsonObject body, String key, List<ServiceException.FieldError> errors) {
        Object v = body.getValue(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray array)) {
            errors.add(new ServiceException.FieldError(key, "must be an array of strings"));
            return List.of();
        }
        if (array.size() > 100) {
            errors.add(new ServiceException.FieldError(key, "may hold at most 100 values, got " + array.size()));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof String s) || s.isBlank()) {
                errors.add(new ServiceException.FieldError(key, "must contain only non-empty strings"));
                return List.of();
            }
            out.add(s);
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    private static Double number(JsonObject body, String key, double min, double max, List<ServiceException.FieldError> errors) {
        Object v = body.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            errors.add(new ServiceException.FieldError(key, "must be a number"));
            return null;
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            errors.add(new ServiceException.FieldError(key, max == Double.MAX_VALUE ? "must be at least " + fmt(min) + ", got " + d
                    : "must be between " + fmt(min) + " and " + fmt(max) + ", got " + d));
            return null;
        }
        return d;
    }

    private static Integer integer(JsonObject body, String key, int min, int max, List<ServiceException.FieldError> errors) {
        Object v = body.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > 1e12) {
            errors.add(new ServiceException.FieldError(key, "must be an integer"));
            return null;
        }
        long l = n.longValue();
        if (l < min || l > max) {
            errors.add(new ServiceException.FieldError(key, "must be between " + min + " and " + max + ", got " + l));
            return null;
        }
        return (int) l;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
