package dev.merchantry.plugins.profiling.clv;

import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gamma-Gamma with the CDNOW estimates of Fader &amp; Hardie's note (p = 6.25, q = 3.74, γ = 15.44); references
 * from {@code src/test/python/reference_values.py} (the note's equations 3 and 5 in 50-digit arithmetic), and an
 * independent quadrature over the customer's ν.
 */
class GammaGammaTest {

    private static final double CLOSED_FORM = 1e-10;

    private final GammaGamma m = GammaGamma.CDNOW;

    @Test
    void densityMatchesTheNote() {
        assertEquals(-4.1216651926127216, m.logLikelihood(2, 35.5), CLOSED_FORM);
        assertEquals(-3.4300296690664535, m.logLikelihood(10, 20), CLOSED_FORM);
        assertEquals(-7.5809285242610239, m.logLikelihood(1, 120), CLOSED_FORM);
    }

    @Test
    void conditionalMeanByHand() {
        // (γ + x m) p / (p x + q - 1) = (15.44 + 71) · 6.25 / (12.5 + 2.74) = 540.25 / 15.24 = 35.44947506...
        assertEquals(540.25 / 15.24, m.expectedOrderValue(2, 35.5), 1e-12);
        assertEquals(35.449475065616798, m.expectedOrderValue(2, 35.5), CLOSED_FORM);
        assertEquals(20.639178418148375, m.expectedOrderValue(10, 20), CLOSED_FORM);
        assertEquals(94.160177975528365, m.expectedOrderValue(1, 120), CLOSED_FORM);
        // x = 0: the population mean γp/(q-1) = 96.5 / 2.74
        assertEquals(96.5 / 2.74, m.expectedOrderValue(0, 0), 1e-12);
    }

    @Test
    void densityEqualsTheIntegralOverNu() {
        // x·m_x ~ Gamma(px, ν) given ν, so f(m_x | ν) = x · ν^{px} (x m_x)^{px-1} e^{-ν x m_x} / Γ(px); ν ~ Gamma(q, γ).
        int x = 3;
        double mx = 28;
        double px = m.p() * x;
        IterativeLegendreGaussIntegrator integrator = new IterativeLegendreGaussIntegrator(32, 1e-13, 1e-16);
        double density = integrator.integrate(1_000_000, nu -> {
            double logGivenNu = Math.log(x) + px * Math.log(nu) + (px - 1) * Math.log(x * mx) - nu * x * mx
                    - Gamma.logGamma(px);
            double logPrior = m.q() * Math.log(m.gamma()) + (m.q() - 1) * Math.log(nu) - m.gamma() * nu
                    - Gamma.logGamma(m.q());
            return Math.exp(logGivenNu + logPrior);
        }, 1e-9, 5);
        assertEquals(Math.log(density), m.logLikelihood(x, mx), 1e-8);
    }
}
