package dev.merchantry.platform.jobs;

import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Sums the daily demand of each category's products: the group series a forecaster gets next to each product's own
 * (top-down seasonality, docs/algorithms/forecasting.md). Series are added one at a time (memory: one array per
 * category, not one per product) and aligned by date; a category's sum runs from its earliest product's first day
 * to its latest product's last. A product's stock-out day (NaN) adds nothing: censored demand is unknown, and with
 * many products in a category one missing day barely moves the total. Not thread-safe.
 */
final class CategoryDemand {

    private record Sum(LocalDate start, double[] values) {
    }

    private final Map<String, Sum> sums = new HashMap<>();

    /** Adds a daily product series to its category's sum; other frequencies and empty series are skipped. */
    void add(String category, TimeSeries series) {
        if (category == null || series.length() == 0 || series.frequency() != Frequency.DAILY) {
            return;
        }
        Sum sum = sums.get(category);
        LocalDate start = series.start();
        LocalDate end = series.date(series.length());
        if (sum != null) {
            LocalDate sumEnd = sum.start().plusDays(sum.values().length);
            start = sum.start().isBefore(start) ? sum.start() : start;
            end = sumEnd.isAfter(end) ? sumEnd : end;
        }
        double[] total = new double[(int) ChronoUnit.DAYS.between(start, end)];
        if (sum != null) {
            System.arraycopy(sum.values(), 0, total, (int) ChronoUnit.DAYS.between(start, sum.start()),
                    sum.values().length);
        }
        int offset = (int) ChronoUnit.DAYS.between(start, series.start());
        for (int t = 0; t < series.length(); t++) {
            double v = series.value(t);
            if (!Double.isNaN(v)) {
                total[offset + t] += v;
            }
        }
        sums.put(category, new Sum(start, total));
    }

    /** The category's summed series (id: the category), or null when none of its products was added. */
    TimeSeries of(String category) {
        Sum sum = category == null ? null : sums.get(category);
        return sum == null ? null : TimeSeries.of(category, Frequency.DAILY, sum.start(), sum.values());
    }
}
