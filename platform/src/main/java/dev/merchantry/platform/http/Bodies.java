package dev.merchantry.platform.http;

import dev.merchantry.platform.service.ServiceException;
import dev.merchantry.platform.service.TextRules;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads request bodies and parameters, turning every malformed or mistyped value into a 400 naming the field. */
public final class Bodies {

    private Bodies() {
    }

    /**
     * The body as a JSON object; 400 if it is missing, not JSON, not an object, or if any key or string in it breaks
     * the {@link TextRules} (each named by its JSON path). {@code freeTextFields} are the top-level fields that are
     * free text (tab, newline and carriage return allowed); every other string is an identifier or short name.
     */
    public static JsonObject object(RoutingContext ctx, String... freeTextFields) {
        Buffer buffer = ctx.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            throw ServiceException.malformed("request body is empty; expected a JSON object");
        }
        Object parsed;
        try {
            parsed = io.vertx.core.json.Json.decodeValue(buffer);
        } catch (DecodeException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            int nl = m.indexOf('\n');
            throw ServiceException.malformed("request body is not valid JSON: " + (nl < 0 ? m : m.substring(0, nl)));
        }
        List<String> freeText = List.of(freeTextFields);
        List<ServiceException.FieldError> errors = new ArrayList<>();
        TextRules.check(parsed, "", freeText::contains, (field, message) -> errors.add(
                new ServiceException.FieldError(field, message)));
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors.size() == 1 ? errors.get(0).key() + ": " + errors.get(0).message()
                    : errors.size() + " fields hold text that cannot be stored: " + errors.stream()
                    .map(ServiceException.FieldError::key).collect(Collectors.joining(", ")), errors);
        }
        if (!(parsed instanceof JsonObject o)) {
            throw ServiceException.malformed("request body must be a JSON object");
        }
        return o;
    }

    public static Optional<String> optionalString(JsonObject body, String key) {
        Object v = body.getValue(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw ServiceException.field(key, "must be a string");
        }
        return Optional.of(s);
    }

    public static String requiredString(JsonObject body, String key) {
        return optionalString(body, key).filter(s -> !s.isBlank())
                .orElseThrow(() -> ServiceException.field(key, "is required"));
    }

    public static Optional<Boolean> optionalBoolean(JsonObject body, String key) {
        Object v = body.getValue(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Boolean b)) {
            throw ServiceException.field(key, "must be true or false");
        }
        return Optional.of(b);
    }

    public static JsonObject optionalObject(JsonObject body, String key) {
        Object v = body.getValue(key);
        if (v == null) {
            return new JsonObject();
        }
        if (!(v instanceof JsonObject o)) {
            throw ServiceException.field(key, "must be a JSON object");
        }
        return o;
    }

    /** An integer query parameter within [min, max], or the default when absent. */
    public static int intParam(RoutingContext ctx, String name, int defaultValue, int min, int max) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ServiceException.field(name, "must be an integer, got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw ServiceException.field(name, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** A boolean query parameter ({@code true}/{@code false}), or the default when absent. */
    public static boolean boolParam(RoutingContext ctx, String name, boolean defaultValue) {
        String raw = ctx.queryParams().get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ServiceException.field(name, "must be true or false, got '" + raw + "'");
        };
    }
}
