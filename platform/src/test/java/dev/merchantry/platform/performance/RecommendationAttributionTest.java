package dev.merchantry.platform.performance;

import dev.merchantry.platform.performance.RecommendationAttribution.Figures;
import dev.merchantry.platform.performance.RecommendationAttribution.Key;
import dev.merchantry.platform.storage.ImpressionRecord;
import dev.merchantry.platform.storage.PerformanceRepository.OrderLine;
import dev.merchantry.platform.storage.PerformanceRepository.RecommendedAction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The attribution rules on scenarios small enough to count by hand (times in hours from day 100's start). */
class RecommendationAttributionTest {

    private static final long HOUR = 3_600_000L;
    private static final long DAY0 = 100;
    private static final long WINDOW = 24 * HOUR;
    private static final double CENT = 1e-9;

    private static long h(double hours) {
        return DAY0 * RecommendationAttribution.DAY_MS + (long) (hours * HOUR);
    }

    private static ImpressionRecord served(String id, double hours, String strategy, String variant, String user,
                                           String... items) {
        return new ImpressionRecord("s", id, h(hours), strategy, variant == null ? null : "exp", variant, user,
                List.of(items));
    }

    private static RecommendedAction click(String rec, String user, String product, double hours) {
        return new RecommendedAction(rec, "Product Clicked", user, product, h(hours));
    }

    private static OrderLine line(String order, String user, String product, double revenue, double hours) {
        return new OrderLine(order, user, product, revenue, h(hours));
    }

    private final RecommendationAttribution attribution = new RecommendationAttribution(WINDOW);

    @Test
    void theLatestTouchWinsAndViewThroughIsOnlyTheFallback() {
        // u is shown [a, b] by knn at 1h (R1) and by popular at 2h (R2); clicks a on R1 at 3h.
        // Order at 5h: a (10) → click-through to R1 (the only touch), though R2 was served later.
        //             b (20) → not clicked: view-through to R2, the latest list that showed b.
        List<ImpressionRecord> impressions = List.of(served("R1", 1, "knn", null, "u", "a", "b"),
                served("R2", 2, "popular", null, "u", "b", "c"));
        Map<Key, Figures> out = attribution.attribute(impressions, List.of(click("R1", "u", "a", 3)),
                List.of(line("o1", "u", "a", 10, 5), line("o1", "u", "b", 20, 5)), DAY0, DAY0);
        Figures knn = out.get(new Key("knn", "", DAY0));
        Figures popular = out.get(new Key("popular", "", DAY0));
        assertEquals(1, knn.impressions());
        assertEquals(1, knn.clicks());
        assertEquals(1, knn.clickThroughOrders());
        assertEquals(10, knn.clickThroughRevenue(), CENT);
        assertEquals(0, knn.viewThroughOrders());
        assertEquals(1, popular.viewThroughOrders());
        assertEquals(20, popular.viewThroughRevenue(), CENT);
        assertEquals(0, popular.clicks());
        assertEquals(1, popular.orders());
    }

    @Test
    void theWindowIsClosedAtBothEndsAndCountsOnTheDayOfServing() {
        // R1 at 23h of day 100 (counts on day 100); window 24 h.
        // click at 23h + 24h exactly: inside (counts); a second click 1 ms later would not.
        // order of a at 47h + 30 min: its touch (47h) is inside [order − 24h, order] → click-through on day 100.
        // order of b at 47h + 1 ms after the window of R1's serving: view-through needs R1 in [t − 24h, t] → no.
        ImpressionRecord r1 = served("R1", 23, "knn", "B", "u", "a", "b");
        List<RecommendedAction> actions = List.of(click("R1", "u", "a", 47),
                new RecommendedAction("R1", "Product Clicked", "u", "a", h(47) + 1));
        List<OrderLine> orders = List.of(line("o1", "u", "a", 7, 47.5),
                new OrderLine("o2", "u", "b", 9, h(47) + 1));
        Map<Key, Figures> out = attribution.attribute(List.of(r1), actions, orders, DAY0, DAY0 + 1);
        assertEquals(1, out.size(), "nothing is counted on day 101: R1 was served on day 100");
        Figures f = out.get(new Key("knn", "B", DAY0));
        assertEquals(1, f.clicks(), "the click 1 ms past the window does not count");
        assertEquals(1, f.clickThroughOrders());
        assertEquals(7, f.clickThroughRevenue(), CENT);
        assertEquals(0, f.viewThroughOrders());
        // and a day outside the range asked is not reported
        assertNull(attribution.attribute(List.of(r1), actions, orders, DAY0 + 1, DAY0 + 1).get(new Key("knn", "B", DAY0)));
    }

    @Test
    void anOrderCountsOncePerRowHoweverManyLinesAndAnonymousListsEarnOnlyClicks() {
        // R1 to u shows a, b; u clicks both; one order with both lines (3 + 4) → 1 click-through order of 7.
        // R2 on a product page (no user) shows a; v clicks a from R2 and orders a (5) → click-through for R2;
        // w never clicked, orders a (6) → nothing: R2 had no user to see it.
        List<ImpressionRecord> impressions = List.of(served("R1", 1, "knn", null, "u", "a", "b"),
                served("R2", 1.5, "knn", null, null, "a"));
        List<RecommendedAction> actions = List.of(click("R1", "u", "a", 2), click("R1", "u", "b", 2.1),
                click("R2", "v", "a", 2.2), new RecommendedAction("R9", "Product Clicked", "w", "a", h(2.3)));
        List<OrderLine> orders = List.of(line("o1", "u", "a", 3, 3), line("o1", "u", "b", 4, 3),
                line("o2", "v", "a", 5, 3), line("o3", "w", "a", 6, 3));
        Figures f = attribution.attribute(impressions, actions, orders, DAY0, DAY0).get(new Key("knn", "", DAY0));
        assertEquals(2, f.impressions());
        assertEquals(3, f.clicks(), "R9 is no list of ours");
        assertEquals(2, f.orders());
        assertEquals(2, f.clickThroughOrders());
        assertEquals(12, f.clickThroughRevenue(), CENT);
        assertEquals(0, f.viewThroughOrders());
    }
}
