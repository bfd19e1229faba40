package dev.merchantry.plugins.forecasting.intermittent;

import dev.merchantry.plugins.forecasting.arima.Regressors;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Seasonality of slow-moving (intermittent) demand, where additive Fourier regression fails: a unit sold every
 * week or so carries its season in how often it sells, not in how much. Fitted as a Poisson log-linear model
 * (a GLM, McCullagh &amp; Nelder 1989, by iteratively reweighted least squares):
 *
 * <pre>log E[y_t] = β₀ + β₁·t + Σ_periods Σ_{k≤K} a_k sin(2πkt/m) + b_k cos(2πkt/m)</pre>
 *
 * The trend β₁ is there so that a growing or shrinking product is not mistaken for half a season; only the
 * Fourier part is kept, as a multiplicative seasonal index exp(Σ …). K per period (0 … {@code maxK}) is chosen
 * one period at a time by a quasi-Poisson BIC, deviance/φ + parameters·log n, with the dispersion φ ≥ 1 estimated
 * (Pearson χ²/(n − p)) on the largest model, so over-dispersed demand (orders of several units) does not buy
 * spurious harmonics. Unobserved periods (NaN, stock-outs) are left out of the fit.
 */
public final class PoissonSeasonality {

    private static final int MAX_ITERATIONS = 30;
    private static final double TOLERANCE = 1e-9;

    private PoissonSeasonality() {
    }

    /** A fitted GLM: coefficients in the order intercept, trend, then {@code fourier}'s columns; its deviance. */
    record Glm(double[] beta, double deviance, double pearson, int observed) {
    }

    /**
     * The chosen Fourier terms and their log-scale coefficients, or null when no period earns a harmonic (or the
     * series is too short or sells too rarely to tell).
     *
     * @param minSeasons a period is only considered with at least this many of its cycles observed
     * @param minDemands fewest non-zero periods for any seasonality to be looked for
     */
    public static SeasonalIndex choose(double[] y, double[] periods, int maxK, double minSeasons, int minDemands) {
        int nonZero = 0;
        for (double v : y) {
            if (!Double.isNaN(v) && v > 0) {
                nonZero++;
            }
        }
        if (nonZero < minDemands) {
            return null;
        }
        int[] limit = new int[periods.length];
        boolean any = false;
        for (int j = 0; j < periods.length; j++) {
            if (periods[j] >= 2 && y.length >= minSeasons * periods[j]) {
                limit[j] = Math.min(maxK, (int) Math.floor(periods[j] / 2));
                any |= limit[j] > 0;
            }
        }
        if (!any) {
            return null;
        }
        Glm largest = fit(y, new Regressors(false, false, periods, limit));
        if (largest == null) {
            return null;
        }
        int p = 2 + new Regressors(false, false, periods, limit).count();
        double phi = Math.max(1, largest.pearson() / Math.max(1, largest.observed() - p));
        int[] k = new int[periods.length];
        double best = bic(fit(y, new Regressors(false, false, periods, k)), k, periods, phi);
        for (int j = 0; j < periods.length; j++) {
            int bestK = 0;
            for (int kk = 1; kk <= limit[j]; kk++) {
                k[j] = kk;
                double score = bic(fit(y, new Regressors(false, false, periods, k)), k, periods, phi);
                if (score < best) {
                    best = score;
                    bestK = kk;
                }
            }
            k[j] = bestK;
        }
        Regressors fourier = new Regressors(false, false, periods, k);
        if (!fourier.hasFourier()) {
            return null;
        }
        Glm chosen = fit(y, fourier);
        if (chosen == null) {
            return null;
        }
        double[] coef = new double[fourier.count()];
        System.arraycopy(chosen.beta(), 2, coef, 0, coef.length);
        return new SeasonalIndex(fourier, coef);
    }

    private static double bic(Glm g, int[] k, double[] periods, double phi) {
        if (g == null) {
            return Double.POSITIVE_INFINITY;
        }
        int p = 2 + new Regressors(false, false, periods, k).count();
        return g.deviance() / phi + p * Math.log(g.observed());
    }

