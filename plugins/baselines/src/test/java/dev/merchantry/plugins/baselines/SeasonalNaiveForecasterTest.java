package dev.merchantry.plugins.baselines;

import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.PredictionInterval;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.plugins.baselines.seasonal.SeasonalNaiveForecaster;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeasonalNaiveForecasterTest {

    private static final double TOLERANCE = 1e-4;
    private final SeasonalNaiveForecaster strategy = new SeasonalNaiveForecaster();

    private ForecastModel fit(double[] values, double period, Map<String, Object> config) {
        TimeSeries s = new TimeSeries("p", Frequency.QUARTERLY, LocalDate.of(2024, 1, 1), values, period);
        return strategy.fit(s, strategy.descriptor().configSpec().parse(config), OfflineContext.create());
    }

    @Test
    void repeatsTheLastSeasonWithWideningIntervals() {
        // Hand computation (FPP3 table 5.2): last season 2,3,4,5; seasonal differences 1,1,1,1 so sigma = 1;
        // 80% at h=1: 2 ± 1.28155; at h=5 (k=1): 2 ± 1.28155*sqrt(2) = 2 ± 1.81238.
        ForecastModel model = fit(new double[] {1, 2, 3, 4, 2, 3, 4, 5}, 4, Map.of());
        Forecast f = model.forecast(8, 80, 95);
        assertArrayEquals(new double[] {2, 3, 4, 5, 2, 3, 4, 5}, f.mean(), TOLERANCE);
        PredictionInterval i80 = f.interval(80).orElseThrow();
        assertEquals(0.71845, i80.lower()[0], TOLERANCE);
        assertEquals(3.28155, i80.upper()[0], TOLERANCE);
        assertEquals(0.18762, i80.lower()[4], TOLERANCE);
        assertEquals(3.81238, i80.upper()[4], TOLERANCE);
        PredictionInterval i95 = f.interval(95).orElseThrow();
        assertEquals(2 - 1.95996, i95.lower()[0], TOLERANCE);
        // h=5: 2 - 1.95996*sqrt(2) = -0.77181, clipped at 0 because demand cannot be negative.
        assertEquals(0.0, i95.lower()[4], TOLERANCE);
        assertEquals(2 + 1.95996, i95.upper()[0], TOLERANCE);
        assertEquals("Seasonal naive method [4]", model.description());
    }

    @Test
    void gapsShortEmptyAndConstantSeriesNeverFail() {
        // Position of step 1 is unobserved in the last season: the season before supplies it.
        Forecast gap = fit(new double[] {1, 2, 3, 4, Double.NaN, 3, 4, 5}, 4, Map.of()).forecast(1, 80);
        assertEquals(1, gap.mean()[0], TOLERANCE);
        Forecast shortSeries = fit(new double[] {7, 9}, 4, Map.of()).forecast(3, 80);
        assertArrayEquals(new double[] {9, 9, 9}, shortSeries.mean(), TOLERANCE);
        Forecast empty = fit(new double[] {Double.NaN, Double.NaN}, 4, Map.of()).forecast(2, 80, 95);
        assertArrayEquals(new double[] {0, 0}, empty.mean(), TOLERANCE);
        Forecast none = fit(new double[0], 7, Map.of()).forecast(2, 80);
        assertArrayEquals(new double[] {0, 0}, none.mean(), TOLERANCE);
        Forecast constant = fit(new double[] {3, 3, 3, 3, 3, 3}, 1, Map.of()).forecast(2, 95);
        assertArrayEquals(new double[] {3, 3}, constant.interval(95).orElseThrow().upper(), TOLERANCE);
        Forecast naive = fit(new double[] {1, 2, 3, 4, 2, 3, 4, 5}, 4, Map.of("season", 1)).forecast(2, 80);
        assertArrayEquals(new double[] {5, 5}, naive.mean(), TOLERANCE);
    }

    @Test
    void serializationRoundTripsAndRejectsCorruptBytes() {
        ForecastModel model = fit(new double[] {1, 2, 3, 4, 2, 3, 4, 5}, 4, Map.of());
        SerializedModel bytes = model.serialize();
        Forecast a = model.forecast(6, 80, 95);
        Forecast b = strategy.load(bytes).forecast(6, 80, 95);
        assertArrayEquals(a.mean(), b.mean(), 0);
        assertArrayEquals(a.interval(95).orElseThrow().upper(), b.interval(95).orElseThrow().upper(), 0);
        assertThrows(ModelFormatException.class, () -> strategy.load(new SerializedModel("seasonal-naive", 1,
                Arrays.copyOf(bytes.bytes(), 5))));
        assertThrows(ModelFormatException.class, () -> strategy.load(new SerializedModel("popular", 1, bytes.bytes())));
        assertTrue(strategy.descriptor().configSpec().validate(Map.of("season", -1)).size() == 1);
    }
}
