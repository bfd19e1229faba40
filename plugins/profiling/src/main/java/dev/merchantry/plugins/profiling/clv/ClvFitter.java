package dev.merchantry.plugins.profiling.clv;

import dev.merchantry.plugins.profiling.core.Parallel;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Maximum-likelihood fits of {@link BgNbd}, {@link MbgNbd} and {@link GammaGamma}: Nelder–Mead (Commons Math) on the logarithms
 * of the parameters, so every step stays positive, minimizing the mean negative log-likelihood, then restarted once
 * from its optimum (a simplex can stall on a ridge). Terms that depend only on x are computed once per evaluation,
 * per distinct x, so an evaluation costs two logarithms and an exponential per customer.
 */
public final class ClvFitter {

    /** A fitted model with its total log-likelihood, the customers it was fitted on and the evaluations spent. */
    public record Fit<M>(M model, double logLikelihood, int customers, int evaluations) {
    }

    /** Log-parameters are kept in [−LOG_BOUND, LOG_BOUND] (e^±18: far beyond any plausible value). */
    static final double LOG_BOUND = 18;
    private static final int MAX_EVALUATIONS = 20_000;

    private ClvFitter() {
    }

    /**
     * Fits BG/NBD to (x, tₓ, T) of {@code n} customers.
     *
     * @throws IllegalArgumentException when no customer made a repeat purchase (a and b are then not identified)
     */
    public static Fit<BgNbd> fitBgNbd(int[] x, double[] tx, double[] t, int n, Parallel parallel) {
        return fit(BgNbd.CDNOW, x, tx, t, n, parallel);
    }

    /**
     * Fits MBG/NBD to (x, tₓ, T) of {@code n} customers.
     *
     * @throws IllegalArgumentException when no customer made a repeat purchase (a and b are then not identified)
     */
    public static Fit<MbgNbd> fitMbgNbd(int[] x, double[] tx, double[] t, int n, Parallel parallel) {
        return fit(MbgNbd.CDNOW, x, tx, t, n, parallel);
    }

    /**
     * Fits the family of {@code family} (its parameters are ignored). The two likelihoods differ only in how many
     * drop-out opportunities a customer alive at T has survived: x (BG/NBD) or x + 1 (MBG/NBD), so the per-x terms
     * take b + x + shift and the drop-out term a/(b + x − 1 + shift), which MBG/NBD also has at x = 0.
     */
    @SuppressWarnings("unchecked")
    public static <M extends RepeatPurchaseModel> Fit<M> fit(M family, int[] x, double[] tx, double[] t, int n,
                                                           Parallel parallel) {
        int maxX = 0;
        long repeats = 0;
        double sumT = 0;
        for (int i = 0; i < n; i++) {
            maxX = Math.max(maxX, x[i]);
            repeats += x[i];
            sumT += t[i];
        }
        if (repeats == 0) {
            throw new IllegalArgumentException("no repeat purchases: BG/NBD and MBG/NBD need customers who bought more"
                    + " than once");
        }
        final int shift = family instanceof MbgNbd ? 1 : 0;
        final int top = maxX;
        MultivariateFunction meanNegativeLl = theta -> {
            if (outOfBounds(theta)) {
                return Double.MAX_VALUE;
            }
            double r = Math.exp(theta[0]);
            double alpha = Math.exp(theta[1]);
            double a = Math.exp(theta[2]);
            double b = Math.exp(theta[3]);
            double[] common = new double[top + 1];
            double[] dropOut = new double[top + 1];
            boolean[] canDropOut = new boolean[top + 1];
            double lgR = Gamma.logGamma(r);
            double lbAB = Beta.logBeta(a, b);
            double lnAlpha = Math.log(alpha);
            double lnA = Math.log(a);
            for (int k = 0; k <= top; k++) {
                common[k] = Gamma.logGamma(r + k) - lgR + r * lnAlpha + Beta.logBeta(a, b + k + shift) - lbAB;
                canDropOut[k] = k + shift > 0;
                dropOut[k] = canDropOut[k] ? lnA - Math.log(b + k - 1 + shift) : 0;
            }
            double ll = parallel.sum(n, (from, to) -> {
                double s = 0;
                for (int i = from; i < to; i++) {
                    int k = x[i];
                    double lnT = Math.log(alpha + t[i]);
                    s += common[k] - (r + k) * lnT;
                    if (canDropOut[k]) {
                        double u = dropOut[k] + (r + k) * (lnT - Math.log(alpha + tx[i]));
                        s += u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
                    }
                }
                return s;
            });
            return Double.isFinite(ll) ? -ll / n : Double.MAX_VALUE;
        };
        // Start: r = 1 with the observed repeat rate (Σx/ΣT = r/α), a = b = 1 (a uniform drop-out prior).
        double alpha0 = Math.max(1e-6, sumT / repeats);
        Optimum best = minimize(meanNegativeLl, new double[] {0, Math.log(alpha0), 0, 0});
        double[] p = best.point();
        M model = (M) family.withParameters(Math.exp(p[0]), Math.exp(p[1]), Math.exp(p[2]), Math.exp(p[3]));
        return new Fit<>(model, -best.value() * n, n, best.evaluations());
    }

