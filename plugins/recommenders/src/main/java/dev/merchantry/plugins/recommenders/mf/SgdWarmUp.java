package dev.merchantry.plugins.recommenders.mf;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Brings the SGD kernel ({@link FactorTrainer#svdUser}) to the JIT's optimizing compiler before the first epoch, by
 * calling it on a small made-up problem on the second thread while the first builds the rating matrix.
 *
 * <p>In a fresh JVM the kernel otherwise starts interpreted, then runs in C1's profiling code (four times slower than
 * C2's for this loop) until C2's compile lands, 20–40 ms into the first epoch of a ~170 ms one-shot fit on 80k
 * ratings. The JIT counts calls and loop iterations, so many calls with a few ratings each (about 1,000 calls and
 * 5,000 ratings, a few milliseconds) reach the threshold of C2. The made-up rows take every path the real ones take
 * (empty, one rating, several), so the compiled code meets no branch it was compiled without; they touch nothing of
 * the model.
 */
final class SgdWarmUp {

    /** Calls of the kernel: C2's threshold is ~600 calls with ~15,000 loop iterations, more while C2 is busy. */
    static final int CALLS = 1_500;
    private static final int ITEMS = 64;

    /** Once it ran in this JVM the kernel is compiled (or compiling): nothing more to gain. */
    private static volatile boolean done;

    private SgdWarmUp() {
    }

    /** Whether a warm-up would still pay in this JVM. */
    static boolean worthIt() {
        return !done;
    }

    /** Runs the kernel {@link #CALLS} times on made-up rows of {@code f} factors. */
    static void run(int f) {
        SplittableRandom random = new SplittableRandom(1);
        float[][] p = {new float[f]};
        float[][] q = new float[ITEMS][f];
        for (float[] row : q) {
            for (int c = 0; c < f; c++) {
                row[c] = (float) (random.nextGaussian() * 0.1);
            }
        }
        double[] bu = new double[1];
        double[] bi = new double[ITEMS];
        int[] items = new int[ITEMS];
        double[] values = new double[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            items[i] = i;
            values[i] = 1 + random.nextInt(9) / 2.0;
        }
        // One user; its ratings of item group 0 are items[from, from + len), the other groups empty.
        int[] segments = new int[SgdBlocks.B + 1];
        for (int call = 0; call < CALLS; call++) {
            int len = random.nextInt(9);
            int from = random.nextInt(ITEMS - len + 1);
            segments[0] = from;
            Arrays.fill(segments, 1, segments.length, from + len);
            FactorTrainer.svdUser(0, call & 1, segments, items, values, random, 3.5, bu, bi, p, q, 0.01, 0.05);
        }
        done = true;
    }
}
