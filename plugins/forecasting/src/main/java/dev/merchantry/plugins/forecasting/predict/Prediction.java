package dev.merchantry.plugins.forecasting.predict;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Point forecasts and interval bounds of one fitted model, on the model's own scale (not yet clipped or nested).
 *
 * @param mean point forecast per step
 * @param levels interval levels in percent, in the order of {@code lower}/{@code upper}
 * @param lower lower bounds, {@code lower[level][step]}
 * @param upper upper bounds, {@code upper[level][step]}
 */
public record Prediction(double[] mean, double[] levels, double[][] lower, double[][] upper) {

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    /** The standard normal quantile that leaves {@code (100 − level)/2} percent in each tail. */
    public static double z(double level) {
        return NORMAL.inverseCumulativeProbability(0.5 + level / 200.0);
    }

    /** Normal intervals mean ± z·sd. */
    public static Prediction gaussian(double[] mean, double[] sd, double[] levels) {
        int h = mean.length;
        double[][] lo = new double[levels.length][h];
        double[][] hi = new double[levels.length][h];
        for (int l = 0; l < levels.length; l++) {
            double z = z(levels[l]);
            for (int i = 0; i < h; i++) {
                lo[l][i] = mean[i] - z * sd[i];
                hi[l][i] = mean[i] + z * sd[i];
            }
        }
        return new Prediction(mean, levels, lo, hi);
    }

    /** Adds {@code shift[i]} to the mean and every bound of step i (e.g. a seasonal component put back). */
    public Prediction plus(double[] shift) {
        double[] m = mean.clone();
        double[][] lo = new double[levels.length][];
        double[][] hi = new double[levels.length][];
        for (int i = 0; i < m.length; i++) {
            m[i] += shift[i];
        }
        for (int l = 0; l < levels.length; l++) {
            lo[l] = lower[l].clone();
            hi[l] = upper[l].clone();
            for (int i = 0; i < m.length; i++) {
                lo[l][i] += shift[i];
                hi[l][i] += shift[i];
            }
        }
        return new Prediction(m, levels, lo, hi);
    }

    /** Multiplies the mean and every bound of step i by {@code factor[i] > 0} (a multiplicative seasonal index). */
    public Prediction times(double[] factor) {
        double[] m = mean.clone();
        double[][] lo = new double[levels.length][];
        double[][] hi = new double[levels.length][];
        for (int i = 0; i < m.length; i++) {
            m[i] *= factor[i];
        }
        for (int l = 0; l < levels.length; l++) {
            lo[l] = lower[l].clone();
            hi[l] = upper[l].clone();
            for (int i = 0; i < m.length; i++) {
                lo[l][i] *= factor[i];
                hi[l][i] *= factor[i];
            }
        }
        return new Prediction(m, levels, lo, hi);
    }
}
