package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.plugins.recommenders.common.RatingMatrix;

import java.util.Arrays;

/**
 * The ratings cut into {@link #B} × {@link #B} blocks for stratified SGD (Gemulla, Nijkamp, Haas &amp; Sismanis 2011,
 * "Large-scale matrix factorization with distributed stochastic gradient descent"): users fall into B groups and
 * items into B groups, block (g, h) holds the ratings of group-g users on group-h items. Blocks (g, (g+s) mod B),
 * g = 0..B−1, share no user and no item, so one stratum's blocks can be trained at the same time with exactly the
 * result of training them one after the other. B is a constant, not the core count, so a seed gives the same model
 * on any machine and with any number of threads.
 *
 * <p>Groups are ranges of user (item) indices holding about 1/B of the ratings each. Indices follow first appearance
 * in the data, unrelated to activity or popularity, and the matrix rows are sorted by item, so block (g, h) is, for
 * every user u of group g, one contiguous segment {@code [segment(u, h), segment(u, h + 1))} of {@link #items} and
 * {@link #values}: a private copy of the rows, because SGD shuffles each segment in place every epoch. Building
 * this costs two array copies and a binary search per user and group, next to nothing even before the JIT.
 */
final class SgdBlocks {

    /** Groups per side. 8 keeps 2–8 cores busy with uneven blocks and costs nothing measurable on one core. */
    static final int B = 8;

    final int[][] groupUsers;
    final int[] items;
    final double[] values;
    /** User u's ratings of item group h are {@code items[segments[u·B + h] .. segments[u·B + h + 1])}. */
    final int[] segments;

    private SgdBlocks(int[][] groupUsers, int[] items, double[] values, int[] segments) {
        this.groupUsers = groupUsers;
        this.items = items;
        this.values = values;
        this.segments = segments;
    }

    int segment(int u, int h) {
        return segments[u * B + h];
    }

    static SgdBlocks of(RatingMatrix m) {
        int[] userBounds = balancedRanges(m.userPtr, m.users);
        int[] itemBounds = balancedRanges(m.itemPtr, m.items);
        int[][] groupUsers = new int[B][];
        for (int g = 0; g < B; g++) {
            groupUsers[g] = new int[userBounds[g + 1] - userBounds[g]];
            for (int k = 0; k < groupUsers[g].length; k++) {
                groupUsers[g][k] = userBounds[g] + k;
            }
        }
        int[] segments = new int[m.users * B + 1];
        for (int u = 0; u < m.users; u++) {
            int from = m.userPtr[u];
            int to = m.userPtr[u + 1];
            for (int h = 0; h < B; h++) {
                // First rating of u on an item ≥ the group's first item (rows are sorted by item).
                int at = Arrays.binarySearch(m.userItems, from, to, itemBounds[h]);
                segments[u * B + h] = at >= 0 ? at : -at - 1;
            }
        }
        segments[m.users * B] = m.size();
        return new SgdBlocks(groupUsers, m.userItems.clone(), m.userValues.clone(), segments);
    }

    /**
     * B + 1 bounds cutting rows 0..rows−1 into B consecutive ranges of about equal rating counts: range g ends
     * where the running count first reaches (g+1)/B of the total.
     */
    static int[] balancedRanges(int[] ptr, int rows) {
        int[] bounds = new int[B + 1];
        long total = ptr[rows];
        int r = 0;
        for (int g = 1; g < B; g++) {
            long target = (total * g + B - 1) / B;
            while (r < rows && ptr[r] < target) {
                r++;
            }
            bounds[g] = r;
        }
        bounds[B] = rows;
        return bounds;
    }
}
