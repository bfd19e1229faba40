package @PACKAGE@;

import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.testkit.ForecasterContractTest;

/** The testkit's forecaster contract, run against {@code @ID@}: every check a node relies on. */
class @CLASS@ContractTest extends ForecasterContractTest {

    @Override
    protected Forecaster strategy() {
        return new @CLASS@Forecaster();
    }
}
