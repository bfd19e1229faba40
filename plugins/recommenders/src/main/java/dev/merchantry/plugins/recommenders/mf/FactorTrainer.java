package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.api.Parallel;
import dev.merchantry.api.StrategyContext;
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
    /** The stratified layout for {@link #svdEpoch}, built on first use. */
    private SgdBlocks blocks;
    /** Whether {@link #svdEpoch} may train a stratum's blocks on several threads (tests compare both). */
    boolean parallel = true;
    /** Whose executor a stratum's blocks run on: the training call's; null trains them on the calling thread. */
    private StrategyContext context;

    /** Trains parallel parts of epochs on the executor of {@code context} (the training call's), not on its own threads. */
    public FactorTrainer forkingOn(StrategyContext context) {
        this.context = context;
        return this;
    }

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
        this.order = new int[implicitFactors ? m.users : 0];
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
        this.order = new int[y != null ? m.users : 0];
    }

    private float[] gaussian(int n, double std) {
        float[] a = new float[n];
        for (int k = 0; k < n; k++) {
            a[k] = (float) (random.nextGaussian() * std);
        }
        return a;
    }


    /** Whether every bias and factor is finite (SGD with too large a step runs to infinity, then NaN). */
    boolean finite() {
        return finite(bu) && finite(bi) && finite(p) && finite(q) && (y == null || finite(y));
    }

    private static boolean finite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
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
     * One SGD epoch of biased MF (Koren, Bell &amp; Volinsky 2009, eq. 5): e = r − r̂; b_u += γ(e − λb_u);
     * b_i += γ(e − λb_i); p_u += γ(e·q_i − λp_u); q_i += γ(e·p_u − λq_i), over the ratings in a seeded random
     * stratified order (see {@link SgdBlocks}): the B strata in random order; within a stratum's blocks, the users in
     * random order and each user's ratings in the block in random order. Blocks of a stratum run in parallel when
     * there are enough ratings to pay for it; the model is the same either way.
     *
     * @return Σ e² over the epoch, each error taken just before its rating's update (summed in block order, so the
     *         same on any number of threads); not finite when SGD diverged
     */
    public double svdEpoch(double lr, double reg) {
        if (blocks == null) {
            blocks = SgdBlocks.of(m);
        }
        int[] strata = permutation(SgdBlocks.B);
        double sse = 0;
        for (int s : strata) {
            // One generator per block, split off in block order: the shuffles do not depend on the scheduling.
            SplittableRandom[] randoms = new SplittableRandom[SgdBlocks.B];
            for (int g = 0; g < SgdBlocks.B; g++) {
                randoms[g] = random.split();
            }
            // One chunk per block: blocks of a stratum touch disjoint users and items.
            sse += Parallel.sum(context, SgdBlocks.B,
                    context != null && parallel && m.size() >= PARALLEL_MIN_RATINGS ? SgdBlocks.B : 1, (from, to) -> {
                        double blockSse = 0;
                        for (int g = from; g < to; g++) {
                            blockSse += svdBlock(g, (g + s) % SgdBlocks.B, randoms[g], lr, reg);
                        }
                        return blockSse;
                    });
        }
        return sse;
    }

    /** Below this many ratings an epoch takes well under a millisecond and threads would only add overhead. */
    static final int PARALLEL_MIN_RATINGS = 20_000;

    /** Trains block (g, h); returns its Σ e². */
    private double svdBlock(int g, int h, SplittableRandom random, double lr, double reg) {
        SgdBlocks b = blocks;
        return svdBlock(b.groupUsers[g], b.segments, h, b.items, b.values, random, mu, bu, bi, p, q, f, lr, reg,
                new float[f], new float[f]);
    }

    /**
     * The hot loop: one block (g, h) of the stratified layout ({@link SgdBlocks}): group g's users in random order,
     * each user's ratings in the block in random order (both shuffled here, in place), updating b_u, b_i, p_u and q_i
     * rating by rating; returns Σ e² over the block (the error is at hand, so the training error costs one
     * multiply-add instead of a pass over the ratings after training).
     *
     * <p>One static method for the whole block, so that the JIT has one method to compile, and one that a warm-up
     * ({@link SgdWarmUp}) can bring to C2 with many cheap calls before the first epoch. p_u is held in the scratch
     * row {@code pu} for the user's run; q_i is copied into the scratch row {@code qi} and back: C2 (JDK 17)
     * vectorises a loop only over float[] accesses it can prove independent, and p[pu + c] against q[qi + c]
     * (different offsets into possibly the same array) it cannot, so in place the update runs one float at a time,
     * at about twice the cost of the copies plus the vectorised loop.
     *
     * @param segments user u's ratings of item group h are {@code items[segments[u·B + h] .. segments[u·B + h + 1])}
     */
    static double svdBlock(int[] users, int[] segments, int h, int[] items, double[] values, SplittableRandom random,
                           double mu, double[] bu, double[] bi, float[] p, float[] q, int f, double lr, double reg,
                           float[] pu, float[] qi) {
        for (int k = users.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = users[k];
            users[k] = users[j];
            users[j] = t;
        }
        // p += γ(e·q − λp) = (1−γλ)·p + γe·q.
        final float keep = (float) (1 - lr * reg);
        double sse = 0;
        for (int u : users) {
            int from = segments[u * SgdBlocks.B + h];
            int to = segments[u * SgdBlocks.B + h + 1];
            if (from == to) {
                continue;
            }
            for (int k = to - 1; k > from; k--) {
                int j = from + random.nextInt(k - from + 1);
                int ti = items[k];
                items[k] = items[j];
                items[j] = ti;
                double tv = values[k];
                values[k] = values[j];
                values[j] = tv;
            }
            System.arraycopy(p, u * f, pu, 0, f);
            double b = bu[u];
            for (int k = from; k < to; k++) {
                int i = items[k];
                System.arraycopy(q, i * f, qi, 0, f);
                double err = values[k] - (mu + b + bi[i] + dot(pu, qi, f));
                sse += err * err;
                b += lr * (err - reg * b);
                bi[i] += lr * (err - reg * bi[i]);
                step(pu, qi, f, keep, (float) (lr * err));
                System.arraycopy(qi, 0, q, i * f, f);
            }
            bu[u] = b;
            System.arraycopy(pu, 0, p, u * f, f);
        }
        return sse;
    }

    /**
     * Σ a[c]·b[c] over [0, n) in sixteen independent chains. The next rating's dot product waits on this one (through
     * the updated p_u), so latency counts: a plain {@code s += a[c]·b[c]} loop is vectorised by C2 but must add in
     * order (Java floating-point semantics), n dependent adds; sixteen chains need n/16. Measured on the svd kernel:
     * 16 scalar chains beat 8, and beat vectorised products summed from a scratch row (the store-to-load round trip
     * adds latency).
     */
    static float dot(float[] a, float[] b, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        float s8 = 0;
        float s9 = 0;
        float s10 = 0;
        float s11 = 0;
        float s12 = 0;
        float s13 = 0;
        float s14 = 0;
        float s15 = 0;
        int c = 0;
        for (; c + 15 < n; c += 16) {
            s0 += a[c] * b[c];
            s1 += a[c + 1] * b[c + 1];
            s2 += a[c + 2] * b[c + 2];
            s3 += a[c + 3] * b[c + 3];
            s4 += a[c + 4] * b[c + 4];
            s5 += a[c + 5] * b[c + 5];
            s6 += a[c + 6] * b[c + 6];
            s7 += a[c + 7] * b[c + 7];
            s8 += a[c + 8] * b[c + 8];
            s9 += a[c + 9] * b[c + 9];
            s10 += a[c + 10] * b[c + 10];
            s11 += a[c + 11] * b[c + 11];
            s12 += a[c + 12] * b[c + 12];
            s13 += a[c + 13] * b[c + 13];
            s14 += a[c + 14] * b[c + 14];
            s15 += a[c + 15] * b[c + 15];
        }
        for (; c < n; c++) {
            s0 += a[c] * b[c];
        }
        return (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)))
                + (((s8 + s9) + (s10 + s11)) + ((s12 + s13) + (s14 + s15)));
    }

    /** Σ t[c] over [0, n) in eight independent chains of adds (SVD++, whose products need a third row). */
    static float sum(float[] t, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int c = 0;
        for (; c + 7 < n; c += 8) {
            s0 += t[c];
            s1 += t[c + 1];
            s2 += t[c + 2];
            s3 += t[c + 3];
            s4 += t[c + 4];
            s5 += t[c + 5];
            s6 += t[c + 6];
            s7 += t[c + 7];
        }
        for (; c < n; c++) {
            s0 += t[c];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** The simultaneous SGD update of a user row and an item row, both at offset 0 so it vectorises. */
    private static void step(float[] pu, float[] qi, int n, float keep, float step) {
        for (int c = 0; c < n; c++) {
            float puf = pu[c];
            float qif = qi[c];
            pu[c] = keep * puf + step * qif;
            qi[c] = keep * qif + step * puf;
        }
    }

    private int[] permutation(int n) {
        int[] a = new int[n];
        for (int k = 0; k < n; k++) {
            a[k] = k;
        }
        for (int k = n - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = a[k];
            a[k] = a[j];
            a[j] = t;
        }
        return a;
    }

    /**
     * One SGD epoch of SVD++ (Koren 2008, §4), users in random order and each user's ratings in random order, with
     * N(u) = the user's rated items. The textbook update also moves every y_j, j ∈ N(u), after each rating:
     * y_j ← (1−γλ)y_j + γ·e·|N(u)|^-½·q_i. Because that change is the same vector for every j (plus decay), it is
     * tracked once per user as y_j = s·y_j⁰ + A with s = (1−γλ)^t and A the decayed sum, and the implicit sum
     * |N(u)|^-½ Σ y_j is updated in O(f); the y_j are written back after the user's ratings. The result equals the
     * per-rating algorithm (up to rounding) at O(f·(|R| + Σ|N(u)|)) per epoch instead of O(f·Σ|R(u)|·|N(u)|).
     *
     * @return Σ e² over the epoch, each error taken just before its rating's update; not finite when SGD diverged
     */
    public double svdPlusPlusEpoch(double lr, double reg) {
        shuffleOrder(m.users);
        final int f = this.f;
        // Scratch rows at offset 0, for the same reason as in svdUser: so the loops over them vectorise.
        float[] implicitSum = new float[f];
        float[] acc = new float[f];
        float[] pu = new float[f];
        float[] qi = new float[f];
        float[] t = new float[f];
        int[] rows = new int[0];
        double decay = 1 - lr * reg;
        double sse = 0;
        for (int ut = 0; ut < m.users; ut++) {
            int u = order[ut];
            int from = m.userPtr[u];
            int len = m.userPtr[u + 1] - from;
            if (len == 0) {
                continue;
            }
            float norm = (float) (1 / Math.sqrt(len));
            java.util.Arrays.fill(implicitSum, 0);
            for (int k = from; k < from + len; k++) {
                System.arraycopy(y, m.userItems[k] * f, t, 0, f);
                addTo(implicitSum, t, f);
            }
            for (int c = 0; c < f; c++) {
                implicitSum[c] *= norm;
            }
            java.util.Arrays.fill(acc, 0);
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
            System.arraycopy(p, u * f, pu, 0, f);
            sse += svdPlusPlusUser(bu, u, rows, len, m.userItems, m.userValues, mu, bi, q, f, lr, reg, norm, pu, qi,
                    implicitSum, acc, t);
            System.arraycopy(pu, 0, p, u * f, f);
            float s = (float) Math.pow(decay, len);
            for (int k = from; k < from + len; k++) {
                int yj = m.userItems[k] * f;
                System.arraycopy(y, yj, t, 0, f);
                for (int c = 0; c < f; c++) {
                    t[c] = s * t[c] + acc[c];
                }
                System.arraycopy(t, 0, y, yj, f);
            }
        }
        return sse;
    }

    /**
     * The hot loop of {@link #svdPlusPlusEpoch}: one user's ratings, in the order of {@code rows}; updates b_u in
     * {@code bus[u]} and returns Σ e².
     */
    private static double svdPlusPlusUser(double[] bus, int u, int[] rows, int len, int[] items, double[] values,
                                          double mu, double[] bi, float[] q, int f, double lr, double reg, float norm,
                                          float[] pu, float[] qi, float[] implicitSum, float[] acc, float[] t) {
        final float keep = (float) (1 - lr * reg);
        double bu = bus[u];
        double sse = 0;
        for (int r = 0; r < len; r++) {
            int k = rows[r];
            int i = items[k];
            System.arraycopy(q, i * f, qi, 0, f);
            for (int c = 0; c < f; c++) {
                t[c] = qi[c] * (pu[c] + implicitSum[c]);
            }
            double err = values[k] - (mu + bu + bi[i] + sum(t, f));
            sse += err * err;
            bu += lr * (err - reg * bu);
            bi[i] += lr * (err - reg * bi[i]);
            float g = (float) (lr * err * norm);
            float step = (float) (lr * err);
            for (int c = 0; c < f; c++) {
                float puf = pu[c];
                float qif = qi[c];
                pu[c] = keep * puf + step * qif;
                qi[c] = keep * qif + step * (puf + implicitSum[c]);
                // Every y_j moves by the same decay and g·q_i, so their normalised sum moves by
                // decay and len·norm·g·q_i = γ·e·q_i.
                acc[c] = keep * acc[c] + g * qif;
                implicitSum[c] = keep * implicitSum[c] + step * qif;
            }
            System.arraycopy(qi, 0, q, i * f, f);
        }
        bus[u] = bu;
        return sse;
    }

    private static void addTo(float[] sum, float[] row, int n) {
        for (int c = 0; c < n; c++) {
            sum[c] += row[c];
        }
    }

    /** The effective user vectors: p_u for SVD, p_u + |N(u)|^-½ Σ y_j for SVD++. */
    public float[] userVectors() {
        float[] z = p.clone();
        if (y == null) {
            return z;
        }
        // Row by row through scratch rows at offset 0, so the additions vectorise (see svdUser).
        float[] zu = new float[f];
        float[] yj = new float[f];
        for (int u = 0; u < m.users; u++) {
            int len = m.userDegree(u);
            if (len == 0) {
                continue;
            }
            float norm = (float) (1 / Math.sqrt(len));
            java.util.Arrays.fill(zu, 0);
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                System.arraycopy(y, m.userItems[k] * f, yj, 0, f);
                addTo(zu, yj, f);
            }
            System.arraycopy(z, u * f, yj, 0, f);
            for (int c = 0; c < f; c++) {
                zu[c] = yj[c] + norm * zu[c];
            }
            System.arraycopy(zu, 0, z, u * f, f);
        }
        return z;
    }

    /**
     * The objective SGD descends: Σ_(u,i) (r − r̂)² + λ(Σ b_u² + Σ b_i² + ‖P‖² + ‖Q‖² + ‖Y‖²), the form of Koren 2008
     * eq. 15 with one λ.
     */
    public double objective(double reg) {
        double loss = squaredError(userVectors());
        return loss + reg * (sq(bu) + sq(bi) + sq(p) + sq(q) + (y == null ? 0 : sq(y)));
    }

    /** Root mean squared error on the training ratings. */
    public double trainRmse() {
        return trainRmse(userVectors());
    }

    /** Root mean squared error on the training ratings, given {@link #userVectors()}. */
    public double trainRmse(float[] userVectors) {
        return m.size() == 0 ? 0 : Math.sqrt(squaredError(userVectors) / m.size());
    }

    /** Σ (r − r̂)² over the training ratings, with the given effective user vectors. */
    private double squaredError(float[] z) {
        float[] zu = new float[f];
        float[] qi = new float[f];
        double loss = 0;
        for (int u = 0; u < m.users; u++) {
            System.arraycopy(z, u * f, zu, 0, f);
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                int i = m.userItems[k];
                System.arraycopy(q, i * f, qi, 0, f);
                double e = m.userValues[k] - (mu + bu[u] + bi[i] + dot(zu, qi, f));
                loss += e * e;
            }
        }
        return loss;
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
