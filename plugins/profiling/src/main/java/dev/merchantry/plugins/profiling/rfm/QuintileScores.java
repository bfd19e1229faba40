package dev.merchantry.plugins.profiling.rfm;

import java.util.Arrays;

/**
 * Quintile scores 1..5 of one RFM dimension: the cut points are the 20/40/60/80 % empirical quantiles of the shop's
 * buyers (type 1: the smallest value with at least that share of buyers at or below it), and a value scores one
 * plus the number of cut points it exceeds, so 5 means "in the top 20 %". Ties share the lowest score of their span:
 * when 60 % of buyers have exactly one order, they all get F = 1, and two orders already score above them.
 *
 * @param cuts the four cut points, ascending
 * @param higherIsBetter false for recency (days since the last order), where fewer days score higher
 */
public record QuintileScores(double[] cuts, boolean higherIsBetter) {

    /** Cut points of {@code values[0..n)} (the array is not modified). */
    public static QuintileScores of(double[] values, int n, boolean higherIsBetter) {
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = higherIsBetter ? values[i] : -values[i];
        }
        Arrays.sort(sorted);
        double[] cuts = new double[4];
        for (int k = 1; k <= 4; k++) {
            cuts[k - 1] = n == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(k * n / 5.0) - 1)];
        }
        return new QuintileScores(cuts, higherIsBetter);
    }

    public int score(double value) {
        double v = higherIsBetter ? value : -value;
        int s = 1;
        for (double cut : cuts) {
            if (v > cut) {
                s++;
            }
        }
        return s;
    }

    /** The cut points in the dimension's own units (recency in days, not negated), ascending by score. */
    public double[] cutsInUnits() {
        double[] out = new double[4];
        for (int k = 0; k < 4; k++) {
            out[k] = higherIsBetter ? cuts[k] : -cuts[k];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuintileScores q && q.higherIsBetter == higherIsBetter && Arrays.equals(q.cuts, cuts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cuts) * 31 + Boolean.hashCode(higherIsBetter);
    }
}
