package dev.merchantry.plugins.pricing;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingOutcome;
import org.pf4j.Extension;

import java.util.random.RandomGenerator;

/**
 * Upper-confidence-bound pricing. {@code kl-ucb}: the index of candidate k is price_k × the largest rate q with
 * n_k · d(λ̂_k, q) ≤ log t, where d is the Poisson Kullback–Leibler divergence (Garivier and Cappé 2011, with their
 * recommended c = 0); regret O(log T) per suboptimal price. {@code ucb1}: mean reward + R · √(2 ln t / n_k) (Auer,
 * Cesa-Bianchi and Fischer 2002), with rewards scaled by the largest mean reward seen so far, R. Deterministic.
 */
@Extension
public final class UcbPricing extends GridPricingAgent {

    public static final String ID = "ucb-pricing";
    static final String ALGORITHM = "algorithm";

    public UcbPricing() {
        super(ID, "Upper-confidence-bound pricing",
                "Picks, among a grid of candidate prices, the one whose optimistic estimate of revenue or profit "
                        + "per period is highest (KL-UCB with a Poisson divergence, or UCB1). Deterministic; mainly "
                        + "a baseline to compare Thompson sampling with. Same guardrails as thompson-pricing.",
                PricingSettings.spec(WarmStart.OFF,
                        "Not used by this agent: it counts only its own observations.")
                        .define(ALGORITHM, ConfigType.STRING, "kl-ucb", Validators.oneOf("kl-ucb", "ucb1"),
                                Importance.MEDIUM, "kl-ucb (Poisson KL-UCB, tighter) or ucb1 (Auer et al. 2002).")
                        .build());
    }

    @Override
    GridPricingModel create(PricingSettings settings, PricingContext product, ArmStats arms, Config config) {
        return new Model(settings, product.listPrice(), product.cost(), arms, 0, config.getString(ALGORITHM));
    }

    @Override
    GridPricingModel read(GridPricingModel.Common c, ModelReader reader) {
        String algorithm = reader.readString();
        if (!"kl-ucb".equals(algorithm) && !"ucb1".equals(algorithm)) {
            throw new ModelFormatException("corrupt ucb-pricing state: unknown algorithm");
        }
        return new Model(c.settings(), c.listPrice(), c.cost(), c.arms(), c.unattributed(), algorithm);
    }

    /** Poisson KL divergence d(p, q) = q − p + p log(p / q). */
    static double poissonKl(double p, double q) {
        if (p <= 0) {
            return q;
        }
        return q - p + p * Math.log(p / q);
    }

    /** The largest q ≥ mean with periods · d(mean, q) ≤ log t, by bisection. */
    static double klUpperBound(double mean, long periods, long t) {
        double bound = Math.log(Math.max(t, 2)) / periods;
        double low = mean;
        double high = mean + bound + 1;
        while (poissonKl(mean, high) <= bound) {
            high = 2 * high + 1;
        }
        for (int i = 0; i < 60; i++) {
            double mid = (low + high) / 2;
            if (poissonKl(mean, mid) <= bound) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** A UCB agent state. */
    static final class Model extends GridPricingModel {
        private final String algorithm;

        Model(PricingSettings settings, double listPrice, double cost, ArmStats arms, long unattributed,
              String algorithm) {
            super(ID, settings, listPrice, cost, arms, unattributed);
            this.algorithm = algorithm;
        }

        @Override
        Choice choose(Situation s, RandomGenerator random, StrategyContext context) {
            // Counts its own observations only (the prior is not used by this agent).
            int untried = untriedNearest(s, k -> arms.periods[k] == 0);
            if (untried >= 0) {
                return new Choice(untried, true, "trying " + money(arms.prices[untried])
                        + ", a candidate price without observations");
            }
            long t = arms.totalPeriods() + 1;
            double scale = 0;
            for (int k = 0; k < arms.size(); k++) {
                scale = Math.max(scale, s.margin()[k] * arms.observedUnits(k));
            }
            int target = -1;
            int greedy = -1;
            double best = Double.NEGATIVE_INFINITY;
            double bestMean = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < arms.size(); k++) {
                if (arms.periods[k] == 0) {
                    continue;
                }
                double mean = s.margin()[k] * arms.observedUnits(k);
                double index;
                if (s.margin()[k] <= 0) {
                    index = mean;
                } else if ("ucb1".equals(algorithm)) {
                    index = mean + scale * Math.sqrt(2 * Math.log(t) / arms.periods[k]);
                } else {
                    index = s.margin()[k] * klUpperBound(arms.observedUnits(k), arms.periods[k], t);
                }
                if (index > best) {
                    best = index;
                    target = k;
                }
                if (mean > bestMean) {
                    bestMean = mean;
                    greedy = k;
                }
            }
            if (target < 0) {
                return new Choice(-1, false, "no candidate price earns a positive " + objectiveName()
                        + "; keeping the current price");
            }
            if (target == greedy) {
                return new Choice(target, false, money(arms.prices[target]) + " has the highest observed "
                        + objectiveName() + " and upper bound");
            }
            return new Choice(target, true, money(arms.prices[target]) + " has the highest upper confidence bound ("
                    + money(best) + " per period), the observed best is " + money(arms.prices[greedy]));
        }

        @Override
        GridPricingModel next(ArmStats arms, long unattributed, PricingOutcome outcome) {
            return new Model(settings, listPrice, cost, arms, unattributed, algorithm);
        }

        @Override
        void writeExtra(ModelWriter w) {
            w.writeString(algorithm);
        }
    }
}
