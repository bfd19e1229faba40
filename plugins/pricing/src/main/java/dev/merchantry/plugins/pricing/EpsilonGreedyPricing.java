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
 * Epsilon-greedy pricing: with probability ε a uniformly random candidate, otherwise the one with the best observed
 * mean (each candidate is tried once first). With a constant ε its regret grows linearly (ε T times the mean gap);
 * Sutton and Barto (2018), ch. 2. A baseline for comparison.
 */
@Extension
public final class EpsilonGreedyPricing extends GridPricingAgent {

    public static final String ID = "epsilon-greedy";
    static final String EPSILON = "epsilon";

    public EpsilonGreedyPricing() {
        super(ID, "Epsilon-greedy pricing",
                "Charges the candidate price with the best observed revenue or profit per period, except in a "
                        + "fraction epsilon of periods where it tries a random candidate. Simple and predictable, "
                        + "but it never stops paying for exploration; a baseline to compare Thompson sampling with.",
                PricingSettings.spec(WarmStart.OFF,
                        "Not used by this agent: it counts only its own observations.")
                        .define(EPSILON, ConfigType.DOUBLE, 0.1, Validators.between(0, 1), Importance.HIGH,
                                "Share of periods spent on a uniformly random candidate price.")
                        .build());
    }

    @Override
    GridPricingModel create(PricingSettings settings, PricingContext product, ArmStats arms, Config config) {
        return new Model(settings, product.listPrice(), product.cost(), arms, 0, config.getDouble(EPSILON));
    }

    @Override
    GridPricingModel read(GridPricingModel.Common c, ModelReader reader) {
        double epsilon = reader.readDouble();
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new ModelFormatException("corrupt epsilon-greedy state: epsilon " + epsilon);
        }
        return new Model(c.settings(), c.listPrice(), c.cost(), c.arms(), c.unattributed(), epsilon);
    }

    /** An epsilon-greedy agent state. */
    static final class Model extends GridPricingModel {
        private final double epsilon;

        Model(PricingSettings settings, double listPrice, double cost, ArmStats arms, long unattributed,
              double epsilon) {
            super(ID, settings, listPrice, cost, arms, unattributed);
            this.epsilon = epsilon;
        }

        @Override
        Choice choose(Situation s, RandomGenerator random, StrategyContext context) {
            // Always draw, so the random stream (and thus every later decision) does not depend on the branch.
            double u = random.nextDouble();
            int pick = random.nextInt(arms.size());
            if (u < epsilon) {
                return new Choice(pick, true, "a random candidate, " + money(arms.prices[pick])
                        + " (the " + percent(epsilon) + " of periods spent exploring)");
            }
            // Counts its own observations only (the prior is not used by this agent).
            int untried = untriedNearest(s, k -> arms.periods[k] == 0);
            if (untried >= 0) {
                return new Choice(untried, true, "trying " + money(arms.prices[untried])
                        + ", a candidate price without observations");
            }
            int greedy = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < arms.size(); k++) {
                double mean = s.margin()[k] * arms.observedUnits(k);
                if (arms.periods[k] > 0 && mean > best) {
                    best = mean;
                    greedy = k;
                }
            }
            if (greedy < 0) {
                return new Choice(-1, false, "no candidate price earns a positive " + objectiveName()
                        + "; keeping the current price");
            }
            return new Choice(greedy, false, money(arms.prices[greedy]) + " has the highest observed "
                    + objectiveName());
        }

        @Override
        GridPricingModel next(ArmStats arms, long unattributed, PricingOutcome outcome) {
            return new Model(settings, listPrice, cost, arms, unattributed, epsilon);
        }

        @Override
        void writeExtra(ModelWriter w) {
            w.writeDouble(epsilon);
        }
    }
}
