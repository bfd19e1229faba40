package dev.merchantry.plugins.forecasting.arima;

import dev.merchantry.plugins.forecasting.optim.Minimizer;
import dev.merchantry.plugins.forecasting.series.Observations;

/**
 * Fits ARIMA(p,d,q)(P,D,Q)[s] with regressors by R's {@code arima} procedure (method {@code "CSS-ML"}): the
 * conditional sum of squares gives starting values, then the exact Gaussian likelihood from the Kalman filter of
 * {@link StateSpace} is maximised over the ARMA coefficients, with AR blocks kept stationary by the PACF
 * reparametrisation. Unlike R, the regression coefficients (mean, drift, Fourier terms) are not searched
 * numerically: for given ARMA coefficients their maximum-likelihood values are the generalised least-squares
 * estimates, computed exactly from the filtered regressors, so the optimiser sees only the ARMA coefficients.
 * Both give the same maximum.
 */
public final class ArimaFitter {

    /** Estimation method, as R's {@code method} argument. */
    public enum Method { CSS_ML, ML, CSS }

    private static final int MAX_EVALUATIONS = 600;
    /** Search box of the raw coefficients in the CSS step and of the transformed ones in the ML step. */
    private static final double CSS_BOUND = 3;
    private static final double ML_BOUND = 6;

    private ArimaFitter() {
    }

    /**
     * Fits the model to {@code y} (NaN = missing).
     *
     * @throws IllegalArgumentException when there are too few observations for the model
     */
    public static ArimaPredictor fit(double[] y, ArimaOrder order, Regressors regressors, Method method) {
        return fit(y, order, regressors, method, false);
    }

    /**
     * As {@link #fit(double[], ArimaOrder, Regressors, Method)}; with {@code fastSearch} a series with gaps is
     * searched with its gaps linearly interpolated (so the cheap differenced likelihood applies) and only the final
     * filter, which gives the state, likelihood and σ², sees the gaps. Automatic selection uses it: dozens of
     * candidate fits on long daily series with stock-out days would otherwise cost seconds.
     */
    public static ArimaPredictor fit(double[] y, ArimaOrder order, Regressors regressors, Method method,
                                     boolean fastSearch) {
        int n = y.length;
        double[] delta = differencing(order);
        double[][] x = regressors.isEmpty() ? null : regressors.matrix(n);
        int k = regressors.count();
        int observed = Observations.count(y);
        int nUsed = observed - delta.length;
        int narma = order.armaCount();
        if (nUsed < narma + k + 2) {
            throw new IllegalArgumentException("too few observations (" + observed + ") for " + order);
        }
        double[] par = new double[narma];
        if (method != Method.ML && narma > 0) {
            Css css = new Css(y, x, order);
            Minimizer.Result r = Minimizer.minimizeSmooth(css::objective, par, bounds(narma, -CSS_BOUND),
                    bounds(narma, CSS_BOUND), 0.1, MAX_EVALUATIONS);
            if (r.value() < Minimizer.INFEASIBLE) {
                par = r.point();
            }
            if (method == Method.CSS_ML) {
                if (!ArmaParameters.isStationary(par, 0, order.p())) {
                    java.util.Arrays.fill(par, 0, order.p(), 0);
                }
                if (!ArmaParameters.isStationary(par, order.p() + order.q(), order.sp())) {
                    java.util.Arrays.fill(par, order.p() + order.q(), order.p() + order.q() + order.sp(), 0);
                }
                ArmaParameters.invertMa(par, order.p(), order.q());
                ArmaParameters.invertMa(par, order.p() + order.q() + order.sp(), order.sq());
            }
        }
        if (method != Method.CSS && narma > 0) {
            double[] start = ArmaParameters.fromStationary(par, order);
            // Without gaps the diffuse likelihood of the integrated model equals the exact likelihood of the
            // differenced series (Harvey 1989, §3.4), which needs d + D·s fewer states: search on that, then
            // filter the integrated model once for the final state and statistics.
            double[] searched = fastSearch && observed < n ? Observations.interpolate(y) : y;
            boolean complete = (observed == n || searched != y) && delta.length > 0;
            double[] wy = complete ? differenced(searched, delta) : searched;
            double[][] wx = complete && x != null ? differencedRows(x, delta) : x;
            double[] searchDelta = complete ? new double[0] : delta;
            Minimizer.Result r = Minimizer.minimizeSmooth(t -> likelihoodObjective(wy, wx, order, searchDelta,
                    ArmaParameters.toStationary(t, order)), start, bounds(narma, -ML_BOUND), bounds(narma, ML_BOUND),
                    0.1, MAX_EVALUATIONS);
            par = ArmaParameters.toStationary(r.point(), order);
        }
        return finish(y, x, order, regressors, delta, par, method, nUsed);
    }

