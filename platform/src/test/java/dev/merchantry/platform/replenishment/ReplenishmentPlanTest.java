package dev.merchantry.platform.replenishment;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The replenishment figures against a hand computation of the normal-approximation policy. */
class ReplenishmentPlanTest {

    private static final double Z95 = 1.959963984540054;
    private static final double TOL = 1e-3;

    /** 10 units a day with a per-day standard deviation of 2 (upper 95% bound 10 + 1.96·2). */
    private static ReplenishmentPlan plan(Long onHand, ReplenishmentPolicy policy) {
        int days = policy.leadTimeDays() + policy.reviewPeriodDays();
        double[] mean = new double[days];
        double[] hi = new double[days];
        Arrays.fill(mean, 10);
        Arrays.fill(hi, 10 + Z95 * 2);
        return ReplenishmentPlan.compute("p", "P", onHand, policy, "test", mean, hi);
    }

    @Test
    void lowStockOrdersUpToTheCycleLevel() {
        // By hand: L = 7, R = 7, z(0.95) = 1.644854; mean over L = 70, sd over L = 2·√7 = 5.291503;
        // safety stock = 8.703852, reorder point = 78.703852; S = 140 + 1.644854·2·√14 = 152.308913;
        // on hand 50 ≤ 78.70 → order ⌈152.308913 − 50⌉ = 103; cover 50 / 10 = 5 days;
        // risk = 1 − Φ((50 − 70) / 5.291503) = 1 − Φ(−3.779645) = 0.999921.
        ReplenishmentPlan p = plan(50L, new ReplenishmentPolicy(7, 0.95, 7, 1));
        assertEquals(70, p.leadTimeDemand(), TOL);
        assertEquals(5.291503, p.leadTimeDemandSd(), TOL);
        assertEquals(8.703852, p.safetyStock(), TOL);
        assertEquals(78.703852, p.reorderPoint(), TOL);
        assertEquals(152.308913, p.orderUpToLevel(), TOL);
        assertEquals(103L, p.orderQuantity());
        assertEquals(5.0, p.daysOfCover(), TOL);
        assertEquals(0.999921, p.stockoutRisk(), 1e-5);
    }

    @Test
    void ampleStockOrdersNothingAndMinimumOrderQuantityApplies() {
        ReplenishmentPlan ample = plan(200L, new ReplenishmentPolicy(7, 0.95, 7, 1));
        assertEquals(0L, ample.orderQuantity());
        assertEquals(20.0, ample.daysOfCover(), TOL);
        // risk = 1 − Φ((200 − 70)/5.2915) ≈ 0
        assertEquals(0.0, ample.stockoutRisk(), 1e-9);
        // Just under the reorder point with a supplier minimum of 500: order the minimum.
        ReplenishmentPlan moq = plan(78L, new ReplenishmentPolicy(7, 0.95, 7, 500));
        assertEquals(500L, moq.orderQuantity());
    }

    @Test
    void unknownStockGivesThePolicyButNoOrder() {
        ReplenishmentPlan p = plan(null, ReplenishmentPolicy.DEFAULTS);
        assertEquals(78.703852, p.reorderPoint(), TOL);
        assertNull(p.orderQuantity());
        assertNull(p.stockoutRisk());
    }

    @Test
    void zeroDemandHasNoCoverLimitAndNoRisk() {
        double[] zeros = new double[14];
        ReplenishmentPlan p = ReplenishmentPlan.compute("p", null, 3L, ReplenishmentPolicy.DEFAULTS, "t", zeros, zeros);
        assertEquals(0L, p.orderQuantity());
        assertNull(p.daysOfCover());
        assertEquals(0.0, p.stockoutRisk());
    }
}
