package dev.merchantry.plugins.pricing;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.pricing.DemandEstimate;
import dev.merchantry.api.pricing.PriceDecision;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import dev.merchantry.api.pricing.PricingOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The part every agent of this plugin shares: candidate prices with their demand statistics, the guardrails, the
 * decision's explanation, learning from outcomes and the byte layout. Subclasses only say which candidate to aim
 * for ({@link #choose}). Immutable; {@link #observe} returns a new state.
 */
abstract class GridPricingModel implements PricingModel {

    static final int FORMAT_VERSION = 1;

    final String strategyId;
    final PricingSettings settings;
    final double listPrice;
    /** Unit cost when the agent started (NaN unknown); a known cost in the decision's context takes precedence. */
    final double cost;
    final ArmStats arms;
    /** Outcomes at prices too far from every candidate to be attributed (e.g. a manual price). */
    final long unattributed;

    GridPricingModel(String strategyId, PricingSettings settings, double listPrice, double cost, ArmStats arms,
                     long unattributed) {
        this.strategyId = strategyId;
        this.settings = settings;
        this.listPrice = listPrice;
        this.cost = cost;
        this.arms = arms;
        this.unattributed = unattributed;
    }

    /** The candidate an agent aims for. {@code arm} -1 keeps the current price (e.g. nothing left to sell). */
    record Choice(int arm, boolean exploring, String reason) {
    }

    /**
     * One decision's situation.
     *
     * @param product the product now
     * @param guardrails the allowed interval
     * @param margin per candidate, what one unit earns under the objective (price, or price − cost)
     * @param cost the unit cost used (0 when unknown)
     */
    record Situation(PricingContext product, PriceGrid.Guardrails guardrails, double[] margin, double cost) {
    }

    /** Which candidate to aim for; the base class then applies the guardrails. */
    abstract Choice choose(Situation situation, RandomGenerator random, StrategyContext context);

    /** The same kind of state with new statistics (after an observation). */
    abstract GridPricingModel next(ArmStats arms, long unattributed, PricingOutcome outcome);

    /** Writes what a subclass adds to the common layout. */
    abstract void writeExtra(ModelWriter w);

    String objectiveName() {
        return settings.profit() ? "profit" : "revenue";
    }

    double costFor(PricingContext product) {
        double c = Double.isFinite(product.cost()) ? product.cost() : cost;
        return Double.isFinite(c) && c > 0 ? c : 0;
    }

    @Override
    public PriceDecision decide(PricingContext product, RandomGenerator random, StrategyContext context) {
        double unitCost = costFor(product);
        PriceGrid.Guardrails guardrails = PriceGrid.Guardrails.of(product,
                Double.isFinite(product.cost()) ? product.cost() : cost, settings);
        double[] margin = new double[arms.size()];
        for (int k = 0; k < margin.length; k++) {
            margin[k] = settings.profit() ? arms.prices[k] - unitCost : arms.prices[k];
        }
        Choice choice = choose(new Situation(product, guardrails, margin, unitCost), random, context);
        double price;
        String note = "";
        if (choice.arm() < 0) {
            price = guardrails.clamp(PriceGrid.referencePrice(product));
        } else if (guardrails.allows(arms.prices[choice.arm()])) {
            price = arms.prices[choice.arm()];
        } else {
            int nearest = nearestAllowed(choice.arm(), guardrails);
            price = nearest >= 0 ? arms.prices[nearest] : guardrails.clamp(arms.prices[choice.arm()]);
            note = "; the guardrails hold it at " + money(price) + " on the way to " + money(arms.prices[choice.arm()])
                    + " (" + guardrailText(guardrails, product) + ")";
        }
        int arm = PriceGrid.armOf(price, arms.prices);
        double units = arm >= 0 ? arms.meanUnits(arm) : Double.NaN;
        double revenue = price * units;
        double profit = Double.isFinite(product.cost()) || Double.isFinite(cost) ? (price - unitCost) * units : Double.NaN;
        String estimate = Double.isFinite(units)
                ? "; estimated " + fixed(units, 1) + " units and " + money(revenue) + " revenue per period at "
                        + money(price)
                : "; no sales observed at " + money(price) + " yet";
        return new PriceDecision(price, choice.exploring(),
                (choice.exploring() ? "exploring: " : "exploiting: ") + choice.reason() + estimate + note,
                units, revenue, profit);
    }

    /** The allowed candidate closest in price to {@code target}, or -1 when no candidate is allowed. */
    int nearestAllowed(int target, PriceGrid.Guardrails guardrails) {
        int best = -1;
        for (int k = 0; k < arms.size(); k++) {
            if (guardrails.allows(arms.prices[k]) && (best < 0
                    || Math.abs(arms.prices[k] - arms.prices[target]) < Math.abs(arms.prices[best] - arms.prices[target]))) {
                best = k;
            }
        }
        return best;
    }

    private String guardrailText(PriceGrid.Guardrails g, PricingContext product) {
        if (g.low() <= g.floor() + 1e-9 && g.floor() > 0) {
            return "margin floor " + money(g.floor()) + ", max change " + percent(settings.maxChangeRatio())
                    + " from " + money(PriceGrid.referencePrice(product));
        }
        return "max change " + percent(settings.maxChangeRatio()) + " from " + money(PriceGrid.referencePrice(product));
    }

    /** Among the candidates, the one with the best posterior-mean {@code margin × units} (untried ones excluded). */
    int bestByMean(double[] margin) {
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < arms.size(); k++) {
            if (arms.informed(k) && margin[k] * arms.meanUnits(k) > bestValue) {
                bestValue = margin[k] * arms.meanUnits(k);
                best = k;
            }
        }
        return best;
    }

    /** The untried candidate closest to the current price (fewest guarded steps away), or -1 if all were tried. */
    int untriedNearest(Situation s) {
        return untriedNearest(s, k -> !arms.informed(k));
    }

    /**
     * Among the candidates {@code untried} accepts that are worth trying — a positive margin and not below the margin
     * floor — the one closest to the current price, or -1. A candidate under the floor can never be charged (the
     * guardrails hold the price at the nearest allowed one and credit the outcome there), so aiming at it would keep
     * the agent "trying" it forever at the lowest allowed price and it would never learn again: on the demo shop that
     * froze 5 of the 20 best sellers for their whole month (docs/algorithms/pricing.md, "Warm start").
     */
    int untriedNearest(Situation s, java.util.function.IntPredicate untried) {
        double reference = PriceGrid.referencePrice(s.product());
        int best = -1;
        for (int k = 0; k < arms.size(); k++) {
            if (untried.test(k) && s.margin()[k] > 0 && arms.prices[k] >= s.guardrails().floor() && (best < 0
                    || Math.abs(arms.prices[k] - reference) < Math.abs(arms.prices[best] - reference))) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public PricingModel observe(PricingOutcome outcome) {
        int arm = PriceGrid.armOf(outcome.price(), arms.prices);
        double revenue = Double.isFinite(outcome.revenue()) ? outcome.revenue() : outcome.price() * outcome.units();
        if (arm < 0) {
            return next(arms, unattributed + 1, outcome);
        }
        return next(arms.observe(arm, outcome.units(), revenue), unattributed, outcome);
    }

    @Override
    public List<DemandEstimate> demandCurve() {
        List<DemandEstimate> curve = new ArrayList<>();
        for (int k = 0; k < arms.size(); k++) {
            curve.add(new DemandEstimate(arms.prices[k], arms.meanUnits(k), arms.quantile(k, 0.05),
                    arms.quantile(k, 0.95), arms.periods[k]));
        }
        return curve;
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("periods", (double) arms.totalPeriods());
        m.put("unattributed_outcomes", (double) unattributed);
        return m;
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter();
        settings.write(w);
        w.writeDouble(listPrice).writeDouble(cost);
        arms.write(w);
        w.writeLong(unattributed);
        writeExtra(w);
        return w.toModel(strategyId, FORMAT_VERSION);
    }

    /** The common part of a serialized state, read in the order {@link #serialize} wrote it. */
    record Common(PricingSettings settings, double listPrice, double cost, ArmStats arms, long unattributed) {

        static Common read(ModelReader r) {
            PricingSettings settings = PricingSettings.read(r);
            if (!"revenue".equals(settings.objective()) && !"profit".equals(settings.objective())) {
                throw new ModelFormatException("corrupt pricing state: unknown objective");
            }
            double listPrice = r.readDouble();
            double cost = r.readDouble();
            ArmStats arms = ArmStats.read(r);
            long unattributed = r.readLong();
            if (!(listPrice > 0) || arms.size() != settings.pricePoints()) {
                throw new ModelFormatException("corrupt pricing state: list price or candidate count");
            }
            return new Common(settings, listPrice, cost, arms, unattributed);
        }
    }

    /** Two decimals, e.g. 15.99 (formatted by hand: String.format dominated the cost of a decision). */
    static String money(double v) {
        return fixed(v, 2);
    }

    /** {@code v} with {@code decimals} digits after the point, rounded half up; NaN and infinities as words. */
    static String fixed(double v, int decimals) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e15) {
            return Double.toString(v);
        }
        long scale = decimals == 1 ? 10 : 100;
        long scaled = Math.round(Math.abs(v) * scale);
        String digits = Long.toString(scaled % scale);
        StringBuilder b = new StringBuilder(v < 0 && scaled != 0 ? "-" : "").append(scaled / scale).append('.');
        for (int i = digits.length(); i < decimals; i++) {
            b.append('0');
        }
        return b.append(digits).toString();
    }

    static String percent(double ratio) {
        return Math.round(100 * ratio) + "%";
    }
}