    /** w(t) = y(t) − Σ Δ_i y(t−i) for t ≥ |Δ|. */
    static double[] differenced(double[] y, double[] delta) {
        int k = delta.length;
        double[] w = new double[y.length - k];
        for (int t = k; t < y.length; t++) {
            double v = y[t];
            for (int i = 0; i < k; i++) {
                v -= delta[i] * y[t - 1 - i];
            }
            w[t - k] = v;
        }
        return w;
    }

    private static double[][] differencedRows(double[][] x, double[] delta) {
        int cols = x[0].length;
        double[][] out = new double[x.length - delta.length][cols];
        double[] col = new double[x.length];
        for (int c = 0; c < cols; c++) {
            for (int t = 0; t < x.length; t++) {
                col[t] = x[t][c];
            }
            double[] w = differenced(col, delta);
            for (int t = 0; t < w.length; t++) {
                out[t][c] = w[t];
            }
        }
        return out;
    }

    private static double[] bounds(int n, double value) {
        double[] s = new double[n];
        java.util.Arrays.fill(s, value);
        return s;
    }

    /** Δ such that y(t) = Σ Δ_i y(t−i) + w(t): (1−B)^d (1−B^s)^D expanded, negated, leading 1 dropped. */
    static double[] differencing(ArimaOrder o) {
        double[] poly = {1};
        for (int i = 0; i < o.d(); i++) {
            poly = multiply(poly, new double[] {1, -1});
        }
        for (int i = 0; i < o.sd(); i++) {
            double[] seasonal = new double[o.period() + 1];
            seasonal[0] = 1;
            seasonal[o.period()] = -1;
            poly = multiply(poly, seasonal);
        }
        double[] delta = new double[poly.length - 1];
        for (int i = 1; i < poly.length; i++) {
            delta[i - 1] = -poly[i];
        }
        return delta;
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] out = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i + j] += a[i] * b[j];
            }
        }
        return out;
    }

    /** 0.5·(log(σ̂²) + Σ log F_t / n): minus the concentrated log-likelihood per observation, up to constants. */
    private static double likelihoodObjective(double[] y, double[][] x, ArimaOrder o, double[] delta, double[] par) {
        double[][] pt = ArmaParameters.expand(par, o);
        StateSpace ss = new StateSpace(pt[0], pt[1], delta);
        StateSpace.Filtered f = ss.filter(y, x);
        if (f.used == 0) {
            return Minimizer.INFEASIBLE;
        }
        double ssq = Gls.solve(f.innovations, f.used).ssq();
        double s2 = ssq / f.used;
        if (!(s2 > 0)) {
            return Minimizer.INFEASIBLE;
        }
        return 0.5 * (Math.log(s2) + f.sumLogGain / f.used);
    }

    private static ArimaPredictor finish(double[] y, double[][] x, ArimaOrder o, Regressors regressors, double[] delta,
                                         double[] par, Method method, int nUsed) {
        double[][] pt = ArmaParameters.expand(par, o);
        StateSpace ss = new StateSpace(pt[0], pt[1], delta);
        StateSpace.Filtered f = ss.filter(y, x);
        Gls.Fit gls = Gls.solve(f.innovations, f.used);
        double[] beta = gls.beta();
        double ssq = gls.ssq();
        double[] state = f.state[0].clone();
        for (int c = 0; c < beta.length; c++) {
            for (int i = 0; i < state.length; i++) {
                state[i] -= beta[c] * f.state[c + 1][i];
            }
        }
        double loglik;
        double sigma2;
        if (method == Method.CSS) {
            Css css = new Css(y, x, o);
            double[] r = css.ssq(par);
            sigma2 = r[0] / r[1];
            loglik = -0.5 * (r[1] * Math.log(2 * Math.PI * sigma2) + r[1]);
        } else {
            // forecast::Arima: all standardized residuals (the diffuse ones too) over n − d − D·s − #coefficients
            double all = ssq;
            for (int t = 0; t < f.diffuseCount; t++) {
                double e = f.diffuse[0][t];
                for (int c = 0; c < beta.length; c++) {
                    e -= beta[c] * f.diffuse[c + 1][t];
                }
                all += e * e;
            }
            sigma2 = all / Math.max(1, nUsed - o.armaCount() - beta.length);
            double s2 = ssq / f.used;
            loglik = -0.5 * (nUsed * Math.log(s2) + nUsed * f.sumLogGain / f.used + nUsed + nUsed * Math.log(2 * Math.PI));
        }
        int npar = o.armaCount() + beta.length;
        double aic = -2 * loglik + 2 * (npar + 1);
        int nstar = nUsed;
        int np1 = npar + 1;
        double aicc = nstar - np1 - 1 > 0 ? aic + 2.0 * np1 * (np1 + 1) / (nstar - np1 - 1) : Double.POSITIVE_INFINITY;
        double bic = aic + np1 * (Math.log(nstar) - 2);
        return new ArimaPredictor(o, regressors, par, beta, pt[0], pt[1], delta, state, f.covariance, sigma2,
                y.length, loglik, aic, aicc, bic);
    }

    /** Conditional sum of squares as R's {@code ARIMA_CSS}, with regressors profiled out by least squares. */
    static final class Css {
        private final double[][] w;
        private final ArimaOrder o;
        private final int ncond;
        private final int n;

        Css(double[] y, double[][] x, ArimaOrder o) {
            this.o = o;
            this.n = y.length;
            int k = x == null ? 0 : x[0].length;
            w = new double[k + 1][];
            w[0] = difference(y, o);
            for (int c = 0; c < k; c++) {
                double[] col = new double[n];
                for (int t = 0; t < n; t++) {
                    col[t] = x[t][c];
                }
                w[c + 1] = difference(col, o);
            }
            ncond = o.d() + o.sd() * o.period() + o.p() + o.sp() * o.period();
        }

        private static double[] difference(double[] y, ArimaOrder o) {
            double[] v = y.clone();
            for (int i = 0; i < o.d(); i++) {
                for (int l = v.length - 1; l > 0; l--) {
                    v[l] -= v[l - 1];
                }
            }
            for (int i = 0; i < o.sd(); i++) {
                for (int l = v.length - 1; l >= o.period(); l--) {
                    v[l] -= v[l - o.period()];
                }
            }
            return v;
        }

        double objective(double[] par) {
            double[] r = ssq(par);
            if (r[1] == 0 || !(r[0] > 0)) {
                return Minimizer.INFEASIBLE;
            }
            return 0.5 * Math.log(r[0] / r[1]);
        }

        /** {sum of squares, count} of the conditional residuals. */
        double[] ssq(double[] par) {
            double[][] pt = ArmaParameters.expand(par, o);
            double[] phi = pt[0];
            double[] theta = pt[1];
            int cols = w.length;
            double[][] resid = new double[cols][n];
            for (int c = 0; c < cols; c++) {
                double[] wc = w[c];
                double[] rc = resid[c];
                for (int l = ncond; l < n; l++) {
                    double tmp = wc[l];
                    for (int j = 0; j < phi.length; j++) {
                        tmp -= phi[j] * wc[l - j - 1];
                    }
                    int lim = Math.min(l - ncond, theta.length);
                    for (int j = 0; j < lim; j++) {
                        tmp -= theta[j] * rc[l - j - 1];
                    }
                    rc[l] = tmp;
                }
            }
            int m = 0;
            double[][] rows = new double[cols][n];
            for (int l = ncond; l < n; l++) {
                if (!Double.isNaN(resid[0][l])) {
                    for (int c = 0; c < cols; c++) {
                        rows[c][m] = resid[c][l];
                    }
                    m++;
                }
            }
            if (m == 0) {
                return new double[] {Double.NaN, 0};
            }
            return new double[] {Gls.solve(rows, m).ssq(), m};
        }
    }
}
