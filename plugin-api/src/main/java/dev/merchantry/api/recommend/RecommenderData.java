package dev.merchantry.api.recommend;

import dev.merchantry.api.data.CatalogItem;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a recommender trains on for one shop.
 *
 * @param interactions weighted user–item interactions (ratings, or implicit signals weighted per event type)
 * @param baskets completed orders, for co-purchase strategies; may be empty
 * @param catalog products by id; may lack items that appear in interactions (e.g. ratings-only data sets)
 * @param asOf the time the data was read; time-decay is computed relative to it, not to the wall clock
 * @since 0.1.0
 */
public record RecommenderData(Interactions interactions, List<Basket> baskets, Map<String, CatalogItem> catalog,
                              Instant asOf) {

    public RecommenderData {
        baskets = baskets == null ? List.of() : baskets;
        catalog = catalog == null ? Map.of() : catalog;
    }

    /**
     * Data made of interactions alone (e.g. a ratings file).
     *
     * @since 0.1.0
     */
    public static RecommenderData of(Interactions interactions) {
        return new RecommenderData(interactions, List.of(), Map.of(), Instant.EPOCH);
    }
}
