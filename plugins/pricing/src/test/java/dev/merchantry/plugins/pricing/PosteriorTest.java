package dev.merchantry.plugins.pricing;

import dev.merchantry.api.StrategyClient;
import dev.merchantry.api.StrategyException;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.pricing.DemandEstimate;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import dev.merchantry.api.pricing.PricingOutcome;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conjugate Poisson–Gamma updates, warm start and the forecast prior against hand-computed values. */
class PosteriorTest {

    /** Exact arithmetic on small numbers: only floating-point rounding separates code and hand. */
    private static final double EXACT = 1e-12;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static PricingContext product(List<PriceObservation> history) {
        return new PricingContext("p1", 20, 10, 20, -1, "EUR", history);
    }

    private static Config config(Map<String, Object> raw) {
        return new ThompsonPricing().descriptor().configSpec().parse(raw);
    }

    @Test
    void gridIsSevenPricesFromSeventyToHundredThirtyPercentOfList() {
        // 20 × (0.7, 0.8, …, 1.3)
        PricingModel m = new ThompsonPricing().start(product(List.of()), config(Map.of()), OfflineContext.at(T0));
        assertEquals(List.of(14.0, 16.0, 18.0, 20.0, 22.0, 24.0, 26.0),
                m.demandCurve().stream().map(DemandEstimate::price).toList());
        // charm endings: nearest whole amount minus a cent
        PricingModel charm = new ThompsonPricing().start(product(List.of()), config(Map.of("charm_endings", true)),
                OfflineContext.at(T0));
        assertEquals(List.of(13.99, 15.99, 17.99, 19.99, 21.99, 23.99, 25.99),
                charm.demandCurve().stream().map(DemandEstimate::price).toList());
    }

    @Test
    void observationsUpdateShapeByUnitsAndRateByPeriods() {
        // Prior Gamma(α0 = 2, β0 = 0.5). At 16: periods with 3, 5 and 0 units → α = 2 + 8 = 10, β = 0.5 + 3 = 3.5,
        // posterior mean 10 / 3.5 = 2.857142857…. At 24: one period with 7 units → α = 9, β = 1.5, mean 6.
        // Untouched prices keep the prior mean 2 / 0.5 = 4.
        PricingModel m = new ThompsonPricing().start(product(List.of()),
                config(Map.of("prior_shape", 2.0, "prior_rate", 0.5)), OfflineContext.at(T0));
        m = m.observe(new PricingOutcome(16, 3, 48)).observe(new PricingOutcome(16, 5, 80))
                .observe(new PricingOutcome(16, 0, 0)).observe(new PricingOutcome(24, 7, 168));
        List<DemandEstimate> curve = m.demandCurve();
        assertEquals(10 / 3.5, curve.get(1).meanUnits(), EXACT);
        assertEquals(3, curve.get(1).observations());
        assertEquals(6.0, curve.get(5).meanUnits(), EXACT);
        assertEquals(4.0, curve.get(0).meanUnits(), EXACT);
        ArmStats arms = ((GridPricingModel) m).arms;
        assertEquals(10.0, arms.shape(1), EXACT);
        assertEquals(3.5, arms.rate(1), EXACT);
        assertTrue(curve.get(1).lowerUnits() < curve.get(1).meanUnits()
                && curve.get(1).meanUnits() < curve.get(1).upperUnits());
    }

    @Test
    void jeffreysPriorLeavesUntriedPricesUnknownAndOneObservationMakesThemProper() {
        // Default prior Gamma(0.5, 0): after one period with 4 units, α = 4.5, β = 1, mean 4.5.
        PricingModel m = new ThompsonPricing().start(product(List.of()), config(Map.of()), OfflineContext.at(T0));
        assertTrue(Double.isNaN(m.demandCurve().get(3).meanUnits()));
        m = m.observe(new PricingOutcome(20, 4, 80));
        assertEquals(4.5, m.demandCurve().get(3).meanUnits(), EXACT);
    }

