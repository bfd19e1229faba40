package dev.merchantry.plugins.profiling.clv;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
