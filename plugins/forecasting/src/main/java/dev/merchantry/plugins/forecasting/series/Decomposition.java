package dev.merchantry.plugins.forecasting.series;

/**
 * Classical decomposition by moving averages, as R's {@code decompose}: the trend is the centred moving average
 * of order m (a 2×m MA for even m), the seasonal figure the per-position mean of the detrended series (difference
 * or ratio) normalised to sum 0 (or average 1), positions counted from the first observation.
 *
 * @param trend centred moving average, NaN in the first and last ⌊m/2⌋ places
 * @param seasonal the seasonal component per observation
 * @param figure the m seasonal indices, figure[j] for positions t ≡ j (mod m)
 * @param multiplicative whether components multiply
 */
public record Decomposition(double[] trend, double[] seasonal, double[] figure, boolean multiplicative) {

    /** Decomposes a complete (gap-free) series {@code x} of at least 2m values with integer period m ≥ 2. */
    public static Decomposition of(double[] x, int m, boolean multiplicative) {
        int n = x.length;
        double[] filter = new double[m % 2 == 0 ? m + 1 : m];
        if (m % 2 == 0) {
            java.util.Arrays.fill(filter, 1.0 / m);
            filter[0] = filter[m] = 0.5 / m;
        } else {
            java.util.Arrays.fill(filter, 1.0 / m);
        }
        int half = filter.length / 2;
        double[] trend = new double[n];
        for (int t = 0; t < n; t++) {
            if (t < half || t + half >= n) {
                trend[t] = Double.NaN;
                continue;
            }
            double s = 0;
            for (int j = 0; j < filter.length; j++) {
                s += filter[j] * x[t - half + j];
            }
            trend[t] = s;
        }
        double[] sum = new double[m];
        int[] count = new int[m];
        for (int t = 0; t < n; t++) {
            if (Double.isNaN(trend[t])) {
                continue;
            }
            double v = multiplicative ? x[t] / trend[t] : x[t] - trend[t];
            if (Double.isFinite(v)) {
                sum[t % m] += v;
                count[t % m]++;
            }
        }
        double[] figure = new double[m];
        double avg = 0;
        for (int j = 0; j < m; j++) {
            figure[j] = count[j] == 0 ? (multiplicative ? 1 : 0) : sum[j] / count[j];
            avg += figure[j] / m;
        }
        for (int j = 0; j < m; j++) {
            figure[j] = multiplicative ? (avg != 0 ? figure[j] / avg : 1) : figure[j] - avg;
        }
        double[] seasonal = new double[n];
        for (int t = 0; t < n; t++) {
            seasonal[t] = figure[t % m];
        }
        return new Decomposition(trend, seasonal, figure, multiplicative);
    }

    /** The seasonal index for time t (0-based from the first observation; t ≥ n continues the cycle). */
    public double index(int t) {
        return figure[Math.floorMod(t, figure.length)];
    }
}
