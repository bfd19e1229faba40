package dev.merchantry.testkit;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.forecast.PredictionInterval;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.model.SerializedModel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract every {@link Forecaster} satisfies; extend it and return the strategy (and optionally a config). */
public abstract class ForecasterContractTest {

    /** Horizon used by the checks. */
    protected static final int HORIZON = 14;

    protected abstract Forecaster strategy();

    protected Map<String, Object> config() {
        return Map.of();
    }

    protected final ForecastModel fit(TimeSeries series) {
        return strategy().fit(series, strategy().descriptor().configSpec().parse(config()),
                OfflineContext.at(Fixtures.AS_OF));
    }

    /** Finite numbers, lo ≤ mean ≤ hi, the 80% interval inside the 95% one, requested horizon and levels. */
    protected static void assertWellFormed(String name, Forecast f, int horizon) {
        assertEquals(horizon, f.horizon(), name + ": horizon");
        double[] mean = f.mean();
        PredictionInterval i80 = f.interval(80).orElseThrow(() -> new AssertionError(name + ": no 80% interval"));
        PredictionInterval i95 = f.interval(95).orElseThrow(() -> new AssertionError(name + ": no 95% interval"));
        for (int h = 0; h < horizon; h++) {
            double lo80 = i80.lower()[h];
            double hi80 = i80.upper()[h];
            double lo95 = i95.lower()[h];
            double hi95 = i95.upper()[h];
            for (double v : new double[] {mean[h], lo80, hi80, lo95, hi95}) {
                assertTrue(Double.isFinite(v), name + ": non-finite value at step " + h);
            }
            double eps = 1e-9 * (1 + Math.abs(mean[h]));
            assertTrue(lo80 <= mean[h] + eps && mean[h] <= hi80 + eps, name + ": mean outside the 80% interval at " + h);
            assertTrue(lo95 <= lo80 + eps && hi80 <= hi95 + eps, name + ": 80% interval not inside the 95% one at " + h);
        }
    }

    @Test
    void descriptorIsValid() {
        StrategyContract.descriptorIsValid(strategy(), StrategyKind.FORECASTER);
    }

    @Test
    void awkwardSeriesGiveWellFormedForecasts() {
        for (Map.Entry<String, TimeSeries> e : Fixtures.edgeSeries().entrySet()) {
            ForecastModel model = fit(e.getValue());
            assertWellFormed(e.getKey(), model.forecast(HORIZON, 80, 95), HORIZON);
            assertEquals(1, model.forecast(1, 80, 95).horizon(), e.getKey() + ": horizon 1");
        }
        assertWellFormed("monthly", fit(Fixtures.seasonalMonthly(1)).forecast(HORIZON, 80, 95), HORIZON);
    }

    @Test
    void fittingTwiceGivesTheSameForecast() {
        TimeSeries s = Fixtures.seasonalMonthly(3);
        Forecast a = fit(s).forecast(HORIZON, 80, 95);
        Forecast b = fit(s).forecast(HORIZON, 80, 95);
        assertArrayEquals(a.mean(), b.mean(), 0);
        assertArrayEquals(a.interval(95).orElseThrow().upper(), b.interval(95).orElseThrow().upper(), 0);
    }

    @Test
    void serializedModelForecastsIdenticallyAndCorruptBytesAreRejected() {
        for (TimeSeries s : List.of(Fixtures.seasonalMonthly(5), Fixtures.gappyDaily(5))) {
            ForecastModel model = fit(s);
            SerializedModel bytes = model.serialize();
            assertEquals(strategy().descriptor().id(), bytes.strategyId());
            Forecast a = model.forecast(HORIZON, 80, 95);
            Forecast b = strategy().load(bytes).forecast(HORIZON, 80, 95);
            assertArrayEquals(a.mean(), b.mean(), 0);
            assertArrayEquals(a.interval(80).orElseThrow().lower(), b.interval(80).orElseThrow().lower(), 0);
            StrategyContract.rejectsForeignAndCorruptModels(bytes, strategy()::load);
        }
    }

    @Test
    void aTrainedModelIsSafeForConcurrentForecasts() throws Exception {
        ForecastModel model = fit(Fixtures.seasonalMonthly(9));
        StrategyContract.sameAnswersConcurrently(() -> {
            Forecast f = model.forecast(HORIZON, 80, 95);
            return Arrays.toString(f.mean()) + Arrays.toString(f.interval(95).orElseThrow().upper());
        });
    }

    /** Every golden model ({@link GoldenModels}) still loads and forecasts well-formed numbers. */
    @Test
    void modelsWrittenByEarlierVersionsStillLoad() {
        for (SerializedModel golden : GoldenModels.toCheck(fit(Fixtures.seasonalMonthly(5)).serialize())) {
            assertWellFormed("golden model v" + golden.formatVersion(),
                    strategy().load(golden).forecast(HORIZON, 80, 95), HORIZON);
        }
    }
}
