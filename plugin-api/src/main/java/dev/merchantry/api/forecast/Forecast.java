package dev.merchantry.api.forecast;

import java.util.List;
import java.util.Optional;

/**
 * Point forecasts and prediction intervals for the steps after the end of the fitted series.
 *
 * @param model description of the model that produced it, e.g. {@code ARIMA(0,1,1)(0,1,1)[12]}
 * @param mean point forecast (mean of the predictive distribution) per step
 * @param intervals one interval per requested level
 * @since 0.1.0
 */
public record Forecast(String model, double[] mean, List<PredictionInterval> intervals) {

    public Forecast {
        mean = mean.clone();
        intervals = List.copyOf(intervals);
        for (PredictionInterval pi : intervals) {
            if (pi.lower().length != mean.length) {
                throw new IllegalArgumentException("interval at level " + pi.level() + " has "
                        + pi.lower().length + " steps, the mean has " + mean.length);
            }
        }
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    public int horizon() {
        return mean.length;
    }

    /**
     * The interval at {@code level} percent, if it was requested.
     *
     * @since 0.1.0
     */
    public Optional<PredictionInterval> interval(double level) {
        return intervals.stream().filter(pi -> Math.abs(pi.level() - level) < 1e-9).findFirst();
    }
}
