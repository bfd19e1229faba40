package dev.merchantry.platform.tools.evaluation.forecaster;

import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.forecast.PredictionInterval;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Holdout evaluation of a forecaster on one series: with K origins, the k-th (k = K−1 … 0) fits the strategy on
 * everything before the last H + k points and forecasts the next H, so origin 0 forecasts exactly the last H
 * points (Tashman 2000's rolling origin, step one period). Scores are averaged over the origins.
 */
public final class ForecastBacktest {

    /** Fewest training points an origin may leave. */
    static final int MIN_TRAINING = 2;

    private ForecastBacktest() {
    }

    /** One forecast step, with its origin (0 = the one ending at the last H points). */
    public record Point(int origin, LocalDate date, double actual, double mean, double lo80, double hi80,
                        double lo95, double hi95) {
    }

    /**
     * The evaluation's outcome.
     *
     * @param model description of the model fitted at origin 0
     * @param scores the measures averaged over the origins
     * @param fitSeconds wall time of fitting and forecasting, all origins
     * @param seasonalPeriod the period the series was given (and MASE scaled with, rounded)
     */
    public record Result(String strategy, String model, ForecastAccuracy.Scores scores, double fitSeconds,
                         List<Point> forecast, int horizon, int origins, double seasonalPeriod, int trainingLength) {
    }

    /**
     * Runs the evaluation.
     *
     * @param seasonalPeriod the seasonal period to give the strategy and to scale MASE with; NaN for the
     *        frequency's own
     * @throws EvaluationException when the horizon and origins leave too little training data
     */
    public static Result run(OfflineStrategy<Forecaster> strategy, SeriesFile series, int horizon, int origins,
                             double seasonalPeriod) throws Exception {
        if (horizon < 1) {
            throw new EvaluationException("--horizon", "must be at least 1, got " + horizon);
        }
        if (origins < 1) {
            throw new EvaluationException("--origins", "must be at least 1, got " + origins);
        }
        int n = series.length();
        int shortest = n - horizon - (origins - 1);
        if (shortest < MIN_TRAINING) {
            throw new EvaluationException(origins > 1 ? "--origins" : "--horizon", series.name() + " has " + n
                    + " periods; holding out " + horizon + " at " + origins + " origin(s) leaves " + Math.max(0, shortest)
                    + " for training, at least " + MIN_TRAINING + " are needed");
        }
        double period = Double.isNaN(seasonalPeriod) ? series.frequency().primarySeasonalPeriod() : seasonalPeriod;
        int m = (int) Math.max(1, Math.round(period));
        double[] y = series.values();
        List<Point> points = new ArrayList<>();
        double[][] sums = new double[1][6];
        int[] counts = new int[6];
        String model = "";
        long started = System.nanoTime();
        for (int k = origins - 1; k >= 0; k--) {
            int end = n - horizon - k;
            double[] train = Arrays.copyOf(y, end);
            TimeSeries ts = new TimeSeries(series.name(), series.frequency(), series.start(), train, period);
            Clock clock = Clock.fixed(series.date(end).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
            Forecast f = strategy.call(() -> {
                ForecastModel fitted = strategy.strategy().fit(ts, strategy.config(), strategy.context(clock));
                return fitted.forecast(horizon, 80, 95);
            });
            if (k == 0) {
                model = f.model();
            }
            double[] mean = f.mean();
            PredictionInterval i80 = f.interval(80).orElseThrow(() -> new IllegalStateException("no 80% interval"));
            PredictionInterval i95 = f.interval(95).orElseThrow(() -> new IllegalStateException("no 95% interval"));
            double[] actual = Arrays.copyOfRange(y, end, end + horizon);
            ForecastAccuracy.Scores s = ForecastAccuracy.score(actual, mean, i80.lower(), i80.upper(), i95.lower(),
                    i95.upper(), ForecastAccuracy.seasonalNaiveScale(train, m));
            double[] v = {s.mae(), s.rmse(), s.smape(), s.mase(), s.coverage80(), s.coverage95()};
            for (int j = 0; j < v.length; j++) {
                if (!Double.isNaN(v[j])) {
                    sums[0][j] += v[j];
                    counts[j]++;
                }
            }
            for (int h = 0; h < horizon; h++) {
                points.add(new Point(k, series.date(end + h), actual[h], mean[h], i80.lower()[h], i80.upper()[h],
                        i95.lower()[h], i95.upper()[h]));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] avg = new double[6];
        for (int j = 0; j < 6; j++) {
            avg[j] = counts[j] == 0 ? Double.NaN : sums[0][j] / counts[j];
        }
        ForecastAccuracy.Scores scores = new ForecastAccuracy.Scores(avg[0], avg[1], avg[2], avg[3], avg[4], avg[5],
                (int) points.stream().filter(p -> !Double.isNaN(p.actual())).count());
        return new Result(strategy.descriptor().id(), model, scores, seconds, points, horizon, origins, period,
                n - horizon);
    }
}
