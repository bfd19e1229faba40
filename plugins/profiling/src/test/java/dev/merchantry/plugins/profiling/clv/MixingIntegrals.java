package dev.merchantry.plugins.profiling.clv;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

import java.util.function.DoubleUnaryOperator;

/**
 * Integrals over the mixing distributions of the BG/NBD family, the independent route by which the tests check the
 * closed forms: the individual-level model integrated numerically.
 */
final class MixingIntegrals {

    private MixingIntegrals() {
    }

    /** Step and half-width of the tanh-sinh rule: 1,281 nodes; halving the step changes no result by 1e-14. */
    private static final double STEP = 1.0 / 128;
    private static final double HALF_WIDTH = 5;

    /**
     * ∫₀¹ h(p) Beta(a, b) density dp by the tanh-sinh (double-exponential) rule of Takahasi &amp; Mori (1974):
     * p = 1/(1 + e^{−π sinh t}), so dp = p(1−p) π cosh t dt and the weights vanish double-exponentially at both
     * ends, which absorbs the p^{a−1} and (1−p)^{b−1} singularities (and those h brings) without a substitution
     * tailored to each exponent. Log p and log(1−p) are taken from t directly, so neither end loses digits.
     */
    static double overBeta(double a, double b, DoubleUnaryOperator h) {
        double logB = Beta.logBeta(a, b);
        double sum = 0;
        int n = (int) Math.round(HALF_WIDTH / STEP);
        for (int k = -n; k <= n; k++) {
            double t = k * STEP;
            double s = Math.PI * Math.sinh(t);
            double logP = -Math.log1p(Math.exp(-s));
            double logQ = -Math.log1p(Math.exp(s));
            double p = Math.exp(logP);
            double weight = Math.exp(a * logP + b * logQ - logB) * Math.PI * Math.cosh(t);
            if (weight > 0) {
                sum += h.applyAsDouble(p) * weight;
            }
        }
        return sum * STEP;
    }

    /** Γ(r+x)αʳ/Γ(r): the λ-integral ∫ λ^x e^{−λs} Gamma(r, α) dλ is this times (α+s)^−(r+x). */
    static double gammaMoment(double r, double alpha, int x) {
        return Math.exp(Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha));
    }
}
