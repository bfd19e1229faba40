package dev.merchantry.platform.demo;

import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The visitors of the demo's experiment behave as the history's customers (docs/demo-data.md): who visits, how
 * often, and which categories their visits go to. Tolerances are 4 standard deviations of the sampled share.
 */
class DemoVisitorsTest {

    private static final int DRAWS = 20_000;

    @Test
    void theVisitorsAreTheLivingBuyersAndVisitAsOftenAndWhereTheirRateAndTasteSay() {
        Capture c = Capture.generate(new DemoScale(600, 80, 120), 11);
        DemoDataGenerator.Truth truth = c.truth();
        DemoVisitors visitors = DemoVisitors.after(c.generator);
        List<String> living = new ArrayList<>();
        for (int i = 0; i < truth.customerIds.length; i++) {
            if (truth.aliveAtEnd[i] && truth.orders[i] > 0) {
                living.add(truth.customerIds[i]);
            }
        }
        assertEquals(living, visitors.customers());

        // The customer with the highest visit rate: their category shares are θ_ic s_c(t), normalized.
        String customer = living.stream()
                .max(Comparator.comparingDouble(id -> truth.lambda[Capture.customerIndex(id)])).orElseThrow();
        int i = Capture.customerIndex(customer);
        int last = truth.days - 1;
        double[] expected = new double[truth.categoryNames.size()];
        double total = 0;
        for (int ci = 0; ci < expected.length; ci++) {
            boolean active = false;
            for (DemoCatalog.Product p : truth.products) {
                active |= p.category == ci && p.activeOn(last);
            }
            expected[ci] = active ? truth.theta[i][ci] * truth.catalog.season(ci, truth.lastDate.getDayOfYear()) : 0;
            total += expected[ci];
        }
        Map<String, Integer> categoryOf = new HashMap<>();
        for (DemoCatalog.Product p : truth.products) {
            categoryOf.put(p.id, p.category);
        }
        RandomGenerator random = visitors.random();
        int[] seen = new int[expected.length];
        for (int d = 0; d < DRAWS; d++) {
            String product = visitors.visit(customer, random);
            DemoCatalog.Product p = truth.products.get(c.productIndex().get(product));
            assertTrue(p.activeOn(last), "visits go to products on sale: " + product);
            seen[categoryOf.get(product)]++;
        }
        for (int ci = 0; ci < expected.length; ci++) {
            double share = expected[ci] / total;
            double sd = Math.sqrt(share * (1 - share) / DRAWS);
            assertEquals(share, (double) seen[ci] / DRAWS, 4 * sd + 1e-9, truth.categoryNames.get(ci));
        }

        // Visits over 28 days: Poisson with mean λ_i · Σ_c θ_ic s_c(t) · 28.
        double mean = truth.lambda[i] * total * 28;
        long visits = 0;
        for (int d = 0; d < DRAWS; d++) {
            visits += visitors.visits(customer, 28, random);
        }
        assertEquals(mean, (double) visits / DRAWS, 4 * Math.sqrt(mean / DRAWS));
        assertEquals(0, visitors.visits("c-unknown", 28, random));
    }
}
