package dev.merchantry.api.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Common validators: numeric ranges, allowed values, non-blank strings.
 *
 * @since 0.1.0
 */
public final class Validators {

    private Validators() {
    }

    /**
     * Numbers {@code >= min}.
     *
     * @since 0.1.0
     */
    public static Validator atLeast(double min) {
        return range(min, null, true, true);
    }

    /**
     * Numbers {@code > min} (e.g. learning rates that must be positive).
     *
     * @since 0.1.0
     */
    public static Validator greaterThan(double min) {
        return range(min, null, false, true);
    }

    /**
     * Numbers in {@code [min, max]}.
     *
     * @since 0.1.0
     */
    public static Validator between(double min, double max) {
        return range(min, max, true, true);
    }

    /**
     * Numbers in {@code (min, max)}, e.g. probabilities strictly inside 0..1.
     *
     * @since 0.1.0
     */
    public static Validator openBetween(double min, double max) {
        return range(min, max, false, false);
    }

    private static Validator range(Double min, Double max, boolean minInclusive, boolean maxInclusive) {
        return new Validator() {
            @Override
            public Optional<String> check(Object value) {
                double v = ((Number) value).doubleValue();
                if (min != null && (minInclusive ? v < min : v <= min)) {
                    return Optional.of("must be " + (minInclusive ? "at least " : "greater than ") + fmt(min) + ", got " + fmt(v));
                }
                if (max != null && (maxInclusive ? v > max : v >= max)) {
                    return Optional.of("must be " + (maxInclusive ? "at most " : "less than ") + fmt(max) + ", got " + fmt(v));
                }
                return Optional.empty();
            }

            @Override
            public Map<String, Object> constraints() {
                Map<String, Object> c = new LinkedHashMap<>();
                if (min != null) {
                    c.put(minInclusive ? "min" : "exclusive_min", min);
                }
                if (max != null) {
                    c.put(maxInclusive ? "max" : "exclusive_max", max);
                }
                return c;
            }
        };
    }

    /**
     * Strings (or every element of a list) that are one of {@code allowed}.
     *
     * @since 0.1.0
     */
    public static Validator oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        return new Validator() {
            @Override
            public Optional<String> check(Object value) {
                if (value instanceof List<?>) {
                    for (Object o : (List<?>) value) {
                        if (!values.contains(o)) {
                            return Optional.of("must contain only " + String.join(", ", values) + "; got \"" + o + "\"");
                        }
                    }
                    return Optional.empty();
                }
                return values.contains(value) ? Optional.empty()
                        : Optional.of("must be one of " + String.join(", ", values) + "; got \"" + value + "\"");
            }

            @Override
            public Map<String, Object> constraints() {
                return Map.of("one_of", values);
            }
        };
    }

    /**
     * Strings that are not empty or blank.
     *
     * @since 0.1.0
     */
    public static Validator nonBlank() {
        return new Validator() {
            @Override
            public Optional<String> check(Object value) {
                return ((String) value).isBlank() ? Optional.of("must not be blank") : Optional.empty();
            }

            @Override
            public Map<String, Object> constraints() {
                return Map.of("non_blank", true);
            }
        };
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
