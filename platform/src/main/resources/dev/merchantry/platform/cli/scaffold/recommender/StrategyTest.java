package @PACKAGE@;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Co-occurrence worked out by hand on four customers: u1 {p1, p2}, u2 {p1, p2, p3}, u3 {p1, p3}, u4 {p4}. Pairs:
 * p1–p2 shared by u1, u2 (2); p1–p3 by u2, u3 (2); p2–p3 by u2 (1); p4 with nothing.
 */
class @CLASS@RecommenderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static RecommenderModel fit(Map<String, Object> settings) {
        Interactions.Builder b = Interactions.builder(false);
        String[][] rows = {{"u1", "p1"}, {"u1", "p2"}, {"u2", "p1"}, {"u2", "p2"}, {"u2", "p3"}, {"u3", "p1"},
            {"u3", "p3"}, {"u4", "p4"}};
        for (String[] r : rows) {
            b.add(r[0], r[1], 1.0, NOW.toEpochMilli());
        }
        @CLASS@Recommender strategy = new @CLASS@Recommender();
        Config config = strategy.descriptor().configSpec().parse(settings);
        return strategy.fit(RecommenderData.of(b.build()), config, OfflineContext.at(NOW), ProgressListener.NONE);
    }

    @Test
    void aCustomerGetsTheItemsSharedWithWhatTheyHaveSummedOverTheirItems() {
        // u1 has p1 and p2; p3 scores 2 (with p1) + 1 (with p2) = 3; p1 and p2 are already seen.
        List<ScoredItem> items = fit(Map.of()).recommend(RecommendationQuery.forCustomer("u1", 5));
        assertEquals(List.of(new ScoredItem("p3", 3.0, "customers who had p1 also had it")), items);
    }

    @Test
    void aProductPageGetsItsRelatedItemsStrongestFirst() {
        List<ScoredItem> items = fit(Map.of()).recommend(RecommendationQuery.forProduct("p2", 5));
        assertEquals(List.of("p1", "p3"), items.stream().map(ScoredItem::itemId).toList());
        assertEquals(List.of(2.0, 1.0), items.stream().map(ScoredItem::score).toList());
    }

    @Test
    void minSupportDropsPairsSharedByTooFewCustomers() {
        // Only p1–p3 (2) survives for u1's items: p2–p3 (1) is below min_support 2.
        List<ScoredItem> items = fit(Map.of("min_support", 2)).recommend(RecommendationQuery.forCustomer("u1", 5));
        assertEquals(List.of(2.0), items.stream().map(ScoredItem::score).toList());
    }

    @Test
    void unknownCustomersAndLoneItemsGetNothingSoThePlatformFallsBack() {
        RecommenderModel model = fit(Map.of());
        assertEquals(List.of(), model.recommend(RecommendationQuery.forCustomer("nobody", 5)));
        assertEquals(List.of(), model.recommend(RecommendationQuery.forCustomer("u4", 5)));
    }
}
