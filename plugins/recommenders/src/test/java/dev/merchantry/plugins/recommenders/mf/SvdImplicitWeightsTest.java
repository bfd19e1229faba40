package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.api.StrategyException;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo shop's implicit weights (summed event weights, median 2, max 538) made {@code svd} report
 * {@code train_rmse} NaN and recommend nothing: SGD on raw weights overshoots. Implicit weights are now fitted as
 * log(1 + w), and a run that still diverges fails with a message naming the keys to change.
 */
class SvdImplicitWeightsTest {

    /** 300 customers × 60 products (seed 3), weights like the demo's: views 1, carts 3, orders 5, some pairs heavy. */
    private static Interactions heavyWeights() {
        SplittableRandom rng = new SplittableRandom(3);
        Interactions.Builder b = Interactions.builder(false);
        for (int u = 0; u < 300; u++) {
            for (int k = 0; k < 12; k++) {
                int item = (int) Math.min(59, Math.floor(-Math.log(1 - rng.nextDouble()) * 12));
                int views = 1 + (rng.nextDouble() < 0.1 ? rng.nextInt(150) : rng.nextInt(4));
                double weight = views + (rng.nextDouble() < 0.3 ? 3 : 0) + (rng.nextDouble() < 0.2 ? 5 * (1 + rng.nextInt(60)) : 0);
                b.add("u" + u, "p" + item, weight, 1_000L * k);
            }
        }
        return b.build();
    }

    @Test
    void heavyImplicitWeightsTrainToFiniteParametersAndRecommend() {
        for (String id : new String[] {"svd", "svd-pp"}) {
            var strategy = id.equals("svd") ? new SvdRecommender() : new SvdPlusPlusRecommender();
            RecommenderModel model = strategy.fit(RecommenderData.of(heavyWeights()),
                    strategy.descriptor().configSpec().defaults(), OfflineContext.create(), (f, m) -> { });
            double rmse = model.metrics().get("train_rmse");
            assertTrue(Double.isFinite(rmse), id + " train_rmse " + rmse);
            // log(1 + w) spans 0.7..6.7 here; a fitted model explains it to well under its spread.
            assertTrue(rmse < 1.5, id + " train_rmse " + rmse);
            assertEquals(10, model.recommend(RecommendationQuery.forCustomer("u1", 10)).size(), id);
        }
    }

    @Test
    void divergenceFailsNamingTheKeys() {
        // Ratings on a 1..1000 scale with γ = 0.9: the first epoch overshoots to infinity.
        SplittableRandom rng = new SplittableRandom(5);
        Interactions.Builder b = Interactions.builder(true);
        for (int u = 0; u < 50; u++) {
            for (int i = 0; i < 20; i++) {
                b.add("u" + u, "p" + i, 1 + rng.nextInt(1000), 0);
            }
        }
        SvdRecommender svd = new SvdRecommender();
        StrategyException e = assertThrows(StrategyException.class, () -> svd.fit(RecommenderData.of(b.build()),
                svd.descriptor().configSpec().parse(Map.of("learning_rate", 0.9)), OfflineContext.create(),
                (f, m) -> { }));
        assertTrue(e.getMessage().contains("learning_rate") && e.getMessage().contains("regularization"),
                e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
