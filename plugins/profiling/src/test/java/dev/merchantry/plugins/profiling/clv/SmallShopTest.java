package dev.merchantry.plugins.profiling.clv;

import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.profile.Order;
import dev.merchantry.api.profile.OrderLine;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.plugins.profiling.ClvProfiler;
import dev.merchantry.testkit.OfflineContext;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A month-old shop of ~100 customers (the demo at {@code --demo-customers 100 --demo-days 30}) made the BG/NBD fit
 * run to a, b ~ 10⁷ and the job fail with "hyp2f1 … did not converge". Every model of the family must now profile it.
 */
class SmallShopTest {

    private static final Instant AS_OF = Instant.parse("2026-11-30T00:00:00Z");

    /** Seed 0 of the scan that found the failure: 60–119 buyers over 30 days, 15 % with one or two repeat orders. */
    private static CustomerData smallShop(long seed) {
        Well19937c rng = new Well19937c(seed);
        int n = 60 + rng.nextInt(60);
        List<CustomerHistory> customers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant first = AS_OF.minus(Duration.ofMinutes((long) (rng.nextDouble() * 30 * 24 * 60)));
            List<Order> orders = new ArrayList<>();
            orders.add(order(i, 0, first));
            int repeats = rng.nextDouble() < 0.15 ? 1 + rng.nextInt(2) : 0;
            long span = Duration.between(first, AS_OF).toMinutes();
            List<Long> later = new ArrayList<>();
            for (int k = 0; k < repeats; k++) {
                later.add((long) (rng.nextDouble() * span));
            }
            later.sort(null);
            for (int k = 0; k < repeats; k++) {
                orders.add(order(i, k + 1, first.plus(Duration.ofMinutes(later.get(k)))));
            }
            customers.add(new CustomerHistory("c" + i, first, orders.get(orders.size() - 1).timestamp(), orders, 3, 1));
        }
        return new CustomerData(AS_OF, customers.size(), customers);
    }

    private static Order order(int customer, int k, Instant at) {
        return new Order("o" + customer + "-" + k, at, 40, 0, List.of(new OrderLine("p1", "Tents", 1, 40)));
    }

    @Test
    void everyModelProfilesATinyShop() {
        ClvProfiler strategy = new ClvProfiler();
        for (String model : List.of("mbg-nbd", "bg-nbd")) {
            for (long seed = 0; seed < 5; seed++) {
                ProfilerModel profiles = strategy.fit(smallShop(seed),
                        strategy.descriptor().configSpec().parse(Map.of("clv_model", model)), OfflineContext.at(AS_OF),
                        (f, m) -> { });
                assertEquals(1.0, profiles.metrics().get("bgnbd_fitted"), model + " seed " + seed);
                assertEquals(0.0, profiles.metrics().get("bgnbd_rejected"), model + " seed " + seed);
                for (CustomerProfile p : profiles.profiles().toList()) {
                    double risk = ((Number) p.fields().get(CustomerProfile.CHURN_RISK)).doubleValue();
                    assertTrue(risk >= 0 && risk <= 1, p.toString());
                    Object clv = p.fields().get(CustomerProfile.CLV);
                    assertTrue(clv.toString().matches(".*expected_purchases_90d=[0-9.]+.*"), clv.toString());
                }
            }
        }
    }

    /** Per profile, {@code expected_purchases_90d} is rounded to 4 decimals: half a unit of the last digit each. */
    private static final double ROUNDED_SUM_TOLERANCE_PER_PROFILE = 5e-5 + 1e-6;

    /** The shop-level metrics the console's summary reads are the sum and the count over the customers' profiles. */
    @Test
    void shopTotalsAddUpTheProfiles() {
        ClvProfiler strategy = new ClvProfiler();
        ProfilerModel model = strategy.fit(smallShop(3), strategy.descriptor().configSpec().parse(Map.of()),
                OfflineContext.at(AS_OF), (f, m) -> { });
        double expected = 0;
        long gone = 0;
        int profiles = 0;
        for (CustomerProfile p : model.profiles().toList()) {
            Map<?, ?> clv = (Map<?, ?>) p.fields().get(CustomerProfile.CLV);
            expected += ((Number) clv.get("expected_purchases_90d")).doubleValue();
            gone += ((Number) clv.get("p_alive")).doubleValue() < 0.5 ? 1 : 0;
            profiles++;
        }
        assertTrue(profiles > 50 && gone > 0 && gone < profiles, "a shop with some gone customers: " + gone + "/" + profiles);
        assertEquals(expected, model.metrics().get("clv_expected_purchases_90d"),
                profiles * ROUNDED_SUM_TOLERANCE_PER_PROFILE);
        assertEquals((double) gone, model.metrics().get("clv_likely_gone"));
    }
}
