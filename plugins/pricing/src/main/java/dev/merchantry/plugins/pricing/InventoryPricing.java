package dev.merchantry.plugins.pricing;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyException;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingOutcome;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.pf4j.Extension;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Thompson sampling with limited inventory over a selling season (Ferreira, Simchi-Levi and Wang 2018, "Online
 * network revenue management using Thompson sampling", Operations Research 66(6)). Each period: draw demand rates
 * θ_k from the Poisson–Gamma posteriors, solve the linear program max Σ m_k θ_k x_k subject to Σ θ_k x_k ≤ c,
 * Σ x_k ≤ 1, x ≥ 0 (Commons Math simplex), and charge candidate k with probability x_k. TS-fixed uses c = I₀ / T,
 * TS-update c = I_t / (T − t) (remaining stock over remaining periods). The paper's shut-off price is not
 * available in a shop; the leftover probability goes to the highest candidate. The Bayesian regret of TS-fixed is
 * O(√(T K log K)). Where the shop has a forecaster, its mean forecast sets the prior's level.
 */
@Extension
public final class InventoryPricing extends GridPricingAgent {

    public static final String ID = "inventory-pricing";
    static final String SEASON_PERIODS = "season_periods";
    static final String INVENTORY = "inventory";
    static final String VARIANT = "variant";
    static final String FORECAST_PRIOR_WEIGHT = "forecast_prior_weight";

    public InventoryPricing() {
        super(ID, "Inventory-aware Thompson sampling",
                "For stock that must sell within a season (e.g. seasonal goods, clearance): Thompson sampling that "
                        + "plans a mix of prices so that the stock on hand lasts the remaining periods and earns "
                        + "the most (Ferreira, Simchi-Levi and Wang 2018). Asks the shop's forecaster, if one is "
                        + "bound, for the demand level to start from. Same guardrails as thompson-pricing.",
                PricingSettings.spec(WarmStart.OFF,
                        PricingSettings.HISTORY_DOC + " Off by default for this agent: with "
                                + "unlimited stock it did worse warm in simulation; with scarce stock, better "
                                + "(docs/algorithms/pricing.md).")
                        .define(SEASON_PERIODS, ConfigType.INT, 30, Validators.between(1, 100_000), Importance.HIGH,
                                "Length of the selling season in periods (days on the platform).")
                        .define(INVENTORY, ConfigType.LONG, -1L, Validators.between(-1, 1e12), Importance.HIGH,
                                "Units to sell over the season; -1 takes the product's stock when the agent starts. "
                                        + "The product's reported stock, when known, overrides the bookkeeping.")
                        .define(VARIANT, ConfigType.STRING, "update", Validators.oneOf("update", "fixed"),
                                Importance.MEDIUM, "update: plan with remaining stock / remaining periods "
                                        + "(TS-update); fixed: with initial stock / season length (TS-fixed).")
                        .define(FORECAST_PRIOR_WEIGHT, ConfigType.DOUBLE, 1.0, Validators.between(0, 1000),
                                Importance.LOW, "Periods of pseudo-observation given to the forecaster's demand "
                                        + "level in the prior (0: do not ask the forecaster).")
                        .build());
    }

    @Override
    ArmStats prior(ArmStats fresh, PricingContext product, Config config, StrategyContext context) {
        double weight = config.getDouble(FORECAST_PRIOR_WEIGHT);
        if (weight <= 0) {
            return fresh;
        }
        Optional<Forecast> forecast;
        try {
            forecast = context.strategies().forecast(product.productId(),
                    Math.min(28, config.getInt(SEASON_PERIODS)));
        } catch (StrategyException e) {
            context.logger().debug("no demand forecast for {}: {}", product.productId(), e.getMessage());
            return fresh;
        }
        if (forecast.isEmpty()) {
            return fresh;
        }
        double level = Arrays.stream(forecast.get().mean()).filter(Double::isFinite).map(v -> Math.max(0, v))
                .average().orElse(Double.NaN);
        if (!Double.isFinite(level)) {
            return fresh;
        }
        // The forecast is demand at the current price; unit elasticity spreads it over the candidates without
        // favouring any price in revenue terms (the prior only sets the scale).
        double reference = PriceGrid.referencePrice(product);
        double[] shape = new double[fresh.size()];
        double[] rate = new double[fresh.size()];
        for (int k = 0; k < shape.length; k++) {
            shape[k] = fresh.priorShape[k] + weight * level * reference / fresh.prices[k];
            rate[k] = fresh.priorRate[k] + weight;
        }
        return fresh.withPrior(shape, rate);
    }

    @Override
    GridPricingModel create(PricingSettings settings, PricingContext product, ArmStats arms, Config config) {
        long inventory = config.getLong(INVENTORY) >= 0 ? config.getLong(INVENTORY) : product.onHand();
        return new Model(settings, product.listPrice(), product.cost(), arms, 0, config.getInt(SEASON_PERIODS),
                config.getString(VARIANT), inventory, inventory, 0);
    }

    @Override
    GridPricingModel read(GridPricingModel.Common c, ModelReader reader) {
        int season = reader.readInt();
        String variant = reader.readString();
        long initial = reader.readLong();
        long remaining = reader.readLong();
        long elapsed = reader.readLong();
        if (season < 1 || !("update".equals(variant) || "fixed".equals(variant)) || elapsed < 0) {
            throw new ModelFormatException("corrupt inventory-pricing state");
        }
        return new Model(c.settings(), c.listPrice(), c.cost(), c.arms(), c.unattributed(), season, variant, initial,
                remaining, elapsed);
    }

    /**
     * The optimal price mix: x maximizing Σ m_k θ_k x_k subject to Σ θ_k x_k ≤ capacity, Σ x_k ≤ 1, x ≥ 0.
     * Unlimited capacity reduces to the single best candidate.
     */
    static double[] priceMix(double[] margin, double[] theta, double capacity) {
        int n = margin.length;
        double[] x = new double[n];
        double[] value = new double[n];
        int best = -1;
        for (int k = 0; k < n; k++) {
            value[k] = margin[k] * theta[k];
            if (value[k] > 0 && (best < 0 || value[k] > value[best])) {
                best = k;
            }
        }
        if (best < 0) {
            return x;
        }
        if (!Double.isFinite(capacity) || theta[best] <= capacity) {
            x[best] = 1;
            return x;
        }
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        try {
            PointValuePair solution = new SimplexSolver().optimize(new MaxIter(10_000),
                    new LinearObjectiveFunction(value, 0),
                    new LinearConstraintSet(List.of(new LinearConstraint(theta, Relationship.LEQ, capacity),
                            new LinearConstraint(ones, Relationship.LEQ, 1))),
                    GoalType.MAXIMIZE, new NonNegativeConstraint(true));
            double[] point = solution.getPoint();
            for (int k = 0; k < n; k++) {
                x[k] = Math.max(0, point[k]);
            }
        } catch (MathIllegalStateException e) {
            x[best] = Math.min(1, capacity / theta[best]); // cannot happen for this bounded, feasible LP
        }
        return x;
    }

    /** An inventory-aware agent state: the statistics plus the season's bookkeeping. */
    static final class Model extends GridPricingModel {
        private final int season;
        private final String variant;
        private final long initial;
        private final long remaining;
        private final long elapsed;

        Model(PricingSettings settings, double listPrice, double cost, ArmStats arms, long unattributed, int season,
              String variant, long initial, long remaining, long elapsed) {
            super(ID, settings, listPrice, cost, arms, unattributed);
            this.season = season;
            this.variant = variant;
            this.initial = initial;
            this.remaining = remaining;
            this.elapsed = elapsed;
        }

        double capacity(long stock) {
            if (stock < 0) {
                return Double.POSITIVE_INFINITY;
            }
            if ("fixed".equals(variant) && initial >= 0) {
                return (double) initial / season;
            }
            return (double) stock / Math.max(1, season - elapsed);
        }

        @Override
        Choice choose(Situation s, RandomGenerator random, StrategyContext context) {
            long stock = s.product().onHand() >= 0 ? s.product().onHand() : remaining;
            if (stock == 0) {
                return new Choice(-1, false, "out of stock; keeping the current price");
            }
            int untried = untriedNearest(s);
            if (untried >= 0) {
                return new Choice(untried, true, "trying " + money(arms.prices[untried])
                        + ", a candidate price without observations");
            }
            double[] theta = new double[arms.size()];
            double[] mean = new double[arms.size()];
            for (int k = 0; k < theta.length; k++) {
                if (arms.informed(k)) {
                    theta[k] = GammaSampler.sample(random, arms.shape(k), arms.rate(k));
                    mean[k] = arms.meanUnits(k);
                }
            }
            double capacity = capacity(stock);
            double[] mix = priceMix(s.margin(), theta, capacity);
            double u = random.nextDouble();
            int target = arms.size() - 1; // leftover probability: the highest candidate stands in for shut-off
            double cumulative = 0;
            for (int k = 0; k < mix.length; k++) {
                cumulative += mix[k];
                if (u < cumulative) {
                    target = k;
                    break;
                }
            }
            double[] planned = priceMix(s.margin(), mean, capacity);
            String budget = Double.isFinite(capacity)
                    ? " for a budget of " + fixed(capacity, 1) + " units per period (" + stock + " in stock, "
                            + Math.max(0, season - elapsed) + " of " + season + " periods left)"
                    : " (stock unknown: no inventory constraint)";
            if (planned[target] > 1e-9) {
                return new Choice(target, false, money(arms.prices[target]) + " is in the best price mix"
                        + budget);
            }
            return new Choice(target, true, money(arms.prices[target]) + " comes from the price mix of a "
                    + "posterior draw" + budget);
        }

        @Override
        GridPricingModel next(ArmStats arms, long unattributed, PricingOutcome outcome) {
            long left = remaining < 0 ? remaining : Math.max(0, remaining - Math.round(outcome.units()));
            return new Model(settings, listPrice, cost, arms, unattributed, season, variant, initial, left,
                    elapsed + 1);
        }

        @Override
        void writeExtra(ModelWriter w) {
            w.writeInt(season).writeString(variant).writeLong(initial).writeLong(remaining).writeLong(elapsed);
        }
    }
}
