package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.plugins.forecasting.simple.NaiveForecaster;
import dev.merchantry.testkit.ForecasterContractTest;

/** {@code naive} satisfies the forecaster contract. */
class NaiveContractTest extends ForecasterContractTest {
    @Override
    protected Forecaster strategy() {
        return new NaiveForecaster();
    }
}
