package dev.merchantry.plugins.profiling.clv;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way: An Alternative to the
 * Pareto/NBD Model", Marketing Science 24(2): while alive a customer buys as a Poisson process with rate λ ~
 * Gamma(r, α); after each repeat purchase she drops out with probability p ~ Beta(a, b). A customer's data is
 * (x, tₓ, T): x repeat purchases, the last at tₓ, observed for T since her first purchase (one time unit for all).
 *
 * @param r Gamma shape of the purchase rate
 * @param alpha Gamma rate (scale of time) of the purchase rate
 * @param a Beta parameter of the drop-out probability
 * @param b Beta parameter of the drop-out probability
 */
public record BgNbd(double r, double alpha, double a, double b) implements RepeatPurchaseModel {

    /** The paper's estimates on the CDNOW calibration data (weeks): r = 0.243, α = 4.414, a = 0.793, b = 2.426. */
    public static final BgNbd CDNOW = new BgNbd(0.243, 4.414, 0.793, 2.426);

    public BgNbd {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || !Double.isFinite(r + alpha + a + b)) {
            throw new IllegalArgumentException("BG/NBD parameters must be positive and finite: r=" + r + ", alpha="
                    + alpha + ", a=" + a + ", b=" + b);
        }
    }

    /** ln L(r, α, a, b | x, tₓ, T), equation (6) of the paper, evaluated in log space. */
    @Override
    public double logLikelihood(int x, double tx, double t) {
        double common = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha)
                + Beta.logBeta(a, b + x) - Beta.logBeta(a, b);
        return common - (r + x) * Math.log(alpha + t) + (x > 0 ? dropOutTerm(x, tx, t) : 0);
    }

    /**
     * ln(1 + a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x)): the second term of equation (6) relative to the first
     * (B(a+1, b+x−1)/B(a, b+x) = a/(b+x−1)); computed without overflow.
     */
    double dropOutTerm(int x, double tx, double t) {
        return RepeatPurchaseModel.log1pExp(logOddsDead(x, tx, t));
    }

    private double logOddsDead(int x, double tx, double t) {
        return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + t) - Math.log(alpha + tx));
    }

    /**
     * P(alive | x, tₓ, T), equation (11): 1 / (1 + δ(x&gt;0) a/(b+x−1) ((α+T)/(α+tₓ))^(r+x)). A customer without
     * repeat purchases has had no drop-out opportunity, so she is alive with probability 1 however long ago she
     * bought: use {@link MbgNbd} where that matters.
     */
    @Override
    public double probabilityAlive(int x, double tx, double t) {
        return x == 0 ? 1.0 : RepeatPurchaseModel.logistic(logOddsDead(x, tx, t));
    }

    /**
     * E[Y(τ) | x, tₓ, T], the expected number of purchases in the next τ, equation (10):
     * <pre>
     *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+τ))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; τ/(α+T+τ))] · P(alive)
     * </pre>
     * summed as {@link RepeatPurchaseModel#purchasesWhileAlive} explains.
     */
    @Override
    public double expectedPurchases(double tau, int x, double tx, double t) {
        if (tau <= 0) {
            return 0;
        }
        return RepeatPurchaseModel.purchasesWhileAlive(r, alpha, a, b, x, t, tau) * probabilityAlive(x, tx, t);
    }

    /** E[X(t)] for a randomly chosen new customer, equation (9); used to check simulations. */
    @Override
    public double expectedPurchasesOfNewCustomer(double t) {
        double aa = Math.abs(a - 1) < 1e-7 ? 1 + 1e-7 : a;
        double z = t / (alpha + t);
        return (aa + b - 1) / (aa - 1) * (1 - Math.pow(alpha / (alpha + t), r) * Hypergeometric.hyp2f1(r, b, aa + b - 1, z));
    }

    @Override
    public BgNbd withParameters(double r, double alpha, double a, double b) {
        return new BgNbd(r, alpha, a, b);
    }
}
