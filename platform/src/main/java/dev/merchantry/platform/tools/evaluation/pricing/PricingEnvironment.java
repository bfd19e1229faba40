package dev.merchantry.platform.tools.evaluation.pricing;

import dev.merchantry.api.pricing.PricingContext;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.util.List;

/**
 * A Gym-like pricing environment for one product: {@link #reset()} gives the first observation, {@link #step}
 * charges a price for one period and returns the units sold (demand drawn around the known curve, capped by stock
 * when the inventory is limited), the money taken and the next observation. The demand stream has its own seed,
 * so two agents run against the same seed face the same customers' randomness.
 */
public final class PricingEnvironment {

    /**
     * One period's result.
     *
     * @param observation the product as the agent sees it for the next period (current price = the price charged)
     * @param units units sold
     * @param revenue price × units
     * @param profit (price − cost) × units
     * @param expectedUnits expected units at this price this period (the demand curve, capped by stock)
     * @param done the horizon is reached
     */
    public record Step(PricingContext observation, long units, double revenue, double profit, double expectedUnits,
                       boolean done) {
    }

    private final DemandModel demand;
    private final int periods;
    private final long seed;
    private RandomGenerator random;
    private int t;
    private long stock;

    public PricingEnvironment(DemandModel demand, int periods, long seed) {
        this.demand = demand;
        this.periods = periods;
        this.seed = seed;
    }

    /** Starts an episode: period 0, list price charged, full stock; the same seed replays the same demand noise. */
    public PricingContext reset() {
        random = new Well19937c(seed);
        t = 0;
        double inventory = demand.parameters().getOrDefault("inventory", -1.0);
        stock = inventory < 0 ? -1 : Math.round(inventory);
        return observation(demand.listPrice());
    }

    public Step step(double price) {
        if (random == null) {
            throw new IllegalStateException("call reset() before step()");
        }
        if (t >= periods) {
            throw new IllegalStateException("the episode ended after " + periods + " periods; call reset()");
        }
        long wanted = demand.sample(price, random);
        double expected = demand.expectedUnits(price);
        long units = wanted;
        if (stock >= 0) {
            units = Math.min(wanted, stock);
            expected = Math.min(expected, stock);
            stock -= units;
        }
        t++;
        return new Step(observation(price), units, price * units, (price - demand.cost()) * units, expected,
                t >= periods);
    }

    public int period() {
        return t;
    }

    private PricingContext observation(double currentPrice) {
        return new PricingContext("simulated", demand.listPrice(), demand.cost(), currentPrice, stock, "EUR", List.of());
    }
}
