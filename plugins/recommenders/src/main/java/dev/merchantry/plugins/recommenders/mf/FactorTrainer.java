package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The parameters of a biased factor model during SGD training and one epoch of SVD or SVD++ updates. Not thread-safe;
 * one instance per fit.
 *
 * <p>Factors are floats, one array per user and per item ({@code p[u]}, {@code q[i]}): half the memory traffic and
 * twice the SIMD lanes of doubles, and SGD's own noise dwarfs float rounding (biases and sums stay double). Rows as
 * arrays of their own, each starting at index 0, are what lets C2 (JDK 17) vectorise the update of p_u and q_i in
 * place: it vectorises a loop only over float[] accesses it can prove independent, which two arrays indexed alike
 * are (whether or not they are the same array), and p[u·f + c] against q[i·f + c] in flat arrays are not. Flat
 * arrays needed each q_i copied into a scratch row and back per rating, a quarter of the kernel's time.
 */
public final class FactorTrainer {

    final RatingMatrix m;
    final int f;
    final double mu;
    final double[] bu;
    final double[] bi;
    final float[][] p;
    final float[][] q;
    /** SVD++ implicit factors y_j; {@code null} for plain SVD. */
    final float[][] y;
    private final SplittableRandom random;
    private final int[] order;
    /** The stratified layout for {@link #svdEpoch}, built on first use. */
    private SgdBlocks blocks;
    /** Whether {@link #svdEpoch} may train a stratum's blocks on several threads (tests compare both). */
    boolean parallel = true;
    /** Whose executor a stratum's blocks run on: the training call's; null trains them on the calling thread. */
    private StrategyContext context;

    /** Uses {@code blocks}, built from this trainer's matrix, for {@link #svdEpoch} instead of building them. */
    void useBlocks(SgdBlocks blocks) {
        this.blocks = blocks;
    }

    /** Trains parallel parts of epochs on the executor of {@code context} (the training call's), not on its own threads. */
    public FactorTrainer forkingOn(StrategyContext context) {
        this.context = context;
        return this;
    }

    /** Biases 0, factors drawn with standard deviation {@code initStd} in a fixed order from {@code seed}. */
    public FactorTrainer(RatingMatrix m, int factors, double initStd, boolean implicitFactors, long seed) {
        this(m, InitialFactors.draw(m.users, m.items, factors, initStd, implicitFactors, seed));
    }

    /** Biases 0, factors as drawn by {@link InitialFactors#draw} for {@code m}'s numbers of users and items. */
    public FactorTrainer(RatingMatrix m, InitialFactors init) {
        if (init.p.length != m.users || init.q.length != m.items) {
            throw new IllegalArgumentException("initial factors drawn for another matrix");
        }
        this.m = m;
        this.f = init.f;
        this.mu = m.mean();
        this.bu = new double[m.users];
        this.bi = new double[m.items];
        this.random = init.random;
        this.p = init.p;
        this.q = init.q;
        this.y = init.y;
        this.order = new int[init.y != null ? m.users : 0];
    }

    /** A trainer starting from given parameters, factors row-major in flat arrays (for tests that check by hand). */
    FactorTrainer(RatingMatrix m, int factors, double[] bu, double[] bi, float[] p, float[] q, float[] y, long seed) {
        this.m = m;
        this.f = factors;
        this.mu = m.mean();
        this.bu = bu;
        this.bi = bi;
        this.p = rows(p, m.users, factors);
        this.q = rows(q, m.items, factors);
        this.y = y == null ? null : rows(y, m.items, factors);
        this.random = new SplittableRandom(seed);
        this.order = new int[y != null ? m.users : 0];
    }

    private static float[][] rows(float[] flat, int n, int f) {
        float[][] rows = new float[n][];
        for (int r = 0; r < n; r++) {
            rows[r] = Arrays.copyOfRange(flat, r * f, r * f + f);
        }
        return rows;
    }

