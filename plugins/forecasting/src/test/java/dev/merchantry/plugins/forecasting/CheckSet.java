package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.config.Config;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.testkit.OfflineContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accuracy check set: ten public demand-like series exported from R's data-set packages by
 * src/test/r/reference.R (sources in reference/series.csv), each with its last season held out (12 months,
 * 4 quarters, 7 days, 52 weeks), and MASE as R's {@code accuracy()} computes it: the mean absolute error over the
 * held-out steps divided by the in-sample mean absolute seasonal-naive error at lag round(m).
 */
public final class CheckSet {

    /** One series of the set. */
    public record Entry(String name, Frequency frequency, double period, int horizon) {
        public double[] values() {
            return Reference.series(name);
        }
    }

    /** A strategy's result on one series. */
    public record Score(String series, double mase, double seconds, String model) {
    }

    private CheckSet() {
    }

    /** The check set's series (reference/series.csv). */
    public static List<Entry> entries() {
        return entries("series.csv");
    }

    /**
     * The hold-out set (reference/holdout-series.csv, from src/test/r/holdout_set.R): ten more series, measured only
     * after the check set had chosen the defaults, and then used to compare combination operators.
     */
    public static List<Entry> holdoutEntries() {
        return entries("holdout-series.csv");
    }

    private static List<Entry> entries(String file) {
        List<Entry> out = new ArrayList<>();
        for (String[] row : Reference.rows("reference/" + file)) {
            double freq = Double.parseDouble(row[1]);
            Frequency f = freq == 12 ? Frequency.MONTHLY : freq == 4 ? Frequency.QUARTERLY
                    : freq == 7 ? Frequency.DAILY : Frequency.WEEKLY;
            out.add(new Entry(row[0], f, f.primarySeasonalPeriod(), Integer.parseInt(row[3])));
        }
        return out;
    }

    /** R's MASE for each series and method (auto.arima, ets, theta, snaive), from reference/accuracy.csv. */
    public static Map<String, Map<String, Double>> rMase() {
        return rMase("accuracy.csv");
    }

    /** R's MASE on the hold-out set, from reference/holdout-accuracy.csv. */
    public static Map<String, Map<String, Double>> holdoutRMase() {
        return rMase("holdout-accuracy.csv");
    }

    private static Map<String, Map<String, Double>> rMase(String file) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String[] row : Reference.rows("reference/" + file)) {
            out.computeIfAbsent(row[1], k -> new LinkedHashMap<>()).put(row[0], Double.parseDouble(row[2]));
        }
        return out;
    }

    public static List<Score> evaluate(Forecaster strategy, Map<String, Object> settings) {
        return evaluate(entries(), strategy, settings);
    }

    public static List<Score> evaluate(List<Entry> entries, Forecaster strategy, Map<String, Object> settings) {
        Config config = strategy.descriptor().configSpec().parse(settings);
        List<Score> scores = new ArrayList<>();
        for (Entry e : entries) {
            double[] y = e.values();
            int n = y.length;
            double[] train = Arrays.copyOf(y, n - e.horizon());
            TimeSeries s = new TimeSeries(e.name(), e.frequency(), Reference.start(e.name()), train, e.period());
            long t0 = System.nanoTime();
            ForecastModel model = strategy.fit(s, config, OfflineContext.create());
            double[] f = model.forecast(e.horizon(), 80, 95).mean();
            double seconds = (System.nanoTime() - t0) / 1e9;
            int m = (int) Math.max(1, Math.round(e.period()));
            double scale = 0;
            for (int t = m; t < train.length; t++) {
                scale += Math.abs(train[t] - train[t - m]);
            }
            scale /= train.length - m;
            double mae = 0;
            for (int h = 0; h < e.horizon(); h++) {
                mae += Math.abs(y[n - e.horizon() + h] - f[h]);
            }
            mae /= e.horizon();
            scores.add(new Score(e.name(), mae / scale, seconds, model.description()));
        }
        return scores;
    }

    public static double meanMase(List<Score> scores) {
        return scores.stream().mapToDouble(Score::mase).average().orElse(Double.NaN);
    }
}
