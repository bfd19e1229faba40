package dev.merchantry.platform.demo;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pricing agent's hook into the history (docs/demo-data.md): when it is asked and for which products, that it
 * knows everything before the day it prices, and that the simulated customers pay — and answer — its prices.
 */
class DemoPricingTest {

    private static final DemoScale SCALE = new DemoScale(600, 80, 120);
    private static final long SEED = 7;
    /** The test agent's two price levels, alternating by day: cheap days should sell well over dear ones. */
    private static final double CHEAP = 0.75;
    private static final double DEAR = 1.25;

    @Test
    void theAgentPricesTheBestSellersOfTheLastTwoWeeksAndTheCustomersPayAndAnswerItsPrices() {
        Capture plain = Capture.generate(SCALE, SEED);
        Capture priced = new Capture();
        priced.generator = new DemoDataGenerator(SCALE, SEED, Capture.END);
        List<Instant> asked = new ArrayList<>();
        List<Integer> delivered = new ArrayList<>();
        List<Set<String>> products = new ArrayList<>();
        Map<String, Double> listPrice = new HashMap<>();
        priced.generator.generate(priced, (dayStart, requests) -> {
            asked.add(dayStart);
            delivered.add(priced.events.size());
            products.add(requests.stream().map(DemoPricing.Request::productId).collect(Collectors.toSet()));
            Map<String, Double> prices = new HashMap<>();
            int k = asked.size();
            for (DemoPricing.Request r : requests) {
                listPrice.put(r.productId(), r.listPrice());
                prices.put(r.productId(), Math.round(r.listPrice() * (k % 2 == 0 ? CHEAP : DEAR) * 100) / 100.0);
            }
            return prices;
        });

        Instant first = Capture.END.minus(Duration.ofDays(DemoModel.PRICING_DAYS));
        List<Instant> midnights = new ArrayList<>();
        for (int d = 0; d < DemoModel.PRICING_DAYS; d++) {
            midnights.add(first.plus(Duration.ofDays(d)));
        }
        assertEquals(midnights, asked, "asked at the start of each of the history's last days");
        for (int d = 0; d < asked.size(); d++) {
            Instant dayStart = asked.get(d);
            // everything before the day was handed over before the agent priced it (what it may have learned from)
            assertEquals(priced.events.stream().filter(e -> before(e, dayStart)).count(), (long) delivered.get(d),
                    "the events before " + dayStart);
        }
        assertEquals(DemoModel.PRICED_PRODUCTS, products.get(0).size());
        assertTrue(products.stream().allMatch(products.get(0)::containsAll), "the same products every day");
        assertEquals(bestSellers(plain, first), products.get(0), "the best sellers of the 27 days before");

        // Before the agent's days the history is the one without an agent.
        assertEquals(plain.events.stream().filter(e -> before(e, first)).toList(),
                priced.events.stream().filter(e -> before(e, first)).toList());
        // In them, every sale of its products is at its price of the day, and cheap days sell more than dear ones.
        double cheapUnits = 0;
        double dearUnits = 0;
        int checked = 0;
        for (Capture.Line line : priced.lines()) {
            String id = priced.products.get(line.product()).getString("product_id");
            if (line.at().isBefore(first) || !products.get(0).contains(id)) {
                continue;
            }
            int k = 1 + (int) Duration.between(first, line.at()).toDays();
            double level = k % 2 == 0 ? CHEAP : DEAR;
            assertEquals(Math.round(listPrice.get(id) * level * 100) / 100.0, line.price(), 1e-9, line.toString());
            checked++;
            if (level == CHEAP) {
                cheapUnits += line.quantity();
            } else {
                dearUnits += line.quantity();
            }
        }
        assertTrue(checked > 20, "sales of the agent's products in its days: " + checked);
        // Conversion scales as (price / L)^-ε with ε in [1, 3]: (0.75 / 1.25)^-1 = 1.67 at the least.
        assertTrue(cheapUnits > 1.3 * dearUnits, "cheap " + cheapUnits + " vs dear " + dearUnits);
    }

    private static boolean before(JsonObject event, Instant at) {
        return Instant.parse(event.getString("timestamp")).isBefore(at);
    }

    /** The visible products with the most units sold in the 27 days before {@code first}, ties by catalog order. */
    private static Set<String> bestSellers(Capture c, Instant first) {
        Map<Integer, Integer> units = new HashMap<>();
        Instant from = first.minus(Duration.ofDays(27));
        for (Capture.Line line : c.lines()) {
            if (!line.at().isBefore(from) && line.at().isBefore(first)) {
                units.merge(line.product(), line.quantity(), Integer::sum);
            }
        }
        Set<Integer> active = new HashSet<>();
        DemoDataGenerator.Truth truth = c.truth();
        int day = truth.days - DemoModel.PRICING_DAYS;
        for (int j = 0; j < truth.products.size(); j++) {
            if (truth.products.get(j).activeOn(day) && !truth.products.get(j).hidden) {
                active.add(j);
            }
        }
        return active.stream().sorted((a, b) -> units.getOrDefault(b, 0) - units.getOrDefault(a, 0) != 0
                        ? units.getOrDefault(b, 0) - units.getOrDefault(a, 0) : a - b)
                .limit(DemoModel.PRICED_PRODUCTS).map(j -> c.products.get(j).getString("product_id"))
                .collect(Collectors.toSet());
    }
}
