package dev.merchantry.plugins.profiling.clv;

/** The Gaussian hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z &lt; 1, summed as its power series. */
public final class Hypergeometric {

    /** Terms summed at most; the series used by {@link BgNbd} converges in far fewer (see its Euler transform). */
    static final int MAX_TERMS = 100_000;
    private static final double RELATIVE_TOLERANCE = 1e-15;

    private Hypergeometric() {
    }

    /**
     * ₂F₁(a, b; c; z) = Σₙ (a)ₙ (b)ₙ / (c)ₙ zⁿ / n! (Abramowitz &amp; Stegun 15.1.1), for 0 ≤ z &lt; 1 and c not
     * 0, −1, −2, … (BG/NBD needs c = a+b+x−1, which is negative when a + b &lt; 1 and x = 0).
     *
     * @throws IllegalArgumentException outside that domain
     * @throws ArithmeticException when the series has not converged after {@link #MAX_TERMS} terms
     */
    public static double hyp2f1(double a, double b, double c, double z) {
        return hyp2f1(a, b, c, z, MAX_TERMS);
    }

    /** Terms a caller that has a second way to the same value spends before giving up on this one. */
    static final int QUICK_TERMS = 10_000;

    /**
     * {@link #hyp2f1(double, double, double, double)} summing at most {@code maxTerms} terms.
     *
     * @throws ArithmeticException when the series has not converged after {@code maxTerms} terms
     */
    public static double hyp2f1(double a, double b, double c, double z, int maxTerms) {
        if (!(z >= 0 && z < 1) || !Double.isFinite(c) || (c <= 0 && c == Math.rint(c))) {
            throw new IllegalArgumentException("hyp2f1 needs 0 <= z < 1 and c not in 0, -1, -2, ..., got c=" + c
                    + ", z=" + z);
        }
        double term = 1;
        double sum = 1;
        for (int n = 0; n < maxTerms; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            // Stop once terms are negligible and shrinking (early terms may grow when a·b·z > c).
            if (Math.abs(term) <= RELATIVE_TOLERANCE * Math.abs(sum) && Math.abs((a + n + 1) * (b + n + 1)) * z < Math.abs(c + n + 1) * (n + 2)) {
                return sum;
            }
            if (term == 0) {
                return sum;
            }
        }
        throw new ArithmeticException("hyp2f1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge in "
                + maxTerms + " terms");
    }
}
