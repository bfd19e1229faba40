package dev.merchantry.plugins.pricing;

import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.testkit.PricingAgentContractTest;

/** The testkit contract for {@code ThompsonPricing}. */
class ThompsonContractTest extends PricingAgentContractTest {
    @Override
    protected PricingAgent strategy() {
        return new ThompsonPricing();
    }
}
