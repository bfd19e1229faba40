package dev.merchantry.plugins.pricing;

import dev.merchantry.api.pricing.PriceDecision;
import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import dev.merchantry.api.pricing.PricingOutcome;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A cold agent tries each candidate once first — but only the candidates it may charge. With list price 20 and cost
 * 14 the margin floor is 14 × 1.05 = 14.70, so the candidate 14 can never be charged. Aiming at it anyway kept every
 * agent "trying 14.00" at the nearest allowed price, 16, for ever: it never learned again (on the demo shop 5 of the
 * 20 best sellers stayed at their lowest allowed price for a whole month, docs/algorithms/pricing.md).
 */
class TourTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void candidatesUnderTheMarginFloorAreNotTriedAndTheOthersAre() {
        for (PricingAgent agent : List.of(new ThompsonPricing(), new UcbPricing(), new EpsilonGreedyPricing(),
                new InventoryPricing())) {
            PricingModel model = agent.start(new PricingContext("p", 20, 14, 20, -1, "EUR", List.of()),
                    agent.descriptor().configSpec().parse(
                    agent instanceof EpsilonGreedyPricing ? Map.of("epsilon", 0.0) : Map.of()), OfflineContext.at(T0));
            SplittableRandom random = new SplittableRandom(3);
            double current = 20;
            TreeSet<Double> charged = new TreeSet<>();
            int trying = 0;
            for (int t = 0; t < 40; t++) {
                PriceDecision d = model.decide(new PricingContext("p", 20, 14, current, -1, "EUR", List.of()),
                        random, OfflineContext.at(T0));
                if (d.explanation().contains("without observations")) {
                    trying++;
                }
                charged.add(d.price());
                // One unit a period everywhere: the tour's order and length do not depend on the outcomes.
                model = model.observe(new PricingOutcome(d.price(), 1, d.price()));
                current = d.price();
            }
            String id = agent.descriptor().id();
            // The tour from 20 (ties to the cheaper price): 18, 16, then 22, 24, 26 walking up through 18, 20 —
            // 8 decisions aiming at an untried candidate, then none (before the fix: all 40).
            assertEquals(8, trying, id + ": decisions still touring");
            assertFalse(charged.contains(14.0), id + " charged below the floor");
            assertEquals(new TreeSet<>(List.of(16.0, 18.0, 20.0, 22.0, 24.0, 26.0)),
                    charged, id + ": every allowed candidate charged, none other");
        }
    }
}
