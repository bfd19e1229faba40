package com.example.affinity;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.data.CatalogItem;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Worked out by hand with a 30-day half-life, as of NOW. Catalog: tent, stove (Camp), map, guide (Books), secret
 * (Camp, hidden). u1 viewed tent today (1) and map 30 days ago (0.5): favourite Camp, then Books. Popularity: stove 2
 * (u2, u3 today), guide 1 (u2 today), tent 1, map 0.5, secret 3 but hidden.
 */
class CategoryAffinityRecommenderTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static CatalogItem item(String id, String category, boolean hidden) {
        return new CatalogItem(id, null, id, category, 10, Double.NaN, "EUR", hidden, -1);
    }

    private static RecommenderModel fit() {
        Interactions.Builder b = Interactions.builder(false);
        long today = NOW.toEpochMilli();
        b.add("u1", "tent", 1, today);
        b.add("u1", "map", 1, NOW.minus(30, ChronoUnit.DAYS).toEpochMilli());
        b.add("u2", "stove", 1, today);
        b.add("u2", "guide", 1, today);
        b.add("u3", "stove", 1, today);
        b.add("u3", "secret", 3, today);
        Map<String, CatalogItem> catalog = Map.of("tent", item("tent", "Camp", false),
                "stove", item("stove", "Camp", false), "map", item("map", "Books", false),
                "guide", item("guide", "Books", false), "secret", item("secret", "Camp", true));
        CategoryAffinityRecommender strategy = new CategoryAffinityRecommender();
        return strategy.fit(new RecommenderData(b.build(), List.of(), catalog, NOW),
                strategy.descriptor().configSpec().defaults(), OfflineContext.at(NOW), ProgressListener.NONE);
    }

    @Test
    void aCustomerGetsThePopularItemsOfTheirFavouriteCategoriesInOrder() {
        assertEquals(List.of(new ScoredItem("stove", 2.0, "popular in Camp, a favourite category"),
                        new ScoredItem("guide", 1.0, "popular in Books, a favourite category")),
                fit().recommend(RecommendationQuery.forCustomer("u1", 5)));
    }

    @Test
    void aProductPageGetsItsCategoryFirstAndHiddenItemsNever() {
        List<ScoredItem> items = fit().recommend(RecommendationQuery.forProduct("tent", 5));
        assertEquals(List.of("stove"), items.stream().map(ScoredItem::itemId).toList());
        assertEquals("popular in Camp", items.get(0).reason());
    }
}
