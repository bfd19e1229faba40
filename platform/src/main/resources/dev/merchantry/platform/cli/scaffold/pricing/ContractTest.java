package @PACKAGE@;

import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.testkit.PricingAgentContractTest;

/** The testkit's pricing agent contract, run against {@code @ID@}: every check a node relies on. */
class @CLASS@ContractTest extends PricingAgentContractTest {

    @Override
    protected PricingAgent strategy() {
        return new @CLASS@PricingAgent();
    }
}
