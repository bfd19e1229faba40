package dev.merchantry.platform.pricing;

import dev.merchantry.platform.service.ServiceException;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Reads the pricing requests' fields, collecting every problem so one 400 names them all. */
final class Fields {

    private Fields() {
    }

    static String requireString(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw ServiceException.field(key, v == null ? "is required" : "must be a non-empty string");
        }
        return s;
    }

    static String string(JsonObject o, String key, List<ServiceException.FieldError> errors) {
        Object v = o.getValue(key);
        if (v == null) {
            errors.add(new ServiceException.FieldError(key, "is required"));
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            errors.add(new ServiceException.FieldError(key, "must be a non-empty string"));
            return null;
        }
        return s;
    }

    /** A finite number ≥ 0 (or > 0 when {@code positive}); null when absent and not required. */
    static Double number(JsonObject o, String key, boolean required, boolean positive,
                         List<ServiceException.FieldError> errors) {
        Object v = o.getValue(key);
        if (v == null) {
            if (required) {
                errors.add(new ServiceException.FieldError(key, "is required"));
            }
            return null;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            errors.add(new ServiceException.FieldError(key, "must be a number, got " + describe(v)));
            return null;
        }
        double d = n.doubleValue();
        if (positive ? !(d > 0) : d < 0) {
            errors.add(new ServiceException.FieldError(key, (positive ? "must be greater than 0" : "must not be negative")
                    + ", got " + v));
            return null;
        }
        return d;
    }

    static void throwIfAny(String what, List<ServiceException.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(what + " has " + errors.size() + (errors.size() == 1 ? " invalid field: "
                    : " invalid fields: ") + String.join("; ", errors.stream().map(e -> e.key() + " " + e.message())
                    .toList()) + "; nothing was stored", errors);
        }
    }

    private static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : v instanceof Boolean ? "a boolean"
                : v instanceof JsonObject ? "an object" : v instanceof io.vertx.core.json.JsonArray ? "an array"
                : String.valueOf(v);
    }
}
