package dev.merchantry.plugins.recommenders.als;

import dev.merchantry.plugins.recommenders.common.RatingMatrix;

import java.util.Random;

/** The factors X (users) and Y (items) during training, in flat arrays, and one ALS sweep. Not thread-safe. */
public final class ImplicitAlsTrainer {

    final RatingMatrix m;
    final int f;
    final double reg;
    /** λ·n per row (n = the row's interactions, Zhou et al. 2008's weighted-λ) rather than one λ for every row. */
    final boolean weightedReg;
    final double alpha;
    final int cgSteps;
    final double[] x;
    final double[] y;

    /** Factors drawn from N(0, 0.01²) from {@code seed}, users first. */
    public ImplicitAlsTrainer(RatingMatrix m, int factors, double reg, boolean weightedReg, double alpha, int cgSteps,
                              long seed) {
        this.m = m;
        this.f = factors;
        this.reg = reg;
        this.weightedReg = weightedReg;
        this.alpha = alpha;
        this.cgSteps = cgSteps;
        Random random = new Random(seed);
        this.x = new double[m.users * factors];
        this.y = new double[m.items * factors];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextGaussian() * 0.01;
        }
        for (int k = 0; k < y.length; k++) {
            y[k] = random.nextGaussian() * 0.01;
        }
    }

    /** One iteration: users given items, then items given users. */
    public void iterate() {
        solve(m.userPtr, m.userItems, m.userValues, y, m.items, x);
        solve(m.itemPtr, m.itemUsers(), m.itemValues(), x, m.users, y);
    }

    /**
     * Updates every row of {@code out} (one per CSR row) given the fixed factors {@code fixed} ({@code fixedRows} of
     * them), by {@link #cgSteps} conjugate-gradient steps on A·x = b with A = FᵀF + λ_u·I + Σ_i (c_i − 1) f_i f_iᵀ
     * and b = Σ_i c_i f_i, λ_u = {@link #lambda}.
     */
    void solve(int[] ptr, int[] idx, double[] val, double[] fixed, int fixedRows, double[] out) {
        double[] gram = gram(fixed, fixedRows);
        double[] xu = new double[f];
        double[] r = new double[f];
        double[] p = new double[f];
        double[] ap = new double[f];
        int rows = ptr.length - 1;
        for (int u = 0; u < rows; u++) {
            int base = u * f;
            System.arraycopy(out, base, xu, 0, f);
            double lambda = lambda(ptr[u + 1] - ptr[u]);
            // r = b − A·x
            multiply(gram, xu, r);
            for (int d = 0; d < f; d++) {
                r[d] = -(r[d] + lambda * xu[d]);
            }
            for (int k = ptr[u]; k < ptr[u + 1]; k++) {
                int fi = idx[k] * f;
                double c = 1 + alpha * val[k];
                double dot = 0;
                for (int d = 0; d < f; d++) {
                    dot += fixed[fi + d] * xu[d];
                }
                double w = c - (c - 1) * dot;
                for (int d = 0; d < f; d++) {
                    r[d] += w * fixed[fi + d];
                }
            }
            System.arraycopy(r, 0, p, 0, f);
            double rsOld = dot(r, r);
            for (int step = 0; step < cgSteps && rsOld > 1e-20; step++) {
                multiply(gram, p, ap);
                for (int d = 0; d < f; d++) {
                    ap[d] += lambda * p[d];
                }
                for (int k = ptr[u]; k < ptr[u + 1]; k++) {
                    int fi = idx[k] * f;
                    double c = 1 + alpha * val[k];
                    double dot = 0;
                    for (int d = 0; d < f; d++) {
                        dot += fixed[fi + d] * p[d];
                    }
                    double w = (c - 1) * dot;
                    for (int d = 0; d < f; d++) {
                        ap[d] += w * fixed[fi + d];
                    }
                }
                double a = rsOld / dot(p, ap);
                for (int d = 0; d < f; d++) {
                    xu[d] += a * p[d];
                    r[d] -= a * ap[d];
                }
                double rsNew = dot(r, r);
                for (int d = 0; d < f; d++) {
                    p[d] = r[d] + rsNew / rsOld * p[d];
                }
                rsOld = rsNew;
            }
            System.arraycopy(xu, 0, out, base, f);
        }
    }

    /** The L2 penalty of a row with n interactions: λ·max(n, 1) when weighted, else λ. */
    double lambda(int n) {
        return weightedReg ? reg * Math.max(n, 1) : reg;
    }

    /** FᵀF as a dense f×f row-major matrix. */
    double[] gram(double[] factors, int rows) {
        double[] g = new double[f * f];
        for (int r = 0; r < rows; r++) {
            int b = r * f;
            for (int a = 0; a < f; a++) {
                double v = factors[b + a];
                if (v == 0) {
                    continue;
                }
                for (int c = a; c < f; c++) {
                    g[a * f + c] += v * factors[b + c];
                }
            }
        }
        for (int a = 0; a < f; a++) {
            for (int c = 0; c < a; c++) {
                g[a * f + c] = g[c * f + a];
            }
        }
        return g;
    }

    private void multiply(double[] matrix, double[] v, double[] out) {
        for (int a = 0; a < f; a++) {
            double s = 0;
            for (int c = 0; c < f; c++) {
                s += matrix[a * f + c] * v[c];
            }
            out[a] = s;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    /**
     * The HKV objective over all user–item pairs, computed in O(f²·users + f·nnz): unobserved pairs contribute
     * (x_uᵀy_i)², whose sum over all pairs is Σ_u x_uᵀ(YᵀY)x_u; observed pairs replace it by c(1 − x_uᵀy_i)²; plus
     * Σ_u λ_u‖x_u‖² + Σ_i λ_i‖y_i‖².
     */
    public double objective() {
        double[] gram = gram(y, m.items);
        double[] tmp = new double[f];
        double[] xu = new double[f];
        double loss = 0;
        for (int u = 0; u < m.users; u++) {
            System.arraycopy(x, u * f, xu, 0, f);
            multiply(gram, xu, tmp);
            loss += dot(xu, tmp);
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                int yi = m.userItems[k] * f;
                double s = 0;
                for (int d = 0; d < f; d++) {
                    s += xu[d] * y[yi + d];
                }
                double c = 1 + alpha * m.userValues[k];
                loss += c * (1 - s) * (1 - s) - s * s;
            }
        }
        return loss + penalty(x, m.userPtr) + penalty(y, m.itemPtr);
    }

    /** Σ_rows λ_row·‖row‖². */
    private double penalty(double[] factors, int[] ptr) {
        double s = 0;
        for (int r = 0; r < ptr.length - 1; r++) {
            double sq = 0;
            for (int d = 0; d < f; d++) {
                sq += factors[r * f + d] * factors[r * f + d];
            }
            s += lambda(ptr[r + 1] - ptr[r]) * sq;
        }
        return s;
    }
}
