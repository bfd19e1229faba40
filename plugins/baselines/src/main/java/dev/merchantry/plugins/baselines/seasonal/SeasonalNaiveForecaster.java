package dev.merchantry.plugins.baselines.seasonal;

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
import org.pf4j.Extension;

/**
 * Fits {@link SeasonalNaiveModel}: the forecast for a step is the last observed value at the same position of the
 * season. Residual scale comes from the in-sample seasonal differences.
 */
@Extension
public final class SeasonalNaiveForecaster implements Forecaster {

    public static final String ID = "seasonal-naive";

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define("season", ConfigType.INT, 0, Validators.atLeast(0), Importance.MEDIUM,
                    "Season length in periods; 0 uses the series' own (rounded) seasonal period, 1 is the naive method.")
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.FORECASTER, "1.0.0", "Seasonal naive",
                "Repeats the last observed season, with normal prediction intervals that widen with each season "
                        + "ahead (Hyndman & Athanasopoulos, FPP3 5.5). The benchmark every forecaster must beat and "
                        + "the fallback when nothing better fits.", SPEC);
    }

    @Override
    public ForecastModel fit(TimeSeries series, Config config, StrategyContext context) {
        int configured = config.getInt("season");
        int m = configured > 0 ? configured : Math.max(1, (int) Math.round(series.seasonalPeriod()));
        return SeasonalNaiveModel.fit(series.values(), m);
    }

    @Override
    public ForecastModel load(SerializedModel model) {
        return SeasonalNaiveModel.read(model);
    }
}
