package dev.merchantry.plugins.profiling.segments;

import dev.merchantry.plugins.profiling.core.Parallel;
import org.apache.commons.math3.random.RandomGenerator;

import java.util.Arrays;

/**
 * k-means (Lloyd's iterations) seeded by k-means++ (Arthur &amp; Vassilvitskii 2007, "k-means++: The Advantages of
 * Careful Seeding"), on points stored row-major in one array. The best of several seedings (least within-cluster
 * sum of squares) wins. Deterministic for a given random generator state.
 */
public final class KMeans {

    /** Lloyd iterations at most per seeding; they usually stop much earlier, when no point changes cluster. */
    static final int MAX_ITERATIONS = 100;

    /** Centroids row-major (k × d) and the within-cluster sum of squared distances of the points fitted. */
    public record Result(double[] centroids, int k, int d, double inertia) {
    }

    private KMeans() {
    }

    public static Result fit(double[] points, int n, int d, int k, int seedings, RandomGenerator random, Parallel parallel) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in 1.." + n + ", got " + k);
        }
        Result best = null;
        for (int s = 0; s < seedings; s++) {
            Result r = lloyd(points, n, d, seed(points, n, d, k, random), k, parallel);
            if (best == null || r.inertia() < best.inertia()) {
                best = r;
            }
        }
        return best;
    }

    /** k-means++: the first centroid uniformly, each next one with probability ∝ squared distance to the nearest. */
    static double[] seed(double[] points, int n, int d, int k, RandomGenerator random) {
        double[] c = new double[k * d];
        int first = random.nextInt(n);
        System.arraycopy(points, first * d, c, 0, d);
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            dist[i] = squared(points, i * d, c, 0, d);
        }
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += dist[i];
            }
            int pick;
            if (total <= 0) {
                pick = random.nextInt(n); // every point coincides with a centroid already
            } else {
                double u = random.nextDouble() * total;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    u -= dist[i];
                    if (u < 0) {
                        pick = i;
                        break;
                    }
                }
            }
            System.arraycopy(points, pick * d, c, j * d, d);
            for (int i = 0; i < n; i++) {
                dist[i] = Math.min(dist[i], squared(points, i * d, c, j * d, d));
            }
        }
        return c;
    }

    private static Result lloyd(double[] points, int n, int d, double[] c, int k, Parallel parallel) {
        int[] label = new int[n];
        Arrays.fill(label, -1);
        double inertia = Double.NaN;
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            int[] changed = new int[1];
            final double[] centroids = c;
            inertia = parallel.sum(n, (from, to) -> {
                double s = 0;
                int moved = 0;
                for (int i = from; i < to; i++) {
                    int best = 0;
                    double bestD = Double.POSITIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        double dd = squared(points, i * d, centroids, j * d, d);
                        if (dd < bestD) {
                            bestD = dd;
                            best = j;
                        }
                    }
                    if (label[i] != best) {
                        label[i] = best;
                        moved++;
                    }
                    s += bestD;
                }
                synchronized (changed) {
                    changed[0] += moved;
                }
                return s;
            });
            if (changed[0] == 0) {
                break;
            }
            double[] sum = new double[k * d];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                int j = label[i];
                count[j]++;
                for (int f = 0; f < d; f++) {
                    sum[j * d + f] += points[i * d + f];
                }
            }
            double[] next = new double[k * d];
            for (int j = 0; j < k; j++) {
                if (count[j] == 0) {
                    // An emptied cluster takes the point farthest from its centroid, so k clusters survive.
                    int far = farthest(points, n, d, c, label);
                    System.arraycopy(points, far * d, next, j * d, d);
                    label[far] = j;
                    continue;
                }
                for (int f = 0; f < d; f++) {
                    next[j * d + f] = sum[j * d + f] / count[j];
                }
            }
            c = next;
        }
        return new Result(c, k, d, inertia);
    }

    private static int farthest(double[] points, int n, int d, double[] c, int[] label) {
        int far = 0;
        double farD = -1;
        for (int i = 0; i < n; i++) {
            double dd = squared(points, i * d, c, label[i] * d, d);
            if (dd > farD) {
                farD = dd;
                far = i;
            }
        }
        return far;
    }

    /** Index of the centroid nearest to {@code point[offset..offset+d)}; ties go to the lower index. */
    public static int nearest(double[] point, int offset, Result model) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int j = 0; j < model.k(); j++) {
            double dd = squared(point, offset, model.centroids(), j * model.d(), model.d());
            if (dd < bestD) {
                bestD = dd;
                best = j;
            }
        }
        return best;
    }

    /**
     * Mean silhouette (Rousseeuw 1987) of the first {@code n} points under {@code labels}: for each point,
     * (b − a) / max(a, b) with a its mean distance to its own cluster and b the least mean distance to another.
     * Points alone in their cluster score 0. O(n²d): give it a sample.
     */
    public static double silhouette(double[] points, int n, int d, int[] labels, int k) {
        double total = 0;
        double[] sums = new double[k];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            counts[labels[i]]++;
        }
        for (int i = 0; i < n; i++) {
            Arrays.fill(sums, 0);
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sums[labels[j]] += Math.sqrt(squared(points, i * d, points, j * d, d));
                }
            }
            int own = labels[i];
            if (counts[own] <= 1) {
                continue;
            }
            double a = sums[own] / (counts[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && counts[c] > 0) {
                    b = Math.min(b, sums[c] / counts[c]);
                }
            }
            if (Double.isFinite(b) && Math.max(a, b) > 0) {
                total += (b - a) / Math.max(a, b);
            }
        }
        return n == 0 ? 0 : total / n;
    }

    static double squared(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int f = 0; f < d; f++) {
            double diff = a[ao + f] - b[bo + f];
            s += diff * diff;
        }
        return s;
    }
}
