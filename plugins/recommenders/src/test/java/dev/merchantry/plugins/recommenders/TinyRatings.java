package dev.merchantry.plugins.recommenders;

import dev.merchantry.api.data.CatalogItem;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommenderData;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The hand-computed example of the reference tests: three users, three items a, b, c.
 * <pre>
 *        a  b  c
 *   u1   4  2  .
 *   u2   5  1  3
 *   u3   .  4  5
 * </pre>
 * Global mean μ = 24/7. Item vectors over (u1, u2, u3): a = (4,5,0), b = (2,1,4), c = (0,3,5).
 */
public final class TinyRatings {

    public static final Instant AS_OF = Instant.parse("2026-06-30T00:00:00Z");

    private TinyRatings() {
    }

    public static Interactions interactions() {
        long t = AS_OF.toEpochMilli();
        return Interactions.builder(true)
                .add("u1", "a", 4, t).add("u1", "b", 2, t)
                .add("u2", "a", 5, t).add("u2", "b", 1, t).add("u2", "c", 3, t)
                .add("u3", "b", 4, t).add("u3", "c", 5, t)
                .build();
    }

    /** With catalog titles "Alpine Tent", "Bivy Sack", "Camp Stove". */
    public static RecommenderData data() {
        return new RecommenderData(interactions(), List.of(), Map.of(
                "a", new CatalogItem("a", null, "Alpine Tent", "Tents", 100, 50, "EUR", false, 5),
                "b", new CatalogItem("b", null, "Bivy Sack", "Tents", 80, 40, "EUR", false, 5),
                "c", new CatalogItem("c", null, "Camp Stove", "Cooking", 40, 20, "EUR", false, 5)), AS_OF);
    }
}
