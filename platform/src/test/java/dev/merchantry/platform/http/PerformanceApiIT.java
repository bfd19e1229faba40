package dev.merchantry.platform.http;

import dev.merchantry.platform.performance.PerformanceOptions;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import dev.merchantry.platform.testing.MutableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recommendation outcomes through REST on a node, on a scenario small enough to add up by hand. The node's clock
 * is moved by the test: impressions are stamped with it; events carry their own timestamps.
 *
 * <p>Day D, recommender {@code popular} (trained on older orders: p1 most popular, then p2), attribution window 7
 * days, lists of 2:
 * <pre>
 *   10:00 alice served R1 = [p1, p2]      10:01 alice clicks p1 (R1)    10:02 alice adds p1 to cart (R1)
 *   10:05 bob   served R2 = [p1, p2]
 *   10:10 carol served R3 = [p1, p2]      10:11 carol clicks p2 (R3)
 *   10:15 product page of p3, no customer: R4 = [p1, p2]; 10:16 visitor anon-9 clicks p1 (R4)
 *   10:20 dave clicks p1 with an unknown recommendation_id "nope"
 *   10:30 anon-9 orders p1 ×1 @10          → click-through (its click on p1 from R4 at 10:16)        10
 *   12:00 alice orders p1 ×2 @10, p3 @30   → p1 click-through (R1) 20; p3 was never recommended: nothing
 *   12:30 dave orders p1 @10               → nothing (his click named no served list; never served one)
 *   D+2 09:00 bob orders p2 @20            → view-through (p2 was in R2, served to bob 2 days before)    20
 *   D+7 11:00 carol orders p2 @20          → nothing: 7 days and 49 min after her click and list, outside the window
 * </pre>
 * So popular on day D: impressions 4, clicks 3 (R1, R3, R4; dave's names no list), carts 1, click-through rate
 * 3/4 = 0.75, orders 3 (anon-9, alice, bob), click-through 2 orders 30.00, view-through 1 order 20.00, attributed
 * revenue 50.00, revenue per 1,000 impressions 50 × 1000 / 4 = 12,500.00.
 */
class PerformanceApiIT {

    private static final String SHOP = "acme";
    private static final Instant DAY = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

    private EmbeddedNode node;
    private ApiClient api;
    private String key;
    private int seq;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static String path(String suffix) {
        return "/api/v1/shops/" + SHOP + suffix;
    }

    private static Instant at(int day, int hour, int minute) {
        return DAY.plus(Duration.ofDays(day).plusHours(hour).plusMinutes(minute));
    }

    private JsonObject event(String type, Instant at, String user, JsonObject properties) {
        JsonObject e = new JsonObject().put("event_id", "e" + (seq++)).put("type", type).put("timestamp", at.toString())
                .put("properties", properties);
        return user.startsWith("anon") ? e.put("anonymous_id", user) : e.put("customer_id", user);
    }

    private JsonObject action(String type, Instant at, String user, String product, String recommendation) {
        return event(type, at, user, new JsonObject().put("product_id", product).put("recommendation_id", recommendation)
                .put("strategy_id", "popular"));
    }

    private JsonObject order(Instant at, String user, Object... lines) {
        JsonArray products = new JsonArray();
        for (int i = 0; i < lines.length; i += 3) {
            products.add(new JsonObject().put("product_id", lines[i]).put("quantity", lines[i + 1])
                    .put("price", lines[i + 2]));
        }
        return event("Order Completed", at, user, new JsonObject().put("order_id", "o" + seq).put("products", products));
    }

    private void send(JsonObject... events) {
        ApiClient.Response r = api.post(path("/events"), key, new JsonArray(List.of((Object[]) events)).encode());
        assertEquals(200, r.status(), r.body());
        assertEquals(events.length, r.json().getInteger("accepted"), r.body());
    }

    private String served(MutableClock clock, Instant when, String query) {
        clock.set(when);
        JsonObject r = api.get(path("/recommendations?limit=2&" + query), key).json();
        assertEquals("popular", r.getString("strategy"), r.encode());
        assertEquals(List.of("p1", "p2"), r.getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getString("product_id")).toList(), "the list the hand computation uses");
        return r.getString("recommendation_id");
    }

    private JsonObject dayD() {
        ApiClient.Response r = api.get(path("/performance?kind=recommender&from=" + LocalDate.ofInstant(DAY,
                java.time.ZoneOffset.UTC) + "&to=" + LocalDate.ofInstant(DAY, java.time.ZoneOffset.UTC)), key);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static void assertHandComputedFigures(JsonObject report, boolean isFinal) {
        JsonArray rows = report.getJsonArray("rows");
        assertEquals(1, rows.size(), report.encode());
        JsonObject row = rows.getJsonObject(0);
        assertEquals("popular", row.getString("strategy"));
        assertNull(row.getString("variant_id"));
        assertEquals(4, row.getLong("impressions"), row.encode());
        assertEquals(3, row.getLong("clicks"), row.encode());
        assertEquals(1, row.getLong("carts"), row.encode());
        assertEquals(0.75, row.getDouble("click_through_rate"), 1e-12);
        assertEquals(3, row.getLong("orders"), row.encode());
        assertEquals(2, row.getJsonObject("click_through").getLong("orders"), row.encode());
        assertEquals(30.0, row.getJsonObject("click_through").getDouble("revenue"), 1e-9, row.encode());
        assertEquals(1, row.getJsonObject("view_through").getLong("orders"), row.encode());
        assertEquals(20.0, row.getJsonObject("view_through").getDouble("revenue"), 1e-9, row.encode());
        assertEquals(50.0, row.getDouble("attributed_revenue"), 1e-9);
        assertEquals(12_500.0, row.getDouble("revenue_per_mille"), 1e-9);
        assertEquals(isFinal, row.getBoolean("final"), row.encode());
        assertEquals(50.0, report.getJsonArray("totals").getJsonObject(0).getDouble("attributed_revenue"), 1e-9);
    }

    @Test
    void attributionAddsUpByHandAndSurvivesTheRawImpressions() {
        attributionByHand(false);
    }

    @Test
    void attributionAddsUpByHandOnPostgres() {
        attributionByHand(true);
    }

    private void attributionByHand(boolean postgres) {
        MutableClock clock = MutableClock.at(at(-3, 9, 0));
        EmbeddedNode.Builder builder = EmbeddedNode.builder().plugins("baselines").clock(clock)
                .performance(PerformanceOptions.defaults().withImpressionRetentionDays(10)
                        .withCompactEvery(Duration.ofMillis(100)));
        node = (postgres ? builder.postgres("perf") : builder).start();
        assertEquals(postgres, node.database().isPostgres());
        api = node.api();
        key = node.createShop(SHOP, "Acme");
        assertEquals(200, api.put(path("/products"), key, """
                [{"product_id":"p1","price":10},{"product_id":"p2","price":20},
                 {"product_id":"p3","price":30},{"product_id":"p4","price":40}]""").status());
        // history three days before D: p1 bought by 4 shoppers, p2 by 3, p3 by 2, p4 by 1
        send(order(at(-3, 8, 0), "h1", "p1", 1, 10, "p2", 1, 20, "p3", 1, 30, "p4", 1, 40),
                order(at(-3, 8, 1), "h2", "p1", 1, 10, "p2", 1, 20, "p3", 1, 30),
                order(at(-3, 8, 2), "h3", "p1", 1, 10, "p2", 1, 20),
                order(at(-3, 8, 3), "h4", "p1", 1, 10));
        assertEquals(200, api.put(path("/strategies/recommender"), key, "{\"strategy\":\"popular\"}").status());
        node.awaitJobSucceeded(api.post(path("/strategies/recommender/train"), key, null).json().getString("job_id"));

        String r1 = served(clock, at(0, 10, 0), "customer=alice");
        String r2 = served(clock, at(0, 10, 5), "customer=bob");
        String r3 = served(clock, at(0, 10, 10), "customer=carol");
        String r4 = served(clock, at(0, 10, 15), "product=p3");
        assertFalse(List.of(r1, r2, r3).contains(r4));
        clock.set(at(0, 13, 0));
        send(action("Product Clicked", at(0, 10, 1), "alice", "p1", r1),
                action("Product Added", at(0, 10, 2), "alice", "p1", r1),
                action("Product Clicked", at(0, 10, 11), "carol", "p2", r3),
                action("Product Clicked", at(0, 10, 16), "anon-9", "p1", r4),
                action("Product Clicked", at(0, 10, 20), "dave", "p1", "nope"),
                order(at(0, 10, 30), "anon-9", "p1", 1, 10),
                order(at(0, 12, 0), "alice", "p1", 2, 10, "p3", 1, 30),
                order(at(0, 12, 30), "dave", "p1", 1, 10));
        clock.set(at(2, 10, 0));
        send(order(at(2, 9, 0), "bob", "p2", 1, 20));
        clock.set(at(7, 12, 0));
        send(order(at(7, 11, 0), "carol", "p2", 1, 20));

        // impressions reach the database in batches off the serving path: wait for all four
        JsonObject open = Eventually.await(Duration.ofSeconds(10), "the four impressions are stored", this::dayD,
                report -> report.getJsonArray("rows").size() == 1
                        && report.getJsonArray("rows").getJsonObject(0).getLong("impressions") == 4);
        assertHandComputedFigures(open, false);
        assertEquals(7 * 24, open.getLong("attribution_window_hours"));
        System.out.println("performance of day D, window open: " + open.encode());
        // 12 days later the window has closed, D is aggregated and, past the 10-day retention, its raw lists are gone
        clock.set(at(12, 0, 0));
        Eventually.await(Duration.ofSeconds(10), "D's raw impressions are deleted",
                () -> node.database().performance().oldestImpression(SHOP) == null);
        JsonObject closed = dayD();
        assertHandComputedFigures(closed, true);
        // a late click on R1 changes nothing any more
        send(action("Product Clicked", at(11, 23, 0), "alice", "p1", r1));
        assertHandComputedFigures(dayD(), true);
    }

    @Test
    void theGaugesShowTheLastSevenDaysAndBadQueriesNameTheirField() {
        MutableClock clock = MutableClock.at(at(-1, 9, 0));
        node = EmbeddedNode.builder().plugins("baselines").clock(clock)
                .performance(PerformanceOptions.defaults().withCompactEvery(Duration.ofMillis(100))).start();
        api = node.api();
        key = node.createShop(SHOP, "Acme");
        assertEquals(200, api.put(path("/products"), key, """
                [{"product_id":"p1","price":10},{"product_id":"p2","price":20}]""").status());
        send(order(at(-1, 8, 0), "h1", "p1", 1, 10, "p2", 1, 20), order(at(-1, 8, 1), "h2", "p1", 1, 10));
        assertEquals(200, api.put(path("/strategies/recommender"), key, "{\"strategy\":\"popular\"}").status());
        node.awaitJobSucceeded(api.post(path("/strategies/recommender/train"), key, null).json().getString("job_id"));
        String r1 = served(clock, at(0, 10, 0), "customer=alice");
        served(clock, at(0, 10, 1), "customer=bob");
        clock.set(at(0, 11, 0));
        send(action("Product Clicked", at(0, 10, 2), "alice", "p2", r1), order(at(0, 10, 3), "alice", "p2", 1, 20));
        String metrics = Eventually.await(Duration.ofSeconds(10), "the gauges are refreshed",
                () -> api.get("/metrics", null).body(), body -> body.contains(
                        "merchantry_recommendation_attributed_revenue{shop=\"acme\",strategy=\"popular\",window=\"7d\"} 20.0"));
        assertTrue(metrics.contains("merchantry_recommendation_impressions{shop=\"acme\",strategy=\"popular\",window=\"7d\"} 2.0"),
                metrics);
        assertTrue(metrics.contains("merchantry_recommendation_clicks{shop=\"acme\",strategy=\"popular\",window=\"7d\"} 1.0"),
                metrics);

        for (String[] bad : new String[][] {{"kind=profiles", "kind"}, {"from=2026-13-01", "from"},
                {"to=yesterday", "to"}, {"from=2026-02-01&to=2026-01-01", "from"}, {"from=2020-01-01&to=2026-01-01", "from"}}) {
            ApiClient.Response r = api.get(path("/performance?" + bad[0]), key);
            assertEquals(400, r.status(), bad[0] + ": " + r.body());
            assertEquals(bad[1], r.json().getJsonArray("errors").getJsonObject(0).getString("key"), r.body());
        }
        assertEquals(200, api.get(path("/performance?strategy=item-knn"), key).status());
        assertEquals(0, api.get(path("/performance?strategy=item-knn"), key).json().getJsonArray("rows").size());

        // erasing alice erases the list served to her (even one still queued), and her row figures go with it
        clock.set(at(0, 11, 30));
        assertEquals(1, api.get(path("/recommendations?limit=2&customer=alice"), key).json().getJsonArray("items").size(),
                "p2, which she bought, is left out");
        ApiClient.Response erased = api.delete(path("/customers/alice"), key);
        assertEquals(200, erased.status(), erased.body());
        assertEquals(2, erased.json().getJsonObject("erased").getLong("recommendation_impressions"), erased.body());
    }

    /**
     * Pricing, by hand. p1 (list price 20, cost 10) sells 2 @20 on D−1; an agent's price X is in force on D (an auto
     * decision taken at D 00:00 holds for one day) and p1 sells 3 @X; on D+1 no decision is in force and nothing
     * sells. p2 was never priced by an agent and is left out.
     * <pre>
     *   list-price        D−1: 1 product-day, 2 units, revenue 40, profit 40 − 2×10 = 20
     *                     D+1: 1 product-day, 0 units, revenue 0,  profit 0
     *                     total: 2 product-days, revenue 40 (20 per product-day), profit 20 (10 per product-day)
     *   thompson-pricing  D:   1 product-day, 3 units, revenue 3X, profit 3X − 30
     * </pre>
     */
    @Test
    void pricingRevenueAndProfitPerProductDayUnderTheAgentAndAtTheListPrice() {
        pricingByHand(false);
    }

    @Test
    void pricingByHandOnPostgres() {
        pricingByHand(true);
    }

    private void pricingByHand(boolean postgres) {
        MutableClock clock = MutableClock.at(at(-1, 8, 0));
        EmbeddedNode.Builder builder = EmbeddedNode.builder().plugins("baselines", "pricing").clock(clock);
        node = (postgres ? builder.postgres("perf") : builder).start();
        assertEquals(postgres, node.database().isPostgres());
        api = node.api();
        key = node.createShop(SHOP, "Acme");
        assertEquals(200, api.put(path("/products"), key, """
                [{"product_id":"p1","price":20,"cost":10},{"product_id":"p2","price":50,"cost":20}]""").status());
        send(order(at(-1, 9, 0), "u1", "p1", 2, 20), order(at(-1, 9, 30), "u2", "p2", 1, 50));
        assertEquals(200, api.put(path("/strategies/pricing"), key, "{\"strategy\":\"thompson-pricing\"}").status());
        clock.set(at(0, 0, 0));
        ApiClient.Response decided = api.post(path("/pricing/p1/decide"), key, null);
        assertEquals(200, decided.status(), decided.body());
        assertEquals("active", decided.json().getString("status"));
        double x = decided.json().getDouble("price");
        clock.set(at(0, 11, 0));
        send(order(at(0, 10, 0), "u3", "p1", 3, x), order(at(0, 10, 30), "u4", "p2", 1, 50));
        clock.set(at(2, 8, 0));

        String day = LocalDate.ofInstant(DAY, java.time.ZoneOffset.UTC).toString();
        String before = LocalDate.ofInstant(DAY, java.time.ZoneOffset.UTC).minusDays(1).toString();
        String after = LocalDate.ofInstant(DAY, java.time.ZoneOffset.UTC).plusDays(1).toString();
        ApiClient.Response r = api.get(path("/performance?kind=pricing&from=" + before + "&to=" + after), key);
        assertEquals(200, r.status(), r.body());
        System.out.println("pricing performance: " + r.body());
        JsonArray rows = r.json().getJsonArray("rows");
        assertEquals(3, rows.size(), r.body());
        JsonObject listBefore = rows.getJsonObject(0);
        assertEquals(before, listBefore.getString("date"));
        assertEquals("list-price", listBefore.getString("strategy"));
        assertEquals(1, listBefore.getLong("product_days"));
        assertEquals(2.0, listBefore.getDouble("units"), 1e-9);
        assertEquals(40.0, listBefore.getDouble("revenue"), 1e-9);
        assertEquals(20.0, listBefore.getDouble("profit"), 1e-9);
        JsonObject agent = rows.getJsonObject(1);
        assertEquals(day, agent.getString("date"));
        assertEquals("thompson-pricing", agent.getString("strategy"));
        assertEquals(1, agent.getLong("product_days"));
        assertEquals(3.0, agent.getDouble("units"), 1e-9);
        assertEquals(Math.round(300 * x) / 100.0, agent.getDouble("revenue"), 1e-9);
        assertEquals(Math.round(100 * (3 * x - 30)) / 100.0, agent.getDouble("profit"), 1e-9);
        JsonObject listAfter = rows.getJsonObject(2);
        assertEquals(after, listAfter.getString("date"));
        assertEquals("list-price", listAfter.getString("strategy"));
        assertEquals(0.0, listAfter.getDouble("revenue"), 1e-9);
        assertEquals(1, listAfter.getLong("product_days"));
        JsonObject listTotal = r.json().getJsonArray("totals").getJsonObject(0);
        assertEquals("list-price", listTotal.getString("strategy"));
        assertEquals(2, listTotal.getLong("product_days"));
        assertEquals(20.0, listTotal.getDouble("revenue_per_product_day"), 1e-9);
        assertEquals(10.0, listTotal.getDouble("profit_per_product_day"), 1e-9);
        assertFalse(r.json().containsKey("attribution_window_hours"));
    }

    /**
     * Forecast accuracy, by hand from what was served. f1 (category Tools) sold, over the three weeks before D,
     * A = 2,4,2,4,2,4,2 then B = 3,4,2,4,2,4,2 then C = 3,5,2,4,2,4,2 (one order a day at noon). The forecaster is
     * trained at D 00:30, so its forecast (dates D, D+1, …) is served before D+1 begins; its MASE scale is the mean
     * |y(t) − y(t−7)| of that history = (1 + 1) / 14 = 1/7. Then f1 sells 5 on D+1, nothing on D+2 while out of stock
     * (censored: not scored), 4 on D+3 and nothing on D+4 (a real zero: scored). With m, lo, hi the served mean and
     * 80 % bounds of each date and e = m − actual:
     * <pre>
     *   D+1: wape |e1| / 5, bias e1 / 5, mase |e1| × 7, coverage 1 if lo1 ≤ 5 ≤ hi1
     *   D+4: wape and bias null (nothing sold), mase |e4| × 7
     *   total over D+1, D+3, D+4: wape (|e1| + |e3| + |e4|) / 9, bias (e1 + e3 + e4) / 9,
     *                             mase (|e1| + |e3| + |e4|) × 7 / 3
     * </pre>
     * (seasonal-naive repeats week C: m = 5, 4, 2, so e = 0, 0, 2, wape 2/9, mase 14/3, bias 2/9.)
     */
    @Test
    void forecastAccuracyOfWhatWasServedByHand() {
        MutableClock clock = MutableClock.at(at(0, 0, 10));
        node = EmbeddedNode.builder().plugins("baselines").clock(clock).start();
        api = node.api();
        key = node.createShop(SHOP, "Acme");
        assertEquals(200, api.put(path("/products"), key, """
                [{"product_id":"f1","price":10,"category":"Tools"}]""").status());
        int[] history = {2, 4, 2, 4, 2, 4, 2, 3, 4, 2, 4, 2, 4, 2, 3, 5, 2, 4, 2, 4, 2};
        List<JsonObject> orders = new java.util.ArrayList<>();
        for (int d = 0; d < history.length; d++) {
            orders.add(order(at(d - history.length, 12, 0), "u" + d, "f1", history[d], 10));
        }
        send(orders.toArray(JsonObject[]::new));
        assertEquals(200, api.put(path("/strategies/forecaster"), key, "{\"strategy\":\"seasonal-naive\"}").status());
        clock.set(at(0, 0, 30));
        node.awaitJobSucceeded(api.post(path("/strategies/forecaster/train"), key, null).json().getString("job_id"));
        JsonArray points = api.get(path("/forecasts/f1?horizon=5"), key).json().getJsonArray("points");
        assertEquals(LocalDate.ofInstant(DAY, java.time.ZoneOffset.UTC).toString(), points.getJsonObject(0).getString("date"));

        clock.set(at(6, 0, 0));
        send(order(at(1, 12, 0), "v1", "f1", 5, 10), order(at(3, 12, 0), "v3", "f1", 4, 10));
        ApiClient.Response stock = api.post(path("/inventory"), key, new JsonArray()
                .add(new JsonObject().put("product_id", "f1").put("on_hand", 0).put("timestamp", at(2, 8, 0).toString()))
                .add(new JsonObject().put("product_id", "f1").put("on_hand", 10).put("timestamp", at(2, 20, 0).toString()))
                .encode());
        assertEquals(200, stock.status(), stock.body());

        String from = LocalDate.ofInstant(at(1, 0, 0), java.time.ZoneOffset.UTC).toString();
        String to = LocalDate.ofInstant(at(4, 0, 0), java.time.ZoneOffset.UTC).toString();
        ApiClient.Response r = api.get(path("/performance?kind=forecaster&from=" + from + "&to=" + to), key);
        assertEquals(200, r.status(), r.body());
        System.out.println("forecaster performance: " + r.body());
        double[] m = new double[5];
        double[] lo = new double[5];
        double[] hi = new double[5];
        for (int h = 0; h < 5; h++) {
            m[h] = points.getJsonObject(h).getDouble("mean");
            lo[h] = points.getJsonObject(h).getDouble("lo80");
            hi[h] = points.getJsonObject(h).getDouble("hi80");
        }
        double e1 = m[1] - 5;
        double e3 = m[3] - 4;
        double e4 = m[4];
        JsonArray rows = r.json().getJsonArray("rows");
        assertEquals(3, rows.size(), "D+2 was a stock-out day: " + r.body());
        JsonObject d1 = rows.getJsonObject(0);
        assertEquals(from, d1.getString("date"));
        assertEquals("seasonal-naive", d1.getString("strategy"));
        assertEquals("Tools", d1.getString("category"));
        assertEquals(1, d1.getLong("product_days"));
        assertEquals(Math.abs(e1) / 5, d1.getDouble("wape"), 1e-9);
        assertEquals(e1 / 5, d1.getDouble("bias"), 1e-9);
        assertEquals(Math.abs(e1) * 7, d1.getDouble("mase"), 1e-9);
        assertEquals(lo[1] <= 5 && 5 <= hi[1] ? 1.0 : 0.0, d1.getDouble("coverage_80"), 1e-12);
        assertTrue(d1.getBoolean("final"));
        JsonObject d4 = rows.getJsonObject(2);
        assertEquals(to, d4.getString("date"));
        assertNull(d4.getValue("wape"), "nothing sold: WAPE is undefined");
        assertEquals(Math.abs(e4) * 7, d4.getDouble("mase"), 1e-9);
        JsonObject total = r.json().getJsonArray("totals").getJsonObject(0);
        assertEquals(3, total.getLong("product_days"));
        assertEquals(9.0, total.getDouble("units_sold"), 1e-9);
        assertEquals((Math.abs(e1) + Math.abs(e3) + Math.abs(e4)) / 9, total.getDouble("wape"), 1e-9);
        assertEquals((e1 + e3 + e4) / 9, total.getDouble("bias"), 1e-9);
        assertEquals((Math.abs(e1) + Math.abs(e3) + Math.abs(e4)) * 7 / 3, total.getDouble("mase"), 1e-9);
    }

    /**
     * Churn calibration, by hand from the profiles served. 24 customers (c00–c07 bought every 2–3 weeks up to the
     * last days, c08–c15 as regularly but stopped 250+ days ago, c16–c23 once, 10–200 days ago) are profiled by clv on
     * D. Of them c00, c01 and c08 order on D+10 (came back) and c16 on D+95 (after the 90-day horizon: not counted).
     * On D+100, per RFM group g of the profiles served on D, with n_g customers with a churn risk r_i:
     * <pre>
     *   predicted_churn = Σ r_i / n_g,  came_back = |{c00, c01, c08} ∩ g|,  observed_churn = 1 − came_back / n_g
     * </pre>
     */
    @Test
    void churnCalibrationOfTheProfilesServedByHand() {
        MutableClock clock = MutableClock.at(at(0, 0, 0));
        node = EmbeddedNode.builder().plugins("baselines", "profiling").clock(clock).start();
        api = node.api();
        key = node.createShop(SHOP, "Acme");
        List<JsonObject> history = new java.util.ArrayList<>();
        for (int c = 0; c < 24; c++) {
            int last = c < 8 ? 1 + c % 4 : c < 16 ? 250 + 10 * (c - 8) : 10 + 25 * (c - 16);
            int count = c < 8 ? 15 + c : c < 16 ? 6 : 1;
            for (int k = 0; k < count; k++) {
                history.add(order(at(-(last + 17 * k), 12, 0), String.format("c%02d", c), "p1", 1, c < 16 ? 90 : 25));
            }
        }
        send(history.toArray(JsonObject[]::new));
        assertEquals(200, api.put(path("/strategies/profiler"), key, "{\"strategy\":\"clv\"}").status());
        node.awaitJobSucceeded(api.post(path("/strategies/profiler/train"), key, null).json().getString("job_id"));
        Eventually.await(Duration.ofSeconds(20), "profiles are materialized",
                () -> api.get(path("/customers/c00/profile"), key).status() == 200);
        java.util.Map<String, double[]> expected = new java.util.TreeMap<>(); // group → {n, Σ risk, came back}
        for (int c = 0; c < 24; c++) {
            String id = String.format("c%02d", c);
            JsonObject p = api.get(path("/customers/" + id + "/profile"), key).json();
            Double risk = p.getDouble("churn_risk");
            if (risk == null) {
                continue;
            }
            double[] g = expected.computeIfAbsent(p.getJsonObject("rfm").getString("group"), k -> new double[3]);
            g[0]++;
            g[1] += risk;
            g[2] += List.of("c00", "c01", "c08").contains(id) ? 1 : 0;
        }
        assertTrue(expected.size() >= 2, "several groups: " + expected.keySet());

        clock.set(at(100, 0, 0));
        send(order(at(10, 12, 0), "c00", "p1", 1, 90), order(at(10, 12, 0), "c01", "p1", 1, 90),
                order(at(10, 13, 0), "c08", "p1", 1, 90), order(at(95, 12, 0), "c16", "p1", 1, 25));
        String day = LocalDate.ofInstant(DAY, java.time.ZoneOffset.UTC).toString();
        ApiClient.Response r = api.get(path("/performance?kind=profiler&from=" + day + "&to=" + day), key);
        assertEquals(200, r.status(), r.body());
        System.out.println("profiler performance: " + r.body());
        JsonArray rows = r.json().getJsonArray("rows");
        assertEquals(expected.size(), rows.size(), r.body());
        for (Object o : rows) {
            JsonObject row = (JsonObject) o;
            double[] g = expected.get(row.getString("group"));
            assertEquals("clv", row.getString("strategy"));
            assertEquals((long) g[0], row.getLong("customers"), row.encode());
            assertEquals(g[1] / g[0], row.getDouble("predicted_churn"), 1e-9, row.encode());
            assertEquals((long) g[2], row.getLong("came_back"), row.encode());
            assertEquals(1 - g[2] / g[0], row.getDouble("observed_churn"), 1e-9, row.encode());
            assertTrue(row.getBoolean("final"), "the 90 days after D are over");
        }
    }
}
