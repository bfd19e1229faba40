package dev.merchantry.platform.experiments.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * The sample-ratio-mismatch check: Pearson's chi-square goodness-of-fit test of the units each variant received
 * against the weights it was meant to receive. A mismatch means assignment or logging is broken, and the results
 * cannot be trusted whatever they say (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled
 * Experiments", KDD 2019, who use the same test and a threshold of p &lt; 0.0005; we warn below
 * {@link #THRESHOLD} = 0.001 as the issue asks).
 */
public record SampleRatio(double chiSquare, int degreesOfFreedom, double pValue, boolean mismatch) {

    public static final double THRESHOLD = 0.001;

    /** @param units units per variant; @param weights the variants' intended weights (any positive scale) */
    public static SampleRatio check(long[] units, double[] weights) {
        if (units.length != weights.length || units.length < 2) {
            throw new IllegalArgumentException("need units and weights for at least two variants");
        }
        long total = 0;
        double weightSum = 0;
        for (int i = 0; i < units.length; i++) {
            total += units[i];
            if (!(weights[i] > 0)) {
                throw new IllegalArgumentException("weights must be positive");
            }
            weightSum += weights[i];
        }
        if (total == 0) {
            return new SampleRatio(0, units.length - 1, 1, false);
        }
        double chi = 0;
        for (int i = 0; i < units.length; i++) {
            double expected = total * weights[i] / weightSum;
            double d = units[i] - expected;
            chi += d * d / expected;
        }
        int df = units.length - 1;
        // The upper tail directly (Q(df/2, χ²/2)): 1 − CDF would round a p of 1e-36 to 0.
        double p = Gamma.regularizedGammaQ(df / 2.0, chi / 2);
        return new SampleRatio(chi, df, p, p < THRESHOLD);
    }
}
