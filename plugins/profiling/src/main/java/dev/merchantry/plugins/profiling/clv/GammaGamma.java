package dev.merchantry.plugins.profiling.clv;

import org.apache.commons.math3.special.Gamma;

/**
 * The Gamma-Gamma spend model (Fader &amp; Hardie, "The Gamma-Gamma Model of Monetary Value", 2013 note; Colombo
 * &amp; Jiang 1999): a customer's order values are i.i.d. Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, so
 * her mean order value is E[Z] = p/ν, independent of how often she buys. A customer's data is (x, mₓ): the number
 * of (repeat) orders and their mean value.
 *
 * @param p Gamma shape of one order's value
 * @param q Gamma shape of ν across customers
 * @param gamma Gamma rate of ν (in money units)
 */
public record GammaGamma(double p, double q, double gamma) {

    /** The note's estimates on the CDNOW data: p = 6.25, q = 3.74, γ = 15.44. */
    public static final GammaGamma CDNOW = new GammaGamma(6.25, 3.74, 15.44);

    public GammaGamma {
        if (!(p > 0 && q > 0 && gamma > 0) || !Double.isFinite(p + q + gamma)) {
            throw new IllegalArgumentException("Gamma-Gamma parameters must be positive and finite: p=" + p + ", q=" + q
                    + ", gamma=" + gamma);
        }
    }

    /**
     * ln f(mₓ | p, q, γ; x), the density of a customer's mean order value (equation (3) of the note):
     * Γ(px+q)/(Γ(px)Γ(q)) · γ^q mₓ^(px−1) x^(px) / (γ + x mₓ)^(px+q).
     */
    public double logLikelihood(int x, double mx) {
        double px = p * x;
        return Gamma.logGamma(px + q) - Gamma.logGamma(px) - Gamma.logGamma(q) + q * Math.log(gamma)
                + (px - 1) * Math.log(mx) + px * Math.log(x) - (px + q) * Math.log(gamma + mx * x);
    }

    /**
     * E[M | p, q, γ, mₓ, x] = (γ + x mₓ) p / (p x + q − 1), equation (5): a weighted mean of the population mean
     * γp/(q−1) and the customer's own mean mₓ; the population mean for x = 0. Needs q &gt; 1.
     */
    public double expectedOrderValue(int x, double mx) {
        if (x == 0) {
            return populationMean();
        }
        return (gamma + x * mx) * p / (p * x + q - 1);
    }

    /** γp/(q−1), the mean order value across customers; +∞ when q ≤ 1 (the mean does not exist). */
    public double populationMean() {
        return q > 1 ? gamma * p / (q - 1) : Double.POSITIVE_INFINITY;
    }
}
