package dev.merchantry.plugins.pricing;

import dev.merchantry.api.config.Config;
import dev.merchantry.api.pricing.PriceDecision;
import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import dev.merchantry.api.pricing.PricingOutcome;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property-style: over thousands of random products, configurations and learning histories (fixed seed), no agent
 * ever prices below cost × (1 + min_margin), and none moves further than max_change_ratio from the current price
 * unless the margin floor itself lies beyond that window (the floor wins, as documented).
 */
class GuardrailPropertyTest {

    /** Relative slack for floating-point comparisons of prices in cents. */
    private static final double SLACK = 1e-9;
    private static final List<PricingAgent> AGENTS = List.of(new ThompsonPricing(), new UcbPricing(),
            new EpsilonGreedyPricing(), new InventoryPricing());

    @Test
    void guardrailsHoldForEveryAgentUnderRandomInputs() {
        SplittableRandom rng = new SplittableRandom(20260101);
        int checked = 0;
        for (int trial = 0; trial < 2500; trial++) {
            PricingAgent agent = AGENTS.get(trial % AGENTS.size());
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("price_points", 2 + rng.nextInt(14));
            raw.put("min_price_ratio", 0.05 + 0.95 * rng.nextDouble());
            raw.put("max_price_ratio", 1 + 3 * rng.nextDouble());
            raw.put("min_margin", rng.nextBoolean() ? 0.0 : rng.nextDouble());
            raw.put("max_change_ratio", 0.01 + 0.6 * rng.nextDouble());
            raw.put("charm_endings", rng.nextBoolean());
            raw.put("objective", rng.nextBoolean() ? "revenue" : "profit");
            Config config = agent.descriptor().configSpec().parse(raw);
            double list = Math.exp(rng.nextDouble(Math.log(0.5), Math.log(5000)));
            double cost = rng.nextInt(5) == 0 ? Double.NaN : list * rng.nextDouble(0, 1.5);
            long onHand = rng.nextInt(3) == 0 ? -1 : rng.nextInt(200);
            PricingContext start = new PricingContext("p", list, cost, list, onHand, "EUR", List.of());
            PricingModel model = agent.start(start, config, OfflineContext.at(Instant.EPOCH));
            double current = list * rng.nextDouble(0.2, 2.5);
            for (int step = 0; step < 12; step++) {
                double stepCost = rng.nextInt(6) == 0 ? cost * rng.nextDouble(0.5, 2) : cost;
                PricingContext now = new PricingContext("p", list, stepCost, current, onHand, "EUR", List.of());
                PriceDecision d = model.decide(now, rng, OfflineContext.at(Instant.EPOCH));
                check(raw, now, d.price());
                checked++;
                double units = rng.nextInt(4) == 0 ? 0 : rng.nextInt(60);
                model = model.observe(new PricingOutcome(d.price(), units, units * d.price()));
                current = rng.nextInt(5) == 0 ? list * rng.nextDouble(0.2, 2.5) : d.price();
            }
        }
        assertEquals(30_000, checked);
    }

    private static void check(Map<String, Object> raw, PricingContext p, double price) {
        double margin = (Double) raw.get("min_margin");
        double change = (Double) raw.get("max_change_ratio");
        double floor = Double.isFinite(p.cost()) && p.cost() > 0 ? p.cost() * (1 + margin) : 0;
        String where = "price " + price + " for " + p + " with " + raw;
        if (!(price > 0) || !Double.isFinite(price)) {
            fail("not a positive price: " + where);
        }
        assertTrue(price >= floor * (1 - SLACK), "below the margin floor " + floor + ": " + where);
        if (floor <= p.currentPrice() * (1 + change)) {
            assertTrue(Math.abs(price - p.currentPrice()) <= change * p.currentPrice() * (1 + SLACK) + SLACK,
                    "moved more than " + change + " from " + p.currentPrice() + ": " + where);
        } else {
            assertEquals(floor, price, floor * SLACK, "the floor wins when it is beyond the change window: " + where);
        }
    }
}
