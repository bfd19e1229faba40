package dev.merchantry.plugins.recommenders.cooccurrence;

import dev.merchantry.api.data.CatalogItem;
import dev.merchantry.api.recommend.Basket;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orders {a,b}, {a,b,c}, {a,c}, {b,d}: N = 4, n_a = n_b = 3, n_c = 2, n_d = 1, n_ab = n_ac = 2, n_bc = n_bd = 1.
 * conf(a→b) = conf(a→c) = 2/3; lift(a,b) = 2·4/9 = 0.889, lift(a,c) = 2·4/6 = 1.333; lift(b,d) = 1·4/3 = 1.333.
 */
class BoughtTogetherTest {

    private static final double FLOAT_TOLERANCE = 1e-6;
    private static final Instant NOW = Instant.parse("2026-06-30T00:00:00Z");
    private final BoughtTogetherRecommender strategy = new BoughtTogetherRecommender();

    private RecommenderModel fit(Map<String, Object> config) {
        long t = NOW.toEpochMilli();
        List<Basket> baskets = List.of(new Basket("o1", "c1", t, List.of("a", "b")),
                new Basket("o2", "c2", t, List.of("a", "b", "c")), new Basket("o3", "c3", t, List.of("a", "c")),
                new Basket("o4", "c4", t, List.of("b", "d")));
        Interactions in = Interactions.builder(false).add("c9", "d", 5, t - 1000).add("c9", "a", 1, t).build();
        Map<String, CatalogItem> catalog = new HashMap<>();
        catalog.put("a", new CatalogItem("a", null, "Trail Shoes", "Shoes", 90, 40, "EUR", false, 3));
        return strategy.fit(new RecommenderData(in, baskets, catalog, NOW),
                strategy.descriptor().configSpec().parse(config), OfflineContext.at(NOW), (f, m) -> { });
    }

    @Test
    void ranksPartnersByConfidenceAboveMinimumSupportAndLift() {
        List<ScoredItem> onA = fit(Map.of("min_support", 2, "min_lift", 0))
                .recommend(RecommendationQuery.forProduct("a", 5));
        // b and c tie on confidence 2/3; the tie goes to the lower index (b was seen first).
        assertEquals(List.of("b", "c"), onA.stream().map(ScoredItem::itemId).toList());
        assertEquals(2 / 3.0, onA.get(0).score(), FLOAT_TOLERANCE);
        assertEquals("bought together with Trail Shoes", onA.get(0).reason());
        // min_lift 1 drops a→b (lift 0.889).
        assertEquals(List.of("c"), fit(Map.of("min_support", 2)).recommend(RecommendationQuery.forProduct("a", 5))
                .stream().map(ScoredItem::itemId).toList());
        // Rank by lift, support 1: from b, d (1.333) before c (lift 1·4/6 = 0.667 < 1, dropped) and a (0.889, dropped).
        List<ScoredItem> onB = fit(Map.of("min_support", 1, "rank_by", "lift"))
                .recommend(RecommendationQuery.forProduct("b", 5));
        assertEquals(List.of("d"), onB.stream().map(ScoredItem::itemId).toList());
        assertEquals(4 / 3.0, onB.get(0).score(), FLOAT_TOLERANCE);
    }

    @Test
    void customersGetPartnersOfTheirRecentItemsAndUnknownProductsGetNothing() {
        RecommenderModel model = fit(Map.of("min_support", 1, "min_lift", 0, "recent_items", 1));
        // c9's most recent item is a; partners of a not seen by c9: b, c.
        List<ScoredItem> forC9 = model.recommend(RecommendationQuery.forCustomer("c9", 5));
        assertEquals(List.of("b", "c"), forC9.stream().map(ScoredItem::itemId).toList());
        assertTrue(model.recommend(RecommendationQuery.forProduct("never-sold", 5)).isEmpty());
        assertTrue(model.recommend(RecommendationQuery.forCustomer("stranger", 5)).isEmpty());
    }
}
