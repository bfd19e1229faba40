package dev.merchantry.plugins.recommenders.als;

import dev.merchantry.plugins.recommenders.common.RatingMatrix;
import dev.merchantry.testkit.Fixtures;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImplicitAlsTrainerTest {

    private final RatingMatrix m = RatingMatrix.of(Fixtures.interactions(false, 9).interactions());

    @ParameterizedTest(name = "weighted λ: {0}")
    @ValueSource(booleans = {false, true})
    void conjugateGradientWithFactorsManyStepsSolvesTheNormalEquationsExactly(boolean weighted) {
        int f = 4;
        double reg = 0.5;
        double alpha = 2;
        ImplicitAlsTrainer t = new ImplicitAlsTrainer(m, f, reg, weighted, alpha, f, 3);
        double[] y = t.y.clone();
        t.solve(m.userPtr, m.userItems, m.userValues, t.y, m.items, t.x);
        // Hu, Koren & Volinsky 2008, eq. 4: x_u = (YᵀC^uY + λI)⁻¹ YᵀC^u p(u), built densely over all items and
        // solved by Commons Math's Cholesky decomposition; weighted-λ (Zhou et al. 2008) puts λ·n_u in place of λ.
        for (int u : new int[] {0, 7, 23}) {
            double[] c = new double[m.items];
            java.util.Arrays.fill(c, 1);
            double[] pref = new double[m.items];
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                c[m.userItems[k]] = 1 + alpha * m.userValues[k];
                pref[m.userItems[k]] = 1;
            }
            RealMatrix a = new Array2DRowRealMatrix(f, f);
            RealVector b = new ArrayRealVector(f);
            for (int i = 0; i < m.items; i++) {
                for (int r = 0; r < f; r++) {
                    b.addToEntry(r, c[i] * pref[i] * y[i * f + r]);
                    for (int s = 0; s < f; s++) {
                        a.addToEntry(r, s, c[i] * y[i * f + r] * y[i * f + s]);
                    }
                }
            }
            int n = m.userPtr[u + 1] - m.userPtr[u];
            for (int r = 0; r < f; r++) {
                a.addToEntry(r, r, weighted ? reg * Math.max(n, 1) : reg);
            }
            RealVector exact = new CholeskyDecomposition(a).getSolver().solve(b);
            for (int r = 0; r < f; r++) {
                assertEquals(exact.getEntry(r), t.x[u * f + r], 1e-8 * Math.max(1, Math.abs(exact.getEntry(r))));
            }
        }
    }

    @ParameterizedTest(name = "weighted λ: {0}")
    @ValueSource(booleans = {false, true})
    void everyIterationLowersTheObjective(boolean weighted) {
        ImplicitAlsTrainer t = new ImplicitAlsTrainer(m, 8, 0.1, weighted, 10, 3, 5);
        double previous = t.objective();
        for (int it = 0; it < 10; it++) {
            t.iterate();
            double objective = t.objective();
            assertTrue(objective <= previous * (1 + 1e-12), "iteration " + it + ": " + objective + " > " + previous);
            previous = objective;
        }
    }

    @Test
    void theObjectiveShortcutEqualsTheSumOverAllPairs() {
        ImplicitAlsTrainer t = new ImplicitAlsTrainer(m, 3, 0.2, false, 4, 3, 1);
        t.iterate();
        int f = 3;
        double direct = 0;
        for (int u = 0; u < m.users; u++) {
            for (int i = 0; i < m.items; i++) {
                double s = 0;
                for (int d = 0; d < f; d++) {
                    s += t.x[u * f + d] * t.y[i * f + d];
                }
                double c = 1;
                double p = 0;
                for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                    if (m.userItems[k] == i) {
                        c = 1 + 4 * m.userValues[k];
                        p = 1;
                    }
                }
                direct += c * (p - s) * (p - s);
            }
        }
        for (double v : t.x) {
            direct += 0.2 * v * v;
        }
        for (double v : t.y) {
            direct += 0.2 * v * v;
        }
        assertEquals(direct, t.objective(), 1e-9 * direct);
    }
}
