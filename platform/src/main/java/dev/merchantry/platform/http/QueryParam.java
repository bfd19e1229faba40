package dev.merchantry.platform.http;

import dev.merchantry.platform.service.RequestFields;
import dev.merchantry.platform.service.Schema;
import io.vertx.ext.web.RoutingContext;

/**
 * A query parameter declared once: its {@link Schema} (type, range, default) both documents the operation (OpenAPI)
 * and reads the request ({@link #intValue}, {@link #boolValue}, {@link #value}), so the two cannot disagree. A
 * parameter that mirrors a field of an event-bus request takes that field's schema ({@link #of(String, Schema)}).
 */
public final class QueryParam {

    private final String name;
    private final Schema schema;

    private QueryParam(String name, Schema schema) {
        this.name = name;
        this.schema = schema;
    }

    /** A parameter typed by {@code schema} (e.g. a property of a request schema). */
    public static QueryParam of(String name, Schema schema) {
        return new QueryParam(name, schema);
    }

    /** A free string (an id, a name, a comma-separated list). */
    public static QueryParam string(String name, String doc) {
        return new QueryParam(name, Schema.string().doc(doc));
    }

    /** One of these strings. */
    public static QueryParam oneOf(String name, String doc, String... values) {
        return new QueryParam(name, Schema.enumOf(values).doc(doc));
    }

    /** An integer within {@code [min, max]}, {@code defaultValue} when absent; out of range is a 400 naming it. */
    public static QueryParam integer(String name, int defaultValue, int min, int max, String doc) {
        return new QueryParam(name, Schema.integer().min(min).max(max).defaultValue(defaultValue).doc(doc));
    }

    /** {@code true} or {@code false}, {@code defaultValue} when absent. */
    public static QueryParam bool(String name, boolean defaultValue, String doc) {
        return new QueryParam(name, Schema.bool().defaultValue(defaultValue).doc(doc));
    }

    /** Loosely typed, for declarations that only name a JSON type ({@code string}, {@code integer}, {@code boolean}). */
    static QueryParam of(String name, String type, String doc) {
        Schema schema = switch (type) {
            case "integer" -> Schema.integer();
            case "boolean" -> Schema.bool();
            case "number" -> Schema.number();
            default -> Schema.string();
        };
        return new QueryParam(name, schema.doc(doc));
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

    /** The integer value, checked against the declared range; the declared default when absent. */
    public int intValue(RoutingContext ctx) {
        if (!"integer".equals(schema.type()) || !(schema.keyword("default") instanceof Number def)) {
            throw new IllegalStateException(name + " is not declared as an integer with a default");
        }
        return Bodies.intParam(ctx, name, def.intValue(), RequestFields.bound(schema, "minimum", Integer.MIN_VALUE),
                RequestFields.bound(schema, "maximum", Integer.MAX_VALUE));
    }

    /** The boolean value; the declared default when absent. */
    public boolean boolValue(RoutingContext ctx) {
        if (!"boolean".equals(schema.type()) || !(schema.keyword("default") instanceof Boolean def)) {
            throw new IllegalStateException(name + " is not declared as a boolean with a default");
        }
        return Bodies.boolParam(ctx, name, def);
    }
}
