package dev.merchantry.plugins.pricing;

import dev.merchantry.api.pricing.PriceObservation;

import java.util.List;

/**
 * Builds an agent's starting prior from the product's past sales: periods observed at a candidate price count, at
 * most {@code weight} of them, as pseudo-observations of that candidate (shape += units, rate += periods, scaled
 * down when there are more periods than the weight), and every candidate without history gets the best-observed
 * candidate's demand level spread with unit elasticity (units × price constant, which favours no price in revenue
 * terms; Jeffreys' α₀ is scaled the same way) worth one period. The result is a proper Gamma prior at every
 * candidate, so the agent no longer has to try each price once before judging it; how far it explores is left to
 * the posterior draws. Off by default ({@link #DEFAULT_WEIGHT}).
 */
final class WarmStart {

    /**
     * Default: off. In the pricing simulation a warm start with 14 periods cut the first 30 periods' regret by a third
     * to a half, but on the demo shop end to end ({@code evaluate pricing-demo}, 20 products, 30 days, seeds 7–11) the
     * cold agents earned +8.0 % over the catalog price on average and the warm ones +4.9 %, losing on every seed
     * (docs/algorithms/pricing.md, "Warm start"). Until that is understood, a merchant opts in.
     */
    static final double DEFAULT_WEIGHT = 0;
    /**
     * Periods of pseudo-observation given to the unit-elastic spread at candidates without history: one is enough to
     * skip the forced first try of every price; three made the first 30 periods' regret larger again in the
     * simulation (measured before α₀ was scaled with the spread).
     */
    static final double SPREAD_WEIGHT = 1;

    private WarmStart() {
    }

    /**
     * The prior of {@code arms} warm-started from {@code history}; {@code arms} unchanged when the weight is 0 or no
     * past period falls on a candidate price.
     */
    static ArmStats apply(ArmStats arms, List<PriceObservation> history, double weight) {
        int size = arms.size();
        double[] periods = new double[size];
        double[] units = new double[size];
        for (PriceObservation h : history) {
            int arm = PriceGrid.armOf(h.price(), arms.prices);
            if (arm >= 0 && Double.isFinite(h.units()) && h.units() >= 0) {
                periods[arm]++;
                units[arm] += h.units();
            }
        }
        int reference = 0;
        for (int k = 1; k < size; k++) {
            if (periods[k] > periods[reference]) {
                reference = k;
            }
        }
        if (!(weight > 0) || periods[reference] == 0) {
            return arms;
        }
        double level = units[reference] / periods[reference];
        double spread = Math.min(SPREAD_WEIGHT, weight);
        double[] shape = arms.priorShape.clone();
        double[] rate = arms.priorRate.clone();
        for (int k = 0; k < size; k++) {
            if (periods[k] > 0) {
                double scale = Math.min(1, weight / periods[k]);
                shape[k] += scale * units[k];
                rate[k] += scale * periods[k];
            } else if (spread > 0) {
                // The whole shape scales with 1/price, the prior's own α₀ included: expected revenue
                // p_k · shape_k / rate_k is then the same at every candidate. Adding α₀ unscaled would make it
                // grow with the price (by α₀ · p_k / spread) — at a unit a day, a strong push towards higher prices.
                double ratio = arms.prices[reference] / arms.prices[k];
                shape[k] = arms.priorShape[k] * ratio + spread * level * ratio;
                rate[k] += spread;
            }
        }
        return arms.withPrior(shape, rate);
    }
}
