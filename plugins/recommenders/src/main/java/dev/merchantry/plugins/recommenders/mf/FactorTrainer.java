package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.plugins.recommenders.common.RatingMatrix;

import java.util.SplittableRandom;

/**
 * The parameters of a biased factor model during SGD training, in flat primitive arrays (row {@code u} of P is
 * {@code p[u*f .. u*f+f)}), and one epoch of SVD or SVD++ updates. Not thread-safe; one instance per fit.
 */
public final class FactorTrainer {

    final RatingMatrix m;
    final int f;
    final double mu;
    final double[] bu;
    final double[] bi;
    // Factors are floats: half the memory traffic and twice the SIMD lanes of doubles in the hot loops, and
    // SGD's own noise dwarfs float rounding. Biases and sums stay double.
    final float[] p;
    final float[] q;
    /** SVD++ implicit factors y_j; {@code null} for plain SVD. */
    final float[] y;
    private final SplittableRandom random;
    private final int[] order;

    /** Biases 0, factors drawn from N(0, initStd²) in a fixed order from {@code seed}. */
    public FactorTrainer(RatingMatrix m, int factors, double initStd, boolean implicitFactors, long seed) {
        this.m = m;
        this.f = factors;
        this.mu = m.mean();
        this.bu = new double[m.users];
        this.bi = new double[m.items];
        this.random = new SplittableRandom(seed);
        this.p = gaussian(m.users * factors, initStd);
        this.q = gaussian(m.items * factors, initStd);
        this.y = implicitFactors ? gaussian(m.items * factors, initStd) : null;
        this.order = new int[implicitFactors ? m.users : m.size()];
    }

    /** A trainer starting from given parameters (for tests that check an update by hand). */
    FactorTrainer(RatingMatrix m, int factors, double[] bu, double[] bi, float[] p, float[] q, float[] y, long seed) {
        this.m = m;
        this.f = factors;
        this.mu = m.mean();
        this.bu = bu;
        this.bi = bi;
        this.p = p;
        this.q = q;
        this.y = y;
        this.random = new SplittableRandom(seed);
        this.order = new int[y != null ? m.users : m.size()];
    }

    private float[] gaussian(int n, double std) {
        float[] a = new float[n];
        for (int k = 0; k < n; k++) {
            a[k] = (float) (random.nextGaussian() * std);
        }
        return a;
    }

    private void shuffleOrder(int n) {
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        for (int k = n - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
    }

    /**
     * One SGD epoch of biased MF over the ratings in a random order (Koren, Bell &amp; Volinsky 2009, eq. 5):
     * e = r − r̂; b_u += γ(e − λb_u); b_i += γ(e − λb_i); p_u += γ(e·q_i − λp_u); q_i += γ(e·p_u − λq_i).
     */
    public void svdEpoch(double lr, double reg) {
        int n = m.size();
        shuffleOrder(n);
        int[] users = rowUsers();
        final int f = this.f;
        final float[] p = this.p;
        final float[] q = this.q;
        final int[] items = m.userItems;
        final double[] values = m.userValues;
        // p += γ(e·q − λp) = (1−γλ)·p + γe·q: two float factors per rating for the vectorised loop.
        final float keep = (float) (1 - lr * reg);
        for (int t = 0; t < n; t++) {
            int k = order[t];
            int u = users[k];
            int i = items[k];
            int pu = u * f;
            int qi = i * f;
            float dot = dot(p, pu, q, qi, f);
            double err = values[k] - (mu + bu[u] + bi[i] + dot);
            bu[u] += lr * (err - reg * bu[u]);
            bi[i] += lr * (err - reg * bi[i]);
            float step = (float) (lr * err);
            for (int c = 0; c < f; c++) {
                float puf = p[pu + c];
                float qif = q[qi + c];
                p[pu + c] = keep * puf + step * qif;
                q[qi + c] = keep * qif + step * puf;
            }
        }
    }

    private int[] rowUsersCache;

    private int[] rowUsers() {
        if (rowUsersCache == null) {
            rowUsersCache = new int[m.size()];
            for (int u = 0; u < m.users; u++) {
                for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                    rowUsersCache[k] = u;
                }
            }
        }
        return rowUsersCache;
    }

