package dev.merchantry.api.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The value types a configuration key can have. Each type accepts its natural JSON form and, so that CLI flags
 * like {@code --set factors=50} work, the same value written as a string.
 *
 * @since 0.1.0
 */
public enum ConfigType {
    BOOLEAN("boolean"),
    INT("int"),
    LONG("long"),
    DOUBLE("double"),
    STRING("string"),
    /** A list of strings; accepts a JSON array or a comma-separated string. */
    LIST("list");

    private final String wireName;

    ConfigType(String wireName) {
        this.wireName = wireName;
    }

    /**
     * Lower-case name used in JSON, e.g. {@code int}.
     *
     * @since 0.1.0
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Converts a raw value (from JSON or a string) to this type's Java representation: Boolean, Integer, Long,
     * Double, String or {@code List<String>}.
     *
     * @throws IllegalArgumentException with a message fit for a user when the value has the wrong type
     * @since 0.1.0
     */
    public Object parse(Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException("must not be null");
        }
        switch (this) {
            case BOOLEAN:
                if (raw instanceof Boolean) {
                    return raw;
                }
                if (raw instanceof String) {
                    String s = ((String) raw).trim().toLowerCase(Locale.ROOT);
                    if (s.equals("true") || s.equals("false")) {
                        return Boolean.valueOf(s);
                    }
                }
                throw new IllegalArgumentException("must be a boolean (true or false), got " + describe(raw));
            case INT: {
                long v = wholeNumber(raw, "an integer");
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("must be an integer between " + Integer.MIN_VALUE + " and "
                            + Integer.MAX_VALUE + ", got " + describe(raw));
                }
                return (int) v;
            }
            case LONG:
                return wholeNumber(raw, "an integer");
            case DOUBLE: {
                double d;
                if (raw instanceof Number) {
                    d = ((Number) raw).doubleValue();
                } else if (raw instanceof String) {
                    try {
                        d = Double.parseDouble(((String) raw).trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("must be a number, got " + describe(raw));
                    }
                } else {
                    throw new IllegalArgumentException("must be a number, got " + describe(raw));
                }
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("must be a finite number, got " + describe(raw));
                }
                return d;
            }
            case STRING:
                if (raw instanceof String) {
                    return raw;
                }
                throw new IllegalArgumentException("must be a string, got " + describe(raw));
            case LIST:
                if (raw instanceof Collection<?>) {
                    List<String> out = new ArrayList<>();
                    for (Object o : (Collection<?>) raw) {
                        if (!(o instanceof String)) {
                            throw new IllegalArgumentException("must be a list of strings, got an element " + describe(o));
                        }
                        out.add((String) o);
                    }
                    return List.copyOf(out);
                }
                if (raw instanceof String) {
                    String s = ((String) raw).trim();
                    return s.isEmpty() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
                }
                throw new IllegalArgumentException("must be a list of strings, got " + describe(raw));
            default:
                throw new AssertionError(this);
        }
    }

    private static long wholeNumber(Object raw, String what) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Number) {
            double d = ((Number) raw).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
            throw new IllegalArgumentException("must be " + what + ", got " + describe(raw));
        }
        if (raw instanceof String) {
            try {
                return Long.parseLong(((String) raw).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be " + what + ", got " + describe(raw));
            }
        }
        throw new IllegalArgumentException("must be " + what + ", got " + describe(raw));
    }

    private static String describe(Object raw) {
        if (raw instanceof String) {
            return "\"" + raw + "\"";
        }
        String type = raw instanceof Number ? "number" : raw instanceof Boolean ? "boolean"
                : raw instanceof Collection<?> ? "list" : raw instanceof java.util.Map<?, ?> ? "object"
                : raw.getClass().getSimpleName();
        return type + " " + raw;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
