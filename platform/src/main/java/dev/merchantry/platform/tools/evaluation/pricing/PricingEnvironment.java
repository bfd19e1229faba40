package dev.merchantry.platform.tools.evaluation.pricing;

import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.api.pricing.PricingContext;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /** Mixed into the seed of the stream the past sales are drawn from. */
    private static final long HISTORY_STREAM = 0x6A09E667F3BCC909L;
    /** When period 0 begins (past sales are dated the days before). */
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final DemandModel demand;
    private final int periods;
    private final long seed;
    private final int historyPeriods;
    private RandomGenerator random;
    private int t;
    private long stock;

    public PricingEnvironment(DemandModel demand, int periods, long seed) {
        this(demand, periods, seed, 0);
    }

    /**
     * @param historyPeriods periods of past sales at the list price that {@link #reset()} hands the agent, drawn from
     *                       a stream of their own so that the episode's demand noise does not depend on them
     */
    public PricingEnvironment(DemandModel demand, int periods, long seed, int historyPeriods) {
        this.demand = demand;
        this.periods = periods;
        this.seed = seed;
        this.historyPeriods = historyPeriods;
    }

    /**
     * Starts an episode: period 0, list price charged, full stock, and the past periods at list price (oldest first,
     * ending the day before period 0; they do not use up stock); the same seed replays the same demand noise.
     */
    public PricingContext reset() {
        random = new Well19937c(seed);
        t = 0;
        double inventory = demand.parameters().getOrDefault("inventory", -1.0);
        stock = inventory < 0 ? -1 : Math.round(inventory);
        RandomGenerator past = new Well19937c(seed ^ HISTORY_STREAM);
        List<PriceObservation> history = new ArrayList<>(historyPeriods);
        double list = demand.listPrice();
        for (int d = historyPeriods; d >= 1; d--) {
            long units = demand.sample(list, past);
            history.add(new PriceObservation(START.minus(Duration.ofDays(d)), list, units, list * units));
        }
        return new PricingContext("simulated", list, demand.cost(), list, stock, "EUR", history);
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
