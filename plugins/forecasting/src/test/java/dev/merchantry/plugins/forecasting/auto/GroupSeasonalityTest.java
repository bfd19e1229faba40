package dev.merchantry.plugins.forecasting.auto;

import dev.merchantry.api.config.Config;
import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.testkit.OfflineContext;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Top-down seasonality (simulated, fixed seeds): a slow mover launched 200 days ago — too short a history for a
 * yearly season of its own — borrows its category's season from the group series and forecasts the true rate over a
 * seasonal ramp better than without the group; a group without a season lends nothing.
 */
class GroupSeasonalityTest {

    private static final LocalDate START = LocalDate.parse("2024-01-01");
    private static final int DAYS = 730;
    private static final int LAUNCH = DAYS - 200;
    private static final int HORIZON = 60;
    private static final int SEEDS = 20;
    private static final int CATEGORY_PRODUCTS = 15;

    private final AutoForecaster auto = new AutoForecaster();
    private final Config defaults = auto.descriptor().configSpec().defaults();

    /** Daily rate 0.15·exp(A·cos(2π(t − φ)/365.25)), the demo shop's seasonal shape. */
    private static double rate(int t, double amplitude, double peak) {
        return 0.15 * Math.exp(amplitude * Math.cos(2 * Math.PI * (t - peak) / 365.25));
    }

    private static double[] simulate(RandomGenerator rng, double amplitude, double peak, int from) {
        double[] y = new double[DAYS];
        for (int t = from; t < DAYS; t++) {
            y[t] = new PoissonDistribution(rng, rate(t + 1, amplitude, peak), 1e-12, 1000).sample();
        }
        return y;
    }

    /** The category's summed demand: {@value #CATEGORY_PRODUCTS} products with the same season over both years. */
    private static TimeSeries category(RandomGenerator rng, double amplitude, double peak) {
        double[] sum = new double[DAYS];
        for (int p = 0; p < CATEGORY_PRODUCTS; p++) {
            double[] y = simulate(rng, amplitude, peak, 0);
            for (int t = 0; t < DAYS; t++) {
                sum[t] += y[t];
            }
        }
        return TimeSeries.of("category", Frequency.DAILY, START, sum);
    }

    private static TimeSeries product(double[] y) {
        return TimeSeries.of("new", Frequency.DAILY, START.plusDays(LAUNCH), Arrays.copyOfRange(y, LAUNCH, DAYS));
    }

    private double mae(ForecastModel model, double amplitude, double peak) {
        double[] mean = model.forecast(HORIZON, 80).mean();
        double err = 0;
        for (int h = 1; h <= HORIZON; h++) {
            err += Math.abs(mean[h - 1] - rate(DAYS + h, amplitude, peak));
        }
        return err / HORIZON;
    }

