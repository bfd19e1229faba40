package dev.merchantry.plugins.forecasting.auto;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.plugins.forecasting.DemandForecastModel;
import dev.merchantry.plugins.forecasting.ModelFitting;
import dev.merchantry.plugins.forecasting.ets.EtsFitter;
import org.pf4j.Extension;

/** The {@code auto} strategy, the default forecaster: {@link AutoFitter}. */
@Extension
public final class AutoForecaster implements Forecaster {

    public static final String ID = "auto";
    static final String GROUP_SEASONALITY = "group_seasonality";
    static final String GROUP_LEVEL = "group_level";
    static final String INTERMITTENT_METHOD = "intermittent_method";

    static final ConfigSpec SPEC = ModelFitting.commonKeys(ConfigSpec.builder()
            .define("validate", ConfigType.BOOLEAN, false, Importance.MEDIUM,
                    "Hold out the last season to choose which of ETS, ARIMA and Theta to combine (off: combine all three, "
                            + "which measured better on the check set, docs/algorithms/forecasting.md).")
            .define("combination", ConfigType.STRING, "median", Validators.oneOf("median", "mean"), Importance.MEDIUM,
                    "How the ETS, ARIMA and Theta forecasts (and their interval bounds) are combined: per-step median, "
                            + "robust to one member going astray, or equal-weight mean (docs/algorithms/forecasting.md compares them).")
            .define("tolerance", ConfigType.DOUBLE, 0.1, Validators.between(0, 10), Importance.LOW,
                    "Prefer the larger combination unless a smaller one's validation MASE is better by more than this fraction.")
            .define("intermittent_interval", ConfigType.DOUBLE, 1.32, Validators.greaterThan(1), Importance.MEDIUM,
                    "Average periods between non-zero demands above which a series counts as intermittent and gets the "
                            + "intermittent_method (1.32 is the Syntetos-Boylan cut-off).")
            .define(INTERMITTENT_METHOD, ConfigType.STRING, "poisson-rate", Validators.oneOf("poisson-rate", "croston-sba"),
                    Importance.MEDIUM, "Level of intermittent demand: a discounted Poisson rate updated every period "
                            + "(Harvey-Fernandes; its discount chosen per product by one-step deviance), or Croston's "
                            + "smoothed sizes and intervals with the SBA correction (the default until round 3; it "
                            + "over-forecasts products with few sales, docs/algorithms/forecasting.md).")
            .define("croston_alpha", ConfigType.DOUBLE, 0.1, Validators.openBetween(0, 1), Importance.LOW,
                    "Smoothing parameter of Croston's demand sizes and intervals (intermittent_method = croston-sba).")
            .define("intermittent_seasonality", ConfigType.BOOLEAN, true, Importance.MEDIUM,
                    "Look for weekly and yearly seasons in intermittent demand too (a Poisson log-linear Fourier model, kept "
                            + "only when BIC prefers it) and apply them around its level (the intermittent_method).")
            .define(GROUP_SEASONALITY, ConfigType.BOOLEAN, true, Importance.MEDIUM,
                    "Intermittent demand without a season of its own borrows the season of its group (on the platform, "
                            + "the product's category's summed demand) when that shows one: top-down seasonality for "
                            + "products too new or too slow to show theirs (docs/algorithms/forecasting.md).")
            .define(GROUP_LEVEL, ConfigType.BOOLEAN, true, Importance.MEDIUM,
                    "With the Poisson rate, intermittent demand with a group is forecast as its share of the group's "
                            + "deseasonalized level times that level now, so growth or a slump of the whole category "
                            + "reaches slow movers at once (top-down proportions, docs/algorithms/forecasting.md).")
            .define("ets_evaluations", ConfigType.INT, EtsFitter.DEFAULT_EVALUATIONS, Validators.between(100, 100000),
                    Importance.LOW, "Likelihood evaluations per ETS model.")
            .define("seed", ConfigType.LONG, 42L, Importance.LOW,
                    "Seed of simulated intervals; equal seeds give equal forecasts."))
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.FORECASTER, "1.0.0", "Automatic (recommended)",
                "Picks per product: a discounted Poisson rate for intermittent demand (with its weekly/yearly season "
                        + "when it has one, else its category's, and its share of the category's level), "
                        + "otherwise the median of ETS, ARIMA and Theta (optionally only those that do best on the last season held out), with Fourier "
                        + "terms for weekly data's and daily data's yearly cycle. Needs no tuning; gives 80%/95% intervals and never negative demand.", SPEC);
    }

    static AutoFitter.Settings settings(Config c) {
        return new AutoFitter.Settings(c.getBoolean("validate"), c.getDouble("tolerance"),
                c.getDouble("intermittent_interval"), c.getDouble("croston_alpha"), c.getBoolean("intermittent_seasonality"),
                c.getString("combination").equals("median"), c.getInt("ets_evaluations"), c.getLong("seed"),
                c.getString(INTERMITTENT_METHOD).equals("croston-sba") ? AutoFitter.IntermittentMethod.CROSTON_SBA
                        : AutoFitter.IntermittentMethod.POISSON_RATE);
    }

    @Override
    public ForecastModel fit(TimeSeries series, Config config, StrategyContext context) {
        return fit(series, null, config, context);
    }

    @Override
    public ForecastModel fit(TimeSeries series, TimeSeries group, Config config, StrategyContext context) {
        double[] periods = ModelFitting.periods(series, config);
        AutoFitter.Settings s = settings(config);
        boolean borrow = config.getBoolean(GROUP_SEASONALITY);
        boolean level = config.getBoolean(GROUP_LEVEL) && s.intermittentMethod() == AutoFitter.IntermittentMethod.POISSON_RATE;
        return ModelFitting.fit(ID, series, config, context, obs -> AutoFitter.fit(obs.values(), periods, s,
                () -> GroupSeasonality.of(series, obs, group, periods, borrow, level)));
    }

    @Override
    public ForecastModel load(SerializedModel model) {
        return DemandForecastModel.read(model, ID);
    }
}
