package dev.merchantry.plugins.forecasting.theta;

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

/** The {@code theta} strategy: {@link ThetaPredictor}. */
@Extension
public final class ThetaForecaster implements Forecaster {

    public static final String ID = "theta";

    static final ConfigSpec SPEC = ModelFitting.commonKeys(ConfigSpec.builder()).build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.FORECASTER, "1.0.0", "Theta method",
                "The Theta method (Assimakopoulos & Nikolopoulos 2000), winner of the M3 competition: exponential "
                        + "smoothing with half the long-run trend as drift, on seasonally adjusted data when a "
                        + "seasonality test passes. Fast and robust; a good choice for short or noisy series.", SPEC);
    }

    @Override
    public ForecastModel fit(TimeSeries series, Config config, StrategyContext context) {
        int m = ModelFitting.mainPeriod(ModelFitting.periods(series, config));
        return ModelFitting.fit(ID, series, config, context, obs -> ThetaPredictor.fit(obs.values(), m));
    }

    @Override
    public ForecastModel load(SerializedModel model) {
        return DemandForecastModel.read(model, ID);
    }
}
