package dev.merchantry.plugins.forecasting.simple;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.plugins.forecasting.DemandForecastModel;
import dev.merchantry.plugins.forecasting.ModelFitting;
import org.pf4j.Extension;

/** The {@code naive} strategy: {@link NaivePredictor} with method {@code NAIVE}. */
@Extension
public final class NaiveForecaster implements Forecaster {

    public static final String ID = "naive";

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(ModelFitting.NON_NEGATIVE, dev.merchantry.api.config.ConfigType.BOOLEAN, true,
                    dev.merchantry.api.config.Importance.LOW,
                    "Demand cannot be negative: clip point forecasts and interval bounds at 0.")
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.FORECASTER, "1.0.0", "Naive", "Repeats the last observed demand, with intervals widening as the square root of the horizon (FPP3 5.2). A benchmark, and the right model for a random walk.", SPEC);
    }

    @Override
    public ForecastModel fit(TimeSeries series, Config config, StrategyContext context) {
        return ModelFitting.fit(ID, series, config, context,
                obs -> NaivePredictor.fit(obs.values(), NaivePredictor.Method.NAIVE));
    }

    @Override
    public ForecastModel load(SerializedModel model) {
        return DemandForecastModel.read(model, ID);
    }
}
