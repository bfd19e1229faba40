package @PACKAGE@;

import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exponential smoothing worked out by hand. */
class @CLASS@ForecasterTest {

    /** The hand computations below carry about 5 significant digits. */
    private static final double TOLERANCE = 1e-4;

    private static ForecastModel fit(double alpha, double... values) {
        @CLASS@Forecaster strategy = new @CLASS@Forecaster();
        return strategy.fit(TimeSeries.of("p1", Frequency.DAILY, LocalDate.of(2026, 1, 1), values),
                strategy.descriptor().configSpec().parse(Map.of("alpha", alpha)),
                OfflineContext.at(Instant.parse("2026-02-01T00:00:00Z")));
    }

    @Test
    void levelAndIntervalsFollowTheSmoothingEquations() {
        // alpha 0.5 on 10, 12, 8, 10: level 10 -> 11 (error 2) -> 9.5 (error -3) -> 9.75 (error 0.5).
        // sigma^2 = (4 + 9 + 0.25) / 3 = 4.41667, sigma = 2.10159; z(97.5%) = 1.95996.
        // Step 1: 9.75 +- 1.95996 * 2.10159 = [5.63097, 13.86903].
        // Step 2: sd = 2.10159 * sqrt(1 + 0.25) = 2.34965, so 9.75 +- 4.60522 = [5.14478, 14.35522].
        Forecast f = fit(0.5, 10, 12, 8, 10).forecast(2, 95);
        assertEquals(9.75, f.mean()[0], TOLERANCE);
        assertEquals(9.75, f.mean()[1], TOLERANCE);
        assertEquals(5.63097, f.interval(95).orElseThrow().lower()[0], TOLERANCE);
        assertEquals(13.86903, f.interval(95).orElseThrow().upper()[0], TOLERANCE);
        assertEquals(5.14478, f.interval(95).orElseThrow().lower()[1], TOLERANCE);
        assertEquals(14.35522, f.interval(95).orElseThrow().upper()[1], TOLERANCE);
    }

    @Test
    void unobservedPeriodsAreSkippedNotTakenAsZeroDemand() {
        // 10, NaN, 12: one update, level 10 + 0.5 * 2 = 11.
        assertEquals(11.0, fit(0.5, 10, Double.NaN, 12).forecast(1, 80).mean()[0], TOLERANCE);
    }

    @Test
    void anEmptySeriesForecastsZeroDemand() {
        Forecast f = fit(0.3).forecast(3, 80, 95);
        assertEquals(0.0, f.mean()[2], 0);
        assertEquals(0.0, f.interval(95).orElseThrow().upper()[2], 0);
    }
}
