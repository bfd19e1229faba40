package dev.merchantry.plugins.forecasting.ets;

import dev.merchantry.plugins.forecasting.optim.Minimizer;
import dev.merchantry.plugins.forecasting.optim.Polynomials;
import dev.merchantry.plugins.forecasting.series.Decomposition;
import dev.merchantry.plugins.forecasting.series.Observations;

import java.util.ArrayList;
import java.util.List;

/**
 * Maximum-likelihood fitting and AICc selection of ETS models, after the forecast package's {@code ets}
 * (Hyndman et al. 2002, 2008): starting values from {@code initparam}/{@code initstate} (classical decomposition
 * for the seasonal states, a regression on the first ten or 2m deseasonalised values for level and trend),
 * Nelder–Mead over the smoothing parameters and initial states together, the "both" parameter region (usual
 * bounds 10⁻⁴ ≤ β ≤ α ≤ 0.9999, γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98, intersected with the admissible region of the
 * characteristic polynomial), and the criterion n·log(Σe²) (+ 2Σlog|ŷ| for multiplicative errors).
 *
 * <p>Missing values (NaN) are skipped: the state goes through a prediction step and the period does not count in
 * the likelihood.
 */
public final class EtsFitter {

    static final double[] LOWER = {1e-4, 1e-4, 1e-4, 0.8};
    static final double[] UPPER = {0.9999, 0.9999, 0.9999, 0.98};
    private static final double TOLERANCE = 1.5e-8;

    private EtsFitter() {
    }

    /** The default evaluation budget per model (R uses 2000 Nelder–Mead iterations). */
    public static final int DEFAULT_EVALUATIONS = 2000;

