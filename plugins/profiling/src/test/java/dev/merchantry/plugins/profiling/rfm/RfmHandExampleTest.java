package dev.merchantry.plugins.profiling.rfm;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.profile.CustomerData;
import dev.merchantry.api.profile.CustomerHistory;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.profile.Order;
import dev.merchantry.api.profile.OrderLine;
import dev.merchantry.api.profile.ProfilerModel;
import dev.merchantry.plugins.profiling.RfmProfiler;
import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * RFM scores and groups of a hand-made shop of ten buyers and one prospect, worked out on paper below.
 *
 * <pre>
 * customer  recency  orders  spend  |  R F M  (F+M)/2  group
 * c01          1        8     900   |  5 5 5   5       CHAMPIONS
 * c02          5        1      30   |  5 1 2   1.5     NEW
 * c03         10        4     400   |  4 4 4   4       LOYAL
 * c04         20        2      80   |  4 3 3   3       ACTIVE
 * c05         40        6     700   |  3 5 5   5       LOYAL
 * c06         60        1      25   |  3 1 1   1       PROMISING
 * c07        100        1      60   |  2 1 2   1.5     ALMOST_LOST
 * c08        200        3     250   |  2 3 3   3       AT_RISK
 * c09        300        5     600   |  1 4 4   4       PREVIOUSLY_LOYAL
 * c10        400        1      20   |  1 1 1   1       DORMANT
 * c11          -        0       0   |  0 0 0   -       PROSPECTS
 * </pre>
 * Cut points (type-1 quantiles at 20/40/60/80 % of the 10 buyers = the 2nd, 4th, 6th and 8th smallest value):
 * recency (fewer days is better, so on −days) 300/100/40/10 days; orders 1, 1, 3, 5; spend 25, 60, 250, 600.
 * A score is 1 + the number of cut points a value beats strictly: 4 orders beat 1, 1, 3 → F = 4; spend 60 beats
 * only 25 → M = 2; recency 10 days beats 300, 100, 40 but not 10 → R = 4.
 */
class RfmHandExampleTest {

    private static final Instant AS_OF = Instant.parse("2026-01-01T00:00:00Z");
    private static final Object[][] SHOP = {
        {"c01", 1, 8, 900.0, "CHAMPIONS", 5, 5, 5},
        {"c02", 5, 1, 30.0, "NEW", 5, 1, 2},
        {"c03", 10, 4, 400.0, "LOYAL", 4, 4, 4},
        {"c04", 20, 2, 80.0, "ACTIVE", 4, 3, 3},
        {"c05", 40, 6, 700.0, "LOYAL", 3, 5, 5},
        {"c06", 60, 1, 25.0, "PROMISING", 3, 1, 1},
        {"c07", 100, 1, 60.0, "ALMOST_LOST", 2, 1, 2},
        {"c08", 200, 3, 250.0, "AT_RISK", 2, 3, 3},
        {"c09", 300, 5, 600.0, "PREVIOUSLY_LOYAL", 1, 4, 4},
        {"c10", 400, 1, 20.0, "DORMANT", 1, 1, 1},
    };

    static CustomerData shop() {
        List<CustomerHistory> customers = new ArrayList<>();
        for (Object[] row : SHOP) {
            int recency = (Integer) row[1];
            int orders = (Integer) row[2];
            double spend = (Double) row[3];
            List<Order> list = new ArrayList<>();
            for (int k = orders - 1; k >= 0; k--) {
                Instant at = AS_OF.minus(recency + 3L * k, ChronoUnit.DAYS);
                list.add(new Order(row[0] + "-" + k, at, spend / orders, 0,
                        List.of(new OrderLine("p1", "Shoes", 1, spend / orders))));
            }
            customers.add(new CustomerHistory((String) row[0], list.get(0).timestamp(), AS_OF.minus(recency,
                    ChronoUnit.DAYS), list, 3, 0));
        }
        customers.add(new CustomerHistory("c11", AS_OF.minus(5, ChronoUnit.DAYS), AS_OF.minus(2, ChronoUnit.DAYS),
                List.of(), 7, 1));
        return new CustomerData(AS_OF, customers.size(), customers);
    }

