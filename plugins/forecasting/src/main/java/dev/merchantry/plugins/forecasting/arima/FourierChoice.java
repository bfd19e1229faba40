package dev.merchantry.plugins.forecasting.arima;

/**
 * Chooses the number of Fourier harmonics per seasonal period by the AICc of an ordinary least-squares regression
 * of the series on an intercept, a linear trend and the Fourier terms (each period's K from 1 up to
 * min(maxK, ⌊m/2⌋), chosen one period at a time, K = 0 allowed).
 */
public final class FourierChoice {

    private FourierChoice() {
    }

    /** Harmonics per period for the complete series x. */
    public static int[] choose(double[] x, double[] periods, int maxK) {
        int[] k = new int[periods.length];
        for (int j = 0; j < periods.length; j++) {
            int limit = Math.min(maxK, (int) Math.floor(periods[j] / 2));
            double best = aicc(x, periods, k);
            int bestK = 0;
            for (int kk = 1; kk <= limit; kk++) {
                k[j] = kk;
                double a = aicc(x, periods, k);
                if (a < best) {
                    best = a;
                    bestK = kk;
                }
            }
            k[j] = bestK;
        }
        return k;
    }

    private static double aicc(double[] x, double[] periods, int[] k) {
        Regressors reg = new Regressors(true, true, periods, k);
        int n = x.length;
        int p = reg.count();
        if (n - p - 2 <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double ssq = fit(x, reg).ssq();
        double sigma2 = ssq / n;
        if (!(sigma2 > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        int np = p + 1;
        return n * Math.log(sigma2) + 2 * np + 2.0 * np * (np + 1) / (n - np - 1);
    }

    static Gls.Fit fit(double[] x, Regressors reg) {
        int n = x.length;
        double[][] xm = reg.matrix(n);
        double[][] cols = new double[reg.count() + 1][n];
        for (int t = 0; t < n; t++) {
            cols[0][t] = x[t];
            for (int c = 0; c < reg.count(); c++) {
                cols[c + 1][t] = xm[t][c];
            }
        }
        return Gls.solve(cols, n);
    }

    /**
     * The series minus its fitted seasonal part (the Fourier terms of {@code fourier}, estimated together with an
     * intercept and trend that are kept).
     */
    public static double[] residuals(double[] x, Regressors fourier) {
        double[] coef = seasonalCoefficients(x, fourier);
        Regressors only = new Regressors(false, false, fourier.periods(), fourier.harmonics());
        double[] out = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            double[] row = only.row(t + 1);
            double s = 0;
            for (int c = 0; c < row.length; c++) {
                s += coef[c] * row[c];
            }
            out[t] = x[t] - s;
        }
        return out;
    }

    /** Coefficients of the Fourier columns only (in {@link Regressors#names()} order without intercept/drift). */
    public static double[] seasonalCoefficients(double[] x, Regressors fourier) {
        Regressors full = new Regressors(true, true, fourier.periods(), fourier.harmonics());
        double[] beta = fit(x, full).beta();
        double[] out = new double[beta.length - 2];
        System.arraycopy(beta, 2, out, 0, out.length);
        return out;
    }
}
