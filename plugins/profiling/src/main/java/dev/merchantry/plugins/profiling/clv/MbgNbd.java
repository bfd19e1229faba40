package dev.merchantry.plugins.profiling.clv;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The MBG/NBD model of Batislam, Denizel &amp; Filiztekin (2007), "Empirical validation and comparison of models for
 * customer base analysis", International Journal of Research in Marketing 24(3): BG/NBD in which a customer may
 * also drop out right after her first purchase, so every purchase (not only every repeat purchase) is followed by a
 * drop-out opportunity with probability p ~ Beta(a, b). Consequences: a one-time buyer is not alive with certainty,
 * and her probability of being alive falls as the time since her purchase grows, as a merchant expects.
 *
 * <p>Relative to BG/NBD, a customer alive at T has survived x + 1 opportunities instead of x, so her posterior drop-out
 * probability is Beta(a, b+x+1) instead of Beta(a, b+x): every expression is BG/NBD's with b+1 for b, and the
 * drop-out term also applies at x = 0.
 *
 * @param r Gamma shape of the purchase rate
 * @param alpha Gamma rate (scale of time) of the purchase rate
 * @param a Beta parameter of the drop-out probability
 * @param b Beta parameter of the drop-out probability
 */
public record MbgNbd(double r, double alpha, double a, double b) implements RepeatPurchaseModel {

    /**
     * Estimates on the CDNOW calibration data (weeks): r = 0.525, α = 6.183, a = 0.891, b = 1.614, as fitted by
     * BTYDplus's {@code mbgcnbd.EstimateParameters} (k = 1) and reproduced by the {@code lifetimes} package's
     * {@code test_params_out_is_close_to_BTYDplus} to three decimals.
     */
    public static final MbgNbd CDNOW = new MbgNbd(0.525, 6.183, 0.891, 1.614);

    public MbgNbd {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || !Double.isFinite(r + alpha + a + b)) {
            throw new IllegalArgumentException("MBG/NBD parameters must be positive and finite: r=" + r + ", alpha="
                    + alpha + ", a=" + a + ", b=" + b);
        }
    }

    /**
     * ln L(r, α, a, b | x, tₓ, T), the likelihood of Batislam et al. (2007):
     * <pre>
     *   L = B(a, b+x+1)/B(a, b) · Γ(r+x)αʳ/Γ(r) · [ (α+T)^−(r+x) + a/(b+x) · (α+tₓ)^−(r+x) ]
     * </pre>
     * (alive at T after x+1 survived opportunities, or dead right after the purchase at tₓ, with tₓ = 0 if x = 0;
     * B(a+1, b+x)/B(a, b+x+1) = a/(b+x)), evaluated in log space.
     */
    @Override
    public double logLikelihood(int x, double tx, double t) {
        double common = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha)
                + Beta.logBeta(a, b + x + 1) - Beta.logBeta(a, b);
        return common - (r + x) * Math.log(alpha + t) + RepeatPurchaseModel.log1pExp(logOddsDead(x, tx, t));
    }

    private double logOddsDead(int x, double tx, double t) {
        return Math.log(a) - Math.log(b + x) + (r + x) * (Math.log(alpha + t) - Math.log(alpha + tx));
    }

    /**
     * P(alive | x, tₓ, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+tₓ))^(r+x)), for every x: a one-time buyer (x = 0, tₓ = 0)
     * has 1 / (1 + a/b · ((α+T)/α)^r), which falls as T grows.
     */
    @Override
    public double probabilityAlive(int x, double tx, double t) {
        return RepeatPurchaseModel.logistic(logOddsDead(x, tx, t));
    }

    /**
     * E[Y(τ) | x, tₓ, T] = (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+τ))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; τ/(α+T+τ))] ·
     * P(alive): BG/NBD's eq. (10) with b+1 for b and this model's P(alive).
     */
    @Override
    public double expectedPurchases(double tau, int x, double tx, double t) {
        if (tau <= 0) {
            return 0;
        }
        return RepeatPurchaseModel.purchasesWhileAlive(r, alpha, a, b + 1, x, t, tau) * probabilityAlive(x, tx, t);
    }

    /**
     * E[X(t)] = b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))]: a new customer survives her first purchase
     * with probability b/(a+b) and then buys as a BG/NBD customer with drop-out Beta(a, b+1).
     */
    @Override
    public double expectedPurchasesOfNewCustomer(double t) {
        return b / (a + b) * RepeatPurchaseModel.purchasesWhileAlive(r, alpha, a, b + 1, 0, 0, t);
    }

    @Override
    public MbgNbd withParameters(double r, double alpha, double a, double b) {
        return new MbgNbd(r, alpha, a, b);
    }
}
