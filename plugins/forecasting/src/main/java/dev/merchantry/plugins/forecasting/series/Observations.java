package dev.merchantry.plugins.forecasting.series;

import java.util.Arrays;

/**
 * The observed span of a demand series: leading and trailing unobserved periods (NaN: missing or stock-out) cut
 * off, interior gaps kept as NaN. Models fit {@link #values()} and forecast {@link #trailingGap()} extra steps so
 * that their forecasts start right after the end of the original series.
 *
 * @param values from the first to the last observed value; interior NaN are gaps
 * @param trailingGap unobserved periods after the last observation
 * @param offset index of the first observed value in the original series
 */
public record Observations(double[] values, int trailingGap, int offset) {

    public static Observations of(double[] y) {
        int first = 0;
        while (first < y.length && !isObserved(y[first])) {
            first++;
        }
        int last = y.length - 1;
        while (last >= first && !isObserved(y[last])) {
            last--;
        }
        if (first > last) {
            return new Observations(new double[0], y.length, y.length);
        }
        double[] v = Arrays.copyOfRange(y, first, last + 1);
        for (int i = 0; i < v.length; i++) {
            if (!isObserved(v[i])) {
                v[i] = Double.NaN;
            }
        }
        return new Observations(v, y.length - 1 - last, first);
    }

    private static boolean isObserved(double v) {
        return Double.isFinite(v);
    }

    public int length() {
        return values.length;
    }

    /** Number of non-NaN values. */
    public int observedCount() {
        return count(values);
    }

    public static int count(double[] y) {
        int n = 0;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    public boolean hasGaps() {
        return observedCount() < values.length;
    }

    /** True when every observed value equals the first one. */
    public static boolean isConstant(double[] y) {
        double first = Double.NaN;
        for (double v : y) {
            if (Double.isNaN(v)) {
                continue;
            }
            if (Double.isNaN(first)) {
                first = v;
            } else if (Math.abs(v - first) > 1e-10 * Math.max(1, Math.abs(first))) {
                return false;
            }
        }
        return true;
    }

    public static double mean(double[] y) {
        double s = 0;
        int n = 0;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    public static double min(double[] y) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                m = Math.min(m, v);
            }
        }
        return m;
    }

    /**
     * Interior gaps filled by linear interpolation between the neighbouring observations, for the models that need
     * a complete series (classical decomposition, Theta, Croston). Gaps at an end take the nearest observation.
     */
    public static double[] interpolate(double[] y) {
        double[] out = y.clone();
        int n = y.length;
        int i = 0;
        while (i < n) {
            if (!Double.isNaN(out[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && Double.isNaN(y[i])) {
                i++;
            }
            double left = start > 0 ? y[start - 1] : Double.NaN;
            double right = i < n ? y[i] : Double.NaN;
            for (int t = start; t < i; t++) {
                double v;
                if (Double.isNaN(left)) {
                    v = right;
                } else if (Double.isNaN(right)) {
                    v = left;
                } else {
                    v = left + (t - start + 1.0) / (i - start + 1.0) * (right - left);
                }
                out[t] = Double.isNaN(v) ? 0 : v;
            }
        }
        return out;
    }
}
