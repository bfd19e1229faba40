package dev.merchantry.plugins.recommenders.common;

import dev.merchantry.api.recommend.Interactions;

import java.util.Arrays;

/**
 * Training interactions as compressed sparse rows, by user and by item, with dense indices taken from
 * {@link Interactions}. Memory is proportional to the number of interactions. Duplicate user–item rows (possible in
 * hand-made data) are merged: explicit data keep the latest rating, implicit data sum their weights.
 */
public final class RatingMatrix {

    public final boolean explicit;
    public final int users;
    public final int items;
    /** Row {@code u} spans {@code userItems[userPtr[u] .. userPtr[u+1])}, items ascending. */
    public final int[] userPtr;
    public final int[] userItems;
    public final double[] userValues;
    public final long[] userTimes;
    /** Column {@code i} spans {@code itemUsers()[itemPtr[i] .. itemPtr[i+1])}, users ascending. */
    public final int[] itemPtr;
    private final double mean;
    private final double min;
    private final double max;
    /** The item-major copy, built on first use: SGD needs only the column counts. */
    private volatile Columns columns;

    private record Columns(int[] users, double[] values) {
    }

    private RatingMatrix(boolean explicit, int users, int items, int[] userPtr, int[] userItems, double[] userValues,
                         long[] userTimes, int[] itemPtr) {
        this.explicit = explicit;
        this.users = users;
        this.items = items;
        this.userPtr = userPtr;
        this.userItems = userItems;
        this.userValues = userValues;
        this.userTimes = userTimes;
        this.itemPtr = itemPtr;
        double sum = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : userValues) {
            sum += v;
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        boolean empty = userValues.length == 0;
        this.mean = empty ? 0 : sum / userValues.length;
        this.min = empty ? 0 : lo;
        this.max = empty ? 0 : hi;
    }

    /**
     * Builds the matrix of {@code in}; users and items keep their {@link Interactions} indices. Rows are ordered by
     * two stable counting sorts — by item, then by user — so each user's items come out ascending with duplicates in
     * input order, in O(rows + users + items): one pass reads the columns and counts, one pass per sort, one merges
     * duplicates and counts the items' columns, and the constructor adds mean, minimum and maximum.
     *
     * <p>Written for a fresh JVM, where this runs before anything of it is compiled: each pass calls a small method
     * per {@link #CHUNK} rows (per user for the merge) instead of looping over all rows in one method. A small method
     * called a few hundred times is compiled as a whole early on, and cheaply; one long loop ran interpreted for its
     * first 60,000 iterations, and its on-stack replacement by C2 — 10–42 ms of the compiler's time — came after the
     * matrix was built, while the training kernel waited for the compiler.
     */
    public static RatingMatrix of(Interactions in) {
        int n = in.size();
        int users = in.userCount();
        int items = in.itemCount();
        int[] rowUser = new int[n];
        int[] rowItem = new int[n];
        int[] itemStart = new int[items + 1];
        int[] ptr = new int[users + 1];
        for (int from = 0; from < n; from += CHUNK) {
            readRows(in, from, Math.min(n, from + CHUNK), rowUser, rowItem, itemStart, ptr);
        }
        prefixSums(itemStart);
        prefixSums(ptr);
        int[] byItem = new int[n];
        for (int from = 0; from < n; from += CHUNK) {
            placeByItem(rowItem, from, Math.min(n, from + CHUNK), itemStart, byItem);
        }
        int[] order = new int[n];
        int[] fill = Arrays.copyOf(ptr, users);
        for (int from = 0; from < n; from += CHUNK) {
            placeByUser(byItem, from, Math.min(n, from + CHUNK), rowUser, fill, order);
        }
        int[] outPtr = new int[users + 1];
        int[] outItems = new int[n];
        double[] outValues = new double[n];
        long[] outTimes = new long[n];
        int[] itemPtr = new int[items + 1];
        boolean explicit = in.explicit();
        int w = 0;
        for (int u = 0; u < users; u++) {
            w = mergeRow(in, explicit, order, ptr[u], ptr[u + 1], rowItem, outItems, outValues, outTimes, itemPtr, w);
            outPtr[u + 1] = w;
        }
        prefixSums(itemPtr);
        return new RatingMatrix(explicit, users, items, outPtr, w == n ? outItems : Arrays.copyOf(outItems, w),
                w == n ? outValues : Arrays.copyOf(outValues, w), w == n ? outTimes : Arrays.copyOf(outTimes, w),
                itemPtr);
    }

