package dev.merchantry.platform.http;

import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Serving through REST: recommendation filters (category, already bought), serving settings, live refresh of the
 * fallback strategies after ingestion, and the replenishment plan from a trained forecaster.
 */
class ServingApiIT {

    private static final String SHOP = "acme";
    private static final Duration TRAINING = Duration.ofSeconds(20);
    private static final Duration REFRESH = Duration.ofSeconds(20);

    private EmbeddedNode node;
    private ApiClient api;
    private String key;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private int eventSeq;

    @BeforeEach
    void start() {
        node = EmbeddedNode.builder().plugins("baselines", "recommenders").start();
        api = node.api();
        key = node.createShop(SHOP, "Acme");
        assertEquals(200, api.put(path("/products"), key, """
                [{"product_id":"shoe-1","title":"Trail Shoe","category":"Shoes/Trail","price":90},
                 {"product_id":"shoe-2","title":"Road Shoe","category":"Shoes/Road","price":80},
                 {"product_id":"sock-1","title":"Wool Socks","category":"Socks","price":12},
                 {"product_id":"cap-1","title":"Cap","category":"Hats","price":20}]""").status());
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static String path(String suffix) {
        return "/api/v1/shops/" + SHOP + suffix;
    }

    private void order(String customer, String product, int quantity, Instant at) {
        String body = new JsonArray().add(new JsonObject().put("event_id", "e" + (eventSeq++)).put("type", "Order Completed")
                .put("timestamp", at.toString()).put("customer_id", customer)
                .put("properties", new JsonObject().put("order_id", "o" + eventSeq).put("currency", "EUR")
                        .put("products", new JsonArray().add(new JsonObject().put("product_id", product)
                                .put("price", 10).put("quantity", quantity))))).encode();
        assertEquals(200, api.post(path("/events"), key, body).status());
    }

    private void views(String product, int count) {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < count; i++) {
            batch.add(new JsonObject().put("event_id", "v" + (eventSeq++)).put("type", "Product Viewed")
                    .put("timestamp", now.minusSeconds(60).toString()).put("customer_id", "viewer-" + i)
                    .put("properties", new JsonObject().put("product_id", product)));
        }
        assertEquals(200, api.post(path("/events"), key, batch.encode()).status());
    }

    private void train(String kind) {
        String job = api.post(path("/strategies/" + kind + "/train"), key, null).json().getString("job_id");
        Eventually.await(TRAINING, "training of " + kind + " succeeds",
                () -> "succeeded".equals(api.get("/api/v1/jobs/" + job, key).json().getString("state")));
    }

