package dev.merchantry.plugins.pricing;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingOutcome;
import org.pf4j.Extension;

import java.util.random.RandomGenerator;

/**
 * Thompson sampling over the candidate prices with a Poisson–Gamma demand model: units per period at candidate k
 * are Poisson(λ_k), λ_k ~ Gamma(α, β); each decision draws one λ_k from every posterior and aims for the candidate
 * with the largest sampled margin × λ_k. Thompson (1933); for Poisson rewards the Bayesian regret is
 * O(√(K T log T)) (Russo and Van Roy 2014). Docs: {@code docs/algorithms/pricing.md}.
 */
@Extension
public final class ThompsonPricing extends GridPricingAgent {

    public static final String ID = "thompson-pricing";

    public ThompsonPricing() {
        super(ID, "Thompson sampling pricing",
                "Learns which of a grid of candidate prices (ratios of the list price) earns the most revenue or "
                        + "profit per period, from units sold. Keeps a Poisson–Gamma posterior of demand at each "
                        + "price and picks prices by Thompson sampling: it explores while uncertain and settles on "
                        + "the best price as evidence grows. Guardrails: a minimum margin over cost, a maximum change "
                        + "per decision, optional x.99 endings. The default pricing agent.",
                PricingSettings.spec(WarmStart.THOMPSON_WEIGHT,
                        PricingSettings.HISTORY_DOC + " On by default: it lowered the first 30 periods' "
                                + "regret on every standard simulated demand model and earned more on the demo shop; "
                                + "it can do worse where the best price is the highest candidate "
                                + "(docs/algorithms/pricing.md).").build());
    }

    @Override
    GridPricingModel create(PricingSettings settings, PricingContext product, ArmStats arms, Config config) {
        return new Model(settings, product.listPrice(), product.cost(), arms, 0);
    }

    @Override
    GridPricingModel read(GridPricingModel.Common c, ModelReader reader) {
        return new Model(c.settings(), c.listPrice(), c.cost(), c.arms(), c.unattributed());
    }

    /** A Thompson-sampling agent state. */
    static final class Model extends GridPricingModel {

        Model(PricingSettings settings, double listPrice, double cost, ArmStats arms, long unattributed) {
            super(ID, settings, listPrice, cost, arms, unattributed);
        }

        @Override
        Choice choose(Situation s, RandomGenerator random, StrategyContext context) {
            int untried = untriedNearest(s);
            if (untried >= 0) {
                return new Choice(untried, true, "trying " + money(arms.prices[untried])
                        + ", a candidate price without observations");
            }
            double[] sampled = new double[arms.size()];
            for (int k = 0; k < arms.size(); k++) {
                sampled[k] = arms.informed(k) ? GammaSampler.sample(random, arms.shape(k), arms.rate(k)) : Double.NaN;
            }
            // Among the prices the guardrails allow now: aiming at a far sampled best and walking there through the
            // prices in between costs more than it teaches. Only when none is allowed, walk towards the best overall.
            int target = bestSampled(s, sampled, true);
            if (target < 0) {
                target = bestSampled(s, sampled, false);
            }
            double sampledUnits = target < 0 ? Double.NaN : sampled[target];
            if (target < 0) {
                return new Choice(-1, false, "no candidate price earns a positive " + objectiveName()
                        + "; keeping the current price");
            }
            int exploit = bestByMean(s.margin());
            if (target == exploit) {
                return new Choice(target, false, money(arms.prices[target]) + " has the highest expected "
                        + objectiveName());
            }
            return new Choice(target, true, money(arms.prices[target]) + " drew " + fixed(sampledUnits, 1)
                    + " units from its posterior, beating the expected best " + money(arms.prices[exploit]));
        }

        private int bestSampled(Situation s, double[] sampled, boolean allowedOnly) {
            int target = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < arms.size(); k++) {
                if (!arms.informed(k) || allowedOnly && !s.guardrails().allows(arms.prices[k])) {
                    continue;
                }
                double value = s.margin()[k] * sampled[k];
                if (value > best) {
                    best = value;
                    target = k;
                }
            }
            return target;
        }

        @Override
        GridPricingModel next(ArmStats arms, long unattributed, PricingOutcome outcome) {
            return new Model(settings, listPrice, cost, arms, unattributed);
        }

        @Override
        void writeExtra(ModelWriter w) {
            // nothing beyond the common layout
        }
    }
}