    /** Rows per call of the passes of {@link #of}. */
    private static final int CHUNK = 32;

    /** Rows [from, to): their user and item, counted per item and per user (at index + 1). */
    private static void readRows(Interactions in, int from, int to, int[] rowUser, int[] rowItem, int[] itemStart,
                                 int[] ptr) {
        for (int r = from; r < to; r++) {
            int u = in.user(r);
            int i = in.item(r);
            rowUser[r] = u;
            rowItem[r] = i;
            itemStart[i + 1]++;
            ptr[u + 1]++;
        }
    }

    /** Rows [from, to) into their item's slots, in row order. */
    private static void placeByItem(int[] rowItem, int from, int to, int[] itemStart, int[] byItem) {
        for (int r = from; r < to; r++) {
            byItem[itemStart[rowItem[r]]++] = r;
        }
    }

    /** Positions [from, to) of the by-item order into their user's slots, keeping that order. */
    private static void placeByUser(int[] byItem, int from, int to, int[] rowUser, int[] fill, int[] order) {
        for (int k = from; k < to; k++) {
            int r = byItem[k];
            order[fill[rowUser[r]]++] = r;
        }
    }

    /**
     * One user's rows, {@code order[from .. to)} (items ascending), written from position {@code w} with duplicates
     * merged (explicit: the latest rating; implicit: summed), each item counted in its column; returns the next
     * position.
     */
    private static int mergeRow(Interactions in, boolean explicit, int[] order, int from, int to, int[] rowItem,
                                int[] outItems, double[] outValues, long[] outTimes, int[] itemPtr, int w) {
        int last = -1;
        for (int k = from; k < to; k++) {
            int r = order[k];
            int item = rowItem[r];
            double value = in.value(r);
            long time = in.timestamp(r);
            if (item == last) {
                if (explicit) {
                    if (time >= outTimes[w - 1]) {
                        outValues[w - 1] = value;
                        outTimes[w - 1] = time;
                    }
                } else {
                    outValues[w - 1] += value;
                    outTimes[w - 1] = Math.max(outTimes[w - 1], time);
                }
                continue;
            }
            outItems[w] = item;
            outValues[w] = value;
            outTimes[w] = time;
            itemPtr[item + 1]++;
            w++;
            last = item;
        }
        return w;
    }

    private static void prefixSums(int[] a) {
        for (int k = 1; k < a.length; k++) {
            a[k] += a[k - 1];
        }
    }

    /** Column {@code i}'s users are {@code itemUsers()[itemPtr[i] .. itemPtr[i+1])}, ascending. */
    public int[] itemUsers() {
        return columns().users();
    }

    /** The values aligned with {@link #itemUsers()}. */
    public double[] itemValues() {
        return columns().values();
    }

    private Columns columns() {
        Columns c = columns;
        if (c == null) {
            int nnz = userItems.length;
            int[] itemUsers = new int[nnz];
            double[] itemValues = new double[nnz];
            int[] fill = Arrays.copyOf(itemPtr, items);
            for (int u = 0; u < users; u++) {
                for (int k = userPtr[u]; k < userPtr[u + 1]; k++) {
                    int at = fill[userItems[k]]++;
                    itemUsers[at] = u;
                    itemValues[at] = userValues[k];
                }
            }
            c = new Columns(itemUsers, itemValues);
            columns = c;
        }
        return c;
    }

    /** The same matrix with every value v replaced by {@code f(v)} (indices, times and kind unchanged). */
    public RatingMatrix mapValues(java.util.function.DoubleUnaryOperator f) {
        double[] values = new double[userValues.length];
        for (int k = 0; k < values.length; k++) {
            values[k] = f.applyAsDouble(userValues[k]);
        }
        return new RatingMatrix(explicit, users, items, userPtr, userItems, values, userTimes, itemPtr);
    }

    /** Number of stored (merged) interactions. */
    public int size() {
        return userItems.length;
    }

    public int userDegree(int u) {
        return userPtr[u + 1] - userPtr[u];
    }

    public int itemDegree(int i) {
        return itemPtr[i + 1] - itemPtr[i];
    }

    /** Mean of all values, 0 when empty. */
    public double mean() {
        return mean;
    }

    /** Smallest value, 0 when empty. */
    public double min() {
        return min;
    }

    /** Largest value, 0 when empty. */
    public double max() {
        return max;
    }
}
