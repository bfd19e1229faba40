package dev.merchantry.platform.experiments.stats;

import java.util.Locale;
import java.util.Optional;

/** How a unit's outcome is modelled: a 0/1 conversion (binomial) or an amount such as revenue. */
public enum Metric {
    /** A unit converted or not (clicked, added to cart, ordered): binomial variance. */
    CONVERSION,
    /**
     * An amount per unit (revenue per visitor, revenue or profit per product-day): sample variance per arm (Welch).
     * The lift is defined while control's mean is positive.
     */
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
