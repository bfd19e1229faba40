package dev.merchantry.plugins.profiling.clv;

/**
 * A model of repeat purchases with drop-out in the BG/NBD family: while alive a customer buys as a Poisson process
 * with rate λ ~ Gamma(r, α), and at each drop-out opportunity she leaves with probability p ~ Beta(a, b). The
 * members differ in where those opportunities are: {@link BgNbd} after each repeat purchase only, {@link MbgNbd}
 * also right after the first purchase, so a one-time buyer can be gone. A customer's data is (x, tₓ, T): x repeat
 * purchases, the last at tₓ, observed for T since her first purchase.
 */
public sealed interface RepeatPurchaseModel permits BgNbd, MbgNbd {

    double r();

    double alpha();

    double a();

    double b();

    /** ln L(r, α, a, b | x, tₓ, T). */
    double logLikelihood(int x, double tx, double t);

    /** P(alive at T | x, tₓ, T); churn risk is its complement. */
    double probabilityAlive(int x, double tx, double t);

    /** E[Y(τ) | x, tₓ, T], the expected number of purchases in the next τ. */
    double expectedPurchases(double tau, int x, double tx, double t);

    /** E[X(t)] for a randomly chosen new customer. */
    double expectedPurchasesOfNewCustomer(double t);

    /** The same family with other parameters (used by the fitter). */
    RepeatPurchaseModel withParameters(double r, double alpha, double a, double b);

    /**
     * ln(1 + ratio · ((α+T)/(α+tₓ))^(r+x)) for the log of the ratio: the drop-out term of both likelihoods relative
     * to their "still alive" term, computed without overflow.
     */
    static double log1pExp(double u) {
        return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
    }

    /** 1 / (1 + e^u) without overflow: P(alive) from the log of its odds against. */
    static double logistic(double u) {
        return u > 0 ? Math.exp(-u) / (1 + Math.exp(-u)) : 1 / (1 + Math.exp(u));
    }

    /**
     * The bracket of the conditional expectation given alive, shared by the family:
     * <pre>
     *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+τ))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)],   z = τ/(α+T+τ)
     * </pre>
     * (BG/NBD eq. 10 without its P(alive) factor; MBG/NBD is the same with b+1 for b). The ₂F₁ is first summed after
     * Euler's transformation ₂F₁(A,B;C;z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z) (A&amp;S 15.3.3), which turns the
     * bracket into 1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z): its terms do not grow with x, so frequent buyers
     * neither overflow nor need thousands of terms. That series needs about a·z/(1−z) terms, so when a is huge (small
     * shops fit a, b → ∞: a drop-out probability that is the same for everyone) the untransformed series is summed
     * instead, whose terms then shrink at once. At a = 1 the factor (a+b+x−1)/(a−1) is singular while the bracket
     * vanishes; a is then moved by 1e-7 (the limit is continuous).
     *
     * @throws ArithmeticException when neither series converges
     */
    static double purchasesWhileAlive(double r, double alpha, double a, double b, int x, double t, double tau) {
        if (tau <= 0) {
            return 0;
        }
        double aa = Math.abs(a - 1) < 1e-7 ? 1 + 1e-7 : a;
        double z = tau / (alpha + t + tau);
        double oneMinusZ = (alpha + t) / (alpha + t + tau);
        double c = aa + b + x - 1;
        double bracket;
        try {
            bracket = 1 - Math.pow(oneMinusZ, aa - 1)
                    * Hypergeometric.hyp2f1(aa + b - 1 - r, aa - 1, c, z, Hypergeometric.QUICK_TERMS);
        } catch (ArithmeticException slow) {
            bracket = 1 - Math.pow(oneMinusZ, r + x) * Hypergeometric.hyp2f1(r + x, b + x, c, z);
        }
        return c / (aa - 1) * bracket;
    }
}
