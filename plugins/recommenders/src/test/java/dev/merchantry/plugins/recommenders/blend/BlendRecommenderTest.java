package dev.merchantry.plugins.recommenders.blend;

import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlendRecommenderTest {

    private static final double TOLERANCE = 1e-9;

    @Test
    void ridgeRegressionMatchesTheHandSolution() {
        // y = 1 + 2x exactly on x = 0, 1, 2: with λ = 0 the solution is (1, 2). With λ = 1 by hand:
        // XᵀX = [[3, 3], [3, 5]], Xᵀy = [9, 13]; (XᵀX + diag(0, 1)) w = Xᵀy -> [[3, 3], [3, 6]] w = [9, 13]
        // -> w₀ = 3 − w₁, 9 + 3w₁ = 13 -> w₁ = 4/3, w₀ = 5/3.
        double[][] x = {{1, 0}, {1, 1}, {1, 2}};
        double[] y = {1, 3, 5};
        assertArrayEquals(new double[] {1, 2}, RidgeRegression.solve(x, y, 0), TOLERANCE);
        assertArrayEquals(new double[] {5.0 / 3, 4.0 / 3}, RidgeRegression.solve(x, y, 1), TOLERANCE);
    }

    /** 400 users × 120 items (seed 9), ratings 1..5 from user and item biases, one taste factor and noise. */
    private static Interactions ratings() {
        SplittableRandom rng = new SplittableRandom(9);
        double[] bu = new double[400];
        double[] tu = new double[400];
        double[] bi = new double[120];
        double[] ti = new double[120];
        for (int u = 0; u < bu.length; u++) {
            bu[u] = rng.nextGaussian() * 0.4;
            tu[u] = rng.nextGaussian();
        }
        for (int i = 0; i < bi.length; i++) {
            bi[i] = rng.nextGaussian() * 0.5;
            ti[i] = rng.nextGaussian();
        }
        Interactions.Builder b = Interactions.builder(true);
        for (int u = 0; u < bu.length; u++) {
            for (int i = 0; i < bi.length; i++) {
                if (rng.nextDouble() < 0.25) {
                    double r = 3.5 + bu[u] + bi[i] + 0.5 * tu[u] * ti[i] + rng.nextGaussian() * 0.6;
                    b.add("u" + u, "i" + i, Math.max(1, Math.min(5, Math.round(r))), 0);
                }
            }
        }
        return b.build();
    }

    @Test
    void probeWeightsAreFittedAndTheBlendIsNoWorseOnTheProbeThanItsBestMember() {
        BlendRecommender blend = new BlendRecommender();
        RecommenderModel model = blend.fit(RecommenderData.of(ratings()), blend.descriptor().configSpec().defaults(),
                OfflineContext.create(), (f, m) -> { });
        Map<String, Double> m = model.metrics();
        assertEquals(1.0, m.get("blend_fitted"));
        double best = Double.POSITIVE_INFINITY;
        for (String member : new String[] {"bias-baseline", "item-knn", "user-knn", "svd", "svd-pp"}) {
            best = Math.min(best, m.get("probe_rmse_" + member));
        }
        // Least squares with an intercept can always reproduce a single member (weight 1, others 0) up to the small
        // ridge penalty, so on the probe it is at most that member's error plus the penalty's share.
        assertTrue(m.get("probe_rmse_blend") <= best + 1e-3, m.toString());
        double r = model.predictRating("u1", "i3").orElseThrow();
        assertTrue(r >= 1 && r <= 5, "clamped to the rating range: " + r);
    }

    @Test
    void tooFewProbeRatingsAverageTheMembers() {
        Interactions.Builder b = Interactions.builder(true);
        for (int u = 0; u < 10; u++) {
            for (int i = 0; i < 5; i++) {
                b.add("u" + u, "i" + i, 1 + (u + i) % 5, 0);
            }
        }
        BlendRecommender blend = new BlendRecommender();
        RecommenderModel model = blend.fit(RecommenderData.of(b.build()), blend.descriptor().configSpec().defaults(),
                OfflineContext.create(), (f, m) -> { });
        assertEquals(0.0, model.metrics().get("blend_fitted"));
        assertEquals(0.2, model.metrics().get("weight_svd"), TOLERANCE);
        assertEquals(0.0, model.metrics().get("weight_intercept"), TOLERANCE);
    }
}
