package dev.merchantry.platform.experiments;

import dev.merchantry.platform.experiments.ProductDayLooks.Product;
import dev.merchantry.platform.experiments.ProductDayLooks.Sale;
import dev.merchantry.platform.experiments.stats.ArmStats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Revenue and profit per product-day of a pricing experiment, against values worked out by hand. The experiment
 * started at t = 0 and is looked at 3.5 days later: four looks, at 1, 2, 3 and 3.5 days. Times below in days.
 *
 * <pre>
 * product  variant  exposed  cost  order lines (at: units, revenue)
 * P1       0        0        6     0.5: 2, 20    2.2: 1, 10
 * P2       0        1.5      4     1.0: 5, 50 (before its exposure: not counted)   2.0: 1, 10    3.0: 3, 30
 * P3       1        0.25     —     0.3: 1, 12    3.4: 1, 12
 * P4       1        0        5     (none)
 * </pre>
 *
 * A product counts at a look once exposed a whole day; its outcome is its revenue (profit) since its exposure divided
 * by its days exposed.
 */
class ProductDayLooksTest {

    private static final double DAY = ProductDayLooks.DAY_MS;
    /** The hand values are exact fractions; the sums below carry a few ulps of rounding. */
    private static final double EXACT = 1e-9;

    private static long at(double days) {
        return Math.round(days * DAY);
    }

    private static ProductDayLooks.Looks looks(boolean profit) {
        ProductDayLooks looks = new ProductDayLooks(0, at(3.5), 4, 2, profit);
        looks.add(new Product(0, at(0), 6.0, List.of(new Sale(at(0.5), 2, 20), new Sale(at(2.2), 1, 10))));
        looks.add(new Product(0, at(1.5), 4.0, List.of(new Sale(at(1.0), 5, 50), new Sale(at(2.0), 1, 10),
                new Sale(at(3.0), 3, 30))));
        looks.add(new Product(1, at(0.25), null, List.of(new Sale(at(0.3), 1, 12), new Sale(at(3.4), 1, 12))));
        looks.add(new Product(1, at(0), 5.0, List.of()));
        return looks.result();
    }

    private static void assertArm(long units, double sum, double squares, ArmStats arm, String what) {
        assertEquals(units, arm.units(), what + ": units");
        assertEquals(sum, arm.sum(), EXACT, what + ": sum");
        assertEquals(squares, arm.sumSquares(), EXACT, what + ": sum of squares");
    }

    @Test
    void revenuePerProductDayAtEachLook() {
        ProductDayLooks.Looks r = looks(false);
        // day 1: P1 20/1 = 20; P4 0/1 = 0 (P2 not exposed yet, P3 exposed 0.75 days)
        assertArm(1, 20, 400, r.looks().get(0).get(0), "look 1, variant 0");
        assertArm(1, 0, 0, r.looks().get(0).get(1), "look 1, variant 1");
        // day 2: P1 20/2 = 10 (P2 exposed 0.5 days); P3 12/1.75 = 6.857142857…, P4 0
        assertArm(1, 10, 100, r.looks().get(1).get(0), "look 2, variant 0");
        assertArm(2, 12 / 1.75, (12 / 1.75) * (12 / 1.75), r.looks().get(1).get(1), "look 2, variant 1");
        // day 3: P1 30/3 = 10; P2 10/1.5 = 6.666… (its line at 3.0 is at the look, not before it);
        // P3 12/2.75 = 4.3636…; P4 0
        assertArm(2, 10 + 10 / 1.5, 100 + (10 / 1.5) * (10 / 1.5), r.looks().get(2).get(0), "look 3, variant 0");
        assertArm(2, 12 / 2.75, (12 / 2.75) * (12 / 2.75), r.looks().get(2).get(1), "look 3, variant 1");
        // 3.5 days (now): P1 30/3.5 = 8.5714…; P2 40/2 = 20; P3 24/3.25 = 7.3846…; P4 0
        assertArm(2, 30 / 3.5 + 20, (30 / 3.5) * (30 / 3.5) + 400, r.looks().get(3).get(0), "look 4, variant 0");
        assertArm(2, 24 / 3.25, (24 / 3.25) * (24 / 3.25), r.looks().get(3).get(1), "look 4, variant 1");
        // exposed product-days at the last look: 3.5 + 2 and 3.25 + 3.5
        assertEquals(5.5, r.productDays()[3][0], EXACT);
        assertEquals(6.75, r.productDays()[3][1], EXACT);
    }

    @Test
    void profitPerProductDayLeavesOutProductsWithoutACost() {
        ProductDayLooks.Looks r = looks(true);
        // P1: (20 − 6·2) = 8 by 0.5, (10 − 6·1) = 4 by 2.2; P2 (cost 4): 10 − 4 = 6 by 2.0, 30 − 12 = 18 by 3.0
        assertArm(1, 8, 64, r.looks().get(0).get(0), "look 1, variant 0");
        assertArm(1, 4, 16, r.looks().get(1).get(0), "look 2, variant 0: 8 / 2");
        assertArm(2, 4 + 6 / 1.5, 16 + 16, r.looks().get(2).get(0), "look 3, variant 0: 12/3 and 6/1.5");
        assertArm(2, 12 / 3.5 + 12, (12 / 3.5) * (12 / 3.5) + 144, r.looks().get(3).get(0),
                "look 4, variant 0: 12/3.5 and 24/2");
        // P3 has no cost: only P4 (no sales, 0) counts for variant 1
        assertArm(1, 0, 0, r.looks().get(3).get(1), "look 4, variant 1");
    }

    @Test
    void aProductSoldBelowCostHasANegativeProfit() {
        ProductDayLooks looks = new ProductDayLooks(0, at(2), 2, 1, true);
        looks.add(new Product(0, at(0), 15.0, List.of(new Sale(at(0.5), 2, 20))));
        ArmStats arm = looks.result().looks().get(1).get(0);
        // (20 − 15·2) / 2 days = −5
        assertArm(1, -5, 25, arm, "look 2");
        assertEquals(-5, arm.mean(), EXACT);
    }
}
