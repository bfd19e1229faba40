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

/** The {@code drift} strategy: {@link NaivePredictor} with method {@code DRIFT}. */
@Extension
public final class DriftForecaster implements Forecaster {

    public static final String ID = "drift";

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(ModelFitting.NON_NEGATIVE, dev.merchantry.api.config.ConfigType.BOOLEAN, true,
                    dev.merchantry.api.config.Importance.LOW,
                    "Demand cannot be negative: clip point forecasts and interval bounds at 0.")
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.FORECASTER, "1.0.0", "Random walk with drift", "Extends the line from the first to the last observation (FPP3 5.2): the naive method plus the average change per period. A benchmark for trending series.", SPEC);
    }

    @Override
    public ForecastModel fit(TimeSeries series, Config config, StrategyContext context) {
        return ModelFitting.fit(ID, series, config, context,
                obs -> NaivePredictor.fit(obs.values(), NaivePredictor.Method.DRIFT));
    }

    @Override
    public ForecastModel load(SerializedModel model) {
        return DemandForecastModel.read(model, ID);
    }
}
