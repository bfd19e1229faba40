package dev.merchantry.plugins.profiling.clv;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ₂F₁ against closed forms (Abramowitz &amp; Stegun 15.1.3 and 15.1.8). */
class HypergeometricTest {

    private static final double TOLERANCE = 1e-13;

    @Test
    void logarithmClosedForm() {
        // A&S 15.1.3: 2F1(1, 1; 2; z) = -ln(1 - z) / z
        for (double z : new double[] {0.01, 0.3, 0.75, 0.95}) {
            assertEquals(-Math.log1p(-z) / z, Hypergeometric.hyp2f1(1, 1, 2, z), TOLERANCE * 10);
        }
    }

    @Test
    void binomialClosedForm() {
        // A&S 15.1.8: 2F1(a, b; b; z) = (1 - z)^(-a)
        for (double z : new double[] {0.0, 0.2, 0.6, 0.9}) {
            assertEquals(Math.pow(1 - z, -2.7), Hypergeometric.hyp2f1(2.7, 1.3, 1.3, z), 1e-11);
        }
    }

    @Test
    void outsideTheDomainIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.hyp2f1(1, 1, 2, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.hyp2f1(1, 1, -1, 0.5));
    }

    @Test
    void negativeNonIntegerCIsSummedToo() {
        // A&S 15.1.8 again with c = b < 0: 2F1(a, -0.3; -0.3; z) = (1 - z)^(-a)
        assertEquals(Math.pow(1 - 0.4, -1.7), Hypergeometric.hyp2f1(1.7, -0.3, -0.3, 0.4), 1e-12);
        // BG/NBD with a + b < 1 and x = 0 (c = a+b-1 = -0.3): equation (10) must still evaluate, and agree with
        // a slightly perturbed a (continuity in the parameters).
        BgNbd m = new BgNbd(0.5, 3, 0.2, 0.5);
        double e = m.expectedPurchases(13, 0, 0, 20);
        assertTrue(e > 0 && Double.isFinite(e), "E[Y] = " + e);
        assertEquals(new BgNbd(0.5, 3, 0.2 + 1e-7, 0.5).expectedPurchases(13, 0, 0, 20), e, 1e-5);
    }
}
