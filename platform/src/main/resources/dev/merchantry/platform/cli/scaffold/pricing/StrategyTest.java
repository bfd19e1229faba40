package @PACKAGE@;

import dev.merchantry.api.pricing.PriceDecision;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import dev.merchantry.api.pricing.PricingOutcome;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The bandit's choices worked out by hand on a list price of 10 with 3 candidate prices: 8, 10 and 12. */
class @CLASS@PricingAgentTest {

    private static final OfflineContext CONTEXT = OfflineContext.at(Instant.parse("2026-01-01T00:00:00Z"));
    private static final PricingContext PRODUCT = new PricingContext("p1", 10, Double.NaN, 10, -1, "EUR", List.of());

    @Test
    void triesEveryPriceOnceThenChargesTheBestMeanRevenue() {
        @CLASS@PricingAgent agent = new @CLASS@PricingAgent();
        PricingModel state = agent.start(PRODUCT, agent.descriptor().configSpec()
                .parse(Map.of("prices", 3, "epsilon", 0.0)), CONTEXT);
        SplittableRandom random = new SplittableRandom(1);
        // Units sold at 8, 10, 12: 10, 9, 5 -> revenue 80, 90, 60; the best is 10.
        Map<Double, Double> unitsAt = Map.of(8.0, 10.0, 10.0, 9.0, 12.0, 5.0);
        for (double expected : new double[] {8, 10, 12}) {
            PriceDecision d = state.decide(PRODUCT, random, CONTEXT);
            assertEquals(expected, d.price(), 0);
            state = state.observe(new PricingOutcome(d.price(), unitsAt.get(d.price()), d.price() * unitsAt.get(d.price())));
        }
        PriceDecision best = state.decide(PRODUCT, random, CONTEXT);
        assertEquals(10.0, best.price(), 0);
        assertFalse(best.exploring());
        assertEquals(9.0, best.expectedUnits(), 0);
        assertEquals(90.0, best.expectedRevenue(), 0);
    }
}
