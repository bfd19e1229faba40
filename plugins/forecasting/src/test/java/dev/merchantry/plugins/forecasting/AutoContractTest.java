package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.plugins.forecasting.auto.AutoForecaster;
import dev.merchantry.testkit.ForecasterContractTest;

/** {@code auto} satisfies the forecaster contract. */
class AutoContractTest extends ForecasterContractTest {
    @Override
    protected Forecaster strategy() {
        return new AutoForecaster();
    }
}
