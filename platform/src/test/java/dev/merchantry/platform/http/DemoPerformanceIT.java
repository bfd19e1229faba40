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

    private static JsonObject total(JsonObject report, String strategy) {
        return report.getJsonArray("totals").stream().map(o -> (JsonObject) o)
                .filter(t -> strategy.equals(t.getString("strategy"))).findFirst()
                .orElseThrow(() -> new AssertionError("no totals for " + strategy + ": " + report.encode()));
    }
}
