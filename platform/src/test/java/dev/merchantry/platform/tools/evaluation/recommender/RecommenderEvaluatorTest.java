package dev.merchantry.platform.tools.evaluation.recommender;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metric definitions, checked on a fixed recommender whose answers are known, against hand computations. */
class RecommenderEvaluatorTest {

    private static final double TOLERANCE = 1e-12;

    /** Always ranks i1..i12 (skipping disallowed ones) and predicts 3 for every pair. */
    static final class FixedRecommender implements Recommender {
        @Override
        public StrategyDescriptor descriptor() {
            return new StrategyDescriptor("fixed", StrategyKind.RECOMMENDER, "1.0.0", "fixed", "test", ConfigSpec.empty());
        }

        @Override
        public RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener p) {
            return new RecommenderModel() {
                @Override
                public List<ScoredItem> recommend(RecommendationQuery q) {
                    List<ScoredItem> out = new ArrayList<>();
                    for (int i = 1; i <= 12 && out.size() < q.limit(); i++) {
                        if (q.allowed().test("i" + i)) {
                            out.add(new ScoredItem("i" + i, 13 - i, ""));
                        }
                    }
                    return out;
                }

                @Override
                public OptionalDouble predictRating(String user, String item) {
                    return OptionalDouble.of(3);
                }

                @Override
                public SerializedModel serialize() {
                    return new SerializedModel("fixed", 1, new byte[0]);
                }
            };
        }

        @Override
        public RecommenderModel load(SerializedModel model) {
            throw new UnsupportedOperationException();
        }
    }

    private static FoldResult evaluate(List<Rating> train, List<Rating> test) {
        Recommender r = new FixedRecommender();
        return new RecommenderEvaluator(r, ConfigSpec.empty().defaults(), OfflineContext::at,
                new RecommenderEvaluator.Invoker() {
                    @Override
                    public <T> T call(java.util.concurrent.Callable<T> work) throws Exception {
                        return work.call();
                    }
                }, true, 4.0).evaluate(new Split(1, train, test));
    }

    @Test
    void metricsMatchTheHandComputation() {
        // u1 trained on i1, so it is shown i2..i11. Relevant (≥ 4): i3 (rank 2) and i20 (never shown); i5 rated 2
        // is not relevant. hits = 1: precision 1/10, recall 1/2, DCG = 1/log2(3) = 0.630930, IDCG (2 relevant)
        // = 1 + 1/log2(3) = 1.630930 → NDCG 0.386853; AP = (1/2) / min(2,10) = 0.25.
        // u2 (no training rows) is shown i1..i10; relevant i1 (rank 1): precision 0.1, recall 1, NDCG 1, AP 1.
        // Errors vs the constant prediction 3: u1: 4−3, 5−3, 2−3; u2: 4.5−3 → RMSE √((1+4+1+2.25)/4) = 1.436141,
        // MAE (1+2+1+1.5)/4 = 1.375.
        List<Rating> train = List.of(new Rating("u1", "i1", 5, 0), new Rating("u3", "i7", 1, 0));
        List<Rating> test = List.of(new Rating("u1", "i3", 4, 0), new Rating("u1", "i20", 5, 0),
                new Rating("u1", "i5", 2, 0), new Rating("u2", "i1", 4.5, 0));
        FoldResult r = evaluate(train, test);
        Map<String, Double> m = r.metrics();
        assertEquals(2, r.rankedUsers());
        assertEquals(Math.sqrt(8.25 / 4), m.get("rmse"), TOLERANCE);
        assertEquals(1.375, m.get("mae"), TOLERANCE);
        assertEquals(0.1, m.get("precision_at_10"), TOLERANCE);
        assertEquals((0.5 + 1) / 2, m.get("recall_at_10"), TOLERANCE);
        double ndcgU1 = (1 / log2(3)) / (1 + 1 / log2(3));
        assertEquals((ndcgU1 + 1) / 2, m.get("ndcg_at_10"), TOLERANCE);
        assertEquals((0.25 + 1) / 2, m.get("map_at_10"), TOLERANCE);
        // Recommended: i1..i11 = 11 distinct items; training items: i1, i7 → coverage 11/2 (items outside the
        // training set count: the fixed recommender invents them).
        assertEquals(11 / 2.0, m.get("coverage"), TOLERANCE);
        assertFalse(m.containsKey("rating_coverage"));
        assertTrue(m.get("fit_seconds") >= 0 && m.get("fit_cpu_seconds") >= 0 && m.get("predict_seconds") >= 0);
        assertEquals(List.of("rmse", "mae", "precision_at_10", "recall_at_10", "ndcg_at_10", "map_at_10", "coverage",
                "fit_seconds", "fit_cpu_seconds", "predict_seconds"), List.copyOf(m.keySet()));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void kFoldPartitionsTheRowsAndIsSeeded() {
        List<Rating> rows = new ArrayList<>();
        for (int k = 0; k < 103; k++) {
            rows.add(new Rating("u" + k % 7, "i" + k, 1 + k % 5, k));
        }
        List<Split> a = Split.kFold(rows, 5, 3);
        assertEquals(5, a.size());
        Set<Rating> tested = new java.util.HashSet<>();
        for (Split s : a) {
            assertEquals(103, s.train().size() + s.test().size());
            assertTrue(s.test().size() == 20 || s.test().size() == 21);
            tested.addAll(s.test());
        }
        assertEquals(103, tested.size(), "every row is tested exactly once");
        assertEquals(a, Split.kFold(rows, 5, 3));
        assertFalse(a.equals(Split.kFold(rows, 5, 4)));
    }
}
