package dev.merchantry.platform.http;

import dev.merchantry.platform.service.Addresses;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Profiles, segments and audiences through the public contracts: a shop's orders are ingested over REST, the
 * bundled profiling plugin is bound and trained, and the materialized profiles are read over REST and the bus.
 */
class ProfilesApiIT {

    private static final String SHOP = "outdoor";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static final Duration TRAINING = Duration.ofSeconds(30);
    /** Profiles are materialized after the job, then group changes are published. */
    private static final Duration MATERIALIZED = Duration.ofSeconds(30);
    private static final Duration PUBLISHED = Duration.ofSeconds(5);

    private EmbeddedNode node;
    private ApiClient api;
    private String key;

    @BeforeEach
    void start() throws Exception {
        node = EmbeddedNode.builder().plugins("baselines", "profiling").start();
        api = node.api();
        key = node.createShop(SHOP, "Outdoor");
        ingestHistory();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /**
     * 80 customers: c00–c19 have bought every 2–3 weeks for about a year, up to the last days (champions); c20–c39
     * bought as regularly for a few months but stopped 250–350 days ago (lapsed regulars); c40–c79 bought once or
     * twice, 10–200 days ago; v1 only browsed (a prospect).
     */
    private void ingestHistory() {
        Random random = new Random(11);
        JsonArray events = new JsonArray();
        int order = 0;
        for (int c = 0; c < 80; c++) {
            String id = String.format("c%02d", c);
            int last;
            int first;
            int count;
            if (c < 20) {
                last = random.nextInt(5);
                first = 300 + random.nextInt(100);
                count = (first - last) / (14 + random.nextInt(8));
            } else if (c < 40) {
                last = 250 + random.nextInt(100);
                first = last + 60 + random.nextInt(60);
                count = (first - last) / (14 + random.nextInt(8));
            } else {
                last = 10 + random.nextInt(190);
                count = 1 + random.nextInt(2);
                first = last + (count == 1 ? 0 : 1 + random.nextInt(60));
            }
            for (int k = 0; k < count; k++) {
                int day = count == 1 ? last : first - (first - last) * k / (count - 1);
                String product = "p" + (c % 4) + random.nextInt(5);
                double price = c < 40 ? 80 + random.nextInt(40) : 20 + random.nextInt(20);
                events.add(event("e" + (order), "Order Completed", day, id, new JsonObject().put("order_id", "o" + order)
                        .put("currency", "EUR").put("products", new JsonArray().add(new JsonObject()
                                .put("product_id", product).put("price", price).put("quantity", 1)))));
                events.add(event("v" + order, "Product Viewed", day, id, new JsonObject().put("product_id", product)));
                order++;
            }
        }
        events.add(event("visit-1", "Product Viewed", 3, "v1", new JsonObject().put("product_id", "p00")));
        ApiClient.Response r = api.post("/api/v1/shops/" + SHOP + "/events", key, events.encode());
        assertEquals(200, r.status(), r.body());
        assertEquals(events.size(), r.json().getInteger("accepted"), r.body());
    }

    private static JsonObject event(String id, String type, int daysAgo, String customer, JsonObject properties) {
        return new JsonObject().put("event_id", id).put("type", type)
                .put("timestamp", NOW.minus(daysAgo, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS).toString())
                .put("customer_id", customer).put("properties", properties);
    }

    private void bindAndTrain(String kind, String body) throws Exception {
        assertEquals(200, api.put("/api/v1/shops/" + SHOP + "/strategies/" + kind, key, body).status());
        ApiClient.Response queued = api.post("/api/v1/shops/" + SHOP + "/strategies/" + kind + "/train", key, null);
        assertEquals(202, queued.status(), queued.body());
        String job = queued.json().getString("job_id");
        JsonObject state = Eventually.await(TRAINING, "job " + job + " ends", () -> api.get("/api/v1/jobs/" + job, key)
                .json(), j -> j.getString("state").equals("succeeded") || j.getString("state").equals("failed"));
        assertEquals("succeeded", state.getString("state"), state.encode());
    }

    /** Trains the profiler and waits until its profiles are served (materialization follows the job). */
    private void trainProfiler(String strategy) throws Exception {
        String before = api.get("/api/v1/shops/" + SHOP + "/segments", key).body();
        bindAndTrain("profiler", "{\"strategy\":\"" + strategy + "\"}");
        Eventually.await(MATERIALIZED, "profiles are materialized after training", () -> {
            ApiClient.Response r = api.get("/api/v1/shops/" + SHOP + "/segments", key);
            return r.status() == 200 && !r.body().equals(before);
        });
    }

    private JsonObject preview(String criteria) {
        ApiClient.Response r = api.post("/api/v1/shops/" + SHOP + "/audiences/preview", key, criteria);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void profilesServeTheContractOverRestAndTheBus() throws Exception {
        assertEquals(409, api.get("/api/v1/shops/" + SHOP + "/customers/c00/profile", key).status(), "no profiler yet");
        trainProfiler("clv");

        JsonObject p = api.get("/api/v1/shops/" + SHOP + "/customers/c00/profile", key).json();
        assertEquals("c00", p.getString("customer_id"));
        JsonObject rfm = p.getJsonObject("rfm");
        for (String field : List.of("recency", "frequency", "monetary", "r", "f", "m", "group")) {
            assertNotNull(rfm.getValue(field), field);
        }
        assertTrue(Set.of("CHAMPIONS", "LOYAL").contains(rfm.getString("group")), rfm.encode());
        JsonObject clv = p.getJsonObject("clv");
        for (String field : List.of("expected_purchases_90d", "p_alive", "expected_order_value", "value_365d")) {
            assertNotNull(clv.getValue(field), field);
        }
        assertEquals(1 - clv.getDouble("p_alive"), p.getDouble("churn_risk"), 1e-3);
        assertNotNull(p.getString("segment"));
        assertNotNull(Instant.parse(p.getString("updated_at")));

        JsonObject lapsed = api.get("/api/v1/shops/" + SHOP + "/customers/c25/profile", key).json();
        assertTrue(Set.of("AT_RISK", "PREVIOUSLY_LOYAL", "ALMOST_LOST").contains(lapsed.getJsonObject("rfm")
                .getString("group")), lapsed.encode());
        assertTrue(lapsed.getDouble("churn_risk") > p.getDouble("churn_risk"), "a lapsed regular is likelier gone");

        JsonObject prospect = api.get("/api/v1/shops/" + SHOP + "/customers/v1/profile", key).json();
        assertEquals("PROSPECTS", prospect.getJsonObject("rfm").getString("group"));
        assertNull(prospect.getValue("clv"));
        assertNull(prospect.getValue("churn_risk"));
        assertEquals(404, api.get("/api/v1/shops/" + SHOP + "/customers/nobody/profile", key).status());

        JsonObject viaBus = node.vertx().eventBus().<JsonObject>request(Addresses.PROFILE,
                new JsonObject().put("shop", SHOP).put("customer_id", "c00")).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).body();
        assertEquals(p, viaBus);
        Throwable missing = node.vertx().eventBus().request(Addresses.PROFILE, new JsonObject().put("shop", SHOP))
                .toCompletionStage().toCompletableFuture().handle((m, e) -> e).get(10, TimeUnit.SECONDS);
        assertEquals(400, ((ReplyException) missing.getCause() == null ? (ReplyException) missing
                : (ReplyException) missing.getCause()).failureCode());
    }

    @Test
    void segmentsListSizesDescriptionsAveragesAndGroups() throws Exception {
        trainProfiler("segments");
        JsonObject s = api.get("/api/v1/shops/" + SHOP + "/segments", key).json();
        assertEquals("segments", s.getString("strategy"));
        assertEquals(81, s.getLong("customers"));
        long total = 0;
        for (Object o : s.getJsonArray("segments")) {
            JsonObject seg = (JsonObject) o;
            assertFalse(seg.getString("description").isBlank());
            assertNotNull(seg.getJsonObject("averages").getDouble("recency_days"));
            total += seg.getLong("size");
        }
        assertEquals(81, total);
        long grouped = s.getJsonObject("groups").stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
        assertEquals(81, grouped);
        assertEquals(1, s.getJsonObject("groups").getLong("PROSPECTS"));
    }

    @Test
    void audiencesFilterPageAndSayWhenThereIsNoRecommender() throws Exception {
        trainProfiler("rfm");
        JsonObject noRecommender = preview("{\"groups\":[\"AT_RISK\",\"PREVIOUSLY_LOYAL\"],\"limit\":5}");
        assertFalse(noRecommender.getJsonObject("recommender").getBoolean("available"));
        assertTrue(noRecommender.getJsonObject("recommender").getString("reason").contains("recommender"),
                noRecommender.encode());

        bindAndTrain("recommender", "{\"strategy\":\"popular\"}");
        JsonObject page1 = preview("{\"groups\":[\"AT_RISK\",\"PREVIOUSLY_LOYAL\"],\"limit\":5}");
        assertTrue(page1.getJsonObject("recommender").getBoolean("available"));
        assertEquals(5, page1.getInteger("count"));
        JsonArray customers = page1.getJsonArray("customers");
        double previous = Double.MAX_VALUE;
        for (Object o : customers) {
            JsonObject c = (JsonObject) o;
            assertTrue(Set.of("AT_RISK", "PREVIOUSLY_LOYAL").contains(c.getString("group")));
            assertTrue(c.getDouble("value_365d") <= previous, "most valuable first");
            previous = c.getDouble("value_365d");
            assertEquals(3, c.getJsonArray("top_products").size(), c.encode());
            // The documented rules: high value (M 4-5) always gets a 20 % win-back; others one unless most likely gone.
            JsonObject offer = c.getJsonObject("offer");
            if (c.getJsonObject("rfm").getInteger("m") >= 4) {
                assertEquals("win_back", offer.getString("rule"), c.encode());
                assertEquals(20, offer.getInteger("discount_percent"));
            } else {
                assertEquals(c.getDouble("churn_risk") >= 0.95 ? "none" : "win_back", offer.getString("rule"), c.encode());
            }
        }
        Set<String> seen = new HashSet<>();
        String cursor = page1.getString("next_cursor");
        customers.forEach(o -> seen.add(((JsonObject) o).getString("customer_id")));
        while (cursor != null) {
            JsonObject next = preview("{\"groups\":[\"AT_RISK\",\"PREVIOUSLY_LOYAL\"],\"limit\":5,\"cursor\":\"" + cursor + "\"}");
            next.getJsonArray("customers").forEach(o -> assertTrue(seen.add(((JsonObject) o).getString("customer_id")),
                    "pages do not overlap"));
            cursor = next.getString("next_cursor");
        }
        JsonObject all = preview("{\"groups\":[\"AT_RISK\",\"PREVIOUSLY_LOYAL\"],\"limit\":500,\"products_per_customer\":0}");
        assertEquals(all.getInteger("count"), seen.size(), "paging returns the whole audience once");
        assertNull(all.getValue("recommender"));

        JsonObject champions = preview("{\"groups\":[\"CHAMPIONS\"],\"min_value\":1,\"max_churn_risk\":0.5,"
                + "\"last_seen_within_days\":30}");
        assertTrue(champions.getInteger("count") > 0);
        champions.getJsonArray("customers").forEach(o -> {
            JsonObject c = (JsonObject) o;
            assertEquals("none", c.getJsonObject("offer").getString("rule"));
            assertTrue(c.getDouble("churn_risk") <= 0.5);
            assertTrue(c.getDouble("value_365d") >= 1);
        });
    }

    @Test
    void badCriteriaAre400NamingEachField() throws Exception {
        trainProfiler("rfm");
        for (String[] bad : new String[][] {
            {"{\"groups\":[\"VIP\"]}", "groups", "400"},
            {"{\"groups\":\"AT_RISK\"}", "groups", "400"},
            {"{\"segments\":[1]}", "segments", "400"},
            {"{\"min_value\":-1}", "min_value", "400"},
            {"{\"min_value\":10,\"max_value\":5}", "max_value", "400"},
            {"{\"min_churn_risk\":1.5}", "min_churn_risk", "400"},
            {"{\"max_churn_risk\":\"high\"}", "max_churn_risk", "400"},
            {"{\"last_seen_within_days\":0}", "last_seen_within_days", "400"},
            {"{\"limit\":501}", "limit", "200"},
            {"{\"limit\":2.5}", "limit", "400"},
            {"{\"cursor\":\"not-a-cursor\"}", "cursor", "400"},
            {"{\"products_per_customer\":99}", "products_per_customer", "400"},
            {"{\"group\":[\"AT_RISK\"]}", "group", "400"},
        }) {
            ApiClient.Response r = api.post("/api/v1/shops/" + SHOP + "/audiences/preview", key, bad[0]);
            assertEquals(400, r.status(), bad[0]);
            assertTrue(r.contentType().startsWith("application/problem+json"));
            assertEquals(bad[1], r.json().getJsonArray("errors").getJsonObject(0).getString("key"), bad[0]);
            ApiClient.Response export = api.post("/api/v1/shops/" + SHOP + "/audiences/export", key, bad[0]);
            assertEquals(Integer.parseInt(bad[2]), export.status(), bad[0] + " (export allows limits above 500)");
        }
    }

    @Test
    void exportStreamsTheWholeAudienceAsCsv() throws Exception {
        trainProfiler("rfm");
        bindAndTrain("recommender", "{\"strategy\":\"popular\"}");
        ApiClient.Response r = api.post("/api/v1/shops/" + SHOP + "/audiences/export", key,
                "{\"groups\":[\"AT_RISK\",\"PREVIOUSLY_LOYAL\",\"ALMOST_LOST\"],\"products_per_customer\":2}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("text/csv"));
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(r.body())).getRecords();
        assertEquals("customer_id,group,segment,value_365d,churn_risk,expected_purchases_90d,last_seen,offer_rule,"
                + "discount_percent,offer_message,top_products", r.body().substring(0, r.body().indexOf('\n')));
        JsonArray expected = preview("{\"groups\":[\"AT_RISK\",\"PREVIOUSLY_LOYAL\",\"ALMOST_LOST\"],\"limit\":500,"
                + "\"products_per_customer\":0}").getJsonArray("customers");
        assertEquals(expected.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject c = expected.getJsonObject(i);
            assertEquals(c.getString("customer_id"), rows.get(i).get("customer_id"), "same order as the preview");
            assertEquals(c.getString("group"), rows.get(i).get("group"));
            assertEquals(c.getJsonObject("offer").getString("rule"), rows.get(i).get("offer_rule"));
            assertEquals(2, rows.get(i).get("top_products").split(";").length, rows.get(i).toString());
        }
        ApiClient.Response everyone = api.post("/api/v1/shops/" + SHOP + "/audiences/export", key, null);
        assertEquals(82, everyone.body().split("\n").length, "header + 81 customers, prospects included");
    }

    @Test
    void exportNeutralisesCellsASpreadsheetWouldRunAsFormulas() throws Exception {
        // Ids come from whoever can place an order; these would run as formulas in Excel or LibreOffice.
        List<String> hostile = List.of("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3",
                "@SUM(1+1)*cmd|' /C calc'!A0");
        JsonArray events = new JsonArray();
        for (int i = 0; i < hostile.size(); i++) {
            events.add(event("hostile-" + i, "Order Completed", 2, hostile.get(i), new JsonObject()
                    .put("order_id", "h" + i).put("currency", "EUR").put("products", new JsonArray()
                            .add(new JsonObject().put("product_id", "=1+2").put("price", 500).put("quantity", 3)))));
        }
        // ... and a product id that does: bought by many, so the most popular product, first in top_products.
        for (int i = 0; i < 40; i++) {
            events.add(event("fan-" + i, "Order Completed", 1 + i % 20, "fan" + i, new JsonObject()
                    .put("order_id", "f" + i).put("currency", "EUR").put("products", new JsonArray()
                            .add(new JsonObject().put("product_id", "=1+2").put("price", 10).put("quantity", 1)))));
        }
        ApiClient.Response ingested = api.post("/api/v1/shops/" + SHOP + "/events", key, events.encode());
        assertEquals(events.size(), ingested.json().getInteger("accepted"), ingested.body());
        trainProfiler("rfm");
        bindAndTrain("recommender", "{\"strategy\":\"popular\"}");

        ApiClient.Response r = api.post("/api/v1/shops/" + SHOP + "/audiences/export", key,
                "{\"products_per_customer\":3}");
        assertEquals(200, r.status(), r.body());
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(r.body())).getRecords();
        Set<String> customers = new HashSet<>();
        boolean productNeutralised = false;
        for (CSVRecord row : rows) {
            customers.add(row.get("customer_id"));
            for (String cell : row.values()) {
                assertFalse(!cell.isEmpty() && "=+@\t\r".indexOf(cell.charAt(0)) >= 0
                        || cell.startsWith("-") && !cell.matches("-[0-9.E]+"), "a cell a spreadsheet would run: " + cell);
            }
            productNeutralised |= row.get("top_products").startsWith("'=1+2");
        }
        for (String id : hostile) {
            assertTrue(customers.contains("'" + id), "exported as text: " + id + " in " + customers);
        }
        assertTrue(customers.contains("c00"), "ordinary ids are unchanged");
        assertTrue(productNeutralised, "the product id leading a top_products cell is neutralised too");
    }