    /** The rows one after the other, as the model stores them. */
    static float[] flat(float[][] rows, int f) {
        float[] flat = new float[rows.length * f];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * f, f);
        }
        return flat;
    }

    /**
     * The starting factors of a fit and the generator that drew them (it goes on to shuffle the epochs). They depend
     * only on the numbers of users and items, so they can be drawn while the rating matrix is being built.
     */
    public static final class InitialFactors {
        final int f;
        final float[][] p;
        final float[][] q;
        final float[][] y;
        final SplittableRandom random;

        private InitialFactors(int f, float[][] p, float[][] q, float[][] y, SplittableRandom random) {
            this.f = f;
            this.p = p;
            this.q = q;
            this.y = y;
            this.random = random;
        }

        /** P, then Q, then (SVD++) Y, row by row, in that order from {@code seed} (see {@link #factorRow}). */
        public static InitialFactors draw(int users, int items, int factors, double initStd, boolean implicitFactors,
                                          long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[][] p = factorRows(users, factors, initStd, random);
            float[][] q = factorRows(items, factors, initStd, random);
            float[][] y = implicitFactors ? factorRows(items, factors, initStd, random) : null;
            return new InitialFactors(factors, p, q, y, random);
        }

        private static float[][] factorRows(int n, int f, double std, SplittableRandom random) {
            float[][] rows = new float[n][];
            for (int r = 0; r < n; r++) {
                rows[r] = factorRow(f, std, random);
            }
            return rows;
        }

        /**
         * One row of factors, each the sum of four independent uniforms scaled to mean 0 and standard deviation
         * {@code std} (Irwin–Hall: approximately normal, kurtosis 2.7 against 3, bounded at ±3.46 std). Only the
         * scale of the starting factors matters to SGD; the shape is for symmetry. One random long gives the four
         * 16-bit uniforms of a value, so a draw costs no transcendental function.
         *
         * <p>Written for a fresh JVM: a small method called once per row is compiled early, where one loop over the
         * million values of a 10k-row model ran interpreted until it was replaced on the stack; and the JDK's
         * {@code nextGaussian} (a 564-byte ziggurat) took 12–21 ms in a fresh JVM and was then compiled by C2 after
         * the draw had finished — 9–27 ms of the compiler's time just when the training kernel waited for it. This
         * draw takes 7–11 ms.
         */
        static float[] factorRow(int f, double std, SplittableRandom random) {
            // Each uniform is in 0..65535; four sum to mean 2·65535 and variance 4·(65536² − 1)/12.
            final double scale = std * Math.sqrt(3.0) / 65536.0;
            float[] row = new float[f];
            for (int c = 0; c < f; c++) {
                long x = random.nextLong();
                int sum = (int) (x & 0xFFFF) + (int) ((x >>> 16) & 0xFFFF) + (int) ((x >>> 32) & 0xFFFF)
                        + (int) (x >>> 48);
                row[c] = (float) ((sum - 2 * 65535) * scale);
            }
            return row;
        }
    }

    /**
     * Whether every bias and factor is finite (SGD with too large a step runs to infinity, then NaN). A factor row
     * is checked through its squared norm, computed by {@link #dot}, which the epochs had the JIT compile: a row
     * with an infinite or NaN entry, or one beyond 10^19 (diverged as surely), has no finite norm. A plain loop over
     * the 1 M factors of a 10k-item model, run once in a fresh JVM, took 5–10 ms of mostly interpreted code.
     */
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

    private static boolean finite(float[][] rows) {
        for (float[] row : rows) {
            if (!Float.isFinite(dot(row, row, row.length))) {
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
     * random order and each user's ratings in the block in random order. Blocks run in parallel when there are
     * enough ratings to pay for it, each as soon as its user group and item group are free ({@link BlockSchedule});
     * the model is the same either way.
     *
     * @return Σ e² over the epoch, each error taken just before its rating's update (summed in block order, so the
     *         same on any number of threads); not finite when SGD diverged
     */
    public double svdEpoch(double lr, double reg) {
        if (blocks == null) {
            blocks = SgdBlocks.of(m);
        }
        int[] strata = permutation(SgdBlocks.B);
        // One generator per block, split off in stratum and block order: the shuffles do not depend on scheduling.
        SplittableRandom[] randoms = new SplittableRandom[SgdBlocks.B * SgdBlocks.B];
        for (int k = 0; k < randoms.length; k++) {
            randoms[k] = random.split();
        }
        int helpers = context != null && parallel && m.size() >= PARALLEL_MIN_RATINGS && anEpochHasRun
                ? Math.min(context.parallelism(), SgdBlocks.B) - 1 : 0;
        double sse = BlockSchedule.run(context, helpers, strata, new EpochBlocks(strata, randoms, lr, reg));
        anEpochHasRun = true;
        return sse;
    }

    /** Block (s, g) of this epoch (a class rather than a lambda: see {@link Forked}). */
    private final class EpochBlocks implements BlockSchedule.Block {
        private final int[] strata;
        private final SplittableRandom[] randoms;
        private final double lr;
        private final double reg;

        EpochBlocks(int[] strata, SplittableRandom[] randoms, double lr, double reg) {
            this.strata = strata;
            this.randoms = randoms;
            this.lr = lr;
            this.reg = reg;
        }

        @Override
        public double train(int s, int g) {
            return svdBlock(g, (g + strata[s]) % SgdBlocks.B, randoms[s * SgdBlocks.B + g], lr, reg);
        }
    }

    /**
     * Whether an epoch has run in this JVM. Until then the kernel is interpreted and then runs in C1's profiling
     * code, where threads sharing it update the same profile counters on every loop iteration: two threads were
     * slower than one there (20 epochs with the JIT capped at that tier: 0.73 s on two threads, 0.54 s on one). So
     * the first epoch in a JVM runs on the calling thread alone and leaves the other cores to the compilers; by the
     * second the kernel is compiled or about to be (ml-latest-small, 100 factors, fresh JVMs: 40 interleaved runs,
     * median fit 0.1265 → 0.116 s; 30 more, 0.1435 → 0.138 s).
     */
    private static volatile boolean anEpochHasRun;

    /** Below this many ratings an epoch takes well under a millisecond and threads would only add overhead. */
    static final int PARALLEL_MIN_RATINGS = 20_000;

    /**
     * Trains block (g, h) of the stratified layout ({@link SgdBlocks}): group g's users in random order, each with
     * {@link #svdUser}; returns the block's Σ e².
     */
    private double svdBlock(int g, int h, SplittableRandom random, double lr, double reg) {
        SgdBlocks b = blocks;
        int[] users = b.groupUsers[g];
        for (int k = users.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = users[k];
            users[k] = users[j];
            users[j] = t;
        }
        double sse = 0;
        for (int u : users) {
            sse += svdUser(u, h, b.segments, b.items, b.values, random, mu, bu, bi, p, q, lr, reg);
        }
        return sse;
    }

    /**
     * The hot loop: user u's ratings of item group h, {@code items[segments[u·B + h] .. segments[u·B + h + 1])}, in
     * random order (shuffled here, in place), updating b_u, b_i, p_u and q_i rating by rating; returns Σ e² over
     * them (the error is at hand, so the training error costs one multiply-add instead of a pass over the ratings
     * after training).
     *
     * <p>Written for the JIT of a one-shot fit: called once per user and block, thousands of times an epoch with
     * short loops inside, so C2 compiles it as a whole within the first epoch, not as an on-stack replacement of a
     * long-running loop (a whole block per call was compiled three times over, twice on the stack).
     */
    private static double svdUser(int u, int h, int[] segments, int[] items, double[] values, SplittableRandom random,
                          double mu, double[] bu, double[] bi, float[][] p, float[][] q, double lr, double reg) {
        int from = segments[u * SgdBlocks.B + h];
        int to = segments[u * SgdBlocks.B + h + 1];
        if (from == to) {
            return 0;
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
        // p += γ(e·q − λp) = (1−γλ)·p + γe·q.
        final float keep = (float) (1 - lr * reg);
        float[] pu = p[u];
        int f = pu.length;
        double b = bu[u];
        double sse = 0;
        for (int k = from; k < to; k++) {
            int i = items[k];
            float[] qi = q[i];
            double err = values[k] - (mu + b + bi[i] + dot(pu, qi, f));
            sse += err * err;
            b += lr * (err - reg * b);
            bi[i] += lr * (err - reg * bi[i]);
            step(pu, qi, f, keep, (float) (lr * err));
        }
        bu[u] = b;
        return sse;
    }

    /**
     * Σ a[c]·b[c] over [0, n) in sixteen independent chains. The next rating's dot product waits on this one (through
     * the updated p_u), so latency counts: a plain {@code s += a[c]·b[c]} loop is vectorised by C2 but must add in
     * order (Java floating-point semantics), n dependent adds; sixteen chains need n/16. Products stored in a scratch
     * row by a vectorised loop and summed in the same sixteen chains give the same result to the bit and run 8 %
     * faster once C2 has compiled them, but the first epoch of a one-shot fit runs partly in C1's profiling code,
     * which counts every iteration of that extra loop: 10 ms slower there.
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

    /** Σ t[c] over [0, n) in eight independent chains of adds (SVD++). */
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

    /** The simultaneous SGD update of a user row and an item row, both indexed alike so it vectorises. */
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
        // Scratch rows indexed like the factor rows, for the same reason as those: so the loops over them vectorise.
        float[] implicitSum = new float[f];
        float[] acc = new float[f];
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
            Arrays.fill(implicitSum, 0);
            for (int k = from; k < from + len; k++) {
                addTo(implicitSum, y[m.userItems[k]], f);
            }
            for (int c = 0; c < f; c++) {
                implicitSum[c] *= norm;
            }
            Arrays.fill(acc, 0);
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
            sse += svdPlusPlusUser(bu, u, rows, len, m.userItems, m.userValues, mu, bi, p[u], q, f, lr, reg, norm,
                    implicitSum, acc, t);
            float s = (float) Math.pow(decay, len);
            for (int k = from; k < from + len; k++) {
                float[] yj = y[m.userItems[k]];
                for (int c = 0; c < f; c++) {
                    yj[c] = s * yj[c] + acc[c];
                }
            }
        }
        return sse;
    }

    /**
     * The hot loop of {@link #svdPlusPlusEpoch}: one user's ratings, in the order of {@code rows}; updates b_u in
     * {@code bus[u]} and p_u in {@code pu}, returns Σ e².
     */
    private static double svdPlusPlusUser(double[] bus, int u, int[] rows, int len, int[] items, double[] values,
                                          double mu, double[] bi, float[] pu, float[][] q, int f, double lr,
                                          double reg, float norm, float[] implicitSum, float[] acc, float[] t) {
        final float keep = (float) (1 - lr * reg);
        double bu = bus[u];
        double sse = 0;
        for (int r = 0; r < len; r++) {
            int k = rows[r];
            int i = items[k];
            float[] qi = q[i];
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
        }
        bus[u] = bu;
        return sse;
    }

    private static void addTo(float[] sum, float[] row, int n) {
        for (int c = 0; c < n; c++) {
            sum[c] += row[c];
        }
    }

    /** Q row after row, as the model stores it. */
    public float[] itemVectors() {
        return flat(q, f);
    }

    /** The effective user vectors row after row: p_u for SVD, p_u + |N(u)|^-½ Σ y_j for SVD++. */
    public float[] userVectors() {
        float[] z = flat(p, f);
        if (y == null) {
            return z;
        }
        float[] zu = new float[f];
        float[] pu = new float[f];
        for (int u = 0; u < m.users; u++) {
            int len = m.userDegree(u);
            if (len == 0) {
                continue;
            }
            float norm = (float) (1 / Math.sqrt(len));
            Arrays.fill(zu, 0);
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                addTo(zu, y[m.userItems[k]], f);
            }
            System.arraycopy(z, u * f, pu, 0, f);
            for (int c = 0; c < f; c++) {
                zu[c] = pu[c] + norm * zu[c];
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

    /** Root mean squared error on the training ratings (of the current parameters, one pass over the ratings). */
    public double trainRmse() {
        return m.size() == 0 ? 0 : Math.sqrt(squaredError(userVectors()) / m.size());
    }

    /** Σ (r − r̂)² over the training ratings, with the given effective user vectors. */
    private double squaredError(float[] z) {
        float[] zu = new float[f];
        double loss = 0;
        for (int u = 0; u < m.users; u++) {
            System.arraycopy(z, u * f, zu, 0, f);
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                int i = m.userItems[k];
                double e = m.userValues[k] - (mu + bu[u] + bi[i] + dot(zu, q[i], f));
                loss += e * e;
            }
        }
        return loss;
    }

    private static double sq(float[][] rows) {
        double s = 0;
        for (float[] row : rows) {
            for (float v : row) {
                s += (double) v * v;
            }
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
