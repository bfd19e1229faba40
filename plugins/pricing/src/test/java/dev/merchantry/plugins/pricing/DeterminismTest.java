package dev.merchantry.plugins.pricing;

import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.pricing.PriceDecision;
import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import dev.merchantry.api.pricing.PricingOutcome;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Fixed seeds give identical decisions; states survive serialization with every number intact. */
class DeterminismTest {

    private static final List<PricingAgent> AGENTS = List.of(new ThompsonPricing(), new UcbPricing(),
            new EpsilonGreedyPricing(), new InventoryPricing());

    /** 300 periods of Poisson demand 60 − 2p (seeded separately from the agent) with the price carried over. */
    private static List<Double> run(PricingAgent agent, long seed) {
        PricingContext product = new PricingContext("p", 20, 8, 20, -1, "EUR", List.of());
        PricingModel m = agent.start(product, agent.descriptor().configSpec().parse(Map.of("charm_endings", true)),
                OfflineContext.at(Instant.EPOCH));
        SplittableRandom agentRandom = new SplittableRandom(seed);
        SplittableRandom demand = new SplittableRandom(99);
        List<Double> prices = new ArrayList<>();
        double current = 20;
        for (int t = 0; t < 300; t++) {
            PricingContext now = new PricingContext("p", 20, 8, current, -1, "EUR", List.of());
            PriceDecision d = m.decide(now, agentRandom, OfflineContext.at(Instant.EPOCH));
            prices.add(d.price());
            double units = poisson(demand, Math.max(0, 60 - 2 * d.price()));
            m = m.observe(new PricingOutcome(d.price(), units, units * d.price()));
            current = d.price();
        }
        return prices;
    }

    private static double poisson(SplittableRandom r, double mean) {
        double l = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    @Test
    void aFixedSeedGivesIdenticalDecisionsAndAnotherSeedDifferentOnes() {
        for (PricingAgent agent : AGENTS) {
            assertEquals(run(agent, 5), run(agent, 5), agent.descriptor().id());
        }
        assertNotEquals(run(new ThompsonPricing(), 5), run(new ThompsonPricing(), 6));
    }

    @Test
    void loadedStatesHaveTheSameBytesCurveAndMetrics() {
        for (PricingAgent agent : AGENTS) {
            PricingModel m = agent.start(new PricingContext("p", 50, 20, 50, 40, "EUR", List.of()),
                    agent.descriptor().configSpec().defaults(), OfflineContext.at(Instant.EPOCH));
            for (int t = 0; t < 20; t++) {
                m = m.observe(new PricingOutcome(35 + 5 * (t % 7), t % 5, (t % 5) * (35 + 5 * (t % 7))));
            }
            SerializedModel bytes = m.serialize();
            PricingModel loaded = agent.load(bytes);
            assertEquals(bytes, loaded.serialize(), agent.descriptor().id());
            assertEquals(m.demandCurve(), loaded.demandCurve(), agent.descriptor().id());
            assertEquals(m.metrics(), loaded.metrics(), agent.descriptor().id());
        }
    }
}
