package dev.merchantry.platform.http;

import dev.merchantry.platform.service.Schema;
import io.vertx.ext.web.RoutingContext;

/**
 * A query parameter declared once: its name, type, range and default both document the operation (OpenAPI) and read
 * the request ({@link #intValue}, {@link #boolValue}, {@link #value}), so the two cannot disagree.
 */
public final class QueryParam {

    private final String name;
    private final Schema schema;
    private final int defaultInt;
    private final int min;
    private final int max;
    private final boolean defaultBool;

    private QueryParam(String name, Schema schema, int defaultInt, int min, int max, boolean defaultBool) {
        this.name = name;
        this.schema = schema;
        this.defaultInt = defaultInt;
        this.min = min;
        this.max = max;
        this.defaultBool = defaultBool;
    }

    /** A free string (an id, a name, a comma-separated list). */
    public static QueryParam string(String name, String doc) {
        return new QueryParam(name, Schema.string().doc(doc), 0, 0, 0, false);
    }

    /** One of these strings. */
    public static QueryParam oneOf(String name, String doc, String... values) {
        return new QueryParam(name, Schema.enumOf(values).doc(doc), 0, 0, 0, false);
    }

    /** An integer within {@code [min, max]}, {@code defaultValue} when absent; out of range is a 400 naming it. */
    public static QueryParam integer(String name, int defaultValue, int min, int max, String doc) {
        return new QueryParam(name, Schema.integer().min(min).max(max).defaultValue(defaultValue).doc(doc),
                defaultValue, min, max, false);
    }

    /** {@code true} or {@code false}, {@code defaultValue} when absent. */
    public static QueryParam bool(String name, boolean defaultValue, String doc) {
        return new QueryParam(name, Schema.bool().defaultValue(defaultValue).doc(doc), 0, 0, 0, defaultValue);
    }

    /** Loosely typed, for declarations that only name a JSON type ({@code string}, {@code integer}, {@code boolean}). */
    static QueryParam of(String name, String type, String doc) {
        Schema schema = switch (type) {
            case "integer" -> Schema.integer();
            case "boolean" -> Schema.bool();
            case "number" -> Schema.number();
            default -> Schema.string();
        };
        return new QueryParam(name, schema.doc(doc), 0, Integer.MIN_VALUE, Integer.MAX_VALUE, false);
    }

    public String name() {
        return name;
    }

    public Schema schema() {
        return schema;
    }

    public String doc() {
        return schema.description();
    }

    /** The raw value, or null when absent or blank. */
    public String value(RoutingContext ctx) {
        String raw = ctx.queryParams().get(name);
        return raw == null || raw.isBlank() ? null : raw;
    }

    /** The integer value, checked against the declared range. */
    public int intValue(RoutingContext ctx) {
        return Bodies.intParam(ctx, name, defaultInt, min, max);
    }

    public boolean boolValue(RoutingContext ctx) {
        return Bodies.boolParam(ctx, name, defaultBool);
    }
}
