package dev.merchantry.plugins.recommenders.ease;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyException;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;
import dev.merchantry.testkit.Fixtures;
import dev.merchantry.testkit.OfflineContext;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EaseSolverTest {

    private static final double TOLERANCE = 1e-9;

    @Test
    void closedFormEqualsAColumnByColumnRidgeRegressionWithZeroDiagonal() {
        RatingMatrix m = RatingMatrix.of(Fixtures.interactions(false, 4).interactions());
        int n = m.items;
        int[] items = new int[n];
        for (int i = 0; i < n; i++) {
            items[i] = i;
        }
        double lambda = 7;
        double[] b = EaseSolver.weights(m, items, lambda, OfflineContext.create(), ProgressListener.NONE);
        // Steck 2019, eq. 1 with diag(B) = 0 is, for each column j, a ridge regression of X_j on the other
        // columns: B_{−j,j} = (X_{−j}ᵀX_{−j} + λI)⁻¹ X_{−j}ᵀ X_j. Solved here with Commons Math's LU.
        double[][] x = new double[m.users][n];
        for (int u = 0; u < m.users; u++) {
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                x[u][m.userItems[k]] = 1;
            }
        }
        for (int j : new int[] {0, 5, n - 1}) {
            RealMatrix a = new Array2DRowRealMatrix(n - 1, n - 1);
            RealVector rhs = new ArrayRealVector(n - 1);
            for (int r = 0, ri = 0; r < n; r++) {
                if (r == j) {
                    continue;
                }
                for (int s = 0, si = 0; s < n; s++) {
                    if (s == j) {
                        continue;
                    }
                    double g = 0;
                    for (double[] row : x) {
                        g += row[r] * row[s];
                    }
                    a.setEntry(ri, si, g + (r == s ? lambda : 0));
                    si++;
                }
                double g = 0;
                for (double[] row : x) {
                    g += row[r] * row[j];
                }
                rhs.setEntry(ri, g);
                ri++;
            }
            RealVector column = new LUDecomposition(a).getSolver().solve(rhs);
            for (int r = 0, ri = 0; r < n; r++) {
                if (r == j) {
                    assertEquals(0, b[r * n + j], 0);
                    continue;
                }
                assertEquals(column.getEntry(ri++), b[r * n + j], TOLERANCE);
            }
        }
    }

    @Test
    void refusesCatalogsAboveMaxItemsWithAClearMessage() {
        EaseRecommender ease = new EaseRecommender();
        StrategyException e = assertThrows(StrategyException.class, () -> ease.fit(Fixtures.interactions(false, 1),
                ease.descriptor().configSpec().parse(Map.of("max_items", 10)), OfflineContext.at(Fixtures.AS_OF),
                ProgressListener.NONE));
        assertTrue(e.getMessage().contains("max_items=10"), e.getMessage());
    }
}
