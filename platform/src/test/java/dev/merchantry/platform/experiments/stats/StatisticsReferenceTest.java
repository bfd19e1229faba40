package dev.merchantry.platform.experiments.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The experiment statistics against values computed from the papers' own formulas by
 * {@code platform/src/test/python/experiments_reference.py} (mpmath at 30 digits, scipy, numpy; the block number
 * of each value is given), with tolerances named for what limits them.
 */
class StatisticsReferenceTest {

    /** Closed-form expressions evaluated in doubles: agreement to rounding. */
    private static final double CLOSED_FORM = 1e-12;
    /** Simpson quadrature of the Beta posteriors (4,000 intervals) against the exact sum. */
    private static final double QUADRATURE = 1e-6;
    /** Monte Carlo reference with 2,000,000 paths: standard error ≤ 0.0003, plus the integration grid's error. */
    private static final double MONTE_CARLO = 0.0015;
    /** Numerical integration against the exact normal tail (one look). */
    private static final double INTEGRATION = 1e-9;

    @Test
    void mixtureLikelihoodRatioMatchesJohariTwoSampleForm() {
        // block 1: n = 1000 per arm, σ² = 0.25, τ² = 0.0004, ȳ − x̄ = 0.03 → Λ = 1.11194047814631686800…
        MixtureSprt test = new MixtureSprt(0.05, 0.02);
        double v = 2 * 0.25 / 1000;
        assertEquals(1.1119404781463169, Math.exp(test.logLikelihoodRatio(0.03, v, 0)), CLOSED_FORM);
        assertEquals(1 / 1.1119404781463169, test.pValue(0.03, v, 0), CLOSED_FORM);
    }

    @Test
    void intervalEdgeIsWhereTheLikelihoodRatioReachesOneOverAlpha() {
        // block 1: half width 0.0860328868137723460…; Λ there = 20 = 1/α
        MixtureSprt test = new MixtureSprt(0.05, 0.02);
        double v = 2 * 0.25 / 1000;
        double h = test.halfWidth(v);
        assertEquals(0.08603288681377235, h, CLOSED_FORM);
        assertEquals(20, Math.exp(test.logLikelihoodRatio(0.03 + h, v, 0.03)), 1e-9);
        assertEquals(0.05, test.pValue(h, v, 0), CLOSED_FORM);
    }

    @Test
    void deltaMethodVarianceOfTheRelativeLift() {
        // block 2: 100/2000 vs 130/2000 → lift 0.3, variance 0.02821
        Lift lift = Lift.of(ArmStats.conversions(2000, 100), ArmStats.conversions(2000, 130), Metric.CONVERSION)
                .orElseThrow();
        assertEquals(0.3, lift.estimate(), CLOSED_FORM);
        assertEquals(0.02821, lift.variance(), CLOSED_FORM);
    }

    @Test
    void revenueLiftUsesEachArmsSampleVariance() {
        // hand computation: control outcomes {0, 10, 20} mean 10, s² 100; treatment {0, 12, 24} mean 12, s² 144;
        // Var = 144 / (3 · 100) + 144 · 100 / (3 · 10⁴) = 0.48 + 0.48 = 0.96
        ArmStats control = new ArmStats(3, 30, 500);
        ArmStats treatment = new ArmStats(3, 36, 720);
        Lift lift = Lift.of(control, treatment, Metric.REVENUE).orElseThrow();
        assertEquals(0.2, lift.estimate(), CLOSED_FORM);
        assertEquals(0.96, lift.variance(), CLOSED_FORM);
    }

