package dev.merchantry.platform.storage;

import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.pricing.PriceObservation;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.recommend.Basket;
import dev.merchantry.api.recommend.Interactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event, catalog and view storage, run on every supported database by the subclasses. Expected values are hand
 * computed from the events each test writes (stated next to each assertion).
 */
abstract class CommerceDataContractTest {

    static final double EPS = 1e-9;
    static final LocalDate D0 = LocalDate.of(2026, 3, 2);

    protected Database db;
    protected String shop;

    protected abstract Database openDatabase();

    @BeforeEach
    void setUp() {
        db = openDatabase();
        shop = "s-" + UUID.randomUUID().toString().substring(0, 8);
        db.shops().create(shop, "Test shop");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void purchasesOfACustomerAreDistinctAndLatestFirst() {
        db.events().insert(shop, List.of(
                order("o1", "u1", "A", at(0, 0), 20, line("p1", 10, 1), line("p2", 10, 1)),
                order("o2", "u1", "B", at(2, 0), 20, line("p3", 10, 1), line("p1", 10, 1)),
                order("o3", "u2", "C", at(3, 0), 10, line("p4", 10, 1)),
                product("v1", "Product Viewed", "u1", "p5", at(4, 0), null)));
        // p1 twice (latest at day 2, tied with p3 on time); a viewed product is no purchase; another customer's not.
        List<String> bought = db.views().purchasedBy(shop, "u1", 10);
        assertEquals(java.util.Set.of("p1", "p3"), java.util.Set.copyOf(bought.subList(0, 2)));
        assertEquals(List.of("p2"), bought.subList(2, 3));
        assertEquals(3, bought.size());
        assertEquals(2, db.views().purchasedBy(shop, "u1", 2).size());
        assertEquals(List.of(), db.views().purchasedBy(shop, "nobody", 10));
    }

    static long at(int day, int hour) {
        return D0.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + hour * 3_600_000L;
    }

    static EventRecord product(String id, String type, String user, String product, long ts, Double rating) {
        return new EventRecord(id, type, ts, user, null, null, null, null, null, null, null, null, "{}",
                List.of(new EventRecord.EventItem(product, "tents", 10.0, 1, rating)));
    }

    static EventRecord order(String id, String user, String orderId, long ts, double revenue,
                             EventRecord.EventItem... lines) {
        return new EventRecord(id, "Order Completed", ts, user, null, orderId, revenue, null, "EUR", null, null, null,
                "{}", List.of(lines));
    }

    static EventRecord.EventItem line(String product, double price, double quantity) {
        return new EventRecord.EventItem(product, null, price, quantity, null);
    }

    @Test
    void insertIsIdempotentOnEventIdAndStoresLinesOnlyForNewEvents() {
        EventRecord a = product("e1", "Product Viewed", "u1", "p1", at(0, 1), null);
        EventRecord b = order("e2", "u1", "o1", at(0, 2), 30, line("p1", 10, 1), line("p2", 20, 1));
        assertArrayEquals(new boolean[] {true, true}, db.events().insert(shop, List.of(a, b)));
        // Same ids again (b with different content): both duplicates, and a repeat inside one batch too.
        EventRecord bChanged = order("e2", "u1", "o1", at(0, 2), 99, line("p9", 99, 9));
        EventRecord c = product("e3", "Product Added", "u1", "p1", at(0, 3), null);
        assertArrayEquals(new boolean[] {false, false, true, false},
                db.events().insert(shop, List.of(a, bChanged, c, c)));
        assertEquals(Map.of("Order Completed", 1L, "Product Viewed", 1L, "Product Added", 1L),
                db.events().countsByType(shop, null));
        // Lines: 1 (view) + 2 (order) + 1 (add) = 4; p9 of the rejected duplicate never landed.
        assertEquals(Map.of("Product Viewed", 1L, "Order Completed", 2L, "Product Added", 1L),
                db.views().itemCounts(shop, Instant.ofEpochMilli(at(10, 0))));
        assertEquals(Instant.ofEpochMilli(at(0, 3)), db.events().latestEventTime(shop));
        assertEquals("e3", db.events().recent(shop, null, 1).get(0).eventId());
    }

    @Test
    void interactionsWeighEventTypesAndRatingsKeepTheLatest() {
        db.events().insert(shop, List.of(
                product("v1", "Product Viewed", "u1", "p1", at(0, 1), null),
                product("v2", "Product Viewed", "u1", "p1", at(0, 2), null),
                product("a1", "Product Added", "u1", "p1", at(0, 3), null),
                order("o1", "u1", "o1", at(0, 4), 10, line("p1", 10, 2)),
                product("r1", "Product Reviewed", "u1", "p2", at(0, 5), 2.0),
                product("r2", "Product Reviewed", "u1", "p2", at(1, 5), 4.5),
                product("v3", "Product Viewed", "u2", "p2", at(0, 6), null),
                product("late", "Product Viewed", "u2", "p3", at(9, 0), null)));
        Instant asOf = Instant.ofEpochMilli(at(5, 0));
        Interactions implicit = db.views().weightedInteractions(shop, asOf,
                Map.of("Product Viewed", 1.0, "Product Added", 3.0, "Order Completed", 5.0, "Product Reviewed", 1.0));
        // (u1,p1): 2 views × 1 + 1 add × 3 + 1 order line × 5 = 10; (u1,p2): mean rating (2 + 4.5) / 2 = 3.25;
        // (u2,p2): 1 view = 1; (u2,p3) is after asOf.
        assertEquals(3, implicit.size());
        assertEquals(10, value(implicit, "u1", "p1"), EPS);
        assertEquals(3.25, value(implicit, "u1", "p2"), EPS);
        assertEquals(1, value(implicit, "u2", "p2"), EPS);
        assertEquals(at(0, 4), implicit.timestamp(row(implicit, "u1", "p1")));
        assertFalse(implicit.explicit());

        Interactions ratings = db.views().ratings(shop, asOf);
        assertTrue(ratings.explicit());
        assertEquals(1, ratings.size());
        assertEquals(4.5, value(ratings, "u1", "p2"), EPS); // the later rating wins
    }

    @Test
    void basketsHoldTheDistinctProductsOfEachOrder() {
        db.events().insert(shop, List.of(
                order("o2", "u2", "B", at(1, 0), 30, line("p1", 10, 1), line("p1", 10, 1), line("p3", 10, 1)),
                order("o1", "u1", "A", at(0, 0), 10, line("p2", 10, 1))));
        List<Basket> baskets = db.views().baskets(shop, Instant.ofEpochMilli(at(3, 0)));
        assertEquals(2, baskets.size());
        assertEquals("A", baskets.get(0).basketId()); // oldest first
        assertEquals(List.of("p2"), baskets.get(0).itemIds());
        assertEquals("B", baskets.get(1).basketId());
        assertEquals(List.of("p1", "p3"), baskets.get(1).itemIds());
        assertEquals("u2", baskets.get(1).customerId());
    }

    @Test
    void dailyDemandMarksStockOutDaysAsMissing() {
        db.catalog().upsert(shop, List.of(new ProductPatch("p1", Map.of("title", "Tent"))));
        db.events().insert(shop, List.of(
                order("o1", "u1", "o1", at(0, 9), 20, line("p1", 10, 2)),
                order("o2", "u2", "o2", at(4, 9), 30, line("p1", 10, 1)),
                order("o3", "u3", "o3", at(4, 15), 20, line("p1", 10, 2)),
                order("today", "u3", "o4", at(5, 1), 10, line("p1", 10, 1))));
        db.catalog().addSnapshots(shop, List.of(
                new InventorySnapshot("p1", 5, at(0, 10)),
                new InventorySnapshot("p1", 0, at(1, 8)),   // day 1: out during the day
                new InventorySnapshot("p1", 10, at(3, 9)))); // day 2 out all day; day 3 began out of stock
        TimeSeries s = db.views().dailyDemand(shop, "p1", Instant.ofEpochMilli(at(5, 12)), 1096);
        // Days 0..4 (day 5 is today, incomplete): 2, NaN, NaN, NaN, 1 + 2 = 3.
        assertEquals(D0, s.start());
        assertArrayEquals(new double[] {2, Double.NaN, Double.NaN, Double.NaN, 3}, s.values(), EPS);
        assertEquals(7, s.seasonalPeriod(), EPS);
        assertEquals(List.of("p1"), db.views().soldProducts(shop));

        TimeSeries capped = db.views().dailyDemand(shop, "p1", Instant.ofEpochMilli(at(5, 12)), 2);
        assertEquals(D0.plusDays(3), capped.start());
        assertEquals(2, capped.length());
        TimeSeries none = db.views().dailyDemand(shop, "never-sold", Instant.ofEpochMilli(at(5, 12)), 1096);
        assertEquals(0, none.length());
    }

    @Test
    void priceHistoryGroupsUnitsByDayAndPrice() {
        db.events().insert(shop, List.of(
                order("o1", "u1", "o1", at(0, 9), 20, line("p1", 10, 2)),
                order("o2", "u2", "o2", at(0, 10), 12, line("p1", 12, 1)),
                order("o3", "u3", "o3", at(0, 11), 10, line("p1", 10, 1))));
        List<PriceObservation> h = db.views().priceHistory(shop, "p1", Instant.ofEpochMilli(at(3, 0)));
        assertEquals(2, h.size());
        assertEquals(10, h.get(0).price(), EPS);
        assertEquals(3, h.get(0).units(), EPS);     // 2 + 1 units at 10
        assertEquals(30, h.get(0).revenue(), EPS);
        assertEquals(12, h.get(1).price(), EPS);
        assertEquals(Instant.ofEpochMilli(at(0, 0)), h.get(1).periodStart());
    }

    @Test
    void customerHistoriesStreamEveryCustomerWithNetRevenue() {
        List<EventRecord> batch = new ArrayList<>();
        // More customers than one page, to cross page boundaries.
        int customers = SqlCommerceViews.CUSTOMER_PAGE * 2 + 17;
        for (int i = 0; i < customers; i++) {
            batch.add(product("v" + i, "Product Viewed", "c" + i, "p1", at(0, 1), null));
        }
        batch.add(order("o1", "c7", "A", at(1, 0), 50, line("p1", 25, 2)));
        batch.add(order("o2", "c7", "B", at(2, 0), 40, line("p2", 40, 1)));
        batch.add(new EventRecord("refund", "Order Refunded", at(3, 0), "c7", null, "A", 20.0, null, "EUR", null,
                null, null, "{}", List.of()));
        batch.add(new EventRecord("full-refund", "Order Refunded", at(3, 0), "c7", null, "B", null, null, "EUR",
                null, null, null, "{}", List.of()));
        batch.add(product("a1", "Product Added", "c7", "p1", at(0, 2), null));
        db.events().insert(shop, batch);
        db.catalog().upsert(shop, List.of(new ProductPatch("p2", Map.of("category", "stoves"))));
        CustomerData data = db.views().customers(shop, Instant.ofEpochMilli(at(9, 0)), Map.of("p2", "stoves"));
        assertEquals(customers, data.customerCount());
        Set<String> seen = new HashSet<>();
        CustomerHistory c7 = null;
        for (CustomerHistory h : data.customers()) {
            assertTrue(seen.add(h.customerId()), "customer listed twice: " + h.customerId());
            if (h.customerId().equals("c7")) {
                c7 = h;
            }
        }
        assertEquals(customers, seen.size());
        assertEquals(2, c7.orders().size());
        assertEquals(30, c7.orders().get(0).revenue(), EPS); // 50 − 20 refunded
        assertEquals(0, c7.orders().get(1).revenue(), EPS);  // refund without amount: whole order
        assertEquals("stoves", c7.orders().get(1).lines().get(0).category()); // filled from the catalog
        assertEquals(2, c7.orders().get(0).lines().get(0).quantity(), EPS);
        assertEquals(1, c7.productViews());
        assertEquals(1, c7.cartAdds());
        assertEquals(Instant.ofEpochMilli(at(0, 1)), c7.firstSeen());
        assertEquals(Instant.ofEpochMilli(at(3, 0)), c7.lastSeen());
    }

    @Test
    void productUpsertsMergeFieldsAndInventoryDrivesAvailability() {
        db.catalog().upsert(shop, List.of(
                new ProductPatch("p1", Map.of("title", "Tent", "price", 100.0, "category", "tents")),
                new ProductPatch("p2", Map.of("title", "Stove", "hidden", true)),
                new ProductPatch("p3", Map.of("title", "Lamp"))));
        Map<String, Object> clearCategory = new java.util.HashMap<>();
        clearCategory.put("category", null);
        clearCategory.put("price", 90.0);
        db.catalog().upsert(shop, List.of(new ProductPatch("p1", clearCategory)));
        Product p1 = db.catalog().find(shop, "p1").orElseThrow();
        assertEquals("Tent", p1.title());    // left out: kept
        assertEquals(90.0, p1.price(), EPS); // given: replaced
        assertNull(p1.category());          // null: cleared
        assertNull(p1.onHand());

        assertEquals(Set.of("p2"), db.catalog().unavailable(shop));
        List<CatalogRepository.SnapshotResult> results = db.catalog().addSnapshots(shop, List.of(
                new InventorySnapshot("p3", 0, at(1, 0)),
                new InventorySnapshot("p1", 4, at(2, 0)),
                new InventorySnapshot("p1", 7, at(1, 0)),     // older than the one above: history only
                new InventorySnapshot("ghost", 1, at(1, 0))));
        assertEquals(List.of(CatalogRepository.SnapshotResult.STORED, CatalogRepository.SnapshotResult.STORED,
                CatalogRepository.SnapshotResult.STORED, CatalogRepository.SnapshotResult.UNKNOWN_PRODUCT), results);
        assertEquals(List.of(CatalogRepository.SnapshotResult.DUPLICATE),
                db.catalog().addSnapshots(shop, List.of(new InventorySnapshot("p3", 0, at(1, 0)))));
        assertEquals(4L, db.catalog().find(shop, "p1").orElseThrow().onHand());
        assertEquals(Set.of("p2", "p3"), db.catalog().unavailable(shop));

        assertEquals(List.of("p2", "p3"), db.catalog().list(shop, null, "p1", 10).stream().map(Product::productId).toList());
        assertEquals(List.of("p1"), db.catalog().list(shop, null, null, 1).stream().map(Product::productId).toList());
        assertEquals(3, db.catalog().count(shop));
    }

    @Test
    void erasingACustomerRemovesTheirEventsAndLinesOnly() {
        db.events().insert(shop, List.of(
                product("v1", "Product Viewed", "gone", "p1", at(0, 1), null),
                order("o1", "gone", "o1", at(0, 2), 30, line("p1", 10, 1), line("p2", 20, 1)),
                new EventRecord("anon", "Product Viewed", at(0, 3), null, "gone", null, null, null, null, null, null,
                        null, "{}", List.of(new EventRecord.EventItem("p1", null, null, 1, null))),
                product("v2", "Product Viewed", "stays", "p1", at(0, 4), null)));
        Map<String, Long> erased = db.events().eraseCustomer(shop, "gone");
        assertEquals(3L, erased.get("events"));
        assertEquals(4L, erased.get("items"));
        assertEquals(Map.of("Product Viewed", 1L), db.events().countsByType(shop, null));
        assertEquals(1, db.views().weightedInteractions(shop, Instant.ofEpochMilli(at(9, 0)),
                Map.of("Product Viewed", 1.0)).size());
    }

    private static int row(Interactions in, String user, String item) {
        for (int r = 0; r < in.size(); r++) {
            if (in.userId(in.user(r)).equals(user) && in.itemId(in.item(r)).equals(item)) {
                return r;
            }
        }
        throw new AssertionError("no interaction " + user + "/" + item);
    }

    private static double value(Interactions in, String user, String item) {
        return in.value(row(in, user, item));
    }
}
