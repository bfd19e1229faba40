package dev.merchantry.plugins.forecasting.arima;

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
import org.pf4j.Extension;

/** The {@code auto-arima} strategy: {@link AutoArima} per series. */
@Extension
public final class AutoArimaForecaster implements Forecaster {

    public static final String ID = "auto-arima";

    static final ConfigSpec SPEC = ModelFitting.commonKeys(ConfigSpec.builder()
            .define("max_p", ConfigType.INT, 5, Validators.between(0, 10), Importance.LOW, "Largest p searched.")
            .define("max_q", ConfigType.INT, 5, Validators.between(0, 10), Importance.LOW, "Largest q searched.")
            .define("max_seasonal_p", ConfigType.INT, 2, Validators.between(0, 3), Importance.LOW, "Largest P searched.")
            .define("max_seasonal_q", ConfigType.INT, 2, Validators.between(0, 3), Importance.LOW, "Largest Q searched.")
            .define("max_order", ConfigType.INT, 5, Validators.between(0, 20), Importance.LOW, "Largest p + q + P + Q.")
            .define("max_d", ConfigType.INT, 2, Validators.between(0, 2), Importance.LOW, "Largest d the KPSS tests may choose.")
            .define("max_seasonal_d", ConfigType.INT, 1, Validators.between(0, 1), Importance.LOW, "Largest D the seasonal-strength test may choose.")
            .define("approximation", ConfigType.STRING, "auto", Validators.oneOf("auto", "true", "false"), Importance.LOW,
                    "Rank candidates by their CSS fit (faster): auto does so when n > 150 or the period is above 12.")
            .define("max_fourier_k", ConfigType.INT, 10, Validators.between(1, 50), Importance.LOW,
                    "Most Fourier harmonics per long seasonal period (above 24 or fractional, e.g. 52.18, 365.25)."))
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.FORECASTER, "1.0.0", "Auto ARIMA",
                "Chooses the ARIMA model per product automatically (Hyndman & Khandakar 2008): unit-root tests for the "
                        + "differencing, then a stepwise search by AICc. Long or fractional seasons (weekly data's 52.18, "
                        + "daily data's 365.25) are modelled by Fourier terms with ARIMA errors.", SPEC);
    }

    static AutoArima.Settings settings(Config c) {
        String a = c.getString("approximation");
        return new AutoArima.Settings(c.getInt("max_p"), c.getInt("max_q"), c.getInt("max_seasonal_p"),
                c.getInt("max_seasonal_q"), c.getInt("max_order"), c.getInt("max_d"), c.getInt("max_seasonal_d"),
                a.equals("auto") ? null : Boolean.valueOf(a), c.getInt("max_fourier_k"), true);
    }

    @Override
    public ForecastModel fit(TimeSeries series, Config config, StrategyContext context) {
        double[] periods = ModelFitting.periods(series, config);
        AutoArima.Settings s = settings(config);
        return ModelFitting.fit(ID, series, config, context, obs -> AutoArima.fit(obs.values(), periods, s));
    }

    @Override
    public ForecastModel load(SerializedModel model) {
        return DemandForecastModel.read(model, ID);
    }
}
