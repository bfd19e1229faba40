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

import java.util.Locale;

/** The {@code arima} strategy: a seasonal ARIMA of orders the merchant sets, fitted as R's {@code Arima}. */
@Extension
public final class ArimaForecaster implements Forecaster {

    public static final String ID = "arima";

    static final ConfigSpec SPEC = ModelFitting.commonKeys(ConfigSpec.builder()
            .define("p", ConfigType.INT, 0, Validators.between(0, 10), Importance.HIGH, "Autoregressive order p.")
            .define("d", ConfigType.INT, 1, Validators.between(0, 2), Importance.HIGH, "Differencing order d.")
            .define("q", ConfigType.INT, 1, Validators.between(0, 10), Importance.HIGH, "Moving-average order q.")
            .define("seasonal_p", ConfigType.INT, 0, Validators.between(0, 3), Importance.MEDIUM, "Seasonal autoregressive order P.")
            .define("seasonal_d", ConfigType.INT, 0, Validators.between(0, 1), Importance.MEDIUM, "Seasonal differencing order D.")
            .define("seasonal_q", ConfigType.INT, 0, Validators.between(0, 3), Importance.MEDIUM, "Seasonal moving-average order Q.")
            .define("include_mean", ConfigType.BOOLEAN, true, Importance.MEDIUM,
                    "Estimate a mean when the model is not differenced (d + D = 0).")
            .define("include_drift", ConfigType.BOOLEAN, false, Importance.MEDIUM,
                    "Estimate a linear drift (allowed when d + D ≤ 1; with d + D = 0 a mean is estimated too).")
            .define("method", ConfigType.STRING, "CSS-ML", Validators.oneOf("CSS-ML", "ML", "CSS"), Importance.LOW,
                    "Estimation: conditional sum of squares then exact maximum likelihood (CSS-ML), ML alone, or CSS alone."))
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.FORECASTER, "1.0.0", "ARIMA (fixed orders)",
                "Seasonal ARIMA(p,d,q)(P,D,Q)[m] of the orders you set, optionally with mean or drift, fitted by exact "
                        + "maximum likelihood through the Kalman filter as R's arima does (Box & Jenkins; Harvey 1989). "
                        + "Choose it when you know the model; otherwise use auto-arima or auto.", SPEC);
    }

    @Override
    public ForecastModel fit(TimeSeries series, Config config, StrategyContext context) {
        int m = ModelFitting.mainPeriod(ModelFitting.periods(series, config));
        ArimaOrder order = new ArimaOrder(config.getInt("p"), config.getInt("d"), config.getInt("q"),
                config.getInt("seasonal_p"), config.getInt("seasonal_d"), config.getInt("seasonal_q"), m);
        int diff = order.d() + order.sd();
        boolean drift = config.getBoolean("include_drift") && diff <= 1;
        boolean mean = config.getBoolean("include_mean") && diff == 0;
        Regressors reg = Regressors.of(mean, drift);
        ArimaFitter.Method method = ArimaFitter.Method.valueOf(config.getString("method").replace('-', '_').toUpperCase(Locale.ROOT));
        return ModelFitting.fit(ID, series, config, context, obs -> ArimaFitter.fit(obs.values(), order, reg, method));
    }

    @Override
    public ForecastModel load(SerializedModel model) {
        return DemandForecastModel.read(model, ID);
    }
}
