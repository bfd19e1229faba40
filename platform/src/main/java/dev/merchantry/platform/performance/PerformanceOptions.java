package dev.merchantry.platform.performance;

import java.time.Duration;

/**
 * How outcomes are attributed and how long raw impressions are kept.
 *
 * @param attributionWindow how long after a recommendation a click, cart add or order still counts for it
 * @param impressionRetentionDays days of raw impressions kept; older days live on as daily aggregates only
 * @param compactEvery how often closed days are aggregated, old impressions deleted and the gauges refreshed
 */
public record PerformanceOptions(Duration attributionWindow, int impressionRetentionDays, Duration compactEvery) {

    public static final Duration DEFAULT_ATTRIBUTION_WINDOW = Duration.ofDays(7);
    public static final int DEFAULT_IMPRESSION_RETENTION_DAYS = 30;
    public static final Duration DEFAULT_COMPACT_EVERY = Duration.ofMinutes(10);

    public PerformanceOptions {
        if (attributionWindow.isNegative() || attributionWindow.isZero() || attributionWindow.toDays() > 90) {
            throw new IllegalArgumentException("the attribution window must be between 1 ms and 90 days, got "
                    + attributionWindow);
        }
        // A day is aggregated once its window has closed; its raw impressions must still be there then.
        long minimum = attributionWindow.toDays() + 2;
        if (impressionRetentionDays < minimum) {
            throw new IllegalArgumentException("impressions must be kept at least the attribution window + 2 days ("
                    + minimum + "), got " + impressionRetentionDays);
        }
        if (compactEvery.toMillis() < 10) {
            throw new IllegalArgumentException("compactEvery must be at least 10 ms, got " + compactEvery);
        }
    }

    public static PerformanceOptions defaults() {
        return new PerformanceOptions(DEFAULT_ATTRIBUTION_WINDOW, DEFAULT_IMPRESSION_RETENTION_DAYS,
                DEFAULT_COMPACT_EVERY);
    }

    public PerformanceOptions withAttributionWindow(Duration window) {
        return new PerformanceOptions(window, impressionRetentionDays, compactEvery);
    }

    public PerformanceOptions withImpressionRetentionDays(int days) {
        return new PerformanceOptions(attributionWindow, days, compactEvery);
    }

    public PerformanceOptions withCompactEvery(Duration every) {
        return new PerformanceOptions(attributionWindow, impressionRetentionDays, every);
    }
}
