package dev.merchantry.plugins.recommenders.knn;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.plugins.recommenders.baseline.BiasBaseline;
import dev.merchantry.plugins.recommenders.common.CommonKeys;
import dev.merchantry.plugins.recommenders.common.RatingMatrix;

import java.util.Arrays;

/**
 * Computes each entity's top neighbours without ever holding a similarity table: for entity a it walks a's raters
 * and, through them, every entity sharing a rater, accumulating the co-rating sums in arrays indexed by entity
 * (reset after each a). Work is Σ over raters of (ratings per rater)², memory O(entities + kept neighbours).
 */
final class SimilarityBuilder {

    private SimilarityBuilder() {
    }

    /**
     * @param itemBased true: entities are items compared over users; false: users compared over items
     * @param baseline used by {@link Similarity#PEARSON_BASELINE}
     * @param keep how many positive neighbours each entity keeps
     */
    static NeighbourLists build(RatingMatrix m, boolean itemBased, Similarity similarity, double shrinkage,
                                int minSupport, int keep, BiasBaseline baseline, ProgressListener progress) {
        int entities = itemBased ? m.items : m.users;
        int[] ePtr = itemBased ? m.itemPtr : m.userPtr;
        int[] eOther = itemBased ? m.itemUsers() : m.userItems;
        int[] oPtr = itemBased ? m.userPtr : m.itemPtr;
        int[] oEntity = itemBased ? m.userItems : m.itemUsers();
        double[] eVal = transformed(m, itemBased, true, similarity, baseline);
        double[] oVal = transformed(m, itemBased, false, similarity, baseline);
        boolean pearson = similarity == Similarity.PEARSON || similarity == Similarity.PEARSON_BASELINE;
        double[] norm = new double[entities];
        if (!pearson) {
            for (int e = 0; e < entities; e++) {
                double s = 0;
                for (int k = ePtr[e]; k < ePtr[e + 1]; k++) {
                    s += eVal[k] * eVal[k];
                }
                norm[e] = Math.sqrt(s);
            }
        }
        int[] count = new int[entities];
        double[] sxy = new double[entities];
        double[] sx = pearson ? new double[entities] : null;
        double[] sy = pearson ? new double[entities] : null;
        double[] sxx = pearson ? new double[entities] : null;
        double[] syy = pearson ? new double[entities] : null;
        int[] touched = new int[entities];
        long[] keys = new long[entities];
        int[] ptr = new int[entities + 1];
        int[] nb = new int[(int) Math.max(16, Math.min((long) entities * keep, 1 << 20))];
        float[] sim = new float[nb.length];
        int size = 0;
        int step = Math.max(1, entities / 20);
        for (int a = 0; a < entities; a++) {
            if (a % step == 0) {
                CommonKeys.checkCancelled(progress);
                progress.progress(0.1 + 0.9 * a / entities, "similarities " + a + "/" + entities);
            }
            int touchedCount = 0;
            for (int k = ePtr[a]; k < ePtr[a + 1]; k++) {
                int o = eOther[k];
                double x = eVal[k];
                for (int l = oPtr[o]; l < oPtr[o + 1]; l++) {
                    int b = oEntity[l];
                    if (b == a) {
                        continue;
                    }
                    if (count[b]++ == 0) {
                        touched[touchedCount++] = b;
                    }
                    double y = oVal[l];
                    sxy[b] += x * y;
                    if (pearson) {
                        sx[b] += x;
                        sy[b] += y;
                        sxx[b] += x * x;
                        syy[b] += y * y;
                    }
                }
            }
            int candidates = 0;
            for (int t = 0; t < touchedCount; t++) {
                int b = touched[t];
                int n = count[b];
                double s;
                if (similarity == Similarity.PEARSON) {
                    double num = n * sxy[b] - sx[b] * sy[b];
                    double den = (n * sxx[b] - sx[b] * sx[b]) * (n * syy[b] - sy[b] * sy[b]);
                    s = den > 0 ? num / Math.sqrt(den) : 0;
                } else if (similarity == Similarity.PEARSON_BASELINE) {
                    double den = sxx[b] * syy[b];
                    s = den > 0 ? sxy[b] / Math.sqrt(den) : 0;
                } else {
                    double den = norm[a] * norm[b];
                    s = den > 0 ? sxy[b] / den : 0;
                }
                s *= similarity.shrink(n, shrinkage);
                float f = (float) s;
                if (n >= minSupport && f > 0) {
                    // Positive floats order like their bits; ties: the lower index first.
                    keys[candidates++] = ((long) Float.floatToIntBits(f) << 32) | (Integer.MAX_VALUE - b);
                }
                count[b] = 0;
                sxy[b] = 0;
                if (pearson) {
                    sx[b] = 0;
                    sy[b] = 0;
                    sxx[b] = 0;
                    syy[b] = 0;
                }
            }
            Arrays.sort(keys, 0, candidates);
            int kept = Math.min(keep, candidates);
            if (size + kept > nb.length) {
                int n = Math.max(size + kept, nb.length * 2);
                nb = Arrays.copyOf(nb, n);
                sim = Arrays.copyOf(sim, n);
            }
            for (int r = 0; r < kept; r++) {
                long key = keys[candidates - 1 - r];
                nb[size] = Integer.MAX_VALUE - (int) (key & 0xffffffffL);
                sim[size] = Float.intBitsToFloat((int) (key >>> 32));
                size++;
            }
            ptr[a + 1] = size;
        }
        return new NeighbourLists(ptr, Arrays.copyOf(nb, size), Arrays.copyOf(sim, size));
    }

    /**
     * The values the similarity is computed on, aligned with the entity-major ({@code entityMajor}) or the other
     * CSR order: raw values, minus the rater's mean (adjusted cosine) or minus the baseline (Pearson-baseline).
     */
    private static double[] transformed(RatingMatrix m, boolean itemBased, boolean entityMajor, Similarity s,
                                        BiasBaseline b) {
        boolean userMajor = itemBased != entityMajor;
        int[] ptr = userMajor ? m.userPtr : m.itemPtr;
        int[] idx = userMajor ? m.userItems : m.itemUsers();
        double[] raw = userMajor ? m.userValues : m.itemValues();
        if (s == Similarity.COSINE || s == Similarity.PEARSON) {
            return raw;
        }
        double[] out = new double[raw.length];
        int rows = ptr.length - 1;
        if (s == Similarity.ADJUSTED_COSINE) {
            // Subtract the mean of the rater: users for item-based, items for user-based.
            double[] raterMean = itemBased ? rowMeans(m.userPtr, m.userValues) : rowMeans(m.itemPtr, m.itemValues());
            for (int r = 0; r < rows; r++) {
                for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                    int rater = itemBased ? (userMajor ? r : idx[k]) : (userMajor ? idx[k] : r);
                    out[k] = raw[k] - raterMean[rater];
                }
            }
            return out;
        }
        for (int r = 0; r < rows; r++) {
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int u = userMajor ? r : idx[k];
                int i = userMajor ? idx[k] : r;
                out[k] = raw[k] - b.predict(u, i);
            }
        }
        return out;
    }

    private static double[] rowMeans(int[] ptr, double[] values) {
        double[] mean = new double[ptr.length - 1];
        for (int r = 0; r < mean.length; r++) {
            double s = 0;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                s += values[k];
            }
            mean[r] = ptr[r + 1] > ptr[r] ? s / (ptr[r + 1] - ptr[r]) : 0;
        }
        return mean;
    }
}
