package dev.merchantry.plugins.profiling.segments;

import dev.merchantry.plugins.profiling.core.CustomerTable;
import dev.merchantry.plugins.profiling.core.Parallel;
import org.apache.commons.math3.random.RandomGenerator;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Clusters buyers with k-means++ on {@link BehaviourFeatures}. Unless k is given, k is the one in 2..max_k with the
 * best mean silhouette: each candidate is clustered on a seeded sample of buyers and scored on a sub-sample (the
 * silhouette is quadratic in points). The chosen k is then fitted on a larger sample and every buyer is assigned to
 * its nearest centroid. Clusters are numbered 1..k by descending mean spend.
 */
public final class SegmentFinder {

    /** Seedings per k-means fit; the one with the least within-cluster sum of squares wins. */
    static final int SEEDINGS = 3;

    /** Settings of the search. */
    public record Settings(int k, int maxK, int selectionSample, int silhouetteSample, int fitSample,
                           int maxCategories, double categoryWeight) {
    }

    /**
     * Clusters found: {@code label[i]} is customer i's cluster 0..k−1 (−1 for non-buyers), ranked by spend;
     * {@code silhouette} of the chosen k (NaN when k was given or there were too few buyers to compare).
     */
    public record Clusters(int k, int[] label, double[][] centroidZ, double silhouette, BehaviourFeatures features) {
    }

    private SegmentFinder() {
    }

    public static Clusters find(CustomerTable t, int[] buyers, Settings s, RandomGenerator random, Parallel parallel) {
        BehaviourFeatures features = new BehaviourFeatures(t, buyers, s.maxCategories(), s.categoryWeight());
        int d = features.dimensions();
        int[] label = new int[t.size];
        Arrays.fill(label, -1);
        if (buyers.length < 4) {
            for (int i : buyers) {
                label[i] = 0;
            }
            return new Clusters(buyers.length == 0 ? 0 : 1, label, new double[buyers.length == 0 ? 0 : 1][d],
                    Double.NaN, features);
        }
        int[] shuffled = shuffle(buyers, random);
        int k = s.k();
        double silhouette = Double.NaN;
        if (k <= 0) {
            int n = Math.min(s.selectionSample(), shuffled.length);
            double[] points = rows(features, shuffled, n, d);
            int m = Math.min(s.silhouetteSample(), n);
            double best = Double.NEGATIVE_INFINITY;
            int bestK = 1;
            for (int candidate = 2; candidate <= Math.min(s.maxK(), n - 1); candidate++) {
                KMeans.Result model = KMeans.fit(points, n, d, candidate, SEEDINGS, random, parallel);
                int[] labels = new int[m];
                for (int i = 0; i < m; i++) {
                    labels[i] = KMeans.nearest(points, i * d, model);
                }
                double score = KMeans.silhouette(points, m, d, labels, candidate);
                if (score > best + 1e-12) {
                    best = score;
                    bestK = candidate;
                }
            }
            k = bestK;
            silhouette = best;
        }
        k = Math.min(k, shuffled.length);
        int n = Math.min(s.fitSample(), shuffled.length);
        double[] points = rows(features, shuffled, n, d);
        KMeans.Result model = KMeans.fit(points, n, d, k, SEEDINGS, random, parallel);
        int[] raw = new int[t.size];
        Arrays.fill(raw, -1);
        double[] spend = new double[k];
        long[] count = new long[k];
        parallel.forRange(buyers.length, (from, to) -> {
            double[] row = new double[d];
            for (int b = from; b < to; b++) {
                features.row(buyers[b], row, 0);
                raw[buyers[b]] = KMeans.nearest(row, 0, model);
            }
        });
        for (int i : buyers) {
            spend[raw[i]] += t.windowRevenue[i];
            count[raw[i]]++;
        }
        // Rank clusters by mean spend (then by centroid, for ties) so ids mean something and are stable.
        final int kk = k;
        Integer[] order = IntStream.range(0, k).boxed().sorted(Comparator
                .comparingDouble((Integer j) -> count[j] == 0 ? Double.MAX_VALUE : -spend[j] / count[j])
                .thenComparing(j -> Arrays.toString(Arrays.copyOfRange(model.centroids(), j * d, (j + 1) * d))))
                .toArray(Integer[]::new);
        int[] rank = new int[kk];
        double[][] centroids = new double[kk][d];
        for (int r = 0; r < kk; r++) {
            rank[order[r]] = r;
            for (int f = 0; f < d; f++) {
                centroids[r][f] = features.unweighted(f, model.centroids()[order[r] * d + f]);
            }
        }
        for (int i : buyers) {
            label[i] = rank[raw[i]];
        }
        return new Clusters(kk, label, centroids, silhouette, features);
    }

