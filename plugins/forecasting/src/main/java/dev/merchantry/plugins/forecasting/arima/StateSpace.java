package dev.merchantry.plugins.forecasting.arima;

/**
 * The state-space form of an ARIMA model used by R's {@code arima} (Gardner, Harvey &amp; Phillips 1980; Harvey
 * 1989; Durbin &amp; Koopman 2001, §3.4): the ARMA part in r = max(p, q+1) states, the differencing polynomial in
 * d more states holding past observations, observation y(t) = Z·a(t) with Z = (1, 0…0, Δ₁…Δ_d), transition T
 * (companion matrix of φ, then the differencing shift) and disturbance R·ε with R = (1, θ₁…θ_{r−1}, 0…0).
 *
 * <p>The stationary ARMA block of the initial covariance is the solution of P = T P Tᵀ + R Rᵀ (what Gardner's
 * {@code getQ0} computes), found by the doubling algorithm; the differencing states get a diffuse prior κ = 10⁶
 * as in R, and observations whose innovation variance is ≥ 10⁴ (those the diffuse prior still dominates) are left
 * out of the likelihood, again as in R's {@code ARIMA_Like}. Missing observations (NaN) are skipped by the filter.
 *
 * <p>All covariances are in units of σ²; products with T exploit its sparsity, so a filter step costs O(rd²).
 */
final class StateSpace {

    static final double KAPPA = 1e6;
    private static final double DIFFUSE_GAIN = 1e4;

    final double[] phi;
    final double[] theta;
    final double[] delta;
    final int p;
    final int r;
    final int d;
    final int rd;
    /** R = (1, θ₁ … θ_{r−1}) padded with zeros to r. */
    private final double[] rVector;

    StateSpace(double[] phi, double[] theta, double[] delta) {
        this.phi = phi;
        this.theta = theta;
        this.delta = delta;
        this.p = phi.length;
        this.r = Math.max(phi.length, theta.length + 1);
        this.d = delta.length;
        this.rd = r + d;
        this.rVector = new double[r];
        rVector[0] = 1;
        for (int i = 0; i < theta.length; i++) {
            rVector[i + 1] = theta[i];
        }
    }

    /** out = T·x (x and out distinct, length rd). */
    void transition(double[] x, double[] out) {
        double x0 = x[0];
        for (int i = 0; i < r; i++) {
            double v = i < r - 1 ? x[i + 1] : 0.0;
            if (i < p) {
                v += phi[i] * x0;
            }
            out[i] = v;
        }
        if (d > 0) {
            double v = x0;
            for (int i = 0; i < d; i++) {
                v += delta[i] * x[r + i];
            }
            out[r] = v;
            for (int i = r + 1; i < rd; i++) {
                out[i] = x[i - 1];
            }
        }
    }

    /** Z·x. */
    double observe(double[] x) {
        double v = x[0];
        for (int i = 0; i < d; i++) {
            v += delta[i] * x[r + i];
        }
        return v;
    }

