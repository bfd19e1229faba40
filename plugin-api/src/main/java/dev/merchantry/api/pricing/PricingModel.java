package dev.merchantry.api.pricing;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.model.Model;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The learning state of one pricing agent for one product. Immutable: {@link #observe} returns the next state. The
 * platform keeps exactly one current state per product (also in a cluster), serializes calls per product and
 * persists every new state before acknowledging.
 *
 * @since 0.1.0
 */
public interface PricingModel extends Model {

    /**
     * Chooses the price for the next period. Randomness must come only from {@code random}, so a fixed seed gives
     * identical decisions.
     *
     * @param product the product now (list price, cost, current price, stock)
     * @param random the source of exploration randomness
     * @param context shop, clock and a {@link dev.merchantry.api.StrategyClient} (e.g. to ask for a demand forecast)
     * @since 0.1.0
     */
    PriceDecision decide(PricingContext product, RandomGenerator random, StrategyContext context);

    /**
     * The state after learning from one period's outcome.
     *
     * @since 0.1.0
     */
    PricingModel observe(PricingOutcome outcome);

    /**
     * Current belief about demand at each candidate price, cheapest first.
     *
     * @since 0.1.0
     */
    List<DemandEstimate> demandCurve();
}