    @Test
    void erasureRemovesTheProfileAndGroupChangesArePublished() throws Exception {
        trainProfiler("rfm");
        String before = api.get("/api/v1/shops/" + SHOP + "/customers/c30/profile", key).json().getJsonObject("rfm")
                .getString("group");
        List<JsonObject> changes = new CopyOnWriteArrayList<>();
        node.vertx().eventBus().<JsonObject>consumer(Addresses.PROFILE_CHANGED, m -> changes.add(m.body()));
        // c30, lapsed for months, buys again today: after retraining her group changes.
        JsonArray comeback = new JsonArray().add(event("back-1", "Order Completed", 0, "c30", new JsonObject()
                .put("order_id", "back-1").put("currency", "EUR").put("products", new JsonArray()
                        .add(new JsonObject().put("product_id", "p11").put("price", 90).put("quantity", 1)))));
        assertEquals(1, api.post("/api/v1/shops/" + SHOP + "/events", key, comeback.encode()).json().getInteger("accepted"));
        trainProfiler("rfm");
        String after = api.get("/api/v1/shops/" + SHOP + "/customers/c30/profile", key).json().getJsonObject("rfm")
                .getString("group");
        assertFalse(before.equals(after), before + " -> " + after);
        Eventually.await(PUBLISHED, "merchantry.profile.changed for c30", () -> List.copyOf(changes),
                seen -> seen.stream().anyMatch(c -> c.getString("customer_id").equals("c30")));
        JsonObject change = changes.stream().filter(c -> c.getString("customer_id").equals("c30")).findFirst()
                .orElseThrow(() -> new AssertionError("no merchantry.profile.changed for c30: " + changes));
        assertEquals(SHOP, change.getString("shop"));
        assertEquals(before, change.getString("old_group"));
        assertEquals(after, change.getString("new_group"));

        JsonObject erased = api.delete("/api/v1/shops/" + SHOP + "/customers/c30", key).json();
        assertEquals(1L, erased.getJsonObject("erased").getLong("profiles"), erased.encode());
        assertEquals(404, api.get("/api/v1/shops/" + SHOP + "/customers/c30/profile", key).status());
        JsonObject all = preview("{\"limit\":500,\"products_per_customer\":0}");
        all.getJsonArray("customers").forEach(o -> assertFalse(((JsonObject) o).getString("customer_id").equals("c30")));
    }
}