    @Test
    void outcomesAtChargedCharmPricesCountForTheirCandidateAndFarOnesAreNotAttributed() {
        PricingModel m = new ThompsonPricing().start(product(List.of()), config(Map.of()), OfflineContext.at(T0));
        m = m.observe(new PricingOutcome(19.99, 2, 39.98)) // within a quarter step (0.5) of 20
                .observe(new PricingOutcome(21.0, 9, 189)); // halfway between 20 and 22: ignored
        assertEquals(1, m.demandCurve().get(3).observations());
        assertEquals(2.5, m.demandCurve().get(3).meanUnits(), EXACT);
        assertEquals(1.0, m.metrics().get("unattributed_outcomes"));
    }

    @Test
    void historyWarmStartsThePriorAndSpreadsItsEstimateWithUnitElasticity() {
        // Two days at 18 with 6 and 2 units (fewer than the weight of 14 periods, so both count fully):
        // α = 0.5 + 8, β = 2, mean 4.25. They are prior, not the agent's own observations.
        PricingModel m = new ThompsonPricing().start(product(List.of(
                new PriceObservation(T0, 18, 6, 108), new PriceObservation(T0.plusSeconds(86400), 18, 2, 36))),
                config(Map.of("history_prior_weight", 14.0)), OfflineContext.at(T0));
        assertEquals(4.25, m.demandCurve().get(2).meanUnits(), EXACT);
        assertEquals(0, m.demandCurve().get(2).observations());
        // Every other candidate: the estimate 4.25 at 18 moved with unit elasticity, worth one period:
        // at 14, α = 4.25 · 18/14 = 5.464285714…, β = 1; at 24, α = 4.25 · 18/24 = 3.1875, β = 1.
        // Expected revenue 14 · 5.4642857… = 24 · 3.1875 = 18 · 4.25 = 76.5 at every candidate, 18 included.
        ArmStats arms = ((GridPricingModel) m).arms;
        assertEquals(4.25 * 18 / 14, arms.shape(0), EXACT);
        assertEquals(1.0, arms.rate(0), EXACT);
        assertEquals(3.1875, arms.shape(5), EXACT);
        assertEquals(1.0, arms.rate(5), EXACT);
        for (DemandEstimate e : m.demandCurve()) {
            assertEquals(76.5, e.price() * e.meanUnits(), 1e-9, "expected revenue at " + e.price());
        }
        // No candidate is untried any more, so the first decision is a posterior draw, not "trying …".
        assertTrue(!m.decide(product(List.of()), new SplittableRandom(1), OfflineContext.at(T0)).explanation()
                .contains("without observations"));
    }

    @Test
    void thompsonWarmStartsByDefaultAndTheOtherAgentsDoNot() {
        // 56 days at the list price 20 with 1 unit each: the default weight 14 counts 14 of them,
        // α = 0.5 + 14, β = 14 at 20 (mean 1.0357142…), and 20/14 · 14.5/14 at 14.
        List<PriceObservation> days = new java.util.ArrayList<>();
        for (int d = 0; d < 56; d++) {
            days.add(new PriceObservation(T0.plusSeconds(86400L * d), 20, 1, 20));
        }
        PricingModel warm = new ThompsonPricing().start(product(days), config(Map.of()), OfflineContext.at(T0));
        assertEquals(14.5 / 14, warm.demandCurve().get(3).meanUnits(), EXACT);
        assertEquals(14.5 / 14 * 20 / 14, warm.demandCurve().get(0).meanUnits(), EXACT);
        for (dev.merchantry.api.pricing.PricingAgent other : List.<dev.merchantry.api.pricing.PricingAgent>of(
                new InventoryPricing(), new UcbPricing(), new EpsilonGreedyPricing())) {
            PricingModel cold = other.start(product(days), other.descriptor().configSpec().parse(Map.of()),
                    OfflineContext.at(T0));
            assertTrue(cold.demandCurve().stream().allMatch(e -> Double.isNaN(e.meanUnits())),
                    other.descriptor().id());
        }
    }