    @Test
    void cutPointsAreTheQuintilesWorkedOutByHand() {
        double[] orders = {8, 1, 4, 2, 6, 1, 1, 3, 5, 1};
        assertArrayEquals(new double[] {1, 1, 3, 5}, QuintileScores.of(orders, 10, true).cutsInUnits());
        double[] spend = {900, 30, 400, 80, 700, 25, 60, 250, 600, 20};
        assertArrayEquals(new double[] {25, 60, 250, 600}, QuintileScores.of(spend, 10, true).cutsInUnits());
        double[] recency = {1, 5, 10, 20, 40, 60, 100, 200, 300, 400};
        QuintileScores r = QuintileScores.of(recency, 10, false);
        assertArrayEquals(new double[] {300, 100, 40, 10}, r.cutsInUnits());
        assertEquals(4, r.score(10));
        assertEquals(5, r.score(9.9));
    }

    @Test
    void everyCustomerGetsTheScoresAndGroupWorkedOutByHand() {
        RfmProfiler rfm = new RfmProfiler();
        ProfilerModel model = rfm.fit(shop(), rfm.descriptor().configSpec().defaults(), OfflineContext.at(AS_OF),
                ProgressListener.NONE);
        for (Object[] row : SHOP) {
            Map<?, ?> fields = (Map<?, ?>) model.profile((String) row[0]).orElseThrow().fields().get(CustomerProfile.RFM);
            assertEquals(row[4], fields.get("group"), (String) row[0]);
            assertEquals(List.of(row[5], row[6], row[7]), List.of(fields.get("r"), fields.get("f"), fields.get("m")),
                    (String) row[0]);
            assertEquals(((Integer) row[1]).doubleValue(), fields.get("recency"), (String) row[0]);
            assertEquals(row[2], fields.get("frequency"));
            assertEquals(row[3], fields.get("monetary"));
        }
        CustomerProfile prospect = model.profile("c11").orElseThrow();
        assertEquals("PROSPECTS", ((Map<?, ?>) prospect.fields().get(CustomerProfile.RFM)).get("group"));
        assertFalse(prospect.fields().containsKey(CustomerProfile.CLV), "prospects have no lifetime value");
        assertEquals("PROSPECTS", prospect.fields().get(CustomerProfile.SEGMENT), "rfm's segments are the groups");
    }

    @Test
    void theWindowLimitsFrequencyAndSpendButNotRecency() {
        RfmProfiler rfm = new RfmProfiler();
        ProfilerModel model = rfm.fit(shop(), rfm.descriptor().configSpec().parse(Map.of("window_days", 30)),
                OfflineContext.at(AS_OF), ProgressListener.NONE);
        Map<?, ?> c09 = (Map<?, ?>) model.profile("c09").orElseThrow().fields().get(CustomerProfile.RFM);
        assertEquals(0, c09.get("frequency"));
        assertEquals(300.0, c09.get("recency"));
        assertEquals(1, c09.get("f"));
        Map<?, ?> c01 = (Map<?, ?>) model.profile("c01").orElseThrow().fields().get(CustomerProfile.RFM);
        assertEquals(8, c01.get("frequency"), "all eight orders of c01 fall in the last 30 days");
    }

    @Test
    void theGridCoversEveryScoreAndMatchesTheDocumentedTable() {
        assertEquals(RfmGroup.NEEDS_ATTENTION, RfmGroup.of(3, 3, 3));
        assertEquals(RfmGroup.NEEDS_ATTENTION, RfmGroup.of(3, 4, 3));
        assertEquals(RfmGroup.LOYAL, RfmGroup.of(3, 4, 4));
        assertEquals(RfmGroup.PROMISING, RfmGroup.of(3, 2, 2));
        assertEquals(RfmGroup.ACTIVE, RfmGroup.of(5, 2, 3));
        assertEquals(RfmGroup.NEW, RfmGroup.of(5, 2, 2));
        assertEquals(RfmGroup.AT_RISK, RfmGroup.of(2, 5, 5));
        assertEquals(RfmGroup.ALMOST_LOST, RfmGroup.of(1, 3, 3));
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    assertEquals(RfmGroup.of(r, f, m), RfmGroup.of(r, m, f), "F and M count alike");
                }
            }
        }
    }
}
