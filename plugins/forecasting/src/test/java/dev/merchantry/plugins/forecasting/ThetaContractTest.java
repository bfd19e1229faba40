package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.plugins.forecasting.theta.ThetaForecaster;
import dev.merchantry.testkit.ForecasterContractTest;

/** {@code theta} satisfies the forecaster contract. */
class ThetaContractTest extends ForecasterContractTest {
    @Override
    protected Forecaster strategy() {
        return new ThetaForecaster();
    }
}
