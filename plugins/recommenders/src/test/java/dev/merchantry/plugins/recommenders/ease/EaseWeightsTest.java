package dev.merchantry.plugins.recommenders.ease;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EaseWeightsTest {

    @Test
    void keepsTheLargestMagnitudesLowerIndexFirstOnTiesAsAFullSortWould() {
        Random random = new Random(11);
        int n = 300;
        int itemCount = 340;
        // Items with interactions: a sorted subset of the catalog, so some catalog items have no row.
        int[] items = random.ints(0, itemCount).distinct().limit(n).sorted().toArray();
        double[] b = new double[n * n];
        for (int k = 0; k < b.length; k++) {
            // Few distinct magnitudes of both signs: many ties.
            b[k] = (random.nextInt(9) - 4) * 0.125;
        }
        for (int keep : new int[] {1, 5, 150, n - 1, 500}) {
            EaseWeights expected = fullSort(b, items, itemCount, keep);
            for (StrategyContext context : new StrategyContext[] {OfflineContext.create(), new StrategyContext() {
                @Override
                public String shopId() {
                    return "one-thread";
                }

                @Override
                public java.time.Clock clock() {
                    return java.time.Clock.systemUTC();
                }

                @Override
                public org.slf4j.Logger logger() {
                    return org.slf4j.LoggerFactory.getLogger("test");
                }

                @Override
                public dev.merchantry.api.StrategyMetrics metrics() {
                    return dev.merchantry.api.StrategyMetrics.NOOP;
                }

                @Override
                public dev.merchantry.api.StrategyClient strategies() {
                    return dev.merchantry.api.StrategyClient.NONE;
                }
            }}) {
                EaseWeights actual = EaseWeights.sparsify(b, items, itemCount, keep, context);
                assertArrayEquals(expected.ptr, actual.ptr, "keep " + keep);
                assertArrayEquals(expected.target, actual.target, "keep " + keep);
                assertArrayEquals(expected.weight, actual.weight, "keep " + keep);
            }
        }
    }

    @Test
    void selectionPutsTheLargestKeysLast() {
        Random random = new Random(3);
        for (int count : new int[] {1, 2, 3, 10, 257}) {
            for (int k = 0; k <= count; k++) {
                long[] keys = random.longs(count, -50, 50).toArray();
                for (int i = 0; i < count; i++) {
                    keys[i] = keys[i] * count + i; // distinct, as in sparsify
                }
                long[] sorted = keys.clone();
                Arrays.sort(sorted);
                EaseWeights.selectLargest(keys, count, k);
                long[] top = Arrays.copyOfRange(keys, count - k, count);
                Arrays.sort(top);
                assertArrayEquals(Arrays.copyOfRange(sorted, count - k, count), top, count + " keys, top " + k);
                assertEquals(Arrays.stream(sorted).sum(), Arrays.stream(keys).sum(), "a permutation");
            }
        }
    }

    /** The selection by a full sort of each row, as the weights were first computed. */
    private static EaseWeights fullSort(double[] b, int[] items, int itemCount, int keep) {
        int n = items.length;
        int kept = Math.min(keep, n - 1);
        int[] ptr = new int[itemCount + 1];
        int[] target = new int[n * kept];
        float[] weight = new float[n * kept];
        int[] rowOf = new int[itemCount];
        Arrays.fill(rowOf, -1);
        for (int c = 0; c < n; c++) {
            rowOf[items[c]] = c;
        }
        int size = 0;
        for (int i = 0; i < itemCount; i++) {
            int c = rowOf[i];
            if (c >= 0) {
                long[] keys = new long[n - 1];
                int count = 0;
                for (int j = 0; j < n; j++) {
                    if (j != c) {
                        float w = (float) Math.abs(b[c * n + j]);
                        keys[count++] = ((long) Float.floatToIntBits(w) << 32) | (Integer.MAX_VALUE - j);
                    }
                }
                Arrays.sort(keys);
                int[] js = new int[kept];
                for (int r = 0; r < kept; r++) {
                    js[r] = Integer.MAX_VALUE - (int) (keys[count - 1 - r] & 0xffffffffL);
                }
                Arrays.sort(js);
                for (int j : js) {
                    target[size] = items[j];
                    weight[size++] = (float) b[c * n + j];
                }
            }
            ptr[i + 1] = size;
        }
        return new EaseWeights(ptr, target, weight);
    }
}