    @Test
    void probabilityToBeatControlMatchesEvanMillersClosedForm() {
        // block 3: A 20/100, B 30/100 → 0.947603103352369…; A 100/2000, B 130/2000 → 0.979097913157837…
        assertEquals(0.947603103352369, BeatControl.probability(ArmStats.conversions(100, 20),
                ArmStats.conversions(100, 30), Metric.CONVERSION), QUADRATURE);
        assertEquals(0.979097913157838, BeatControl.probability(ArmStats.conversions(2000, 100),
                ArmStats.conversions(2000, 130), Metric.CONVERSION), QUADRATURE);
        assertEquals(1 - 0.979097913157838, BeatControl.probability(ArmStats.conversions(2000, 130),
                ArmStats.conversions(2000, 100), Metric.CONVERSION), QUADRATURE);
    }

    @Test
    void sampleRatioCheckFlags48To52AtOneHundredThousandAndNot50To50() {
        // block 4: scipy.stats.chisquare([48000, 52000]) → χ² 160, p 1.1314837902433038e-36
        SampleRatio skewed = SampleRatio.check(new long[] {48_000, 52_000}, new double[] {1, 1});
        assertEquals(160, skewed.chiSquare(), CLOSED_FORM);
        assertEquals(1.1314837902433038e-36, skewed.pValue(), 1e-36 * 1e-6);
        assertTrue(skewed.mismatch());
        SampleRatio even = SampleRatio.check(new long[] {50_000, 50_000}, new double[] {1, 1});
        assertEquals(1, even.pValue(), CLOSED_FORM);
        assertFalse(even.mismatch());
        // block 4: [50100, 49900] → p 0.5270892568655381; three arms [33000, 33600, 33400] → χ² 5.6, p 0.0608100626
        assertEquals(0.5270892568655381, SampleRatio.check(new long[] {50_100, 49_900}, new double[] {1, 1}).pValue(),
                1e-12);
        SampleRatio three = SampleRatio.check(new long[] {33_000, 33_600, 33_400}, new double[] {1, 1, 1});
        assertEquals(5.6, three.chiSquare(), 1e-9);
        assertEquals(0.06081006262521797, three.pValue(), 1e-12);
        // weights of any scale: 30/70 meant, 30/70 got
        assertEquals(0, SampleRatio.check(new long[] {30_000, 70_000}, new double[] {3, 7}).chiSquare(), CLOSED_FORM);
    }

    /**
     * A design whose κ is 1 (V(N) = 1/N), so N units over K looks add N/K of information per look: the process of
     * the Python reference with step = N/K. Treatment variance 0.25, control variance chosen to make κ = 1.
     */
    private static SequentialDesign unitKappa(double lift, int looks) {
        double f = 1 + lift;
        double treatmentVar = 0.25;
        double controlVar = (1 - 2 * treatmentVar) / (2 * f * f);
        return new SequentialDesign(1, controlVar, f, treatmentVar, 0.5, new MixtureSprt(0.05, 0.05), looks);
    }

    @Test
    void oneLookIsTheNormalTail() {
        // block 5: one look, θ = 0.05, information 400 → P = 0.003950662597103837
        assertEquals(0.003950662597103837, unitKappa(0.05, 1).decisionProbability(400), INTEGRATION);
    }

    @Test
    void crossingProbabilityOverDailyLooksMatchesMonteCarlo() {
        // block 5: 28 looks of information 400 under θ = 0 → 0.0164655; of 40 under θ = 0.05 → 0.1031315
        assertEquals(0.0164655, unitKappa(0, 28).decisionProbability(400 * 28), MONTE_CARLO);
        assertEquals(0.1031315, unitKappa(0.05, 28).decisionProbability(40 * 28), MONTE_CARLO);
    }

    @Test
    void plannedUnitsReachThePowerAndOneFewerPercentDoesNot() {
        SequentialDesign design = SequentialDesign.conversion(0.05, 0.05, 0.5, new MixtureSprt(0.05, 0.05), 28);
        long n = design.unitsFor(0.8);
        assertTrue(design.decisionProbability(n) >= 0.8);
        assertTrue(design.decisionProbability(n * 0.99) < 0.8, "the bisection stops within 0.1 %");
    }
}
