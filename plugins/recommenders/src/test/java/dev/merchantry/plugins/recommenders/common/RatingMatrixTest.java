package dev.merchantry.plugins.recommenders.common;

import dev.merchantry.api.recommend.Interactions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RatingMatrixTest {

    @Test
    void duplicatePairsKeepTheLatestRatingOrSumTheirWeights() {
        for (boolean explicit : new boolean[] {true, false}) {
            Interactions in = Interactions.builder(explicit)
                    .add("u1", "b", 4, 20).add("u0", "a", 1, 10).add("u1", "b", 2, 10).add("u1", "a", 5, 30)
                    .add("u0", "a", 3, 5).build();
            RatingMatrix m = RatingMatrix.of(in);
            // Indices by first appearance: u1 = 0, u0 = 1; b = 0, a = 1. Each row's items ascending.
            assertArrayEquals(new int[] {0, 2, 3}, m.userPtr);
            assertArrayEquals(new int[] {0, 1, 1}, m.userItems);
            // u1–b: explicit keeps the rating at time 20 (4), implicit sums 4 + 2; u0–a: 1 at time 10 / 1 + 3.
            assertArrayEquals(explicit ? new double[] {4, 5, 1} : new double[] {6, 5, 4}, m.userValues);
            assertArrayEquals(new long[] {20, 30, 10}, m.userTimes);
            assertArrayEquals(new int[] {0, 1, 3}, m.itemPtr);
            assertArrayEquals(new int[] {0, 0, 1}, m.itemUsers());
            assertEquals(explicit ? 10 / 3.0 : 5, m.mean(), 1e-12);
            assertEquals(explicit ? 1 : 4, m.min());
            assertEquals(explicit ? 5 : 6, m.max());
        }
    }

    /** Thousands of rows, so every pass runs over many chunks: the same matrix as a plain sorted-map build. */
    @Test
    void aLargeMatrixEqualsThePairsSortedByUserThenItem() {
        for (boolean explicit : new boolean[] {true, false}) {
            SplittableRandom random = new SplittableRandom(3);
            Interactions.Builder b = Interactions.builder(explicit);
            List<String> userOrder = new ArrayList<>();
            List<String> itemOrder = new ArrayList<>();
            TreeMap<Long, double[]> expected = new TreeMap<>(); // (user, item) -> {value, time}
            for (int r = 0; r < 5_000; r++) {
                String user = "u" + random.nextInt(300);
                String item = "i" + random.nextInt(400);
                double value = 1 + random.nextInt(10) / 2.0;
                long time = random.nextLong(1_000_000);
                b.add(user, item, value, time);
                if (!userOrder.contains(user)) {
                    userOrder.add(user);
                }
                if (!itemOrder.contains(item)) {
                    itemOrder.add(item);
                }
                long key = (long) userOrder.indexOf(user) << 32 | itemOrder.indexOf(item);
                double[] old = expected.get(key);
                if (old == null) {
                    expected.put(key, new double[] {value, time});
                } else if (explicit) {
                    if (time >= old[1]) {
                        expected.put(key, new double[] {value, time});
                    }
                } else {
                    expected.put(key, new double[] {old[0] + value, Math.max(old[1], time)});
                }
            }
            RatingMatrix m = RatingMatrix.of(b.build());
            assertEquals(expected.size(), m.size());
            int k = 0;
            int[] columnCounts = new int[m.items];
            for (var e : expected.entrySet()) {
                int user = (int) (e.getKey() >>> 32);
                int item = (int) (long) e.getKey();
                assertEquals(true, m.userPtr[user] <= k && k < m.userPtr[user + 1], "row " + k + " of user " + user);
                assertEquals(item, m.userItems[k]);
                assertEquals(e.getValue()[0], m.userValues[k], 1e-12);
                assertEquals((long) e.getValue()[1], m.userTimes[k]);
                columnCounts[item]++;
                k++;
            }
            for (int i = 0; i < m.items; i++) {
                assertEquals(columnCounts[i], m.itemDegree(i), "column " + i);
            }
        }
    }
}
