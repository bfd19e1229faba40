package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.plugins.forecasting.predict.Predictor;
import dev.merchantry.plugins.forecasting.series.Observations;
import dev.merchantry.plugins.forecasting.simple.NaivePredictor;

import java.util.function.Function;

/**
 * The fitting path every strategy of the plugin shares: cut the unobserved ends, fit, and degrade instead of
 * failing. A series with no observation forecasts 0; one whose model cannot be fitted (too short, degenerate,
 * numerically hopeless) gets the naive method, and the log says why.
 */
public final class ModelFitting {

    /** Config keys every strategy of this plugin declares. */
    public static final String NON_NEGATIVE = "non_negative";
    public static final String SEASON = "season";

    private ModelFitting() {
    }

    /** Adds the shared keys to a spec under construction. */
    public static ConfigSpec.Builder commonKeys(ConfigSpec.Builder b) {
        return b.define(SEASON, ConfigType.DOUBLE, 0.0, Validators.atLeast(0), Importance.MEDIUM,
                        "Seasonal period in periods (e.g. 7, 12, 52.18); 0 uses the series' own (daily: 7 and 365.25, "
                                + "weekly: 52.18, monthly: 12, quarterly: 4), 1 means none.")
                .define(NON_NEGATIVE, ConfigType.BOOLEAN, true, Importance.LOW,
                        "Demand cannot be negative: clip point forecasts and interval bounds at 0.");
    }

    /** Seasonal periods to model, main one first: the configured one, else the series' (and its frequency's). */
    public static double[] periods(TimeSeries series, Config config) {
        double configured = config.getDouble(SEASON);
        if (configured > 0) {
            return configured <= 1 ? new double[0] : new double[] {configured};
        }
        double main = series.seasonalPeriod();
        if (main <= 1) {
            return new double[0];
        }
        double[] all = series.frequency().seasonalPeriods();
        if (all.length > 0 && Math.abs(all[0] - main) < 1e-9) {
            return all;
        }
        return new double[] {main};
    }

    /** The main period rounded to a whole number of periods (1 for none). */
    public static int mainPeriod(double[] periods) {
        return periods.length == 0 ? 1 : Math.max(1, (int) Math.round(periods[0]));
    }

    /** Fits with {@code fitter} on the observed span, falling back as the class doc says. */
    public static DemandForecastModel fit(String strategyId, TimeSeries series, Config config, StrategyContext context,
                                          Function<Observations, Predictor> fitter) {
        Observations obs = Observations.of(series.values());
        NaivePredictor fallback = NaivePredictor.fit(obs.values(), NaivePredictor.Method.NAIVE);
        Predictor p;
        if (obs.observedCount() == 0) {
            p = fallback;
        } else {
            try {
                p = fitter.apply(obs);
                double[] check = p.predict(1, new double[] {95}).mean();
                if (!Double.isFinite(check[0])) {
                    throw new IllegalStateException("non-finite forecast");
                }
            } catch (RuntimeException e) {
                context.logger().debug("{} could not fit series {} ({}); using the naive method", strategyId,
                        series.id(), e.getMessage());
                p = fallback;
            }
        }
        return new DemandForecastModel(strategyId, p, fallback, obs.trailingGap(), config.getBoolean(NON_NEGATIVE));
    }
}
