package dev.merchantry.platform.tools.evaluation.recommender;

import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.platform.MerchantryNode;
import dev.merchantry.platform.tools.evaluation.OfflineStrategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Default configurations on a reduced MovieLens-shaped generated set (300 users, 3,000 items, 30,000 ratings, seed
 * 7, one 80/20 holdout), evaluated by the harness with the bundled plugins loaded as the CLI loads them: the
 * factor models beat the regularized bias baseline on RMSE and item-knn beats popularity on NDCG@10. The full-size
 * figures come from {@code RecommenderBenchmark} (docs/algorithms/recommenders.md).
 */
class GeneratedRatingsAccuracyTest {

    private static final Path PLUGINS = Path.of("target/merchantry/plugins");
    /** RMSE must improve on the baseline by at least 1% (measured: see the assertion messages). */
    private static final double RMSE_MARGIN = 0.01;
    /** NDCG@10 must be at least 1.5 times popularity's. */
    private static final double NDCG_FACTOR = 1.5;
    private static final Map<String, Map<String, Double>> RESULTS = new HashMap<>();
    /** The same split as implicit feedback (who rated what, weight 1): popular and als with default configs. */
    private static final Map<String, Map<String, Double>> IMPLICIT = new HashMap<>();

    @BeforeAll
    static void evaluateAll() {
        RatingsSet set = SyntheticRatings.generate(new SyntheticRatings.Shape(300, 3000, 30_000, 20), 7);
        Split split = Split.holdout(set.ratings(), 0.2, 7);
        for (String id : new String[] {"bias-baseline", "svd", "svd-pp", "item-knn", "popular"}) {
            try (OfflineStrategy<Recommender> s = OfflineStrategy.load(PLUGINS, MerchantryNode.VERSION, id,
                    StrategyKind.RECOMMENDER, Recommender.class, Map.of())) {
                RESULTS.put(id, new RecommenderEvaluator(s.strategy(), s.config(),
                        now -> s.context(Clock.fixed(now, ZoneOffset.UTC)), s::call, true, 4.0)
                        .evaluate(split).metrics());
            }
        }
        Split implicit = new Split(split.fold(), unweighted(split.train()), unweighted(split.test()));
        for (String id : new String[] {"popular", "als"}) {
            try (OfflineStrategy<Recommender> s = OfflineStrategy.load(PLUGINS, MerchantryNode.VERSION, id,
                    StrategyKind.RECOMMENDER, Recommender.class, Map.of())) {
                IMPLICIT.put(id, new RecommenderEvaluator(s.strategy(), s.config(),
                        now -> s.context(Clock.fixed(now, ZoneOffset.UTC)), s::call, false, 4.0)
                        .evaluate(implicit).metrics());
            }
        }
    }

    private static List<Rating> unweighted(List<Rating> rows) {
        return rows.stream().map(r -> new Rating(r.user(), r.item(), 1, r.timestampMillis())).toList();
    }

    @Test
    void factorModelsBeatTheBiasBaselineOnRmse() {
        double baseline = RESULTS.get("bias-baseline").get("rmse");
        for (String id : new String[] {"svd", "svd-pp"}) {
            double rmse = RESULTS.get(id).get("rmse");
            assertTrue(rmse < baseline * (1 - RMSE_MARGIN), id + " RMSE " + rmse + " vs baseline " + baseline);
        }
    }

    @Test
    void itemKnnBeatsPopularityOnNdcg() {
        double popular = RESULTS.get("popular").get("ndcg_at_10");
        double knn = RESULTS.get("item-knn").get("ndcg_at_10");
        assertTrue(knn > popular * NDCG_FACTOR, "item-knn NDCG@10 " + knn + " vs popular " + popular);
    }

    @Test
    void implicitAlsWithDefaultsBeatsPopularityOnNdcgAndRecall() {
        for (String metric : new String[] {"ndcg_at_10", "recall_at_10"}) {
            double popular = IMPLICIT.get("popular").get(metric);
            double als = IMPLICIT.get("als").get(metric);
            assertTrue(als > popular * NDCG_FACTOR, "als " + metric + " " + als + " vs popular " + popular);
        }
    }

    @Test
    void theGeneratorIsDeterministicAndShapedLikeMovieLens() {
        RatingsSet a = SyntheticRatings.generate(new SyntheticRatings.Shape(50, 400, 3000, 20), 1);
        assertEquals(a, SyntheticRatings.generate(new SyntheticRatings.Shape(50, 400, 3000, 20), 1));
        Map<String, Integer> perUser = new HashMap<>();
        for (Rating r : a.ratings()) {
            assertEquals(0, (r.value() * 2) % 1, 0, "half stars");
            assertTrue(r.value() >= 0.5 && r.value() <= 5);
            perUser.merge(r.user(), 1, Integer::sum);
        }
        assertTrue(perUser.values().stream().allMatch(n -> n >= 20), "at least 20 ratings per user");
    }
}
