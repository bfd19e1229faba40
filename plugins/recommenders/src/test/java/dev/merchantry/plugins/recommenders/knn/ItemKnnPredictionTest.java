package dev.merchantry.plugins.recommenders.knn;

import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.plugins.recommenders.TinyRatings;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KNNBaseline predictions, top-N, reasons and exclusions of item-knn on {@link TinyRatings}. */
class ItemKnnPredictionTest {

    private static final double TOLERANCE = 1e-6;
    private final ItemKnnRecommender strategy = new ItemKnnRecommender();

    /** Cosine, no shrinkage, biases regularized to ~0 so b_ui = μ = 24/7. */
    private RecommenderModel fit(Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("similarity", "cosine", "shrinkage", 0,
                "baseline_reg_user", 1e12, "baseline_reg_item", 1e12));
        config.putAll(extra);
        return strategy.fit(TinyRatings.data(), strategy.descriptor().configSpec().parse(config),
                OfflineContext.at(TinyRatings.AS_OF), (f, m) -> { });
    }

    @Test
    void predictsWithBaselineCorrectedNeighbours() {
        // r̂(u1,c) = μ + [s_cb(2 − μ) + s_ca(4 − μ)] / (s_cb + s_ca) with s_cb = 0.860753, s_ca = 0.401754
        //         = 3.428571 + (−1.229647 + 0.229574) / 1.262507 = 2.636438
        assertEquals(2.636438, fit(Map.of()).predictRating("u1", "c").getAsDouble(), TOLERANCE);
        // k = 1: only b, the most similar item u1 rated: μ + (2 − μ) = 2
        assertEquals(2.0, fit(Map.of("k", 1)).predictRating("u1", "c").getAsDouble(), TOLERANCE);
    }

    @Test
    void unknownUsersAndItemsGetTheBaseline() {
        RecommenderModel model = fit(Map.of());
        assertEquals(24 / 7.0, model.predictRating("stranger", "c").getAsDouble(), TOLERANCE);
        assertEquals(24 / 7.0, model.predictRating("u1", "new-item").getAsDouble(), TOLERANCE);
    }

    @Test
    void recommendsUnseenItemsWithTitledReasons() {
        RecommenderModel model = fit(Map.of());
        List<ScoredItem> forU1 = model.recommend(RecommendationQuery.forCustomer("u1", 5));
        // u1 saw a and b; c scores s_ac + s_bc, and b (the larger) explains it.
        assertEquals(List.of("c"), forU1.stream().map(ScoredItem::itemId).toList());
        assertEquals(0.401754 + 0.860753, forU1.get(0).score(), 1e-5);
        assertEquals("because you rated Bivy Sack", forU1.get(0).reason());
        List<ScoredItem> similar = model.recommend(RecommendationQuery.forProduct("c", 5));
        assertEquals(List.of("b", "a"), similar.stream().map(ScoredItem::itemId).toList());
        assertEquals("similar to Camp Stove", similar.get(0).reason());
        RecommenderModel keepSeen = fit(Map.of("exclude_seen", false));
        assertEquals(3, keepSeen.recommend(RecommendationQuery.forCustomer("u1", 5)).size());
        assertTrue(model.recommend(RecommendationQuery.forCustomer("stranger", 5)).isEmpty(),
                "nothing to say about a stranger: the platform falls back");
        assertTrue(model.recommend(new RecommendationQuery(null, List.of("c"), 5, id -> !id.equals("b")))
                .stream().noneMatch(s -> s.itemId().equals("b")));
    }
}
