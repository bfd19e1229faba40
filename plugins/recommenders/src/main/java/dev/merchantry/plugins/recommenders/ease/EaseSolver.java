package dev.merchantry.plugins.recommenders.ease;

import dev.merchantry.api.Parallel;
import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.plugins.recommenders.common.CommonKeys;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;

/** The closed-form EASE weights for the items with at least one interaction. */
final class EaseSolver {

    private EaseSolver() {
    }

    /**
     * Returns B (n×n, row-major) for the binarised matrix restricted to {@code items} (compact index → item index).
     * Rows of B are source items: score_j = Σ_{i ∈ I(u)} B[i][j].
     */
    static double[] weights(RatingMatrix m, int[] items, double lambda, StrategyContext context,
                            ProgressListener progress) {
        int n = items.length;
        int[] compact = new int[m.items];
        java.util.Arrays.fill(compact, -1);
        for (int c = 0; c < n; c++) {
            compact[items[c]] = c;
        }
        double[] g = new double[n * n];
        for (int u = 0; u < m.users; u++) {
            for (int a = m.userPtr[u]; a < m.userPtr[u + 1]; a++) {
                int i = compact[m.userItems[a]];
                for (int b = m.userPtr[u]; b < m.userPtr[u + 1]; b++) {
                    g[i * n + compact[m.userItems[b]]] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += lambda;
        }
        invertInPlace(g, n, context, progress);
        // B = I − P·diag(1/diag(P)): B_ij = −P_ij / P_jj, zero diagonal.
        double[] diag = new double[n];
        for (int j = 0; j < n; j++) {
            diag[j] = g[j * n + j];
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g[i * n + j] = i == j ? 0 : -g[i * n + j] / diag[j];
            }
        }
        return g;
    }

    /**
     * Gauss–Jordan inversion without pivoting, valid for symmetric positive-definite matrices (every pivot is a
     * positive Schur complement). n³ multiply-adds in row operations that the JIT vectorises; rows are updated in
     * parallel, each row by one thread, so the result does not depend on scheduling.
     */
    static void invertInPlace(double[] a, int n, StrategyContext context, ProgressListener progress) {
        int step = Math.max(1, n / 50);
        for (int k = 0; k < n; k++) {
            if (k % step == 0) {
                CommonKeys.checkCancelled(progress);
                progress.progress(0.05 + 0.9 * k / n, "inverting the item Gram matrix " + k + "/" + n);
            }
            final int pivotRow = k * n;
            double pivot = a[pivotRow + k];
            if (!(pivot > 0)) {
                throw new IllegalStateException("Gram matrix is not positive definite (pivot " + pivot + ")");
            }
            a[pivotRow + k] = 1;
            double inv = 1 / pivot;
            for (int j = 0; j < n; j++) {
                a[pivotRow + j] *= inv;
            }
            final int kk = k;
            // Rows are independent: chunks of rows on the call's executor.
            Parallel.forRange(context, n, n >= 256 ? context.parallelism() * 4 : 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    if (i == kk) {
                        continue;
                    }
                    int row = i * n;
                    double factor = a[row + kk];
                    if (factor == 0) {
                        continue;
                    }
                    a[row + kk] = 0;
                    for (int j = 0; j < n; j++) {
                        a[row + j] -= factor * a[pivotRow + j];
                    }
                }
            });
        }
    }
}