    private static List<String> ids(JsonObject reply) {
        return reply.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("product_id")).toList();
    }

    @Test
    void recommendationsHonourCategoryAndNeverOfferWhatTheCustomerBought() {
        order("c1", "shoe-1", 1, now.minus(2, ChronoUnit.DAYS));
        order("c2", "shoe-1", 1, now.minus(2, ChronoUnit.DAYS));
        order("c2", "shoe-2", 1, now.minus(2, ChronoUnit.DAYS));
        order("c3", "sock-1", 1, now.minus(1, ChronoUnit.DAYS));
        assertEquals(200, api.put(path("/strategies/recommender"), key, "{\"strategy\":\"popular\"}").status());
        train("recommender");

        JsonObject forC1 = api.get(path("/recommendations?customer=c1&limit=10"), key).json();
        assertEquals("popular", forC1.getString("strategy"));
        assertFalse(forC1.getBoolean("fallback"));
        assertFalse(ids(forC1).contains("shoe-1"), "c1 bought shoe-1: " + forC1);
        assertTrue(ids(forC1).contains("shoe-2"));

        JsonObject shoes = api.get(path("/recommendations?customer=c9&category=Shoes"), key).json();
        assertEquals(List.of("shoe-1", "shoe-2"), ids(shoes), "sub-categories of Shoes only, most popular first");
        for (Object item : shoes.getJsonArray("items")) {
            assertEquals("popular", ((JsonObject) item).getString("strategy"));
            assertFalse(((JsonObject) item).getString("reason").isBlank());
        }
        assertEquals(List.of(), ids(api.get(path("/recommendations?customer=c9&category=Nothing"), key).json()));
    }

    private void basket(String customer, Instant at, String... products) {
        JsonArray lines = new JsonArray();
        for (String p : products) {
            lines.add(new JsonObject().put("product_id", p).put("price", 10).put("quantity", 1));
        }
        String body = new JsonArray().add(new JsonObject().put("event_id", "e" + (eventSeq++)).put("type", "Order Completed")
                .put("timestamp", at.toString()).put("customer_id", customer)
                .put("properties", new JsonObject().put("order_id", "o" + eventSeq).put("currency", "EUR")
                        .put("products", lines))).encode();
        assertEquals(200, api.post(path("/events"), key, body).status());
    }

    @Test
    void newShoppersGetTheFallbackChainAndTheReplySaysWhoAnswered() {
        Instant t = now.minus(1, ChronoUnit.DAYS);
        for (int i = 0; i < 4; i++) {
            basket("a" + i, t, "shoe-1", "sock-1");
        }
        basket("b1", t, "shoe-2", "cap-1");
        basket("b2", t, "shoe-2");
        assertEquals(200, api.put(path("/strategies/recommender"), key, "{\"strategy\":\"item-knn\"}").status());
        train("recommender");
        // Training the bound recommender trains its fallbacks (bought-together, popular) too, without being asked.
        Eventually.await(TRAINING, "a shopper with no history is served by popular", () -> {
            JsonObject r = api.get(path("/recommendations?customer=someone-new"), key).json();
            return "popular".equals(r.getString("strategy"));
        });
        JsonObject fresh = api.get(path("/recommendations?customer=someone-new&limit=3"), key).json();
        assertTrue(fresh.getBoolean("fallback"), fresh.encode());
        assertEquals(3, fresh.getJsonArray("items").size());
        String skipped = fresh.getJsonArray("skipped").encode();
        assertTrue(skipped.contains("item-knn") && skipped.contains("bought-together"), skipped);

        // A product page: the bound item-knn knows shoe-1's neighbours, and the chain fills up the rest.
        JsonObject page = api.get(path("/recommendations?product=shoe-1&limit=3"), key).json();
        assertEquals("item-knn", page.getString("strategy"), page.encode());
        assertFalse(page.getBoolean("fallback"));
        JsonObject first = page.getJsonArray("items").getJsonObject(0);
        assertEquals("sock-1", first.getString("product_id"));
        assertTrue(first.getString("reason").contains("Trail Shoe"), "reason names the product by title: " + first);
        assertFalse(ids(page).contains("shoe-1"), "never the product itself");
        assertEquals(3, ids(page).size(), "the chain fills the limit");

        // The overview's alert reads who answered: fallbacks for the new shoppers, item-knn for the product page.
        JsonObject stats = api.get(path("/serving-stats"), key).json().getJsonObject("recommendations");
        JsonObject by = stats.getJsonObject("by_strategy");
        assertEquals(stats.getLong("requests"), by.stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum(),
                stats.encode());
        assertEquals(1L, by.getLong("item-knn"));
        assertEquals(stats.getLong("requests") - 1, stats.getLong("fallback"));
    }

    @Test
    void servingSettingsAreValidatedKeyByKeyAndNothingChangesOnError() {
        JsonObject defaults = api.get(path("/serving-settings"), key).json();
        assertEquals(new JsonArray().add("bought-together").add("popular"), defaults.getJsonArray("recommendation_fallback"));
        assertTrue(defaults.getBoolean("exclude_purchased"));

        ApiClient.Response bad = api.put(path("/serving-settings"), key,
                "{\"recommendation_fallback\":[\"popular\",\"seasonal-naive\",\"nope\"],\"live_refresh_seconds\":-1,\"colour\":1}");
        assertEquals(400, bad.status());
        String keys = bad.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("key")).toList().toString();
        for (String k : List.of("recommendation_fallback[1]", "recommendation_fallback[2]", "live_refresh_seconds", "colour")) {
            assertTrue(keys.contains(k), k + " reported in " + bad.body());
        }
        assertEquals(defaults, api.get(path("/serving-settings"), key).json());

        JsonObject changed = api.put(path("/serving-settings"), key, "{\"exclude_purchased\":false}").json();
        assertFalse(changed.getBoolean("exclude_purchased"));
        assertEquals(defaults.getJsonArray("recommendation_fallback"), changed.getJsonArray("recommendation_fallback"));
    }

    @Test
    void popularityFollowsNewEventsWithinSecondsWithoutAnyoneTraining() {
        views("sock-1", 3);
        assertEquals(200, api.put(path("/strategies/recommender"), key, "{\"strategy\":\"popular\"}").status());
        assertEquals(200, api.put(path("/serving-settings"), key,
                "{\"recommendation_fallback\":[\"popular\"],\"live_refresh_seconds\":1}").status());
        train("recommender");
        assertEquals("sock-1", ids(api.get(path("/recommendations?customer=new"), key).json()).get(0));

        views("cap-1", 20); // a sudden hit
        Eventually.await(REFRESH, "the refreshed popularity puts the hit first within seconds",
                () -> "cap-1".equals(ids(api.get(path("/recommendations?customer=new"), key).json()).get(0)));
    }

    @Test
    void replenishmentPutsTheProductAboutToRunOutFirst() {
        // 14 days of sales: shoe-1 sells 3 a day with 4 left; sock-1 sells 1 a day with 500 left.
        for (int d = 1; d <= 14; d++) {
            order("c" + d, "shoe-1", 3, now.minus(d, ChronoUnit.DAYS));
            order("d" + d, "sock-1", 1, now.minus(d, ChronoUnit.DAYS));
        }
        assertEquals(200, api.post(path("/inventory"), key, "[{\"product_id\":\"shoe-1\",\"on_hand\":4,\"timestamp\":\""
                + now.minusSeconds(5) + "\"},{\"product_id\":\"sock-1\",\"on_hand\":500,\"timestamp\":\""
                + now.minusSeconds(5) + "\"}]").status());
        assertEquals(409, api.get(path("/replenishment"), key).status(), "no forecaster bound yet");
        assertEquals(200, api.put(path("/strategies/forecaster"), key, "{\"strategy\":\"seasonal-naive\"}").status());
        train("forecaster");

        JsonObject forecast = api.get(path("/forecasts/shoe-1?horizon=3&quantiles=0.1,0.5,0.9"), key).json();
        for (Object o : forecast.getJsonArray("points")) {
            JsonObject point = (JsonObject) o;
            JsonObject q = point.getJsonObject("quantiles");
            assertEquals(point.getDouble("mean"), q.getDouble("0.5"), 1e-9);
            assertEquals(point.getDouble("lo80"), q.getDouble("0.1"), 1e-9, "the 10% quantile bounds the 80% interval");
            assertEquals(point.getDouble("hi80"), q.getDouble("0.9"), 1e-9);
        }
        ApiClient.Response badQuantile = api.get(path("/forecasts/shoe-1?quantiles=0.1,1.5"), key);
        assertEquals(400, badQuantile.status());
        assertEquals("quantiles", badQuantile.json().getJsonArray("errors").getJsonObject(0).getString("key"));

        JsonObject plan = api.get(path("/replenishment"), key).json();
        JsonArray products = plan.getJsonArray("products");
        JsonObject first = products.getJsonObject(0);
        assertEquals("shoe-1", first.getString("product_id"), plan.encodePrettily());
        assertEquals(4L, first.getLong("on_hand"));
        // Seasonal naive repeats the last week: 3 a day, so 21 over the default 7-day lead time.
        assertEquals(21.0, first.getDouble("forecast_lead_time_demand"), 1e-6);
        assertTrue(first.getLong("order_quantity") >= 42 - 4, "covers lead time + review period: " + first);
        assertTrue(first.getDouble("stockout_risk") > 0.99);
        assertEquals(7, first.getInteger("lead_time_days"));
        JsonObject socks = products.getJsonObject(1);
        assertEquals("sock-1", socks.getString("product_id"));
        assertEquals(0L, socks.getLong("order_quantity"));
        assertEquals(500.0, socks.getDouble("days_of_cover"), 1e-6);

        ApiClient.Response bad = api.put(path("/replenishment/settings"), key,
                "{\"lead_time_days\":3,\"products\":{\"shoe-1\":{\"service_level\":1.5}}}");
        assertEquals(400, bad.status());
        assertEquals("products.shoe-1.service_level", bad.json().getJsonArray("errors").getJsonObject(0).getString("key"));
        assertEquals(7, api.get(path("/replenishment/settings"), key).json().getInteger("lead_time_days"), "nothing changed");

        ApiClient.Response unknown = api.put(path("/replenishment/settings"), key,
                "{\"products\":{\"shoe-1\":{\"lead_time_days\":2},\"no-such-product\":{\"lead_time_days\":2}}}");
        assertEquals(400, unknown.status());
        JsonObject unknownError = unknown.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("products.no-such-product", unknownError.getString("key"));
        assertTrue(unknownError.getString("message").startsWith("unknown product 'no-such-product'"), unknown.body());
        String longId = "x".repeat(201);
        ApiClient.Response tooLong = api.put(path("/replenishment/settings"), key,
                "{\"products\":{\"" + longId + "\":{\"lead_time_days\":2}}}");
        assertEquals(400, tooLong.status());
        JsonObject tooLongError = tooLong.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("products", tooLongError.getString("key"));
        assertTrue(tooLongError.getString("message").contains("has 201 characters; a product id has 1 to 200"),
                tooLong.body());
        assertEquals(0, api.get(path("/replenishment/settings"), key).json().getJsonObject("products").size(),
                "rejected overrides store nothing");
        assertEquals(200, api.put(path("/replenishment/settings"), key,
                "{\"products\":{\"no-such-product\":null}}").status(), "removing an override needs no product");

        assertEquals(200, api.put(path("/replenishment/settings"), key,
                "{\"products\":{\"shoe-1\":{\"lead_time_days\":2,\"min_order_quantity\":100}}}").status());
        JsonObject shoe = api.get(path("/replenishment?reorder_only=true"), key).json().getJsonArray("products").getJsonObject(0);
        assertEquals(2, shoe.getInteger("lead_time_days"));
        assertEquals(6.0, shoe.getDouble("forecast_lead_time_demand"), 1e-6);
        assertEquals(100L, shoe.getLong("order_quantity"));
        assertEquals(1, api.get(path("/replenishment?reorder_only=true"), key).json().getJsonArray("products").size());
    }
}
