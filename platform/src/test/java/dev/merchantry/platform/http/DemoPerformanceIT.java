package dev.merchantry.platform.http;

import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.testing.EmbeddedNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;

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

    private static JsonObject total(JsonObject report, String strategy) {
        return report.getJsonArray("totals").stream().map(o -> (JsonObject) o)
                .filter(t -> strategy.equals(t.getString("strategy"))).findFirst()
                .orElseThrow(() -> new AssertionError("no totals for " + strategy + ": " + report.encode()));
    }
}