    @Test
    void aNewSlowMoverBorrowsItsCategorysSeasonAndForecastsTheRampCloser() {
        RandomGenerator rng = new Well19937c(17);
        int wins = 0;
        double borrowed = 0;
        double alone = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            // The season turns within the horizon: peak 20–80 days after the end of the history.
            double peak = DAYS + 20 + 60 * rng.nextDouble();
            TimeSeries group = category(rng, 1.0, peak);
            TimeSeries series = product(simulate(rng, 1.0, peak, LAUNCH));
            ForecastModel withGroup = auto.fit(series, group, defaults, OfflineContext.create());
            ForecastModel without = auto.fit(series, defaults, OfflineContext.create());
            assertTrue(withGroup.forecast(1, 80).model().contains("group's Poisson Fourier seasonality"),
                    withGroup.forecast(1, 80).model());
            double b = mae(withGroup, 1.0, peak);
            double a = mae(without, 1.0, peak);
            borrowed += b;
            alone += a;
            wins += b < a ? 1 : 0;
        }
        // Measured: 19/20 wins, mean MAE 0.056 with the group against 0.209 without (units/day; true rates 0.06–0.4)
        // with Croston-SBA as the level (round 2); with the Poisson rate and the group's level 19/20, 0.061 vs 0.187.
        System.out.printf(java.util.Locale.ROOT, "new slow mover: %d/%d wins, mean MAE with the group %.4f, without %.4f%n",
                wins, SEEDS, borrowed / SEEDS, alone / SEEDS);
        assertTrue(wins >= 16, "the group's season wins in " + wins + "/" + SEEDS + " seeds");
        assertTrue(borrowed < 0.6 * alone, "mean MAE vs the true rate: with the group " + borrowed / SEEDS
                + ", without " + alone / SEEDS);
    }

    @Test
    void aGroupWithoutASeasonLendsNoSeasonAndTheSwitchesTurnTheGroupOff() {
        RandomGenerator rng = new Well19937c(23);
        Config noLevel = auto.descriptor().configSpec().parse(Map.of("group_level", false));
        int unchanged = 0;
        double withLevel = 0;
        double alone = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            TimeSeries group = category(rng, 0, 0);
            TimeSeries series = product(simulate(rng, 0, 0, LAUNCH));
            ForecastModel without = auto.fit(series, defaults, OfflineContext.create());
            Forecast seasonOnly = auto.fit(series, group, noLevel, OfflineContext.create()).forecast(HORIZON, 80);
            unchanged += Arrays.equals(seasonOnly.mean(), without.forecast(HORIZON, 80).mean()) ? 1 : 0;
            withLevel += mae(auto.fit(series, group, defaults, OfflineContext.create()), 0, 0);
            alone += mae(without, 0, 0);
        }
        // Measured: 20/20 (BIC finds no season in the flat group, so the forecast is bit-for-bit the same).
        assertTrue(unchanged >= SEEDS - 1, "no season borrowed in " + unchanged + "/" + SEEDS);
        // A flat group's level is flat: the share of it forecasts as well as the product alone (measured: mean MAE
        // 0.0336 with the group's level, 0.0330 without; true rate 0.15).
        System.out.printf(java.util.Locale.ROOT, "flat group: mean MAE with its level %.4f, alone %.4f%n",
                withLevel / SEEDS, alone / SEEDS);
        assertTrue(withLevel < 1.1 * alone, "flat group: with its level " + withLevel / SEEDS + ", alone " + alone / SEEDS);

        RandomGenerator seasonal = new Well19937c(29);
        TimeSeries group = category(seasonal, 1.0, DAYS + 40);
        TimeSeries series = product(simulate(seasonal, 1.0, DAYS + 40, LAUNCH));
        Config off = auto.descriptor().configSpec().parse(Map.of("group_seasonality", false, "group_level", false));
        assertArrayEquals(auto.fit(series, defaults, OfflineContext.create()).forecast(HORIZON, 80).mean(),
                auto.fit(series, group, off, OfflineContext.create()).forecast(HORIZON, 80).mean(), 0);
    }

    /** Rate 0.15 a day × exp(growth · years from the end) × the season: a category whose whole shop grows. */
    private static double growingRate(int t, double growth, double peak) {
        return rate(t, 1.0, peak) * Math.exp(growth * (t - DAYS) / 365.25);
    }

    @Test
    void aGrowingCategoryLiftsItsSlowMoversLevel() {
        // Every product of the category grows by half a year (growth ln 1.5): a slow mover's own sales show it
        // only slowly, its category's sum (15 products) plainly. The product has two years of history and a
        // season turn within the 28 days ahead; its share of the group's level against its own rate alone
        // (group_level=false, the group's season still lent where the product has none of its own).
        // Measured: 17/20 wins, mean MAE 0.045 with the group's level against 0.095 without (units/day).
        RandomGenerator rng = new Well19937c(37);
        Config noLevel = auto.descriptor().configSpec().parse(Map.of("group_level", false));
        double growth = Math.log(1.5);
        int wins = 0;
        double withLevel = 0;
        double alone = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            double peak = DAYS + 28 * rng.nextDouble();
            double[] sum = new double[DAYS];
            for (int p = 0; p < CATEGORY_PRODUCTS; p++) {
                for (int t = 0; t < DAYS; t++) {
                    sum[t] += new PoissonDistribution(rng, growingRate(t + 1, growth, peak), 1e-12, 1000).sample();
                }
            }
            double[] y = new double[DAYS];
            for (int t = 0; t < DAYS; t++) {
                y[t] = new PoissonDistribution(rng, growingRate(t + 1, growth, peak), 1e-12, 1000).sample();
            }
            int first = 0;
            while (y[first] == 0) {
                first++;
            }
            TimeSeries group = TimeSeries.of("category", Frequency.DAILY, START, sum);
            TimeSeries series = TimeSeries.of("p", Frequency.DAILY, START.plusDays(first), Arrays.copyOfRange(y, first, DAYS));
            double[] a = auto.fit(series, group, defaults, OfflineContext.create()).forecast(28, 80).mean();
            double[] b = auto.fit(series, group, noLevel, OfflineContext.create()).forecast(28, 80).mean();
            double ea = 0;
            double eb = 0;
            for (int h = 1; h <= 28; h++) {
                ea += Math.abs(a[h - 1] - growingRate(DAYS + h, growth, peak)) / 28;
                eb += Math.abs(b[h - 1] - growingRate(DAYS + h, growth, peak)) / 28;
            }
            withLevel += ea;
            alone += eb;
            wins += ea < eb ? 1 : 0;
        }
        System.out.printf(java.util.Locale.ROOT, "growing category: %d/%d wins, mean MAE with its level %.4f, alone %.4f%n",
                wins, SEEDS, withLevel / SEEDS, alone / SEEDS);
        assertTrue(wins >= 15, "the group's level wins in " + wins + "/" + SEEDS);
        assertTrue(withLevel < 0.8 * alone, "mean MAE with the group's level " + withLevel / SEEDS + ", alone " + alone / SEEDS);
    }

    @Test
    void theBorrowedSeasonSurvivesSerialization() {
        RandomGenerator rng = new Well19937c(31);
        TimeSeries group = category(rng, 1.0, DAYS + 40);
        TimeSeries series = product(simulate(rng, 1.0, DAYS + 40, LAUNCH));
        ForecastModel model = auto.fit(series, group, defaults, OfflineContext.create());
        ForecastModel back = auto.load(model.serialize());
        Forecast a = model.forecast(HORIZON, 80, 95);
        Forecast b = back.forecast(HORIZON, 80, 95);
        assertArrayEquals(a.mean(), b.mean(), 0);
        assertEquals(a.model(), b.model());
    }
}
