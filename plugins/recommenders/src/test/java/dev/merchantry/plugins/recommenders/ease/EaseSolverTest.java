package dev.merchantry.plugins.recommenders.ease;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
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
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    @Test
    void blockedInversionEqualsTheScalarGaussJordanAndDoesNotDependOnThreads() {
        Random random = new Random(29);
        // Sizes around and between multiples of the block, with sparse and dense rows as in Gram matrices.
        for (int n : new int[] {1, 7, EaseSolver.BLOCK - 1, EaseSolver.BLOCK + 1, 130, 301}) {
            double[] g = randomGram(n, random);
            double[] reference = g.clone();
            EaseSolver.invertScalar(reference, n);
            // Only the upper triangle is read (the Gram matrix is built as such).
            double[] twoThreads = g.clone();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    twoThreads[i * n + j] = Double.NaN;
                }
            }
            EaseSolver.invertInPlace(twoThreads, n, OfflineContext.create(), ProgressListener.NONE);
            double[] oneThread = g.clone();
            EaseSolver.invertInPlace(oneThread, n, new OneThread(), ProgressListener.NONE);
            assertArrayEquals(twoThreads, oneThread, 0, "n=" + n + ": 1 and several threads");
            double scale = 0;
            for (double v : reference) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < n * n; k++) {
                assertEquals(reference[k], twoThreads[k], 1e-9 * scale, "n=" + n + " entry " + k);
            }
            // And it is an inverse: G·P = I.
            for (int i = 0; i < n; i += Math.max(1, n / 13)) {
                for (int j = 0; j < n; j++) {
                    double v = 0;
                    for (int s = 0; s < n; s++) {
                        v += g[i * n + s] * twoThreads[s * n + j];
                    }
                    assertEquals(i == j ? 1 : 0, v, 1e-9, "n=" + n + " (G·P)[" + i + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void smallBlocksGiveTheSameInverse() {
        int n = 301;
        double[] g = randomGram(n, new Random(7));
        double[] reference = g.clone();
        EaseSolver.invertScalar(reference, n);
        for (int block : new int[] {1, 3, 4, 5, 32, 300, 301, 400}) {
            double[] p = g.clone();
            EaseSolver.invertBlocked(p, n, block, OfflineContext.create(), ProgressListener.NONE);
            for (int k = 0; k < n * n; k++) {
                assertEquals(reference[k], p[k], 1e-9 * Math.abs(reference[n * (k / n) + k / n]),
                        "block " + block + " entry " + k);
            }
        }
    }

    @Test
    void aMatrixThatIsNotPositiveDefiniteIsRefused() {
        double[] a = {1, 2, 2, 1};
        assertThrows(IllegalStateException.class,
                () -> EaseSolver.invertInPlace(a, 2, OfflineContext.create(), ProgressListener.NONE));
    }

    /** XᵀX + λI for a random binary X with a few users per item, some items popular: symmetric positive-definite. */
    private static double[] randomGram(int n, Random random) {
        int users = 3 * n + 20;
        double[] g = new double[n * n];
        int[] basket = new int[n];
        for (int u = 0; u < users; u++) {
            int size = 0;
            for (int i = 0; i < n; i++) {
                if (random.nextDouble() < (i % 5 == 0 ? 0.3 : 0.02)) {
                    basket[size++] = i;
                }
            }
            for (int x = 0; x < size; x++) {
                for (int y = 0; y < size; y++) {
                    g[basket[x] * n + basket[y]] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += 1 + 4 * random.nextDouble();
        }
        return g;
    }

    /** The offline context on its calling thread only. */
    private static final class OneThread implements StrategyContext {
        private final OfflineContext inner = OfflineContext.create();

        @Override
        public String shopId() {
            return inner.shopId();
        }

        @Override
        public java.time.Clock clock() {
            return inner.clock();
        }

        @Override
        public org.slf4j.Logger logger() {
            return inner.logger();
        }

        @Override
        public dev.merchantry.api.StrategyMetrics metrics() {
            return inner.metrics();
        }

        @Override
        public dev.merchantry.api.StrategyClient strategies() {
            return inner.strategies();
        }
    }
}
