package dev.merchantry.plugins.forecasting.series;

import org.apache.commons.math3.distribution.NormalDistribution;

/** Tests for the presence of seasonality and of the need to difference, as used by Theta and auto-ARIMA. */
public final class SeasonalityTest {

    private static final double Z90 = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.95);

    private SeasonalityTest() {
    }

    /** Sample autocorrelations r_1 … r_maxLag of a complete series (R's {@code acf}). */
    public static double[] acf(double[] x, int maxLag) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v / n;
        }
        double c0 = 0;
        for (double v : x) {
            c0 += (v - mean) * (v - mean);
        }
        double[] r = new double[maxLag];
        for (int k = 1; k <= maxLag; k++) {
            double s = 0;
            for (int t = k; t < n; t++) {
                s += (x[t] - mean) * (x[t - k] - mean);
            }
            r[k - 1] = c0 > 0 ? s / c0 : 0;
        }
        return r;
    }

    /**
     * The Theta method's test (forecast::thetaf, after Assimakopoulos &amp; Nikolopoulos 2000): seasonal when
     * |r_m| exceeds 1.645 times its standard error √((1 + 2Σ_{k<m} r_k²)/n); needs n &gt; 2m.
     */
    public static boolean acfSeasonal(double[] x, int m) {
        int n = x.length;
        if (m < 2 || n <= 2 * m || Observations.isConstant(x)) {
            return false;
        }
        double[] r = acf(x, m);
        double s = 0;
        for (int k = 0; k < m - 1; k++) {
            s += r[k] * r[k];
        }
        double stat = Math.sqrt((1 + 2 * s) / n);
        return Math.abs(r[m - 1]) / stat > Z90;
    }

    /**
     * Seasonal strength F_S = max(0, 1 − Var(R)/Var(S + R)) of a classical additive decomposition (Wang, Smith &amp;
     * Hyndman 2006; forecast::nsdiffs' default test uses STL instead of moving averages).
     */
    public static double seasonalStrength(double[] x, int m) {
        if (m < 2 || x.length < 2 * m) {
            return 0;
        }
        Decomposition d = Decomposition.of(x, m, false);
        int n = x.length;
        double[] rem = new double[n];
        double[] sr = new double[n];
        int k = 0;
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(d.trend()[t])) {
                rem[k] = x[t] - d.trend()[t] - d.seasonal()[t];
                sr[k] = x[t] - d.trend()[t];
                k++;
            }
        }
        double vr = variance(rem, k);
        double vsr = variance(sr, k);
        return vsr > 0 ? Math.max(0, 1 - vr / vsr) : 0;
    }

    /**
     * The larger of the seasonal strengths of the series and, when it is positive, of its logarithm: a seasonal
     * pattern whose amplitude grows with the level (multiplicative seasonality) leaves a large remainder in a
     * fixed additive decomposition but not in a log-additive one. (STL, which nsdiffs uses, adapts to a changing
     * pattern in a similar way.)
     */
    public static double seasonalStrengthEither(double[] x, int m) {
        double s = seasonalStrength(x, m);
        if (Observations.min(x) > 0) {
            double[] log = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                log[i] = Math.log(x[i]);
            }
            s = Math.max(s, seasonalStrength(log, m));
        }
        return s;
    }

    private static double variance(double[] v, int n) {
        if (n < 2) {
            return 0;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += v[i] / n;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (v[i] - mean) * (v[i] - mean);
        }
        return s / (n - 1);
    }

    /**
     * The KPSS level-stationarity statistic (Kwiatkowski et al. 1992) with Bartlett long-run variance and
     * l = ⌊3√n/13⌋ lags, as forecast::ndiffs calls urca::ur.kpss.
     */
    public static double kpss(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v / n;
        }
        double[] e = new double[n];
        for (int t = 0; t < n; t++) {
            e[t] = x[t] - mean;
        }
        double cum = 0;
        double eta = 0;
        for (int t = 0; t < n; t++) {
            cum += e[t];
            eta += cum * cum;
        }
        eta /= (double) n * n;
        int lags = (int) Math.floor(3 * Math.sqrt(n) / 13);
        double s2 = 0;
        for (double v : e) {
            s2 += v * v;
        }
        s2 /= n;
        for (int l = 1; l <= lags; l++) {
            double c = 0;
            for (int t = l; t < n; t++) {
                c += e[t] * e[t - l];
            }
            s2 += 2 * (1 - l / (lags + 1.0)) * c / n;
        }
        return s2 > 0 ? eta / s2 : 0;
    }

    /** KPSS 5% critical value for the level null (Kwiatkowski et al. 1992, table 1). */
    public static final double KPSS_CRITICAL_5 = 0.463;

    /**
     * Number of first differences (0–2) that make {@code x} level-stationary by repeated KPSS tests at 5%
     * (forecast::ndiffs).
     */
    public static int ndiffs(double[] x, int maxD) {
        double[] v = x.clone();
        int d = 0;
        while (d < maxD && v.length > 4 && !Observations.isConstant(v) && kpss(v) > KPSS_CRITICAL_5) {
            double[] dv = new double[v.length - 1];
            for (int t = 1; t < v.length; t++) {
                dv[t - 1] = v[t] - v[t - 1];
            }
            v = dv;
            d++;
        }
        return d;
    }
}
