package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.plugins.recommenders.common.RatingMatrix;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ratings cut into {@link #B} × {@link #B} blocks for stratified SGD (Gemulla, Nijkamp, Haas &amp; Sismanis 2011,
 * "Large-scale matrix factorization with distributed stochastic gradient descent"): users fall into B groups and
 * items into B groups, block (g, h) holds the ratings of group-g users on group-h items. Blocks (g, (g+s) mod B),
 * g = 0..B−1, share no user and no item, so one stratum's blocks can be trained at the same time with exactly the
 * result of training them one after the other. B is a constant, not the core count, so a seed gives the same model
 * on any machine and with any number of threads.
 *
 * <p>Each user's ratings are stored grouped by item group, so block (g, h) is, for every user u of group g, the
 * contiguous segment {@code [segment(u, h), segment(u, h + 1))} of {@link #items} and {@link #values}. These are a
 * private copy: SGD shuffles segments in place each epoch.
 */
final class SgdBlocks {

    /** Groups per side. 8 keeps 2–8 cores busy with uneven blocks and costs nothing measurable on one core. */
    static final int B = 8;

    final int[][] groupUsers;
    final int[] items;
    final double[] values;
    private final int[] segments;

    private SgdBlocks(int[][] groupUsers, int[] items, double[] values, int[] segments) {
        this.groupUsers = groupUsers;
        this.items = items;
        this.values = values;
        this.segments = segments;
    }

    int segment(int u, int h) {
        return segments[u * B + h];
    }

    /**
     * Groups balanced by rating count (largest first into the lightest group, ties by index: deterministic), then
     * each user's ratings laid out by item group.
     */
    static SgdBlocks of(RatingMatrix m) {
        int[] userGroup = balancedGroups(m.userPtr, m.users);
        int[] itemGroup = balancedGroups(m.itemPtr, m.items);
        int[] groupSize = new int[B];
        for (int u = 0; u < m.users; u++) {
            groupSize[userGroup[u]]++;
        }
        int[][] groupUsers = new int[B][];
        for (int g = 0; g < B; g++) {
            groupUsers[g] = new int[groupSize[g]];
        }
        int[] fill = new int[B];
        for (int u = 0; u < m.users; u++) {
            groupUsers[userGroup[u]][fill[userGroup[u]]++] = u;
        }
        int n = m.size();
        // Counting sort of each user's ratings by item group: sizes, offsets, then placement (stable).
        int[] segments = new int[m.users * B + 1];
        for (int u = 0; u < m.users; u++) {
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                segments[u * B + itemGroup[m.userItems[k]] + 1]++;
            }
        }
        for (int s = 0; s < m.users * B; s++) {
            segments[s + 1] += segments[s];
        }
        int[] next = Arrays.copyOf(segments, m.users * B);
        int[] items = new int[n];
        double[] values = new double[n];
        for (int u = 0; u < m.users; u++) {
            for (int k = m.userPtr[u]; k < m.userPtr[u + 1]; k++) {
                int w = next[u * B + itemGroup[m.userItems[k]]]++;
                items[w] = m.userItems[k];
                values[w] = m.userValues[k];
            }
        }
        return new SgdBlocks(groupUsers, items, values, segments);
    }

    /** Longest-processing-time assignment of rows (by CSR degree) to B groups. */
    private static int[] balancedGroups(int[] ptr, int rows) {
        long[] keys = new long[rows];
        for (int r = 0; r < rows; r++) {
            // Degree descending, then index ascending.
            keys[r] = ((long) (Integer.MAX_VALUE - (ptr[r + 1] - ptr[r])) << 32) | r;
        }
        Arrays.sort(keys);
        long[] load = new long[B];
        int[] group = new int[rows];
        for (long key : keys) {
            int r = (int) key;
            int best = 0;
            for (int g = 1; g < B; g++) {
                if (load[g] < load[best]) {
                    best = g;
                }
            }
            group[r] = best;
            // +1 so rows without ratings still spread over the groups.
            load[best] += ptr[r + 1] - ptr[r] + 1;
        }
        return group;
    }

    /** Shuffles the users of group g and each of their segments in block (g, h), in place. */
    void shuffle(int g, int h, SplittableRandom random) {
        int[] users = groupUsers[g];
        for (int k = users.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = users[k];
            users[k] = users[j];
            users[j] = t;
        }
        for (int u : users) {
            int from = segment(u, h);
            for (int k = segment(u, h + 1) - 1; k > from; k--) {
                int j = from + random.nextInt(k - from + 1);
                int ti = items[k];
                items[k] = items[j];
                items[j] = ti;
                double tv = values[k];
                values[k] = values[j];
                values[j] = tv;
            }
        }
    }
}
