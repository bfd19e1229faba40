package dev.merchantry.platform.http;

import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.testing.EmbeddedNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import dev.merchantry.platform.testing.Eventually;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo shop's history includes its recommendation widget, so its performance report is filled from the start. */
class DemoPerformanceIT {

    @Test
    void theDemoShopShowsWhatItsRecommendationsEarned() {
        try (EmbeddedNode node = EmbeddedNode.builder().demo(new DemoScale(400, 60, 60)).start()) {
            String key = node.node().demoApiKey();
            LocalDate today = LocalDate.now(node.clock().withZone(ZoneOffset.UTC));
            ApiClient.Response r = node.api().get("/api/v1/shops/demo/performance?from=" + today.minusDays(28)
                    + "&to=" + today, key);
            assertEquals(200, r.status(), r.body());
            System.out.println("demo performance totals: " + r.json().getJsonArray("totals").encode());
            JsonArray rows = r.json().getJsonArray("rows");
            assertEquals(28, rows.stream().map(o -> ((JsonObject) o).getString("date")).distinct().count(),
                    "a row on each of the widget's 28 days: " + rows.size());
            JsonObject knn = total(r.json(), "item-knn");
            JsonObject popular = total(r.json(), "popular");
            assertTrue(knn.getLong("impressions") > 0 && knn.getLong("clicks") > 0 && knn.getLong("carts") > 0, knn.encode());
            assertTrue(knn.getJsonObject("click_through").getLong("orders") > 0, knn.encode());
            assertTrue(knn.getDouble("attributed_revenue") > 0 && knn.getDouble("revenue_per_mille") > 0, knn.encode());
            assertTrue(popular.getLong("impressions") > 0 && popular.getLong("clicks") > 0, popular.encode());
        }
    }

    @Test
    void theDemoShopsProfilesAreKeptForTheChurnCalibrationOnceItsProfilerHasTrained() {
        try (EmbeddedNode node = EmbeddedNode.builder().plugins("profiling").demo(new DemoScale(400, 60, 60)).start()) {
            String key = node.node().demoApiKey();
            String today = LocalDate.now(node.clock().withZone(ZoneOffset.UTC)).toString();
            JsonObject report = dev.merchantry.platform.testing.Eventually.await(java.time.Duration.ofSeconds(60),
                    "the demo's profiler has trained and its profiles are kept", () -> node.api().get(
                            "/api/v1/shops/demo/performance?kind=profiler&from=" + today + "&to=" + today, key).json(),
                    r -> r.getJsonArray("rows") != null && !r.getJsonArray("rows").isEmpty());
            System.out.println("demo churn calibration: " + report.getJsonArray("totals").encode());
            JsonObject total = report.getJsonArray("totals").getJsonObject(0);
            assertTrue(total.getLong("customers") > 100, total.encode());
            double predicted = total.getDouble("predicted_churn");
            assertTrue(predicted > 0 && predicted < 1, total.encode());
            JsonObject row = report.getJsonArray("rows").getJsonObject(0);
            assertTrue(!row.getBoolean("final"), "the 90 days are ahead");
            assertTrue(row.containsKey("observed_churn") && row.getValue("observed_churn") == null,
                    "no observed churn before the horizon is over: " + row.encode());
        }
    }