    /**
     * One SGD epoch of SVD++ (Koren 2008, §4), users in random order and each user's ratings in random order, with
     * N(u) = the user's rated items. The textbook update also moves every y_j, j ∈ N(u), after each rating:
     * y_j ← (1−γλ)y_j + γ·e·|N(u)|^-½·q_i. Because that change is the same vector for every j (plus decay), it is
     * tracked once per user as y_j = s·y_j⁰ + A with s = (1−γλ)^t and A the decayed sum, and the implicit sum
     * |N(u)|^-½ Σ y_j is updated in O(f); the y_j are written back after the user's ratings. The result equals the
     * per-rating algorithm (up to rounding) at O(f·(|R| + Σ|N(u)|)) per epoch instead of O(f·Σ|R(u)|·|N(u)|).
     */
    public void svdPlusPlusEpoch(double lr, double reg) {
        shuffleOrder(m.users);
        final int f = this.f;
        float[] implicitSum = new float[f];
        float[] acc = new float[f];
        int[] rows = new int[0];
        double decay = 1 - lr * reg;
        for (int t = 0; t < m.users; t++) {
            int u = order[t];
            int from = m.userPtr[u];
            int len = m.userPtr[u + 1] - from;
            if (len == 0) {
                continue;
            }
            float norm = (float) (1 / Math.sqrt(len));
            java.util.Arrays.fill(implicitSum, 0);
            for (int k = from; k < from + len; k++) {
                int yj = m.userItems[k] * f;
                for (int c = 0; c < f; c++) {
                    implicitSum[c] += y[yj + c];
                }
            }
            for (int c = 0; c < f; c++) {
                implicitSum[c] *= norm;
            }
            java.util.Arrays.fill(acc, 0);
            double s = 1;
            float[] p = this.p;
            float[] q = this.q;
            float[] y = this.y;
            if (rows.length < len) {
                rows = new int[Math.max(len, rows.length * 2)];
            }
            for (int k = 0; k < len; k++) {
                rows[k] = from + k;
            }
            for (int k = len - 1; k > 0; k--) {
                int j = random.nextInt(k + 1);
                int tmp = rows[k];
                rows[k] = rows[j];
                rows[j] = tmp;
            }
            int pu = u * f;
            for (int r = 0; r < len; r++) {
                int k = rows[r];
                int i = m.userItems[k];
                int qi = i * f;
                float dot = 0;
                for (int c = 0; c < f; c++) {
                    dot += q[qi + c] * (p[pu + c] + implicitSum[c]);
                }
                double err = m.userValues[k] - (mu + bu[u] + bi[i] + dot);
                bu[u] += lr * (err - reg * bu[u]);
                bi[i] += lr * (err - reg * bi[i]);
                float g = (float) (lr * err * norm);
                float step = (float) (lr * err);
                float keep = (float) decay;
                for (int c = 0; c < f; c++) {
                    float puf = p[pu + c];
                    float qif = q[qi + c];
                    p[pu + c] = keep * puf + step * qif;
                    q[qi + c] = keep * qif + step * (puf + implicitSum[c]);
                    // Every y_j moves by the same decay and g·q_i, so their normalised sum moves by
                    // decay and len·norm·g·q_i = γ·e·q_i.
                    acc[c] = keep * acc[c] + g * qif;
                    implicitSum[c] = keep * implicitSum[c] + step * qif;
                }
                s *= decay;
            }
            for (int k = from; k < from + len; k++) {
                int yj = m.userItems[k] * f;
                for (int c = 0; c < f; c++) {
                    y[yj + c] = (float) (s * y[yj + c] + acc[c]);
                }
            }
        }
    }

    /**
     * Σ a[ai+c]·b[bi+c] with four independent partial sums: the JIT does not vectorise floating-point reductions,
     * and one accumulator would wait on the add latency at every term.
     */
    static float dot(float[] a, int ai, float[] b, int bi, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int c = 0;
        for (; c + 3 < n; c += 4) {
            s0 += a[ai + c] * b[bi + c];
            s1 += a[ai + c + 1] * b[bi + c + 1];
            s2 += a[ai + c + 2] * b[bi + c + 2];
            s3 += a[ai + c + 3] * b[bi + c + 3];
        }
        for (; c < n; c++) {
            s0 += a[ai + c] * b[bi + c];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** r̂ for a training pair (u, i), both known. */
    double predict(int u, int i, float[] userVector) {
        double dot = 0;
        for (int c = 0; c < f; c++) {
            dot += q[i * f + c] * userVector[u * f + c];
        }
        return mu + bu[u] + bi[i] + dot;
    }

    /** The effective user vectors: p_u for SVD, p_u + |N(u)|^-½ Σ y_j for SVD++. */
    public float[] userVectors() {
        if (y == null) {
            return p.clone();
        }
        float[] z = p.clone();
        for (int u = 0; u < m.users; u++) {
            int len = m.userDegree(u);
            if (len == 0) {
                continue;
            }
            double norm = 1 / Math.sqrt(len);
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                int yj = m.userItems[k] * f;
                for (int c = 0; c < f; c++) {
                    z[u * f + c] += norm * y[yj + c];
                }
            }
        }
        return z;
    }

    /**
     * The objective SGD descends: Σ_(u,i) (r − r̂)² + λ(Σ b_u² + Σ b_i² + ‖P‖² + ‖Q‖² + ‖Y‖²), the form of Koren 2008
     * eq. 15 with one λ.
     */
    public double objective(double reg) {
        float[] z = userVectors();
        double loss = 0;
        for (int u = 0; u < m.users; u++) {
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                double e = m.userValues[k] - predict(u, m.userItems[k], z);
                loss += e * e;
            }
        }
        return loss + reg * (sq(bu) + sq(bi) + sq(p) + sq(q) + (y == null ? 0 : sq(y)));
    }

    /** Root mean squared error on the training ratings. */
    public double trainRmse() {
        float[] z = userVectors();
        double loss = 0;
        for (int u = 0; u < m.users; u++) {
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                double e = m.userValues[k] - predict(u, m.userItems[k], z);
                loss += e * e;
            }
        }
        return m.size() == 0 ? 0 : Math.sqrt(loss / m.size());
    }

    private static double sq(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return s;
    }

    private static double sq(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return s;
    }
}
