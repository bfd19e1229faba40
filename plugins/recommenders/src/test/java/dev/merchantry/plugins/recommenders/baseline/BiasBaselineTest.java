package dev.merchantry.plugins.recommenders.baseline;

import dev.merchantry.plugins.recommenders.TinyRatings;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alternating least squares for the biases on {@link TinyRatings} with λ_u = λ_i = 1, checked against a hand
 * computation (Python, the same sweeps written out):
 * <pre>
 *   mu = 24/7; sweep: b_i = Σ(r − μ − b_u)/(1 + n_i) for each item, then b_u = Σ(r − μ − b_i)/(1 + n_u)
 * </pre>
 */
class BiasBaselineTest {

    private static final double TOLERANCE = 1e-9;
    private final RatingMatrix m = RatingMatrix.of(TinyRatings.interactions());

    @Test
    void oneSweepMatchesTheHandComputation() {
        BiasBaseline b = BiasBaseline.fit(m, 1, 1, 1);
        assertEquals(24 / 7.0, b.mean, TOLERANCE);
        // b_a = (4 + 5 − 2μ)/3 = 0.714286; b_b = (2 + 1 + 4 − 3μ)/4 = −0.821429; b_c = (3 + 5 − 2μ)/3 = 0.380952
        assertEquals(0.7142857142857144, b.itemBias[0], TOLERANCE);
        assertEquals(-0.8214285714285713, b.itemBias[1], TOLERANCE);
        assertEquals(0.3809523809523811, b.itemBias[2], TOLERANCE);
        assertEquals(-0.25, b.userBias[0], TOLERANCE);
        assertEquals(-0.3898809523809524, b.userBias[1], TOLERANCE);
        assertEquals(0.861111111111111, b.userBias[2], TOLERANCE);
        assertEquals(6.029254062736206, b.objective(m, 1, 1), TOLERANCE);
        assertEquals(5.783160766671049, BiasBaseline.fit(m, 2, 1, 1).objective(m, 1, 1), TOLERANCE);
    }

    @Test
    void everySweepLowersTheObjective() {
        double previous = Double.POSITIVE_INFINITY;
        for (int epochs = 1; epochs <= 10; epochs++) {
            double objective = BiasBaseline.fit(m, epochs, 2, 3).objective(m, 2, 3);
            assertTrue(objective <= previous + 1e-12, "sweep " + epochs + " raised the objective");
            previous = objective;
        }
    }

    @Test
    void unknownUsersAndItemsContributeNoBias() {
        BiasBaseline b = BiasBaseline.fit(m, 3, 1, 1);
        assertEquals(b.mean + b.itemBias[2], b.predict(-1, 2), TOLERANCE);
        assertEquals(b.mean + b.userBias[0], b.predict(0, -1), TOLERANCE);
    }
}
