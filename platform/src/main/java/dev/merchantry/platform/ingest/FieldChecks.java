package dev.merchantry.platform.ingest;

import dev.merchantry.platform.service.TextRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads typed fields out of one submitted JSON record and collects every problem (rather than stopping at the
 * first), each named by its full path such as {@code properties.products[2].price}; a field's first problem is the
 * one reported. Every string read is an identifier or short name under the {@link TextRules}.
 */
final class FieldChecks {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    final List<FieldProblem> problems = new ArrayList<>();

    void problem(String field, String message) {
        if (problems.stream().noneMatch(p -> p.field().equals(field))) {
            problems.add(new FieldProblem(field, message));
        }
    }

    /**
     * Checks every key and string value of {@code record} against the {@link TextRules} first, so a value no
     * database can hold is reported as such (and never echoed back in another message); strings at paths that
     * {@code freeText} accepts may hold tabs and newlines.
     */
    void text(JsonObject record, Predicate<String> freeText) {
        TextRules.check(record, "", freeText, this::problem);
    }

    boolean ok() {
        return problems.isEmpty();
    }

    static String path(String prefix, String key) {
        return TextRules.member(prefix, key);
    }

    /** A string of 1..maxLength characters, or null when absent (a problem when required). */
    String string(JsonObject o, String prefix, String key, boolean required, int maxLength) {
        Object v = o.getValue(key);
        String field = path(prefix, key);
        if (v == null) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        if (v instanceof Number n && !(v instanceof Double) && !(v instanceof Float)) {
            v = n.toString(); // numeric ids (e.g. 1234) are common in shop systems; keep them as their digits
        }
        if (!(v instanceof String s)) {
            problem(field, "must be a string");
            return null;
        }
        String bad = TextRules.problem(s, false);
        if (bad != null) {
            problem(field, bad);
            return null;
        }
        if (s.isBlank()) {
            problem(field, "must not be empty");
            return null;
        }
        if (s.length() > maxLength) {
            problem(field, "must be at most " + maxLength + " characters, got " + s.length());
            return null;
        }
        return s;
    }

    /** A finite number within [min, max] (min exclusive when asked), or null when absent. */
    Double number(JsonObject o, String prefix, String key, boolean required, double min, boolean minExclusive,
                  double max) {
        Object v = o.getValue(key);
        String field = path(prefix, key);
        if (v == null) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else if (v instanceof String s && !s.isBlank()) {
            // Some shop systems send money as strings ("19.90"); accept them when they are plain numbers.
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                problem(field, "must be a number, got '" + s + "'");
                return null;
            }
        } else {
            problem(field, "must be a number");
            return null;
        }
        if (!Double.isFinite(d)) {
            problem(field, "must be a finite number");
            return null;
        }
        if (minExclusive ? d <= min : d < min) {
            problem(field, "must be " + (minExclusive ? "greater than " : "at least ") + format(min) + ", got "
                    + format(d));
            return null;
        }
        if (d > max) {
            problem(field, "must be at most " + format(max) + ", got " + format(d));
            return null;
        }
        return d;
    }

    Boolean bool(JsonObject o, String prefix, String key) {
        return typed(o, prefix, key, Boolean.class, "must be true or false");
    }

    /** The value of {@code key} if it has type {@code type}; null when absent or (a problem) of another type. */
    private <T> T typed(JsonObject o, String prefix, String key, Class<T> type, String message) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            problem(path(prefix, key), message);
            return null;
        }
        return type.cast(v);
    }

    String currency(JsonObject o, String prefix, String key) {
        String c = string(o, prefix, key, false, 3);
        if (c != null && !CURRENCY.matcher(c).matches()) {
            problem(path(prefix, key), "must be an ISO 4217 code of three capital letters, e.g. EUR");
            return null;
        }
        return c;
    }

    /** An ISO-8601 date-time with an offset, between 1970 and {@code latest}. */
    Instant timestamp(JsonObject o, String prefix, String key, Instant latest) {
        Object v = o.getValue(key);
        String field = path(prefix, key);
        if (v == null) {
            problem(field, "is required");
            return null;
        }
        if (!(v instanceof String s)) {
            problem(field, "must be an ISO-8601 date-time string such as 2026-11-20T14:03:11Z");
            return null;
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException e) {
            problem(field, "must be an ISO-8601 date-time with a UTC offset such as 2026-11-20T14:03:11Z, got '"
                    + s + "'");
            return null;
        }
        if (t.isBefore(Instant.EPOCH)) {
            problem(field, "must not be before 1970-01-01");
            return null;
        }
        if (t.isAfter(latest)) {
            problem(field, "is more than 24 hours in the future (" + s + "); check the sender's clock");
            return null;
        }
        return t;
    }

    JsonObject object(JsonObject o, String prefix, String key) {
        return typed(o, prefix, key, JsonObject.class, "must be a JSON object");
    }

    JsonArray array(JsonObject o, String prefix, String key) {
        return typed(o, prefix, key, JsonArray.class, "must be a JSON array");
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
