package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.plugins.forecasting.arima.ArimaForecaster;
import dev.merchantry.testkit.ForecasterContractTest;

/** {@code arima} satisfies the forecaster contract. */
class ArimaContractTest extends ForecasterContractTest {
    @Override
    protected Forecaster strategy() {
        return new ArimaForecaster();
    }
}