    /**
     * Returns T·P·Tᵀ + R·Rᵀ for a symmetric rd×rd P stored row-major, written into {@code out} (distinct from P);
     * {@code w} is rd² scratch space.
     */
    double[] propagate(double[] pm, double[] w, double[] out) {
        int n = rd;
        double[] col = new double[n];
        double[] res = new double[n];
        // W = T P, column by column
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                col[i] = pm[i * n + j];
            }
            transition(col, res);
            for (int i = 0; i < n; i++) {
                w[i * n + j] = res[i];
            }
        }
        // Pnew = W Tᵀ: row i of Pnew is T applied to row i of W
        for (int i = 0; i < n; i++) {
            System.arraycopy(w, i * n, col, 0, n);
            transition(col, res);
            System.arraycopy(res, 0, out, i * n, n);
        }
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                out[i * n + j] += rVector[i] * rVector[j];
            }
        }
        return out;
    }

    /** T·P·Tᵀ + R·Rᵀ as a new array. */
    double[] propagate(double[] pm) {
        return propagate(pm, new double[rd * rd], new double[rd * rd]);
    }

    /** The prior covariance of the state before the first observation. */
    double[] initialCovariance() {
        double[] pn = new double[rd * rd];
        double[] q0 = stationaryCovariance();
        for (int i = 0; i < r; i++) {
            System.arraycopy(q0, i * r, pn, i * rd, r);
        }
        for (int i = r; i < rd; i++) {
            pn[i * rd + i] = KAPPA;
        }
        return pn;
    }

    /** Solves Q = A Q Aᵀ + R Rᵀ for the ARMA block by doubling: Q ← Q + A Q Aᵀ, A ← A². */
    private double[] stationaryCovariance() {
        if (r == 1) {
            return new double[] {p > 0 ? 1 / (1 - phi[0] * phi[0]) : 1};
        }
        double[] a = new double[r * r];
        for (int i = 0; i < r; i++) {
            if (i < p) {
                a[i * r] = phi[i];
            }
            if (i < r - 1) {
                a[i * r + i + 1] = 1;
            }
        }
        double[] q = new double[r * r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                q[i * r + j] = rVector[i] * rVector[j];
            }
        }
        for (int iter = 0; iter < 60; iter++) {
            double[] aq = multiply(a, q, r);
            double[] aqat = multiplyTransposed(aq, a, r);
            double change = 0;
            double size = 0;
            for (int k = 0; k < q.length; k++) {
                q[k] += aqat[k];
                change = Math.max(change, Math.abs(aqat[k]));
                size = Math.max(size, Math.abs(q[k]));
            }
            if (change <= 1e-14 * Math.max(1, size)) {
                break;
            }
            a = multiply(a, a, r);
        }
        return q;
    }

    private static double[] multiply(double[] x, double[] y, int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double v = x[i * n + k];
                if (v == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += v * y[k * n + j];
                }
            }
        }
        return out;
    }

    /** x · yᵀ. */
    private static double[] multiplyTransposed(double[] x, double[] y, int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += x[i * n + k] * y[j * n + k];
                }
                out[i * n + j] = s;
            }
        }
        return out;
    }

    /** What filtering a response and its regressors through the model gives. */
    static final class Filtered {
        /** Standardized innovations of each column (0 = response), for the observations used in the likelihood. */
        final double[][] innovations;
        /** Standardized innovations of the observations the diffuse prior dominates (left out of the likelihood). */
        final double[][] diffuse;
        int diffuseCount;
        int used;
        double sumLogGain;
        /** Filtered final state per column. */
        final double[][] state;
        /** Final state covariance (shared by all columns). */
        double[] covariance;

        Filtered(int columns, int n, int rd) {
            innovations = new double[columns][n];
            diffuse = new double[columns][n];
            state = new double[columns][rd];
        }
    }

    /**
     * Runs the Kalman filter over {@code y} and, with the same gains, over each regressor column
     * {@code x[t][c]}, so that the regression coefficients can be profiled out by generalised least squares.
     * Once the covariance has converged (steady state, no missing value since) it is no longer propagated: the
     * gains are then constant, which makes long series cost O(rd) per step instead of O(rd²).
     */
    Filtered filter(double[] y, double[][] x) {
        int n = y.length;
        int k = x == null || x.length == 0 ? 0 : x[0].length;
        Filtered f = new Filtered(k + 1, n, rd);
        double[] filtered = initialCovariance();
        double[] predicted = filtered.clone();
        double[] scratch = new double[rd * rd];
        double[] anew = new double[rd];
        double[] m = new double[rd];
        double[][] a = f.state;
        boolean steady = false;
        double gain = 0;
        for (int t = 0; t < n; t++) {
            boolean observed = !Double.isNaN(y[t]);
            if (t > 0 && !steady) {
                propagate(filtered, scratch, predicted);
            }
            for (int c = 0; c <= k; c++) {
                transition(a[c], anew);
                System.arraycopy(anew, 0, a[c], 0, rd);
            }
            if (!observed) {
                if (steady) {
                    steady = false; // the covariance grows again; resume from the steady predicted one
                }
                System.arraycopy(predicted, 0, filtered, 0, filtered.length);
                continue;
            }
            if (!steady) {
                // M = P Zᵀ, gain = Z P Zᵀ
                for (int i = 0; i < rd; i++) {
                    double v = predicted[i * rd];
                    for (int j = 0; j < d; j++) {
                        v += delta[j] * predicted[i * rd + r + j];
                    }
                    m[i] = v;
                }
                gain = m[0];
                for (int j = 0; j < d; j++) {
                    gain += delta[j] * m[r + j];
                }
                if (!(gain > 0)) {
                    gain = 1e-12;
                }
            }
            boolean counts = gain < DIFFUSE_GAIN;
            double sqrtGain = Math.sqrt(gain);
            for (int c = 0; c <= k; c++) {
                double obs = c == 0 ? y[t] : x[t][c - 1];
                double resid = obs - observe(a[c]);
                double scale = resid / gain;
                double[] ac = a[c];
                for (int i = 0; i < rd; i++) {
                    ac[i] += m[i] * scale;
                }
                if (counts) {
                    f.innovations[c][f.used] = resid / sqrtGain;
                } else {
                    f.diffuse[c][f.diffuseCount] = resid / sqrtGain;
                }
            }
            if (counts) {
                f.used++;
                f.sumLogGain += Math.log(gain);
            } else {
                f.diffuseCount++;
            }
            if (!steady) {
                double change = 0;
                double size = 0;
                for (int i = 0; i < rd; i++) {
                    double mi = m[i] / gain;
                    for (int j = 0; j < rd; j++) {
                        double v = predicted[i * rd + j] - mi * m[j];
                        change = Math.max(change, Math.abs(v - filtered[i * rd + j]));
                        size = Math.max(size, Math.abs(v));
                        filtered[i * rd + j] = v;
                    }
                }
                // Converged when the filtered covariance stopped moving (and no diffuse state is left).
                steady = t > 0 && counts && change <= 1e-7 * Math.max(1, size);
            }
        }
        f.covariance = filtered;
        return f;
    }
}
