package dev.merchantry.platform.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.math3.random.Well19937c;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo shop's true price response per product, for pricing experiments on a {@code serve --demo} node: each
 * product's list price L_j, cost and elasticity ε_j (the generator's hidden parameters), and its base demand b_j in
 * units per day at list price, estimated from the last {@link #WINDOW_DAYS} days of the generated history as
 * Σ units / Σ_days (price_t / L_j)^(−ε_j). Expected units per day at price p are then b_j · (p / L_j)^(−ε_j)
 * (docs/demo-data.md, "Expected demand, in one formula", without the daily noise).
 */
public final class DemoPriceResponse {

    /** Days at the end of the history the base demand is estimated from. */
    public static final int WINDOW_DAYS = 56;

    /**
     * One product.
     *
     * @param baseUnits units per day at list price over the window (seasonality of those weeks included)
     */
    public record Product(String productId, double listPrice, double cost, double elasticity, double currentPrice,
                          double baseUnits) {

        public double expectedUnits(double price) {
            return baseUnits * Math.pow(price / listPrice, -elasticity);
        }
    }

    private DemoPriceResponse() {
    }

    /**
     * Regenerates the demo history of {@code scale}, {@code seed} and {@code end} (as {@code serve --demo} and
     * {@code demo-data} do) and returns the price response of every visible product that sold in the window, best
     * sellers first.
     */
    public static List<Product> of(DemoScale scale, long seed, Instant end) {
        DemoDataGenerator generator = new DemoDataGenerator(scale, seed, end);
        int days = scale.days();
        // The generator's own catalog stream (DemoDataGenerator.stream(1) and stream(1_000_000 + j)).
        DemoCatalog catalog = new DemoCatalog(scale.products(), days, stream(seed, 1), j -> stream(seed, 1_000_000 + j));
        Instant windowStart = generator.end().minus(WINDOW_DAYS, ChronoUnit.DAYS);
        Map<String, Double> units = new HashMap<>();
        generator.generate(new DemoSink() {
            @Override
            public void products(List<JsonObject> batch) {
            }

            @Override
            public void events(List<JsonObject> batch) {
                for (JsonObject e : batch) {
                    if (!"Order Completed".equals(e.getString("type"))
                            || Instant.parse(e.getString("timestamp")).isBefore(windowStart)) {
                        continue;
                    }
                    JsonArray lines = e.getJsonObject("properties").getJsonArray("products");
                    for (int i = 0; i < lines.size(); i++) {
                        JsonObject line = lines.getJsonObject(i);
                        units.merge(line.getString("product_id"), line.getDouble("quantity", 1.0), Double::sum);
                    }
                }
            }

            @Override
            public void inventory(List<JsonObject> batch) {
            }
        });
        List<Product> out = new ArrayList<>();
        for (DemoCatalog.Product p : catalog.products) {
            Double sold = units.get(p.id);
            if (p.hidden || sold == null) {
                continue;
            }
            double exposure = 0;
            for (int day = days - WINDOW_DAYS; day < days; day++) {
                if (day >= 0 && p.activeOn(day)) {
                    exposure += Math.pow(p.priceOn(day) / p.listPrice, -p.elasticity);
                }
            }
            if (exposure > 0) {
                out.add(new Product(p.id, p.listPrice, p.cost, p.elasticity, p.currentPrice(), sold / exposure));
            }
        }
        out.sort(Comparator.comparingDouble(Product::baseUnits).reversed());
        return out;
    }

    private static Well19937c stream(long seed, int part) {
        return new Well19937c(new int[] {(int) (seed >>> 32), (int) seed, part, 0x6d65_7263});
    }
}
