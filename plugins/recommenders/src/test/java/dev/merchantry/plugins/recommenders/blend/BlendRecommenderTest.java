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

    @Test
    void dayEffectsLowerTheErrorOnRatingsOfKnownDaysAndSurviveSerialization() {
        DayBiasesTest.Generated g = DayBiasesTest.generate();
        BlendRecommender blend = new BlendRecommender();
        var spec = blend.descriptor().configSpec();
        RecommenderModel withDays = blend.fit(RecommenderData.of(g.train()), spec.defaults(), OfflineContext.create(),
                (f, m) -> { });
        RecommenderModel without = blend.fit(RecommenderData.of(g.train()), spec.parse(Map.of("day_effects", false)),
                OfflineContext.create(), (f, m) -> { });
        assertTrue(withDays.metrics().containsKey("weight_day_baseline"), withDays.metrics().toString());
        assertTrue(!without.metrics().containsKey("weight_day_baseline"));
        RecommenderModel loaded = blend.load(withDays.serialize());
        double se1 = 0;
        double se0 = 0;
        int n = g.users().length;
        for (int k = 0; k < n; k++) {
            double p1 = withDays.predictRating(g.users()[k], g.items()[k], g.times()[k]).orElseThrow();
            double p0 = without.predictRating(g.users()[k], g.items()[k], g.times()[k]).orElseThrow();
            se1 += (g.ratings()[k] - p1) * (g.ratings()[k] - p1);
            se0 += (g.ratings()[k] - p0) * (g.ratings()[k] - p0);
            assertEquals(p1, loaded.predictRating(g.users()[k], g.items()[k], g.times()[k]).orElseThrow(), 0.0);
        }
        double rmse1 = Math.sqrt(se1 / n);
        double rmse0 = Math.sqrt(se0 / n);
        // the planted mood (sd 0.5) is invisible to every member; only the day input can explain it
        assertTrue(rmse1 < 0.85 * rmse0, rmse1 + " with day effects vs " + rmse0 + " without " + withDays.metrics());
        // without a time the day input is the plain baseline: a sensible prediction still
        double untimed = withDays.predictRating(g.users()[0], g.items()[0]).orElseThrow();
        assertTrue(untimed >= 1 && untimed <= 6, "untimed prediction " + untimed);
    }
}