    /**
     * A fresh demo node with the bundled strategies: once its background replay is done, the performance report of
     * every kind has rows with figures, each made by the real path (the widget's lists and clicks, the agent's
     * decisions in the history's last weeks, the forecasts and churn risks replayed at past moments), and the demo has
     * one finished experiment whose lists were served through serving and whose clicks the report counts too.
     */
    @Test
    void aFreshDemoShowsWhatEveryKindOfStrategyEarnedAndOneFinishedExperiment() {
        try (EmbeddedNode node = EmbeddedNode.builder().withBundledPlugins().demo(new DemoScale(400, 60, 240))
                .start()) {
            String key = node.node().demoApiKey();
            LocalDate today = LocalDate.now(node.clock().withZone(ZoneOffset.UTC));
            String range = "&from=" + today.minusDays(200) + "&to=" + today;
            JsonObject experiment = Eventually.await(Duration.ofSeconds(180), "the demo's experiment has finished",
                    () -> node.api().get("/api/v1/shops/demo/experiments", key).json().getJsonArray("experiments"),
                    list -> list.size() == 1 && "stopped".equals(list.getJsonObject(0).getString("status")))
                    .getJsonObject(0);
            assertEquals(List.of("popular", "item-knn"), experiment.getJsonArray("variants").stream()
                    .map(v -> ((JsonObject) v).getString("strategy")).toList(), experiment.encode());
            JsonObject results = node.api().get("/api/v1/shops/demo/experiments/" + experiment.getString("id")
                    + "/results", key).json();
            System.out.println("demo experiment: " + results.encode());
            assertEquals("stopped", results.getString("status"));
            String verdict = results.getJsonObject("verdict").getString("code");
            // Stopped: a decision, or "inconclusive" with what a decision would have needed — never "keep running".
            assertTrue(List.of("winner", "control_wins", "no_difference", "inconclusive").contains(verdict),
                    results.encode());
            if (verdict.equals("inconclusive")) {
                assertTrue(results.getJsonObject("verdict").getString("words").startsWith("Stopped without a decision"),
                        results.encode());
            }

            JsonObject lists = Eventually.await(Duration.ofSeconds(60), "the experiment's lists are stored",
                    () -> node.api().get("/api/v1/shops/demo/performance?from=" + today + "&to=" + today, key)
                            .json(), r -> r.getJsonArray("rows").size() >= 2);
            for (Object o : results.getJsonArray("variants")) {
                JsonObject variant = (JsonObject) o;
                JsonObject served = lists.getJsonArray("rows").stream().map(r -> (JsonObject) r)
                        .filter(r -> variant.getString("id").equals(r.getString("variant_id"))).findFirst()
                        .orElseThrow(() -> new AssertionError("no lists of variant " + variant.encode() + ": "
                                + lists.encode()));
                assertTrue(variant.getLong("units") > 0, results.encode());
                // every unit was served a list of its variant, and each converting unit clicked one
                assertTrue(served.getLong("impressions") >= variant.getLong("units"), served.encode());
                assertTrue(served.getLong("clicks") >= variant.getDouble("conversions"), served.encode());
            }

            JsonObject pricing = awaitRows(node, key, "pricing", range);
            JsonObject agent = total(pricing, "thompson-pricing");
            assertTrue(agent.getLong("product_days") > 0 && agent.getDouble("units") > 0
                    && agent.getDouble("revenue") > 0, agent.encode());
            assertTrue(total(pricing, "list-price").getLong("product_days") > 0, pricing.encode());
            // The agent's days are its own decisions, dated in the history and learned from the orders ingested after.
            JsonObject agentOf = node.api().get("/api/v1/shops/demo/products?limit=100", key).json()
                    .getJsonArray("products").stream().map(p -> ((JsonObject) p).getString("product_id"))
                    .map(p -> node.api().get("/api/v1/shops/demo/pricing/" + p + "?limit=20", key))
                    .filter(r -> r.status() == 200).findFirst().orElseThrow().json();
            assertEquals("thompson-pricing", agentOf.getString("strategy"));
            JsonArray history = agentOf.getJsonArray("history");
            assertTrue(history.stream().map(d -> (JsonObject) d).anyMatch(d -> "observed".equals(d.getString("status"))
                    && "events".equals(d.getJsonObject("outcome").getString("source"))
                    && LocalDate.parse(d.getString("decided_at").substring(0, 10)).isBefore(today.minusDays(1))),
                    history.encode());

            JsonObject forecasts = awaitRows(node, key, "forecaster", range);
            JsonObject auto = total(forecasts, "auto");
            assertTrue(auto.getLong("product_days") > 0 && auto.getDouble("units_sold") > 0, auto.encode());
            assertTrue(auto.getDouble("wape") > 0 && auto.getDouble("coverage_80") > 0, auto.encode());
            assertTrue(forecasts.getJsonArray("rows").stream().map(r -> (JsonObject) r)
                    .allMatch(r -> LocalDate.parse(r.getString("date")).isBefore(today)), "only days that are over");

            // The live profiles of today come first; the replayed predictions of earlier months follow.
            JsonObject churn = Eventually.await(Duration.ofSeconds(180), "a churn prediction whose 90 days are over",
                    () -> node.api().get("/api/v1/shops/demo/performance?kind=profiler" + range, key).json(),
                    r -> r.getJsonArray("rows").stream().anyMatch(row -> ((JsonObject) row).getBoolean("final")));
            System.out.println("demo profiler rows: " + churn.getJsonArray("rows").size());
            JsonObject closed = churn.getJsonArray("rows").stream().map(r -> (JsonObject) r)
                    .filter(r -> r.getBoolean("final") && r.getLong("customers") > 0).findFirst()
                    .orElseThrow(() -> new AssertionError("no customers in a closed prediction: " + churn.encode()));
            assertTrue(closed.getDouble("predicted_churn") > 0 && closed.getDouble("predicted_churn") < 1
                    && closed.getValue("observed_churn") != null, closed.encode());

            JsonObject recommendations = awaitRows(node, key, "recommender", range);
            JsonObject knn = total(recommendations, "item-knn");
            assertTrue(knn.getLong("impressions") > 0 && knn.getLong("clicks") > 0
                    && knn.getDouble("attributed_revenue") > 0, knn.encode());
        }
    }

    /** The report of a kind once the demo's replay has given it rows. */
    private static JsonObject awaitRows(EmbeddedNode node, String key, String kind, String range) {
        JsonObject report = Eventually.await(Duration.ofSeconds(180), "the demo shows " + kind + " performance",
                () -> node.api().get("/api/v1/shops/demo/performance?kind=" + kind + range, key).json(),
                r -> r.getJsonArray("rows") != null && !r.getJsonArray("rows").isEmpty());
        System.out.println("demo " + kind + " totals: " + report.getJsonArray("totals").encode());
        return report;
    }

    private static JsonObject total(JsonObject report, String strategy) {
        return report.getJsonArray("totals").stream().map(o -> (JsonObject) o)
                .filter(t -> strategy.equals(t.getString("strategy"))).findFirst()
                .orElseThrow(() -> new AssertionError("no totals for " + strategy + ": " + report.encode()));
    }
}
