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
        // XᵀX, upper triangle only: the inversion reads no more.
        double[] g = new double[n * n];
        for (int u = 0; u < m.users; u++) {
            for (int a = m.userPtr[u]; a < m.userPtr[u + 1]; a++) {
                int i = compact[m.userItems[a]];
                for (int b = a; b < m.userPtr[u + 1]; b++) {
                    int j = compact[m.userItems[b]];
                    g[Math.min(i, j) * n + Math.max(i, j)] += 1;
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

    /** Pivots per panel of the blocked inversion. */
    static final int BLOCK = 64;
    /** Columns per tile of the trailing update: the panel's tile (BLOCK × TILE doubles) stays in L2 cache. */
    static final int TILE = 256;

    /**
     * Inverts the symmetric positive-definite n×n matrix {@code a} (row-major; only its upper triangle is read, the
     * whole inverse is written) in place by Gauss–Jordan without pivoting (every pivot is a positive Schur
     * complement), blocked and on the upper triangle.
     *
     * <p>Pivots are taken {@link #BLOCK} at a time. For panel K with D = A_KK⁻¹ the in-place sweep is
     * A_Kj ← D·A_Kj, A_ij ← A_ij − A_iK·A_Kj (new A_Kj), A_iK ← −A_iK·D, A_KK ← D (i, j ∉ K), the same as |K|
     * scalar sweeps. With S the pivots already swept, the swept matrix stays symmetric within S×S and within the
     * rest, and antisymmetric across (A_jK = −A_Kjᵀ for j ∈ S), so only the upper triangle is kept up to date
     * (half the work); the lower one is filled in at the end. Each row is streamed once per panel, tile by tile,
     * with eight panel rows per pass and two rows at a time sharing the panel's loads. Rows are updated in
     * parallel, each by one thread with the same expression per element whatever the grouping, so the result
     * does not depend on the number of threads or on scheduling.
     */
    static void invertInPlace(double[] a, int n, StrategyContext context, ProgressListener progress) {
        invertBlocked(a, n, BLOCK, context, progress);
    }

    static void invertBlocked(double[] a, int n, int block, StrategyContext context, ProgressListener progress) {
        double[] panel = new double[Math.min(block, n) * n];
        int chunks = n >= 256 ? context.parallelism() * 4 : 1;
        int reported = -1;
        for (int k0 = 0; k0 < n; k0 += block) {
            // Panels cost about the same, so k0/n is the share of the work done.
            int percent = (int) (50L * k0 / n);
            if (percent != reported) {
                reported = percent;
                CommonKeys.checkCancelled(progress);
                progress.progress(0.05 + 0.9 * k0 / n, "inverting the item Gram matrix " + k0 + "/" + n);
            }
            final int b = Math.min(block, n - k0);
            final int from = k0;
            final int to = k0 + b;
            double[] d = new double[b * b];
            for (int r = 0; r < b; r++) {
                for (int c = r; c < b; c++) {
                    d[r * b + c] = a[(k0 + r) * n + k0 + c];
                    d[c * b + r] = d[r * b + c];
                }
            }
            invertSmall(d, b);
            // The panel: new A_Kj for every j outside K, row s at panel[s·n].
            Parallel.forRange(context, n, chunks, (c0, c1) -> {
                panelLeft(a, n, d, b, from, panel, c0, Math.min(c1, from));
                panelRight(a, n, d, b, from, panel, Math.max(c0, to), c1);
            });
            int[] cuts = cuts(n, from, to, chunks);
            Parallel.forRange(context, cuts.length - 1, cuts.length - 1, (q0, q1) ->
                    updateRows(a, n, b, from, panel, cuts[q0], cuts[q1]));
            for (int r = 0; r < b; r++) {
                int row = (k0 + r) * n;
                System.arraycopy(d, r * b + r, a, row + k0 + r, b - r);
                System.arraycopy(panel, r * n + to, a, row + to, n - to);
            }
        }
        fillLower(a, n, context);
    }

    /** Panel columns j in [c0, c1), all before K: new A_Kj = D·A_Kj with A_Kj = −A_jKᵀ (j swept, K not). */
    private static void panelLeft(double[] a, int n, double[] d, int b, int k0, double[] panel, int c0, int c1) {
        double[] out = new double[b];
        for (int j = c0; j < c1; j++) {
            java.util.Arrays.fill(out, 0);
            int row = j * n + k0;
            for (int t = 0; t < b; t++) {
                double f = a[row + t];
                int dt = t * b;
                for (int c = 0; c < b; c++) {
                    out[c] -= f * d[dt + c];
                }
            }
            for (int s = 0; s < b; s++) {
                panel[s * n + j] = out[s];
            }
        }
    }

    /** Panel columns j in [c0, c1), all after K: new A_Kj = D·A_Kj from the stored upper triangle. */
    private static void panelRight(double[] a, int n, double[] d, int b, int k0, double[] panel, int c0, int c1) {
        if (c0 >= c1) {
            return;
        }
        for (int s = 0; s < b; s++) {
            int p = s * n;
            java.util.Arrays.fill(panel, p + c0, p + c1, 0);
            for (int t = 0; t < b; t++) {
                double f = d[s * b + t];
                int src = (k0 + t) * n;
                for (int j = c0; j < c1; j++) {
                    panel[p + j] += f * a[src + j];
                }
            }
        }
    }

    /**
     * Row ranges of about equal work for the trailing update of panel [k0, k1): row i updates columns
     * [i, k0) and [k1, n) when i precedes K, [i, n) when it follows.
     */
    private static int[] cuts(int n, int k0, int k1, int chunks) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += rowWork(n, k0, k1, i);
        }
        int[] cuts = new int[chunks + 1];
        double sum = 0;
        int c = 1;
        for (int i = 0; i < n && c < chunks; i++) {
            sum += rowWork(n, k0, k1, i);
            while (c < chunks && sum >= total * c / chunks) {
                cuts[c++] = i + 1;
            }
        }
        while (c <= chunks) {
            cuts[c++] = n;
        }
        return cuts;
    }

    private static double rowWork(int n, int k0, int k1, int i) {
        return i < k0 ? k0 - i + n - k1 + 8 : i >= k1 ? n - i + 8 : 0;
    }

    /**
     * Rows [r0, r1) outside K: A_ij −= A_iK·P_Kj over the upper triangle's columns j ∉ K; then, for rows before K,
     * A_iK ← −A_iK·D, which {@link #panelLeft} already computed as the panel's column i.
     */
    private static void updateRows(double[] a, int n, int b, int k0, double[] panel, int r0, int r1) {
        int k1 = k0 + b;
        int rows = r1 - r0;
        double[] coef = new double[rows * b];
        boolean[] skip = new boolean[rows];
        for (int i = r0; i < r1; i++) {
            int c = (i - r0) * b;
            if (i < k0) {
                System.arraycopy(a, i * n + k0, coef, c, b);
            } else if (i >= k1) {
                // A_iK = A_Kiᵀ: both unswept, the stored entries are in rows K.
                for (int s = 0; s < b; s++) {
                    coef[c + s] = a[(k0 + s) * n + i];
                }
            }
            boolean zero = true;
            for (int s = 0; s < b && zero; s++) {
                zero = coef[c + s] == 0;
            }
            skip[i - r0] = zero;
        }
        for (int t0 = 0; t0 < n; t0 += TILE) {
            int t1 = Math.min(n, t0 + TILE);
            int i = r0;
            while (i < r1) {
                if (skip[i - r0]) {
                    i++;
                    continue;
                }
                // Two rows on the same side of K share the panel's loads; their ranges differ only in where they
                // start (the diagonal), and row i's first columns go through the one-row kernel.
                int i2 = i + 1;
                if (i2 < r1 && !skip[i2 - r0] && (i2 < k0 || i >= k1)) {
                    int c = (i - r0) * b;
                    int c2 = (i2 - r0) * b;
                    int lo = Math.max(t0, i);
                    int lo2 = Math.max(t0, i2);
                    int hi = i < k0 ? Math.min(t1, k0) : t1;
                    if (lo < Math.min(lo2, hi)) {
                        axpyPanel(a, i * n, coef, c, b, n, panel, lo, Math.min(lo2, hi));
                    }
                    if (lo2 < hi) {
                        axpyPanel2(a, i * n, i2 * n, coef, c, c2, b, n, panel, lo2, hi);
                    }
                    if (i < k0) {
                        int lo3 = Math.max(t0, k1);
                        if (lo3 < t1) {
                            axpyPanel2(a, i * n, i2 * n, coef, c, c2, b, n, panel, lo3, t1);
                        }
                    }
                    i += 2;
                    continue;
                }
                int row = i * n;
                int c = (i - r0) * b;
                int lo = Math.max(t0, i);
                if (i < k0) {
                    int hi = Math.min(t1, k0);
                    if (lo < hi) {
                        axpyPanel(a, row, coef, c, b, n, panel, lo, hi);
                    }
                    lo = Math.max(t0, k1);
                }
                if (lo < t1) {
                    axpyPanel(a, row, coef, c, b, n, panel, lo, t1);
                }
                i++;
            }
        }
        for (int i = r0; i < Math.min(r1, k0); i++) {
            int row = i * n + k0;
            for (int s = 0; s < b; s++) {
                a[row + s] = panel[s * n + i];
            }
        }
    }

    /** a[row + j] −= Σ_s coef[c + s]·panel[s·n + j] for j in [j0, j1); eight panel rows per pass over the row. */
    private static void axpyPanel(double[] a, int row, double[] coef, int c, int b, int n, double[] panel,
                                  int j0, int j1) {
        int s = 0;
        for (; s + 8 <= b; s += 8) {
            double f0 = coef[c + s];
            double f1 = coef[c + s + 1];
            double f2 = coef[c + s + 2];
            double f3 = coef[c + s + 3];
            double f4 = coef[c + s + 4];
            double f5 = coef[c + s + 5];
            double f6 = coef[c + s + 6];
            double f7 = coef[c + s + 7];
            int p0 = s * n;
            int p1 = p0 + n;
            int p2 = p1 + n;
            int p3 = p2 + n;
            int p4 = p3 + n;
            int p5 = p4 + n;
            int p6 = p5 + n;
            int p7 = p6 + n;
            for (int j = j0; j < j1; j++) {
                a[row + j] -= ((f0 * panel[p0 + j] + f1 * panel[p1 + j]) + (f2 * panel[p2 + j] + f3 * panel[p3 + j]))
                        + ((f4 * panel[p4 + j] + f5 * panel[p5 + j]) + (f6 * panel[p6 + j] + f7 * panel[p7 + j]));
            }
        }
        for (; s < b; s++) {
            double f = coef[c + s];
            int p = s * n;
            for (int j = j0; j < j1; j++) {
                a[row + j] -= f * panel[p + j];
            }
        }
    }

    /**
     * {@link #axpyPanel} on two rows at once (each panel element loaded once for both), with the same expression
     * per element, so a row's result does not depend on whether it was paired.
     */
    private static void axpyPanel2(double[] a, int row, int row2, double[] coef, int c, int c2, int b, int n,
                                   double[] panel, int j0, int j1) {
        int s = 0;
        for (; s + 8 <= b; s += 8) {
            double f0 = coef[c + s];
            double f1 = coef[c + s + 1];
            double f2 = coef[c + s + 2];
            double f3 = coef[c + s + 3];
            double f4 = coef[c + s + 4];
            double f5 = coef[c + s + 5];
            double f6 = coef[c + s + 6];
            double f7 = coef[c + s + 7];
            double g0 = coef[c2 + s];
            double g1 = coef[c2 + s + 1];
            double g2 = coef[c2 + s + 2];
            double g3 = coef[c2 + s + 3];
            double g4 = coef[c2 + s + 4];
            double g5 = coef[c2 + s + 5];
            double g6 = coef[c2 + s + 6];
            double g7 = coef[c2 + s + 7];
            int p0 = s * n;
            int p1 = p0 + n;
            int p2 = p1 + n;
            int p3 = p2 + n;
            int p4 = p3 + n;
            int p5 = p4 + n;
            int p6 = p5 + n;
            int p7 = p6 + n;
            for (int j = j0; j < j1; j++) {
                double x0 = panel[p0 + j];
                double x1 = panel[p1 + j];
                double x2 = panel[p2 + j];
                double x3 = panel[p3 + j];
                double x4 = panel[p4 + j];
                double x5 = panel[p5 + j];
                double x6 = panel[p6 + j];
                double x7 = panel[p7 + j];
                a[row + j] -= ((f0 * x0 + f1 * x1) + (f2 * x2 + f3 * x3))
                        + ((f4 * x4 + f5 * x5) + (f6 * x6 + f7 * x7));
                a[row2 + j] -= ((g0 * x0 + g1 * x1) + (g2 * x2 + g3 * x3))
                        + ((g4 * x4 + g5 * x5) + (g6 * x6 + g7 * x7));
            }
        }
        for (; s < b; s++) {
            double f = coef[c + s];
            double g = coef[c2 + s];
            int p = s * n;
            for (int j = j0; j < j1; j++) {
                a[row + j] -= f * panel[p + j];
                a[row2 + j] -= g * panel[p + j];
            }
        }
    }

    /** Copies the upper triangle onto the lower one, in square tiles so that the column reads stay in cache. */
    private static void fillLower(double[] a, int n, StrategyContext context) {
        int tile = 64;
        int tiles = (n + tile - 1) / tile;
        Parallel.forRange(context, tiles, n >= 256 ? context.parallelism() * 4 : 1, (q0, q1) -> {
            for (int q = q0; q < q1; q++) {
                int i0 = q * tile;
                int i1 = Math.min(n, i0 + tile);
                // Rows [i0, i1) of the lower triangle, columns [0, i): read from rows j < i, column i.
                for (int j0 = 0; j0 < i1; j0 += tile) {
                    int j1 = Math.min(i1, j0 + tile);
                    for (int i = i0; i < i1; i++) {
                        for (int j = j0; j < Math.min(j1, i); j++) {
                            a[i * n + j] = a[j * n + i];
                        }
                    }
                }
            }
        });
    }

    /** In-place scalar Gauss–Jordan inverse of the b×b matrix d (row-major). */
    private static void invertSmall(double[] d, int b) {
        for (int k = 0; k < b; k++) {
            int pr = k * b;
            double pivot = d[pr + k];
            if (!(pivot > 0)) {
                throw new IllegalStateException("Gram matrix is not positive definite (pivot " + pivot + ")");
            }
            d[pr + k] = 1;
            double inv = 1 / pivot;
            for (int j = 0; j < b; j++) {
                d[pr + j] *= inv;
            }
            for (int i = 0; i < b; i++) {
                double f = d[i * b + k];
                if (i == k || f == 0) {
                    continue;
                }
                d[i * b + k] = 0;
                for (int j = 0; j < b; j++) {
                    d[i * b + j] -= f * d[pr + j];
                }
            }
        }
    }

    /**
     * The unblocked Gauss–Jordan sweep the blocked one replaced (one pass over every row per pivot); kept as the
     * reference the tests compare against.
     */
    static void invertScalar(double[] a, int n) {
        for (int k = 0; k < n; k++) {
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
            for (int i = 0; i < n; i++) {
                if (i == k) {
                    continue;
                }
                int row = i * n;
                double factor = a[row + k];
                if (factor == 0) {
                    continue;
                }
                a[row + k] = 0;
                for (int j = 0; j < n; j++) {
                    a[row + j] -= factor * a[pivotRow + j];
                }
            }
        }
    }
}
