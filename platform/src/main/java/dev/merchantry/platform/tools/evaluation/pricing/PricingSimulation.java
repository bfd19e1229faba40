package dev.merchantry.platform.tools.evaluation.pricing;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.pricing.PriceDecision;
import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import dev.merchantry.api.pricing.PricingOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plays a pricing agent against a {@link PricingEnvironment} for a number of periods and runs, and measures it
 * against the oracle: the best fixed candidate price with the demand curve known. Regret is the pseudo-regret
 * (oracle's expected reward minus the expected reward of the prices charged), which does not depend on the demand
 * noise; realized revenue and profit are reported too. Run r uses seed + r for the demand and an independent
 * stream for the agent. With {@link Options#historyPeriods}, the agent starts from that many past periods at the
 * list price (the platform's warm start).
 */
public final class PricingSimulation {

    /**
     * How long and how often.
     *
     * @param historyPeriods periods of past sales at the list price the agent starts with (its warm start); drawn
     *                       from a stream of their own, so the demand during the run is the same with and without
     */
    public record Options(int periods, int runs, long seed, int historyPeriods) {

        public Options(int periods, int runs, long seed) {
            this(periods, runs, seed, 0);
        }
    }

    private PricingSimulation() {
    }

    /** The candidate grid of the bundled agents for a configuration (keys absent: the defaults 7, 0.7, 1.3). */
    static double[] grid(double listPrice, Map<String, Object> config) {
        int points = ((Number) config.getOrDefault("price_points", 7)).intValue();
        double lo = ((Number) config.getOrDefault("min_price_ratio", 0.7)).doubleValue();
        double hi = ((Number) config.getOrDefault("max_price_ratio", 1.3)).doubleValue();
        boolean charm = Boolean.TRUE.equals(config.get("charm_endings"));
        double[] prices = new double[points];
        for (int k = 0; k < points; k++) {
            double p = Math.round(listPrice * (lo + (hi - lo) * k / (points - 1)) * 100) / 100.0;
            if (charm && Math.round(p) >= 1) {
                p = Math.round((Math.round(p) - 0.01) * 100) / 100.0;
            }
            prices[k] = Math.max(0.01, p);
        }
        return prices;
    }

    public static SimulationReport run(String strategyId, PricingAgent agent, Config config, DemandModel demand,
                                       Options options, StrategyContext context) {
        Map<String, Object> settings = config.asMap();
        boolean profit = "profit".equals(settings.get("objective"));
        double cost = demand.cost();
        double floor = cost * (1 + ((Number) settings.getOrDefault("min_margin", 0.0)).doubleValue());
        double[] grid = grid(demand.listPrice(), settings);
        int periods = options.periods();
        double inventory = demand.parameters().getOrDefault("inventory", -1.0);

        // Oracle: the best single allowed candidate over the horizon (stock caps the units it can sell).
        double oraclePrice = Double.NaN;
        double oracleTotal = Double.NEGATIVE_INFINITY;
        for (double p : grid) {
            if (p < floor - 1e-9) {
                continue;
            }
            double units = demand.expectedUnits(p) * periods;
            if (inventory >= 0) {
                units = Math.min(units, inventory);
            }
            double total = (profit ? p - cost : p) * units;
            if (total > oracleTotal) {
                oracleTotal = total;
                oraclePrice = p;
            }
        }
        if (Double.isNaN(oraclePrice)) {
            throw new dev.merchantry.platform.tools.evaluation.EvaluationException("--param",
                    "every candidate price is below the margin floor cost × (1 + min_margin) = " + floor);
        }
        double oraclePerPeriod = oracleTotal / periods;

        double[] regretSum = new double[periods];
        double[] regretSq = new double[periods];
        double[] rewardSum = new double[periods];
        List<Double> runPercents = new ArrayList<>();
        double revenueSum = 0;
        double profitSum = 0;
        double unitsSum = 0;
        long lastTenthAtOracle = 0;
        long lastTenthTotal = 0;
        long exploring = 0;
        for (int r = 0; r < options.runs(); r++) {
            PricingEnvironment env = new PricingEnvironment(demand, periods, options.seed() + r,
                    options.historyPeriods());
            SplittableRandom agentRandom = new SplittableRandom(0x5DEECE66DL * (options.seed() + r) + 11);
            PricingContext observation = env.reset();
            PricingModel model = agent.start(observation, config, context);
            double cumulativeExpected = 0;
            for (int t = 0; t < periods; t++) {
                PriceDecision d = model.decide(observation, agentRandom, context);
                if (d.exploring()) {
                    exploring++;
                }
                PricingEnvironment.Step step = env.step(d.price());
                model = model.observe(new PricingOutcome(d.price(), step.units(), step.revenue()));
                observation = step.observation();
                cumulativeExpected += (profit ? d.price() - cost : d.price()) * step.expectedUnits();
                double regret = oraclePerPeriod * (t + 1) - cumulativeExpected;
                regretSum[t] += regret;
                regretSq[t] += regret * regret;
                rewardSum[t] += cumulativeExpected;
                revenueSum += step.revenue();
                profitSum += step.profit();
                unitsSum += step.units();
                if (t >= periods - periods / 10) {
                    lastTenthTotal++;
                    if (Math.abs(d.price() - oraclePrice) < 0.005) {
                        lastTenthAtOracle++;
                    }
                }
            }
            runPercents.add(100 * cumulativeExpected / oracleTotal);
        }
        int runs = options.runs();
        double[] meanRegret = new double[periods];
        double[] sdRegret = new double[periods];
        double[] meanReward = new double[periods];
        for (int t = 0; t < periods; t++) {
            meanRegret[t] = regretSum[t] / runs;
            sdRegret[t] = runs > 1 ? Math.sqrt(Math.max(0, (regretSq[t] - runs * meanRegret[t] * meanRegret[t]) / (runs - 1))) : 0;
            meanReward[t] = rewardSum[t] / runs;
        }
        return new SimulationReport(strategyId, demand, settings, options, profit ? "profit" : "revenue", grid,
                oraclePrice, demand.expectedUnits(oraclePrice), oraclePerPeriod, oracleTotal,
                revenueSum / runs, profitSum / runs, unitsSum / runs, runPercents, meanRegret, sdRegret, meanReward,
                lastTenthTotal == 0 ? Double.NaN : (double) lastTenthAtOracle / lastTenthTotal,
                (double) exploring / ((long) periods * runs));
    }
}
