package dev.merchantry.plugins.profiling.segments;

import dev.merchantry.plugins.profiling.core.CustomerTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The behavioural features k-means clusters buyers on, standardized (z-scores over the buyers): log(1+recency
 * days), log(1+orders), log(1+spend), log(1+units per order), discount share, log(1+product views per order), and
 * the share of spend in each of the shop's top categories. Logarithms tame the long right tails of counts and money
 * so a few heavy buyers do not become clusters of their own. The category shares are scaled by √(w/C) for C
 * categories, so the whole mix weighs as much as w of the other features (w = {@code category_weight}).
 */
public final class BehaviourFeatures {

    public static final List<String> BASE = List.of("recency", "frequency", "monetary", "basket_size",
            "discount_share", "browsing");

    private final CustomerTable table;
    /** Indices into table.categories of the categories used, by descending total spend. */
    private final int[] categories;
    private final int d;
    private final double[] mean;
    private final double[] sd;
    private final double categoryScale;

    public BehaviourFeatures(CustomerTable table, int[] buyers, int maxCategories, double categoryWeight) {
        this.table = table;
        this.categories = topCategories(table, maxCategories);
        this.d = BASE.size() + categories.length;
        this.categoryScale = categories.length == 0 ? 0 : Math.sqrt(categoryWeight / categories.length);
        double[] row = new double[d];
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        for (int i : buyers) {
            raw(i, row, 0);
            for (int f = 0; f < d; f++) {
                sum[f] += row[f];
                sumSq[f] += row[f] * row[f];
            }
        }
        mean = new double[d];
        sd = new double[d];
        int n = Math.max(1, buyers.length);
        for (int f = 0; f < d; f++) {
            mean[f] = sum[f] / n;
            double var = Math.max(0, sumSq[f] / n - mean[f] * mean[f]);
            sd[f] = Math.sqrt(var);
        }
    }

    private static int[] topCategories(CustomerTable t, int max) {
        double[] total = new double[t.categories.size()];
        for (int e = 0; e < t.catEntries; e++) {
            total[t.catId[e]] += t.catSpend[e];
        }
        return IntStream.range(0, total.length).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -total[c]).thenComparing(c -> t.categories.get(c)))
                .limit(max).mapToInt(Integer::intValue).toArray();
    }

    public int dimensions() {
        return d;
    }

    public List<String> categoryNames() {
        List<String> names = new ArrayList<>();
        for (int c : categories) {
            names.add(table.categories.get(c));
        }
        return names;
    }

    /** The unstandardized feature row of customer i into out[offset..offset+d). */
    public void raw(int i, double[] out, int offset) {
        double orders = Math.max(1, table.orders[i]);
        out[offset] = Math.log1p(table.recencyDays(i));
        out[offset + 1] = Math.log1p(table.windowOrders[i]);
        out[offset + 2] = Math.log1p(Math.max(0, table.windowRevenue[i]));
        out[offset + 3] = Math.log1p(table.units[i] / orders);
        double gross = table.revenue[i] + table.discount[i];
        out[offset + 4] = gross > 0 ? table.discount[i] / gross : 0;
        out[offset + 5] = Math.log1p(table.views[i] / orders);
        double spend = 0;
        for (int e = table.catStart[i]; e < table.catStart[i + 1]; e++) {
            spend += table.catSpend[e];
        }
        for (int c = 0; c < categories.length; c++) {
            double v = 0;
            for (int e = table.catStart[i]; e < table.catStart[i + 1]; e++) {
                if (table.catId[e] == categories[c]) {
                    v = table.catSpend[e];
                }
            }
            out[offset + BASE.size() + c] = spend > 0 ? v / spend : 0;
        }
    }

    /** The standardized, weighted row of customer i (what k-means sees). */
    public void row(int i, double[] out, int offset) {
        raw(i, out, offset);
        for (int f = 0; f < d; f++) {
            double z = sd[f] > 0 ? (out[offset + f] - mean[f]) / sd[f] : 0;
            out[offset + f] = f >= BASE.size() ? z * categoryScale : z;
        }
    }

    /** z-score of a feature's value (unweighted), for describing centroids. */
    public double z(int feature, double rawValue) {
        return sd[feature] > 0 ? (rawValue - mean[feature]) / sd[feature] : 0;
    }

    /** Undoes the category weighting of a standardized coordinate. */
    public double unweighted(int feature, double value) {
        return feature >= BASE.size() && categoryScale > 0 ? value / categoryScale : value;
    }
}