    /**
     * Poisson GLM with log link of the observed y on intercept, trend (t scaled to [−½, ½]) and the Fourier
     * columns at t = 1…n, by IRLS; null if the weighted normal equations become singular.
     */
    static Glm fit(double[] y, Regressors fourier) {
        int n = y.length;
        int q = fourier.count();
        int p = 2 + q;
        int observed = 0;
        double total = 0;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                observed++;
                total += v;
            }
        }
        if (observed <= p || total <= 0) {
            return null;
        }
        double[][] x = new double[n][];
        for (int t = 0; t < n; t++) {
            if (Double.isNaN(y[t])) {
                continue;
            }
            double[] row = new double[p];
            row[0] = 1;
            row[1] = (t + 0.5) / n - 0.5;
            System.arraycopy(fourier.row(t + 1), 0, row, 2, q);
            x[t] = row;
        }
        double[] beta = new double[p];
        beta[0] = Math.log(total / observed);
        double deviance = Double.POSITIVE_INFINITY;
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            double[][] a = new double[p][p];
            double[] b = new double[p];
            for (int t = 0; t < n; t++) {
                if (x[t] == null) {
                    continue;
                }
                double eta = dot(x[t], beta);
                double mu = Math.exp(clamp(eta));
                double z = eta + (y[t] - mu) / mu;
                for (int i = 0; i < p; i++) {
                    double wi = mu * x[t][i];
                    b[i] += wi * z;
                    for (int j = i; j < p; j++) {
                        a[i][j] += wi * x[t][j];
                    }
                }
            }
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < i; j++) {
                    a[i][j] = a[j][i];
                }
            }
            double[] next;
            try {
                RealMatrix m = new Array2DRowRealMatrix(a, false);
                RealVector sol = new CholeskyDecomposition(m, 1e-12, 1e-12).getSolver().solve(new ArrayRealVector(b, false));
                next = sol.toArray();
            } catch (NonPositiveDefiniteMatrixException | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
                return null;
            }
            double dev = deviance(y, x, next);
            beta = next;
            boolean converged = Math.abs(dev - deviance) <= TOLERANCE * (Math.abs(dev) + 0.1);
            deviance = dev;
            if (converged) {
                break;
            }
        }
        double pearson = 0;
        for (int t = 0; t < n; t++) {
            if (x[t] != null) {
                double mu = Math.exp(clamp(dot(x[t], beta)));
                pearson += (y[t] - mu) * (y[t] - mu) / mu;
            }
        }
        return new Glm(beta, deviance, pearson, observed);
    }

    /** Poisson deviance 2 Σ [y log(y/μ) − (y − μ)]. */
    private static double deviance(double[] y, double[][] x, double[] beta) {
        double d = 0;
        for (int t = 0; t < y.length; t++) {
            if (x[t] == null) {
                continue;
            }
            double mu = Math.exp(clamp(dot(x[t], beta)));
            d += (y[t] > 0 ? y[t] * Math.log(y[t] / mu) : 0) - (y[t] - mu);
        }
        return 2 * d;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Keeps exp() finite while IRLS wanders (log-rates beyond ±30 mean 0 or absurd demand anyway). */
    private static double clamp(double eta) {
        return Math.max(-30, Math.min(30, eta));
    }

    /** A multiplicative seasonal index exp(Σ coefficient · Fourier column) at time t (1-based). */
    public record SeasonalIndex(Regressors fourier, double[] coefficients) {

        public double at(int t) {
            double[] row = fourier.row(t);
            double s = 0;
            for (int c = 0; c < row.length; c++) {
                s += coefficients[c] * row[c];
            }
            return Math.exp(s);
        }

        /**
         * The same index on a time axis shifted by {@code offset} periods: {@code shifted(o).at(t) == at(t + o)}.
         * Each harmonic's sine and cosine coefficients are rotated by the angle 2πko/m (the angle-sum identities);
         * a lone cosine at the Nyquist frequency (2k = m) becomes b·cos(πo), exact for whole t.
         */
        public SeasonalIndex shifted(int offset) {
            double[] c = coefficients.clone();
            double[] periods = fourier.periods();
            int[] harmonics = fourier.harmonics();
            int i = 0;
            for (int j = 0; j < periods.length; j++) {
                for (int k = 1; k <= harmonics[j]; k++) {
                    double angle = 2 * Math.PI * k * offset / periods[j];
                    if (2 * k != periods[j]) {
                        double a = coefficients[i];
                        double b = coefficients[i + 1];
                        c[i] = a * Math.cos(angle) - b * Math.sin(angle);
                        c[i + 1] = a * Math.sin(angle) + b * Math.cos(angle);
                        i += 2;
                    } else {
                        c[i] = coefficients[i] * Math.cos(angle);
                        i++;
                    }
                }
            }
            return new SeasonalIndex(fourier, c);
        }
    }
}
