package dev.merchantry.platform.tools.evaluation.pricing;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.tools.evaluation.EvaluationException;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptance figures, on the bundled pricing plugin exactly as {@code merchantry evaluate pricing} loads
 * it: over 2,000 periods and 20 seeds with default demand parameters and default agent settings, thompson-pricing
 * earns at least 95 % of the oracle on each family, beats epsilon-greedy, and its regret grows sublinearly.
 */
class PricingSimulationTest {

    private static final Path PLUGINS = Path.of("target/merchantry/plugins");
    private static final PricingSimulation.Options ACCEPTANCE = new PricingSimulation.Options(2000, 20, 1);

    private static SimulationReport simulate(String strategy, String family, Map<String, String> settings) {
        return simulate(strategy, family, settings, ACCEPTANCE);
    }

    private static SimulationReport simulate(String strategy, String family, Map<String, String> settings,
                                             PricingSimulation.Options options) {
        return simulate(strategy, family, Map.of(), settings, options);
    }

    private static SimulationReport simulate(String strategy, String family, Map<String, String> params,
                                             Map<String, String> settings, PricingSimulation.Options options) {
        DemandModel demand = DemandModel.of(family, params);
        Map<String, String> all = new HashMap<>(demand.impliedSettings());
        all.putAll(settings);
        try (OfflineStrategy<PricingAgent> loaded = OfflineStrategy.load(PLUGINS, MerchantryNode.VERSION, strategy,
                StrategyKind.PRICING, PricingAgent.class, all)) {
            return loaded.call(() -> PricingSimulation.run(strategy, loaded.strategy(), loaded.config(), demand,
                    options, loaded.context(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void thompsonEarnsNinetyFivePercentOfTheOracleBeatsEpsilonGreedyAndHasSublinearRegret() {
        for (String family : List.of("linear", "logit", "constant-elasticity")) {
            SimulationReport ts = simulate("thompson-pricing", family, Map.of());
            SimulationReport eg = simulate("epsilon-greedy", family, Map.of());
            assertTrue(ts.percentOfOracle() >= 95, family + ": " + ts.percentOfOracle());
            assertTrue(ts.realizedPercentOfOracle() >= 95, family + ": " + ts.realizedPercentOfOracle());
            assertTrue(ts.percentOfOracle() > eg.percentOfOracle(),
                    family + ": thompson " + ts.percentOfOracle() + " vs epsilon-greedy " + eg.percentOfOracle());
            // Sublinear: the regret of the last three quarters grows less than in proportion to time.
            double exponent = ts.regretGrowthExponent();
            assertTrue(exponent < 0.75, family + ": regret growth exponent " + exponent);
            double[] r = ts.meanRegret();
            assertTrue(r[1999] / 2000 < r[499] / 500, family + ": regret per period must fall");
        }
    }

    @Test
    void warmStartFromEightWeeksAtListPriceCutsThompsonsRegretOverTheFirstThirtyPeriods() {
        // 500 runs × 30 periods, seeds 1–500; the same demand noise with and without the 56 past periods (they come
        // from a stream of their own), thompson-pricing's default history_prior_weight 14 against 0. Measured: linear
        // 1514 → 848, logit 1660 → 923, constant-elasticity 6473 → 4454 (docs/algorithms/pricing.md, "Warm start");
        // the standard error of each mean is about 35, 35 and 100.
        // Asserted: at least a quarter less on every family, far outside that noise.
        PricingSimulation.Options cold = new PricingSimulation.Options(30, 500, 1, 0);
        PricingSimulation.Options warm = new PricingSimulation.Options(30, 500, 1, 56);
        for (String family : List.of("linear", "logit", "constant-elasticity")) {
            double before = simulate("thompson-pricing", family, Map.of("history_prior_weight", "0"), warm)
                    .finalRegret();
            double after = simulate("thompson-pricing", family, Map.of(), warm).finalRegret();
            assertTrue(after < 0.75 * before, family + ": regret over 30 periods " + before + " cold, " + after
                    + " warm");
            // With no history the default is exactly the cold start: same decisions on the same seeds.
            assertEquals(before, simulate("thompson-pricing", family, Map.of(), cold).finalRegret(), 1e-9, family);
        }
    }

    @Test
    void warmStartDoesNotLoseToColdOnSlowMoversWithAKnownOptimum() {
        // 500 runs × 30 periods at 0.6 units a period at the list price 20, where the earlier warm start lost or the
        // cold agent was lucky. Known optima: constant elasticity 2 with cost 14 (floor 14.70 excludes 14; revenue
        // falls as p^−1, so the lowest allowed candidate, 16, the demo shop's situation); linear 1.5 − 0.045 p with
        // the profit objective and cost 10: (p − 10)(1.5 − 0.045 p) is 6.12 at 22 against 6.00 at 20 and 5.88 at 24.
        // Measured (warm, cold): 83.3 ± 38.4 vs 113.0 ± 25.3 and 13.3 ± 10.5 vs 16.5 ± 4.7 (mean ± sd over runs).
        // Tolerance: warm's mean regret at most cold's plus two standard errors of the difference (runs are paired
        // by seed, so treating them as independent makes the bound looser, not tighter). The earlier prior, which
        // gave every other price α₀ more units than the list price, lost the second case by 1.3 with a bound of 1.1.
        PricingSimulation.Options warm = new PricingSimulation.Options(30, 500, 1, 56);
        record Case(String family, Map<String, String> params, Map<String, String> settings, double optimum) {
        }
        for (Case c : List.of(
                new Case("constant-elasticity", Map.of("scale", "0.6", "cost", "14"), Map.of(), 16),
                new Case("linear", Map.of("intercept", "1.5", "slope", "0.045"), Map.of("objective", "profit"), 22))) {
            Map<String, String> coldSettings = new HashMap<>(c.settings());
            coldSettings.put("history_prior_weight", "0");
            SimulationReport cold = simulate("thompson-pricing", c.family(), c.params(), coldSettings, warm);
            SimulationReport hot = simulate("thompson-pricing", c.family(), c.params(), c.settings(), warm);
            assertEquals(c.optimum(), cold.oraclePrice(), c.family());
            double sdCold = cold.sdRegret()[29];
            double sdWarm = hot.sdRegret()[29];
            double bound = 2 * Math.sqrt((sdCold * sdCold + sdWarm * sdWarm) / 500);
            assertTrue(hot.finalRegret() <= cold.finalRegret() + bound, c.family() + ": warm " + hot.finalRegret()
                    + ", cold " + cold.finalRegret() + " ± " + bound);
        }
    }

    @Test
    void theOracleIsTheBestFixedCandidateOfTheHandComputedCurve() {
        // Linear 75 − 2.25 p on candidates 14…26: revenue 14 · 43.5 = 609, 16 · 39 = 624, 18 · 34.5 = 621, … → 16.
        PricingSimulation.Options short10 = new PricingSimulation.Options(10, 1, 1);
        SimulationReport linear = simulate("epsilon-greedy", "linear", Map.of(), short10);
        assertEquals(16.0, linear.oraclePrice());
        assertEquals(624.0 * 10, linear.oracleTotal(), 1e-9);
        // Profit with cost 10: (p − 10)(75 − 2.25 p) is largest at 22 (12 · 25.5 = 306 vs 8 · 34.5 = 276 at 18,
        // 10 · 30 = 300 at 20, 14 · 21 = 294 at 24).
        SimulationReport profit = simulate("epsilon-greedy", "linear", Map.of("objective", "profit"), short10);
        assertEquals(22.0, profit.oraclePrice());
        assertEquals(306.0, profit.oraclePerPeriod(), 1e-9);
        // Ferreira et al.: four prices; 29.90 · 0.8 = 23.92 per period beats 20.94, 11.97 and 4.49.
        SimulationReport ferreira = simulate("thompson-pricing", "ferreira", Map.of());
        assertEquals(List.of(29.9, 34.9, 39.9, 44.9), java.util.Arrays.stream(ferreira.grid()).boxed().toList());
        assertEquals(23.92, ferreira.oraclePerPeriod(), 1e-9);
        assertTrue(ferreira.percentOfOracle() >= 95, "ferreira: " + ferreira.percentOfOracle());
    }

    @Test
    void environmentDrawsPoissonDemandAroundTheCurveAndCapsSalesByStock() {
        DemandModel linear = DemandModel.of("linear", Map.of("inventory", "100"));
        PricingEnvironment env = new PricingEnvironment(linear, 10, 7);
        assertEquals(100, env.reset().onHand());
        long sold = 0;
        for (int t = 0; t < 10; t++) {
            PricingEnvironment.Step step = env.step(16);
            sold += step.units();
            assertTrue(step.observation().onHand() >= 0 && step.observation().currentPrice() == 16);
        }
        assertEquals(100, sold, "39 units expected per period: stock runs out within 10 periods");
        // Poisson mean and variance at 16 (mean 39): 20,000 draws, standard error of the mean 0.044.
        Well19937c random = new Well19937c(3);
        double sum = 0;
        double sumSq = 0;
        int n = 20_000;
        DemandModel unlimited = DemandModel.of("linear", Map.of());
        for (int i = 0; i < n; i++) {
            long u = unlimited.sample(16, random);
            sum += u;
            sumSq += (double) u * u;
        }
        double mean = sum / n;
        assertEquals(39, mean, 0.2);
        assertEquals(39, sumSq / n - mean * mean, 39 * 0.05);
    }

    @Test
    void badDemandInputNamesTheOption() {
        assertEquals("--demand", assertThrows(EvaluationException.class,
                () -> DemandModel.of("quadratic", Map.of())).field());
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> DemandModel.of("logit", new LinkedHashMap<>(Map.of("slope", "2"))));
        assertEquals("--param", e.field());
        assertTrue(e.getMessage().contains("slope") && e.getMessage().contains("market_size"), e.getMessage());
        assertTrue(assertThrows(EvaluationException.class,
                () -> DemandModel.of("linear", Map.of("slope", "steep"))).getMessage().contains("must be a number"));
    }
}