    /**
     * Fits one model.
     *
     * @return the fitted model, or {@code null} when it cannot be fitted (too many parameters for the data,
     *         multiplicative components with non-positive data, no feasible start)
     */
    public static EtsPredictor fit(double[] y, EtsSpec spec, int maxEvaluations, long seed) {
        int nObs = Observations.count(y);
        int np = spec.parameterCount() + spec.stateCount();
        if (np >= nObs - 1) {
            return null;
        }
        boolean positive = Observations.min(y) > 0;
        if ((spec.error() == 'M' || spec.season() == 'M') && !positive) {
            return null;
        }
        if (spec.seasonal() && nObs < 2 * spec.period()) {
            return null;
        }
        double[] par0 = initialParameters(spec);
        double[] init = initialStates(y, spec);
        if (init == null) {
            return null;
        }
        int k = spec.parameterCount();
        double[] start = new double[k + init.length];
        int c = 0;
        start[c++] = par0[0];
        if (spec.trended()) {
            start[c++] = par0[1];
        }
        if (spec.seasonal()) {
            start[c++] = par0[2];
        }
        if (spec.damped()) {
            start[c++] = par0[3];
        }
        System.arraycopy(init, 0, start, k, init.length);
        double scale = scale(y);
        double[] steps = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            steps[i] = i < k ? 0.1 : Math.max(0.1 * Math.abs(start[i]), 0.02 * scale);
            if (i >= k + 1 + (spec.trended() ? 1 : 0) && spec.season() == 'M') {
                steps[i] = 0.1;
            }
            if (spec.trended() && i == k + 1) {
                steps[i] = Math.max(0.1 * Math.abs(start[i]), 0.01 * scale);
            }
        }
        Objective objective = new Objective(y, spec);
        if (objective.applyAsDouble(start) >= Minimizer.INFEASIBLE) {
            return null;
        }
        Minimizer.Result r = Minimizer.minimize(objective, start, steps, maxEvaluations, TOLERANCE);
        if (r.value() >= Minimizer.INFEASIBLE) {
            return null;
        }
        return objective.predictor(r.point(), np, seed);
    }

    /**
     * The model with given smoothing parameters and initial states, in the order the fit optimises them
     * (α, β, γ, φ as present, then l₀, b₀, s₀ … s_{m−2}); null when they are outside the parameter region.
     */
    static EtsPredictor withParameters(double[] y, EtsSpec spec, double[] x, long seed) {
        Objective objective = new Objective(y, spec);
        if (objective.applyAsDouble(x) >= Minimizer.INFEASIBLE) {
            return null;
        }
        return objective.predictor(x, spec.parameterCount() + spec.stateCount(), seed);
    }

    /** Fits every admissible model for the data and returns the one with the smallest AICc (null if none fits). */
    public static EtsPredictor select(double[] y, int period, boolean allowMultiplicative, boolean allowDamped,
                                      int maxEvaluations, long seed) {
        EtsPredictor best = null;
        for (EtsSpec spec : candidates(y, period, allowMultiplicative, allowDamped)) {
            EtsPredictor p = fit(y, spec, maxEvaluations, seed);
            if (p != null && Double.isFinite(p.aicc()) && (best == null || p.aicc() < best.aicc())) {
                best = p;
            }
        }
        return best;
    }

    /** The model set R's {@code ets(y)} searches (restrict = TRUE, no multiplicative trend). */
    static List<EtsSpec> candidates(double[] y, int period, boolean allowMultiplicative, boolean allowDamped) {
        boolean positive = Observations.min(y) > 0;
        boolean seasonal = period >= 2 && period <= 24 && Observations.count(y) >= 2 * period;
        List<EtsSpec> out = new ArrayList<>();
        for (char error : new char[] {'A', 'M'}) {
            if (error == 'M' && (!positive || !allowMultiplicative)) {
                continue;
            }
            for (char trend : new char[] {'N', 'A'}) {
                for (boolean damped : new boolean[] {false, true}) {
                    if (damped && (trend == 'N' || !allowDamped)) {
                        continue;
                    }
                    for (char season : new char[] {'N', 'A', 'M'}) {
                        if (season != 'N' && !seasonal) {
                            continue;
                        }
                        if (season == 'M' && (!positive || !allowMultiplicative)) {
                            continue;
                        }
                        if (error == 'A' && season == 'M') {
                            continue;
                        }
                        out.add(new EtsSpec(error, trend, damped, season, season == 'N' ? 1 : period));
                    }
                }
            }
        }
        return out;
    }

    private static double scale(double[] y) {
        double mean = Observations.mean(y);
        double ss = 0;
        int n = 0;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                ss += (v - mean) * (v - mean);
                n++;
            }
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        return Math.max(sd, Math.max(Math.abs(mean) * 0.01, 1e-6));
    }

    /** R's {@code initparam}: α, β, γ, φ (unused entries are 0 / 1). */
    static double[] initialParameters(EtsSpec spec) {
        int m = spec.period();
        double alpha = LOWER[0] + 0.2 * (UPPER[0] - LOWER[0]) / m;
        if (alpha > 1 || alpha < 0) {
            alpha = LOWER[0] + 2e-3;
        }
        double beta = 0;
        if (spec.trended()) {
            double upper = Math.min(UPPER[1], alpha);
            beta = LOWER[1] + 0.1 * (upper - LOWER[1]);
            if (beta < 0 || beta > alpha) {
                beta = alpha - 1e-3;
            }
        }
        double gamma = 0;
        if (spec.seasonal()) {
            double upper = Math.min(UPPER[2], 1 - alpha);
            gamma = LOWER[2] + 0.05 * (upper - LOWER[2]);
            if (gamma < 0 || gamma > 1 - alpha) {
                gamma = 1 - alpha - 1e-3;
            }
        }
        double phi = 1;
        if (spec.damped()) {
            phi = LOWER[3] + 0.99 * (UPPER[3] - LOWER[3]);
        }
        return new double[] {alpha, beta, gamma, phi};
    }

    /** R's {@code initstate}: l0, b0, s0 … s_{m−2} (s_{m−1} is implied by normalisation). */
    static double[] initialStates(double[] yRaw, EtsSpec spec) {
        double[] y = Observations.interpolate(yRaw);
        int n = y.length;
        int m = spec.period();
        double[] ySa = y;
        double[] seasons = new double[0];
        if (spec.seasonal()) {
            boolean mult = spec.season() == 'M';
            double[] seasonal;
            if (n >= 3 * m) {
                seasonal = Decomposition.of(y, m, mult).seasonal();
            } else {
                // Too short for a moving average: per-position means around a linear trend.
                double[] fit = linearFit(y, n);
                double[] sum = new double[m];
                int[] count = new int[m];
                for (int t = 0; t < n; t++) {
                    double trendValue = fit[0] + fit[1] * (t + 1);
                    sum[t % m] += mult ? y[t] / trendValue : y[t] - trendValue;
                    count[t % m]++;
                }
                double avg = 0;
                double[] fig = new double[m];
                for (int j = 0; j < m; j++) {
                    fig[j] = sum[j] / count[j];
                    avg += fig[j] / m;
                }
                seasonal = new double[n];
                for (int t = 0; t < n; t++) {
                    seasonal[t] = mult ? fig[t % m] / avg : fig[t % m] - avg;
                }
            }
            seasons = new double[m - 1];
            for (int j = 0; j < m - 1; j++) {
                seasons[j] = seasonal[m - 1 - j]; // rev(seasonal[2:m])
            }
            ySa = new double[n];
            if (mult) {
                double sum = 0;
                for (int j = 0; j < m - 1; j++) {
                    seasons[j] = Math.max(seasons[j], 1e-2);
                    sum += seasons[j];
                }
                if (sum > m) {
                    for (int j = 0; j < m - 1; j++) {
                        seasons[j] /= sum + 1e-2;
                    }
                }
                for (int t = 0; t < n; t++) {
                    ySa[t] = y[t] / Math.max(seasonal[t], 1e-2);
                }
            } else {
                for (int t = 0; t < n; t++) {
                    ySa[t] = y[t] - seasonal[t];
                }
            }
        }
        int maxn = Math.min(Math.max(10, 2 * m), n);
        double[] out = new double[spec.stateCount()];
        if (!spec.trended()) {
            double s = 0;
            for (int t = 0; t < maxn; t++) {
                s += ySa[t];
            }
            out[0] = s / maxn;
        } else {
            double[] fit = linearFit(ySa, maxn);
            double l0 = fit[0];
            double b0 = fit[1];
            if (Math.abs(l0 + b0) < 1e-8) {
                l0 *= 1 + 1e-3;
                b0 *= 1 + 1e-3;
            }
            out[0] = l0;
            out[1] = b0;
        }
        System.arraycopy(seasons, 0, out, spec.trended() ? 2 : 1, seasons.length);
        return out;
    }

    /** Least-squares intercept and slope of y[0..n) on t = 1..n. */
    private static double[] linearFit(double[] y, int n) {
        double mt = (n + 1) / 2.0;
        double my = 0;
        for (int t = 0; t < n; t++) {
            my += y[t] / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < n; t++) {
            sxy += (t + 1 - mt) * (y[t] - my);
            sxx += (t + 1 - mt) * (t + 1 - mt);
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        return new double[] {my - slope * mt, slope};
    }

    /** R's {@code check.param} with bounds = "both". */
    static boolean admissible(EtsSpec spec, double alpha, double beta, double gamma, double phi) {
        if (alpha < LOWER[0] || alpha > UPPER[0]) {
            return false;
        }
        if (spec.trended() && (beta < LOWER[1] || beta > alpha || beta > UPPER[1])) {
            return false;
        }
        if (spec.damped() && (phi < LOWER[3] || phi > UPPER[3])) {
            return false;
        }
        if (spec.seasonal() && (gamma < LOWER[2] || gamma > 1 - alpha || gamma > UPPER[2])) {
            return false;
        }
        // R's admissible(): the characteristic equation of the linear model
        double ph = spec.damped() ? phi : 1;
        if (!spec.seasonal()) {
            if (alpha < 1 - 1 / ph || alpha > 1 + 1 / ph) {
                return false;
            }
            return !spec.trended() || (beta >= alpha * (ph - 1) && beta <= (1 + ph) * (2 - alpha));
        }
        int m = spec.period();
        double b = spec.trended() ? beta : 0;
        if (gamma < Math.max(1 - 1 / ph - alpha, 0) || gamma > 1 + 1 / ph - alpha) {
            return false;
        }
        if (alpha < 1 - 1 / ph - gamma * (1 - m + ph + ph * m) / (2 * ph * m)) {
            return false;
        }
        if (b < -(1 - ph) * (gamma / m + alpha)) {
            return false;
        }
        double[] poly = new double[m + 2];
        poly[0] = ph * (1 - alpha - gamma);
        poly[1] = alpha + b - alpha * ph + gamma - 1;
        for (int j = 2; j < m; j++) {
            poly[j] = alpha + b - alpha * ph;
        }
        poly[m] = alpha + b - ph;
        poly[m + 1] = 1;
        // R accepts max |root| ≤ 1 + 1e-10; without damping z = 1 is always a root, so test p(r·z) with r slightly
        // above 1 (its roots are root/r) rather than the unit circle itself.
        double r = 1 + 1e-8;
        double scale = 1;
        for (int j = 0; j < poly.length; j++) {
            poly[j] *= scale;
            scale *= r;
        }
        return Polynomials.allRootsInsideUnitCircle(poly);
    }

    /** The fitting criterion for one model over (smoothing parameters, initial states). */
    static final class Objective implements java.util.function.ToDoubleFunction<double[]> {
        private final double[] y;
        private final EtsSpec spec;
        private final int nObs;

        Objective(double[] y, EtsSpec spec) {
            this.y = y;
            this.spec = spec;
            this.nObs = Observations.count(y);
        }

        double[] parameters(double[] x) {
            int c = 0;
            double alpha = x[c++];
            double beta = spec.trended() ? x[c++] : 0;
            double gamma = spec.seasonal() ? x[c++] : 0;
            double phi = spec.damped() ? x[c++] : 1;
            return new double[] {alpha, beta, gamma, phi};
        }

        EtsState initialState(double[] x) {
            double[] par = parameters(x);
            int k = spec.parameterCount();
            double level = x[k];
            double trend = spec.trended() ? x[k + 1] : 0;
            int m = spec.period();
            double[] seasons = new double[spec.seasonal() ? m : 1];
            if (spec.seasonal()) {
                int off = k + (spec.trended() ? 2 : 1);
                double sum = 0;
                for (int j = 0; j < m - 1; j++) {
                    seasons[j] = x[off + j];
                    sum += seasons[j];
                }
                seasons[m - 1] = (spec.season() == 'M' ? m : 0) - sum;
            }
            return new EtsState(spec, par, level, trend, seasons);
        }

        @Override
        public double applyAsDouble(double[] x) {
            double[] par = parameters(x);
            if (!admissible(spec, par[0], par[1], par[2], par[3])) {
                return Minimizer.INFEASIBLE;
            }
            EtsState s = initialState(x);
            if (spec.season() == 'M') {
                for (double v : s.seasons()) {
                    if (v < 0) {
                        return Minimizer.INFEASIBLE;
                    }
                }
            }
            double sse = 0;
            double logf = 0;
            for (double v : y) {
                double f = s.forecast(1);
                if (Double.isNaN(v)) {
                    s.update(f);
                    continue;
                }
                double e;
                if (spec.error() == 'A') {
                    e = v - f;
                } else {
                    if (!(f > 0)) {
                        return Minimizer.INFEASIBLE;
                    }
                    e = (v - f) / f;
                    logf += Math.log(f);
                }
                sse += e * e;
                s.update(v);
            }
            double lik = nObs * Math.log(sse) + (spec.error() == 'M' ? 2 * logf : 0);
            return Double.isFinite(lik) ? lik : Minimizer.INFEASIBLE;
        }

        EtsPredictor predictor(double[] x, int np, long seed) {
            double lik = applyAsDouble(x);
            EtsState s = initialState(x);
            double sse = 0;
            for (double v : y) {
                double f = s.forecast(1);
                if (Double.isNaN(v)) {
                    s.update(f);
                    continue;
                }
                double e = spec.error() == 'A' ? v - f : (v - f) / f;
                sse += e * e;
                s.update(v);
            }
            double sigma2 = sse / Math.max(1, nObs - np);
            int npar = np + 1;
            double aic = lik + 2 * npar;
            double aicc = nObs - npar - 1 > 0 ? aic + 2.0 * npar * (npar + 1) / (nObs - npar - 1) : Double.POSITIVE_INFINITY;
            double bic = lik + Math.log(nObs) * npar;
            return new EtsPredictor(spec, parameters(x), s.level, s.trend, s.seasons(), sigma2, -0.5 * lik, aic, aicc,
                    bic, seed);
        }
    }
}
