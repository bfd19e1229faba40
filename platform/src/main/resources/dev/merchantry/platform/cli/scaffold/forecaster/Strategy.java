package @PACKAGE@;

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
 * Fits {@link @CLASS@Model}: simple exponential smoothing, ETS(A,N,N) in the taxonomy of Hyndman, Koehler, Ord and
 * Snyder (2008), "Forecasting with Exponential Smoothing", chapter 2: the level moves a fraction {@code alpha} of
 * each one-step error towards the new observation, and the forecast is the last level for every step ahead.
 *
 * <p>Replace it with your own algorithm; keep {@link #ID} stable, since shops bind the strategy by it.
 */
@Extension
public final class @CLASS@Forecaster implements Forecaster {

    /** The strategy id shops bind to. */
    public static final String ID = "@ID@";

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define("alpha", ConfigType.DOUBLE, 0.3, Validators.between(0.01, 1.0), Importance.HIGH,
                    "Smoothing weight of the newest observation: higher follows changes faster, lower smooths noise.")
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.FORECASTER, "0.1.0", "@TITLE@",
                "Simple exponential smoothing: a flat forecast at the smoothed level of recent demand, with"
                        + " intervals that widen with the horizon. For products without trend or seasonality.", SPEC);
    }

    @Override
    public ForecastModel fit(TimeSeries series, Config config, StrategyContext context) {
        double alpha = config.getDouble("alpha");
        double level = Double.NaN;
        double squaredErrors = 0;
        int errors = 0;
        for (double y : series.values()) {
            if (Double.isNaN(y)) {
                continue; // not observed (missing or out of stock): the level waits for the next observation
            }
            if (Double.isNaN(level)) {
                level = y;
                continue;
            }
            double error = y - level;
            squaredErrors += error * error;
            errors++;
            level += alpha * error;
        }
        double sigma = errors == 0 ? 0 : Math.sqrt(squaredErrors / errors);
        return new @CLASS@Model(alpha, Double.isNaN(level) ? 0 : level, sigma);
    }

    @Override
    public ForecastModel load(SerializedModel model) {
        return @CLASS@Model.read(model);
    }
}
