package dev.merchantry.plugins.pricing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** KL-UCB bounds and the inventory LP against hand-computed values. */
class BanditMathTest {

    private static final double LP_TOLERANCE = 1e-7;

    @Test
    void poissonKlUpperBoundSolvesTheDivergenceEquation() {
        // Mean 0: d(0, q) = q, so q = log(t) / n exactly: t = 100, n = 4 → 1.1512925465.
        assertEquals(Math.log(100) / 4, UcbPricing.klUpperBound(0, 4, 100), 1e-9);
        // Mean 2, n = 1, t = 50: q solves q − 2 + 2 ln(2/q) = ln 50; f(8) = −0.685, f(9) = +0.080, and bisection
        // of f in a Python shell (100 halvings of [8, 9]) gives q = 8.8972024320.
        double q = UcbPricing.klUpperBound(2, 1, 50);
        assertEquals(8.8972024320, q, 1e-8);
        assertEquals(Math.log(50), UcbPricing.poissonKl(2, q), 1e-9);
    }

    @Test
    void priceMixMatchesTheHandSolvedFerreiraLinearPrograms() {
        // Ferreira, Simchi-Levi and Wang (2018), §5: prices 29.9, 34.9, 39.9, 44.9, purchase probabilities 0.8, 0.6,
        // 0.3, 0.1. Inventory 0.25 per period: vertices of {0.3 x3 + 0.1 x4 = 0.25, x3 + x4 = 1} give x3 = 0.75,
        // x4 = 0.25, revenue 10.1, better than 39.9 alone (9.975) or 34.9/44.9 (9.425).
        double[] price = {29.9, 34.9, 39.9, 44.9};
        double[] theta = {0.8, 0.6, 0.3, 0.1};
        assertArrayEquals(new double[] {0, 0, 0.75, 0.25}, InventoryPricing.priceMix(price, theta, 0.25), LP_TOLERANCE);
        // Inventory 0.5 per period: 34.9 and 39.9 with 0.6 x2 + 0.3 x3 = 0.5, x2 + x3 = 1 → x2 = 2/3, x3 = 1/3,
        // revenue 17.95 (vs 17.65 for 34.9/44.9, 17.45 for 34.9 alone, 16.75 for 29.9/39.9).
        assertArrayEquals(new double[] {0, 2.0 / 3, 1.0 / 3, 0}, InventoryPricing.priceMix(price, theta, 0.5), LP_TOLERANCE);
        // Plenty of inventory: the revenue-best single price, 29.9 (23.92 per period).
        assertArrayEquals(new double[] {1, 0, 0, 0}, InventoryPricing.priceMix(price, theta, 5), LP_TOLERANCE);
    }
}
