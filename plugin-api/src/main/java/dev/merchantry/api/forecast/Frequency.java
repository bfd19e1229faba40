package dev.merchantry.api.forecast;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Sampling frequency of a time series, with its calendar step and usual seasonal cycles.
 *
 * @since 0.1.0
 */
public enum Frequency {
    DAILY("daily", ChronoUnit.DAYS, 1, new double[] {7, 365.25}),
    WEEKLY("weekly", ChronoUnit.WEEKS, 1, new double[] {365.25 / 7}),
    MONTHLY("monthly", ChronoUnit.MONTHS, 1, new double[] {12}),
    QUARTERLY("quarterly", ChronoUnit.MONTHS, 3, new double[] {4}),
    YEARLY("yearly", ChronoUnit.YEARS, 1, new double[] {});

    private final String wireName;
    private final ChronoUnit unit;
    private final int unitsPerStep;
    private final double[] seasonalPeriods;

    Frequency(String wireName, ChronoUnit unit, int unitsPerStep, double[] seasonalPeriods) {
        this.wireName = wireName;
        this.unit = unit;
        this.unitsPerStep = unitsPerStep;
        this.seasonalPeriods = seasonalPeriods;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * Seasonal cycles in periods, shortest first: daily data has a weekly (7) and a yearly (365.25) cycle, weekly
     * data a yearly one (52.18), monthly 12, quarterly 4, yearly none. Non-integer periods are real: a year is not a
     * whole number of weeks.
     *
     * @since 0.1.0
     */
    public double[] seasonalPeriods() {
        return seasonalPeriods.clone();
    }

    /**
     * The main seasonal period, or 1 when the frequency has none.
     *
     * @since 0.1.0
     */
    public double primarySeasonalPeriod() {
        return seasonalPeriods.length == 0 ? 1 : seasonalPeriods[0];
    }

    /**
     * The date {@code steps} periods after {@code date} (negative steps go back).
     *
     * @since 0.1.0
     */
    public LocalDate plus(LocalDate date, long steps) {
        return date.plus(steps * unitsPerStep, unit);
    }

    public static Optional<Frequency> fromWireName(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.wireName.equals(n)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
