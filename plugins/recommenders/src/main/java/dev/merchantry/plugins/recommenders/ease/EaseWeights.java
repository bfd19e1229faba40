package dev.merchantry.plugins.recommenders.ease;

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

    /** Keeps, per row of the dense B, the {@code keep} weights of largest magnitude (ties: lower index). */
    static EaseWeights sparsify(double[] b, int[] items, int itemCount, int keep) {
        int n = items.length;
        int[] ptr = new int[itemCount + 1];
        int kept = Math.min(keep, Math.max(0, n - 1));
        int[] target = new int[n * kept];
        float[] weight = new float[n * kept];
        int size = 0;
        long[] keys = new long[n];
        int[] rowOf = new int[itemCount];
        Arrays.fill(rowOf, -1);
        for (int c = 0; c < n; c++) {
            rowOf[items[c]] = c;
        }
        for (int i = 0; i < itemCount; i++) {
            int c = rowOf[i];
            if (c >= 0) {
                int count = 0;
                for (int j = 0; j < n; j++) {
                    if (j != c) {
                        float w = (float) Math.abs(b[c * n + j]);
                        keys[count++] = ((long) Float.floatToIntBits(w) << 32) | (Integer.MAX_VALUE - j);
                    }
                }
                Arrays.sort(keys, 0, count);
                int take = Math.min(kept, count);
                int start = size;
                for (int r = 0; r < take; r++) {
                    int j = Integer.MAX_VALUE - (int) (keys[count - 1 - r] & 0xffffffffL);
                    target[size] = items[j];
                    weight[size] = (float) b[c * n + j];
                    size++;
                }
                // Targets ascending within a row: the order of floating-point sums is then fixed.
                sortRow(target, weight, start, size);
            }
            ptr[i + 1] = size;
        }
        return new EaseWeights(ptr, Arrays.copyOf(target, size), Arrays.copyOf(weight, size));
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
