package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.plugins.forecasting.arima.AutoArimaForecaster;
import dev.merchantry.testkit.ForecasterContractTest;

/** {@code auto-arima} satisfies the forecaster contract. */
class AutoArimaContractTest extends ForecasterContractTest {
    @Override
    protected Forecaster strategy() {
        return new AutoArimaForecaster();
    }
}
