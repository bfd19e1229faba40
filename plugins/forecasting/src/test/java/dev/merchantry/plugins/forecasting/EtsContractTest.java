package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.plugins.forecasting.ets.EtsForecaster;
import dev.merchantry.testkit.ForecasterContractTest;

/** {@code ets} satisfies the forecaster contract. */
class EtsContractTest extends ForecasterContractTest {
    @Override
    protected Forecaster strategy() {
        return new EtsForecaster();
    }
}
