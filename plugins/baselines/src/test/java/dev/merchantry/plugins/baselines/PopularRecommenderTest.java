package dev.merchantry.plugins.baselines;

import dev.merchantry.api.data.CatalogItem;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.plugins.baselines.popular.PopularRecommender;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PopularRecommenderTest {

    private static final double TOLERANCE = 1e-9;
    private static final long DAY = 86_400_000L;
    private static final Instant AS_OF = Instant.parse("2026-06-30T00:00:00Z");
    private final PopularRecommender strategy = new PopularRecommender();

    private static CatalogItem item(String id, String category, boolean hidden) {
        return new CatalogItem(id, id, "Title " + id, category, 10, 5, "EUR", hidden, -1);
    }

    /** a: 1 now; b: 4 thirty days ago (= 2 with a 30-day half-life); c: 3 now but hidden; d: 0.5 now, other category. */
    private RecommenderModel trained(Map<String, Object> config) {
        long now = AS_OF.toEpochMilli();
        Interactions interactions = Interactions.builder(false)
                .add("u1", "a", 1, now)
                .add("u2", "b", 4, now - 30 * DAY)
                .add("u1", "c", 3, now)
                .add("u3", "d", 0.5, now)
                .build();
        Map<String, CatalogItem> catalog = Map.of("a", item("a", "Shoes", false), "b", item("b", "Shoes", false),
                "c", item("c", "Shoes", true), "d", item("d", "Tents", false));
        return strategy.fit(new RecommenderData(interactions, List.of(), catalog, AS_OF),
                strategy.descriptor().configSpec().parse(config), OfflineContext.at(AS_OF), (f, m) -> { });
    }

    @Test
    void ranksByTimeDecayedWeightAndNeverRecommendsHiddenItems() {
        List<ScoredItem> items = trained(Map.of()).recommend(RecommendationQuery.forCustomer("new-customer", 10));
        // Hand computation: b = 4 * 0.5^(30/30) = 2, a = 1 * 0.5^0 = 1, d = 0.5; c is hidden.
        assertEquals(List.of("b", "a", "d"), items.stream().map(ScoredItem::itemId).toList());
        assertEquals(2.0, items.get(0).score(), TOLERANCE);
        assertEquals(1.0, items.get(1).score(), TOLERANCE);
        assertEquals("popular right now", items.get(0).reason());
    }

    @Test
    void decaysRelativeToTheShopsLatestEventNotTheWallClock() {
        // The shop's history ends 1,000 days before asOf: against asOf every score would be ~2^-33 of its weight
        // (and, further back, underflow); relative to the latest event the hand computation holds.
        Instant asOf = AS_OF.plus(Duration.ofDays(1000));
        long last = AS_OF.toEpochMilli();
        Interactions interactions = Interactions.builder(false)
                .add("u1", "a", 1, last)
                .add("u2", "b", 4, last - 30 * DAY)
                .add("u3", "d", 0.5, last - 60 * DAY)
                .build();
        RecommenderModel model = strategy.fit(new RecommenderData(interactions, List.of(), Map.of(), asOf),
                strategy.descriptor().configSpec().defaults(), OfflineContext.at(asOf), (f, m) -> { });
        List<ScoredItem> items = model.recommend(RecommendationQuery.forCustomer("new-customer", 10));
        // Hand computation: b = 4 * 0.5^(30/30) = 2, a = 1, d = 0.5 * 0.5^(60/30) = 0.125.
        assertEquals(List.of("b", "a", "d"), items.stream().map(ScoredItem::itemId).toList());
        assertEquals(2.0, items.get(0).score(), TOLERANCE);
        assertEquals(1.0, items.get(1).score(), TOLERANCE);
        assertEquals(0.125, items.get(2).score(), TOLERANCE);
    }

    @Test
    void eventsAfterAsOfCountAsFresh() {
        long now = AS_OF.toEpochMilli();
        Interactions interactions = Interactions.builder(false)
                .add("u1", "a", 1, now + 5 * DAY)
                .add("u2", "b", 1, now - 30 * DAY)
                .build();
        RecommenderModel model = strategy.fit(new RecommenderData(interactions, List.of(), Map.of(), AS_OF),
                strategy.descriptor().configSpec().defaults(), OfflineContext.at(AS_OF), (f, m) -> { });
        List<ScoredItem> items = model.recommend(RecommendationQuery.forCustomer("new-customer", 10));
        // Hand computation: a is stamped after asOf and counts as fresh (1); b is 30 days before asOf (0.5).
        assertEquals(1.0, items.get(0).score(), TOLERANCE);
        assertEquals(0.5, items.get(1).score(), TOLERANCE);
    }

    @Test
    void excludesSeenItemsAndPrefersTheProductsCategory() {
        RecommenderModel model = trained(Map.of());
        assertEquals(List.of("b", "d"), model.recommend(RecommendationQuery.forCustomer("u1", 10)).stream()
                .map(ScoredItem::itemId).toList());
        List<ScoredItem> onTentPage = model.recommend(RecommendationQuery.forProduct("d", 10));
        assertEquals(List.of("b", "a"), onTentPage.stream().map(ScoredItem::itemId).toList());
        List<ScoredItem> onShoePage = model.recommend(RecommendationQuery.forProduct("a", 2));
        assertEquals("b", onShoePage.get(0).itemId());
        assertEquals("popular in Shoes", onShoePage.get(0).reason());
        assertEquals(2, onShoePage.size());
        RecommenderModel keepSeen = trained(Map.of("exclude_seen", false));
        assertEquals(3, keepSeen.recommend(RecommendationQuery.forCustomer("u1", 10)).size());
    }

    @Test
    void honoursLimitAndAllowedFilter() {
        List<ScoredItem> items = trained(Map.of()).recommend(
                new RecommendationQuery("x", List.of(), 1, id -> !id.equals("b")));
        assertEquals(List.of("a"), items.stream().map(ScoredItem::itemId).toList());
    }

    @Test
    void serializationRoundTripsAndRejectsForeignOrCorruptBytes() {
        RecommenderModel model = trained(Map.of());
        SerializedModel bytes = model.serialize();
        RecommenderModel loaded = strategy.load(bytes);
        for (String customer : List.of("u1", "u2", "nobody")) {
            assertEquals(model.recommend(RecommendationQuery.forCustomer(customer, 10)),
                    loaded.recommend(RecommendationQuery.forCustomer(customer, 10)));
        }
        assertThrows(ModelFormatException.class, () -> strategy.load(new SerializedModel("svd", 1, bytes.bytes())));
        assertThrows(ModelFormatException.class, () -> strategy.load(new SerializedModel("popular", 2, bytes.bytes())));
        assertThrows(ModelFormatException.class, () -> strategy.load(new SerializedModel("popular", 1,
                Arrays.copyOf(bytes.bytes(), bytes.bytes().length / 2))));
    }

    @Test
    void emptyDataGivesEmptyAnswersAndConfigErrorsAreReported() {
        RecommenderModel empty = strategy.fit(RecommenderData.of(Interactions.builder(false).build()),
                strategy.descriptor().configSpec().defaults(), OfflineContext.create(), (f, m) -> { });
        assertTrue(empty.recommend(RecommendationQuery.forCustomer("u", 5)).isEmpty());
        var errors = strategy.descriptor().configSpec().validate(Map.of("half_life_days", 0, "bogus", 1));
        assertEquals(2, errors.size());
    }
}
