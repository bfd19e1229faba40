package dev.merchantry.platform.experiments.stats;

import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What issue 23 asks the statistics to show, on simulated binomial data with fixed seeds: daily looks keep the
 * mSPRT's false-positive rate at α while a peeked t-test's climbs to 20–30 % (Armitage, McPherson and Rowe 1969
 * give about 25 % for 20–30 looks at a nominal 5 %); a true lift is found with the power the design planned.
 */
class ExperimentSimulatorTest {

    @Test
    void aaExperimentsLookedAtDailyKeepTheFalsePositiveRateAtAlpha() {
        ExperimentSimulator.Report r = ExperimentSimulator.run(new ExperimentSimulator.Plan(1000, 28, 100_000, 0.05,
                0, 0.5, 0.05, 0.05, 20231));
        assertTrue(r.sequentialDecided() <= 0.05, "mSPRT false-positive rate " + r.sequentialDecided());
        assertTrue(r.peekedTTestDecided() >= 0.20 && r.peekedTTestDecided() <= 0.35,
                "peeked t-test false-positive rate " + r.peekedTTestDecided());
        // the t-test looked at once is a valid 5 % test: within 3 binomial standard errors (0.0069 each)
        assertEquals(0.05, r.finalTTestDecided(), 3 * 0.0069);
    }

    @Test
    void aTrueFivePercentLiftIsFoundWithThePlannedPower() {
        MixtureSprt test = new MixtureSprt(0.05, 0.05);
        long planned = SequentialDesign.conversion(0.05, 0.05, 0.5, test, 28).unitsFor(0.8);
        ExperimentSimulator.Report r = ExperimentSimulator.run(new ExperimentSimulator.Plan(600, 28, planned, 0.05,
                0.05, 0.5, 0.05, 0.05, 777));
        assertEquals(0.8, r.plannedDecision(), 0.002);
        // ± 5 points as the issue asks (the simulation's own standard error is 1.6 points)
        assertEquals(0.8, r.sequentialDecided(), 0.05, "simulated power");
        assertEquals(0, r.sequentialWrongSign(), 0.005);
        assertTrue(r.medianDecisionDay() < 28, "decides before the last day half of the time: " + r.medianDecisionDay());
    }

    @Test
    void binomialSamplerHasTheBinomialMeanAndVariance() {
        // Devroye's waiting-time method: mean n p, variance n p (1 − p); 20,000 draws of Binomial(1000, 0.05)
        // (mean 50, variance 47.5): the sample mean within 4 standard errors (0.049 each), the variance within 5 %.
        Well19937c random = new Well19937c(5);
        int draws = 20_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < draws; i++) {
            long x = ExperimentSimulator.binomial(random, 1000, 0.05);
            sum += x;
            squares += (double) x * x;
        }
        double mean = sum / draws;
        double variance = (squares - draws * mean * mean) / (draws - 1);
        assertEquals(50, mean, 4 * Math.sqrt(47.5 / draws));
        assertEquals(47.5, variance, 0.05 * 47.5);
        // p above one half by symmetry
        double high = 0;
        for (int i = 0; i < draws; i++) {
            high += ExperimentSimulator.binomial(random, 100, 0.9);
        }
        assertEquals(90, high / draws, 4 * Math.sqrt(9.0 / draws));
    }
}
