package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.plugins.forecasting.simple.DriftForecaster;
import dev.merchantry.testkit.ForecasterContractTest;

/** {@code drift} satisfies the forecaster contract. */
class DriftContractTest extends ForecasterContractTest {
    @Override
    protected Forecaster strategy() {
        return new DriftForecaster();
    }
}
