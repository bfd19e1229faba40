package dev.merchantry.plugins.recommenders.ease;

import dev.merchantry.api.Parallel;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.recommenders.common.ModelIndex;

import java.util.Arrays;

/** Sparse rows of B: for source item i, target items {@code target[ptr[i]..ptr[i+1])} with weights. Immutable. */
final class EaseWeights {

    final int[] ptr;
    final int[] target;
    final float[] weight;

    EaseWeights(int[] ptr, int[] target, float[] weight) {
        this.ptr = ptr;
        this.target = target;
        this.weight = weight;
    }

    /**
     * Keeps, per row of the dense B, the {@code keep} weights of largest magnitude (ties: lower index). Rows are
     * selected in parallel, each into its own fixed slots, so the result does not depend on the threads.
     */
    static EaseWeights sparsify(double[] b, int[] items, int itemCount, int keep, StrategyContext context) {
        int n = items.length;
        int kept = Math.min(keep, Math.max(0, n - 1));
        int[] target = new int[n * kept];
        float[] weight = new float[n * kept];
        // Every row keeps exactly `kept` weights; rows go out in item order, so row c starts at slot[c]·kept.
        int[] rowOf = new int[itemCount];
        Arrays.fill(rowOf, -1);
        for (int c = 0; c < n; c++) {
            rowOf[items[c]] = c;
        }
        int[] slot = new int[n];
        int[] ptr = new int[itemCount + 1];
        for (int i = 0, next = 0; i < itemCount; i++) {
            if (rowOf[i] >= 0) {
                slot[rowOf[i]] = next++;
            }
            ptr[i + 1] = next * kept;
        }
        Parallel.forRange(context, n, n >= 256 ? context.parallelism() * 4 : 1, (c0, c1) -> {
            long[] keys = new long[n];
            for (int c = c0; c < c1; c++) {
                int count = 0;
                for (int j = 0; j < n; j++) {
                    if (j != c) {
                        float w = (float) Math.abs(b[c * n + j]);
                        keys[count++] = ((long) Float.floatToIntBits(w) << 32) | (Integer.MAX_VALUE - j);
                    }
                }
                // Keys are distinct (the index is in them), so the largest `kept` are one set, found in linear time.
                selectLargest(keys, count, kept);
                int start = slot[c] * kept;
                for (int r = 0; r < kept; r++) {
                    int j = Integer.MAX_VALUE - (int) (keys[count - 1 - r] & 0xffffffffL);
                    target[start + r] = items[j];
                    weight[start + r] = (float) b[c * n + j];
                }
                // Targets ascending within a row: the order of floating-point sums is then fixed.
                sortRow(target, weight, start, start + kept);
            }
        });
        return new EaseWeights(ptr, target, weight);
    }

    /**
     * Reorders {@code keys[0, count)} so that its {@code k} largest values end up in {@code [count − k, count)}, in no
     * particular order (Hoare's selection; median-of-three pivots).
     */
    static void selectLargest(long[] keys, int count, int k) {
        int target = count - k;
        if (k <= 0 || target <= 0) {
            return;
        }
        int lo = 0;
        int hi = count - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long x = Math.max(Math.min(keys[lo], keys[mid]), Math.min(Math.max(keys[lo], keys[mid]), keys[hi]));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (keys[i] < x) {
                    i++;
                }
                while (keys[j] > x) {
                    j--;
                }
                if (i <= j) {
                    long t = keys[i];
                    keys[i++] = keys[j];
                    keys[j--] = t;
                }
            }
            // Now keys[lo..j] <= x <= keys[i..hi] and j < i.
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static void sortRow(int[] target, float[] weight, int from, int to) {
        long[] pairs = new long[to - from];
        for (int k = from; k < to; k++) {
            pairs[k - from] = ((long) target[k] << 32) | (Float.floatToIntBits(weight[k]) & 0xffffffffL);
        }
        Arrays.sort(pairs);
        for (int k = from; k < to; k++) {
            target[k] = (int) (pairs[k - from] >>> 32);
            weight[k] = Float.intBitsToFloat((int) pairs[k - from]);
        }
    }

    void write(ModelWriter w) {
        w.writeInts(ptr).writeInts(target).writeFloats(weight);
    }

    static EaseWeights read(ModelReader r, int items) {
        int[] ptr = r.readInts();
        int[] target = r.readInts();
        float[] weight = r.readFloats();
        ModelIndex.require(ptr.length == items + 1 && target.length == weight.length && ptr[items] == target.length,
                "EASE weight sizes");
        for (int i = 0; i < items; i++) {
            ModelIndex.require(ptr[i] >= 0 && ptr[i] <= ptr[i + 1], "EASE weight offsets");
        }
        for (int t : target) {
            ModelIndex.require(t >= 0 && t < items, "EASE target out of range");
        }
        return new EaseWeights(ptr, target, weight);
    }
}
