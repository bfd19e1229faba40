package dev.merchantry.plugins.recommenders.cooccurrence;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.recommend.Basket;
import dev.merchantry.plugins.recommenders.common.ModelIndex;

import java.util.Arrays;
import java.util.List;

/**
 * For each item i, its partners j with the rule's score (confidence, lift or support), best first, plus the
 * support counts behind them. Mined item by item through an item → baskets index, so no pair table is held.
 */
final class PairRules {

    final int[] ptr;
    final int[] partner;
    final float[] score;
    final int[] support;

    PairRules(int[] ptr, int[] partner, float[] score, int[] support) {
        this.ptr = ptr;
        this.partner = partner;
        this.score = score;
        this.support = support;
    }

    int size() {
        return partner.length;
    }

    static PairRules mine(List<Basket> baskets, ModelIndex index, int minSupport, double minLift, String rankBy,
                          int keep, int maxBasketSize) {
        int items = index.items();
        // Baskets as item-index rows (distinct, 2..maxBasketSize items), and the transposed item → baskets index.
        int[][] rows = new int[baskets.size()][];
        int usable = 0;
        int[] itemCount = new int[items];
        for (Basket b : baskets) {
            int[] row = index.knownItems(b.itemIds());
            if (row.length >= 2 && row.length <= maxBasketSize) {
                rows[usable++] = row;
                for (int i : row) {
                    itemCount[i]++;
                }
            }
        }
        int[] ptrB = new int[items + 1];
        for (int i = 0; i < items; i++) {
            ptrB[i + 1] = ptrB[i] + itemCount[i];
        }
        int[] basketsOf = new int[ptrB[items]];
        int[] fill = Arrays.copyOf(ptrB, items);
        for (int b = 0; b < usable; b++) {
            for (int i : rows[b]) {
                basketsOf[fill[i]++] = b;
            }
        }
        double total = usable;
        int[] count = new int[items];
        int[] touched = new int[items];
        long[] keys = new long[items];
        int[] ptr = new int[items + 1];
        int[] partner = new int[0];
        float[] score = new float[0];
        int[] support = new int[0];
        int size = 0;
        for (int i = 0; i < items; i++) {
            int t = 0;
            for (int k = ptrB[i]; k < ptrB[i + 1]; k++) {
                for (int j : rows[basketsOf[k]]) {
                    if (j != i && count[j]++ == 0) {
                        touched[t++] = j;
                    }
                }
            }
            int candidates = 0;
            for (int x = 0; x < t; x++) {
                int j = touched[x];
                int nij = count[j];
                count[j] = 0;
                double lift = nij * total / ((double) itemCount[i] * itemCount[j]);
                if (nij < minSupport || lift < minLift) {
                    continue;
                }
                double s = switch (rankBy) {
                    case "lift" -> lift;
                    case "support" -> nij;
                    default -> nij / (double) itemCount[i];
                };
                keys[candidates++] = ((long) Float.floatToIntBits((float) s) << 32) | (Integer.MAX_VALUE - j);
            }
            Arrays.sort(keys, 0, candidates);
            int kept = Math.min(keep, candidates);
            if (size + kept > partner.length) {
                int n = Math.max(size + kept, partner.length * 2 + 16);
                partner = Arrays.copyOf(partner, n);
                score = Arrays.copyOf(score, n);
                support = Arrays.copyOf(support, n);
            }
            for (int r = 0; r < kept; r++) {
                long key = keys[candidates - 1 - r];
                int j = Integer.MAX_VALUE - (int) (key & 0xffffffffL);
                partner[size] = j;
                score[size] = Float.intBitsToFloat((int) (key >>> 32));
                support[size] = 0;
                size++;
            }
            // Supports recomputed for the kept partners only (count[] was reset while scoring).
            for (int k = ptrB[i]; k < ptrB[i + 1]; k++) {
                for (int j : rows[basketsOf[k]]) {
                    count[j]++;
                }
            }
            for (int r = size - kept; r < size; r++) {
                support[r] = count[partner[r]];
            }
            for (int k = ptrB[i]; k < ptrB[i + 1]; k++) {
                for (int j : rows[basketsOf[k]]) {
                    count[j] = 0;
                }
            }
            ptr[i + 1] = size;
        }
        return new PairRules(ptr, Arrays.copyOf(partner, size), Arrays.copyOf(score, size),
                Arrays.copyOf(support, size));
    }

    void write(ModelWriter w) {
        w.writeInts(ptr).writeInts(partner).writeFloats(score).writeInts(support);
    }

    static PairRules read(ModelReader r, int items) {
        int[] ptr = r.readInts();
        int[] partner = r.readInts();
        float[] score = r.readFloats();
        int[] support = r.readInts();
        ModelIndex.require(ptr.length == items + 1 && partner.length == score.length
                && partner.length == support.length && ptr[items] == partner.length, "pair rule sizes");
        for (int i = 0; i < items; i++) {
            ModelIndex.require(ptr[i] >= 0 && ptr[i] <= ptr[i + 1], "pair rule offsets");
        }
        for (int p : partner) {
            ModelIndex.require(p >= 0 && p < items, "pair partner out of range");
        }
        return new PairRules(ptr, partner, score, support);
    }
}