    /**
     * Fits Gamma-Gamma to the x ≥ 1 orders of mean value mₓ &gt; 0 of {@code n} customers.
     *
     * @throws IllegalArgumentException when fewer than two customers qualify
     */
    public static Fit<GammaGamma> fitGammaGamma(int[] x, double[] mx, int n, Parallel parallel) {
        int maxX = 0;
        double sumM = 0;
        for (int i = 0; i < n; i++) {
            if (x[i] < 1 || !(mx[i] > 0)) {
                throw new IllegalArgumentException("Gamma-Gamma needs x >= 1 and a positive mean value, customer " + i
                        + " has x=" + x[i] + ", m=" + mx[i]);
            }
            maxX = Math.max(maxX, x[i]);
            sumM += mx[i];
        }
        if (n < 2) {
            throw new IllegalArgumentException("Gamma-Gamma needs at least two customers with repeat orders");
        }
        double[] lnM = new double[n];
        double[] lnX = new double[maxX + 1];
        for (int i = 0; i < n; i++) {
            lnM[i] = Math.log(mx[i]);
        }
        for (int k = 1; k <= maxX; k++) {
            lnX[k] = Math.log(k);
        }
        final int top = maxX;
        MultivariateFunction meanNegativeLl = theta -> {
            if (outOfBounds(theta)) {
                return Double.MAX_VALUE;
            }
            double p = Math.exp(theta[0]);
            double q = Math.exp(theta[1]);
            double g = Math.exp(theta[2]);
            double[] perX = new double[top + 1];
            double constant = -Gamma.logGamma(q) + q * Math.log(g);
            for (int k = 1; k <= top; k++) {
                perX[k] = Gamma.logGamma(p * k + q) - Gamma.logGamma(p * k) + p * k * lnX[k] + constant;
            }
            double ll = parallel.sum(n, (from, to) -> {
                double s = 0;
                for (int i = from; i < to; i++) {
                    int k = x[i];
                    double pk = p * k;
                    s += perX[k] + (pk - 1) * lnM[i] - (pk + q) * Math.log(g + mx[i] * k);
                }
                return s;
            });
            return Double.isFinite(ll) ? -ll / n : Double.MAX_VALUE;
        };
        // Start: p = q = 2 with γ matching the observed mean order value (γp/(q−1) = mean).
        double mean = sumM / n;
        Optimum best = minimize(meanNegativeLl, new double[] {Math.log(2), Math.log(2), Math.log(Math.max(1e-6, mean / 2))});
        double[] p = best.point();
        return new Fit<>(new GammaGamma(Math.exp(p[0]), Math.exp(p[1]), Math.exp(p[2])), -best.value() * n, n,
                best.evaluations());
    }

    private record Optimum(double[] point, double value, int evaluations) {
    }

    private static Optimum minimize(MultivariateFunction f, double[] start) {
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-11, 1e-13);
        PointValuePair first = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), new ObjectiveFunction(f),
                GoalType.MINIMIZE, new InitialGuess(start), new NelderMeadSimplex(start.length, 0.5));
        int used = optimizer.getEvaluations();
        PointValuePair second = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), new ObjectiveFunction(f),
                GoalType.MINIMIZE, new InitialGuess(first.getPoint()), new NelderMeadSimplex(start.length, 0.1));
        PointValuePair best = second.getValue() <= first.getValue() ? second : first;
        return new Optimum(best.getPoint(), best.getValue(), used + optimizer.getEvaluations());
    }

    private static boolean outOfBounds(double[] theta) {
        for (double v : theta) {
            if (!(Math.abs(v) <= LOG_BOUND)) {
                return true;
            }
        }
        return false;
    }
}
