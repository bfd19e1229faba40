package dev.merchantry.api.forecast;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A regularly spaced series of demand (units per period), oldest first. {@code NaN} marks periods whose demand was
 * not observed: missing data, or stock-out periods where sales understate demand. Forecasters must treat them as
 * missing, not as zero demand.
 *
 * @param id the series id (usually the product id)
 * @param frequency spacing of the observations
 * @param start date of the first observation
 * @param values observations; may contain {@code NaN}, may be empty
 * @param seasonalPeriod the seasonal cycle to model, in periods (e.g. 7 for daily data with a weekly cycle);
 *        1 for none. Usually {@link Frequency#primarySeasonalPeriod()}, overridable by users.
 * @since 0.1.0
 */
public record TimeSeries(String id, Frequency frequency, LocalDate start, double[] values, double seasonalPeriod) {

    public TimeSeries {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(start, "start");
        values = values.clone();
        if (!(seasonalPeriod >= 1)) {
            throw new IllegalArgumentException("seasonalPeriod must be at least 1, got " + seasonalPeriod);
        }
    }

    /**
     * A series with the frequency's primary seasonal period.
     *
     * @since 0.1.0
     */
    public static TimeSeries of(String id, Frequency frequency, LocalDate start, double[] values) {
        return new TimeSeries(id, frequency, start, values, frequency.primarySeasonalPeriod());
    }

    public int length() {
        return values.length;
    }

    /**
     * A copy of the observations.
     *
     * @since 0.1.0
     */
    @Override
    public double[] values() {
        return values.clone();
    }

    public double value(int i) {
        return values[i];
    }

    /**
     * Date of observation {@code i}; {@code i >= length()} gives future dates.
     *
     * @since 0.1.0
     */
    public LocalDate date(int i) {
        return frequency.plus(start, i);
    }

    /**
     * Number of observed (non-NaN) values.
     *
     * @since 0.1.0
     */
    public int observedCount() {
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }
}
