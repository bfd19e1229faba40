package dev.merchantry.plugins.baselines;

import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.plugins.baselines.seasonal.SeasonalNaiveForecaster;
import dev.merchantry.testkit.ForecasterContractTest;

/** {@code seasonal-naive} satisfies the forecaster contract. */
class SeasonalNaiveContractTest extends ForecasterContractTest {
    @Override
    protected Forecaster strategy() {
        return new SeasonalNaiveForecaster();
    }
}