    @Test
    void historyCountsAtMostTheConfiguredWeightOfPeriods() {
        // 20 days at the list price 20 with 3 units each, weight 5: scaled by 5/20 → α = 0.5 + 15, β = 5, mean 3.1.
        List<PriceObservation> days = new java.util.ArrayList<>();
        for (int d = 0; d < 20; d++) {
            days.add(new PriceObservation(T0.plusSeconds(86400L * d), 20, 3, 60));
        }
        PricingModel m = new ThompsonPricing().start(product(days), config(Map.of("history_prior_weight", 5.0)),
                OfflineContext.at(T0));
        assertEquals(15.5 / 5, m.demandCurve().get(3).meanUnits(), EXACT);
        // 90 % credible interval of Gamma(shape 15.5, rate 5): SciPy 1.17.1
        // scipy.stats.gamma.ppf([0.05, 0.95], 15.5, scale=1/5) = 1.92805686, 4.49853433 (8 digits; 1e-6 tolerance).
        assertEquals(1.92805686, m.demandCurve().get(3).lowerUnits(), 1e-6);
        assertEquals(4.49853433, m.demandCurve().get(3).upperUnits(), 1e-6);
        // Weight 0 starts cold: Jeffreys' improper prior, nothing known anywhere.
        PricingModel cold = new ThompsonPricing().start(product(days), config(Map.of("history_prior_weight", 0.0)),
                OfflineContext.at(T0));
        assertTrue(cold.demandCurve().stream().allMatch(e -> Double.isNaN(e.meanUnits())));
    }

    @Test
    void inventoryAgentTakesItsPriorLevelFromTheForecasterAndToleratesItsAbsence() {
        StrategyClient forecaster = new StrategyClient() {
            @Override
            public List<ScoredItem> recommend(String c, List<String> items, int limit) {
                throw new StrategyException("none");
            }

            @Override
            public Optional<Forecast> forecast(String productId, int horizon) {
                return Optional.of(new Forecast("test", new double[] {8, 12}, List.of()));
            }

            @Override
            public Optional<CustomerProfile> profile(String customerId) {
                return Optional.empty();
            }
        };
        InventoryPricing agent = new InventoryPricing();
        Config config = agent.descriptor().configSpec().parse(Map.of("forecast_prior_weight", 2.0));
        // Forecast level 10 units at the current price 20; weight 2: at 16, α = 0.5 + 2 · 10 · 20/16 = 25.5,
        // β = 0 + 2, mean 12.75; at 20, α = 20.5, mean 10.25.
        PricingModel m = agent.start(product(List.of()), config, OfflineContext.at(T0).withStrategies(forecaster));
        assertEquals(12.75, m.demandCurve().get(1).meanUnits(), EXACT);
        assertEquals(10.25, m.demandCurve().get(3).meanUnits(), EXACT);
        // No forecaster bound: StrategyClient.NONE throws, the prior stays Jeffreys'.
        PricingModel none = agent.start(product(List.of()), config, OfflineContext.at(T0));
        assertTrue(Double.isNaN(none.demandCurve().get(1).meanUnits()));
    }

    @Test
    void gammaSamplesHaveTheGammaMeanAndVariance() {
        // Gamma(shape a, rate b): mean a/b, variance a/b². 400k draws: standard error of the mean is sd/632.
        SplittableRandom random = new SplittableRandom(1);
        for (double[] ab : new double[][] {{0.5, 2}, {3, 0.25}, {40, 4}}) {
            int n = 400_000;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double x = GammaSampler.sample(random, ab[0], ab[1]);
                sum += x;
                sumSq += x * x;
            }
            double mean = sum / n;
            double variance = sumSq / n - mean * mean;
            double sd = Math.sqrt(ab[0]) / ab[1];
            assertEquals(ab[0] / ab[1], mean, 5 * sd / Math.sqrt(n), "mean of Gamma" + List.of(ab[0], ab[1]));
            assertEquals(ab[0] / (ab[1] * ab[1]), variance, 0.02 * ab[0] / (ab[1] * ab[1]) * (ab[0] < 1 ? 3 : 1),
                    "variance of Gamma" + List.of(ab[0], ab[1]));
        }
    }
}
