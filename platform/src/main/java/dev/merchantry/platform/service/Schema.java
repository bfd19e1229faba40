package dev.merchantry.platform.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) declared once in Java, next to the code that reads or
 * writes the JSON it describes; the OpenAPI document and the event-bus contract files are rendered from these
 * declarations. Immutable: every method returns a new schema.
 * <pre>{@code
 * static final Schema SHOP = Schema.object("Shop")
 *         .required("id", Schema.string().doc("slug"))
 *         .required("created_at", Schema.dateTime());
 * }</pre>
 * Objects are closed ({@code additionalProperties: false}): a field a reply gains must be declared, or the response
 * contract tests fail. {@link #open()} allows undeclared members, {@link #map(Schema)} is a dictionary.
 * A schema given a {@link #named name} is rendered once under that name and referenced elsewhere.
 */
public final class Schema {

    private final JsonObject keywords;
    private final Map<String, Schema> properties;
    private final List<String> required;
    private final Schema items;
    private final Schema additional;
    private final boolean closed;
    private final boolean nullable;
    private final String name;

    private Schema(JsonObject keywords, Map<String, Schema> properties, List<String> required, Schema items,
                   Schema additional, boolean closed, boolean nullable, String name) {
        this.keywords = keywords;
        this.properties = properties;
        this.required = required;
        this.items = items;
        this.additional = additional;
        this.closed = closed;
        this.nullable = nullable;
        this.name = name;
    }

    private static Schema typed(String type) {
        return new Schema(new JsonObject().put("type", type), null, List.of(), null, null, false, false, null);
    }

    public static Schema string() {
        return typed("string");
    }

    /** An ISO-8601 instant such as {@code 2026-01-31T12:00:00Z}. */
    public static Schema dateTime() {
        return string().format("date-time");
    }

    /** An ISO-8601 date such as {@code 2026-01-31}. */
    public static Schema date() {
        return string().format("date");
    }

    public static Schema integer() {
        return typed("integer");
    }

    public static Schema number() {
        return typed("number");
    }

    public static Schema bool() {
        return typed("boolean");
    }

    /** One of these strings. */
    public static Schema enumOf(String... values) {
        return string().with("enum", new JsonArray(List.of(values)));
    }

    /** Any JSON value (free-form data such as a plugin's configuration or an event's properties). */
    public static Schema any() {
        return new Schema(new JsonObject(), null, List.of(), null, null, false, false, null);
    }

    /** A closed object with no properties yet; add them with {@link #required} and {@link #optional}. */
    public static Schema object() {
        return new Schema(new JsonObject().put("type", "object"), new LinkedHashMap<>(), List.of(), null, null, true,
                false, null);
    }

    /** A closed object rendered once under {@code name} (a component of the OpenAPI document). */
    public static Schema object(String name) {
        return object().named(name);
    }

    /** A dictionary: any keys, each value of {@code values}. */
    public static Schema map(Schema values) {
        return new Schema(new JsonObject().put("type", "object"), null, List.of(), null, values, false, false, null);
    }

    public static Schema array(Schema items) {
        return new Schema(new JsonObject().put("type", "array"), null, List.of(), items, null, false, false, null);
    }

    private Schema copy(JsonObject keywords, Map<String, Schema> properties, List<String> required, boolean closed,
                        boolean nullable, String name) {
        return new Schema(keywords, properties, required, items, additional, closed, nullable, name);
    }

    private Schema with(String keyword, Object value) {
        return copy(keywords.copy().put(keyword, value), properties, required, closed, nullable, name);
    }

    public Schema doc(String description) {
        return with("description", description);
    }

    public Schema format(String format) {
        return with("format", format);
    }

    public Schema min(Number minimum) {
        return with("minimum", minimum);
    }

    public Schema exclusiveMin(Number bound) {
        return with("exclusiveMinimum", bound);
    }

    public Schema max(Number maximum) {
        return with("maximum", maximum);
    }

    public Schema defaultValue(Object value) {
        return with("default", value);
    }

    public Schema maxItems(int n) {
        return with("maxItems", n);
    }

    public Schema minItems(int n) {
        return with("minItems", n);
    }

    /** The fewest characters a string may have. */
    public Schema minLength(int n) {
        return with("minLength", n);
    }

    /** The most characters a string may have. */
    public Schema maxLength(int n) {
        return with("maxLength", n);
    }

    /** Null is a valid value too. */
    public Schema nullable() {
        return copy(keywords, properties, required, closed, true, name);
    }

    /** Rendered once under {@code name} and referenced wherever it is used. */
    public Schema named(String componentName) {
        return copy(keywords, properties, required, closed, nullable, componentName);
    }

    /** Members not declared are allowed (e.g. extension members, plugin-defined metrics). */
    public Schema open() {
        return copy(keywords, properties, required, false, nullable, name);
    }

    /** A property that is always present. */
    public Schema required(String property, Schema schema) {
        Schema s = optional(property, schema);
        List<String> req = new ArrayList<>(required);
        req.add(property);
        return s.copy(s.keywords, s.properties, List.copyOf(req), closed, nullable, name);
    }

    /** A property that may be absent. */
    public Schema optional(String property, Schema schema) {
        if (properties == null) {
            throw new IllegalStateException("only object schemas have properties");
        }
        Map<String, Schema> props = new LinkedHashMap<>(properties);
        props.put(property, schema);
        return copy(keywords, props, required, closed, nullable, name);
    }

    /** The same object with every property optional (e.g. a partial update of it). */
    public Schema allOptional() {
        return copy(keywords, properties, List.of(), closed, nullable, name);
    }

    /** An object's property names, in declaration order (e.g. the fields a request may have). */
    public java.util.Set<String> propertyNames() {
        return properties == null ? java.util.Set.of()
                : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(properties.keySet()));
    }

    /** The schema of an object's property, or null when it has none of that name. */
    public Schema property(String property) {
        return properties == null ? null : properties.get(property);
    }

    /** A keyword's value ({@code minimum}, {@code maximum}, {@code default} …), or null when not declared. */
    public Object keyword(String keyword) {
        return keywords.getValue(keyword);
    }

    /** The component name, or null when rendered inline. */
    public String name() {
        return name;
    }

    /** The JSON types this schema accepts ({@code type}), null for {@link #any()}. */
    public String type() {
        return keywords.getString("type");
    }

    public String description() {
        return keywords.getString("description");
    }

    /** Rendered inline, named schemas included, for the standalone contract files. */
    public JsonObject toJson() {
        return render(null, null);
    }

    /**
     * Rendered with each named schema replaced by {@code {"$ref": refPrefix + name}} and put in {@code components}
     * (rendered the same way), e.g. {@code "#/components/schemas/"} for OpenAPI or {@code "#/$defs/"} for a file.
     */
    public JsonObject toJson(String refPrefix, Map<String, JsonObject> components) {
        return render(refPrefix, components);
    }

    private JsonObject render(String refPrefix, Map<String, JsonObject> components) {
        if (name != null && components != null) {
            JsonObject existing = components.get(name);
            if (existing == null) {
                components.put(name, new JsonObject()); // reserve the name first: a self-referring schema then ends in a $ref, not a loop
                components.put(name, unnamed().render(refPrefix, components));
            }
            JsonObject ref = new JsonObject().put("$ref", refPrefix + name);
            return nullable ? new JsonObject().put("anyOf", new JsonArray().add(ref)
                    .add(new JsonObject().put("type", "null"))) : ref;
        }
        JsonObject out = keywords.copy();
        if (nullable) {
            if (out.containsKey("type")) {
                out.put("type", new JsonArray().add(out.getString("type")).add("null"));
                if (out.containsKey("enum")) {
                    out.put("enum", out.getJsonArray("enum").copy().addNull());
                }
            }
        }
        if (properties != null) {
            JsonObject props = new JsonObject();
            properties.forEach((k, v) -> props.put(k, v.render(refPrefix, components)));
            out.put("properties", props);
            if (!required.isEmpty()) {
                out.put("required", new JsonArray(new ArrayList<>(required)));
            }
            if (closed) {
                out.put("additionalProperties", false);
            }
        }
        if (additional != null) {
            out.put("additionalProperties", additional.render(refPrefix, components));
        }
        if (items != null) {
            out.put("items", items.render(refPrefix, components));
        }
        return out;
    }

    /** The same schema rendered in place, not as a reference (e.g. as the root of a file). */
    public Schema inline() {
        return unnamed();
    }

    private Schema unnamed() {
        return new Schema(keywords, properties, required, items, additional, closed, false, null);
    }

    @Override
    public String toString() {
        return toJson().encode();
    }
}
