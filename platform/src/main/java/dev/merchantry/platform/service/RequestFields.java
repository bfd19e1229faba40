package dev.merchantry.platform.service;

import io.vertx.core.json.JsonObject;

/**
 * Reads the fields of a JSON request body the way the request/reply services do (serving, profiles, and the bus's
 * own envelope): a missing, mistyped or out-of-range field is a {@link ServiceException} naming it.
 */
public final class RequestFields {

    private RequestFields() {
    }

    /** A non-blank string; "is required" when absent or blank, "must be a string" when of another type. */
    public static String requireString(JsonObject o, String key) {
        String s = optionalString(o, key);
        if (s == null || s.isBlank()) {
            throw ServiceException.field(key, "is required");
        }
        return s;
    }

    /** A string, or null when absent or blank. */
    public static String optionalString(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ServiceException.field(key, "must be a string");
        }
        return s.isBlank() ? null : s;
    }

    /**
     * An integer field read as its declaration says: {@code declared}'s property {@code key} gives the range
     * ({@code minimum}, {@code maximum}) and the value when absent ({@code default}), so the request's schema and
     * its parsing cannot disagree.
     */
    public static int intField(JsonObject o, Schema declared, String key) {
        Schema field = declared.property(key);
        if (field == null || !"integer".equals(field.type()) || !(field.keyword("default") instanceof Number def)) {
            throw new IllegalArgumentException(key + " is not an integer property with a default in " + declared);
        }
        return intField(o, key, def.intValue(), bound(field, "minimum", Integer.MIN_VALUE),
                bound(field, "maximum", Integer.MAX_VALUE));
    }

    /** A bound keyword of an integer schema, {@code otherwise} when not declared. */
    public static int bound(Schema field, String keyword, int otherwise) {
        return field.keyword(keyword) instanceof Number n ? n.intValue() : otherwise;
    }

    /** An integer (a JSON number or a decimal string) within {@code [min, max]}; {@code def} when absent. */
    public static int intField(JsonObject o, String key, int def, int min, int max) {
        Object v = o.getValue(key);
        if (v == null) {
            return def;
        }
        long value;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            value = n.longValue();
        } else if (v instanceof String s && s.matches("-?\\d{1,9}")) {
            value = Long.parseLong(s);
        } else {
            throw ServiceException.field(key, "must be an integer");
        }
        if (value < min || value > max) {
            throw ServiceException.field(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }
}