    /**
     * The centroid in plain words: its most distinctive features (|z| ≥ 0.5, at most three, strongest first) with
     * the segment's own figures, then its dominant category when one holds at least 40 % of the spend.
     *
     * @param averages the segment's means ({@code recency_days, orders, monetary, units_per_order,
     *        discount_share, views}) and its spend share per category
     * @return {name, description}
     */
    public static String[] describe(double[] z, java.util.Map<String, Double> averages, double[] categoryShare,
                                    java.util.List<String> categories) {
        java.util.List<Trait> traits = new java.util.ArrayList<>();
        double orders = averages.getOrDefault("orders", 0.0);
        add(traits, z[0], String.format(Locale.ROOT, "lapsed (last order %.0f days ago)", averages.get("recency_days")),
                "Lapsed", String.format(Locale.ROOT, "recently active (last order %.0f days ago)", averages.get("recency_days")),
                "Recent");
        add(traits, z[1], String.format(Locale.ROOT, "frequent buyers (%.1f orders)", orders), "Frequent",
                String.format(Locale.ROOT, "rare buyers (%.1f orders)", orders), "Rare");
        add(traits, z[2], String.format(Locale.ROOT, "high spend (%.0f in total)", averages.get("monetary")), "High spend",
                String.format(Locale.ROOT, "low spend (%.0f in total)", averages.get("monetary")), "Low spend");
        add(traits, z[3], String.format(Locale.ROOT, "large baskets (%.1f units per order)", averages.get("units_per_order")),
                "Large baskets", String.format(Locale.ROOT, "small baskets (%.1f units per order)",
                        averages.get("units_per_order")), "Small baskets");
        add(traits, z[4], String.format(Locale.ROOT, "discount-driven (%.0f%% of list value discounted)",
                100 * averages.get("discount_share")), "Discount-driven", "rarely use discounts", "Full price");
        double viewsPerOrder = averages.get("views") / Math.max(1e-9, orders);
        add(traits, z[5], String.format(Locale.ROOT, "browse a lot before buying (%.1f views per order)", viewsPerOrder),
                "Browsers", String.format(Locale.ROOT, "buy with little browsing (%.1f views per order)", viewsPerOrder),
                "Decisive");
        traits.sort(Comparator.comparingDouble((Trait tr) -> -tr.strength()));
        java.util.List<String> phrases = new java.util.ArrayList<>();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Trait tr : traits.subList(0, Math.min(3, traits.size()))) {
            phrases.add(tr.phrase());
            names.add(tr.shortName());
        }
        int top = -1;
        for (int c = 0; c < categoryShare.length; c++) {
            if (top < 0 || categoryShare[c] > categoryShare[top]) {
                top = c;
            }
        }
        if (top >= 0 && categoryShare[top] >= 0.4) {
            phrases.add(String.format(Locale.ROOT, "mostly %s (%.0f%% of spend)", categories.get(top), 100 * categoryShare[top]));
            names.add(categories.get(top));
        }
        if (phrases.isEmpty()) {
            phrases.add("typical buyers of this shop");
            names.add("Typical");
        }
        String name = String.join(", ", names.subList(0, Math.min(2, names.size())));
        return new String[] {name, String.join(", ", phrases)};
    }

    /** One distinctive feature of a centroid: how far from the average (|z|) and how to say it. */
    private record Trait(double strength, String phrase, String shortName) {
    }

    private static void add(java.util.List<Trait> traits, double z, String high, String highName, String low,
                            String lowName) {
        if (Math.abs(z) >= 0.5) {
            traits.add(new Trait(Math.abs(z), z > 0 ? high : low, z > 0 ? highName : lowName));
        }
    }

    private static int[] shuffle(int[] buyers, RandomGenerator random) {
        int[] copy = buyers.clone();
        for (int k = copy.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int tmp = copy[k];
            copy[k] = copy[j];
            copy[j] = tmp;
        }
        return copy;
    }

    private static double[] rows(BehaviourFeatures features, int[] customers, int n, int d) {
        double[] points = new double[n * d];
        for (int k = 0; k < n; k++) {
            features.row(customers[k], points, k * d);
        }
        return points;
    }
}
