package dev.merchantry.platform.experiments.stats;

import java.util.Locale;
import java.util.Optional;

/** How a unit's outcome is modelled: a 0/1 conversion (binomial) or a non-negative amount such as revenue. */
public enum Metric {
    /** A unit converted or not (clicked, added to cart, ordered): binomial variance. */
    CONVERSION,
    /** A non-negative amount per unit (revenue per visitor): sample variance per arm (Welch). */
    REVENUE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Metric> of(String wire) {
        for (Metric m : values()) {
            if (m.wireName().equals(wire)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
